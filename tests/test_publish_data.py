"""Small hand-made databases for the publish tests (no tests in this module).

Rows are written through `pipeline.store.Store.write` with `AnalysisRecord`s built here, so the
publish tests do not depend on the extractors' progress. The texts are written for Dateline:
an own-words retelling of the GP Connect dispute plus one hostile document.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.document import Document
from pipeline.extract import document_info
from pipeline.link import link_documents
from pipeline.record import (
    Actor,
    AnalysisRecord,
    Attribution,
    AttributionSource,
    Event,
    EventDate,
    Mention,
    PipelineInfo,
    Span,
    Timex,
)
from pipeline.store import Store

ACTORS = {
    "gpc-england": ("GPC England", "organisation", ["GPC", "GP Committee"]),
    "nhs-england": ("NHS England", "organisation", ["NHSE"]),
    "tpp": ("TPP", "organisation", []),
    "emis": ("EMIS", "organisation", []),
    "practices": ("practices", "group", []),
    "bma": ("BMA", "organisation", ["British Medical Association"]),
}

NEWS_URL = "https://news.example.org/gp-connect-switch-off"

NEWS_SENTENCES = [
    "GPC England told practices on Friday to switch off the GP Connect update.",
    "Practices acted over the weekend to remove the feature.",
    "The GPC said NHS England had asked TPP and EMIS to remove the off switch by 1 July.",
    "A ballot of GP partners closes on Monday 29 July.",
    "TPP said it was ‘not making this change’ to practice controls.",
]


class Builder:
    """Builds one document's record: sentences in, spans and events by phrase."""

    def __init__(self, sentences: list[str], **meta: object) -> None:
        self.text = " ".join(sentences)
        self.document = Document(text=self.text, published_source="metadata", **meta)
        self.record = AnalysisRecord(pipeline=PipelineInfo("test", "test-model"),
                                     document=document_info(self.document))
        self.actor_ids: list[str] = []

    def span(self, phrase: str) -> Span:
        start = self.text.index(phrase)
        return Span(start, start + len(phrase), phrase)

    def sentence_of(self, phrase: str) -> Span:
        start = self.text.index(phrase)
        sentence_start = self.text.rfind(". ", 0, start)
        sentence_start = 0 if sentence_start < 0 else sentence_start + 2
        end = self.text.find(". ", start)
        end = len(self.text) if end < 0 else end + 1
        return Span(sentence_start, end, self.text[sentence_start:end])

    def actor(self, actor_id: str, name: str | None = None, kind: str | None = None,
              aliases: list[str] | None = None) -> None:
        default_name, default_kind, default_aliases = ACTORS.get(actor_id, (actor_id, "group", []))
        name = name or default_name
        mentions = []
        if name in self.text:
            span = self.span(name)
            mentions.append(Mention(span.start, span.end, name, "ner"))
        self.record.actors.append(Actor(
            id=actor_id, name=name, kind=kind or default_kind,
            aliases=[name, *(aliases if aliases is not None else default_aliases)],
            mentions=mentions))

    def timex(self, phrase: str, value: str, first: str, last: str, mod: str | None = None,
              cue: str | None = None) -> int:
        span = self.span(phrase)
        self.record.timexes.append(Timex(span.start, span.end, phrase, "DATE", value,
                                         [first, last], "dct", mod=mod, deadline_cue=cue))
        return len(self.record.timexes) - 1

    def event(self, phrase: str, actor: str | None, action: str, action_type: str,
              content: str, *, targets: list[str] | None = None, date: EventDate | None = None,
              negated: bool = False, modality: str = "asserted",
              attributed_to: str | None = None, quote: str | None = None) -> str:
        event_id = f"e{len(self.record.events) + 1}"
        self.record.events.append(Event(
            id=event_id, actor=actor, action=action, action_type=action_type,
            targets=targets or [], content=content, negated=negated, modality=modality,
            date=date, attributed_to=attributed_to,
            quote=self.span(quote) if quote else None, sentence=self.sentence_of(phrase)))
        return event_id


def _date(builder: Builder, phrase: str, value: str, first: str, last: str, role: str,
          mod: str | None = None) -> EventDate:
    index = builder.timex(phrase, value, first, last, mod=mod,
                          cue="by" if role == "deadline" else None)
    return EventDate(value, [first, last], role, index)


def news_article(extra: str | None = None) -> Builder:
    """The main article, published 2024-07-01; `extra` appends a sentence (a new version)."""
    sentences = list(NEWS_SENTENCES) + ([extra] if extra else [])
    b = Builder(sentences, title="Practices switch off GP Connect update",
                publisher="Example Health News", url=NEWS_URL, published="2024-07-01",
                kind="news", source="news.txt")
    for actor_id in ("gpc-england", "practices", "nhs-england", "tpp", "emis"):
        b.actor(actor_id)
    b.event("told practices on Friday", "gpc-england", "tell", "instruction",
            "to switch off the GP Connect update", targets=["practices"],
            date=_date(b, "Friday", "2024-06-28", "2024-06-28", "2024-06-28", "occurred"))
    b.event("acted over the weekend", "practices", "remove", "action", "remove the feature",
            date=_date(b, "the weekend", "2024-W26-WE", "2024-06-29", "2024-06-30", "occurred"))
    b.event("had asked TPP and EMIS", "nhs-england", "ask", "request",
                  "remove the off switch", targets=["tpp", "emis"],
                  attributed_to="gpc-england",
                  date=_date(b, "by 1 July", "2024-07-01", "2024-07-01", "2024-07-01",
                             "deadline"))
    b.event("closes on Monday 29 July", "bma", "close", "plan", "ballot of GP partners",
            date=_date(b, "Monday 29 July", "2024-07-29", "2024-07-29", "2024-07-29",
                       "deadline"))
    b.actor("bma")
    tpp = b.event("TPP said it was", "tpp", "make", "statement", "this change to practice controls",
                  targets=["practices"], negated=True, quote="not making this change")
    said = b.span("TPP said it was")
    b.record.attributions.append(Attribution(
        source=AttributionSource(said.start, said.start + 3, "TPP", "tpp"),
        cue=Span(said.start + 4, said.start + 8, "said"),
        content=[b.span("not making this change")], kind="mixed", event=tpp))
    if extra:
        b.event("Separately EMIS said", "emis", "publish", "plan", "guidance for practices",
                targets=["practices"], modality="planned",
                date=_date(b, "early July", "2024-07", "2024-07-01", "2024-07-31", "planned",
                           mod="START"))
    return b


def vendor_notice() -> Builder:
    """A second source reporting the same request (deduplicated into one timeline event)."""
    b = Builder([
        "NHS England asked TPP and EMIS to remove the off switch by 1 July.",
        "Industrial action could begin on 1 August if the ballot supports it.",
        "EMIS will publish guidance for practices in early July.",
    ], title="Supplier notice on Pharmacy First messages", publisher="Example Supplier Bulletin",
        url="https://supplier.example.com/notices/42", published="2024-07-02",
        kind="vendor_notice", source="notice.txt")
    for actor_id in ("nhs-england", "tpp", "emis", "bma", "practices"):
        b.actor(actor_id)
    b.event("NHS England asked", "nhs-england", "ask", "request", "remove the off switch",
            targets=["tpp", "emis"],
            date=_date(b, "by 1 July", "2024-07-01", "2024-07-01", "2024-07-01", "deadline"))
    b.event("Industrial action could begin", "bma", "begin", "plan", "industrial action",
            modality="conditional",
            date=_date(b, "1 August", "2024-08-01", "2024-08-01", "2024-08-01", "planned"))
    b.event("EMIS will publish", "emis", "publish", "plan", "guidance for practices",
            targets=["practices"], modality="planned",
            date=_date(b, "early July", "2024-07", "2024-07-01", "2024-07-31", "planned",
                       mod="START"))
    return b


# Everything a hostile document might try: markup in every field, script URLs, event handler
# attributes, a right-to-left override that would make a link text read backwards.
RLO = "\u202e"
HOSTILE_TITLE = "<script>window.__xss = 1</script>Breaking<img src=x onerror=\"window.__xss=2\">"
HOSTILE_ACTOR = f"Evil{RLO}gpj.exe<svg onload=\"window.__xss=3\">"


def hostile_document() -> Builder:
    b = Builder([
        "<script>window.__xss = 4</script> Mallory Ltd announced on 3 July a new plan.",
        "Visit javascript:window.__xss=5 for details <img src=x onerror=\"window.__xss=6\">.",
    ], title=HOSTILE_TITLE, publisher=f"<b onmouseover=\"window.__xss=7\">Pub{RLO}</b>",
        url="javascript:window.__xss=8", published="2024-07-03", kind="news",
        source="hostile.html")
    b.actor("mallory", name=HOSTILE_ACTOR, kind="organisation", aliases=["Mallory Ltd"])
    b.event("Mallory Ltd announced", "mallory", f"announce{RLO}<i>", "statement",
            "<a href=\"javascript:window.__xss=9\">click</a> =HYPERLINK(\"http://x\")",
            targets=["mallory"],
            date=_date(b, "3 July", "2024-07-03", "2024-07-03", "2024-07-03", "deadline"))
    b.event("Visit javascript", "mallory", "visit", "action", "=cmd|' /C calc'!A0",
            date=_date(b, "3 July", "2024-07-03", "2024-07-03", "2024-07-03", "occurred"))
    return b


def hostile_url_document() -> Builder:
    """A document whose URL hides a bidi override: no link may be made from it."""
    b = Builder(["Spoof Corp said on 4 July that it would act."],
                title="Spoof", publisher="Spoof", url=f"https://good.example/{RLO}gpj.exe",
                published="2024-07-04", kind="news", source="spoof.txt")
    b.actor("spoof-corp", name="Spoof Corp", kind="organisation")
    b.event("Spoof Corp said", "spoof-corp", "say", "statement", "it would act",
            date=_date(b, "4 July", "2024-07-04", "2024-07-04", "2024-07-04", "occurred"))
    return b


def ferry_briefing() -> Builder:
    """A council briefing with what the pages must handle: undated statements reported by a
    speaker who is not the event's actor, events with no resolved actor, a negated claim, an
    event known only to the year, and a deadline."""
    b = Builder([
        "A council spokesperson said the new ferry timetable had been agreed.",
        "The harbour board added that fares would not rise this season.",
        "Harbour board members noted that the morning crossing was often full.",
        "Harbour board members also welcomed the longer summer service.",
        "The ferry company plans a new terminal some time in 2024.",
        "Season ticket holders must renew their passes by 15 July.",
    ], title="Ferry timetable agreed", publisher="Harbour Gazette",
        url="https://gazette.example.net/ferry", published="2024-07-05", kind="news",
        source="ferry.txt")
    for actor_id, name in (("harbour-board", "Harbour Board"), ("ferry-co", "Ferry Company"),
                           ("ticket-holders", "season ticket holders")):
        b.actor(actor_id, name=name, kind="organisation", aliases=[])
    agreed = b.event("had been agreed", None, "agree", "decision", "the new ferry timetable")
    said = b.span("A council spokesperson")
    b.record.attributions.append(Attribution(
        source=AttributionSource(said.start, said.end, said.text, None),
        cue=b.span("said the new"), content=[b.span("the new ferry timetable had been agreed")],
        kind="indirect", event=agreed))
    rise = b.event("fares would not rise", None, "rise", "statement", "fares", negated=True,
                   attributed_to="harbour-board")
    added = b.span("The harbour board")
    b.record.attributions.append(Attribution(
        source=AttributionSource(added.start, added.end, added.text, "harbour-board"),
        cue=b.span("added"), content=[b.span("fares would not rise this season")],
        kind="indirect", event=rise))
    b.event("noted that the morning", "harbour-board", "note", "statement",
            "the morning crossing was often full")
    b.event("also welcomed", "harbour-board", "welcome", "statement", "the longer summer service")
    b.event("plans a new terminal", "ferry-co", "plan", "plan", "a new terminal",
            date=_date(b, "2024", "2024", "2024-01-01", "2024-12-31", "planned"))
    b.event("must renew their passes", "ticket-holders", "renew", "action", "their passes",
            date=_date(b, "by 15 July", "2024-07-15", "2024-07-15", "2024-07-15", "deadline"))
    return b


def build_db(path: Path, *, hostile: bool = True, versions: bool = True,
             ferry: bool = False) -> Path:
    """A seed-like database: the article (two versions), a vendor notice, hostile documents;
    with `ferry`, the council briefing too."""
    store = Store(path)
    try:
        if ferry:
            store.write(*_pair(ferry_briefing()))
        if versions:
            store.write(*_pair(news_article()))
            store.write(*_pair(news_article(
                "Separately EMIS said it would publish guidance in early July.")))
        else:
            store.write(*_pair(news_article()))
        store.write(*_pair(vendor_notice()))
        if hostile:
            store.write(*_pair(hostile_document()))
            store.write(*_pair(hostile_url_document()))
        link_documents(store.db)  # as `dateline ingest` does after writing
    finally:
        store.close()
    return path


def _pair(builder: Builder) -> tuple[Document, AnalysisRecord]:
    return builder.document, builder.record

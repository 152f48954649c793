"""The extract stage: a spaCy Doc and its Document in, an AnalysisRecord out.

Order matters: actors first (events need them as agents and targets), then time expressions,
then events and attributions, which attach dates and speakers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.document import Document
from pipeline.record import (
    AnalysisRecord,
    Attribution,
    DocumentInfo,
    Event,
    PipelineInfo,
    Timex,
)

if TYPE_CHECKING:  # spaCy is imported by whoever parses; `extract.registry` users need none
    from spacy.tokens import Doc

# Kinds of document written in an organisation's own voice ("we will end support …").
ISSUED_KINDS = ("vendor_notice", "press_release")


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        id=document.id, kind=document.kind, title=document.title, url=document.url,
        publisher=document.publisher, author=document.author, published=document.published,
        published_source=document.published_source, text=document.text,
        parent_id=document.parent_id, source=document.source,
    )


def speech_spans(events: list[Event], attributions: list[Attribution],
                 timexes: list[Timex] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, day) of quoted words whose speech is dated to one day: relative dates
    inside them ("this weekend") are relative to when they were said, not to publication.
    Only a date the speech's own sentence states counts: one carried from an earlier
    statement of the speaker is a reading, too weak to move the dates in the quote."""
    dated = {e.id: e.date for e in events if e.date is not None and e.date.range
             and e.date.range[0] == e.date.range[1] and e.date.role != "deadline"
             and (timexes is None or e.date.timex is None or e.date.timex >= len(timexes)
                  or e.sentence.start <= timexes[e.date.timex].start < e.sentence.end)}
    spans = []
    for attribution in attributions:
        when = dated.get(attribution.event or "")
        if when is None or attribution.kind == "indirect":
            continue
        spans.extend((c.start, c.end, when.range[0]) for c in attribution.content)
    return spans


def extract(document: Document, doc: Doc, *, model: str, registry=None) -> AnalysisRecord:
    """Run every extractor over one parsed document.

    Time expressions are found twice when quoted speech is dated: the first pass dates the
    speech events, the second resolves what is said in the quotes against the speech time.
    A reader comment (Document.kind "comment") gets actors and timexes but no events: the
    timeline is of what the article reports, and comments are opinion about it.
    """
    from pipeline.extract.actors import find_actors
    from pipeline.extract.events import find_events
    from pipeline.extract.language import guess_language
    from pipeline.extract.notice_dates import read_notice
    from pipeline.extract.timex import find_timexes

    record = AnalysisRecord(pipeline=PipelineInfo(version=__version__, model=model),
                            document=document_info(document))
    guess = guess_language(document.text)
    if not guess.english:
        # English rules and an English model on another language give nonsense rows; the
        # document is kept (searchable) and says why it has no extraction.
        record.errors.append({
            "stage": "extract", "type": "UnsupportedLanguage", "severity": "warning",
            "message": f"the text does not read as English ({guess.language}; "
                       f"{guess.evidence}): no actors, dates or events were extracted"})
        return record
    actors = find_actors(doc, registry=registry, publisher=document.publisher,
                         issuer_speaks_as_we=document.kind in ISSUED_KINDS)
    timexes = find_timexes(doc, document.published)
    events: list[Event] = []
    attributions: list[Attribution] = []
    if document.kind != "comment":
        notice = read_notice(doc, timexes, document.blocks, document.published, document.kind)
        events, attributions = find_events(doc, actors, timexes, document.published, notice)
        spans = speech_spans(events, attributions, timexes)
        if spans:
            second = find_timexes(doc, document.published, speech_spans=spans)
            if [(t.start, t.value) for t in second] != [(t.start, t.value) for t in timexes]:
                timexes = second
                notice = read_notice(doc, timexes, document.blocks, document.published,
                                     document.kind)
                events, attributions = find_events(doc, actors, timexes, document.published,
                                                   notice)
    record.actors = actors.actors
    record.timexes = timexes
    record.events = events
    record.attributions = attributions
    return record

"""`dateline evaluate events DIR`: are events dated right?

DIR holding TimeML (`.tml`, TempEval-3's TimeBank and AQUAINT) is scored on event dates;
DIR holding our own gold set (`tests/gold/events/`, see its README) is scored on agents, dates
and roles (`pipeline.evaluate.events_gold`).

TimeML gold: an event is *linked* when a TLINK puts it at or within a DATE or TIME timex whose
value is a calendar period (`1998`, `1998-01`, `1998-W02`, `1998-01-08T14:00`, `199` …;
not `PRESENT_REF`, `XXXX-10`, durations or sets). The relations that do so:

- from the event's side: IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY, BEGINS, ENDS
  (an event that begins or ends a period lies inside it);
- from the time's side (`timeID` … `relatedToEventInstance`): their inverses INCLUDES,
  DURING_INV, SIMULTANEOUS, IDENTITY, BEGUN_BY, ENDED_BY.

Left out: BEFORE/AFTER/IBEFORE/IAFTER (no date), the event's BEGUN_BY/ENDED_BY ("since 1983":
a bound of a range, not the event's date) and the event's INCLUDES (the event outlasts the
time). Links to the document creation time are left out unless `--with-dct`: no words in the
text date those events, and dating every undated event to publication is a convention, not a
reading. An event with several links is right when its date lies inside any of them.

Dateline runs on the TEXT content (normalised as every reader does; gold offsets are mapped
onto it) with the DCT as publication date. Its event at a gold event is the one whose trigger
overlaps the gold EVENT span. Figures:

- coverage: linked gold events with a Dateline event there / linked gold events;
- accuracy: those whose date is right (at the gold granularity) / covered events;
- date F1 = coverage x accuracy (the issue's definition);
- date precision: right / covered events that Dateline dates;
- errors: `no event`, `undated`, and wrong dates by kind (`pipeline.evaluate.event_match`).

The tune / held-out split is `evaluate timex`'s (a hash of the file name). Held-out files are
scored in aggregate only: `--show` never prints them, so nobody tunes on them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from pipeline.document import normalise_text
from pipeline.evaluate.event_match import (
    WRONG_KINDS,
    Source,
    date_verdict,
    event_at,
    event_range,
    run_dateline,
)
from pipeline.evaluate.timex import SPLITS, TimeMLError, split_of, strip_tags
from pipeline.extract.timex.calendar import value_range

EVENT_SIDE = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY", "BEGINS", "ENDS"})
TIME_SIDE = frozenset({"INCLUDES", "DURING_INV", "SIMULTANEOUS", "IDENTITY", "BEGUN_BY",
                       "ENDED_BY"})
_ELEMENT = re.compile(r"<(MAKEINSTANCE|TLINK)\b([^>]*)/?>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldTime:
    tid: str
    rel: str
    value: str
    days: tuple[str, str]
    text: str


@dataclass
class GoldEvent:
    eid: str
    start: int
    end: int
    text: str
    pos: str
    times: list[GoldTime] = field(default_factory=list)


@dataclass
class EventDoc:
    name: str
    dct: str
    text: str  # normalised; every offset here refers to it
    events: list[GoldEvent] = field(default_factory=list)


def offset_map(raw: str, norm: str) -> list[int]:
    """For each offset into `raw` (and its end), the offset into `norm` = normalise_text(raw).
    Normalising only drops characters or turns whitespace into a space, so a greedy walk
    aligns them; anything else raises TimeMLError."""
    out = []
    j = 0
    for char in raw:
        out.append(j)
        if j < len(norm) and (char == norm[j] or (char.isspace() and norm[j] == " ")):
            j += 1
    out.append(j)
    if j != len(norm):
        raise TimeMLError("normalised text does not align with the TimeML text")
    return out


def parse_event_links(source: str, name: str = "", with_dct: bool = False) -> EventDoc:
    """The normalised TEXT with its linked gold events (see the module text)."""
    dct_match = re.search(r"<DCT>(.*?)</DCT>", source, re.S)
    text_match = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
    if not text_match or not dct_match:
        raise TimeMLError(f"{name or 'document'}: no <TEXT> or <DCT>")
    dct_attrs = dict(_ATTR.findall(dct_match.group(1)))
    raw, tags = strip_tags(text_match.group(1), frozenset({"TIMEX3", "EVENT"}))
    text = normalise_text(raw)
    where = offset_map(raw, text)
    times = {t.attrs.get("tid", ""): t for t in tags if t.name == "TIMEX3"}
    gold_events = {}
    for tag in tags:
        if tag.name == "EVENT":
            start, end = where[tag.start], where[tag.end]
            gold_events[tag.attrs.get("eid", "")] = GoldEvent(
                tag.attrs.get("eid", ""), start, end, text[start:end], "")
    instances: dict[str, str] = {}
    links = []
    for kind, attr_text in _ELEMENT.findall(source[text_match.end():]):
        attrs = dict(_ATTR.findall(attr_text))
        if kind == "MAKEINSTANCE":
            instances[attrs.get("eiid", "")] = attrs.get("eventID", "")
            if attrs.get("eventID") in gold_events:
                gold_events[attrs["eventID"]].pos = attrs.get("pos", "")
        else:
            links.append(attrs)
    dct_tid = dct_attrs.get("tid")
    for link in links:
        rel = link.get("relType", "")
        if "eventInstanceID" in link and "relatedToTime" in link and rel in EVENT_SIDE:
            eiid, tid = link["eventInstanceID"], link["relatedToTime"]
        elif "timeID" in link and "relatedToEventInstance" in link and rel in TIME_SIDE:
            eiid, tid = link["relatedToEventInstance"], link["timeID"]
        else:
            continue
        event = gold_events.get(instances.get(eiid, ""))
        if event is None:
            continue
        if tid == dct_tid:
            if not with_dct:
                continue
            attrs, time_text = dct_attrs, "(document creation time)"
        elif tid in times:
            attrs, time_text = times[tid].attrs, raw[times[tid].start:times[tid].end]
        else:
            continue
        days = value_range(attrs.get("value", ""), attrs.get("mod"))
        if attrs.get("type") not in ("DATE", "TIME") or not days:
            continue
        event.times.append(GoldTime(tid, rel, attrs["value"], (days[0], days[1]), time_text))
    linked = sorted((e for e in gold_events.values() if e.times), key=lambda e: e.start)
    return EventDoc(name=name, dct=dct_attrs.get("value", ""), text=text, events=linked)


def load_event_docs(directory: Path, split: str = "all", with_dct: bool = False,
                    ) -> list[EventDoc]:
    docs = []
    for path in sorted(Path(directory).rglob("*.tml")):
        if split != "all" and split_of(path.name) != split:
            continue
        docs.append(parse_event_links(path.read_text(encoding="utf-8"), path.name, with_dct))
    return docs


@dataclass
class DateScores:
    linked: int = 0
    covered: int = 0
    dated: int = 0
    right: int = 0
    errors: Counter = field(default_factory=Counter)
    by_pos: dict[str, Counter] = field(default_factory=dict)
    details: list[tuple[str, str, GoldEvent, str]] = field(default_factory=list)
    failed_docs: int = 0

    def figures(self) -> dict[str, object]:
        coverage = self.covered / self.linked if self.linked else 0.0
        accuracy = self.right / self.covered if self.covered else 0.0
        return {
            "linked": self.linked, "covered": self.covered, "dated": self.dated,
            "right": self.right, "coverage": coverage, "accuracy": accuracy,
            "date_f1": coverage * accuracy,
            "date_precision": self.right / self.dated if self.dated else 0.0,
            "errors": dict(self.errors), "failed_docs": self.failed_docs,
            "by_pos": {pos: dict(c) for pos, c in sorted(self.by_pos.items())},
        }


def score_dates(doc: EventDoc, record, scores: DateScores) -> None:
    """Add one document's linked gold events, judged against its analysis record."""
    if record.failed():
        scores.failed_docs += 1
    for gold in doc.events:
        pos = scores.by_pos.setdefault(gold.pos or "?", Counter())
        scores.linked += 1
        pos["linked"] += 1
        event = event_at(record.events, gold.start, gold.end)
        if event is None:
            verdict, shown = "no event", ""
        else:
            scores.covered += 1
            pos["covered"] += 1
            days = event_range(event)
            if days is None:
                verdict, shown = "undated", f"{event.action} undated"
            else:
                scores.dated += 1
                verdict = date_verdict(days, [t.days for t in gold.times], doc.dct)
                shown = f"{event.action} {event.date.value} ({event.date.role})"
        if verdict == "right":
            scores.right += 1
            pos["right"] += 1
            continue
        scores.errors[verdict] += 1
        scores.details.append((doc.name, verdict, gold, shown))


def evaluate_timeml(docs: list[EventDoc], *, model: str | None = None, cache: bool = True,
                    ) -> DateScores:
    sources = [Source(d.name, d.text, d.dct[:10] or None) for d in docs]
    scores = DateScores()
    for doc, record in zip(docs, run_dateline(sources, model=model, cache=cache), strict=True):
        score_dates(doc, record, scores)
    return scores


def _context(doc_text: str, gold: GoldEvent) -> str:
    left = doc_text[max(0, gold.start - 50):gold.start].split("\n")[-1]
    right = doc_text[gold.end:gold.end + 30].split("\n")[0]
    return f"{left}[{gold.text}]{right}"


def print_dates(scores: DateScores, label: str) -> None:
    fig = scores.figures()
    errors = scores.errors
    wrong = ", ".join(f"{k} {errors[k]}" for k in WRONG_KINDS if errors[k])
    lines = [
        f"{label}  linked gold events {fig['linked']}  covered {fig['covered']}  "
        f"dated {fig['dated']}  right {fig['right']}  failed documents {fig['failed_docs']}",
        f"coverage {fig['coverage']:.3f}  accuracy {fig['accuracy']:.3f}  "
        f"date F1 {fig['date_f1']:.3f}  date precision {fig['date_precision']:.3f}",
        f"errors: no event {errors['no event']}, undated {errors['undated']}, "
        f"wrong date {sum(errors[k] for k in WRONG_KINDS)} ({wrong or 'none'})",
    ]
    for pos, counts in sorted(scores.by_pos.items()):
        linked = counts["linked"]
        lines.append(f"  {pos:<11} linked {linked:>4}  coverage {counts['covered'] / linked:.3f}"
                     f"  right {counts['right'] / linked:.3f}")
    for line in lines:
        click.echo(line)


def timeml_report(directory: Path, split: str, model: str | None, show: bool, with_dct: bool,
                  no_cache: bool, as_json: bool) -> None:
    docs = load_event_docs(directory, split, with_dct)
    if not docs:
        raise click.ClickException(f"no .tml files in {directory} for split {split!r}")
    scores = evaluate_timeml(docs, model=model, cache=not no_cache)
    if as_json:
        click.echo(json.dumps({"files": len(docs), "split": split, **scores.figures()}))
        return
    if show:
        texts = {d.name: d.text for d in docs}
        for name, verdict, gold, shown in scores.details:
            if split_of(name) != "tune":
                continue  # held-out files are reported in aggregate only
            golds = "; ".join(f"{t.rel} {t.value} {t.text!r}" for t in gold.times)
            click.echo(f"{verdict.upper():<12} {name}: {_context(texts[name], gold)!r} "
                       f"| gold {golds} | got {shown or '-'}")
    print_dates(scores, f"files {len(docs)} ({split}{', with DCT links' if with_dct else ''})")


def is_gold_set(directory: Path) -> bool:
    """Our own gold set (README-described JSON) rather than TimeML."""
    return any(directory.glob("*.events.json")) and not any(directory.rglob("*.tml"))


@click.command("events")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="TimeML only: which fixed part of the files (heldout = a hash-chosen fifth).")
@click.option("--model", default=None, help="spaCy model (default: the pipeline's).")
@click.option("--show", is_flag=True,
              help="Print each error (TimeML: tune files only; held-out stays aggregate).")
@click.option("--with-dct", is_flag=True,
              help="TimeML: also score events linked only to the document creation time.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--no-cache", is_flag=True, help="Parse again instead of using the /tmp cache.")
def events_command(directory: Path, split: str, model: str | None, show: bool, with_dct: bool,
                   as_json: bool, no_cache: bool) -> None:
    """Score event dates on TimeML, or agents, dates and roles on our gold set."""
    if is_gold_set(directory):
        from pipeline.evaluate.events_gold import gold_report

        gold_report(directory, model=model, show=show, as_json=as_json)
        return
    timeml_report(directory, split, model, show, with_dct, no_cache, as_json)


if __name__ == "__main__":
    events_command()

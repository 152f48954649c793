"""What `evaluate events` needs on both of its gold sets: running Dateline on a text, finding
its event at a gold trigger, and judging a date against a gold date.

A date is judged at the gold granularity: right when every day of Dateline's date lies inside
the gold range (gold "January 1998" and Dateline "8 January 1998" is right; the reverse is
"coarser"). A wrong date gets the first kind that fits, in this order:

- `coarser`: Dateline's range holds the gold range and more (the granularity is too coarse);
- `overlap`: the ranges share days but neither holds the other;
- `publication`: Dateline gives the publication day itself;
- `direction`: one lies wholly before the publication day, the other wholly after it;
- `year`, `month`, `day`: the first days differ in that unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pipeline.document import Document
from pipeline.extract.timex.calendar import value_range
from pipeline.record import AnalysisRecord, Event

WRONG_KINDS = ("coarser", "overlap", "publication", "direction", "year", "month", "day")


@dataclass
class Source:
    """One document to run Dateline on; `name` and `text` also key the parse cache."""

    name: str
    text: str
    published: str | None
    kind: str = "news"


def event_range(event: Event) -> tuple[str, str] | None:
    """Dateline's date of an event as inclusive ISO days, or None when it has no calendar date."""
    if event.date is None:
        return None
    days = event.date.range or value_range(event.date.value)
    return (days[0], days[1]) if days else None


def date_verdict(system: tuple[str, str], gold: list[tuple[str, str]], published: str | None,
                 ) -> str:
    """'right', or the kind of wrong date (see the module text), for a system range against
    the gold ranges (any one holding it makes it right)."""
    s1, s2 = system
    if any(g1 <= s1 and s2 <= g2 for g1, g2 in gold):
        return "right"
    g1, g2 = min(gold, key=_days)  # the narrowest gold range explains the error
    day = (published or "")[:10]
    if s1 <= g1 and g2 <= s2:
        return "coarser"
    if s1 <= g2 and g1 <= s2:
        return "overlap"
    if day and s1 == s2 == day:
        return "publication"
    if day and ((g2 < day < s1) or (s2 < day < g1)):
        return "direction"
    if s1[:4] != g1[:4]:
        return "year"
    if s1[:7] != g1[:7]:
        return "month"
    return "day"


def _days(days: tuple[str, str]) -> int:
    return (date.fromisoformat(days[1]) - date.fromisoformat(days[0])).days


def event_at(events: list[Event], start: int, end: int) -> Event | None:
    """Dateline's event whose trigger overlaps [start, end): one starting there first, then a
    dated one, then the first."""
    found = [e for e in events if e.trigger is not None
             and e.trigger.start < end and start < e.trigger.end]
    if not found:
        return None
    found.sort(key=lambda e: (e.trigger.start != start, e.date is None))
    return found[0]


def run_dateline(sources: list[Source], *, model: str | None = None, cache: bool = True,
                 ) -> Iterator[AnalysisRecord]:
    """Parse (cached under /tmp, as `evaluate timex` does) and extract each source; a document
    whose extraction fails gives a record with the error, so the rest still score."""
    from pipeline.api import error_record
    from pipeline.evaluate.timex import parse_docs
    from pipeline.extract import extract
    from pipeline.extract.registry import load_registry
    from pipeline.nlp import load_model, model_label

    nlp = load_model(model)
    label = model_label(nlp)
    registry = load_registry(None)
    parsed = parse_docs(sources, nlp, cache=cache)
    for source, doc in zip(sources, parsed, strict=True):
        document = Document(text=source.text, published=source.published,
                            published_source="argument" if source.published else None,
                            kind=source.kind, source=source.name)
        try:
            yield extract(document, doc, model=label, registry=registry)
        except Exception as error:  # noqa: BLE001 - one failing document must not stop scoring
            yield error_record(source.name, "extract", type(error).__name__, str(error), label)


def actor_names(record: AnalysisRecord) -> dict[str, str]:
    """actor id -> canonical name."""
    return {actor.id: actor.name for actor in record.actors}

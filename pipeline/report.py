"""Readable text for an analysis record: what `dateline analyze` prints without `--json`."""

from __future__ import annotations

from pipeline.record import AnalysisRecord


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_record(record: AnalysisRecord) -> str:
    """A header for the document, then one line per event sorted by date."""
    document = record.document
    names = {actor.id: actor.name for actor in record.actors}
    lines = [
        f"# {document.title or document.source or document.id[:12]}",
        f"  {document.kind} · {document.publisher or 'unknown publisher'} · published "
        f"{document.published or 'unknown'} ({document.published_source or 'no source'})",
        f"  {len(record.actors)} actors, {len(record.timexes)} time expressions, "
        f"{len(record.events)} events, {len(record.attributions)} attributions",
    ]
    for error in record.errors:
        lines.append(f"  ! {error.get('stage')}: {error.get('type')}: {error.get('message')}")
    if record.events:
        header = f"  {'date':<12} {'role':<9} {'actor':<24} {'action':<14} {'targets':<24} flags"
        lines += ["", header, "  " + "-" * (len(header) - 2)]

    def sort_key(event):
        return (event.date.range[0] if event.date and event.date.range else
                (document.published or "")[:10], event.sentence.start)

    for event in sorted(record.events, key=sort_key):
        date = event.date.value if event.date else (document.published or "")[:10]
        role = event.date.role if event.date else "reported"
        claimant = names.get(event.attributed_to, event.attributed_to)
        flags = [flag for flag, on in (("negated", event.negated),
                                       (event.modality, event.modality != "asserted"),
                                       (f"per {claimant}", bool(event.attributed_to))) if on]
        targets = ", ".join(names.get(t, t) for t in event.targets)
        lines.append(
            f"  {_cell(date, 12):<12} {_cell(role, 9):<9} "
            f"{_cell(names.get(event.actor, event.actor or '—'), 24):<24} "
            f"{_cell(event.action, 14):<14} {_cell(targets, 24):<24} {' '.join(flags)}")
    return "\n".join(lines)

"""Timeline rows to TimelineJS JSON, iCalendar, CSV and JSON lines: pure functions.

Rows are dicts with the `timeline` view's columns (the `deadlines` view and the canned queries
share them). The Datasette renderers and `dateline export` both call these.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.publish.text import (
    clean_text,
    csv_cell,
    describe_date,
    parse_day,
    safe_url,
    subject_phrase,
    url_label,
)

__all__ = ["to_timelinejs", "to_ics", "to_csv", "to_jsonl", "TIMELINEJS_SCHEMA_PATH",
           "timelinejs_schema", "headline"]

TIMELINEJS_SCHEMA_PATH = Path(__file__).parent / "static" / "timelinejs.schema.json"

Row = Mapping[str, Any]


def timelinejs_schema() -> dict[str, Any]:
    return json.loads(TIMELINEJS_SCHEMA_PATH.read_text(encoding="utf-8"))


def headline(row: Row) -> str:
    """'GPC England → instruct → practices' as plain text (not escaped)."""
    parts = [clean_text(row.get("actor")) or subject_phrase(dict(row))]
    action = clean_text(row.get("action"))
    if row.get("negated"):
        action = f"did not {action}" if action else "did not"
    if action:
        parts.append(action)
    targets = clean_text(row.get("targets"))
    if targets:
        parts.append(targets)
    return " → ".join(parts)


def date_words(row: Row) -> str:
    words = describe_date(row.get("date_value"), row.get("date_start"), row.get("date_end"),
                          row.get("precision") or row.get("date_precision"),
                          row.get("date_mod"))
    role = row.get("role") or row.get("date_role")
    if role == "reported" and not row.get("date_value") and words != "undated":
        # An undated event sits at its document's date: say so rather than imply a date.
        return f"reported {words}"
    return words


def _tl_date(iso: str | None, precision: str | None, value: str | None) -> dict[str, int] | None:
    """A TimelineJS date at the precision known: year only, year-month, or a day (with time)."""
    if not iso or not re.match(r"^\d{4}", iso):
        return None
    date: dict[str, int] = {"year": int(iso[:4])}
    if precision in ("year", "decade"):
        return date
    if len(iso) >= 7:
        date["month"] = int(iso[5:7])
    if precision == "month" or len(iso) < 10:
        return date
    date["day"] = int(iso[8:10])
    if precision == "time" and value and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
        date["hour"], date["minute"] = int(value[11:13]), int(value[14:16])
    return date


def _slide_id(value: object, index: int) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "", str(value or ""))
    return f"e{cleaned}" if cleaned else f"event-{index}"


def event_badges(row: Row) -> list[str]:
    """The badges an event shows: deadline, negated, conditional or hypothetical."""
    badges = []
    if row.get("role") == "deadline":
        badges.append("deadline")
    if row.get("negated"):
        badges.append("negated")
    if row.get("modality") in ("conditional", "hypothetical"):
        badges.append(str(row["modality"]))
    return badges


# TimelineJS gives each group its own row in the time navigator, and takes the rows' height
# from the slides above: past a handful of actors the slides are squeezed to nothing. Above
# this many, slides go ungrouped (the headline names the actor anyway).
MAX_TIMENAV_GROUPS = 6


def to_timelinejs(rows: Iterable[Row], *, title: str = "Dateline timeline",
                  description: str = "") -> dict[str, Any]:
    """Knight Lab TimelineJS3 data: one slide per event, grouped by actor when few actors.

    TimelineJS inserts headline and text as HTML, so every value is escaped here and the only
    markup is ours; links are made only for http(s) URLs and say which host they go to.
    """
    events = []
    for index, row in enumerate(rows):
        precision = row.get("precision") or row.get("date_precision")
        start = _tl_date(row.get("date_start"), precision, row.get("date_value"))
        if start is None:
            continue  # TimelineJS cannot place an undated slide.
        slide: dict[str, Any] = {
            "start_date": start,
            "display_date": date_words(row),
            "unique_id": _slide_id(row.get("event_id"), index),
            "group": clean_text(row.get("actor")) or "Unknown actor",
            "autolink": False,
        }
        end = _tl_date(row.get("date_end"), precision, None)
        if end and row.get("date_end") != row.get("date_start") and precision not in (
                "year", "decade", "month"):
            slide["end_date"] = end
        badges = event_badges(row)
        head = html.escape(headline(row))
        if badges:
            head += " " + " ".join(f"[{html.escape(b)}]" for b in badges)
        body = []
        if row.get("content"):
            body.append(f"<p>{html.escape(clean_text(row['content']))}</p>")
        if row.get("sentence"):
            body.append(f"<blockquote>{html.escape(clean_text(row['sentence']))}</blockquote>")
        if row.get("attributed_to"):
            body.append(f"<p>According to {html.escape(clean_text(row['attributed_to']))}</p>")
        source = clean_text(row.get("document_title") or row.get("publisher") or "source")
        url = safe_url(row.get("url"))
        if url:
            body.append(f'<p>Source: <a href="{html.escape(url, quote=True)}" rel="noopener '
                        f'noreferrer">{html.escape(source)}</a> ({html.escape(url_label(url))})'
                        "</p>")
        else:
            body.append(f"<p>Source: {html.escape(source)}</p>")
        slide["text"] = {"headline": head, "text": "".join(body)}
        events.append(slide)
    if len({slide["group"] for slide in events}) > MAX_TIMENAV_GROUPS:
        for slide in events:
            del slide["group"]
    data: dict[str, Any] = {"events": events, "scale": "human"}
    data["title"] = {"text": {"headline": html.escape(title),
                              "text": html.escape(description)}}
    return data


def to_ics(rows: Iterable[Row], *, calendar_name: str = "Dateline deadlines") -> bytes:
    """Deadlines as all-day iCalendar events (DATE values, not UTC midnight): a deadline of
    1 August is 1 August in every time zone. Rows that are not deadlines are skipped when the
    rows say their role."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Dateline//timeline deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    for row in rows:
        if "role" in row and row.get("role") not in (None, "deadline"):
            continue
        start = parse_day(row.get("date_start"))
        if start is None:
            continue
        end = parse_day(row.get("date_end")) or start
        if end < start:
            end = start
        event = Event()
        event.add("uid", f"{clean_text(row.get('event_id')) or start.isoformat()}@dateline")
        event.add("dtstart", start)
        # DTEND of an all-day event is exclusive (RFC 5545).
        event.add("dtend", end + dt.timedelta(days=1))
        # DTSTAMP from the data, not the clock, so the same database gives the same file.
        stamp = parse_day(row.get("published")) or start
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), tzinfo=dt.UTC))
        summary = f"Deadline: {headline(row)}"
        if row.get("content"):
            summary += f" — {clean_text(row['content'])}"
        event.add("summary", summary[:250])
        description = [f"When: {date_words(row)}"]
        if row.get("sentence"):
            description.append(f"Evidence: {clean_text(row['sentence'])}")
        if row.get("document_title"):
            description.append(f"Source: {clean_text(row['document_title'])}")
        event.add("description", "\n".join(description))
        url = safe_url(row.get("url"))
        if url:
            event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()


def to_csv(rows: Iterable[Row], columns: list[str] | None = None) -> str:
    """CSV whose text cells cannot start a spreadsheet formula."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return out.getvalue()


def to_jsonl(rows: Iterable[Row]) -> str:
    return "".join(json.dumps(dict(row), ensure_ascii=False) + "\n" for row in rows)

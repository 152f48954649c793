"""Dates in the many shapes sources write them, to ISO 8601; and publication-date inference.

Never falls back to the file's mtime or today's date: a wrong date silently shifts every relative
time expression in the document, which is worse than no date.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

MONTHS = {
    name: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ])
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?" \
        r"\s*(?P<ampm>[ap]\.?m\.?)?"

# Day-first and month-first date shapes, optionally with a weekday and a time.
_DMY = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?(?P<month>{_MONTH})\.?"
    rf"[\s,-]+(?P<year>\d{{4}})(?:(?:,|\s+at|\s+-|\s)\s*{_TIME})?", re.I)
_MDY = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>\d{{4}})(?:(?:,|\s+at|\s+-|\s)\s*{_TIME})?", re.I)
_ISOISH = re.compile(
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")


def _hour(hour: int, ampm: str | None) -> int:
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour == 12:
            return 12 if pm else 0
        return hour + 12 if pm else hour
    return hour


# Page templates fill an unknown date with a placeholder ("0001-01-01T00:00:00" in JSON-LD);
# no news or notice we read is dated before this year, so such a value is no date at all and
# the next source of evidence is tried.
EARLIEST_YEAR = 1800


def _iso(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None,
         second: int | None = None, tz: str | None = None) -> str | None:
    if year < EARLIEST_YEAR:
        return None
    try:
        if hour is None:
            return date(year, month, day).isoformat()
        value = datetime(year, month, day, hour, minute or 0, second or 0).isoformat()
    except ValueError:
        return None
    if tz:
        value += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return value


def _from_match(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        return None
    hour = minute = second = None
    if groups.get("hour"):
        hour = _hour(int(groups["hour"]), groups.get("ampm"))
        minute = int(groups["minute"])
        second = int(groups["second"]) if groups.get("second") else None
    return _iso(int(groups["year"]), month, int(groups["day"]), hour, minute, second,
                groups.get("tz"))


def parse_date(value: object) -> str | None:
    """An ISO date or datetime for `value`, or None when it is not a recognisable date (or is
    a placeholder before EARLIEST_YEAR).

    Takes ISO 8601, RFC 2822 (e-mail, RSS), "26-FEB-1987 15:01:01.79" (Reuters), "1 July, 2024
    11:19 am", "July 1, 2024", datetime/date objects and struct_time.
    """
    parsed = _parse_any(value)
    if parsed is None or not parsed[:4].isdigit() or int(parsed[:4]) < EARLIEST_YEAR:
        return None
    return parsed


def _parse_any(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser, always UTC
        return _iso(value.tm_year, value.tm_mon, value.tm_mday, value.tm_hour,  # type: ignore
                    value.tm_min, value.tm_sec, "Z")  # type: ignore[attr-defined]
    text = " ".join(str(value).split())
    if not text:
        return None
    m = _ISOISH.fullmatch(text)
    if m:
        return _from_match(m)
    if re.search(r"\d{1,2}:\d{2}(:\d{2})?\s*([+-]\d{4}|GMT|UT|UTC|[A-Z]{3})\s*$", text) \
            and "," in text[:5]:
        try:
            return email.utils.parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    for pattern in (_DMY, _MDY, _ISOISH):
        m = pattern.search(text)
        if m:
            return _from_match(m)
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def date_part(value: str | None) -> str | None:
    return value[:10] if value else None


# "today (1 July)", "today, 1 July 2024", "today (Monday 1 July)"
_TODAY = re.compile(
    rf"\btoday\s*(?:\(|,\s*)(?:{_WEEKDAY}\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?\)?", re.I)
_TODAY_MDY = re.compile(
    rf"\btoday\s*(?:\(|,\s*)(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\)?", re.I)
# A dateline opens the text: "LONDON, 1 July 2024 -", "WASHINGTON (Reuters), July 1, 2024 —",
# or a "Published: ..." / "Posted on ..." line among the first lines.
# The place is case-sensitive (capitalised words: "LONDON", "New York"), the label is not.
_DATELINE_HEAD = re.compile(
    r"^(?:(?:[A-Z][\w'.-]*\s?){1,4}(?:\s*\([^)]{1,30}\))?\s*[,\-–—]\s*)"
    r"|^(?i:published|posted|updated|date|dated)(?i:\s+on)?\s*:?\s*")


def infer_published(text: str, comment_times: list[str] | None = None
                    ) -> tuple[str, str] | None:
    """(ISO date, evidence) inferred from the text, or None.

    Order of trust: an explicit "today (1 July)", a dateline, then the earliest comment
    timestamp (a page cannot be commented on before it is published, so it bounds the date).
    A year missing from "today (1 July)" is taken from the earliest comment or the dateline.
    """
    earliest = min((t for t in comment_times or [] if t), default=None)
    dateline = _dateline(text)
    for pattern in (_TODAY, _TODAY_MDY):
        m = pattern.search(text)
        if not m:
            continue
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        day = int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if year is None:
            anchor = earliest or (dateline[0] if dateline else None)
            if anchor is None:
                continue
            year = int(anchor[:4])
            # "today" cannot be later in the year than the comment that follows it.
            if month and (month, day) > (int(anchor[5:7]), int(anchor[8:10])):
                year -= 1
        value = _iso(year, month or 0, day)
        if value:
            return value, m.group(0)
    if dateline:
        return dateline
    if earliest:
        return earliest[:10], f"earliest comment timestamp {earliest}"
    return None


# A line that is only a date, or a byline carrying one ("By Priya Nandra, 3 October 2024"),
# among the first lines of a story.
_DATE_LINE_HEAD = re.compile(rf"^(?:(?i:by)\s+[^,|–—]{{2,60}}[,|–—]\s*)?(?:{_WEEKDAY},?\s+)?")


def _dateline(text: str) -> tuple[str, str] | None:
    for line in text.split("\n")[:6]:
        line = line.strip()
        head = _DATELINE_HEAD.match(line)
        if not head:
            head = _DATE_LINE_HEAD.match(line)
            rest = line[head.end():]
            for pattern in (_DMY, _MDY, _ISOISH):
                m = pattern.match(rest)
                # the date must end the line (a time may follow): not a sentence about a date
                if m and re.fullmatch(r"[\s,|–—-]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
                                      r"(?:\s*[A-Z]{2,4})?)?\s*", rest[m.end():], re.I):
                    value = _from_match(m)
                    if value:
                        return value[:10], line
            continue
        rest = line[head.end():]
        for pattern in (_DMY, _MDY, _ISOISH):
            m = pattern.match(rest)
            if m:
                value = _from_match(m)
                if value:
                    return value[:10], line[: head.end() + m.end()]
    return None

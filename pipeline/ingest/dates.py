"""Dates in the many shapes sources write them, to ISO 8601; and publication-date inference.

Never falls back to the file's mtime or today's date: a wrong date silently shifts every relative
time expression in the document, which is worse than no date.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
    rf"[\s,-]+(?P<year>\d{{4}})(?!\d)(?:(?:,|\s+at|\s+-|\s)\s*{_TIME})?", re.I)
_MDY = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>\d{{4}})(?!\d)(?:(?:,|\s+at|\s+-|\s)\s*{_TIME})?", re.I)
_ISOISH = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
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
        try:  # an offset must exist: "+25:99" makes the whole value no date
            datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


# A publication date more than this far past the moment of ingest is kept (it may be an
# embargo or a scheduled notice) with a warning row: more often it is a typo or a template's
# placeholder ("9999-12-31").
FUTURE_TOLERANCE = timedelta(days=365)


def far_future(value: str | None, now: datetime | None = None) -> str | None:
    """A warning message when the ISO date `value` lies over a year after `now`, else None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value) if "T" in value else \
            datetime.fromisoformat(value[:10])
    except ValueError:
        return None
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when - now > FUTURE_TOLERANCE:
        return f"published {value} is more than a year after ingest ({now.date().isoformat()})"
    return None


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
# Labels that introduce the publication date on a line of its own: "Published: ...",
# "Posted on ...", "Issued: ...", press releases' "For immediate release - ..." and
# "Embargoed until 00:01 ...". An update label dates a later edit, so it is weaker evidence.
_PUBLISH_LABELS = (r"(?:first\s+)?published|posted|issued|released|dated?|"
                   r"for\s+(?:immediate\s+)?release|embargo(?:ed)?(?:\s+(?:until|till|to))?")
_UPDATE_LABELS = r"(?:last\s+)?(?:updated|modified|amended|revised)"
_LABEL = rf"(?i:(?P<label>{_PUBLISH_LABELS}|{_UPDATE_LABELS}))"
# A time an embargo or a posting stamp may put before the date: "00:01 BST," "9am on".
_LEAD_TIME = (r"(?:\d{1,2}(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)"
              r"(?:\s*[A-Z]{2,4})?\s*,?\s*)?")
# A dateline opens the text: "LONDON, 1 July 2024 -", "WASHINGTON (Reuters), July 1, 2024 —",
# or a "Published: ..." / "Posted on ..." line among the first lines.
# The place is case-sensitive (capitalised words: "LONDON", "New York"), the label is not.
_DATELINE_HEAD = re.compile(
    r"^(?:(?:[A-Z][\w'.-]*\s?){1,4}(?:\s*\([^)]{1,30}\))?\s*[,\-–—]\s*)"
    rf"|^{_LABEL}(?i:\s+on)?\s*[:\-–—]?\s*{_LEAD_TIME}(?i:on\s+)?")
# Wire datelines often give the day without the year: "CHICAGO, March 4 (Reuters) - ".
# The agency or a dash must follow, so a headline with a date in it is not taken.
_MD_NO_YEAR = re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                         r"(?=\s*(?:\([^)]{1,30}\)\s*)?[-–—])", re.I)
_DM_NO_YEAR = re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?"
                         r"(?=\s*(?:\([^)]{1,30}\)\s*)?[-–—])", re.I)
# How many non-blank lines at the top may carry the date line.
_DATE_HEAD_LINES = 6


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
# "/impeachment-hearings-key-moments-2019-11-19/": a slug that ends in its day.
_SLUG_DATE = re.compile(r"-((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/?$")
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])"
                        r"(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def url_date(url: str | None) -> str | None:
    """The day a news URL carries in its path ("/story/news/2019/11/19/…"): publishers write
    the publication day there, so it is better evidence than a date guessed from the page."""
    path = (url or "").split("?")[0].split("#")[0]
    match = _URL_DATE.search(path) or _SLUG_DATE.search(path)
    return parse_date("-".join(match.groups())) if match else None


def local_day(published: str | None, url_day: str | None) -> str | None:
    """The URL's day when a metadata timestamp falls on the next or previous day only in UTC:
    "2019-11-19T02:34:30Z" on a page whose URL says /2019/11/18/ was published on the 18th
    in the newsroom's time zone (a shift under twelve hours explains it). None otherwise."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2}):", published or "")
    if m is None or not url_day or url_day[:10] == m[1]:
        return None
    try:
        stamp, url = date.fromisoformat(m[1]), date.fromisoformat(url_day[:10])
    except ValueError:
        return None
    hour = int(m[2])
    if (url == stamp - timedelta(days=1) and hour < 12) or \
            (url == stamp + timedelta(days=1) and hour >= 12):
        return url.isoformat()
    return None


def year_hints(url: str | None = None, file_name: str | None = None
               ) -> list[tuple[str, str]]:
    """(date or year, evidence) a URL and a file name give, best first: what completes a
    dateline that gives only the day ("CHICAGO, March 4 (Reuters) -")."""
    hints: list[tuple[str, str]] = []
    if value := url_date(url):
        hints.append((value, "the URL"))
    if file_name:
        if (m := _NAME_DATE.search(file_name)) and (value := _iso(*map(int, m.groups()))):
            hints.append((value, "the file name"))
        elif len(years := set(_NAME_YEAR.findall(file_name))) == 1:
            hints.append((years.pop(), "the file name"))
    return hints


@dataclass(frozen=True)
class DateLine:
    """A date found at the top of a text, with the words that give it."""

    value: str  # ISO date, or "--MM-DD" (ISO 8601's yearless form) when no year is written
    evidence: str
    updated: bool = False  # "Updated: ..." dates an edit: weaker than a publication label
    by: str | None = None  # "Published 2 June 2025 by Acme Ltd": the name after the date
    label: str | None = None


# A date may end a date line with a time and zone after it, and "by NAME" after that: a short
# run of capitalised name words ("Ledgerly Software Ltd", "Bank of England") ending the line,
# so "Released 4 July 2019 by Island Records to wide acclaim." is a sentence, not a date line.
_NAME_WORD = r"(?-i:[A-Z][\w'’.&-]*?)"
_LINE_TAIL = re.compile(
    r"[\s,|–—-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?(?:\s*\(?(?-i:[A-Z]{2,4})\)?)?"
    rf"\s*(?:by\s+(?P<by>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|(?-i:of|and|for|the|&)(?=\s)))"
    r"{0,7}))?[\s.]*", re.I)
_LABEL_HEAD = re.compile(
    rf"^{_LABEL}(?i:\s+on)?\s*[:\-–—]?\s*{_LEAD_TIME}(?i:on\s+)?(?:{_WEEKDAY},?\s+)?")
_WEEKDAY_HEAD = re.compile(rf"^(?:{_WEEKDAY},?\s+)?")
# Parts of one header line: "Published 2 June 2025 | Updated 3 June 2025".
_SEGMENTS = re.compile(r"\s+[|·•]\s+")


def _is_update(label: str | None) -> bool:
    return bool(label and re.search(_UPDATE_LABELS, label, re.I))


def _line_segment(segment: str) -> DateLine | None:
    head = _LABEL_HEAD.match(segment) or _WEEKDAY_HEAD.match(segment)
    label = head.groupdict().get("label")
    rest = segment[head.end():]
    for pattern in (_DMY, _MDY, _ISOISH):
        m = pattern.match(rest)
        tail = _LINE_TAIL.fullmatch(rest[m.end():]) if m else None
        if m and tail and (value := _from_match(m)):
            by = tail.group("by")
            # "by" must name someone: "Published 2 June by the way" is prose.
            if by and not by[:1].isupper():
                return None
            return DateLine(value[:10], segment[: head.end() + m.end()].strip(),
                            _is_update(label), by.strip() if by else None,
                            " ".join(label.lower().split()) if label else None)
    return None


def date_line(line: str) -> DateLine | None:
    """The date a line gives when the line is nothing but a date: "Published: 2 June 2025",
    "Issued: Monday 2 June 2025", "Last updated 3 June 2025 at 10:04 BST", "12 February 2025",
    "Published 2 June 2025 | Updated 3 June 2025". A publication label wins over an update
    label; None when any part of the line is not a date (a sentence that mentions one)."""
    segments = [s for s in _SEGMENTS.split(line.strip().strip("*_#>").strip()) if s]
    found = [_line_segment(s) for s in segments]
    if not found or any(f is None for f in found):
        return None
    dated = [f for f in found if f is not None]
    return next((f for f in dated if not f.updated), dated[0])


def _yearless(m: re.Match[str]) -> str | None:
    month = MONTHS.get(m.group("month").lower().rstrip("."))
    day = int(m.group("day"))
    # 2000 is a leap year, so 29 February is a valid yearless day.
    if month is None or _iso(2000, month, day) is None:
        return None
    return f"--{month:02d}-{day:02d}"


def _with_year(month_day: str, anchor: str) -> str | None:
    """A yearless "--MM-DD" completed from an anchor: a year ("2025"), or a date, in which
    case the year that puts the day nearest the anchor (a story from 31 December can sit
    under a URL dated 1 January)."""
    month, day = int(month_day[2:4]), int(month_day[5:7])
    if re.fullmatch(r"\d{4}", anchor):
        return _iso(int(anchor), month, day)
    try:
        near = date.fromisoformat(anchor[:10])
    except ValueError:
        return None
    options = [v for y in (near.year - 1, near.year, near.year + 1) if (v := _iso(y, month, day))]
    return min(options, key=lambda v: abs(date.fromisoformat(v) - near), default=None)


def _paragraph_year(text: str, evidence: str) -> str | None:
    """The year of a full date in the paragraph holding a yearless dateline ("... by June 30,
    2025"). A bare number is no evidence ("cut 2000 jobs", "profit to rise in 2027"), and
    full dates in different years give none: the paragraph is then about more than its own
    time."""
    paragraph = next((p for p in re.split(r"\n\s*\n", text) if evidence in p), "")
    years = {m.group("year") for pattern in (_DMY, _MDY) for m in pattern.finditer(paragraph)}
    return years.pop() if len(years) == 1 else None


def infer_published(text: str, comment_times: list[str] | None = None,
                    date_lines: list[str] | tuple[str, ...] = (),
                    year_hints: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
                    ) -> tuple[str, str] | None:
    """(ISO date, evidence) inferred from the text, or None.

    Order of trust: an explicit "today (1 July)", a dateline or date line, then the earliest
    comment timestamp (a page cannot be commented on before it is published, so it bounds the
    date). `date_lines` are head lines a reader already cut from `text` as furniture.

    A year missing from "today (1 July)" is taken from the earliest comment or the dateline.
    A year missing from a wire dateline ("CHICAGO, March 4 (Reuters) -") is taken from
    `year_hints` ((a year or date, evidence) from a file name, URL or feed, best first), the
    earliest comment, or the year of a full date in its own paragraph; without one the date
    stays unknown: an invented year would shift every relative date in the story.
    """
    earliest = min((t for t in comment_times or [] if t), default=None)
    dateline = _dateline([*date_lines, *text.split("\n")])
    if dateline and dateline.value.startswith("--"):
        anchors = [*year_hints, *([(earliest, "the earliest comment")] if earliest else [])]
        if (year := _paragraph_year(text, dateline.evidence)) is not None:
            anchors.append((year, "a date in its paragraph"))
        dateline = next((DateLine(v, f"{dateline.evidence} (year from {why})")
                         for anchor, why in anchors if (v := _with_year(dateline.value, anchor))),
                        None)
    for pattern in (_TODAY, _TODAY_MDY):
        m = pattern.search(text)
        if not m:
            continue
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        day = int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if year is None:
            anchor = earliest or (dateline.value if dateline else None)
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
        return dateline.value, dateline.evidence
    if earliest:
        return earliest[:10], f"earliest comment timestamp {earliest}"
    return None


# A line that is only a date, or a byline carrying one ("By Priya Nandra, 3 October 2024"),
# among the first lines of a story.
_DATE_LINE_HEAD = re.compile(rf"^(?:(?i:by)\s+[^,|–—]{{2,60}}[,|–—]\s*)?(?:{_WEEKDAY},?\s+)?")
# What may follow the date of a byline.
_BYLINE_TAIL = re.compile(r"[\s,|–—-]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
                          r"\s*", re.I)


def _dateline(lines: list[str]) -> DateLine | None:
    """The date the first non-blank lines give: a date line, a dateline opening the story,
    or a byline ending in a date. A publication date beats an update date."""
    found: list[DateLine] = []
    for line in [line.strip() for line in lines if line.strip()][:_DATE_HEAD_LINES]:
        if (standalone := date_line(line)) is not None:
            found.append(standalone)
        elif (dated := _opening_date(line)) is not None:
            found.append(dated)
        if found and not found[-1].updated:
            return found[-1]
    return found[0] if found else None


def _opening_date(line: str) -> DateLine | None:
    head = _DATELINE_HEAD.match(line)
    if not head:
        head = _DATE_LINE_HEAD.match(line)
        rest = line[head.end():]
        for pattern in (_DMY, _MDY, _ISOISH):
            m = pattern.match(rest)
            # the date must end the line (a time may follow): not a sentence about a date
            if m and _BYLINE_TAIL.fullmatch(rest[m.end():]) and (value := _from_match(m)):
                return DateLine(value[:10], line)
        return None
    label = head.groupdict().get("label")
    rest = line[head.end():]
    for pattern in (_DMY, _MDY, _ISOISH):
        m = pattern.match(rest)
        # A labelled date must end its line like a date line: "Released on 4 July 2019, the
        # album sold ..." is a sentence about a release, not the document's date.
        if m and label and not _LINE_TAIL.fullmatch(rest[m.end():]):
            continue
        if m and (value := _from_match(m)):
            return DateLine(value[:10], line[: head.end() + m.end()], _is_update(label),
                            label=label)
    for pattern in (_MD_NO_YEAR, _DM_NO_YEAR):
        m = pattern.match(rest)
        if m and (value := _yearless(m)):
            return DateLine(value, line[: head.end() + m.end()], _is_update(label), label=label)
    return None

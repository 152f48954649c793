"""Pure helpers for showing stored values safely and dates in words.

Everything the publish stage puts in front of a person passes through here: text loses the
invisible characters that can reorder or hide what is displayed, links are made only for
plain http(s) URLs, and CSV cells cannot become spreadsheet formulas.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

__all__ = ["clean_text", "safe_url", "url_label", "csv_cell", "neutralise_csv", "describe_date",
           "month_label", "group_label", "highlight_segments", "has_invisible", "parse_day",
           "subject_phrase", "NO_SUBJECT"]

# Bidi embeddings/overrides/isolates and other invisible format characters: an RLO inside a
# title or URL can make "exe.txt" read as "txt.exe", or a link text read as another site.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}


def clean_text(value: object) -> str:
    """A value as display text: control and format characters removed (newlines and tabs
    kept), so no bidi override can reorder what surrounds it."""
    if value is None:
        return ""
    text = str(value)
    return "".join(ch for ch in text
                   if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)


def has_invisible(value: str) -> bool:
    if value.isprintable():
        # C-speed fast path: printable text has no control, format or private-use characters.
        return False
    return any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES and ch not in "\n\t"
               for ch in value)


def safe_url(value: object) -> str | None:
    """The URL if it is a plain absolute http(s) URL, else None (never `javascript:`, `data:`,
    relative paths, or anything with whitespace or invisible characters in it)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > 2048:
        return None
    if any(ch.isspace() or unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if parts.username or parts.password:
        # user:pass@ prefixes are a classic way to make one host look like another.
        return None
    return url


def url_label(url: str) -> str:
    """What a link to `url` says: its host, so the visible text matches the destination."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A plain number ("-2", "+1.5e3") cannot be a formula; prefixing it would corrupt the data.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# Bidi embeddings, overrides, isolates and marks: dropped from CSV cells as from HTML pages
# (a spreadsheet shows a file name with U+202E in it reversed).
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP's advice: prefix `'`)
    and whose text no bidi control can reorder."""
    if isinstance(value, str):
        value = _BIDI_CONTROLS.sub("", value)
    if (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _PLAIN_NUMBER.match(value)):
        return "'" + value
    return value


def neutralise_csv(body: bytes) -> bytes:
    """Datasette's own CSV output with every formula-like cell neutralised (same dialect)."""
    import csv
    import io

    text = body.decode("utf-8", errors="replace")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


# -- dates in words ---------------------------------------------------------------------------

_SEASONS = {
    "Q1": "first quarter of", "Q2": "second quarter of", "Q3": "third quarter of",
    "Q4": "fourth quarter of", "H1": "first half of", "H2": "second half of",
    "SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter",
}
_MOD_WORDS = {
    "START": "early", "EARLY": "early", "MID": "mid-", "END": "late", "LATE": "late",
    "APPROX": "around", "BEFORE": "before", "AFTER": "after", "ON_OR_BEFORE": "by",
    "ON_OR_AFTER": "from", "LESS_THAN": "less than", "MORE_THAN": "more than",
}


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day an ISO date or datetime starts with; None for partial dates."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(day: dt.date, *, weekday: bool = False, year: bool = True) -> str:
    text = f"{day.day} {calendar.month_name[day.month]}"
    if weekday:
        text = f"{calendar.day_name[day.weekday()]} {text}"
    return f"{text} {day.year}" if year else text


def _span(first: dt.date, last: dt.date) -> str:
    """'29–30 June 2024', '29 June – 1 July 2024', '30 December 2024 – 2 January 2025'."""
    if first == last:
        return _day(first)
    if first.year != last.year:
        return f"{_day(first)} – {_day(last)}"
    if first.month != last.month:
        return f"{_day(first, year=False)} – {_day(last)}"
    return f"{first.day}–{last.day} {calendar.month_name[last.month]} {last.year}"


def month_label(year_month: str | None) -> str:
    """'2024-07' -> 'July 2024'; anything else -> 'Undated'."""
    if year_month and re.fullmatch(r"\d{4}-\d{2}", year_month):
        year, month = int(year_month[:4]), int(year_month[5:])
        if 1 <= month <= 12:
            return f"{calendar.month_name[month]} {year}"
    return "Undated"


def group_label(row: dict) -> str:
    """The heading an event sits under: its month, or its year/decade when that is all that
    is known (a '2024' event is not a January event)."""
    precision = row.get("precision") or row.get("date_precision")
    start = row.get("date_start") or ""
    if precision == "year" and start[:4].isdigit():
        return f"Some time in {start[:4]}"
    if precision == "decade" and start[:3].isdigit():
        return f"Some time in the {start[:3]}0s"
    return month_label(row.get("year_month"))


# -- who an event is about, when no actor was resolved --------------------------------------------

NO_SUBJECT = "(no named subject)"
# Words between a clause's subject and its verb that are not part of the subject.
_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
                "would", "shall", "should", "can", "could", "may", "might", "must", "do",
                "does", "did", "not", "n't", "never", "also", "then", "still", "already",
                "now", "just", "to", "finally", "since", "only", "quietly", "later", "yet",
                "no", "longer"}
# Where a reported clause starts: its subject follows the last of these.
_CLAUSE_OPENERS = {"that", "said", "says", "told", "added", "confirmed", "warned", "which",
                   "who", "and", "but", "because", "after", "before", "when", "while", "if"}
_SUBJECT_MAX_WORDS = 8
# A first comma chunk opening with these is an adverbial ("As planned, …"), not the subject.
_ADVERBIAL_OPENERS = {"as", "after", "before", "when", "if", "in", "on", "by", "since", "while",
                      "although", "however", "last", "this", "next", "earlier", "later", "at",
                      "from", "under", "for", "until", "during", "meanwhile"}


def _clause_subject(sentence: str, action: str, content: str = "") -> str:
    """The words before the action's verb in its sentence, cut to its clause: a fallback for
    records stored before events carried their subject phrase."""
    verb = (action or "").split(" ")[0].lower()
    if len(verb) < 2:
        return ""
    stem = verb[:-1] if verb.endswith("e") and len(verb) > 3 else verb
    # A list item's dash or bullet is no word of the subject ("- v1 keys will no longer …").
    words = [w for w in re.findall(r"[\w'’-]+|[,;:]", sentence or "") if w.strip("-'’")]
    starts = [i for i, word in enumerate(words) if i and word.lower().startswith(stem)]
    if not starts and content:
        # An irregular form ("went" for go): the content usually opens with the verb phrase.
        lead = re.findall(r"[\w'’-]+", content)[:3]
        starts = [i for i in range(1, len(words)) if lead and words[i:i + len(lead)] == lead]
    if not starts:
        return ""
    before = words[:starts[0]]
    while before and before[-1].lower() in _AUXILIARIES | {",", ";", ":"}:
        before.pop()
    for cut in range(len(before) - 1, -1, -1):
        if before[cut].lower() in _CLAUSE_OPENERS or before[cut] in (";", ":"):
            before = before[cut + 1:]
            break
    if "," in before:
        # "The feed, known as X," names the feed; "As planned, the supplier" names the supplier.
        chunks = " ".join(before).split(" , ")
        first = chunks[0].split()
        before = first if first[0].lower() not in _ADVERBIAL_OPENERS else chunks[-1].split()
    if not before or len(before) > _SUBJECT_MAX_WORDS:
        return ""
    return " ".join(before)


def subject_phrase(row: dict) -> str:
    """Who or what an event is about when it has no resolved actor: the stored subject phrase
    (`subject_text` or `subject`, when the database has it), else the clause's subject read
    from the sentence, else a plain 'no named subject' (never an invented 'Someone')."""
    for key in ("subject_text", "subject"):
        value = clean_text(row.get(key)).strip()
        if value:
            return value
    return clean_text(_clause_subject(row.get("sentence") or row.get("sentence_text") or "",
                                      row.get("action") or "", row.get("content") or "")
                      ) or NO_SUBJECT


def _with_mod(text: str, mod: str | None) -> str:
    word = _MOD_WORDS.get((mod or "").upper())
    if not word:
        return text
    if word.endswith("-"):
        return f"{word}{text}"
    return f"{word} {text}"


def describe_date(value: str | None, start: str | None, end: str | None,
                  precision: str | None, mod: str | None = None) -> str:
    """A date as a person would say it, at the precision it is known:
    'Friday 28 June 2024', 'week-end of 29–30 June 2024', 'early July 2024', '2024'."""
    first, last = parse_day(start), parse_day(end) or parse_day(start)
    value = value or ""
    if precision == "time" and first:
        time = value[11:16] if len(value) >= 16 else ""
        return f"{_day(first, weekday=True)}{', ' + time if time else ''}"
    if precision == "day" and first:
        return _with_mod(_day(first, weekday=True), mod)
    if precision == "week" and first and last:
        label = "week-end of" if value.endswith("-WE") else "week of"
        return _with_mod(f"{label} {_span(first, last)}", mod)
    if precision == "month" and first:
        return _with_mod(f"{calendar.month_name[first.month]} {first.year}", mod)
    if precision == "season":
        match = re.fullmatch(r"(\d{4})-(Q\d|H\d|SP|SU|FA|AU|WI)", value)
        if match:
            return _with_mod(f"{_SEASONS[match.group(2)]} {match.group(1)}", mod)
    if precision == "year" and (value[:4].isdigit() or first):
        return _with_mod(value[:4] if value[:4].isdigit() else str(first.year), mod)
    if precision == "decade" and value[:3].isdigit():
        return _with_mod(f"the {value[:3]}0s", mod)
    if first and last:
        return _with_mod(_span(first, last), mod)
    return "undated"


def highlight_segments(text: str, marks: dict[str, tuple[int | None, int | None]]
                       ) -> list[list[dict[str, object]]]:
    """Split a document's text into paragraphs of segments, each with the names of the marks
    (e.g. "sentence", "quote") covering it. Offsets are code points into `text`, end exclusive;
    marks out of range are clipped, empty ones ignored. Segment text is display-cleaned."""
    spans = []
    for name, (start, end) in marks.items():
        if start is None or end is None:
            continue
        start, end = max(0, int(start)), min(len(text), int(end))
        if start < end:
            spans.append((name, start, end))
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    paragraphs: list[list[dict[str, object]]] = [[]]
    seen_sentence = False
    for start, end in zip(cuts, cuts[1:], strict=False):
        classes = tuple(name for name, s, e in spans if s <= start and end <= e)
        for index, piece in enumerate(text[start:end].split("\n")):
            if index:
                paragraphs.append([])
            if not piece:
                continue
            first = "sentence" in classes and not seen_sentence
            seen_sentence = seen_sentence or "sentence" in classes
            paragraphs[-1].append({"text": clean_text(piece), "classes": classes,
                                   "first_evidence": first})
    return [paragraph for paragraph in paragraphs if paragraph]

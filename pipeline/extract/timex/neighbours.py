"""Last passes over resolved expressions: neighbours lend each other years and days ("from 3 to
5 March", "5 p.m. on Thursday"), and period ends.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from pipeline.extract.doctext import doc_text
from pipeline.record import Timex

from .calendar import safe_date, value_range
from .candidates import _word_sets
from .normalise import analyse
from .reckon import weekday_near, year_for

_YEAR_WORDS = re.compile(r"\b((1[0-9]|20)[0-9]{2}|year|'[0-9]{2})\b", re.I)


def _range_start_years(doc: Doc, out: list[Timex]) -> None:
    """"from 1 April to 30 June last year": the start of a range of days written without a
    year takes the year of its end (the year before, if it would otherwise fall after it)."""
    text = doc_text(doc)
    for i in range(len(out) - 1):
        start, end = out[i], out[i + 1]
        if not (start.value and end.value and _DAY_VALUE.match(start.value)
                and _DAY_VALUE.match(end.value)) or _YEAR_WORDS.search(start.text):
            continue
        between = text[start.end:end.start].strip().lower()
        if between not in _RANGE_JOINERS or not _YEAR_WORDS.search(end.text):
            continue
        year = int(end.value[:4])
        if start.value[5:] > end.value[5:]:
            year -= 1  # "from 30 December to 2 January 2024"
        value = f"{year:04d}{start.value[4:]}"
        if value != start.value:
            out[i] = replace(start, value=value, range=value_range(value),
                             anchor="previous_timex")


def _period_end(doc: Doc, end: int, following: tuple[int, int, str], ref: date | None
                ) -> date | None:
    """The day of "ended Sept. 30" just after a period noun, or None."""
    s2, e2, _ = following
    between = [t.lower_ for t in doc[end:s2]]
    if not between or len(between) > 2 or between[0] not in ("ended", "ending", "ends"):
        return None
    spec = analyse(doc[s2:e2].text, [t.lower_ for t in doc[s2:e2]], "DATE")
    if spec.weekday is not None and not spec.month and spec.rel is None and ref is not None:
        return weekday_near(ref, spec.weekday, "past", None)  # "the week ended Friday"
    if not (spec.month and spec.day):
        return None
    year = spec.year or (year_for(ref, spec.month, "past", spec.day) if ref else None)
    return safe_date(year, spec.month, spec.day) if year else None


_CLOCK_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})(T.+)$")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_BARE_DAY = re.compile(r"^(0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$")
_RANGE_JOINERS = ("and", "to", "-", "–", "through", "until", "till")


def _bare_range_days(doc: Doc, out: list[Timex]) -> None:
    """"between 2 and 5 June", "June 2 to 5": the bare day number at the other end of a
    range of days takes the month and year of the written date."""
    added: list[Timex] = []
    taken = [(t.start, t.end) for t in out]
    for timex in out:
        if not (timex.value and _DAY_VALUE.match(timex.value)):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        written = int(timex.value[8:10])
        first, last = span[0], span[-1]
        # the bare day before: "2 and 5 June" (the date starts with its day number)
        if _BARE_DAY.match(first.text) and first.i >= 2 and \
                doc[first.i - 1].lower_ in _RANGE_JOINERS:
            bare = doc[first.i - 2]
            if _BARE_DAY.match(bare.text) and int(_BARE_DAY.match(bare.text)[1]) < written:
                added.append(_day_like(timex, bare, int(_BARE_DAY.match(bare.text)[1])))
        # the bare day after: "June 2 to 5" (the date ends with its day number)
        if _BARE_DAY.match(last.text) and last.i + 2 < len(doc) and \
                doc[last.i + 1].lower_ in _RANGE_JOINERS:
            bare = doc[last.i + 2]
            after = doc[bare.i + 1] if bare.i + 1 < len(doc) else None
            if _BARE_DAY.match(bare.text) and int(_BARE_DAY.match(bare.text)[1]) > written \
                    and not (after is not None and (after.is_alpha and after.lower_ not in (
                        "and", "or", "in", "at", "on", "for", "the") or after.like_num)):
                added.append(_day_like(timex, bare, int(_BARE_DAY.match(bare.text)[1])))
    for extra in added:
        if not any(s < extra.end and extra.start < e for s, e in taken):
            taken.append((extra.start, extra.end))
            out.append(extra)
    out.sort(key=lambda t: t.start)


def _day_like(timex: Timex, token, day: int) -> Timex:
    """`timex` moved to another day of its month, on `token`."""
    value = f"{timex.value[:8]}{day:02d}"
    return replace(timex, start=token.idx, end=token.idx + len(token.text), text=token.text,
                   value=value, range=value_range(value), mod=None, deadline_cue=None)


def _clock_days(doc: Doc, out: list[Timex]) -> None:
    """"5 p.m. on Thursday", "at midnight on March 3": a clock time whose day is the date
    that follows it (joined by "on" or a comma) is on that day, not on the reference day."""
    words = _word_sets()
    text = doc_text(doc)
    for i in range(len(out) - 1):
        clock, day = out[i], out[i + 1]
        if clock.type != "TIME" or clock.anchor == "none" or not day.value:
            continue
        match = _CLOCK_VALUE.match(clock.value or "")
        if match is None or not _DAY_VALUE.match(day.value):
            continue
        between = text[clock.end:day.start].strip().lower()
        if between not in ("on", ",", "", "on the", "of"):
            continue
        if any(w in words["weekdays"] or w in words["months"] for w in clock.text.lower().split()):
            continue
        value = day.value + match[2]
        out[i] = replace(clock, value=value, range=value_range(value), anchor=day.anchor)

"""Pass 1 of normalisation (`analyse`): read the words of a span into an underspecified `Spec`."""

from __future__ import annotations

import re

from .calendar import safe_date
from .numbers import FRACTION_RE, NUMBER_RE, number, spelled_year
from .patterns import lexicon
from .spec import (
    _ABBREVIATIONS,
    _AMPM,
    _CLOCK,
    _DAY,
    _DECADE,
    _DECADE_WORDS,
    _FY,
    _ISO,
    _MIDX,
    _NUMERIC,
    _QCODE,
    _QCODE_REV,
    _YEAR,
    _YEAR_SHORT,
    _ZONES,
    Spec,
    _is_count_word,
    _join_split_years,
)


def analyse(text: str, words: list[str], hint: str | None = None) -> Spec:
    """Pass 1: read the (lower-case) words of a span into a Spec. `hint` is the label of the
    rule that found it; a SET rule's "a year" (after "$5") is a rate."""
    lex = lexicon()
    # wire abbreviations read as the words they stand for ("4th qtr", "nine mths")
    words = _join_split_years([_ABBREVIATIONS.get(w, w) for w in words])
    if len(words) >= 3 and words[-1] == "time" and words[-2] in ("'s", "'", "’s", "’"):
        words = words[:-2] + ["hence"]  # "in two weeks' time": that far ahead
    for k in range(len(words) - 1):
        # "the small hours", "the early hours of Sunday": the night, not a count of hours
        if words[k + 1] == "hours" and k and words[k - 1] == "the" and (
                words[k] in ("small", "wee") or words[k] == "early" and (
                    k + 2 == len(words) or words[k + 2] == "of" and k + 3 < len(words))):
            words = words[:k] + ["night"] + words[k + 2:]
            break
    same_time = len(words) >= 4 and words[-2:] in (["last", "year"], ["next", "year"]) and \
        words[-3] == "time"
    after_next = len(words) >= 3 and words[-2:] == ["after", "next"]
    if after_next:
        words = words[:-2] + ["next"]  # "the week after next": read as "next", one further on
    spec = Spec(text=text, words=words)
    if after_next:
        spec.flags.add("after_next")
    if same_time:
        spec.flags.add("same_time")
    if hint == "SET" and words and words[0] in ("a", "an", "per"):
        spec.every = True
    iso = _ISO.match(text.replace(" ", ""))
    if iso:
        spec.year, spec.month, spec.day = int(iso[1]), int(iso[2]), int(iso[3])
        return spec
    months, weekdays, units = lex["months"], lex["weekdays"], lex["units"]
    year, words = spelled_year(words)
    if year:
        spec.year = year
    if "these" in words and "days" in words:
        spec.deictic = "PRESENT_REF"
        return spec
    if "term" in words and len(words) == 3:
        # "the near term", "the long term": the future, with no measure
        spec.deictic = "FUTURE_REF"
        return spec
    for word, start in _DECADE_WORDS.items():
        if word in words:
            # "the nineteen sixties", "the eighteen nineties", "the mid-eighties"
            spec.decade = start - 100 if "eighteen" in words else start
            part = next((w for w in words if w in ("early", "mid", "late")), None)
            if part:
                spec.part, spec.part_word = lex["parts"][part], part
            return spec
    n = len(words)
    num_words: list[str] = []
    i = 0
    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        prv = words[i - 1] if i > 0 else ""
        pair = f"{w} {nxt}"
        if w == "some" and (NUMBER_RE.match(nxt) or (
                nxt in lex["number_words"] and nxt not in ("a", "an", "half"))):
            spec.approx = lex["approx"]["some"]  # "some eight months ago": about eight
            i += 1
            continue
        if pair in lex["approx"] and i + 1 < n - 1:
            spec.approx = lex["approx"][pair]
            i += 2
            continue
        if w in ("no", "as") and f"{w} {nxt} {words[i + 2] if i + 2 < n else ''}" in lex["approx"]:
            spec.approx = lex["approx"][f"{w} {nxt} {words[i + 2]}"]
            i += 3
            continue
        if pair in lex["holidays"] or w in lex["holidays"]:
            spec.holiday = pair if pair in lex["holidays"] else w
            i += 2 if pair in lex["holidays"] else 1
            continue
        if w in ("thanksgiving", "easter"):
            spec.holiday = w
        elif w == "election" and nxt == "day":
            spec.holiday = "election day"
            i += 2
            continue
        elif w == "new" and nxt == "year" and "'s" in words:
            spec.holiday = "new year's " + ("eve" if "eve" in words else "day")
            break
        elif w in months and not (w == "may" and spec.month):
            spec.month = months[w]
        elif w in weekdays:
            spec.weekday = weekdays[w]
        elif w in lex["weekdays_plural"]:
            spec.weekday = lex["weekdays_plural"][w]
            spec.every = True
        elif _ISO.match(w):
            m = _ISO.match(w)
            spec.year, spec.month, spec.day = int(m[1]), int(m[2]), int(m[3])
        elif _FY.match(w):
            m = _FY.match(w)
            if m[1]:
                spec.fy = int(m[1])
            else:
                short = m[3]
                spec.fy = int(short) if len(short) == 4 else 2000 + int(short)
                spec.fiscal = True
        elif _QCODE_REV.match(w) and not (w[1] == "h" and w[0] not in "12"):
            m = _QCODE_REV.match(w)
            if m[2] == "q":
                spec.quarter = int(m[1])
            else:
                spec.half = int(m[1])
            spec.year = int(m[3]) if len(m[3]) == 4 else 2000 + int(m[3])
        elif _NUMERIC.match(w):
            m = _NUMERIC.match(w)
            a, b = int(m[1]), int(m[2])
            month, day = (b, a) if a > 12 else (a, b)
            year = int(m[3]) if len(m[3]) == 4 else (1900 if int(m[3]) >= 50 else 2000) + int(
                m[3])
            if 1 <= month <= 12 and safe_date(year, month, day):
                spec.year, spec.month, spec.day = year, month, day
                if a <= 12 and b <= 12 and a != b:
                    spec.flags.add("numeric_either")  # 06/12: June 12 or 6 December
        elif _QCODE.match(w):
            m = _QCODE.match(w)
            kind, count, yr = (m[1], m[2], m[3]) if m[1] else (m[5], m[6], m[4])
            if kind == "q":
                spec.quarter = int(count)
            else:
                spec.half = int(count)
            if yr:
                spec.year = int(yr) if len(yr) == 4 else 2000 + int(yr)
        elif _DECADE.match(w):
            m = _DECADE.match(w)
            if m[1]:
                spec.part = lex["parts"][m[1]]
            if m[3]:
                spec.decade = int(m[3]) * 10
            else:
                short = int(m[2])
                spec.decade = (1900 if short >= 30 else 2000) + short
        elif _MIDX.match(w) and not _CLOCK.match(w):
            m = _MIDX.match(w)
            spec.part = lex["parts"][m[1]]
            spec.part_word = m[1]
            inner = analyse(m[2], [m[2]])
            for attr in ("year", "month", "unit", "season", "pod"):
                if getattr(inner, attr) is not None:
                    setattr(spec, attr, getattr(inner, attr))
        elif _YEAR.match(w) and nxt == "year" and not spec.month:
            spec.year = int(w)  # "1986 year includes a gain": that year, not 1986 years
            i += 2
            continue
        elif _YEAR.match(w) and nxt in units and (prv in ("the", "its", "fiscal", "their")
                                                  or not nxt.endswith("s")) \
                and not spec.month:
            spec.year = int(w)  # "the 1988 quarter": that year's period, not 1988 quarters
            spec.period_noun = True
            i += 2
            continue
        elif _YEAR.match(w) and not (nxt in units and not spec.month) and nxt not in _ZONES:
            spec.year = int(w)
        elif _YEAR_SHORT.match(w):
            short = int(_YEAR_SHORT.match(w)[1])
            spec.year = (1900 if short >= 30 else 2000) + short
        elif _AMPM.match(w) or w in ("o'clock",):
            if spec.clock is None and num_words:
                hour = number(num_words)
                if hour is not None and 0 < hour <= 12:
                    spec.clock = (int(hour), 0)
                num_words = []
            if spec.clock:
                h, m_ = spec.clock
                if w.startswith("p") and h < 12:
                    spec.clock = (h + 12, m_)
                elif w.startswith("a") and h == 12:
                    spec.clock = (0, m_)
        elif _CLOCK.match(w) and (":" in w or re.search(r"[ap]\.?m", w)
                                  or (nxt and _AMPM.match(nxt))):
            m = _CLOCK.match(w)
            if ":" in w or "." in w or m[3] or (nxt and _AMPM.match(nxt)):
                h, mi = int(m[1]), int(m[2] or 0)
                if m[3] == "p" and h < 12:
                    h += 12
                elif m[3] == "a" and h == 12:
                    h = 0
                spec.clock = (h, mi)
        elif re.fullmatch(r"([01][0-9]|2[0-3])([0-5][0-9])", w) and i + 1 < n and (
                words[i + 1] in _ZONES or (hint == "TIME" and words[i + 1] in ("hours", "hrs"))):
            spec.clock = (int(w[:2]), int(w[2:]))  # "0700 GMT", "at 1000 hours"
            if words[i + 1] in ("hours", "hrs"):
                i += 2
                continue
        elif w in ("noon", "midday") and not spec.pod:
            spec.clock = (12, 0)
        elif w == "midnight":
            spec.clock = (24, 0)
        elif (w in lex["ordinals"] and lex["ordinals"][w] > 0 or _DAY.match(w)) and \
                nxt == "of" and words[-1] == "month" and i + 3 < n and \
                words[i + 2] in lex["relative"]:
            # "the first of next month", "the 15th of this month": a day of that month
            spec.day = lex["ordinals"][w] if w in lex["ordinals"] else int(_DAY.match(w)[1])
            spec.flags.add("day_of_month")
        elif _DAY.match(w) and (spec.month or nxt in months or prv in ("the", ",")
                                or (i + 2 < n and words[i + 2] in months)) \
                and nxt not in units:
            if spec.month or any(x in months for x in words[i + 1:i + 3]):
                spec.day = int(_DAY.match(w)[1])
            else:
                num_words.append(w)
        elif w in lex["ordinals"] and nxt == "of" and i + 2 < n and words[i + 2] in months \
                and lex["ordinals"][w] > 0:
            # "the first of March", "the twenty-first of May"
            tens = {"twenty": 20, "thirty": 30}.get(words[i - 2] if prv == "-" and i > 1
                                                    else prv, 0)
            spec.day = tens + lex["ordinals"][w]
            num_words = []
        elif w in lex["ordinals"] and nxt in ("quarter", "half", "-", "quarters", "fiscal") \
                or (w in lex["ordinals"] and nxt == "-" and i + 2 < n
                    and words[i + 2] in ("quarter", "half")):
            o = lex["ordinals"][w]
            target = nxt if nxt != "-" and nxt != "fiscal" else words[i + 2]
            if target.startswith("half"):
                spec.half = 2 if o == -1 else o
            else:
                spec.quarter = 4 if o == -1 else o
            i += 1 if nxt in ("quarter", "half", "quarters") else 2
            i += 1
            continue
        elif w in ("fiscal", "financial", "tax", "budget"):
            spec.fiscal = True
        elif w in lex["set_words"] and not spec.unit:
            spec.set_value = lex["set_words"][w]
        elif w in ("every", "each", "per") or (w in ("times", "once", "twice", "thrice")):
            spec.every = True
        elif w == "a" and spec.every is False and prv and prv not in (
                "", "the", "about", "half", "quarter") \
                and nxt in units and i > 0 and _is_count_word(prv):
            spec.every = True
        elif w in ("year-earlier", "year-ago") or (w == "year" and nxt == "-" and i + 2 < n
                                                   and words[i + 2] in ("earlier", "ago")):
            spec.year_ago_adj = True
            if w == "year":
                i += 3
                continue
        elif w == "quarter" and prv in ("a", "an", "one", "-") and (
                nxt in ("of", "a", "an") or nxt in (
                "century", "hour", "mile")) and any(
                x in units and x not in ("quarter", "quarters") for x in words[i + 1:]):
            num_words = ["0.25"]  # "a quarter of a century": a fraction of the unit after it
        elif w in units:
            if w in ("quarter",) and spec.quarter:
                pass
            elif spec.weekday is not None and units[w] in ("W", "WE") and spec.rel is not None:
                spec.unit_anchor = "week"
            elif spec.month and units[w] == "Y" and spec.rel is not None:
                spec.unit_anchor = "year"
            elif units[w] == "D" and spec.deictic is not None and spec.rel is None:
                pass  # "the day before yesterday"
            else:
                if units[w] in ("W", "WE") and nxt in ("of", "beginning", "starting",
                                                       "commencing", "from"):
                    # "the week of March 6", "the week beginning 15 July": the week, not
                    # the day (and "beginning" is no START of it)
                    spec.flags.add("week_of")
                    if nxt != "of":
                        words[i + 1] = "of"
                spec.unit = units[w]
                spec.unit_plural = w.endswith("s") and w not in ("hrs",) or w == "centuries"
                if num_words:
                    spec.num = number(num_words) if not any(
                        x in lex["vague_numbers"] for x in num_words) else "X"
                    num_words = []
        elif w in lex["parts_of_day"]:
            spec.pod = lex["parts_of_day"][w]
            if w.endswith("s") and spec.weekday is not None:
                spec.every = True  # "Tuesday nights": every Tuesday night
            if w in ("overnight",):
                spec.deictic = spec.deictic if spec.deictic is not None else None
        elif w == "tonight":
            spec.deictic = 0
            spec.pod = "NI"
        elif w in lex["deictic"] and not (w == "present" and spec.unit) and w not in (
                "past",) and not (w == "current" and nxt in units):
            value = lex["deictic"][w]
            if isinstance(value, str) and spec.deictic is not None and isinstance(
                    spec.deictic, int):
                pass  # "yesterday" already fixes the day; "now" adds nothing
            else:
                spec.deictic = value
        elif w in lex["shift_words"] and (spec.unit or spec.num is not None or num_words
                                          or spec.deictic is not None) and i > 0:
            spec.shift = lex["shift_words"][w]
            spec.shift_word = w
        elif w == "from" and nxt in ("now", "today"):
            spec.shift = 1
            spec.shift_word = "from now"
            if nxt == "today":
                pass
            i += 2
            continue
        elif w in lex["parts"] and (w not in ("later", "earlier") or nxt in (
                "this", "that", "the", "in", "next", "last", "today", "yesterday", "tomorrow")
                or (nxt in weekdays or nxt in months)):
            spec.part = lex["parts"][w]
            spec.part_word = w
            if w in ("later", "earlier"):
                spec.flags.add("clip_" + w)
        elif w in lex["relative"]:
            if w in ("past", "this") and spec.rel is not None:
                pass  # "this past weekend", "this coming Sunday": keep the first word
            elif w == "past" and nxt in ("", ) and spec.rel is None:
                spec.deictic = "PAST_REF"
            else:
                spec.rel = lex["relative"][w]
                spec.rel_word = w
                if w in lex["anaphoric_relative"]:
                    spec.anaphoric = True
            if w in ("coming",) and prv == "this":
                spec.rel, spec.rel_word = 1, "coming"
            if w == "past" and prv == "this":
                spec.rel, spec.rel_word = -1, "past"
        elif w in ("latest", "recent", "first", "final", "remaining", "initial") \
                and not spec.rel_word:
            spec.rel_word = w
            if w in ("latest",):
                spec.rel = 0
        elif w in lex["seasons"] and not (w == "fall" and i == 0 and n == 1):
            spec.season = lex["seasons"][w]
        elif w == "future":
            spec.deictic = "FUTURE_REF"
        elif w in ("period",):
            spec.period_noun = True
        elif (w in ("to", "or") and num_words and (nxt in lex["number_words"]
                                                   or NUMBER_RE.match(nxt))) or (
                w == "-" and num_words and NUMBER_RE.match(num_words[-1])
                and NUMBER_RE.match(nxt)):
            # "two to three weeks", "12 to 18 months": the lower bound, as TimeBank marks
            # them (P2W), never the sum
            i += 2
            while i < n and (words[i] in lex["number_words"] or NUMBER_RE.match(words[i])):
                i += 1
            continue
        elif w in lex["number_words"] or NUMBER_RE.match(w) or FRACTION_RE.match(w) \
                or w in lex["vague_numbers"]:
            num_words.append(w)
        elif w in ("more", "additional", "full", "straight", "consecutive", "successive",
                   "long", "whole", "entire", "of", "the", "-", ",", "'s", "or", "so", "two",
                   "and", "its", "their", "his", "her", "our", "these", "those", "that",
                   "some", "sometime", "time", "while", "moment", "at", "day"):
            if w in ("time", "while") and spec.unit is None:
                spec.unit = "X"
        i += 1
    if spec.unit and spec.num is None and words[-2:] == ["-", "long"]:
        # "day-long", "decades-long": one unit, or an unmeasured number of them
        spec.num = "X" if spec.unit_plural else 1
    if spec.unit and spec.num is None and words[-3:] == ["and", "a", "half"] and \
            not spec.unit_plural:
        spec.num = 1.5  # "the past year and a half"
    if spec.unit and isinstance(spec.num, float) and "half" in words and \
            words.index("half") > 0 and words[words.index("half") - 1] in ("a", "an") and \
            "and" in words[:words.index("half")] and spec.num.is_integer():
        spec.num += 0.5  # "a minute and a half"
    if spec.unit == "CE" and spec.num is None:
        for w in words:
            o = lex["ordinals"].get(w) or (
                int(w[:-2]) if re.fullmatch(r"[0-9]{1,2}(st|nd|rd|th)", w) else None)
            if o and o > 0:
                spec.decade = None
                spec.flags.add(f"century:{o - 1:02d}")
    if num_words and spec.clock is None and spec.pod and spec.unit is None and (
            "in" in words or "at" in words):
        # "4 in the morning", "eight in the evening", "10 at night": an hour of that part
        hour = number(num_words)
        if hour is not None and hour.is_integer() and 1 <= hour <= 12:
            h = int(hour) % 12
            if spec.pod in ("AF", "EV") or (spec.pod == "NI" and h >= 6):
                h += 12
            spec.clock, spec.pod = (h, 0), None
            num_words = []
    if num_words and spec.num is None and spec.unit is None and spec.clock is None:
        value = number(num_words)
        if value is not None and spec.year is None and 1 <= value <= 31 and spec.month:
            spec.day = int(value)
    if spec.half and spec.month and not spec.day:
        # "the second half of February": a part of the month, not of the year
        spec.part = "START" if spec.half == 1 else "END"
        spec.flags.add(f"half_of_month:{spec.half}")
        spec.half = None
    if spec.unit == "W" and spec.month and not spec.day and spec.num is None and \
            "of" in words and words.index("of") > 0 and words[words.index("of") - 1] == "week":
        # "the first week of August": the month, marked START, with a range of its first seven
        # days ("the last week of June": END, its last seven)
        k = words.index("of") - 2
        o = lex["ordinals"].get(words[k]) if k >= 0 else None
        if o is not None and (o == -1 or 1 <= o <= 4):
            spec.flags.add(f"week_of_month:{o}")
            spec.part = "START" if o == 1 else "END" if o == -1 else "MID"
            spec.unit, spec.rel_word = None, None
    if spec.unit == "Y" and not spec.period_noun and spec.year and spec.num is None:
        spec.unit = None  # "the year two thousand", "fiscal year 1989": the year itself
    return spec

"""Two-pass normalisation of a time expression, HeidelTime style.

Pass 1 (`analyse`) reads the words of a span into a `Spec`: what the expression says on its own
(a month, a weekday, "last" + week, a count of units, a part such as "early" …), with an
underspecified TIMEX3 value ("XXXX-03", "XXXX-WXX-5").
Pass 2 (`resolve`) fixes it against a reference: the publication date, the speech time of a
quote, or the previous date of the narrative, with the tense of the governing verb deciding the
direction of bare weekdays, months and seasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import Period, bounds, narrow, period_value, safe_date, shift, value_range
from .numbers import FRACTION_RE, NUMBER_RE, number, spelled_year
from .patterns import lexicon
from .reckon import duration_value, holiday_date, season, season_of, weekday_near, year_for

_YEAR = re.compile(r"^(1[0-9]|20)[0-9]{2}$")
_YEAR_SHORT = re.compile(r"^['’]([0-9]{2})$")
_DAY = re.compile(r"^(0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$")
_DECADE = re.compile(r"^(?:(mid|early|late)-)?(?:['’]?([0-9]0)s|((?:1[0-9]|20)[0-9])0s)$")
_MIDX = re.compile(r"^(mid|early|late)-(.+)$")
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3])(?:[:.]([0-5][0-9]))?([ap])?\.?(?:m\.?)?$")
_AMPM = re.compile(r"^([ap])\.?m\.?$")
_QCODE = re.compile(
    r"^(?:([qh])([1-4])[-/ ]?((?:19|20)?[0-9]{2})?|((?:19|20)[0-9]{2})[-/]?([qh])([1-4]))$")
# "3Q24", "1H2024": the count first, as brokers write them
_QCODE_REV = re.compile(r"^([1-4])([qh])((?:19|20)?[0-9]{2})$")
# "06/12/2024": month first unless the day cannot be a month ("25/12/2024")
_NUMERIC = re.compile(r"^([0-3]?[0-9])/([0-3]?[0-9])/((?:19|20)?[0-9]{2})$")
_FY = re.compile(r"^(?:((?:19|20)[0-9]{2})[/–-]((?:19|20)?[0-9]{2})|fy((?:19|20)?[0-9]{2}))")
_ISO = re.compile(r"^((?:19|20)[0-9]{2})[-/]([01][0-9])[-/]([0-3][0-9])")
_REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_MODALS = frozenset({"will", "would", "could", "might", "may", "can", "shall", "should",
                     "must", "'ll", "'d"})
# "the nineties": the decade of the last century (news of this corpus era and today alike)
_DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                 "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
_UNIT_GRAN = {"D": "day", "W": "week", "WE": "weekend", "FN": "week", "M": "month",
              "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century"}
_ABBREVIATIONS = {"qtr": "quarter", "qtrs": "quarters", "mth": "month", "mths": "months",
                  "wk": "week", "wks": "weeks"}
_ZONES = frozenset({"est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "bst", "cet",
                    "cest", "utc", "et", "pt", "local"})
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "last", "final")


@dataclass
class Spec:
    """What the words of one expression say, before any reference time is applied."""

    text: str
    words: list[str]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    decade: int | None = None
    fy: int | None = None  # first year of a split financial year ("2024/25")
    fiscal: bool = False
    holiday: str | None = None
    rel: int | None = None  # last -1 / this 0 / next +1
    rel_word: str | None = None
    unit: str | None = None  # unit code: D W M Y Q WE FN DE CE H TM S
    unit_plural: bool = False
    unit_anchor: str | None = None  # "week" of "Friday last week", "year" of "July last year"
    num: float | str | None = None  # a count, or "X" for "several", "a few"
    shift: int | None = None  # -1 ago/earlier, +1 later
    shift_word: str | None = None
    part: str | None = None  # START / MID / END
    part_word: str | None = None
    approx: str | None = None
    deictic: str | int | None = None  # day offset or a *_REF
    pod: str | None = None  # MO AF EV NI
    clock: tuple[int, int] | None = None
    set_value: str | None = None
    every: bool = False
    anaphoric: bool = False
    year_ago_adj: bool = False  # "year-earlier", "year-ago"
    period_noun: bool = False  # "the quarter", "the latest period"
    flags: set[str] = field(default_factory=set)

    @property
    def underspecified(self) -> str:
        """The pass-1 value: the fields the words fix, X for the rest."""
        if self.set_value:
            return self.set_value
        if isinstance(self.deictic, str):
            return self.deictic
        y = f"{self.year:04d}" if self.year else "XXXX"
        if self.month:
            value = f"{y}-{self.month:02d}"
            return f"{value}-{self.day:02d}" if self.day else value
        if self.weekday is not None:
            return f"{y}-WXX-{self.weekday + 1}"
        if self.quarter:
            return f"{y}-Q{self.quarter}"
        if self.season:
            return f"{y}-{self.season}"
        if self.decade is not None:
            return f"{self.decade // 10:03d}"
        return y


@dataclass
class Context:
    """Pass-2 inputs for one expression."""

    ref: date | None  # the reference day (publication date or speech time)
    ref_anchor: str  # dct | speech_time
    direction: str | None  # past | future | None (from the governing verb)
    prev: Period | None = None  # the last resolved date of the narrative
    prev_quarter: Period | None = None  # the last quarter-like period, for "a year earlier"
    narrative_year: int | None = None  # the year of a recent explicit date that moved the story
    prev_near: Period | None = None  # the last date, if in this sentence or the one before
    adjacent_day: date | None = None  # a date just before ("1 May to 3 June")
    period_end: date | None = None  # the date of "the quarter ended Sept. 30"
    before: str = ""  # the word just before the expression (lower case)
    after: str = ""  # the word just after it


@dataclass
class Resolved:
    type: str
    value: str
    mod: str | None
    anchor: str
    range: list[str] | None
    period: Period | None = None


def is_split_year(first: str, separator: str, second: str) -> bool:
    """"2024", "-", "25": a season or financial year written across two years."""
    return bool(re.fullmatch(r"(19|20)[0-9]{2}", first) and separator in ("-", "–", "/")
                and re.fullmatch(r"[0-9]{2}", second)
                and (int(first) + 1) % 100 == int(second))


def _join_split_years(words: list[str]) -> list[str]:
    for i in range(len(words) - 2):
        if is_split_year(*words[i:i + 3]):
            return words[:i] + [f"{words[i]}/{words[i + 2]}"] + words[i + 3:]
    return words


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


def _is_count_word(word: str) -> bool:
    return bool(NUMBER_RE.match(word)) or word in lexicon()["number_words"] or word in (
        "once", "twice", "thrice", "times", "%", "percent", "pct", "cents", "cts", "dollars",
        "dlrs")


# ---------------------------------------------------------------------------------------------
# pass 2


def resolve(spec: Spec, ctx: Context) -> Resolved:  # noqa: C901 - one decision table
    """Pass 2: the TIMEX3 type, value, mod and range of a Spec in its context."""
    ref = ctx.ref
    anchor = ctx.ref_anchor if ref else "none"
    mod = spec.part or spec.approx
    if spec.rel_word == "next" and spec.words[0] == "the" and spec.num is None and \
            not spec.unit_plural and ctx.direction == "past" and ctx.prev is not None:
        # "police found the rifle the next day": in a past narrative "the next" counts from
        # the story's last date, as "the following" does; "the next year or so" (future) and
        # "next week" (no article) count from now
        spec.anaphoric = True

    def date_result(p: Period | None, value: str | None = None, how: str | None = None,
                    rng: list[str] | None = None, type_: str = "DATE") -> Resolved:
        if p is not None and p.gran == "day" and "week_of" in spec.flags:
            p = Period("weekend" if spec.unit == "WE" else "week", p.day)
        val = value if value is not None else period_value(p) if p else spec.underspecified
        r = rng if rng is not None else value_range(val, spec.part)
        half = next((f for f in spec.flags if f.startswith("half_of_month:")), None)
        if half and p is not None and p.gran == "month" and rng is None:
            first, last = bounds(p)
            r = [first.isoformat(), first.replace(day=15).isoformat()] if half.endswith(
                ":1") else [first.replace(day=16).isoformat(), last.isoformat()]
        week = next((f for f in spec.flags if f.startswith("week_of_month:")), None)
        if week and p is not None and p.gran == "month" and rng is None:
            first, last = bounds(p)
            o = int(week.split(":")[1])
            start = last - timedelta(days=6) if o == -1 else first + timedelta(days=7 * (o - 1))
            r = [start.isoformat(), min(start + timedelta(days=6), last).isoformat()]
        if p and rng is None and spec.flags and ref:
            first, last = bounds(p)
            if "clip_earlier" in spec.flags and first <= ref <= last:
                r = [first.isoformat(), ref.isoformat()]
            elif "clip_later" in spec.flags and first <= ref <= last:
                r = [ref.isoformat(), last.isoformat()]
        return Resolved(type_, val, mod, how or anchor, r, p)


    if "same_time" in spec.flags and ref is not None and spec.rel in (-1, 1):
        # "this time last year": the month a year off (TimeML marks no finer point)
        day = safe_date(ref.year + spec.rel, ref.month, min(ref.day, 28))
        return date_result(Period("month", day), how=anchor)
    # --- sets ---------------------------------------------------------------------------
    if spec.set_value and not spec.every:
        return Resolved("SET", spec.set_value, None, "none", None)
    if spec.every:
        if spec.weekday is not None:
            value = f"XXXX-WXX-{spec.weekday + 1}"
            if spec.pod:
                value += f"T{spec.pod}"
        elif spec.month:
            value = f"XXXX-{spec.month:02d}"
        elif spec.season:
            value = f"XXXX-{spec.season}"  # "every summer"
        elif spec.unit and spec.unit != "X":
            num = spec.num if spec.num not in (None, "X") and not spec.unit_plural else 1
            if spec.num not in (None, "X"):
                num = spec.num
            elif "other" in spec.words and not spec.unit_plural:
                num = 2  # "every other week": every second one
            value = duration_value(spec.unit, num)
        elif spec.pod:
            value = f"XXXX-XX-XXT{spec.pod}"
        else:
            value = spec.set_value or "P1D"
        return Resolved("SET", value, None, "none", None)

    # --- vague references ---------------------------------------------------------------
    if isinstance(spec.deictic, str) and spec.unit is None and spec.month is None \
            and spec.weekday is None and spec.year is None and spec.clock is None:
        rng = [ref.isoformat(), ref.isoformat()] if ref and spec.deictic == "PRESENT_REF" \
            else None
        return Resolved("DATE", spec.deictic, spec.approx, anchor if ref else "none", rng)

    # --- counts of units: durations, or shifted dates with ago/earlier/later --------------
    if spec.unit and (spec.num is not None or spec.unit_plural or spec.unit == "X") \
            and spec.year is None and spec.month is None and spec.weekday is None:
        if spec.shift is not None:
            return _shifted(spec, ctx, mod)
        if spec.words == ["one", "day"] and ctx.before in _MODALS:
            # "Islam will one day be …", "he hoped he would one day fly": an unknown future
            return Resolved("DATE", "FUTURE_REF", None, anchor if ref else "none", None)
        vague = spec.num in (None, "X")
        # "recent weeks", "the next few days": TimeBank gives durations (PXW, PXD); only a
        # bare "recent"/"future" with a plural period and no count reads as a REF
        if vague and spec.unit_plural and spec.rel_word is None and spec.num is None and \
                spec.deictic == "FUTURE_REF":
            future = spec.rel_word in ("coming", "next", "following") or \
                spec.deictic == "FUTURE_REF"
            value = "FUTURE_REF" if future else "PAST_REF"
            return Resolved("DATE", value, None, anchor if ref else "none", None)
        # "past years", "the last few months", "recent years", "coming quarters": an
        # unmeasured stretch before (after) now is a REF; "recent weeks", "the next few days"
        # stay durations (TimeBank's usage)
        long_unit = spec.unit in ("Y", "Q", "DE")
        if vague and spec.unit_plural and (spec.rel_word in ("past", "last") or (
                spec.rel_word == "coming" and long_unit) or (
                "recent" in spec.words and long_unit)):
            value = "PAST_REF" if spec.rel_word != "coming" else "FUTURE_REF"
            return Resolved("DATE", value, None, anchor if ref else "none", None)
        return Resolved("DURATION", duration_value(spec.unit, spec.num), spec.approx,
                        "none", None)
    if spec.shift is not None and spec.unit and spec.unit != "X":
        return _shifted(spec, ctx, mod)
    if ctx.period_end is not None and spec.unit in ("Q", "W", "M") and spec.num is None and \
            not (spec.quarter or spec.half or spec.year or spec.rel_word in ("last", "next")) \
            and not (spec.unit == "Q" and ctx.prev_quarter is not None):
        # "the quarter ended Sept. 30", "the week ended March 6": the period that date closes
        # (unless the story has named its quarter already: a fiscal "first quarter" ended
        # Sept. 30 stays Q1, as TimeML writes fiscal quarters by their own number)
        return date_result(Period(_UNIT_GRAN[spec.unit], ctx.period_end),
                           how="previous_timex")
    if ctx.period_end is not None and spec.unit == "Y" and spec.num is None and \
            (ctx.period_end.month, ctx.period_end.day) == (12, 31) and not (
            spec.year or spec.rel_word in ("last", "next")):
        # "the full year ended December 31, 1986" is that calendar year; a year ending on
        # another day is a twelve-month span (below)
        return date_result(Period("year", ctx.period_end), how="previous_timex")
    if spec.period_noun and spec.year and ctx.prev_quarter is not None:
        # "the 1988 period": the narrative's quarter in that year
        p = Period(ctx.prev_quarter.gran, ctx.prev_quarter.day.replace(year=spec.year))
        return date_result(p, how="previous_timex")
    if spec.period_noun and spec.rel_word in ("latest", "same", "current") and ref:
        p = _reported_quarter(spec, ctx)
        return date_result(p, how="previous_timex" if p == ctx.prev_quarter else anchor)
    if ctx.prev_quarter is not None and spec.rel == -1 and spec.rel_word == "last" and \
            "year" in spec.words and spec.unit in ("Q", "Y") and not spec.quarter and (
                spec.period_noun or "quarter" in spec.words):
        # "the corresponding period last year", "last year's quarter"
        return date_result(shift(ctx.prev_quarter, -1, "year"), how="previous_timex")
    if spec.year_ago_adj:
        base = ctx.prev_quarter or (Period("year", ref) if ref else None)
        if ctx.prev_quarter is None and ref and ("quarter" in spec.words or spec.period_noun):
            # "the year-earlier quarter" with no quarter named yet: the one just reported
            base = shift(Period("quarter", ref), -1)
        if base is None:
            return date_result(None, "XXXX", "none")
        return date_result(shift(base, -1, "year"), how="previous_timex"
                           if ctx.prev_quarter else anchor)

    # --- clock times and parts of days -------------------------------------------------
    if spec.clock or (spec.pod and spec.unit is None):
        day_res = _day_of(spec, ctx)
        if spec.clock:
            h, m = spec.clock
            suffix = f"T{h:02d}:{m:02d}"
        else:
            suffix = f"T{spec.pod}"
        if day_res is None:
            return Resolved("TIME", "XXXX-XX-XX" + suffix, mod, "none", None)
        p, how = day_res
        return Resolved("TIME", period_value(p) + suffix, mod, how, value_range(
            period_value(p)), p)

    # --- explicit calendar pieces -------------------------------------------------------
    if spec.fy is not None:
        first, last = narrow(date(spec.fy, 4, 1), date(spec.fy + 1, 3, 31), spec.part)
        return Resolved("DATE", f"FY{spec.fy}", mod, "none",
                        [first.isoformat(), last.isoformat()], Period("year", date(spec.fy, 4, 1)))
    century = next((f.split(":")[1] for f in spec.flags if f.startswith("century:")), None)
    if century is not None:
        # "the 20th century" -> 19 (TIMEX3 centuries are the first two digits of the years)
        return date_result(Period("century", date(max(int(century) * 100, 1), 1, 1)),
                           how="none")
    if spec.decade is not None and spec.year is None:
        return date_result(Period("decade", date(spec.decade, 1, 1)), how="none")
    if spec.holiday:
        year = spec.year
        how = "none"
        if year is None:
            if ref is None:
                return Resolved("DATE", "XXXX-XX-XX", mod, "none", None)
            year, how = ref.year, anchor
            d = holiday_date(spec.holiday, year)
            if d and ctx.direction is None and spec.rel is None:
                # no tense: the nearer one ("Easter" a week before Easter is this year's)
                other = holiday_date(spec.holiday, year - 1 if d > ref else year + 1)
                if other and abs((other - ref).days) < abs((d - ref).days):
                    year = other.year
            elif d and ctx.direction != "future" and d > ref:
                year -= 1
            elif d and ctx.direction == "future" and d < ref:
                year += 1
        d = holiday_date(spec.holiday, year)
        return date_result(Period("day", d) if d else None, how=how)
    if spec.quarter or spec.half:
        gran = "quarter" if spec.quarter else "half"
        month = 3 * spec.quarter - 2 if spec.quarter else (1 if spec.half == 1 else 7)
        if spec.year:
            return date_result(Period(gran, date(spec.year, month, 1)), how="none")
        if ref is None:
            return date_result(None, f"XXXX-{'Q' if spec.quarter else 'H'}"
                               f"{spec.quarter or spec.half}", "none")
        year = ref.year
        if spec.unit == "Y" and spec.rel is not None:
            year = ref.year + spec.rel  # "next year's first quarter"
        p = Period(gran, date(year, month, 1))
        current = Period(gran, ref)
        if ctx.direction == "past" and bounds(p)[0] > ref and spec.rel is None:
            p = shift(p, -1, "year")
        if ctx.prev_quarter and ctx.prev_quarter.gran == gran and spec.rel is None \
                and spec.unit != "Y" and bounds(ctx.prev_quarter)[0] <= ref \
                and ctx.prev_quarter.day.year >= ref.year - 1:
            # a forecast ("the third quarter of 1990") does not set the narrative's year
            # "the third quarter" after "fiscal 1989 …": the year of the narrative's quarter
            # (a recent one: "stopped paying in the third quarter of 1984" is history, and
            # "reported third-quarter net" after it is this year's)
            p = Period(gran, date(ctx.prev_quarter.day.year, month, 1))
        del current
        return date_result(p)
    if spec.month and spec.year:
        if spec.day and "numeric_either" in spec.flags and ref is not None:
            # an all-numeric date both ways valid: the reading nearer the reference
            other = safe_date(spec.year, spec.day, spec.month)
            mine = safe_date(spec.year, spec.month, spec.day)
            if other and mine and abs((other - ref).days) < abs((mine - ref).days):
                spec.month, spec.day = spec.day, spec.month
        if spec.day:
            d = safe_date(spec.year, spec.month, spec.day)
            return date_result(Period("day", d) if d else None, how="none")
        return date_result(Period("month", date(spec.year, spec.month, 1)), how="none")
    if spec.year and spec.season:
        return date_result(season(spec.year, spec.season), how="none")
    if spec.year and not spec.unit and spec.weekday is None:
        return date_result(Period("year", date(spec.year, 1, 1)), how="none")

    if ref is None:
        return date_result(None, spec.underspecified, "none", None)

    # --- relative to the reference (publication, speech time, narrative) ---------------
    if spec.month:
        if spec.unit_anchor == "year" and spec.rel is not None:
            year = ref.year + spec.rel
        elif spec.rel == -1:
            year = ref.year if spec.month < ref.month else ref.year - 1
        elif spec.rel == 1:
            year = ref.year if spec.month > ref.month else ref.year + 1
        elif spec.rel == 0:
            year = ref.year
        elif ctx.adjacent_day:
            # "from 1 August to 5 August", "30 December 2023 to 2 January", "from
            # mid-December to early January": the year of the range's start, or the next one
            # when the end would come before the start
            year, anchor = ctx.adjacent_day.year, "previous_timex"
            end = safe_date(year, spec.month, spec.day or 1)
            start = ctx.adjacent_day if spec.day else ctx.adjacent_day.replace(day=1)
            if end and end < start:
                year += 1
        elif ctx.narrative_year and ctx.narrative_year != ref.year and \
                ctx.direction != "future":
            year = ctx.narrative_year
            anchor = "previous_timex"
        else:
            year = year_for(ref, spec.month, ctx.direction, spec.day)
        if spec.day:
            d = safe_date(year, spec.month, spec.day)
            return date_result(Period("day", d) if d else None)
        if spec.unit == "Q" and spec.num is None:
            return date_result(Period("quarter", date(year, spec.month, 1)))
        return date_result(Period("month", date(year, spec.month, 1)))
    if spec.weekday is not None:
        if spec.unit_anchor == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=spec.rel or 0)
            return date_result(Period("day", monday + timedelta(days=spec.weekday)))
        base = ref
        how = anchor
        if spec.anaphoric and ctx.prev and ctx.prev.gran == "day":
            base, how = ctx.prev.day, "previous_timex"
        return date_result(Period("day", weekday_near(base, spec.weekday, ctx.direction,
                                                       spec.rel)), how=how)
    if spec.season:
        p = season(ref.year, spec.season)
        current = season_of(ref)
        if spec.rel == -1 or (spec.rel is None and ctx.direction == "past"):
            while bounds(p)[0] >= bounds(current)[0]:
                p = shift(p, -1, "year")
        elif spec.rel == 1 or (spec.rel is None and ctx.direction == "future"):
            while bounds(p)[0] <= bounds(current)[0]:
                p = shift(p, 1, "year")
        return date_result(p)
    if isinstance(spec.deictic, int):
        return date_result(Period("day", ref + timedelta(days=spec.deictic)))
    if spec.unit and spec.unit in _UNIT_GRAN:
        return _relative_unit(spec, ctx, date_result)
    return date_result(None, spec.underspecified, "none", None)


def _relative_unit(spec: Spec, ctx: Context, date_result) -> Resolved:
    """"last week", "this year", "the following day", "the quarter", "the weekend" …"""
    ref = ctx.ref
    gran = _UNIT_GRAN[spec.unit]
    base = Period(gran, ref)
    how = None
    if spec.anaphoric and ctx.prev is not None:
        if gran == "day" and ctx.prev.gran in ("month", "year") and spec.rel in (None, 0):
            # "that same day" after "in October": a day of that month, not its first
            value = period_value(ctx.prev) + ("-XX" if ctx.prev.gran == "month" else "-XX-XX")
            return date_result(None, value, "previous_timex",
                               value_range(period_value(ctx.prev)))
        base = Period(gran, ctx.prev.day)
        how = "previous_timex"
    if gran == "quarter" and spec.rel is None or (gran == "quarter" and spec.rel_word in (
            "latest", "same", "that")):
        p = _reported_quarter(spec, ctx)
        return date_result(p, how="previous_timex" if p == ctx.prev_quarter else None)
    if gran == "weekend":
        p = Period("weekend", ref)
        first, last = bounds(p)
        if spec.rel == -1 or (spec.rel in (None, 0) and ctx.direction == "past"):
            if ref <= last:
                p = shift(p, -1) if ref < first or spec.rel == -1 and ref >= first else p
        elif spec.rel == 1 or ctx.direction == "future" or spec.rel == 0:
            if ref > last:
                p = shift(p, 1)
            if spec.rel == 1 and ref >= first:
                p = shift(p, 1)
        else:
            # no tense: the weekend nearest the reference
            if ref < first and (first - ref).days > 2:
                p = shift(p, -1)
        if "after_next" in spec.flags:
            p = shift(p, 1)  # "the weekend after next": one on from "next weekend"
        return date_result(p, how=how)
    if spec.rel is None and not spec.anaphoric:
        if spec.rel_word in ("first", "final", "initial"):
            # "in the first year": a stretch of one unit, a duration
            return Resolved("DURATION", duration_value(spec.unit, 1), spec.approx, "none", None)
        if gran == "year" and not spec.part and not spec.flags and spec.words[-1] == "year" \
                and all(w in ("the", "fiscal", "full", "year") for w in spec.words):
            if ctx.after in ("ended", "ending", "to", "through") or ctx.before in (
                    "throughout",):
                # "the year ended March 31": a twelve-month span, not the calendar year
                return Resolved("DURATION", "P1Y", None, "none", None)
            return date_result(base, how=how)  # "for the year", "a high for the year"
        return date_result(base, how=how)
    offset = spec.rel or 0
    if "after_next" in spec.flags:
        offset += 1
    period = shift(base, offset)
    if "day_of_month" in spec.flags and gran == "month" and spec.day:
        day = safe_date(period.day.year, period.day.month, spec.day)
        if day is not None:
            return date_result(Period("day", day), how=how)
    return date_result(period, how=how)


def _reported_quarter(spec: Spec, ctx: Context) -> Period:
    """"the quarter", "the latest quarter": the narrative's quarter (which may be a fiscal
    one: "the fiscal first quarter" ... "the quarter" is Q1 whatever its calendar months), or
    else the last one completed before the reference."""
    last_done = shift(Period("quarter", ctx.ref), -1)
    p = ctx.prev_quarter
    if p is None:
        return last_done
    return p


def _shifted(spec: Spec, ctx: Context, mod: str | None) -> Resolved:
    """"two years ago", "a year earlier", "three days later"."""
    ref = ctx.ref
    direction = spec.shift or -1
    if ref is None:
        return Resolved("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod, "none",
                        None)
    # "months ago", "years later": plural with no count is an unmeasured shift, not one unit
    num = spec.num if spec.num is not None else "X" if spec.unit_plural else 1
    anaphoric = spec.shift_word not in ("ago", "hence", "from now")
    base_day, how = ref, ctx.ref_anchor
    if anaphoric and ctx.prev is not None:
        base_day, how = ctx.prev.day, "previous_timex"
    if num == "X" or spec.unit in ("H", "TM", "S", "X"):
        if spec.unit in ("H", "TM", "S") and num != "X":
            hours = {"H": 1, "TM": 1 / 60, "S": 1 / 3600}[spec.unit] * float(num)
            d = base_day + timedelta(days=direction * round(hours / 24))
            return Resolved("DATE", d.isoformat(), mod, how, value_range(d.isoformat()),
                            Period("day", d))
        value = "PAST_REF" if direction < 0 else "FUTURE_REF"
        if anaphoric and how == "previous_timex" and (ctx.direction == "past" or (
                ctx.direction is None and bounds(ctx.prev)[1] < ref - timedelta(days=7))):
            value = "PAST_REF"  # "a few days later, the firm announced …": still the past
        return Resolved("DATE", value, mod, how, None)
    num = float(num)
    unit = spec.unit
    quarter_named = spec.words[:2] in (["the", "quarter"], ["the", "period"])
    if unit == "Y" and num == 1 and (ctx.prev_quarter is not None or quarter_named):
        # "a year earlier" after a named quarter; "the quarter a year ago" on its own: the
        # quarter just reported, a year back
        base_q = ctx.prev_quarter or shift(Period("quarter", ref), -1)
        p = shift(base_q, -1 if direction < 0 else 1, "year")
        return Resolved("DATE", period_value(p), mod, "previous_timex", value_range(
            period_value(p)), p)
    gran = {"D": "day", "W": "week", "WE": "day", "FN": "day", "M": "month", "Q": "quarter",
            "Y": "year", "DE": "year", "CE": "year"}[unit]
    steps = int(round(num))
    p = Period(gran, base_day)
    if steps * {"D": 1, "W": 7, "FN": 14, "WE": 7, "M": 31, "Q": 92, "Y": 366, "DE": 3660,
                "CE": 36600}[unit] > 1_000_000:
        # "232,000 year ago" (a count of something else read as years) cannot be a calendar
        # date: Python's dates stop at year 1; say only which side of the reference it lies
        return Resolved("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod, how, None)
    if unit == "W":
        p = shift(p, direction * steps * 7, "day")
    elif unit == "FN":
        p = shift(p, direction * steps * 14, "day")
    elif unit == "DE":
        p = shift(p, direction * steps * 10, "year")
    elif unit == "CE":
        p = shift(p, direction * steps * 100, "year")
    else:
        p = shift(p, direction * steps, {"D": "day", "M": "month", "Q": "quarter",
                                         "Y": "year", "WE": "week"}[unit])
    value = period_value(p)
    return Resolved("DATE", value, mod, how, value_range(value), p)


def _day_of(spec: Spec, ctx: Context) -> tuple[Period, str] | None:
    """The day a clock time or part of day belongs to."""
    ref = ctx.ref
    if spec.month and spec.day:
        year = spec.year or (year_for(ref, spec.month, ctx.direction, spec.day) if ref else None)
        if year is None:
            return None
        d = safe_date(year, spec.month, spec.day)
        return (Period("day", d), "none" if spec.year else ctx.ref_anchor) if d else None
    if ref is None:
        return None
    if spec.weekday is not None:
        return Period("day", weekday_near(ref, spec.weekday, ctx.direction, spec.rel)), \
            ctx.ref_anchor
    if isinstance(spec.deictic, int):
        return Period("day", ref + timedelta(days=spec.deictic)), ctx.ref_anchor
    if spec.rel == -1 and spec.pod == "NI":
        return Period("day", ref - timedelta(days=1)), ctx.ref_anchor
    if spec.anaphoric and ctx.prev is not None and ctx.prev.gran == "day":
        if spec.rel in (-1, 1) and spec.rel_word not in ("same", "that"):
            # "the following morning", "the previous night": the day after (before) it
            return Period("day", ctx.prev.day + timedelta(days=spec.rel)), "previous_timex"
        return ctx.prev, "previous_timex"
    if (spec.clock or (spec.pod and spec.words[0] == "the" and spec.rel is None)) and \
            ctx.prev_near is not None and ctx.prev_near.gran == "day":
        # "Friday … at about 10:35 a.m.", "Friday … in the morning": a bare clock time or
        # "the morning" is on the day just mentioned
        return ctx.prev_near, "previous_timex"
    return Period("day", ref), ctx.ref_anchor


def is_ref_value(value: str) -> bool:
    return value in _REFS

"""What the two normalisation passes share: the word patterns, the `Spec` pass 1 reads from the
words, the `Context` pass 2 resolves against, and its `Resolved` result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .calendar import Period
from .numbers import NUMBER_RE
from .patterns import lexicon

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


def _is_count_word(word: str) -> bool:
    return bool(NUMBER_RE.match(word)) or word in lexicon()["number_words"] or word in (
        "once", "twice", "thrice", "times", "%", "percent", "pct", "cents", "cts", "dollars",
        "dlrs")


def is_ref_value(value: str) -> bool:
    return value in _REFS

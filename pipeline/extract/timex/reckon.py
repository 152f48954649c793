"""Calendar reckoning against a reference day: which year a bare month falls in, which day a
bare weekday is, the date of a holiday, and the TIMEX3 value of a count of units. Pure
functions, used by pass 2 of `normalise.py`."""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import SEASON_CODES, Period, safe_date
from .patterns import lexicon

# how far (days) a tenseless month may lie from the reference and still be in its year
_SAME_YEAR_DAYS = 240


def duration_value(unit: str, num: float | str | None) -> str:
    if num is None:
        num = "X"
    if num != "X" and isinstance(num, float) and not num.is_integer():
        # fractions split into the next unit down: 2.5 years -> P2Y6M, 5.5 hours -> PT5H30M
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24),
                   "H": ("TM", 60), "TM": ("S", 60)}
        if unit in smaller:
            small, factor = smaller[unit]
            whole, rest = int(num), round((num - int(num)) * factor)
            codes = {"TM": "M"}
            first = f"{whole}{codes.get(unit, unit)}" if whole else ""
            second = f"{rest}{codes.get(small, small)}"
            if unit in ("H", "TM"):
                return f"PT{first}{second}"
            if unit == "D":
                return f"P{first}T{second}"
            return f"P{first}{second}"
    count = "X" if num == "X" else str(int(num)) if float(num).is_integer() else f"{num:g}"
    if unit == "DE":
        return "PXDE" if count == "X" else f"P{round(float(num) * 10)}Y"
    if unit == "CE":
        return "PXCE" if count == "X" else f"P{round(float(num) * 100)}Y"
    if unit == "FN":
        return "PXW" if count == "X" else f"P{int(num) * 2}W"
    if unit in ("H", "TM", "S"):
        return f"PT{count}{'M' if unit == 'TM' else unit}"
    if unit == "X":
        return "PXX"
    return f"P{count}{unit}"


def weekday_near(ref: date, weekday: int, direction: str | None, rel: int | None) -> date:
    diff = (weekday - ref.weekday()) % 7
    if rel == -1:
        return ref - timedelta(days=(ref.weekday() - weekday) % 7 or 7)
    if rel == 1:
        return ref + timedelta(days=diff or 7)
    if direction == "future" or (rel == 0 and direction != "past"):
        return ref + timedelta(days=diff)
    back = (ref.weekday() - weekday) % 7
    if direction is None and rel is None and diff < back:
        # no tense ("as early as Tuesday", "Wednesday's ruling"): the nearer of the two
        return ref + timedelta(days=diff)
    return ref - timedelta(days=back)


def year_for(ref: date, month: int, direction: str | None, day: int | None = None) -> int:
    """The year of a month (and day) written without one: the reading closest to the reference,
    unless the tense says otherwise by more than a month of slack (news reports an event on
    "Nov. 10" under a past-tense "said" that governs the whole sentence)."""
    def distance(y: int) -> int:
        target = safe_date(y, month, day or 15) or date(y, month, 1)
        return (target - ref).days

    year = min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs(distance(y)))
    if direction is None and abs(distance(ref.year)) <= _SAME_YEAR_DAYS:
        # no tense: news means the publication year unless that is most of a year away
        # ("from $29.75 in March" written in October is last March)
        year = ref.year
    if direction == "past" and distance(year) > 31:
        year -= 1
    elif direction == "future" and distance(year) < -31:
        year += 1
    return year


def holiday_date(name: str, year: int) -> date | None:
    lex = lexicon()["holidays"]
    if name in lex:
        month, day = lex[name]
        return safe_date(year, month, day)
    if name == "election day":
        # the U.S. general election: the Tuesday after the first Monday of November
        first_monday = date(year, 11, 1) + timedelta(days=(0 - date(year, 11, 1).weekday()) % 7)
        return first_monday + timedelta(days=1)
    if name == "thanksgiving":
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "easter":
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        ll = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * ll) // 451
        month = (h + ll - 7 * m + 114) // 31
        day = (h + ll - 7 * m + 114) % 31 + 1
        return date(year, month, day)
    return None


def season(year: int, code: str) -> Period:
    return Period("season", date(year, SEASON_CODES[code], 1))


def season_of(d: date) -> Period:
    return Period("season", d)

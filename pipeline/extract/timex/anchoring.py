"""Pass 2 of normalisation (`resolve`): fix a `Spec` against its reference date, the tense of the
governing verb deciding the direction of bare weekdays, months and seasons.
"""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import Period, bounds, narrow, period_value, safe_date, shift, value_range
from .reckon import duration_value, holiday_date, season, season_of, weekday_near, year_for
from .spec import _MODALS, _UNIT_GRAN, Context, Resolved, Spec

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

"""Time expressions: find them in a spaCy Doc and normalise them to TIMEX3.

    find_timexes(doc, published, speech_spans=None) -> list[pipeline.record.Timex]

Finding: the Matcher patterns of `resources/timex_patterns.yaml` (longest match wins), then
spaCy's DATE/TIME entities for what the rules do not cover, with spans cut the TimeML way
(no leading "on"/"by"/"in", no trailing punctuation).

Normalising: two passes (see `normalise.py`): the words give an underspecified value, the
context resolves it: the publication date (anchor "dct"), the speech time of a quote
(anchor "speech_time"), or the previous date of the narrative (anchor "previous_timex").
Fully explicit values ("1 August 2024"), durations and sets need no reference: anchor "none",
as do relative expressions when there is no publication date (they keep X-values).
Two neighbours lend each other their day: "the quarter ended Sept. 30" is the quarter of that
date, and "5 p.m. on Thursday" is on that Thursday (a last pass, `_clock_days`).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from spacy.tokens import Doc

from pipeline.record import Timex

from .calendar import Period, date_precision, value_period, value_range
from .calendar import bounds as date_bounds
from .candidates import _candidates, timex_token_span
from .direction import _deadline_cue, _direction, _lasted_until, _speech_ref
from .errors import TimexError
from .neighbours import (
    _RANGE_JOINERS,
    _bare_range_days,
    _clock_days,
    _period_end,
    _range_start_years,
)
from .normalise import Context, analyse, resolve
from .quoted import quoted_before_publication

_log = logging.getLogger(__name__)

__all__ = ["find_timexes", "timex_token_span", "date_precision", "value_range",
           "parse_reference", "TimexError"]


def parse_reference(published: str | None) -> date | None:
    """The reference day of an ISO date or datetime string (None stays None)."""
    if published is None or not str(published).strip():
        return None
    text = str(published).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as error:
            raise TimexError(f"unreadable reference date {published!r}: {error}") from error
    raise TimexError(f"unreadable reference date {published!r}")


# ---------------------------------------------------------------------------------------------
# the public function


def find_timexes(
    doc: Doc,
    published: str | None,
    speech_spans: list[tuple[int, int, str]] | None = None,
) -> list[Timex]:
    """Every time expression of `doc`, normalised; see the module docstring."""
    dct = parse_reference(published)
    speech = [(s, e, parse_reference(d) if d else None) for s, e, d in (speech_spans or [])]
    has_sents = doc.has_annotation("SENT_START")
    out: list[Timex] = []
    prev: Period | None = None
    prev_sent = -10
    last_period = None  # the period of the timex just before (for "1 May to 3 June")
    last_end = 0
    prev_quarter: Period | None = None
    prev_quarter_sent = -10
    narrative: tuple[int, int] | None = None  # (year, sentence index) of the last explicit year
    sent_index = 0
    last_sent_start = -1
    candidates = _candidates(doc)
    for index, (s, e, label) in enumerate(candidates):
        span = doc[s:e]
        sent_start = span.sent.start_char if has_sents else 0
        if sent_start != last_sent_start:
            sent_index += 1
            last_sent_start = sent_start
        text = span.text
        spec = analyse(text, [t.lower_ for t in span if not t.is_space], label)
        ref, ref_anchor = dct, "dct"
        in_speech = _speech_ref(speech, span.start_char, span.end_char)
        if in_speech is not False and in_speech is not None:
            ref, ref_anchor = in_speech, "speech_time"
        ctx = Context(
            ref=ref, ref_anchor=ref_anchor, direction=_direction(span), prev=prev,
            prev_quarter=prev_quarter if sent_index - prev_quarter_sent <= 3 else None,
            prev_near=prev if prev is not None and sent_index - prev_sent <= 1 else None,
            narrative_year=narrative[0] if narrative and sent_index == narrative[1]
            and spec.day else None,
            before=doc[s - 1].lower_ if s > 0 else "",
            after=doc[e].lower_ if e < len(doc) else "",
        )
        if in_speech is False and spec.unit == "WE" and spec.rel in (None, 0) and \
                quoted_before_publication(span):
            ctx.direction = "past"  # "'Do it this weekend,' she said": the weekend just gone
        if index + 1 < len(candidates) and spec.unit in ("Q", "W", "M", "Y"):
            ctx.period_end = _period_end(doc, e, candidates[index + 1], ref)
        # a range joins like with like: "1 May to 3 June", "mid-December to early January"
        # ("a revision Friday to December's figures" is no range)
        if last_period is not None and last_period.gran == ("day" if spec.day else "month") \
                and s - last_end <= 2 and all(
                t.lower_ in _RANGE_JOINERS or t.lower_ in ("or", ",") for t in doc[last_end:s]):
            ctx.adjacent_day = last_period.day
        last_end = e
        cue = _deadline_cue(doc, s)
        if cue and (ctx.direction is None or cue in ("no later than", "deadline of",
                                                     "deadline", "due") or (
                cue in ("until", "till") and not _lasted_until(span, ctx.direction))):
            ctx.direction = "future"
        try:
            res = resolve(spec, ctx)
        except (ValueError, OverflowError) as error:
            # one unreadable expression (a calendar arithmetic error on odd input) must not
            # cost the document its other dates; it is logged with its reason and left out
            _log.warning("time expression %r at %d left out: %s: %s", text, span.start_char,
                         type(error).__name__, error)
            continue
        out.append(Timex(
            start=span.start_char, end=span.end_char, text=text, type=res.type,
            value=res.value, range=res.range if res.type in ("DATE", "TIME") else None,
            anchor=res.anchor, mod=res.mod, deadline_cue=cue, sentence_start=sent_start,
        ))
        period = res.period or (value_period(res.value) if res.type in ("DATE", "TIME")
                                else None)
        last_period = period
        if period is not None:
            if period.gran in ("day", "month", "week", "weekend") and \
                    "same_time" not in spec.flags:
                # ("this time last year" is a point of comparison, not where the story is)
                prev, prev_sent = period, sent_index
            elif period.gran == "year" and spec.year and not spec.unit:
                prev = period
            # only a quarter the text names (not one computed by "a year earlier") anchors
            # the next "the quarter" / "a year ago"
            # nor does a forecast ("the third quarter of 1990" in a 1989 results story): the
            # quarter being compared is one that has begun
            if period.gran in ("quarter", "half") and (spec.quarter or spec.half or (
                    spec.unit == "Q" and not spec.year_ago_adj)) and (
                    ref is None or date_bounds(period)[0] <= ref):
                prev_quarter, prev_quarter_sent = period, sent_index
            if spec.year is not None and (spec.month or spec.day):
                narrative = (spec.year, sent_index)
    _clock_days(doc, out)
    _bare_range_days(doc, out)
    _range_start_years(doc, out)
    return out

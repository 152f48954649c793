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
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.extract.syntax import as_clause, own_past, reported_future, speech_frame_verb
from pipeline.record import Timex

from .calendar import Period, date_precision, safe_date, value_period, value_range
from .calendar import bounds as date_bounds
from .normalise import Context, analyse, is_split_year, resolve
from .patterns import TriggerGroups, lexicon
from .quoted import quoted_before_publication
from .reckon import weekday_near, year_for

_log = logging.getLogger(__name__)

__all__ = ["find_timexes", "timex_token_span", "date_precision", "value_range",
           "parse_reference", "TimexError"]

_ENT_LABELS = ("DATE", "TIME")
_TEMPORAL_RE = re.compile(
    r"^((1[0-9]|20)[0-9]{2}s?|'[0-9]{2}s?|[0-9]{1,2}:[0-9]{2}|q[1-4]|h[12]|mid-(?![0-9]{1,3}$).*|"
    r"(19|20)[0-9]{2}[/-][0-9]{2,4})$")
# "would", "could", "may" … are as often past-in-the-past or hedges as future: left undecided
_FUTURE_MODALS = {"will", "'ll", "shall", "wo", "should", "must"}
_OPEN_MODALS = {"would", "could", "might", "may", "can", "ca", "'d"}


class TimexError(ValueError):
    """A reference time that cannot be read (e.g. a malformed `published` string)."""


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


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    lex = lexicon()
    temporal = set(lex["months"]) | set(lex["weekdays"]) | set(lex["units"]) | set(
        lex["parts_of_day"]) | set(lex["seasons"]) | set(lex["set_words"]) | {
        k for k in lex["deictic"] if " " not in k} | set(lex["weekdays_plural"]) | {
        "noon", "midnight", "christmas", "thanksgiving", "easter", "future", "past"}
    return {
        "temporal": frozenset(temporal),
        "strip_leading": frozenset(lex["strip_leading"]),
        "strip_trailing": frozenset(lex["strip_trailing"]),
        "months": frozenset(lex["months"]),
        "weekdays": frozenset(lex["weekdays"]) | frozenset(lex["weekdays_plural"]),
        "seasons": frozenset(lex["seasons"]),
        "amount": frozenset(str(w) for w in lex["amount_words"]),
    }


@lru_cache(maxsize=1)
def _deadline_cues() -> list[tuple[str, ...]]:
    cues = [tuple(c.split()) for c in lexicon()["deadline_cues"]]
    return sorted(cues, key=len, reverse=True)


def timex_token_span(doc: Doc, timex: Timex) -> Span:
    """The spaCy Span (token indices) covering a timex."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        raise TimexError(f"timex {timex.text!r} ({timex.start}:{timex.end}) is outside the doc")
    return span


# ---------------------------------------------------------------------------------------------
# finding


def _accept_match(doc: Doc, start: int, end: int, label: str) -> bool:
    """Filters the patterns cannot express: capitalised month/weekday names, lone years that
    are counts, "a year" that is not a rate, "May" the modal."""
    words = _word_sets()
    tokens = doc[start:end]
    for tok in tokens:
        low = tok.lower_
        if low in words["months"] or low in words["weekdays"]:
            if not tok.text[:1].isupper():
                return False
            if low == "may" and (tok.tag_ == "MD" or end - start == 1 and (
                    tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("VERB", "AUX", "PRON"))):
                return False
            if low in ("march", "may") and end - start == 1 and tok.i > 0 and \
                    doc[tok.i - 1].lower_ in ("to", "will", "would", "can", "could", "did"):
                return False
    if end - start == 1:
        tok = doc[start]
        if re.fullmatch(r"(1[0-9]|20)[0-9]{2}", tok.text):
            prev = doc[start - 1] if start else None
            nxt = doc[end] if end < len(doc) else None
            if tok.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORG", "PRODUCT",
                                 "FAC", "LAW") and not (prev and prev.lower_ in (
                                     "in", "since", "of", "until", "by", "from", "to", "during",
                                     "before", "after", "through")):
                return False
            if prev is not None and (prev.text in ("$", "#", "No.", "no.") or prev.like_num):
                return False
            if nxt is not None and (nxt.text in ("%", "-") or nxt.lower_ in (
                    "percent", "people", "shares", "units", "miles", "feet", "pounds", "tons",
                    "cars", "jobs", "employees", "points", "cents")):
                return False
            if not (1900 <= int(tok.text) <= 2099 or (prev and prev.lower_ in ("in", "since"))):
                return False
    first = tokens[0].lower_
    last = tokens[-1].lower_
    if end - start == 1 and tokens[0].lower_ in ("jan", "feb", "mar", "jun", "jul", "aug",
                                                  "sep", "sept", "oct", "nov", "dec", "sun.",
                                                  "sat.", "wed."):
        return False  # "Jan" alone is usually a name
    if re.fullmatch(r"[0-9]0s", tokens[0].lower_) and not (start and doc[start - 1].lower_ in (
            "the", "'", "’", "early", "mid", "late")):
        return False  # "in their 30s": an age
    decade = next((t for t in tokens if re.fullmatch(r"[0-9]0s", t.lower_)), None)
    if decade is not None and not (decade.i and doc[decade.i - 1].text in ("'", "’")) and \
            any(t.lower_ in words["amount"] for t in decade.sent):
        return False  # "crude to trade in the mid 20s": a price, not the 2020s
    if tokens[0].like_num and end - start > 2 and tokens[1].lower_ in ("a", "an", "per"):
        return False  # "$1.76 a year", "55 a night": a rate of money, not a time
    if tokens[0].like_num and end - start > 3 and tokens[1].text == "-" and \
            tokens[2].lower_ in ("a", "an", "per"):
        return False  # "$12-an-hour workers": a wage, not twelve hours
    if end - start == 1 and tokens[0].ent_iob_ == "I" and tokens[0].ent_type_ in (
            "ORG", "WORK_OF_ART", "PRODUCT", "FAC") and tokens[0].text[:1].isupper():
        return False  # "USA Today", "Breitbart News Daily": the last word of a name
    if end - start == 3 and first in ("a", "an") and tokens[1].pos_ == "ADJ" and \
            last in ("night", "day", "morning", "evening", "afternoon") and tokens[1].lower_ \
            not in ("additional", "extra", "full", "whole", "entire", "further", "single",
                    "second", "third", "half"):
        return False  # "not having a good night", "a busy day": a judgement, not a time
    if end - start == 1 and tokens[0].lower_ == "soon" and (
            (start and doc[start - 1].lower_ in ("as", "how", "too"))
            or (end < len(doc) and doc[end].lower_ in ("as", "after", "enough", "thereafter"))):
        return False  # "as soon as", "soon after": conjunctions, not a time
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "old":
        return False  # "6-year-old": an age
    if last in ("quarter", "half") and end + 1 < len(doc) and doc[end].lower_ == "of" and \
            all(t.lower_ in ("a", "an", "one", "-", "about", "nearly", "almost", "more", "less",
                             "than", "over", "under", "roughly", "some", "just")
                for t in tokens[:-1]) and not _followed_by_time(doc, end + 1):
        return False  # "nearly a quarter of the surge": a fraction, not three months
    if last == "old" or (end - start == 1 and first in ("fall", "future", "second", "present")):
        return False  # ages; "fall" the verb; "future"/"present" the adjectives
    if end - start == 2 and first == "the" and last in ("day", "night", "moment", "time"):
        return False
    if last == "minute" and first in ("the", "last") and end - start <= 3:
        return False  # "by the minute", "a last-minute decision": idioms, not times
    if last in ("quarters", "corners") and start and doc[start - 1].lower_ == "in" and \
            first in ("some", "many", "several", "other", "certain", "all", "most", "quarters"):
        return False  # "fears in some quarters": people, not periods
    if end - start >= 2 and tokens[0].lower_ in words["months"] and tokens[-1].is_alpha and \
            tokens[-1].like_num and tokens[-1].dep_ == "nummod" and \
            tokens[-1].head.i >= end:
        return False  # "in May two companies merged": a count after the month, not its day
    if end - start == 1 and first in words["seasons"] and tokens[0].text[:1].isupper() and \
            start and not doc[start - 1].is_sent_start and doc[start - 1].text[:1].isupper() \
            and doc[start - 1].is_alpha and end < len(doc) and doc[end].text[:1].isupper() \
            and doc[end].is_alpha:
        return False  # "Green Spring Dairy": a word of a name
    if end - start == 2 and first == "the" and last == "fall" and end < len(doc) and (
            doc[end].lower_ in ("in", "of") and not _followed_by_time(doc, end + 1)
            or tokens[-1].dep_ == "nsubj" and doc[end].lower_ in ("was", "is", "has", "came")):
        return False  # "the fall in prices", "the fall was largely due to": a decline
    if end - start >= 2 and end < len(doc) and doc[end].lower_ in lexicon()["shift_words"] \
            and _counts_something_else(doc, start, end + 1):
        return False  # "295,000 week" of "295,000 week ago": the shifted date is the timex
    if end - start == 3 and tokens[1].text in ("-", "–", "/") and \
            re.fullmatch(r"[0-9]{2}", tokens[2].text) and \
            not is_split_year(tokens[0].text, tokens[1].text, tokens[2].text):
        return False  # "1989-45": a score or a code, not a season
    if end - start == 1 and first.endswith("s") and first in lexicon()["units"] and \
            start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 2].like_num:
        return False  # "after-hours trading", "out-of-hours cover": a kind of time, no length
    if _comparison_basis(doc, start, end):
        return False  # "quarter-to-quarter", "year-on-year growth": a basis of comparison
    if end - start == 1 and first in ("morning", "evening", "afternoon", "night", "day") and \
            start and doc[start - 1].lower_ == "good":
        return False  # "Good evening": a greeting
    if label == "SET" and first == "a":
        if end < len(doc) and doc[end].lower_ in lexicon()["shift_words"]:
            return False  # "up from seven a year ago": a date, not a rate
        prev = doc[start - 1] if start else None
        if prev is None or not (prev.like_num or prev.lower_ in (
                "once", "twice", "thrice", "times", "%", "percent", "pct", "cts", "cents", "dlrs",
                "dollars") or prev.ent_type_ in (
                "MONEY", "PERCENT", "QUANTITY", "CARDINAL")):
            return False
    if label == "SET" and first == "per":
        return False
    if any(t.lower_ in ("pct", "percent", "%", "cents", "cts", "dlrs", "dollars") for t in tokens):
        return False  # "20 pct per year": a rate of something else
    if end - start == 1 and start and doc[start - 1].lower_ == "per" and \
            first in lexicon()["units"]:
        return False  # "charged per year": a rate's unit, not a date
    return True


_COMPARISON_JOINERS = ("to", "over", "on", "by", "after", "upon")


def _comparison_basis(doc: Doc, start: int, end: int) -> bool:
    """Whether the expression is, or runs into, a unit repeated across "to", "over", "on",
    "by" or "after", with or without hyphens ("quarter-to-quarter", "year on year", "day by
    day", "year after year"): a way of comparing or repeating, with no time of its own."""
    units = lexicon()["units"]
    words = [(t.i, t.lower_) for t in doc[max(0, start - 6):min(len(doc), end + 6)]
             if t.text not in ("-", "–")]
    for k in range(len(words) - 2):
        (i, a), (_, joiner), (j, b) = words[k:k + 3]
        if a in units and a == b and joiner in _COMPARISON_JOINERS and j - i <= 4 and \
                i < end and j >= start:
            return True
    return False


def _counts_something_else(doc: Doc, start: int, end: int) -> bool:
    """A figure in digits before a shifted unit that it cannot be the count of: a singular
    unit ("295,000 week ago" is 295,000 head a week ago) or a second count ("6,700 five years
    ago")."""
    first, second = doc[start], doc[start + 1]
    if not (first.like_num and first.text[:1].isdigit()) or \
            doc[end - 1].lower_ not in lexicon()["shift_words"]:
        return False
    if second.like_num:
        return True
    units = lexicon()["units"]
    return second.lower_ in units and not second.lower_.endswith("s") and \
        first.text not in ("1", "one")


def _followed_by_time(doc: Doc, i: int) -> bool:
    """Whether the noun phrase from token i names a time ("a century", "the year", "1987",
    "fiscal 1990"), skipping determiners, numbers and adjectives."""
    words = _word_sets()
    for tok in doc[i:i + 4]:
        low = tok.lower_
        if low in words["temporal"] or _TEMPORAL_RE.match(low) or re.fullmatch(
                r"(1[0-9]|20)[0-9]{2}", low):
            return True
        if not (tok.pos_ in ("DET", "NUM", "ADJ", "PRON") or low in ("fiscal", "calendar")):
            return False
    return False


_NOUN_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that",
                               "a", "an", "your", "my"})


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    words = _word_sets()
    while start < end and (doc[start].lower_ in words["strip_leading"] or doc[start].is_space
                           or (doc[start].is_punct and doc[start].text not in ("'", "’"))):
        # keep a leading "over"/"about" that belongs to an approximate duration
        if doc[start].lower_ in ("over", "under") and end - start > 2 and (
                doc[start + 1].like_num or doc[start + 1].lower_ in ("a", "an")) and \
                doc[end - 1].lower_ not in ("weekend",) and not any(
                    t.lower_ in ("the",) for t in doc[start:end]):
            break
        if doc[start].lower_ in ("at", "up") and start + 1 < end and doc[start + 1].lower_ in (
                "least", "most", "to"):
            break
        start += 1
    # "at least", "up to" keep their first word; "than" alone is a comparison's
    if start < end and doc[start].lower_ == "than":
        start += 1
    # "Following Monday's debate": "following" is a preposition here ("the following
    # Monday" keeps it)
    if end - start > 1 and doc[start].lower_ == "following" and doc[start].dep_ == "prep" and \
            not (start and doc[start - 1].lower_ in ("the", "that", "this")):
        start += 1
    # "expected to last three weeks", "the strike lasted two days": the verb is not the timex
    if end - start > 1 and (doc[start].lower_ in ("lasted", "lasting", "took", "spent") or (
            doc[start].lower_ == "last" and doc[start].pos_ in ("VERB", "AUX"))):
        start += 1
    # "the 30-day period", "the eight-year war": a measure used as a modifier is the timex,
    # not the noun phrase's determiner
    if end - start == 4 and doc[start].lower_ == "the" and doc[start + 2].text == "-" and \
            doc[start + 1].like_num and end < len(doc) and doc[end].is_alpha and \
            doc[end].lower_ not in ("of", "and", "or", "to", "in", "on", "at", "for", "from"):
        start += 1
    if end - start == 2 and doc[start].lower_ in _NOUN_DETERMINERS and \
            doc[end - 1].lower_ in words["seasons"] and end < len(doc) and \
            doc[end - 1].dep_ in ("compound", "amod", "nmod") and doc[end - 1].head.i >= end:
        start += 1  # "its winter timetable", "the summer recess": the noun's determiner
    if end - start > 1 and doc[start].lower_ in ("a", "an") and (
            doc[start + 1].like_num and doc[start + 1].lower_ not in ("one",)
            or doc[end - 1].lower_ == "long" and doc[end - 2].text == "-"):
        start += 1  # "a five year plan", "a day-long meeting": the article is the noun's
    if end - start >= 2 and doc[end - 1].lower_ in ("before", "after") and end < len(doc) and \
            not doc[end].is_punct:
        end -= 1  # "two days after the vote": "after" is a signal with an object
    while end > start and (doc[end - 1].lower_ in words["strip_trailing"] or doc[end - 1].is_space
                           or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _ent_is_temporal(span: Span) -> bool:
    temporal = _word_sets()["temporal"]
    for tok in span:
        low = tok.lower_
        if low in temporal or _TEMPORAL_RE.match(low):
            return True
        if low.endswith("s") and low[:-1] in temporal:
            return True
    return False


# Patterns are grouped by the word they cannot match without (a month, a unit, a weekday …);
# each group's Matcher runs only on windows around such words, as wide as its patterns
# reach. Most tokens of a news text are far from any, and skipping them keeps the time stage
# a small fraction of spaCy's time.


# windows closer than this are matched in one call: a Matcher call costs more than a few
# extra tokens
_MERGE_GAP = 0


@lru_cache(maxsize=4)
def _groups_for(vocab_id: int, vocab) -> TriggerGroups:
    return TriggerGroups(vocab)


def _candidates(doc: Doc) -> list[tuple[int, int, str]]:
    from spacy.attrs import LOWER

    groups = _groups_for(id(doc.vocab), doc.vocab)
    strings = doc.vocab.strings
    n = len(doc)
    windows: dict[int, list[tuple[int, int]]] = {}
    cache = groups.cache
    for i, key in enumerate(doc.to_array([LOWER]).tolist() if n else []):
        hit = cache.get(key)
        if hit is None:
            hit = groups.groups_of(strings[key], key)
        for g in hit:
            left, right = groups.extents[g]
            # one token of slack each side: trimming may look at a neighbour
            a, b = max(0, i - left - 1), min(n, i + right + 2)
            spans = windows.setdefault(g, [])
            if spans and a <= spans[-1][1] + _MERGE_GAP:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    found: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()
    for g, spans in windows.items():
        matcher = groups.matchers[g]
        for a, b in spans:
            for match_id, start, end in matcher(doc[a:b]):
                label = strings[match_id]
                s, e = _trim(doc, a + start, a + end)
                if e - s > 2 and doc[s].like_num and doc[s + 1].lower_ in ("a", "an") and \
                        doc[e - 1].lower_ in lexicon()["shift_words"]:
                    s += 1  # "up from seven a year ago": the count belongs to the sentence
                if e - s > 2 and _counts_something_else(doc, s, e):
                    s += 1  # "versus 295,000 week ago", "from 6,700 five years ago"
                if s < e and (s, e, label) not in seen and _accept_match(doc, s, e, label):
                    seen.add((s, e, label))
                    found.append((s, e, label))
    # longest first, then leftmost: the widest reading of overlapping rules wins
    # on a tie a SET reading wins ("3% a year" is a rate, not a duration)
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0], m[2] != "SET"))
    taken = [False] * (len(doc) + 1)
    chosen: list[tuple[int, int, str]] = []
    for s, e, label in found:
        if any(taken[s:e]):
            continue
        for i in range(s, e):
            taken[i] = True
        chosen.append((s, e, label))
    for ent in doc.ents:
        if ent.label_ not in _ENT_LABELS:
            continue
        s, e = _trim(doc, ent.start, ent.end)
        if s >= e or any(taken[s:e]) or not _ent_is_temporal(doc[s:e]):
            continue
        if not _accept_match(doc, s, e, ent.label_):
            continue
        for i in range(s, e):
            taken[i] = True
        chosen.append((s, e, ent.label_))
    chosen.sort()
    return chosen


# ---------------------------------------------------------------------------------------------
# context: tense, deadlines, speech


# Verbs that move a date: the new date follows "until"/"to"; "on" dates the act itself.
_MOVING_VERBS = frozenset({"postpone", "delay", "defer", "reschedule"})
_TO_WORDS = frozenset({"until", "till", "to", "into", "for"})
# Verbs that move a date without saying which way in time it lies ("pushed back to …").
_SHIFTING_VERBS = frozenset({"push", "move", "put", "bring", "shift", "extend", "bump"})


def _preposition(token: Token) -> str | None:
    """The preposition a time expression hangs from ("on" of "on Wednesday"), if any."""
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        return token.head.lower_
    return None


@lru_cache(maxsize=1)
def _direction_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...], frozenset[str]]:
    lex = lexicon()
    markers = tuple(sorted((tuple(str(m).split()) for m in lex["future_markers"]),
                           key=len, reverse=True))
    return frozenset(lex["prospective_verbs"]), markers, frozenset(lex["past_prepositions"])


@lru_cache(maxsize=1)
def _directive_verbs() -> frozenset[str]:
    return frozenset(lexicon()["directive_verbs"])


@lru_cache(maxsize=1)
def _scheduling_verbs() -> frozenset[str]:
    """Verbs that, followed by "for", fix a coming date ("set for", "listed for"): the list
    events use (`scheduling_verbs` in verbs.yaml), by first word ("pencil in" -> "pencil")."""
    from pipeline.extract.attribution import lexicon as verb_lexicon

    return frozenset(str(v).split()[0] for v in verb_lexicon()["scheduling_verbs"])


def _scheduling_word(token: Token) -> bool:
    word = token.lower_  # the lemmatiser may miss a participle ("slated" -> "slat")
    return token.lemma_.lower() in _scheduling_verbs() or word.endswith("ed") and (
        word[:-2] in _scheduling_verbs() or word[:-1] in _scheduling_verbs())


def _marker_direction(span: Span) -> str | None:
    """Words around the expression that fix its direction whatever the verb's tense: "since"
    (past), "payable"/"effective"/"as soon as"/"expected in" (future)."""
    _, markers, past_preps = _direction_words()
    node = span.root
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lower_ in past_preps and node.dep_ in ("prep", "mark", "advmod"):
            return "past"
        if node.pos_ in ("VERB", "AUX"):
            break
    doc = span.doc
    window_start = max(0, span.start - 4)
    before = [t.lower_ for t in doc[window_start:span.start]]
    if any(w in past_preps for w in before[-2:]):
        return "past"
    if len(before) >= 2 and before[-1] == "for" and _scheduling_word(doc[span.start - 2]):
        return "future"  # "a hearing has been set for 14 August": the date it will happen
    while before and before[-1] in ("on", "in", "by", "for", "at", "until", "from", "of",
                                    "the"):
        before.pop()
    for marker in markers:
        if len(marker) <= len(before) and tuple(before[-len(marker):]) == marker:
            if _as_planned(doc, window_start + len(before) - len(marker), marker):
                return None  # "went ahead as scheduled on Tuesday": the verb decides
            return "future"
    return None



# "had until Friday to respond", "gave them until March": time allowed, still to run out
_ALLOWING_VERBS = frozenset({"have", "give", "grant", "allow", "extend"})


def _lasted_until(span: Span, direction: str | None) -> bool:
    """Whether "until" closes a past state or a past wait ("did not reply until February",
    "the shop stayed open until March"), rather than setting a time still to come."""
    if direction != "past":
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.lemma_.lower() in _ALLOWING_VERBS:
        return False
    # not a past borrowed from a clause above ("rejected an order that he remain there
    # until March 6")
    return own_past(verb)


def _as_planned(doc: Doc, marker_start: int, marker: tuple[str, ...]) -> bool:
    """Whether a one-word marker is the participle of "as planned", "as (previously)
    scheduled", which qualifies another verb rather than looking ahead itself."""
    if len(marker) != 1 or not marker[0].endswith("ed"):
        return False
    window = [t.lower_ for t in doc[max(0, marker_start - 2):marker_start]]
    return "as" in window


def _direction(span: Span) -> str | None:
    """'past' or 'future' from the verb that governs the expression (tense, aspect, modals,
    "to"-infinitives, imperatives), or None when nothing says."""
    marked = _marker_direction(span)
    if marked is not None:
        return marked
    root = span.root
    if root.dep_ in ("poss", "compound", "nmod", "amod") and root.head.pos_ in (
            "NOUN", "PROPN"):
        # "Wednesday's ruling", "the October slaying", "a June agreement": a label on a
        # thing, not the time of the clause; news names things by the day they happened,
        # unless the clause is plainly future ("The March accession will enable …")
        verb = next((t for t in root.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.tag_ == "VB" and verb.head.i != verb.i and any(
                c.lower_ == "to" for c in verb.children) and (
                verb.head.lemma_.lower() in _direction_words()[0]):
            verb = verb.head  # "plans to build cars in the April-June period"
        if verb is not None and (verb.lemma_.lower() in _direction_words()[0] or any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS for c in verb.children)):
            return "future"  # "… will enable", "The March meeting is expected to …"
        if verb is not None and any(c.dep_ == "aux" and c.lower_ in ("would", "'d")
                                    for c in verb.children) and reported_future(verb):
            # "said its winter timetable would start soon", "said it would release April
            # figures": a label in a reported future may name what is coming or what is done
            return None
        if verb is not None and verb.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
                t.lower_ in _word_sets()["weekdays"] for t in span):
            # "entitled to vote at its April 30 meeting": no tense to go by (a weekday label,
            # "to bounce back from Monday's debate", is still a past one)
            return None
        if verb is not None and verb.tag_ in ("VBZ", "VBP") and not any(
                c.dep_ in ("aux", "auxpass") for c in verb.children) and \
                verb.lemma_ not in ("be", "have") and not any(
                t.lower_ in _word_sets()["weekdays"] for t in span):
            return None  # "the winter timetable starts on …": a present tells no side
        return "past"
    head = speech_frame_verb(span) or root
    # ("said on Monday it would cut services": Monday takes the saying's tense, not "would")
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in _direction_words()[0] and as_clause(head):
        # "went ahead as scheduled on Tuesday": the plan is background, the tense is the
        # clause's it qualifies
        main = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if main is None:
            return None
        head = main
    if head.lemma_.lower() in _SHIFTING_VERBS and span.start and \
            span.doc[span.start - 1].lower_ in _TO_WORDS:
        # "had pushed its deadline back to 15 August": the new date lies either side of
        # the moving, whatever its tense; the nearest reading
        return None
    if head.lemma_.lower() in _direction_words()[0] and not (
            head.lemma_.lower() in _MOVING_VERBS and _preposition(root) not in _TO_WORDS):
        # "planned a rally on Saturday", "is expected in December", "postponed the vote
        # until Friday" (but "postponed the vote on Wednesday" dates the postponing)
        return "future"
    aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not aux and head.dep_ == "conj" and head.tag_ == "VB":
        # "would close the site and cut jobs in May": the second verb shares the modal
        aux = [c for c in head.head.children if c.dep_ in ("aux", "auxpass")]
    for a in aux:
        if a.lower_ in _FUTURE_MODALS:
            return "future"
        if a.lower_ in ("would", "'d") and reported_future(head):
            return "future"  # "said Hallam Freight would meet officials on Monday"
        if a.lower_ in _OPEN_MODALS:
            return None
        if a.lower_ == "going":
            return "future"
    if head.tag_ == "VB" and any(c.lower_ == "to" for c in head.children):
        # a to-infinitive takes its time from the verb it depends on: "staged celebrations
        # to mark the entry on Friday" is past, "plans to commence on 1 August" is future
        parent = head.head
        if parent.i != head.i and parent.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lower_ == "had" for c in parent.children):
            return "past"  # "had promised to hand them over in July": a plan now behind us
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in head.children):
            return None  # "a subpoena for him to testify on Feb. 10": after the past act
        if parent.i != head.i and parent.lemma_.lower() in _directive_verbs() and any(
                c.dep_ in ("dobj", "nsubjpass") for c in parent.children):
            return "future"  # "subpoenaed him to testify on Feb. 10": the asked-for act
        if parent.i != head.i and parent.tag_ == "VBD" and head.dep_ in ("advcl", "csubj"):
            return "past"
        if parent.pos_ == "ADJ" and parent.head.tag_ == "VBD" and \
                parent.head.lemma_.lower() not in _direction_words()[0]:
            return "past"  # "made it difficult for Sun to meet demand into the summer"
        return "future"
    if head.tag_ == "VBG" and head.i + 1 < len(span.doc) and any(
            a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in aux):
        return "future"  # present progressive with a time: an arrangement ("is meeting Monday")
    if any(a.tag_ in ("VBD",) for a in aux) or head.tag_ == "VBD":
        return "past"
    if head.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    # a passive is not a past: "is heard in May", "to be completed by Dec. 15" say nothing;
    # "was read Wednesday night" is past through its VBD auxiliary (above)
    if head.tag_ == "VBN" and not aux and head.dep_ in ("acl", "amod", "relcl"):
        main = next((t for t in head.head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if main is not None and any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS
                                    for c in main.children):
            # "fees paid before 31 December will be charged …": the paying may be still to
            # come, or done ("products introduced in April will be dropped"); say nothing
            return None
        return "past"  # a reduced relative: "products introduced in April", "the year ended"
    if head.tag_ == "VB" and not aux and head.dep_ == "ROOT":
        return "future"  # imperative: "Do it this weekend"
    if head.tag_ == "VBP" and not aux and any(
            c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in head.children):
        # "Weakness … hurt the index on Friday": a singular subject cannot take a VBP, so the
        # tagger has misread a past form that looks like the base form (hurt, cut, set, hit)
        return "past"
    if head.tag_ in ("VBZ", "VBP") and head.lemma_ not in ("be", "have", "say", "do") and \
            not aux:
        return "future"  # a scheduled event: "the ballot closes on Monday", "expires in March"
    return None


@lru_cache(maxsize=1)
def _cue_last_words() -> frozenset[str]:
    return frozenset(cue[-1] for cue in _deadline_cues())


def _deadline_cue(doc: Doc, start: int) -> str | None:
    if start == 0 or doc[start - 1].lower_ not in _cue_last_words():
        return None
    before = [t.lower_ for t in doc[max(0, start - 4):start]]
    for cue in _deadline_cues():
        if len(cue) <= len(before) and tuple(before[-len(cue):]) == cue:
            return " ".join(cue)
    return None


def _speech_ref(speech: list[tuple[int, int, date | None]], start: int, end: int
                ) -> date | None | bool:
    for s, e, d in speech:
        if s <= start and end <= e:
            return d
    return False


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


_YEAR_WORDS = re.compile(r"\b((1[0-9]|20)[0-9]{2}|year|'[0-9]{2})\b", re.I)


def _range_start_years(doc: Doc, out: list[Timex]) -> None:
    """"from 1 April to 30 June last year": the start of a range of days written without a
    year takes the year of its end (the year before, if it would otherwise fall after it)."""
    text = doc.text
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
    text = doc.text
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

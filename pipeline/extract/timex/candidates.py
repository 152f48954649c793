"""Finding time expressions: pattern matches and spaCy DATE/TIME entities, accepted or refused
and trimmed the TimeML way, merged into candidate spans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.record import Timex

from .errors import TimexError
from .normalise import is_split_year
from .patterns import TriggerGroups, lexicon

_ENT_LABELS = ("DATE", "TIME")
_TEMPORAL_RE = re.compile(
    r"^((1[0-9]|20)[0-9]{2}s?|'[0-9]{2}s?|[0-9]{1,2}:[0-9]{2}|q[1-4]|h[12]|mid-(?![0-9]{1,3}$).*|"
    r"(19|20)[0-9]{2}[/-][0-9]{2,4})$")


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

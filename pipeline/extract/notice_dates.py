"""Dates a notice gives a clause from outside the clause: list labels, headings and lead-in
lines over a list, references back to a date the document gave, coordinated clauses, and time
words ("Starting 1 May, …") that frame the clause rather than being its event.

    read_notice(doc, timexes, blocks, published, kind) -> NoticeReading

The reading is plain data keyed by token index: which verbs a date is carried to (and how, and
with which boundary word), and which verbs are only time words. The events stage consults it
(`find_events(..., notice=reading)`); nothing here knows about events.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from pipeline.document import Block
from pipeline.extract.attribution import doc_text
from pipeline.extract.timex.calendar import add_months
from pipeline.record import Timex
from pipeline.structure import find_blocks

RESOURCES = Path(__file__).parent / "resources"
# Kinds whose own voice states end-of-service dates, obligations and references back.
NOTICE_KINDS = ("vendor_notice",)
# Kinds whose audience does what they say it must (pipeline/extract/events/audience.py).
ADDRESSED_KINDS = ("vendor_notice", "press_release")
# A label is a date at the very start of a line: "- May 30 2023: …", "2023/02/16: …".
_LABEL_LEAD = re.compile(r"^[\s\-*+\u2022\u2013\u2014\d.)(#|]*$")
# How far a reference back ("that date") looks for the date it means.
ANAPHOR_REACH = 1500


@lru_cache(maxsize=1)
def notice_lexicon() -> dict[str, Any]:
    """resources/notices.yaml, read once (lists as given, phrase lists longest first)."""
    with open(RESOURCES / "notices.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["date_anaphors"] = sorted(data["date_anaphors"], key=len, reverse=True)
    data["boundary_cues"] = sorted(data["after_cues"] + data["until_cues"], key=len,
                                   reverse=True)
    return data


@dataclass
class NoticeReading:
    carried: dict[int, int] = field(default_factory=dict)  # verb token -> timex index
    how: dict[int, str] = field(default_factory=dict)  # label, heading, anaphor, conjunct
    cue: dict[int, str] = field(default_factory=dict)  # verb token -> boundary word
    skip: set[int] = field(default_factory=set)  # time words that are not events
    ranges: dict[int, list[str]] = field(default_factory=dict)  # timex -> anchored range
    dated_blocks: dict[int, int] = field(default_factory=dict)  # block index -> timex index
    block_cue: dict[int, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    issued: bool = False
    addressed: bool = False


def _dated(timex: Timex) -> bool:
    """A time expression that puts a statement on the calendar (not "now", not a clock time
    alone, not a period length, not the year in a product name)."""
    return bool(timex.range) and not (timex.value or "").endswith("_REF") and \
        timex.type in ("DATE", "TIME") and not (timex.value or "").startswith("P") and \
        not timex.anchor == "product"


_PRODUCT_YEAR = re.compile(r"\b([A-Z][\w.+-]*)\s+$")
_NOT_PRODUCT = {"in", "since", "by", "until", "from", "of", "and", "or", "to", "before", "after",
                "during", "through", "early", "late", "mid", "end", "spring", "summer",
                "autumn", "fall", "winter", "the"}


def product_year(text: str, timex: Timex) -> bool:
    """"Windows Server 2012", "Office 2019": a bare year right after a capitalised name is
    part of the name, not a date."""
    if not re.fullmatch(r"\d{4}", timex.text.strip()):
        return False
    m = _PRODUCT_YEAR.search(text[max(0, timex.start - 30):timex.start])
    return bool(m) and m.group(1).lower() not in _NOT_PRODUCT and \
        not m.group(1).lower().startswith(("jan", "feb", "mar", "apr", "may", "jun", "jul",
                                           "aug", "sep", "oct", "nov", "dec", "q"))


def boundary_cue(text: str, timex: Timex) -> str | None:
    """The boundary word right before a date ("after 31 March", "until May", "as of June")."""
    lex = notice_lexicon()
    before = " ".join(text[max(0, timex.start - 30):timex.start].lower().split())
    before = re.sub(r"\b(some time|sometime|shortly|just|at least|the|on|in)\s*$", "",
                    before).strip()
    before = re.sub(r"\b(some time|sometime|shortly|just|at least)\s*$", "", before).strip()
    for cue in lex["boundary_cues"]:
        if before.endswith(cue) and (len(before) == len(cue) or
                                     not before[-len(cue) - 1].isalnum()):
            return cue
    if (timex.deadline_cue or "").split()[:1]:
        return timex.deadline_cue
    return None


def main_verbs(sent: Span) -> list[Token]:
    """The clause heads of a sentence: its root, what is coordinated with it, and what "This
    means …" introduces."""
    out: list[Token] = []
    queue = [sent.root]
    while queue:
        token = queue.pop(0)
        if token.pos_ in ("VERB", "AUX") and token.i not in [t.i for t in out]:
            out.append(token)
        for child in token.children:
            if child.dep_ == "conj" or (child.dep_ in ("ccomp", "xcomp") and
                                        token.lemma_.lower() in ("mean", "see")):
                queue.append(child)
            elif child.dep_ == "advcl" and child.pos_ == "VERB" and token.pos_ != "VERB":
                queue.append(child)
    return out


def _dated_spans(doc: Doc, timexes: list[Timex]) -> Iterator[tuple[int, Timex, Span]]:
    """(index, timex, its tokens) for each time expression that puts something on the
    calendar and lines up with tokens."""
    for n, timex in enumerate(timexes):
        if not _dated(timex):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span):
            yield n, timex, span


def _timexes_in(timexes: list[Timex], start: int, end: int) -> list[int]:
    return [n for n, t in enumerate(timexes) if start <= t.start < end and _dated(t)]


def _label(text: str, block: Block, timexes: list[Timex], inside: list[int]) -> int | None:
    """A date standing at the very start of the line (after a bullet), or in any cell of a
    table row (a row's date cell dates the row)."""
    if block.kind == "table_row" and inside:
        return inside[0]
    for n in inside:
        if _LABEL_LEAD.match(text[block.start:timexes[n].start]):
            return n
    return None


def _label_range(text: str, timexes: list[Timex], label: int, inside: list[int],
                 reading: NoticeReading) -> None:
    """"- February 8 2023 - May 29 2023: …": a label of two dates is the range between."""
    later = [m for m in inside if timexes[m].start > timexes[label].end]
    if not later:
        return
    other = timexes[later[0]]
    between = text[timexes[label].end:other.start].strip().lower()
    if between in ("-", "\u2013", "\u2014", "to", "through", "until", "till") and \
            other.range and timexes[label].range:
        reading.ranges[label] = [timexes[label].range[0], other.range[-1]]


def _sentences(sents: list[Span], starts: list[int], start: int, end: int) -> list[Span]:
    """The sentences overlapping [start, end), found by bisection (`starts`: their start
    offsets, in order), so a long list of blocks costs no scan of every sentence each."""
    i = max(bisect_right(starts, start) - 1, 0)
    out = []
    while i < len(sents) and sents[i].start_char < end:
        if sents[i].end_char > start:
            out.append(sents[i])
        i += 1
    return out


def _governed(doc: Doc, timex: Timex) -> Token | None:
    """The first verb above a time expression in the parse."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(40):
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def read_notice(doc: Doc, timexes: list[Timex], blocks: list[Block] | None,
                published: str | None, kind: str | None) -> NoticeReading:
    """Where each clause of a notice takes its date from when its own words give none."""
    text = doc_text(doc)
    blocks = blocks or find_blocks(text)
    reading = NoticeReading(blocks=blocks, issued=kind in NOTICE_KINDS,
                            addressed=kind in ADDRESSED_KINDS)
    timexes = [t if not product_year(text, t) else
               Timex(t.start, t.end, t.text, t.type, t.value, None, "product")
               for t in timexes]  # a working copy: the record's timexes stay as found
    sents = list(doc.sents)
    starts = [sent.start_char for sent in sents]
    own = {id_ for t in timexes if _dated(t) and (v := _governed(doc, t)) is not None
           for id_ in (v.i,)}

    def carry(verb: Token, n: int, how: str, cue: str | None, force: bool = False) -> None:
        if (verb.i in own and not force) or verb.i in reading.carried:
            return
        reading.carried[verb.i] = n
        reading.how[verb.i] = how
        if cue:
            reading.cue[verb.i] = cue

    def carry_block(b: int, n: int, how: str, cue: str | None, skip_own: bool) -> None:
        block = blocks[b]
        reading.dated_blocks.setdefault(b, n)
        if cue:
            reading.block_cue.setdefault(b, cue)
        sentences = _sentences(sents, starts, block.start, block.end)
        if how == "heading" and block.kind != "paragraph":
            # a list item under a dated heading: its first sentence is the dated statement,
            # what follows explains it
            sentences = sentences[:1]
        for sent in sentences:
            if skip_own and _timexes_in(timexes, max(sent.start_char, block.start),
                                        min(sent.end_char, block.end)):
                continue
            for verb in main_verbs(sent):
                if block.start <= verb.idx < block.end:
                    # a line's own label dates it even where the parse hangs the date on
                    # something else (only an event left undated takes a carried date)
                    carry(verb, n, how, cue, how == "label")

    # Labels first: a line's own date is nearer than the heading's.
    for b, block in enumerate(blocks):
        inside = _timexes_in(timexes, block.start, block.end)
        label = _label(text, block, timexes, inside) if block.kind != "paragraph" or \
            len(text[block.start:block.end].split()) <= 40 else None
        if label is not None:
            _label_range(text, timexes, label, inside, reading)
            carry_block(b, label, "label", boundary_cue(text, timexes[label]), False)
    for b, block in enumerate(blocks):
        inside = _timexes_in(timexes, block.start, block.end)
        if not inside:
            continue
        line = text[block.start:block.end].rstrip()
        scope: list[int] = []
        # the explicit date of the line ("Two months on (i.e. after 31 May 2026):")
        explicit = [m for m in inside if re.search(r"\d{4}", timexes[m].text)] or inside
        label = _label(text, block, timexes, explicit)
        n = label if label is not None else explicit[-1]
        if block.kind == "heading":
            # a heading that is mostly its date ("### March 2024") dates its section; one
            # that only mentions a date dates the list under it
            words = [w for w in line.split() if any(c.isalnum() for c in w)]
            date_heavy = len(timexes[n].text.split()) * 2 >= len(words)
            for later in range(b + 1, len(blocks)):
                if blocks[later].kind == "heading" and blocks[later].level <= block.level:
                    break
                if blocks[later].kind == "paragraph" and not date_heavy:
                    if scope:
                        break
                    continue
                scope.append(later)
        elif line.endswith(":") or block.kind == "list_item":
            for later in range(b + 1, len(blocks)):
                other = blocks[later]
                if other.kind != "list_item" or (block.kind == "list_item" and
                                                 other.level <= block.level):
                    break
                scope.append(later)
        if not scope:
            continue
        cue = boundary_cue(text, timexes[n])
        for later in scope:
            if later in reading.dated_blocks:
                continue
            carry_block(later, n, "heading", cue, True)
    _relative_clauses(doc, timexes, carry)
    if reading.issued:
        _since(doc, timexes, reading)
        _anaphors(doc, timexes, reading, carry)
        _anchored_durations(doc, timexes, published, reading, carry)
        _deadline_nouns(doc, timexes, carry)
        _when_dates(doc, timexes, carry)
        _consequences(doc, timexes, reading, carry)
        _event_nouns(doc, timexes, carry)
        _time_words(doc, timexes, reading)
        _conjuncts(doc, timexes, reading, own)
    return reading


def _named_date(doc: Doc, timexes: list[Timex], before: list[int], phrase: str) -> int:
    """The date a reference back means: for "the retirement date" the last date given to a
    retiring, for "that date" the last date given."""
    acts = notice_lexicon()["date_nouns"]
    lemma = next((acts[w] for w in re.findall(r"[\w-]+", phrase) if w in acts), None)
    if lemma is not None:
        for n in reversed(before):
            verb = _governed(doc, timexes[n])
            if verb is not None and verb.lemma_.lower() == lemma:
                return n
    return before[-1]


def _anaphors(doc: Doc, timexes: list[Timex], reading: NoticeReading, carry) -> None:
    """"after which", "at that point", "the sunset date": the date the text gave last."""
    text = doc_text(doc)
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    for phrase in notice_lexicon()["date_anaphors"]:
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", lower):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            before = [n for n, t in enumerate(timexes) if _dated(t) and t.end <= m.start()
                      and m.start() - t.end <= ANAPHOR_REACH]
            if not before:
                continue
            n = _named_date(doc, timexes, before, phrase)
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            token = span[-1]
            for _ in range(40):
                if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
                    break
                if token.head.i == token.i:
                    token = None
                    break
                token = token.head
            if token is None:
                continue
            words = phrase.split()
            ahead = lower[max(0, m.start() - 8):m.start()].split()[-1:]  # "until the …"
            cue = next((w for w in words[:1] + ahead if w in
                        ("after", "from", "until", "by", "before", "since")), None)
            carry(token, n, "anaphor", cue)
            if token.dep_ in ("xcomp", "ccomp") and token.head.pos_ in ("VERB", "AUX"):
                # "We encourage all users to migrate before that date": the encouraging
                # is what the text states; the migrating is its content
                carry(token.head, n, "anaphor", cue)
            for child in token.children:
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                    carry(child, n, "anaphor", cue)


def _deadline_nouns(doc: Doc, timexes: list[Timex], carry) -> None:
    """"migrate before the November 13th deadline": a date naming a deadline or end date
    dates the clause the phrase belongs to, with the phrase's boundary word."""
    nouns = {"deadline", "date", "cutoff", "cut-off", "eol", "sunset"}
    for n, _timex, span in _dated_spans(doc, timexes):
        noun = span.root.head if span.root.head.i >= span.end else None
        if noun is None or noun.lower_ not in nouns or noun.dep_ != "pobj":
            continue
        prep = noun.head
        verb = prep.head
        if verb.pos_ in ("VERB", "AUX"):
            carry(verb, n, "deadline noun", prep.lower_, True)


def _when_dates(doc: Doc, timexes: list[Timex], carry) -> None:
    """"when 1 May 2026 comes, the 3.x line reaches its end of life": a clause whose
    subject is a date dates the clause it hangs on; so does a date on the noun of a phrase
    ("in the June 18, 2024 weekly release", "in a 2015 mailing list post")."""
    for n, _timex, span in _dated_spans(doc, timexes):
        root = span.root
        head = root.head
        if root.dep_ == "nsubj" and head.dep_ == "advcl" and any(
                c.lower_ in ("when", "once") for c in head.children) and \
                head.head.pos_ in ("VERB", "AUX"):
            carry(head.head, n, "when", None, True)
        elif root.dep_ in ("compound", "nmod", "amod", "nummod") and head.pos_ == "NOUN" \
                and head.dep_ == "pobj" and head.head.lower_ in ("in", "with", "during") \
                and head.head.head.pos_ in ("VERB", "AUX"):
            carry(head.head.head, n, "phrase", None, True)


def _consequences(doc: Doc, timexes: list[Timex], reading: NoticeReading, carry) -> None:
    """"In practice, no more fixes will ship …": what a dated statement means holds
    from its date on."""
    previous: Span | None = None
    for sent in doc.sents:
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        if previous is not None and len(words) > 2 and words[0].lower_ in ("this", "that") \
                and words[1].lemma_.lower() == "mean":
            n = next((m for m, t in enumerate(timexes) if _dated(t) and
                      previous.start_char <= t.start < previous.end_char), None)
            if n is None:
                n = next((reading.carried[t.i] for t in previous if t.i in reading.carried),
                         None)
            if n is not None:
                for verb in main_verbs(sent):
                    if verb.i != words[1].i:
                        carry(verb, n, "consequence", "after")
        previous = sent


def _event_nouns(doc: Doc, timexes: list[Timex], carry) -> None:
    """"During the brownouts", "after the release", "each brownout", "this maintenance": a
    phrase naming something the text dated before takes that date."""
    preps = {"during", "after", "before", "until", "throughout", "following", "of"}
    dets = {"the", "this", "these", "that", "those", "each", "every"}
    defined: dict[str, int] = {}
    defined_in: dict[str, str] = {}
    dated_by_sentence: dict[int, int] = {}
    for n, timex in enumerate(timexes):
        if _dated(timex):
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span):
                dated_by_sentence[span[0].sent.start] = n
    for sent in doc.sents:
        n = dated_by_sentence.get(sent.start)
        for token in sent:
            if token.pos_ == "NOUN" and n is None and token.lemma_.lower() in defined and \
                    any(c.dep_ == "det" and c.lower_ in dets for c in token.children):
                head = token.head
                of = [g.text for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
                if any(o not in defined_in[token.lemma_.lower()] for o in of):
                    continue  # "the release of 2.1.11" is not the release dated before
                if token.dep_ == "pobj" and head.lower_ in preps:
                    verb = head.head
                    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                        verb = verb.head
                    if verb.pos_ in ("VERB", "AUX"):
                        carry(verb, defined[token.lemma_.lower()], "event noun",
                              head.lower_ if head.lower_ != "of" else None)
        if n is None:
            _restated_clauses(sent, defined, carry)
        if n is not None:
            for token in sent:
                if token.pos_ in ("NOUN", "VERB") and not token.is_stop:
                    defined[token.lemma_.lower()] = n
                    defined_in[token.lemma_.lower()] = sent.text


def _restated_clauses(sent: Span, defined: dict[str, int], carry) -> None:
    """"Once Tern 4 reaches the end of its support window, open tickets will be
    closed": a once/when/after clause restating a dated statement (its verb and a noun of
    it, both in one dated sentence before) dates the clause it hangs on."""
    marks = {"once": "after", "after": "after", "when": None, "until": "until",
             "before": "before"}
    for verb in sent:
        if verb.dep_ not in ("advcl", "ccomp") or verb.pos_ != "VERB" or \
                verb.head.pos_ not in ("VERB", "AUX") or verb.head.i < verb.i:
            continue
        mark = next((c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")
                     and c.lower_ in marks), None)
        n = defined.get(verb.lemma_.lower())
        if mark is None or n is None:
            continue
        nouns = [t.lemma_.lower() for t in verb.subtree if t.pos_ == "NOUN" and t.i > verb.i]
        if any(defined.get(noun) == n for noun in nouns):
            carry(verb.head, n, "restated", marks[mark])


def _since(doc: Doc, timexes: list[Timex], reading: NoticeReading) -> None:
    """"Since 2021, Adoptium has provided …": a notice's state of affairs from then until the
    day of the notice (the events stage leaves "since" dates to ranges it cannot draw)."""
    for n, timex in enumerate(timexes):
        if not _dated(timex) or not (boundary_cue(doc_text(doc), timex) == "since" or
                                     _under_since(doc, timex)):
            continue
        verb = _governed(doc, timex)
        if verb is not None and verb.i not in reading.carried:
            reading.carried[verb.i] = n
            reading.how[verb.i] = "since"
            reading.cue[verb.i] = "since"


def _under_since(doc: Doc, timex: Timex) -> bool:
    """"Since our launch in November": the date of a "since" phrase's noun."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return False
        token = token.head
        if token.lower_ == "since" and token.dep_ == "prep":
            return True
    return False


def _relative_clauses(doc: Doc, timexes: list[Timex], carry) -> None:
    """"until 30 April 2026, when Tern will stop shipping fixes": the date dates its "when"
    clause."""
    for n, timex in enumerate(timexes):
        if not _dated(timex):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            for child in token.children:
                if child.dep_ == "relcl" and child.pos_ in ("VERB", "AUX") and any(
                        g.lower_ == "when" for g in child.children):
                    carry(child, n, "relative", None)


_BACK = re.compile(r"(for|over|in|during)\s+(the\s+)?(last|past)\s*$|since\s*$|"
                   r"for\s+(well\s+|just\s+)?(over|more than|almost|nearly)\s*$")
_AHEAD = re.compile(r"(^|[.!?]\s+|,\s*)in\s*$|(for|over)\s+(the\s+)?(next|coming)\s*$|"
                    r"for\s+(at least\s+)?$")
_PERIOD = re.compile(r"^P(\d+(?:\.\d+)?)([DWMY])$")


def _shift(day: date, amount: float, unit: str, sign: int) -> date:
    if unit in ("D", "W"):
        return day + timedelta(days=sign * round(amount * (7 if unit == "W" else 1)))
    return add_months(day, sign * round(amount * (12 if unit == "Y" else 1)))


def _anchored_durations(doc: Doc, timexes: list[Timex], published: str | None,
                        reading: NoticeReading, carry) -> None:
    """Periods counted from the publication day: "for the last 13 years" and "Since 4 weeks"
    reach back to it, "In one month" and "over the next year" forward from it."""
    if not published or not re.match(r"\d{4}-\d{2}-\d{2}", published):
        return
    today = date.fromisoformat(published[:10])
    text = doc_text(doc)
    for n, timex in enumerate(timexes):
        m = _PERIOD.match(timex.value or "")
        if timex.type != "DURATION" or m is None:
            continue
        amount, unit = float(m[1]), m[2]
        words = re.sub(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                       r"couple of|few|\d+|years?|months?|weeks?|days?)\b", "",
                       timex.text.lower())
        before = " ".join((text[max(0, timex.start - 30):timex.start].lower() + " " +
                           words).split())
        verb = _governed(doc, timex)
        if verb is None:
            continue
        future = any(c.lower_ in ("will", "'ll", "shall") for c in verb.children) or \
            verb.head.lower_ in ("will",)
        if _BACK.search(before) and not future:
            range_ = [_shift(today, amount, unit, -1).isoformat(), today.isoformat()]
        elif _AHEAD.search(text[max(0, timex.start - 30):timex.start].lower()) and future:
            end = _shift(today, amount, unit, 1).isoformat()
            in_ = text[max(0, timex.start - 4):timex.start].strip().lower() == "in"
            range_ = [end, end] if in_ else [today.isoformat(), end]
        else:
            continue
        reading.ranges[n] = range_
        carry(verb, n, "duration", None)
        for child in verb.children:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                carry(child, n, "duration", None)


def _time_words(doc: Doc, timexes: list[Timex], reading: NoticeReading) -> None:
    """"Starting January 1, 2024, X happens": the time word frames X; X is the event."""
    words = set(notice_lexicon()["time_word_verbs"])
    for n, _timex, span in _dated_spans(doc, timexes):
        token = span.root
        for _ in range(3):
            if token.head.i == token.i:
                break
            token = token.head
            if token.lemma_.lower() in words and token.tag_ in ("VBG", "VBN") and \
                    not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and \
                    token.head.i != token.i and token.head.pos_ in ("VERB", "AUX"):
                reading.skip.add(token.i)
                head = token.head
                if head.i not in reading.carried:
                    reading.carried[head.i] = n
                    reading.how[head.i] = "time word"
                    reading.cue[head.i] = "from"
                break


def _conjuncts(doc: Doc, timexes: list[Timex], reading: NoticeReading, own: set[int]) -> None:
    """"will be halted, and the project will be retired": a clause coordinated with a dated
    one, with no date of its own, shares the date."""
    dated: dict[int, int] = dict(reading.carried)
    for n, timex in enumerate(timexes):
        if _dated(timex) and (verb := _governed(doc, timex)) is not None:
            dated.setdefault(verb.i, n)
    for i in sorted(dated):
        queue = [doc[i]]
        head = doc[i].head
        if doc[i].dep_ == "advcl" and head.pos_ in ("VERB", "AUX") and head.i not in own \
                and head.i not in reading.carried and not any(
                    c.dep_ == "mark" for c in doc[i].children) and head.i > i:
            # "In one month, all profiles will be removed, all keywords will be dropped and
            # …": clauses run together with commas, parsed as one under the next
            reading.carried[head.i] = dated[i]
            reading.how[head.i] = "conjunct"
            queue.append(head)
        while queue:
            verb = queue.pop()
            joined = any(c.dep_ == "cc" or (c.dep_ == "punct" and c.text == ",")
                         for c in verb.children)
            for child in verb.children:
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and joined and \
                        child.i not in own and child.i not in reading.carried:
                    reading.carried[child.i] = dated[i]
                    reading.how[child.i] = "conjunct"
                    if i in reading.cue:
                        reading.cue[child.i] = reading.cue[i]
                    queue.append(child)

"""Dates one event shares with another, as a reader carries them across a sentence or a story.

    share_dates(doc, drafts, timexes, actors, raw, published) -> new drafts

Runs after the events of a document are drafted, dated and merged:

- a happening a dated clause takes place in or acts on is then: "said at a news conference on
  Friday", "held a rally Saturday", "completed the purchase yesterday";
- a change or effect whose subject is dated happens in that period: "third-quarter profit
  jumped 16%", "the 1996 bombing that killed one person";
- a clause carried on by another ("began to arrive today", "declined to comment Saturday",
  "killed a guard and wounded a nurse") or holding its own date ("hopes to complete the sale
  early next year") is an event of that date, even where it is no event of its own otherwise;
- a speaker's next undated statement in the story is made on the day of their last dated
  statement ("Castro said Friday …. The Cuban leader said …"), when that day is recent.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import numpy
import yaml
from spacy.attrs import POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    RESOURCES,
    ActorLookup,
    RawAttribution,
    doc_text,
    subject_of,
)
from pipeline.extract.events.clause import (
    _action_type,
    _clause_text,
    _future_aux,
    _modality,
    _negated,
    _phrasal,
)
from pipeline.extract.events.dating import _date_role, _hours_bound, _timex_rank
from pipeline.extract.events.draft import _Draft, _enclosing, _sentence_span
from pipeline.extract.events.lexicon import events_lexicon
from pipeline.extract.events.nominal import is_event_noun, noun_draft
from pipeline.extract.events.participants import agent_actor, event_subject
from pipeline.record import EventDate, Timex

# How far back a speaker's dated statement still dates their undated ones: a story's
# speakers speak on the days of its news, not weeks before it.
_RECENT_DAYS = 7
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "nummod", "npadvmod")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    with open(RESOURCES / "event_dates.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    words = {k: frozenset(v) for k, v in data.items() if k != "same_happening"}
    words["same_happening_groups"] = tuple(frozenset(g) for g in data["same_happening"])
    return words


def _token_timex(doc: Doc, timexes: list[Timex]) -> dict[int, int]:
    """token index -> index of the usable (calendar-dated) timex it lies in."""
    out: dict[int, int] = {}
    for n, timex in enumerate(timexes):
        if not timex.range or timex.value.endswith("_REF") or timex.type not in ("DATE", "TIME"):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                out.setdefault(i, n)
    return out


def _shareable(draft: _Draft) -> bool:
    """A date another clause can take: a calendar date of at least a year, not a decade or a
    century ("the disasters of this century" dates no particular act), and no deadline."""
    value = draft.date.value if draft.date is not None else ""
    return len(value) >= 4 and value[:4].isdigit() and draft.date.role != "deadline"


def _shared(source: EventDate, role: str | None = None) -> EventDate:
    return EventDate(value=source.value, range=source.range, role=role or source.role,
                     timex=source.timex)


def _role_by_side(verb: Token, timex: Timex, published: date | None) -> str:
    if _future_aux(verb) or (published is not None and timex.range[0] > published.isoformat()):
        return "planned"
    return "occurred"


def _verb_draft(doc: Doc, actors: ActorLookup, raw: list[RawAttribution], verb: Token,
                when: EventDate, timex: Timex | None) -> _Draft:
    """A clause as an event of its own, dated `when`, with the subject it has or shares
    ("began arriving": who began; "flattened homes and injured six": what flattened)."""
    subject = subject_of(verb)
    actor = agent_actor(doc, actors, subject) if subject is not None else None
    enclosing = _enclosing(raw, verb.i, None)
    action = _phrasal(verb)
    sentence = _sentence_span(doc, verb)
    modality = "planned" if when.role == "planned" else _modality(verb, enclosing is not None)
    return _Draft(
        verb=verb, actor=actor, action=action, action_type=_action_type(verb, action, False),
        targets=[], content=_clause_text(doc, verb, subject), negated=_negated(verb),
        modality=modality,
        attributed_to=enclosing.source_actor if enclosing is not None else None,
        quote=None, sentence=sentence, mentions=[sentence], date=when, date_timex=timex,
        subject=event_subject(doc, actors, verb, subject, None))


def _subject_date(verb: Token, at: dict[int, int]) -> tuple[int, Token] | None:
    """The date on a verb's subject that dates the verb: "third-quarter profit *jumped*",
    "the 1996 bombing that *killed* one person" (timex index, subject noun)."""
    words = _words()
    lemma = verb.lemma_.lower()
    change = lemma in events_lexicon()["change_verbs"] or lemma in words["measure_verbs"]
    effect = lemma in words["effect_verbs"]
    if not (change or effect):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ in ("that", "which") and verb.dep_ == "relcl":
        subject = verb.head  # the antecedent: "the bombing that killed …"
    if subject is None or subject.pos_ != "NOUN":
        return None
    measured = _measure_noun(subject)
    if not (is_event_noun(subject) or (change and measured)):
        return None
    for child in subject.children:
        if child.dep_ in _MODIFIER_DEPS and child.i < subject.i and child.i in at:
            return at[child.i], subject
    return None


# A period a result is measured over ("a loss for the third quarter", "earnings for 1989").
_PERIOD = re.compile(r"^\d{4}(-[QH]\d|-\d{2})?$")


def _noun_own_date(doc: Doc, noun: Token, timexes: list[Timex], at: dict[int, int]) -> int | None:
    """A date a noun event carries in a way `nominal.dated_noun` does not read: a period it
    is measured "for", the figure it changes, or a clause saying when it happened."""
    words = _words()
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in at and \
                        _PERIOD.match(timexes[at[pobj.i]].value or ""):
                    return at[pobj.i]
        if child.dep_ == "prep" and child.lower_ == "in" and noun.lemma_.lower() in \
                words["change_nouns"]:
            for figure in (g for g in child.children if g.dep_ == "pobj"):
                dated = [g.i for g in figure.children if g.dep_ in _MODIFIER_DEPS
                         and g.i < figure.i and g.i in at]
                if dated:
                    return at[dated[0]]
        if child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX") and \
                child.lemma_.lower() in words["occurrence_verbs"]:
            n = _own_timex(doc, child, timexes, at)
            if n is not None:
                return n
    return None


def _event_noun(noun: Token) -> bool:
    return noun.pos_ == "NOUN" and (is_event_noun(noun) or noun.lower_ in _words()[
        "more_event_nouns"])


def _setting_nouns(verb: Token, period: bool) -> list[Token]:
    """Happenings a clause takes place in or acts on (see the module text); with a period
    date, the results a clause states for it ("had a loss of $5 million in the quarter")."""
    words = _words()
    lemma = verb.lemma_.lower()
    found = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in words["setting_preps"]:
            found.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "dobj" and lemma in words["support_verbs"]:
            found.append(child)
        elif child.dep_ == "dobj" and period and lemma in words["result_verbs"]:
            found.append(child)  # "had a loss", "posted $110 million in sales"
            found.extend(g for p in child.children if p.dep_ == "prep" and p.lower_ in (
                "in", "of") for g in p.children if g.dep_ == "pobj")
    return [n for n in found if _event_noun(n)]


def _accompanying(verb: Token) -> bool:
    """A participle that goes with its clause's act: "headed to Nairobi on Tuesday, *seeking*
    support", "*Speaking* on Monday, the minister said …" (no subject or conjunction of its
    own, or only "while")."""
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux") or (c.dep_ == "mark" and c.lower_ != "while")
        for c in verb.children)


def _own_timex(doc: Doc, verb: Token, timexes: list[Timex], at: dict[int, int]) -> int | None:
    """A clause-level time phrase in a non-event clause's own part of the tree."""
    for i in range(verb.left_edge.i, verb.right_edge.i + 1):
        n = at.get(i)
        if n is None or (i > verb.left_edge.i and at.get(i - 1) == n):
            continue  # not a timex, or not its first token
        timex = timexes[n]
        if timex.deadline_cue or _hours_bound(doc, timex):
            continue  # a deadline stays on the request that sets it; opening hours date nothing
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or span.end - 1 > verb.right_edge.i:
            continue
        head = span.root.head
        while head.i != verb.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == verb.i and _timex_rank(doc, verb, timex) <= 0:
            return n
    return None


def _carried_clauses(doc: Doc, verbs: list[Token], drafts: dict[int, _Draft],
                     timexes: list[Timex],
                     at: dict[int, int], published: date | None, actors: ActorLookup,
                     raw: list[RawAttribution]) -> list[_Draft]:
    """Clauses that are no event on their own but hold or share a date (see the module)."""
    words = _words()
    new: list[_Draft] = []
    for token in verbs:
        if token.i in drafts or token.dep_ not in ("xcomp", "pcomp", "conj") and \
                not _accompanying(token):
            continue
        head = token.head
        n = _own_timex(doc, token, timexes, at) if token.dep_ != "advcl" else None
        when = None
        if n is not None:
            timex = timexes[n]
            when = EventDate(value=timex.value, range=timex.range,
                             role=_date_role(token, timex, _modality(token, False), published),
                             timex=n)
        elif head.i in drafts and _shareable(drafts[head.i]) and \
                drafts[head.i].verb.pos_ == "VERB":
            source = drafts[head.i]
            aspectual = token.dep_ in ("xcomp", "pcomp") and \
                head.lemma_.lower() in words["aspectual_heads"]
            joined = token.dep_ == "conj" and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and \
                token.tag_ == head.tag_
            if aspectual or joined or _accompanying(token):
                when = _shared(source.date)
                timex = source.date_timex
        if when is None:
            continue
        draft = _verb_draft(doc, actors, raw, token, when, timex)
        drafts[token.i] = draft
        new.append(draft)
    return new


def share_dates(doc: Doc, drafts: list[_Draft], timexes: list[Timex], actors: ActorLookup,
                raw: list[RawAttribution], published: date | None) -> list[_Draft]:
    """Date undated drafts and add events that share a date (see the module docstring).
    `drafts` are the merged drafts of one document; returns the new ones."""
    at = _token_timex(doc, timexes)
    live: dict[int, _Draft] = {}  # every drafted token -> the event it is (after merging)
    for draft in drafts:
        target = draft
        while target.merged_into is not None:
            target = target.merged_into
        live[draft.verb.i] = target
    new: list[_Draft] = []
    # verbs and nouns read from the tag array: walking the Doc builds a Token at every step
    tags = doc.to_array([POS])
    verbs = [doc[int(i)] for i in numpy.flatnonzero(tags == VERB)]
    nouns = [doc[int(i)] for i in numpy.flatnonzero(tags == NOUN)]
    for verb in verbs:
        if verb.i in live and live[verb.i].date is not None:
            continue
        found = _subject_date(verb, at)
        if found is None:
            continue
        timex = timexes[found[0]]
        when = EventDate(value=timex.value, range=timex.range,
                         role=_role_by_side(verb, timex, published), timex=found[0])
        if verb.i in live:
            live[verb.i].date, live[verb.i].date_timex = when, timex
        else:  # "the bombing that killed one person": no actor, but a dated effect
            live[verb.i] = _verb_draft(doc, actors, raw, verb, when, timex)
            new.append(live[verb.i])
    new += _carried_clauses(doc, verbs, live, timexes, at, published, actors, raw)
    for draft in list({id(d): d for d in live.values()}.values()):
        if not _shareable(draft) or draft.verb.pos_ != "VERB":
            continue
        period = bool(_PERIOD.match(draft.date.value or ""))
        for noun in _setting_nouns(draft.verb, period):
            if noun.i in live or any(t.i in at for t in noun.subtree):
                continue  # an event already, or one with a date of its own
            modality = "planned" if draft.date.role == "planned" else "asserted"
            extra = noun_draft(doc, actors, raw, noun, _shared(draft.date), draft.date_timex,
                               modality)
            live[noun.i] = extra
            new.append(extra)
    _from_settings_and_conjuncts(live)
    for noun in nouns:
        if noun.i in live or not _event_noun(noun):
            continue
        n = _noun_own_date(doc, noun, timexes, at)
        if n is not None:
            timex = timexes[n]
            role = "planned" if published is not None and \
                timex.range[0] > published.isoformat() else "occurred"
            when = EventDate(value=timex.value, range=timex.range, role=role, timex=n)
            live[noun.i] = noun_draft(doc, actors, raw, noun, when, timex,
                                      "planned" if role == "planned" else "asserted")
            new.append(live[noun.i])
    new.extend(_named_again(doc, nouns, live, actors, raw))
    unique = {id(d): d for d in live.values()}.values()
    _speaker_days(doc, sorted(unique, key=lambda d: d.verb.i), published, at)
    return new


def _document_issue(noun: Token, live: dict[int, _Draft]) -> _Draft | None:
    """The dated issuing of a text: "the warrant *issued Monday*", "a letter *dated* …"."""
    if noun.lemma_.lower() not in _words()["document_nouns"]:
        return None
    return next((live[c.i] for c in noun.children if c.dep_ in ("acl", "relcl") and
                 c.i in live and live[c.i].verb.i == c.i and live[c.i].date is not None), None)


def _from_settings_and_conjuncts(live: dict[int, _Draft]) -> None:
    """An undated clause is dated by the dated happening it takes place in ("NATO decided at
    last year's summit", "was injured in the 1998 bombing"), by the dated clause it is
    coordinated with ahead of ("was arrested and charged on Friday"), or by the issuing of
    the text that is its subject or medium ("the warrant issued Monday charged him", "said
    in a letter dated 14 February")."""
    words = _words()
    for i, draft in sorted(live.items()):
        verb = draft.verb
        if draft.date is not None or verb.i != i or verb.pos_ != "VERB":
            continue
        source = None
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                source = _document_issue(child, live)
            elif child.dep_ == "prep" and child.lower_ == "in":
                source = next((found for g in child.children if g.dep_ == "pobj" and (
                    found := _document_issue(g, live)) is not None), None)
            if source is not None and _shareable(source):
                draft.date = _shared(source.date)
                draft.date_timex = source.date_timex
                break
        if draft.date is None and _accompanying(verb) and verb.head.i in live and \
                live[verb.head.i].date is not None and live[verb.head.i].verb.i == verb.head.i:
            source = live[verb.head.i]
            if _shareable(source):
                draft.date, draft.date_timex = _shared(source.date), source.date_timex
        if draft.date is not None:
            continue
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in words["setting_preps"]:
                source = next((live[g.i] for g in child.children if g.dep_ == "pobj" and
                               g.i in live and live[g.i].verb.i == g.i and
                               live[g.i].date is not None), None)
            elif child.dep_ == "conj" and child.pos_ == "VERB" and child.tag_ == verb.tag_ and \
                    child.i in live and live[child.i].date is not None and not any(
                        g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
                source = live[child.i]
            elif _accompanying(child) and child.i < verb.i and child.i in live and \
                    live[child.i].date is not None:
                # "Speaking on Monday, the minister said …"; a trailing one ("…, starting on
                # 1 August") may tell what follows, not when the clause happened
                source = live[child.i]
            if source is not None and _shareable(source):
                draft.date = _shared(source.date)
                draft.date_timex = source.date_timex
                break


def _recent_day(draft: _Draft, published: date) -> bool:
    """Dated to one day in the week up to publication, as a thing that happened."""
    days = draft.date.range if draft.date is not None else None
    return bool(days) and draft.date.role == "occurred" and days[0] == days[-1] and \
        0 <= (published - date.fromisoformat(days[0])).days <= _RECENT_DAYS


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})


def _goes_on(before: _Draft, after: _Draft) -> bool:
    """Whether a sentence goes on with the one before: the same actor, a pronoun for it, or
    a subject the sentence before names ("Police raided the depot. The raid ended …");
    "The board met on Friday. Siemens announced a new chief." tells two things."""
    if after.actor is not None and after.actor == before.actor:
        return True
    subject = subject_of(after.verb)
    if subject is None:
        return False
    if subject.lower_ in _PRONOUNS:
        return True
    named = {t.lemma_.lower() for t in before.verb.sent if t.pos_ in ("NOUN", "PROPN", "VERB")}
    return subject.lemma_.lower() in named


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _happening_key(token: Token) -> str:
    """One name for a happening's words: "shooting", "shot", "killing" -> one key."""
    lemma = token.lemma_.lower()
    base = lemma[:-3] if token.pos_ == "NOUN" and lemma.endswith("ing") else lemma
    for n, group in enumerate(_words()["same_happening_groups"]):
        if lemma in group or base in group:
            return f"group{n}"
    return base


def _named_again(doc: Doc, nouns: list[Token], live: dict[int, _Draft], actors: ActorLookup,
                 raw: list[RawAttribution]) -> list[_Draft]:
    """A definite or possessed event noun naming a dated happening told before ("was shot on
    23 October … the shooting", "the Aug. 7 bombings … the blasts") is that happening."""
    dated: dict[str, _Draft] = {}
    new: list[_Draft] = []
    drafts = sorted({id(d): d for d in live.values()}.values(), key=lambda d: d.verb.i)
    ahead = iter(drafts)
    upcoming = next(ahead, None)
    for noun in nouns:
        while upcoming is not None and upcoming.verb.i < noun.i:
            if _shareable(upcoming) and upcoming.date.role == "occurred":
                dated[_happening_key(upcoming.verb)] = upcoming
            upcoming = next(ahead, None)
        if noun.i in live or not _event_noun(noun) or not any(
                c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE)
                for c in noun.children):
            continue
        source = dated.get(_happening_key(noun))
        if source is None:
            continue
        live[noun.i] = noun_draft(doc, actors, raw, noun, _shared(source.date),
                                  source.date_timex, "asserted")
        new.append(live[noun.i])
    return new


def _later_period(current: _Draft | None, new: _Draft) -> _Draft:
    """The story's period: a quarter's or half's result, never the year-ago figure it is
    compared with ("… from $4 million in the year-ago period. Sales rose 3%")."""
    if current is None or (new.date.range or [""])[0] >= (current.date.range or [""])[0]:
        return new
    return current


def _measured_change(verb: Token) -> bool:
    """A change or result of a measured figure: "net fell 16%", "had a loss of …"."""
    words = _words()
    lemma = verb.lemma_.lower()
    if lemma not in events_lexicon()["change_verbs"] and lemma not in words["measure_verbs"] \
            and lemma not in words["result_verbs"]:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _measure_noun(c)
               for c in verb.children)


def _measure_noun(noun: Token) -> bool:
    words = _words()["measure_nouns"]
    return noun.lower_ in words or noun.lemma_.lower() in words


def _main_clause(verb: Token) -> bool:
    """What a sentence tells, not a clause inside it ("a ballot that closed on …")."""
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _speaker_days(doc: Doc, drafts: list[_Draft], published: date | None,
                  at: dict[int, int]) -> None:
    """A speaker's undated statement after their recent dated one is made that day; so is
    what a paragraph goes on to tell in the past tense after a recent dated happening ("Police
    raided the house on Tuesday. They seized two rifles.")."""
    if published is None:
        return
    last_speech: _Draft | None = None
    last: _Draft | None = None
    last_period: _Draft | None = None
    text = doc_text(doc)
    for draft in drafts:
        verb = draft.verb
        if verb.pos_ == "NOUN" and draft.date is not None and \
                _measure_noun(verb) and \
                _PERIOD.match(draft.date.value or "") and "-" in draft.date.value:
            last_period = _later_period(last_period, draft)  # "third-quarter earnings"
        if verb.pos_ != "VERB" or _future_aux(verb) or draft.quote is not None:
            continue  # a quotation keeps its own time
        speech = draft.attribution is not None
        if draft.date is not None:
            if _PERIOD.match(draft.date.value or "") and "-" in draft.date.value and (
                    _measured_change(verb) or _measure_noun(verb)):
                last_period = _later_period(last_period, draft)
            recent = _recent_day(draft, published)
            last = draft if recent and _main_clause(verb) else None
            if speech:
                last_speech = draft if recent else None
            continue
        source = None
        if last_period is not None and _measured_change(verb) and \
                "\n" not in text[last_period.verb.idx:verb.idx]:
            source = last_period  # "posted weaker second-quarter profit. Net dropped 9%"
        elif speech and verb.tag_ in ("VBD", "VBZ", "VBP") and last_speech is not None and \
                draft.actor is not None and draft.actor == last_speech.actor:
            source = last_speech
        elif verb.tag_ == "VBD" and last is not None and _main_clause(verb) and \
                last.verb.sent.start < verb.sent.start and \
                "\n" not in text[last.verb.idx:verb.idx] and \
                not any(t.i in at for t in verb.sent) and _goes_on(last, draft):
            source = last  # the paragraph's story goes on, in a sentence with no date of its own
        if source is not None:
            draft.date = _shared(source.date, "occurred")
            draft.date_timex = source.date_timex

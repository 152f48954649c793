"""Events named by nouns and dated by a time phrase on them: "the Oct. 23 shooting",
"Friday's announcement", "its maiden flight on 11 December", "the vote on 3 March".

The noun's own date makes it an event of its own; its agent is a possessor, a name
compounded with it or a "by" phrase ("NATO's summit", "a BMA ballot", "an attack by rebels").
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import ActorLookup, RawAttribution, doc_text, lexicon
from pipeline.extract.events.dating import _hours_bound
from pipeline.extract.events.draft import _Draft, _enclosing, _sentence_span
from pipeline.extract.events.lexicon import events_lexicon
from pipeline.extract.events.participants import agent_actor
from pipeline.extract.syntax import span_root
from pipeline.record import EventDate, Subject, Timex

# Where a time phrase sits on a noun: a modifier ("the 1996 bombing", "Friday's vote"), or
# a prepositional phrase / bare adverbial after it ("the summit in April", "a rally Saturday").
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "nummod")
_NOUN_PREPS = ("on", "in", "at", "of", "during")


def is_event_noun(noun: Token) -> bool:
    """A noun that names a happening: listed, or a verb's "-ing" form ("the shooting")."""
    if noun.pos_ != "NOUN":
        return False
    words = events_lexicon()
    lower = noun.lower_
    if lower in words["event_nouns"] or noun.lemma_.lower() in words["event_nouns"]:
        return True
    return lower.endswith(("ing", "ings")) and len(lower) > 5 and \
        lower not in words["ing_non_events"] and noun.lemma_.lower() not in words["ing_non_events"]


def dated_noun(doc: Doc, timex: Timex) -> Token | None:
    """The event noun a time phrase dates directly, if any."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span_root(span)
    noun = None
    if root.dep_ in _MODIFIER_DEPS and root.head.pos_ == "NOUN" and root.head.i >= span.end:
        noun = root.head
    elif root.dep_ == "pobj" and root.head.dep_ == "prep" and \
            root.head.lower_ in _NOUN_PREPS and root.head.head.pos_ == "NOUN" and \
            root.head.head.i < root.head.i:
        noun = root.head.head
    elif root.dep_ == "npadvmod" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        noun = root.head
    while noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and \
            noun.head.i > noun.i:
        noun = noun.head  # "the Oct. 23 sniper shooting": the shooting, not the sniper
    if noun is None or noun.i in range(span.start, span.end) or not is_event_noun(noun):
        return None
    return noun


def _noun_agent(doc: Doc, actors: ActorLookup, noun: Token) -> Token | None:
    """Who acts in a noun event: a possessor, a name compounded with it, a "by" phrase."""
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            if agent_actor(doc, actors, child) is not None:
                return child
        if child.dep_ == "prep" and child.lower_ == "by":
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def _noun_role(timex: Timex, published: date | None) -> tuple[str, str]:
    """(date role, modality) of a dated noun event: by the date's side of publication."""
    if timex.deadline_cue:
        return "deadline", "asserted"
    if published is not None and timex.range and timex.range[0] > published.isoformat():
        return "planned", "planned"
    return "occurred", "asserted"


def nominal_events(doc: Doc, actors: ActorLookup, timexes: list[Timex], raw: list[RawAttribution],
                   published: date | None, limit: int) -> list[_Draft]:
    """One event per event noun a time expression dates (see the module docstring)."""
    drafts: list[_Draft] = []
    seen: set[int] = set()
    for n, timex in enumerate(timexes):
        if not timex.range or timex.value.endswith("_REF") or timex.start >= limit or \
                timex.type not in ("DATE", "TIME") or _hours_bound(doc, timex):
            continue
        noun = dated_noun(doc, timex)
        if noun is None or noun.i in seen:
            continue
        seen.add(noun.i)
        role, modality = _noun_role(timex, published)
        date_ = EventDate(value=timex.value, range=timex.range, role=role, timex=n)
        drafts.append(noun_draft(doc, actors, raw, noun, date_, timex, modality))
    return drafts


def noun_draft(doc: Doc, actors: ActorLookup, raw: list[RawAttribution], noun: Token,
               date_: EventDate, timex: Timex, modality: str) -> _Draft:
    """The event a noun names, dated `date_` (its agent from the noun's own phrase)."""
    text = doc_text(doc)
    agent = _noun_agent(doc, actors, noun)
    actor = agent_actor(doc, actors, agent) if agent is not None else None
    enclosing = _enclosing(raw, noun.i, None)
    if enclosing is not None and modality == "asserted":
        modality = "reported"
    start, end = noun.left_edge.idx, noun.idx + len(noun.text)
    sentence = _sentence_span(doc, noun)
    subject = None
    if agent is not None:
        stop = agent.idx + len(agent.text)
        subject = Subject(agent.left_edge.idx, stop, text[agent.left_edge.idx:stop])
    action = noun.lemma_.lower()
    return _Draft(
        verb=noun, actor=actor, action=action,
        action_type=lexicon()["actions"].get(action, "other"), targets=[],
        content=text[start:end], negated=False, modality=modality,
        attributed_to=enclosing.source_actor if enclosing is not None else None,
        quote=None, sentence=sentence, mentions=[sentence], date=date_, date_timex=timex,
        subject=subject)

"""Who acts and who is acted on: targets, pronoun agents, denied clauses."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    ActorLookup,
    RawAttribution,
    lexicon,
    resolve_actor,
    sentence_of,
    source_span,
)
from pipeline.extract.events.draft import _enclosing

_PRONOUNS_3RD = {"it", "they", "he", "she", "them", "him", "her"}


_FIRST_PERSON = {"i", "we", "me", "us"}


_TARGET_PREPS = {"to", "with", "for", "from", "on", "against"}


def _targets(doc: Doc, verb: Token, actors: ActorLookup, actor: str | None,
             exclude: set[int]) -> list[str]:
    """Actors the action is directed at: objects, datives, "to/with X" (and their conjuncts)."""
    found: list[str] = []
    heads: list[Token] = []
    for child in verb.children:
        if child.i in exclude:
            continue
        if child.dep_ in ("dobj", "dative", "iobj", "obj"):
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            heads.extend(g for g in child.children if g.dep_ == "pobj")
    for head in list(heads):
        heads.extend(c for c in head.conjuncts if c not in heads)
    for head in heads:
        who = resolve_actor(doc, actors, *source_span(head))
        if who and who != actor and who not in found:
            found.append(who)
    return found


def _undated_kept(doc: Doc, verb: Token, actors: ActorLookup,
                  raised_subject: Token | None) -> bool:
    """An undated clause whose subject is no known actor is still an event when the text
    presents it as one: what a named subject "is expected / due to" do ("A consortium is
    expected to complete its takeover"), an obligation ("Customers must migrate to 5.1"), or
    an act aimed at an actor ("A fire damaged Harrowgate's stand")."""
    if raised_subject is not None and raised_subject.lower_ not in ("it", "there"):
        return True
    obliged = set(lexicon()["obligation_auxiliaries"])
    if any(c.dep_ == "aux" and c.lower_ in obliged for c in verb.children):
        return True
    # a finite clause only: participles and infinitives ("a message sent to GPs", "no
    # need to email TPP") describe or qualify, they do not report an act
    return verb.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in verb.children) and \
        bool(_targets(doc, verb, actors, None, set()))


def _denied_clause(doc: Doc, verb: Token, denial: RawAttribution) -> bool:
    """Whether the verb heads what the denial rejects (its clause, or the clause of the claim
    it rejects, not something nested deeper): "denied *that it would shut* its branches"."""
    cue = doc[denial.cue_token] if denial.cue_token is not None else None
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if cue is None or clause.dep_ not in ("ccomp", "xcomp", "acl"):
        return False
    head = clause.head
    if head.i != cue.i and head.dep_ == "dobj" and head.head.i == cue.i and \
            head.pos_ == "NOUN":
        return True  # "denied a report / claims that it planned to …": the claim's clause
    return head.i == cue.i and clause.dep_ != "acl"


def _pronoun_actor(subject: Token, verb: Token, raw: list[RawAttribution],
                   own: RawAttribution | None) -> str | None:
    """An unresolved pronoun subject inside reported content: first person is the speaker;
    third person ("TPP confirmed it has…", "… but that they are not…") is the speaker too when
    the speaker is the only candidate the sentence offers."""
    pronoun = subject.lower_
    if pronoun not in _FIRST_PERSON and pronoun not in _PRONOUNS_3RD:
        return None
    host = _enclosing(raw, verb.i, own)
    if host is None or host.source_actor is None:
        return None
    if pronoun in _FIRST_PERSON:
        return host.source_actor
    same_sentence = host.cue_token is not None and \
        sentence_of(verb.doc[host.cue_token]) == sentence_of(verb)
    if same_sentence and subject.i not in range(*(host.source or (0, 0))):
        return host.source_actor
    return None

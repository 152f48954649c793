"""Checks the trained cue and content models' output goes through: does a cue report a clause, is
a learned content a proposition or an event report.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.attribution.base import RawAttribution, cue_type, lexicon, speech_type
from pipeline.extract.attribution.cues import _cue_range


def _reports_clause(cue: Token, attribution: RawAttribution) -> bool:
    """A speech cue whose content is a clause it governs ("informed that …", "asked it to
    …", "said it would …"): never dropped. PolNeAR's annotators skip some of these, but they
    are the claims the events stage builds nested attributions on."""
    return bool(speech_type(cue.lemma_)) and any(
        c.dep_ in ("ccomp", "xcomp") and c.i in attribution.content_tokens
        for c in cue.children)


def _needs_clause(lemma: str) -> bool:
    """A lemma the lexicon does not know as a cue, or knows only as one that reports a clause
    (`clause_only`, cognition verbs: "charged that …", "called for …" but not "was called")."""
    lemma = lemma.lower()
    lex = lexicon()
    if cue_type(lemma) is None or lemma in lex["clause_only"]:
        return True
    return lemma not in lex["speech"] and lemma not in lex["stance"] and lemma not in lex["raising"]


def _passive(cue: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)


# Dependents of a cue that make its content a proposition: a clause ("said that …", "asked X
# to …") or a predicate on its object ("was seen as a circus", "called the plan a sham").
_CLAUSE_DEPS = ("ccomp", "xcomp", "csubj", "csubjpass", "parataxis", "oprd", "acomp", "attr")


def _propositional(cue: Token, content: list[int] | set[int]) -> bool:
    """Whether a cue's content says something (a clause or a predication: "that X happened",
    "to cut taxes", "X as a circus", the clause a "…, officials said" hangs from) rather than
    naming only a thing or a person ("Graham Pellow", "a striker", "the house")."""
    kept = set(content)
    if cue.head.i != cue.i and cue.head.i in kept:
        return True
    for child in cue.children:
        if not any(t.i in kept for t in child.subtree):
            continue
        if child.dep_ in _CLAUSE_DEPS:
            return True
        if child.dep_ == "prep" and child.lower_ == "as":
            return True
    # A clause anywhere in the content: "split on whether they would vote", "asked if …".
    doc = cue.doc
    return any(doc[i].pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in doc[i].children) for i in kept)


def _event_report(cue: Token, content: list[int]) -> bool:
    """A passive cue the lexicon does not know as reporting anything but a clause, whose
    content is no proposition (`_propositional`). Only asked of cues without a source: with
    one ("was rejected by the court", "was booed by supporters") PolNeAR train counts the
    passive subject as the content of a stance."""
    return _passive(cue) and _needs_clause(cue.lemma_) and not _propositional(cue, content)


# Dependents that say why, when or how something was done, not what was said.
_ADJUNCT_DEPS = ("advcl", "npadvmod", "advmod", "prep")


def _adjuncts_only(cue: Token, content: list[int]) -> bool:
    """A learned cue whose content is only its adverbial clauses and prepositional phrases
    (not one right after it: "apologized for X" keeps its "for X") while its noun object is
    left out: the object names what was done, the adjuncts why or how."""
    kept = set(content)
    pieces = [c for c in cue.children if c.i in kept or any(t.i in kept for t in c.subtree)]
    if not pieces:
        return False
    last = _cue_range(cue)[1]
    if not all(c.dep_ in _ADJUNCT_DEPS and c.i > last for c in pieces):
        return False
    # ... and whose own object, left out of the content, names the deed ("took action").
    return any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in kept for c in cue.children)


def _enclosing(found: list[RawAttribution], inner: RawAttribution) -> RawAttribution | None:
    """The attribution whose content contains this one's cue (the speaker quoting it)."""
    if inner.cue is None:
        return None
    best = None
    for a in found:
        if a is inner or inner.cue[0] not in a.content_tokens:
            continue
        if best is None or len(a.content_tokens) < len(best.content_tokens):
            best = a
    return best

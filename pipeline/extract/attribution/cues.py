"""Is a token a speech cue: the lexicon's verbs and nouns, generic cues, and a cue's token range."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.attribution.base import cue_type, lexicon


def _cue_range(cue: Token) -> tuple[int, int]:
    """The cue words: the verb with its particles and a "for"/"on" of "call for"."""
    start, end = cue.i, cue.i + 1
    for child in cue.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return start, end


def _generic_cue(token: Token) -> bool:
    """A verb outside the lexicon that reports a "that"-clause of a person or organisation
    ("Clinton insinuated that …"): attribution in all but name."""
    if token.pos_ != "VERB" or token.lemma_.lower() in lexicon()["not_cues"]:
        return False
    clause = [c for c in token.children if c.dep_ == "ccomp"
              and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not clause:
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in (
        "he", "she", "they", "i", "we") or subject.ent_type_ in ("PERSON", "ORG", "NORP"))


def _is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    # (asked many times per token while quotations look for their cue: cached per document)
    cache = token.doc.user_data.setdefault("dateline_is_cue", {})
    known = cache.get(token.i)
    if known is None:
        known = cache[token.i] = _is_cue_uncached(token)
    return known


def _is_cue_uncached(token: Token) -> bool:
    if cue_type(token.lemma_) is None and not _generic_cue(token):
        return False
    # "said" as an adjective ("the said company") or auxiliary use is not speech.
    return token.dep_ not in ("amod", "aux", "auxpass")

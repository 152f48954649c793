"""Who is speaking: the source span of a cue, its subject, and the actor it resolves to."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution.base import ActorLookup
from pipeline.extract.attribution.cues import _is_cue

_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def source_span(token: Token) -> tuple[int, int]:
    """The noun phrase a subject token heads, cut before relative clauses and appositions so
    "Dr Wrigley, who chairs X," gives "Dr Wrigley"."""
    start = token.left_edge.i
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod", "case") or (
                child.dep_ == "prep" and child.i == end and child.lower_ in ("of", "for", "at")):
            end = child.right_edge.i + 1
        else:
            break
    # A leading comma or conjunction never belongs to the mention.
    doc = token.doc
    while start < token.i and doc[start].is_punct:
        start += 1
    return start, end


def subject_of(verb: Token, quoted: set[int] | frozenset[int] = frozenset()) -> Token | None:
    """The subject of a verb, inherited from the verb it is coordinated with or the verb that
    controls it ("X said … and asked …", "X continued to insist …").

    `quoted` holds the token indices inside quotation marks: a verb outside a quotation never
    shares the subject of a verb inside it (the parser often coordinates the narrator's "and
    asked" with the quote's last verb), so the climb skips to the clause that holds the quote.
    """
    seen = 0
    raised = adjunct = False
    current: Token | None = verb
    outside = verb.i not in quoted
    while current is not None and seen < 8:
        seen += 1
        if outside and current.i in quoted:
            # Out of the quotation and up to the cue that introduced it.
            while (current.i in quoted or (current.dep_ in ("ccomp", "conj", "advcl")
                                           and not _is_cue(current))) \
                    and current.head.i != current.i:
                current = current.head
            if current.i in quoted:
                return None
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "nsubjpass" and raised):
                return child
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        raised = current.dep_ == "xcomp"
        if adjunct and current.dep_ == "ccomp" and _is_cue(current.head):
            # "McCain said the anger was justified, citing …": the parser hangs the
            # participle on the reported clause; it is still the speaker's.
            current = current.head
            continue
        adjunct = False
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "relcl":
            return current.head
        # "McCain said, citing low growth", "went on Twitter to applaud …": a participle or
        # infinitive adjunct shares the subject of the verb it hangs from.
        if current.dep_ == "advcl" and current.head.pos_ in ("VERB", "AUX") and (
                current.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in current.children)) and \
                not any(c.dep_ == "mark" for c in current.children):
            adjunct = current.tag_ == "VBG"
            current = current.head
            continue
        # "refrained from attacking his rivals", "after saying he was nervous".
        if current.dep_ == "pcomp" and current.tag_ == "VBG" and current.head.dep_ == "prep" \
                and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head
            continue
        # "the Super PAC backing Jeb Bush": the noun a present participle modifies.
        if current.dep_ == "acl" and current.tag_ == "VBG":
            return current.head
        return None
    return None


def resolve_actor(doc: Doc, actors: ActorLookup, start: int, end: int) -> str | None:
    """Actor of a token range: the head first, then any token, then by characters."""
    span = doc[start:end]
    root = span.root
    if root.lower_ in ("who", "which", "that") and root.dep_ in _SUBJECT_DEPS:
        if root.head.dep_ == "relcl":
            noun = root.head.head
            return resolve_actor(doc, actors, *source_span(noun))
    found = actors.actor_at_token(root.i)
    if found:
        return found
    for token in span:
        found = actors.actor_at_token(token.i)
        if found:
            return found
    return actors.actor_for_span(span.start_char, span.end_char)


class EntityActors:
    """A minimal stand-in for the ActorIndex: spaCy entities as actors, a surname referring to
    the full name seen before. Used when the actor stage is not given (unit tests of this
    module, evaluation without the actor stage) so attribution never depends on it to run."""

    def __init__(self, doc: Doc) -> None:
        import re

        self.token_actor: dict[int, str] = {}
        names: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE"):
                continue
            words = [t for t in ent if not t.is_punct and t.lower_ not in ("the", "'s", "’s")]
            if not words:
                continue
            key = " ".join(t.text for t in words)
            slug = names.get(words[-1].text) if ent.label_ == "PERSON" and len(words) == 1 \
                else None
            slug = slug or re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
            if ent.label_ == "PERSON":
                names.setdefault(words[-1].text, slug)
            for token in ent:
                self.token_actor[token.i] = slug

    def actor_at_token(self, i: int) -> str | None:
        return self.token_actor.get(i)

    def actor_for_span(self, start_char: int, end_char: int) -> str | None:
        return None

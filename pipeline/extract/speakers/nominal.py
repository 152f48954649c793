"""Nominal subjects ("the company", "a council spokesperson") to the organisation they name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.extract.lexicon import ActorLexicon
from pipeline.extract.speakers.candidates import _np_start, _recent, _role_words
from pipeline.extract.speakers.pronouns import SPOKES_NOUNS, _owner_in_phrase, _spokes_object

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex


# Parts of a body that speak for it: "the union's executive", "the council's leadership".
BODY_PARTS = frozenset({"executive", "leadership", "management", "board", "committee",
                        "cabinet", "spokesman", "spokeswoman", "spokesperson"})


def _owner_words(token: Token, token_actor: dict[int, str], actors: dict) -> set[str]:
    """The words of the actors named before a post ("Apple" in "the Apple CEO", "Northrop
    Grumman" in "Northrop Grumman's chief executive"), lower case."""
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.i < token.i:
            for i in range(child.left_edge.i, child.i + 1):
                actor = actors.get(token_actor.get(i, ""))
                if actor is not None:
                    for name in [actor.name, *actor.aliases]:
                        words |= {w.strip(",.'’").lower() for w in name.split()}
    return words - {"", "the", "of", "and", "s"}


def _nominal(doc: Doc, token: Token, speakers: list[tuple[int, str]], index: ActorIndex,
             actors: dict, lex: ActorLexicon) -> tuple[str, str, str] | None:
    lemma = token.lemma_.lower()
    owner = _owner_in_phrase(token, index.token_actor, actors)
    if owner is not None:
        return owner
    body = next((c for c in token.children if c.dep_ == "poss" and c.is_lower
                 and c.lemma_.lower() in lex.speaker_nominals
                 and any(g.lower_ == "the" for g in c.children)), None)
    if body is not None and (lemma in lex.speaker_nominals or lemma in BODY_PARTS):
        # "the union's executive said": the body the description names speaks
        found = _nominal(doc, body, speakers, index, actors, lex)
        if found is not None:
            return found[0], "nominal", (f"nominal '{token.text}' -> of {found[2]}")
    # "the chair said": a person whose role has that word ("Sen." counts as "senator").
    if lemma in lex.role_nouns and lemma not in lex.speaker_nominals:
        # "the Apple CEO", "Northrop Grumman's chief executive": the post of a named body is
        # held only by a person whose role names that body; no such person, no speaker.
        owner_words = _owner_words(token, index.token_actor, actors)

        def has_role(actor) -> bool:
            return any(lemma in _role_words(role)
                       and (not owner_words or owner_words & _role_words(role))
                       for role in actor.roles)

        for _, actor_id in reversed(speakers):
            actor = actors[actor_id]
            if actor.kind == "person" and has_role(actor):
                return actor_id, "nominal", (f"nominal '{token.text}' -> person with role "
                                             f"'{lemma}' ({actor.name})")
        for actor in reversed(index.actors):
            if actor.kind == "person" and has_role(actor):
                return actor.id, "nominal", (f"nominal '{token.text}' -> person with role "
                                             f"'{lemma}' ({actor.name})")
        if owner_words:
            return None
        # "The Florida senator said": a definite role phrase works like "he"/"she".
        if any(c.lower_ in ("the", "this") for c in token.children) and token.tag_ == "NN":
            label = doc[_np_start(token):token.i + 1].text
            # An office ("the environment secretary") must fit a role the person is known by;
            # descriptive roles ("the candidate", "the lawyer") are too often unrecorded.
            return _recent(doc, token, ("person",), speakers, index, actors, "nominal",
                           label=label, role=lemma if lex.is_role_title(lemma) else None)
        return None
    kinds = lex.speaker_nominals.get(lemma)
    if kinds is None:
        return None
    label = doc[_np_start(token):token.i + 1].text
    if lemma in SPOKES_NOUNS:
        # "A council spokesperson": the modifier says what the organisation is, like "the
        # council" would; a spokesperson of a named body is caught by _owner_in_phrase.
        modifier = next((c.lemma_.lower() for c in token.children if c.dep_ == "compound"
                         and c.is_lower and c.lemma_.lower() in lex.nominal_heads), None)
        # "a spokesman for the trust": the described body works like "the trust said".
        body = _spokes_object(token)
        if modifier is None and body is not None and body.is_lower \
                and body.lemma_.lower() in lex.speaker_nominals:
            modifier = body.lemma_.lower()
            kinds = lex.speaker_nominals[modifier]
        lemma = modifier or lemma
    if lemma in lex.nominal_heads:
        # A name that carries the description's head word ("the lender" ~ Brightwater Bank)
        # beats a nearer plain brand that only the "*" wildcard admits.
        found = _recent(doc, token, kinds, speakers, index, actors, "nominal", label=label,
                        nominal=lemma, strict=True)
        if found is not None:
            return found
    return _recent(doc, token, kinds, speakers, index, actors, "nominal", label=label,
                   nominal=lemma)

"""A body speaking through a person: a spokesperson's "we", a leader's quoted "we", an
organisation described by a common noun ("the union").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.extract.lexicon import ActorLexicon
from pipeline.extract.speakers.candidates import SPEECH_SUBJECT_DEPS, _quoted
from pipeline.extract.speakers.pronouns import SPOKES_NOUNS
from pipeline.record import Mention

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex


def _spokesperson_we(doc: Doc, index: ActorIndex, actors: dict,
                     lex: ActorLexicon) -> list[dict]:
    """"“We have no plans …,” Brightwater spokeswoman Carla Menendez said": a spokesperson's
    "we" is the organisation she speaks for, when her phrase names it (as a modifier or in
    "a spokeswoman for Brightwater"); any other speaker's "we" is left to the quote."""
    quoted = _quoted(doc)
    resolved: list[dict] = []
    for i in sorted(quoted):  # only quoted words qualify: no Token for the others
        token = doc[i]
        if token.lower_ not in ISSUER_PRONOUNS or token.i in index.token_actor:
            continue
        organisation = _quote_spokes_organisation(doc, token.i, quoted, index, actors, lex)
        if organisation is None:
            continue
        index.token_actor[token.i] = organisation
        actor = actors[organisation]
        actor.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text,
                                      "pronoun"))
        resolved.append({"start": token.idx, "end": token.idx + len(token.text),
                         "text": token.text, "actor": organisation, "how": "pronoun",
                         "reason": f"'{token.text}' quoted from a spokesperson of "
                                   f"{actor.name}"})
    return resolved


def _quote_spokes_organisation(doc: Doc, i: int, quoted: set[int], index: ActorIndex,
                               actors: dict, lex: ActorLexicon) -> str | None:
    # The quotation around token i, then the speech verb just after or before it.
    start, end = i, i
    while start - 1 >= 0 and (start - 1 in quoted or doc[start - 1].is_quote):
        start -= 1
    while end + 1 < len(doc) and (end + 1 in quoted or doc[end + 1].is_quote):
        end += 1
    after = doc[end + 1].sent if end + 1 < len(doc) else None
    before = doc[start - 1].sent if start > 0 else None
    window = [t for t in (after or []) if t.i > end] + \
        [t for t in (before or []) if t.i < start]
    for verb in window:
        if verb.i in quoted or verb.lemma_.lower() not in lex.speech_verbs:
            continue
        subject = next((c for c in verb.children if c.dep_ in SPEECH_SUBJECT_DEPS), None)
        if subject is None or subject.i in quoted:
            continue
        phrase = list(subject.subtree)
        speaks_for = any(t.lemma_.lower() in SPOKES_NOUNS - {"statement"} for t in phrase)
        leads = any(t.lower_ in LEADER_NOUNS for t in phrase)
        if not (speaks_for or leads):
            return None
        for t in phrase:
            actor_id = index.token_actor.get(t.i)
            if actor_id is not None and actors[actor_id].kind == "organisation":
                return actor_id
        # "union president Dana Whitcombe": a description before the role names the body,
        # when an organisation named earlier carries that word ("Allied Aviators Union")
        return _described_organisation(phrase, index, actors, lex) if leads else None
    return None


# Roles that lead a body: in their quoted "we" the body speaks ("“We will not back down,”
# union general secretary Kay Orme said"); other roles' "we" may be anyone's.
LEADER_NOUNS = frozenset({"president", "chairman", "chairwoman", "chair", "chairperson",
                          "leader", "chief", "ceo", "secretary", "director", "head"})


def _described_organisation(phrase: list[Token], index: ActorIndex, actors: dict,
                            lex: ActorLexicon) -> str | None:
    """The latest organisation named before the phrase whose name carries a common noun of the
    phrase as its head word ("union" ~ Allied Aviators Union)."""
    start = phrase[0].idx
    nouns = [t.lower_ for t in phrase if t.pos_ == "NOUN" and t.lower_ not in LEADER_NOUNS]
    best: tuple[int, str] | None = None
    for actor in actors.values():
        if actor.kind != "organisation":
            continue
        before = [m.start for m in actor.mentions if m.start < start]
        if not before:
            continue
        if any(lex.nominal_match(noun, [actor.name]) == 2 for noun in nouns) and (
                best is None or max(before) > best[0]):
            best = (max(before), actor.id)
    return best[1] if best else None


ISSUER_PRONOUNS = frozenset({"we", "us", "our", "ours"})


def _according_to(token: Token) -> bool:
    """"…, according to the union": the object of "according to" is a source like a
    speaker, so a definite description there is resolved too."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lower_ == "according"

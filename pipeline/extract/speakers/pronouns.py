"""Pronoun subjects: genders of the actors, the owner a phrase names, and the speaker a reported
pronoun stands for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.extract.lexicon import ActorLexicon, actor_lexicon
from pipeline.extract.speakers.candidates import PERSON_PRONOUNS, SPEECH_SUBJECT_DEPS, _compatible

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex


def _genders(doc: Doc, index: ActorIndex, lex: ActorLexicon) -> dict[str, str]:
    """m/f for people whose honorific ("Mrs", "Mr.") or first name says so; others unknown."""
    genders: dict[str, str] = {}
    for actor in index.actors:
        if actor.kind != "person":
            continue
        votes = {"m": 0, "f": 0}
        first = actor.name.split()[0].casefold() if actor.name.split() else ""
        if first in lex.male_names:
            votes["m"] += 1
        if first in lex.female_names:
            votes["f"] += 1
        for mention in actor.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or span.start == 0:
                continue
            before = doc[span.start - 1].lower_
            if before in lex.male_honorifics:
                votes["m"] += 2
            elif before in lex.female_honorifics:
                votes["f"] += 2
        if votes["m"] != votes["f"]:
            genders[actor.id] = "m" if votes["m"] > votes["f"] else "f"
    return genders


REPORTED_PRONOUNS = {"he", "she", "it", "they"}


def _owner_in_phrase(token: Token, token_actor: dict[int, str],
                     actors: dict) -> tuple[str, str, str] | None:
    """"A TPP spokesperson", "the BMA's spokesman", "the warehouse owner, Sterling Medical
    Logistics,": the speaker is named inside the subject phrase itself. A person's role
    ("the GOP candidate", "Trump's campaign manager") is someone else: only an appositive
    names them."""
    lemma = token.lemma_.lower()
    lex = actor_lexicon()
    person_role = lemma in lex.role_nouns and lemma not in lex.speaker_nominals
    for child in token.children:
        if person_role and child.dep_ != "appos":
            continue
        if child.dep_ in ("compound", "poss", "nmod", "appos") and child.i in token_actor:
            actor_id = token_actor[child.i]
            how = "appositive" if child.dep_ == "appos" else "owner named in the phrase"
            return actor_id, "nominal", (f"nominal '{token.text}' -> {how} "
                                         f"({actors[actor_id].name})")
    owner = _spokes_object(token)
    if owner is not None and owner.i in token_actor \
            and actors[token_actor[owner.i]].kind in ("organisation", "group"):
        # "a spokeswoman for Lakefront Air": the body she speaks for, not the last speaker.
        actor_id = token_actor[owner.i]
        return actor_id, "nominal", (f"nominal '{token.text}' -> the body it speaks for "
                                     f"({actors[actor_id].name})")
    return None


SPOKES_PREPOSITIONS = frozenset({"for", "of", "at", "from"})


def _spokes_object(token: Token) -> Token | None:
    """The object of "for"/"of" after a spokesperson noun ("a spokesman for the trust",
    "a representative of Tidewell Ferries"): the body that speaks, named or described."""
    if token.lemma_.lower() not in SPOKES_NOUNS:
        return None
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in SPOKES_PREPOSITIONS:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _reported_pronoun(token: Token, index: ActorIndex, actors: dict, genders: dict[str, str],
                      lex: ActorLexicon) -> tuple[str, str, str] | None:
    """"Raman said she would write", "TPP confirmed it has received": a pronoun subject of
    the clause a speech verb reports is that verb's speaker, when compatible."""
    if token.dep_ not in SPEECH_SUBJECT_DEPS:
        return None
    clause = token.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lex.speech_verbs:
        return None
    verb = clause.head
    subject = next((c for c in verb.children if c.dep_ in SPEECH_SUBJECT_DEPS), None)
    if subject is None and verb.dep_ in ("advcl", "conj") \
            and verb.head.lemma_.lower() in lex.speech_verbs:
        # "Ochoa said …, adding that it had …": "adding" shares the speaker of "said"
        subject = next((c for c in verb.head.children if c.dep_ in SPEECH_SUBJECT_DEPS),
                       None)
    if subject is None or subject.i not in index.token_actor:
        return None
    actor_id = index.token_actor[subject.i]
    low = token.lower_
    if not _compatible(actors[actor_id].kind, lex.pronouns.get(low, ())):
        return _sentence_subject(token, subject, index, actors, lex)
    if low in PERSON_PRONOUNS and genders.get(actor_id, PERSON_PRONOUNS[low]) \
            != PERSON_PRONOUNS[low]:
        return None
    return actor_id, "pronoun", (f"pronoun '{token.text}' in the clause reported by "
                                 f"'{clause.head.text}' -> its speaker ({actors[actor_id].name})")


def _sentence_subject(token: Token, speaker: Token, index: ActorIndex, actors: dict,
                      lex: ActorLexicon) -> tuple[str, str, str] | None:
    """"Ochoa said the airline would keep flying, adding that it had asked …": a speaker who
    cannot be "it"/"they" is talking about something, most likely the nearest compatible
    subject he has just reported in the same sentence."""
    kinds = lex.pronouns.get(token.lower_, ())
    for i in range(token.i - 1, token.sent.start - 1, -1):
        other = token.doc[i]
        actor_id = index.token_actor.get(i)
        if actor_id is None or other.dep_ not in SPEECH_SUBJECT_DEPS or i == speaker.i \
                or not _compatible(actors[actor_id].kind, kinds):
            continue
        return actor_id, "pronoun", (f"pronoun '{token.text}' reported by a speaker it cannot "
                                     f"be -> nearest subject before it "
                                     f"({actors[actor_id].name})")
    return None


# Nominals that name an organisation's voice, not the organisation: a modifier before them
# ("a council spokesperson") describes the organisation.
SPOKES_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative",
                          "statement"})

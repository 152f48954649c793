"""Speaker resolution: pronoun and nominal subjects of speech verbs to an actor.

"She added", "he said", "a spokesperson said", "the company said": the subject of a speech verb
that names nobody goes to the most recent compatible actor. Compatible means: a person pronoun
needs a person; "it"/"the company"/"a spokesperson" need an organisation; "they" an
organisation or group. The most recent *speaker* (subject of an earlier speech verb) is preferred
over any other mention, because news alternates statements ("TPP confirmed … A spokesperson
said …"); within a sentence, subjects are preferred over other mentions. Each resolution is
recorded with its reason, and the subject becomes a mention of the actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.extract.lexicon import ActorLexicon
from pipeline.extract.speakers.bodies import (
    ISSUER_PRONOUNS,
    LEADER_NOUNS,
    _according_to,
    _spokesperson_we,
)
from pipeline.extract.speakers.candidates import (
    MAX_SENTENCES_BACK,
    PERSON_PRONOUNS,
    ROLE_ABBREVIATIONS,
    SKIP_QUOTED,
    SPEAKER_SENTENCES_BACK,
    SPEECH_SUBJECT_DEPS,
    _group_subject,
    _main_subject,
    _np_start,
    _recent,
    _relative,
)
from pipeline.extract.speakers.candidates import (
    _quoted as _quoted,
)
from pipeline.extract.speakers.candidates import (
    _quoted_tokens as _quoted_tokens,
)
from pipeline.extract.speakers.nominal import BODY_PARTS, _nominal
from pipeline.extract.speakers.pronouns import (
    REPORTED_PRONOUNS,
    SPOKES_NOUNS,
    SPOKES_PREPOSITIONS,
    _genders,
    _owner_in_phrase,
    _reported_pronoun,
    _spokes_object,
)
from pipeline.record import Mention

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex

__all__ = [
    "ANONYMOUS",
    "BODY_PARTS",
    "ISSUER_PRONOUNS",
    "LEADER_NOUNS",
    "MAX_SENTENCES_BACK",
    "PERSON_PRONOUNS",
    "REPORTED_PRONOUNS",
    "RESOLVE_ALL_THEY",
    "ROLE_ABBREVIATIONS",
    "SKIP_QUOTED",
    "SPEAKER_SENTENCES_BACK",
    "SPEECH_SUBJECT_DEPS",
    "SPOKES_NOUNS",
    "SPOKES_PREPOSITIONS",
    "STRATEGY",
    "resolve_speakers",
]


# Words of a nominal that make it anonymous: "a source", "officials" name nobody.
ANONYMOUS = {"source", "sources", "official", "officials", "person", "people", "someone"}


def _speech_head(token: Token, lex: ActorLexicon) -> Token | None:
    """The speech verb this token is the subject of, if any ("she added", "said he")."""
    if token.dep_ not in SPEECH_SUBJECT_DEPS:
        return None
    head = token.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex.speech_verbs:
        return head
    return None


# Which earlier mentions a pronoun prefers: "speaker" (subjects of speech verbs first, then
# any mention) or "subject" (subjects of any verb first). Chosen on PolNeAR train.
STRATEGY = "subject"


# "they" as the subject of any verb goes to the most recent organisation or group.
RESOLVE_ALL_THEY = True


# Verbs whose "it" subject is a state of things, not an organisation acting.
_IMPERSONAL = frozenset({"be", "seem", "appear", "take", "have", "remain", "become", "look",
                         "mean", "matter", "happen", "cost", "rain", "follow", "come"})


def _acting_it(token: Token) -> bool:
    """"it" as the subject of a finite act ("it lowered its forecast"), not an expletive or a
    thing ("it is expected that …", "it seems", "it was raining")."""
    verb = token.head
    return token.dep_ == "nsubj" and verb.pos_ == "VERB" and \
        verb.lemma_.lower() not in _IMPERSONAL and not any(
            c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > verb.i and verb.lemma_ in (
                "be",) for c in verb.children)


def resolve_speakers(doc: Doc, index: ActorIndex, lex: ActorLexicon) -> list[dict]:
    actors = {a.id: a for a in index.actors}
    token_actor = index.token_actor
    genders = _genders(doc, index, lex)
    # Speakers seen so far: (token index, actor id) of subjects of speech verbs (or of any
    # verb, with the "subject" strategy), in document order; resolved pronouns join it, so
    # "she … she" chains hold.
    speakers: list[tuple[int, str]] = []
    resolutions: list[dict] = []
    for token in doc:
        verb = _speech_head(token, lex)
        low = token.lower_
        if token.i in token_actor:
            if verb is not None or (STRATEGY == "subject" and _main_subject(token)):
                speakers.append((token.i, token_actor[token.i]))
            continue
        result: tuple[str, str, str] | None = None  # actor id, how, reason
        start = token.i
        if verb is None:
            # Not a speaker: only pronouns are resolved here, for events' agents ("she
            # wrote", "TPP confirmed it has received …", "Flynn, who endorsed …", "his
            # campaign").
            if low in REPORTED_PRONOUNS and token.dep_ in SPEECH_SUBJECT_DEPS:
                result = _reported_pronoun(token, index, actors, genders, lex)
                if result is None and low in ("he", "she"):
                    result = _recent(doc, token, ("person",), speakers, index, actors,
                                     "pronoun", gender=PERSON_PRONOUNS[low], genders=genders)
                elif result is None and low == "it" and _acting_it(token):
                    # "It lowered its forecast": an organisation acting, as with "they"
                    result = _recent(doc, token, ("organisation",), speakers, index, actors,
                                     "pronoun")
                elif result is None and low == "they" and RESOLVE_ALL_THEY:
                    result = _group_subject(doc, token, speakers, index, actors) or _recent(
                        doc, token, lex.pronouns["they"], speakers, index, actors, "pronoun")
            elif low in ("who", "which", "that") and token.dep_ in SPEECH_SUBJECT_DEPS:
                result = _relative(token, token_actor)
            elif low in ("his", "her") and token.dep_ == "poss":
                result = _recent(doc, token, ("person",), speakers, index, actors,
                                 "pronoun", gender=PERSON_PRONOUNS[low], genders=genders)
            elif ((token.dep_ in SPEECH_SUBJECT_DEPS or _according_to(token))
                  and token.tag_ == "NN"
                  and (any(c.lower_ in ("the", "this") for c in token.children)
                       # "a spokeswoman for the airline declined …" speaks whatever her verb
                       or _spokes_object(token) is not None)
                  and (token.lemma_.lower() in lex.speaker_nominals
                       or token.lemma_.lower() in lex.role_nouns)):
                # "The company rolled out …", "the senator voted …": a definite description
                # that acts is resolved like a speaker, so events get their agent.
                start = _np_start(token)
                result = _nominal(doc, token, speakers, index, actors, lex)
            if result is None:
                continue
        else:
            owner = _owner_in_phrase(token, token_actor, actors)
            if owner is not None:
                start = _np_start(token)
                result = owner
            elif low in lex.pronouns:
                kinds = lex.pronouns[low]
                if "relative" in kinds:
                    result = _relative(token, token_actor)
                else:
                    result = _reported_pronoun(token, index, actors, genders, lex) or _recent(
                        doc, token, kinds, speakers, index, actors, "pronoun",
                        gender=PERSON_PRONOUNS.get(low), genders=genders)
            elif token.pos_ in ("NOUN", "PROPN") and low not in ANONYMOUS:
                start = _np_start(token)
                result = _nominal(doc, token, speakers, index, actors, lex)
        if result is None:
            continue
        actor_id, how, reason = result
        end_token = token.i + 1
        span = doc[start:end_token]
        actors[actor_id].mentions.append(Mention(span.start_char, span.end_char, span.text, how))
        for i in range(start, end_token):
            token_actor[i] = actor_id
        if verb is not None or (STRATEGY == "subject" and _main_subject(token)):
            speakers.append((token.i, actor_id))
        resolutions.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                            "actor": actor_id, "how": how, "reason": reason})
    return resolutions + _spokesperson_we(doc, index, actors, lex)

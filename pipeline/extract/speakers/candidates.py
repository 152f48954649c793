"""Whom an unnamed speaker can be: the actors mentioned recently, outside quotations, that fit the
subject's person, gender and role words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.extract.doctext import doc_words
from pipeline.extract.lexicon import actor_lexicon

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex


# How far back (in sentences) a speaker may be: beyond this a pronoun is left unresolved
# rather than guessed.
MAX_SENTENCES_BACK = 8


# Speakers (main-clause subjects) are preferred only this close; beyond, the nearest mention.
SPEAKER_SENTENCES_BACK = 8
SPEECH_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PERSON_PRONOUNS = {"he": "m", "she": "f", "his": "m", "him": "m", "her": "f"}


def _main_subject(token: Token) -> bool:
    """The subject of a main clause ("Ryan said Obama has never …": Ryan, not Obama): the
    one a following "he" most often continues."""
    if token.dep_ not in SPEECH_SUBJECT_DEPS:
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


ROLE_ABBREVIATIONS = {"sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor",
                      "rep.": "representative", "rep": "representative", "pres.": "president",
                      "gen.": "general", "lt.": "lieutenant", "sec.": "secretary",
                      "chairman": "chair", "chairwoman": "chair", "ceo": "executive"}


def _role_words(role: str) -> set[str]:
    words = {w.strip(",").lower() for w in role.split()}
    return words | {ROLE_ABBREVIATIONS[w] for w in words if w in ROLE_ABBREVIATIONS}


def _np_start(token: Token) -> int:
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod"):
            start = min(start, child.left_edge.i)
    return start


def _relative(token: Token, token_actor: dict[int, str]) -> tuple[str, str, str] | None:
    """"Flynn, who said …": the relative pronoun is the noun the clause hangs on."""
    clause = token.head
    if clause.dep_ != "relcl":
        return None
    antecedent = clause.head
    actor_id = token_actor.get(antecedent.i)
    if actor_id is None:
        return None
    return actor_id, "pronoun", f"relative pronoun '{token.text}' -> antecedent " \
                                f"'{antecedent.text}'"


def _compatible(actor_kind: str, kinds: tuple[str, ...]) -> bool:
    return actor_kind in kinds


def _fits(actor, kinds: tuple[str, ...], gender: str | None,
          genders: dict[str, str] | None, nominal: str | None = None,
          strict: bool = False, role: str | None = None) -> bool:
    if actor.kind not in kinds:
        return False
    # "the environment secretary" is not a person known as "opposition spokesman"; a person
    # with no role written may still hold it.
    if role is not None and actor.roles and not any(
            {role, ROLE_ABBREVIATIONS.get(role)} & _role_words(r) for r in actor.roles):
        return False
    # strict: the name must carry one of the description's head words ("the bank").
    if nominal is not None and actor_lexicon().nominal_match(
            nominal, [actor.name, *actor.aliases]) < (2 if strict else 1):
        return False
    return gender is None or not genders or genders.get(actor.id, gender) == gender


# Mentions inside quotation marks do not count for a pronoun outside them: a name the quoted
# speaker talks about ("“Peter Hall has failed this town.” He then left") is not whom the
# narrative's next "he" continues. Chosen on PolNeAR train (a Lappin & Leass style salience
# sum was also tried there and lost to the speaker-first strategy below).
SKIP_QUOTED = True


def _quoted_tokens(doc: Doc) -> set[int]:
    """Token indices inside quotation marks. Curly quotes open and close; a straight quote
    toggles; a paragraph break ends any open quote (a quote that runs on re-opens with its
    own mark). Names inside a quotation are the quoted speaker's topic, not the narrative's:
    a "he" outside it does not continue them."""
    inside: set[int] = set()
    depth = 0
    for i, text in enumerate(doc_words(doc)):  # strings only: no Token per word
        if "\n" in text:
            depth = 0
        elif text in ("“", "``") or text in ('"', "''") and depth == 0:
            depth = 1  # ("''" opens and closes in some newspapers' house style)
        elif text == "”" or text in ('"', "''") and depth == 1:
            depth = 0
        elif depth:
            inside.add(i)
    return inside


def _recent(doc: Doc, token: Token, kinds: tuple[str, ...], speakers: list[tuple[int, str]],
            index: ActorIndex, actors: dict, how: str, label: str | None = None,
            gender: str | None = None, genders: dict[str, str] | None = None,
            nominal: str | None = None, strict: bool = False,
            role: str | None = None) -> tuple[str, str, str] | None:
    """The most recent compatible speaker, else the most recent compatible mention (subjects
    first within a sentence), within MAX_SENTENCES_BACK sentences; mentions inside quotation
    marks are skipped for a pronoun outside them."""
    sentence_starts = _sentence_starts(doc)
    quoted = _quoted(doc)
    skip_quoted = token.i not in quoted and SKIP_QUOTED
    current = _sentence_number(sentence_starts, token.i)
    limit = sentence_starts[max(0, current - SPEAKER_SENTENCES_BACK)]
    word = label or token.text
    for position, actor_id in reversed(speakers):
        if position < limit:
            break
        if skip_quoted and position in quoted:
            continue
        if _fits(actors[actor_id], kinds, gender, genders, nominal, strict, role) \
                and position < token.i:
            return actor_id, how, (f"{how} '{word}' -> most recent {actors[actor_id].kind} "
                                   f"speaker ({actors[actor_id].name})")
    # No earlier compatible speaker: the nearest compatible mention, subjects first in each
    # sentence, walking back sentence by sentence.
    for number in range(current, max(-1, current - MAX_SENTENCES_BACK - 1), -1):
        sent_start = sentence_starts[number]
        sent_end = sentence_starts[number + 1] if number + 1 < len(sentence_starts) else len(doc)
        upper = min(sent_end, token.i)
        best: tuple[int, int, str] | None = None
        for i in range(sent_start, upper):
            actor_id = index.token_actor.get(i)
            if actor_id is None or not _fits(actors[actor_id], kinds, gender, genders, nominal,
                                             strict, role) or skip_quoted and i in quoted:
                continue
            subject = 2 if _main_subject(doc[i]) else 1 if doc[i].dep_ in SPEECH_SUBJECT_DEPS \
                else 0
            score = (subject, i)
            if best is None or score > best[:2]:
                best = (score[0], score[1], actor_id)
        if best is not None:
            actor_id = best[2]
            return actor_id, how, (f"{how} '{word}' -> most recent {actors[actor_id].kind} "
                                   f"mentioned ({actors[actor_id].name})")
    return None


def _group_subject(doc: Doc, token: Token, speakers: list[tuple[int, str]],
                   index: ActorIndex, actors: dict) -> tuple[str, str, str] | None:
    """"… after protesters occupied the chamber. They left": "they" acting (not speaking)
    continues the nearest plural group that was the subject of a clause in this or the
    previous sentence, when no organisation or group has spoken since."""
    quoted = _quoted(doc)
    starts = _sentence_starts(doc)
    current = _sentence_number(starts, token.i)
    limit = starts[max(0, current - 1)]
    for i in range(token.i - 1, limit - 1, -1):
        actor_id = index.token_actor.get(i)
        if actor_id is None or actors[actor_id].kind != "group" \
                or doc[i].dep_ not in SPEECH_SUBJECT_DEPS or not doc[i].tag_.endswith("S") \
                or (i in quoted) != (token.i in quoted):
            continue
        if any(i < position < token.i and actors[a].kind in ("organisation", "group")
               and a != actor_id for position, a in speakers):
            return None  # a body has spoken since: the usual speaker-first order decides
        return actor_id, "pronoun", (f"pronoun '{token.text}' -> nearest plural group subject "
                                     f"({actors[actor_id].name})")
    return None


def _sentence_starts(doc: Doc) -> list[int]:
    cached = doc.user_data.get("dateline_sentence_starts")
    if cached is None:
        cached = doc.user_data["dateline_sentence_starts"] = [s.start for s in doc.sents]
    return cached


def _quoted(doc: Doc) -> set[int]:
    cached = doc.user_data.get("dateline_quoted")
    if cached is None:
        cached = doc.user_data["dateline_quoted"] = _quoted_tokens(doc)
    return cached


def _sentence_number(starts: list[int], i: int) -> int:
    number = 0
    for n, start in enumerate(starts):
        if start <= i:
            number = n
        else:
            break
    return number

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

from pipeline.extract.lexicon import ActorLexicon, actor_lexicon
from pipeline.record import Mention

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex

# How far back (in sentences) a speaker may be: beyond this a pronoun is left unresolved
# rather than guessed.
MAX_SENTENCES_BACK = 8
# Speakers (main-clause subjects) are preferred only this close; beyond, the nearest mention.
SPEAKER_SENTENCES_BACK = 8
SPEECH_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
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
PERSON_PRONOUNS = {"he": "m", "she": "f", "his": "m", "him": "m", "her": "f"}


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


def _spokesperson_we(doc: Doc, index: ActorIndex, actors: dict,
                     lex: ActorLexicon) -> list[dict]:
    """"“We have no plans …,” Brightwater spokeswoman Carla Menendez said": a spokesperson's
    "we" is the organisation she speaks for, when her phrase names it (as a modifier or in
    "a spokeswoman for Brightwater"); any other speaker's "we" is left to the quote."""
    quoted = _quoted(doc)
    resolved: list[dict] = []
    for token in doc:
        if token.lower_ not in ISSUER_PRONOUNS or token.i not in quoted \
                or token.i in index.token_actor:
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


# Parts of a body that speak for it: "the union's executive", "the council's leadership".
BODY_PARTS = frozenset({"executive", "leadership", "management", "board", "committee",
                        "cabinet", "spokesman", "spokeswoman", "spokesperson"})


ISSUER_PRONOUNS = frozenset({"we", "us", "our", "ours"})


def _according_to(token: Token) -> bool:
    """"…, according to the union": the object of "according to" is a source like a
    speaker, so a definite description there is resolved too."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lower_ == "according"


def _main_subject(token: Token) -> bool:
    """The subject of a main clause ("Ryan said Obama has never …": Ryan, not Obama): the
    one a following "he" most often continues."""
    if token.dep_ not in SPEECH_SUBJECT_DEPS:
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


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
    for token in doc:
        text = token.text
        if "\n" in text:
            depth = 0
        elif text in ("“", "``") or text in ('"', "''") and depth == 0:
            depth = 1  # ("''" opens and closes in some newspapers' house style)
        elif text == "”" or text in ('"', "''") and depth == 1:
            depth = 0
        elif depth:
            inside.add(token.i)
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
        def has_role(actor) -> bool:
            return any(lemma in _role_words(role) for role in actor.roles)

        for _, actor_id in reversed(speakers):
            actor = actors[actor_id]
            if actor.kind == "person" and has_role(actor):
                return actor_id, "nominal", (f"nominal '{token.text}' -> person with role "
                                             f"'{lemma}' ({actor.name})")
        for actor in reversed(index.actors):
            if actor.kind == "person" and has_role(actor):
                return actor.id, "nominal", (f"nominal '{token.text}' -> person with role "
                                             f"'{lemma}' ({actor.name})")
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


# Nominals that name an organisation's voice, not the organisation: a modifier before them
# ("a council spokesperson") describes the organisation.
SPOKES_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative",
                          "statement"})

"""Who acts and who is acted on: targets, pronoun agents, denied clauses."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    ActorLookup,
    RawAttribution,
    doc_text,
    lexicon,
    resolve_actor,
    sentence_of,
    source_span,
)
from pipeline.extract.events.clause import NEGATIVE_PRONOUNS
from pipeline.extract.events.draft import _enclosing
from pipeline.extract.events.lexicon import events_lexicon
from pipeline.extract.events.voice import FIRST_PLURAL
from pipeline.extract.lexicon import actor_lexicon
from pipeline.record import Subject

_PRONOUNS_3RD = {"it", "they", "he", "she", "them", "him", "her"}


_FIRST_PERSON = {"i", "we", "me", "us"}


_TARGET_PREPS = {"to", "with", "for", "from", "on", "against"}

# Noun heads whose possessor or "of/for" phrase names who acts through them: "the BMA's
# committee", "a spokesman for Ford". Any other possessor owns the thing, it does not act.
_BODY_PREPS = ("of", "for")


def _names_inside(token: Token) -> list[Token]:
    """The tokens of the phrase a subject token heads that may name its agent: the head, its
    compounds and flat names, and appositions ("Japan's prime minister, Taro Aso"), never a
    possessor ("Japan's") or a prepositional phrase ("a ballot of dock workers")."""
    doc = token.doc
    start, end = source_span(token)
    blocked: set[int] = set()
    for child in token.children:
        if child.dep_ in ("poss", "prep", "relcl", "acl", "appos"):
            blocked.update(t.i for t in child.subtree)
    inside = [doc[i] for i in range(start, end) if i not in blocked]
    for child in token.children:
        if child.dep_ == "appos":
            inside.extend(_names_inside(child))
    return inside


def _owner_tokens(token: Token) -> list[Token]:
    """The possessor and the "of / for" phrase of a noun: whose it is."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in _BODY_PREPS):
            found.extend(child.subtree)
    return found


def _antecedent(token: Token, actors: ActorLookup | None = None) -> Token:
    """A relative pronoun's noun ("a vote … which will end"), else the token itself.
    "which" passes over the people or body in an "of" phrase to the thing they have ("a
    ballot of dock workers which will close": the ballot closes)."""
    if token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        noun = token.head.head
        owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if token.lower_ == "which" and owner is not None and owner.pos_ == "NOUN" and (
                owner.lemma_.lower() in events_lexicon()["event_nouns"] or (
                    actors is not None and actors.actor_at_token(noun.i))):
            return owner
        return noun
    return token


def agent_actor(doc: Doc, actors: ActorLookup, token: Token) -> str | None:
    """The actor a subject or "by" phrase names as the one acting: the head or a name inside
    it ("The US car maker General Motors"), an apposition ("Japan's prime minister, Taro
    Aso"); a possessor or an "of" phrase only acts for a body part of it ("the company's
    spokesman", "the board of Ford")."""
    token = _antecedent(token, actors)
    inside = _names_inside(token)
    if _personal_post(token):
        # "The Acme CEO said", "Acme's chief executive warned": one person acts, not the
        # body; unless a known person holds the post, the agent stays unknown
        return actors.actor_at_token(token.i)
    for candidate in [token] + inside:
        found = actors.actor_at_token(candidate.i)
        if found:
            return found
    if token.lemma_.lower() in events_lexicon()["body_nouns"]:
        for candidate in _owner_tokens(token):
            found = actors.actor_at_token(candidate.i)
            if found:
                return found
    names = [t for t in inside if t.i >= token.left_edge.i]
    if not names:
        return None
    first, last = min(names, key=lambda t: t.i), max(names, key=lambda t: t.i)
    return actors.actor_for_span(first.idx, last.idx + len(last.text))


def _personal_post(token: Token) -> bool:
    """A subject headed by a post one person holds ("CEO", "chief executive"), not one who
    speaks for the body as its voice ("spokesman", "body_nouns")."""
    words = [t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod")
             and t.i >= token.i - 2] + [token.lower_]
    posts, voices = actor_lexicon().body_posts, events_lexicon()["body_nouns"]
    return any(" ".join(words[-size:]) in posts and (size > 1 or words[-1] not in voices)
               for size in (3, 2, 1) if len(words) >= size)


def owner_actor(actors: ActorLookup, token: Token) -> str | None:
    """Whose the subject is, where the text says ("a ballot of dock workers", "the
    committee's suggestion")."""
    for candidate in _owner_tokens(_antecedent(token, actors)):
        found = actors.actor_at_token(candidate.i)
        if found:
            return found
    return None


def _subject_of_range(doc: Doc, start: int, end: int, owner: str | None) -> Subject | None:
    # cut before a relative clause or a clause on a noun inside ("a ballot of dock workers
    # which will close …" -> "a ballot of dock workers")
    clauses = [t.left_edge.i for t in doc[start:end] if t.dep_ in ("relcl", "acl")
               and t.left_edge.i > start]
    end = min([end, *clauses])
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end <= start:
        return None
    first, last = doc[start], doc[end - 1]
    stop = last.idx + len(last.text)
    return Subject(first.idx, stop, doc_text(doc)[first.idx:stop], owner)


def event_subject(doc: Doc, actors: ActorLookup, verb: Token, subject: Token | None,
                  attribution: RawAttribution | None) -> Subject | None:
    """What the text names as doing the event, cut before relative clauses and appositions
    ("a ballot of dock workers which will close …" -> "a ballot of dock workers"): the
    speaker of a speech event, the subject (or "by" agent), or the noun an infinitive
    describes ("industrial action to commence"). Its owner is the actor of its possessor or
    "of" phrase."""
    if attribution is not None and attribution.source is not None:
        return _subject_of_range(doc, *attribution.source, None)
    to = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    before = doc[to.i - 1] if to is not None and to.i > 0 else None
    if before is not None and before.dep_ == "pobj" and before.head.lower_ == "for" and \
            verb.dep_ in ("acl", "relcl", "advcl") and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # "the committee's suggestions for industrial action to commence": the action
        # commences; whose suggestion it is stays its owner
        start, end = source_span(before)
        return _subject_of_range(doc, start, end, owner_actor(actors, before.head.head))
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and \
            to is not None and verb.head.lemma_.lower() not in lexicon()["planning_heads"]:
        subject = verb.head  # "industrial action to commence on 1 August"
    if subject is None:
        return None
    head = _antecedent(subject, actors)
    return _subject_of_range(doc, *source_span(head), owner_actor(actors, head))


def speaker_actor(doc: Doc, actors: ActorLookup, attribution: RawAttribution,
                  subject: Token | None) -> str | None:
    """The speaker of a speech event: the attribution's source actor, unless that is only the
    possessor of the subject that speaks ("Japan's prime minister, Taro Aso, said": Taro
    Aso, or no one known, but not Japan)."""
    source = attribution.source
    if subject is None or source is None or not source[0] <= subject.i < source[1]:
        return attribution.source_actor
    found = agent_actor(doc, actors, subject)
    if found is not None or _personal_post(_antecedent(subject)):
        return found
    owner = owner_actor(actors, subject)
    if owner is not None and owner == attribution.source_actor and \
            _antecedent(subject).lemma_.lower() not in events_lexicon()["body_nouns"]:
        return None
    return attribution.source_actor


def conduct_actor(actors: ActorLookup, verb: Token,
                  ) -> tuple[str | None, list[str], Token | None]:
    """The body whose conduct an infinitive states the aim of, and whom it is aimed at:
    "letters from the Port Authority to two hauliers to block the plan" (the Port Authority
    acts on the hauliers). The noun may hang anywhere before the infinitive in its clause; a verb
    coordinated with the infinitive ("… to frustrate this step, and remove …") shares it."""
    while verb.dep_ == "conj" and verb.head.i != verb.i and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        verb = verb.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None, [], None
    if verb.dep_ in ("acl", "relcl") and verb.head.lower_ not in events_lexicon()["conduct_nouns"]:
        return None, [], None  # "the data controller to control this": another noun's aim
    nouns = events_lexicon()["conduct_nouns"]
    sent = sentence_of(verb)
    for noun in reversed(doc_tokens(sent.start, verb.i, verb.doc)):
        if noun.lower_ not in nouns or noun.pos_ != "NOUN":
            continue
        source = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj"), None)
        actor = actors.actor_at_token(source.i) if source is not None else None
        if actor is None:
            continue
        targets: list[str] = []
        for token in doc_tokens(noun.i, verb.i, verb.doc):
            if token.dep_ == "prep" and token.lower_ == "to":
                for pobj in (g for g in token.children if g.dep_ == "pobj"):
                    for who in [pobj, *pobj.conjuncts]:
                        found = actors.actor_at_token(who.i)
                        if found and found != actor and found not in targets:
                            targets.append(found)
        return actor, targets, source
    return None, [], None


def doc_tokens(start: int, end: int, doc: Doc) -> list[Token]:
    return [doc[i] for i in range(start, end)]


def maker_actor(actors: ActorLookup, verb: Token) -> str | None:
    """The maker of the noun a passive participle describes acts: "A BMA update sent to GPs",
    "Microsoft's patch released on Tuesday" (the BMA sends, Microsoft releases)."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    noun = verb.head
    for child in noun.children:
        if child.dep_ in ("compound", "poss") and child.i < noun.i:
            for candidate in child.subtree:
                found = actors.actor_at_token(candidate.i)
                if found:
                    return found
    return None


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
        # an object's owner is acted on too ("damaged the stadium of Corbridge Rovers")
        who = resolve_actor(doc, actors, *source_span(head))
        if who and who != actor and who not in found:
            found.append(who)
    return found


def first_person_targets(verb: Token, speaker: str | None,
                         spoken_for: dict[str, str]) -> list[str]:
    """"us" / "our …" aimed at in a quotation: the speaker, or the body they speak for
    ("asked the trust to meet us", "wrote to our members")."""
    if speaker is None:
        return []
    heads: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj"):
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            heads.extend(g for g in child.children if g.dep_ == "pobj")
    for head in heads:
        if head.lower_ in FIRST_PLURAL or any(c.dep_ == "poss" and c.lower_ in FIRST_PLURAL
                                              for c in head.children):
            return [spoken_for.get(speaker, speaker)]
    return []


def _undated_kept(doc: Doc, verb: Token, actors: ActorLookup,
                  raised_subject: Token | None) -> bool:
    """An undated clause whose subject is no known actor is still an event when the text
    presents it as one: what a named subject "is expected / due to" do ("A consortium is
    expected to complete its takeover"), an obligation ("Customers must migrate to 5.1"), a
    past or auxiliary clause with a named subject ("Revenue rose 4%"), or an act aimed at an
    actor ("A fire damaged Harrowgate's stand")."""
    if raised_subject is not None and raised_subject.lower_ not in ("it", "there"):
        return True
    obliged = set(lexicon()["obligation_auxiliaries"])
    if any(c.dep_ == "aux" and c.lower_ in obliged for c in verb.children):
        return True
    # a finite clause only: participles and infinitives ("a message sent to GPs", "no
    # need to email TPP") describe or qualify, they do not report an act
    tensed = verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to"
                                       for c in verb.children)
    if verb.pos_ != "VERB":
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    # a thing named as the subject ("Revenue rose 4%", "The walkout is expected …") is what
    # the timeline shows as its subject; a bare pronoun or "there" names nothing
    # (in the past or with an auxiliary: a bare present, "devices migrate to …", states
    # how things are rather than reporting that something happened)
    if tensed and (subject.pos_ in ("NOUN", "PROPN") or subject.lower_ in NEGATIVE_PRONOUNS):
        return True  # "nothing had changed": a denial that anything happened is news
    return verb.tag_ not in ("VBG", "VBN", "VB") and bool(
        _targets(doc, verb, actors, None, set()))


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
                   own: RawAttribution | None, spoken_for: dict[str, str] | None = None,
                   ) -> str | None:
    """An unresolved pronoun subject inside reported content: first person is the speaker;
    third person ("TPP confirmed it has…", "… but that they are not…") is the speaker too when
    the speaker is the only candidate the sentence offers."""
    pronoun = subject.lower_
    if pronoun not in _FIRST_PERSON and pronoun not in _PRONOUNS_3RD:
        return None
    host = _enclosing(raw, verb.i, own)
    if host is None or host.source_actor is None:
        return None
    if pronoun in FIRST_PLURAL and spoken_for:
        # "we" of a chair or chief executive is the body they speak for
        return spoken_for.get(host.source_actor, host.source_actor)
    if pronoun in _FIRST_PERSON:
        return host.source_actor
    same_sentence = host.cue_token is not None and \
        sentence_of(verb.doc[host.cue_token]) == sentence_of(verb)
    if same_sentence and subject.i not in range(*(host.source or (0, 0))):
        return host.source_actor
    return None

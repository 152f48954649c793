"""Which verbs head event clauses, and the clause's action, tense, negation and modality."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import cue_type, doc_text, lexicon, sentence_of, speech_type
from pipeline.extract.syntax import as_clause, own_past, reported_future
from pipeline.extract.timex.patterns import lexicon as timex_lexicon

_NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}


# Complement relations that make a verb part of its head's content, not an event of its own.
_CONTENT_DEPS = {"xcomp", "ccomp", "pcomp"}


def _phrasal(verb: Token) -> str:
    """The lemma with its particle(s): "roll out", "switch off"."""
    # "ahead" is parsed as an adverb, but "go ahead", "press ahead" are one act
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt" or (
        c.dep_ == "advmod" and c.lower_ == "ahead" and c.i == verb.i + 1)]
    return " ".join([verb.lemma_.lower()] + particles)


def _action_type(verb: Token, action: str, is_speech: bool) -> str:
    lex = lexicon()
    if is_speech:
        # A cue the attribution model learned outside the speech lexicon keeps its action
        # type ("signed the bill" is a decision); an unknown one is a statement.
        found = cue_type(verb.lemma_) or _action_type(verb, action, False)
        found = "statement" if found == "other" else found
        if found == "statement" and verb.lemma_.lower() in timex_lexicon()["directive_verbs"] \
                and _infinitive_complement(verb) is not None:
            return "instruction"  # "told agencies to patch …" directs, it does not just state
        return found
    actions = lex["actions"]
    if action in actions:
        return actions[action]
    lemma = verb.lemma_.lower()
    for child in verb.children:
        # "wrote to X", "reached out to X": the preposition makes it contact.
        if child.dep_ == "prep" and f"{lemma} {child.lower_}" in actions:
            return actions[f"{lemma} {child.lower_}"]
    return actions.get(lemma, "other")


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _infinitive_complement(verb: Token) -> Token | None:
    """The verb's "to …" complement ("told agencies *to patch* …"), if it has one."""
    return next((c for c in verb.children if c.dep_ == "xcomp" and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)


def _future_aux(verb: Token) -> bool:
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a in _FUTURE_AUX for a in auxes) or "going" in auxes


def _is_past(verb: Token) -> bool:
    """A past fact: simple past, a perfect, a past passive or a reduced relative participle
    ("the quarter ended March 31"), with no future auxiliary."""
    if _future_aux(verb):
        return False
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    if verb.dep_ == "acl":
        return True
    return any((c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ != "VB") or (
        c.dep_ == "auxpass" and c.tag_ == "VBD") for c in verb.children)


def _past_perfect(verb: Token) -> bool:
    """"had promised": a plan seen from a past point, so its date may already have passed."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d")
                                      for c in verb.children)


def _raised_subject(verb: Token) -> Token | None:
    """The subject of a raising head that is the agent of this infinitive: "The cabinet is
    expected / scheduled / due / likely *to decide* …" (the head only hedges or schedules)."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in verb.children):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    lex = lexicon()
    head = verb.head
    adjectives = set(lex["raising_adjectives"])
    if head.tag_ == "VBN" and head.lemma_.lower() in lex["raising_participles"] and \
            any(c.dep_ == "auxpass" for c in head.children):
        return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    if head.pos_ == "ADJ" and head.lower_ in adjectives and head.dep_ == "acomp":
        head = head.head  # "is due to open" parsed with the infinitive under the adjective
    elif not (head.lemma_ == "be" and any(c.dep_ == "acomp" and c.lower_ in adjectives
                                          for c in head.children)):
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def _raising_head(verb: Token) -> Token | None:
    """The infinitive this passive raising head ("is expected to …") hands its subject to."""
    comp = _infinitive_complement(verb)
    return comp if comp is not None and comp.head.i == verb.i and \
        _raised_subject(comp) is not None else None


def _copula_predicate(verb: Token) -> Token | None:
    """The adjective of a copula clause ("A fix will be *available* on 21 November"): vendor
    notices state their events this way."""
    if verb.lemma_ != "be" or verb.dep_ in ("aux", "auxpass"):
        return None
    return next((c for c in verb.children if c.dep_ == "acomp" and c.pos_ == "ADJ"
                 and not any(g.dep_ == "xcomp" for g in c.children)
                 and not any(g.dep_ == "xcomp" for g in verb.children)), None)


def _action(verb: Token) -> str:
    """The action name: the phrasal lemma, or "be <adjective>" for a copula clause."""
    predicate = _copula_predicate(verb) if verb.pos_ == "AUX" else None
    if predicate is not None:
        return f"be {predicate.lemma_.lower()}"
    return _phrasal(verb)


# Pronouns that deny the clause they are subject or object of ("nothing had changed").
NEGATIVE_PRONOUNS = frozenset({"nothing", "nobody", "none", "noone"})


def _negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never"):
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lower_ in NEGATIVE_PRONOUNS:
            return True
        # "no changes will be made": a negative determiner on the subject or object.
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
                return True
    return False


def _has_marker(token: Token, markers: list[tuple[str, ...]]) -> Token | None:
    """A conditional marker among the token's children: returns the clause it heads."""
    subjects = [c.i for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    for child in token.children:
        if child.dep_ == "aux" and subjects and min(subjects) < child.i:
            continue  # "Members should renew": an obligation; "Should talks fail" inverts
        # Each grandchild's dependency and form read once (this runs for every token on
        # every event's chain of heads).
        grand = [(g.dep_, g.lower_) for g in child.children]
        words = (child.lower_,) + tuple(lower for dep, lower in grand if dep == "prep")[:1]
        marks = {lower for dep, lower in grand if dep == "mark"}
        for marker in markers:
            if words[:len(marker)] == marker or (len(marker) == 1 and marker[0] in marks):
                return child
    return None


def _modality(verb: Token, attributed: bool) -> str:
    lex = lexicon()
    markers = [tuple(m) for m in lex["conditional_markers"]]
    sent = sentence_of(verb)
    chain = [verb] + [a for a in verb.ancestors if a.i >= sent.start and a.i < sent.end]
    for i, token in enumerate(chain):
        condition = _has_marker(token, markers)
        if condition is not None and (i == 0 or condition not in chain):
            if verb.i in {t.i for t in condition.subtree}:
                return "hypothetical"  # the condition itself
            return "conditional"
        if token.dep_ in ("ROOT",) or (i > 0 and token.dep_ in ("ccomp",)
                                       and speech_type(token.head.lemma_)):
            break
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                    for c in verb.children):
        return "hypothetical"
    future = set(lex["future_auxiliaries"])
    hypothetical = set(lex["hypothetical_auxiliaries"])
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in future for a in auxes) or "going" in auxes:
        return "planned"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex["planning_heads"]:
        return "planned"
    if verb.dep_ in ("acl", "relcl") and "to" in auxes:
        return "planned"  # "action to commence on 1 August"
    if _raised_subject(verb) is not None:
        return "planned"  # "is due to open", "is likely to reopen"
    if any(a in hypothetical for a in auxes):
        if "would" in auxes and reported_future(verb):
            return "planned"  # conditions were ruled out above
        return "hypothetical"
    return "reported" if attributed else "asserted"


def _clause_text(doc: Doc, verb: Token, subject: Token | None) -> str:
    """The clause without its subject and without coordinated clauses of their own."""
    skip: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj") or (
                child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")) or child.dep_ == "cc":
            skip.update(t.i for t in child.subtree)
    toks = [t for t in verb.subtree if t.i not in skip]
    if verb.dep_ == "relcl" and subject is not None and subject.lower_ in ("which", "that",
                                                                            "who"):
        # "a ballot … which will close on …": the antecedent names what closes.
        antecedent = verb.head
        toks = [t for t in antecedent.subtree if t.i <= verb.right_edge.i]
    para_start = doc_text(doc).rfind("\n", 0, verb.idx) + 1
    para_end = doc_text(doc).find("\n", verb.idx)
    para_end = len(doc_text(doc)) if para_end == -1 else para_end
    toks = [t for t in toks if para_start <= t.idx < para_end]
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "mark")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return verb.text
    return doc_text(doc)[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})


def _did_past(verb: Token) -> bool:
    """A past tense carried by "did" ("did not reply") or by the verb itself."""
    return _is_past(verb) or own_past(verb)


def _is_candidate(verb: Token) -> bool:
    """A verb that heads a clause (copulas and auxiliaries state, they do not act)."""
    if verb.pos_ != "VERB":
        return verb.pos_ == "AUX" and _copula_predicate(verb) is not None
    if as_clause(verb):
        return False  # "went ahead as planned", "as expected": a manner of another act
    return verb.dep_ not in ("aux", "auxpass", "amod", "compound", "prt", "neg")


def _bare_imperative(verb: Token) -> bool:
    """A base-form verb opening its clause with no subject or auxiliary: an imperative, in
    a sentence or a quotation ("Do it this weekend," the chair said)."""
    if verb.tag_ != "VB" or verb.dep_ not in ("ROOT", "ccomp", "advcl", "parataxis") or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in verb.children):
        return False
    before = [t for t in verb.subtree if t.i < verb.i]
    return all(t.is_punct or t.is_quote for t in before)


def _is_content_complement(verb: Token) -> bool:
    """Non-finite complements of speech, request and planning verbs are the head's content."""
    if verb.dep_ not in _CONTENT_DEPS or _raised_subject(verb) is not None:
        return False
    head = verb.head
    finite = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or any(
        c.dep_ == "aux" and c.lower_ != "to" for c in verb.children)
    if finite or verb.dep_ == "ccomp" and _bare_imperative(verb):
        return False  # a quoted imperative ("Do it now," she told them) is an act of its own
    return bool(speech_type(head.lemma_)) or head.lemma_.lower() in lexicon()["planning_heads"] \
        or verb.dep_ == "xcomp"

"""Events: who did, said, asked or promised what, to whom, when, and on whose word.

    find_events(doc, actors, timexes, published) -> (list[Event], list[Attribution])

One event per clause (a verb with its dependents) when
- its agent is an actor (the subject, or the "by" agent of a passive), or
- it is a passive of a known action with no agent ("was rolled out in March": actor null), or
- it governs a time expression (a dated happening, whoever the agent is), or
- it is the cue of an attribution (every quote or reported statement is a speech event).

Non-finite complements of speech and request verbs ("asked practices *to take action*") are the
content of that event, not events of their own. Lemmas map to action types through
`resources/verbs.yaml`. A time expression attaches to the nearest event verb above it in the
dependency tree and never to an event of another sentence. Events inside reported content get
`attributed_to` = the speaker. Mentions of one event in a document are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    ActorLookup,
    RawAttribution,
    cue_type,
    doc_text,
    find_attributions,
    lexicon,
    quoted_tokens,
    resolve_actor,
    sentence_of,
    source_span,
    speech_type,
    subject_of,
)
from pipeline.extract.quotes import Quote, find_quotes
from pipeline.extract.syntax import (
    as_clause,
    own_past,
    reported_future,
    span_root,
    speech_frame_verb,
)
from pipeline.extract.timex.calendar import add_months
from pipeline.extract.timex.patterns import lexicon as timex_lexicon
from pipeline.record import Attribution, AttributionSource, Event, EventDate, Span, Timex

_PRONOUNS_3RD = {"it", "they", "he", "she", "them", "him", "her"}
_FIRST_PERSON = {"i", "we", "me", "us"}
_TARGET_PREPS = {"to", "with", "for", "from", "on", "against"}
_NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
# Complement relations that make a verb part of its head's content, not an event of its own.
_CONTENT_DEPS = {"xcomp", "ccomp", "pcomp"}


@dataclass
class _Draft:
    verb: Token
    actor: str | None
    action: str
    action_type: str
    targets: list[str]
    content: str
    negated: bool
    modality: str
    attributed_to: str | None
    quote: Span | None
    sentence: Span
    attribution: RawAttribution | None = None
    date: EventDate | None = None
    date_timex: Timex | None = None
    mentions: list[Span] = field(default_factory=list)
    merged_into: _Draft | None = None


def article_end(text: str) -> int:
    """Where a trailing reader-comment thread begins in raw text (len(text) when there is
    none): the ingest stage splits comments off, but text handed to `analyze` directly may
    still carry them, and comments are not the article's events."""
    try:
        from pipeline.ingest.comments import split_comments
    except ImportError:  # the ingest stage is optional for extraction
        return len(text)
    article, comments = split_comments(text)
    if not comments or not text.startswith(article):
        return len(text)
    return len(article)


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


def _negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never"):
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
        who = resolve_actor(doc, actors, *source_span(head))
        if who and who != actor and who not in found:
            found.append(who)
    return found


def _timex_attachments(doc: Doc, timexes: list[Timex], event_verbs: set[int],
                       ) -> dict[int, list[int]]:
    """verb token -> indices of the timexes its clause governs (nearest event verb above)."""
    out: dict[int, list[int]] = {}
    for n, timex in enumerate(timexes):
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token: Token = speech_frame_verb(span) or span.root
        for _ in range(40):
            if token.i in event_verbs and token.i not in range(span.start, span.end):
                out.setdefault(token.i, []).append(n)
                break
            if token.head.i == token.i:
                break
            token = token.head
    return out


_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})


def _postpone_cue(verb: Token, timex: Timex) -> bool:
    """"adjourned / postponed until 9 December", "pushed back to May": the new date."""
    lex = lexicon()
    if verb.lemma_.lower() not in lex["postpone_verbs"]:
        return False
    before = doc_text(verb.doc)[max(0, timex.start - 12):timex.start].lower().split()
    return bool(before) and (before[-1] in lex["postpone_cues"] or
                             " ".join(before[-2:]) in lex["postpone_cues"])


def _scheduled_for(verb: Token, timex: Timex) -> bool:
    """"The trial has been scheduled for 3 March", "a hearing was set for 14 August": the
    "for" date of a scheduling verb is when the scheduled thing takes place, whatever the
    tense of the scheduling."""
    if _phrasal(verb) not in lexicon()["scheduling_verbs"]:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "for" and c.idx <= timex.start and
               c.right_edge.idx + len(c.right_edge.text) >= timex.end for c in verb.children)


def _not_until(verb: Token, timex: Timex) -> bool:
    """"will not arrive until November", "did not reply until February": the negation bounds
    the time before the date, and the act itself happens then."""
    cue = (timex.deadline_cue or "").split()
    return cue[-1:] in (["until"], ["till"]) and any(c.dep_ == "neg" for c in verb.children)


def _did_past(verb: Token) -> bool:
    """A past tense carried by "did" ("did not reply") or by the verb itself."""
    return _is_past(verb) or own_past(verb)


# A clock time on its own ("10pm", "17:30"), with no day named.
_CLOCK = re.compile(r"^(\d{1,2}([.:]\d{2})?\s*([ap]\.?m\.?)?|noon|midday|midnight)$",
                    re.IGNORECASE)


def _hours_bound(doc: Doc, timex: Timex) -> bool:
    """"extend evening charges until 10pm", "open from 9am": a bare clock time under
    until/from bounds the hours of something, it does not date an event."""
    if timex.type != "TIME" or not _CLOCK.match(timex.text.strip()):
        return False
    cue = (timex.deadline_cue or "").split()
    before = doc_text(doc)[max(0, timex.start - 8):timex.start].lower().split()[-1:]
    return cue[-1:] in (["until"], ["till"]) or before in (["until"], ["till"], ["from"])


def _date_role(verb: Token, timex: Timex, modality: str, published: date | None) -> str:
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if _postpone_cue(verb, timex) or _scheduled_for(verb, timex):
        # the date it moves to ("adjourned until 9 December") or the date it is fixed for
        # ("has been scheduled for 3 March"), not a date something must happen by
        return "planned"
    cue_words = (timex.deadline_cue or "").split()
    verbal_cue = len(cue_words) == 2 and cue_words[1] == "on" and cue_words[0] not in (
        "due",)  # "closed on", "ends on": the verb itself is the cue
    if lemma in lex["deadline_verbs"] and _is_past(verb) and (not cue_words or verbal_cue):
        return "occurred"  # "the ballot closed last Friday": a fact, no longer a deadline
    if _not_until(verb, timex):
        return "occurred" if _did_past(verb) else "planned"
    if timex.deadline_cue:
        return "deadline"
    if lemma in lex["deadline_verbs"] and not any(
            c.dep_ == "dobj" for c in verb.children):
        return "deadline"  # "the ballot closes on …" (not "they close the plant on …")
    if modality == "planned":
        return "planned"
    first = (timex.range or [None])[0]
    last = (timex.range or [None])[-1]
    if published and last and last >= published.isoformat() and _future_aux(verb):
        return "planned"  # "would write to every councillor this week", "later this year"
    if published and first and first > published.isoformat() and (
            verb.tag_ not in ("VBD", "VBN") or any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)):
        return "planned"  # "will close on …", "members would be updated on Monday"
    return "occurred"


def _sentence_span(doc: Doc, verb: Token) -> Span:
    """The verb's sentence, cut at paragraph breaks (the parser may run two paragraphs into
    one sentence after a quotation)."""
    sent = sentence_of(verb)
    start, end = sent.start_char, sent.end_char
    text = doc_text(doc)
    before = text.rfind("\n", start, verb.idx)
    if before != -1:
        start = before + 1
    after = text.find("\n", verb.idx, end)
    if after != -1:
        end = after
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def _published_day(published: str | None) -> date | None:
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    return date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _enclosing(attributions: list[RawAttribution], i: int,
               own: RawAttribution | None) -> RawAttribution | None:
    """The innermost attribution whose content holds token i (other than the event's own)."""
    best = None
    for a in attributions:
        if a is own or i not in a.content_tokens:
            continue
        if best is None or len(a.content_tokens) < len(best.content_tokens):
            best = a
    return best


def _quote_span(doc: Doc, quotes: list[Quote], i: int) -> Span | None:
    token = doc[i]
    for quote in quotes:
        for s, e in quote.inner:
            if s <= token.idx < e:
                return Span(s, e, doc_text(doc)[s:e])
    return None


def _is_candidate(verb: Token) -> bool:
    """A verb that heads a clause (copulas and auxiliaries state, they do not act)."""
    if verb.pos_ != "VERB":
        return verb.pos_ == "AUX" and _copula_predicate(verb) is not None
    if as_clause(verb):
        return False  # "went ahead as planned", "as expected": a manner of another act
    return verb.dep_ not in ("aux", "auxpass", "amod", "compound", "prt", "neg")


def _is_content_complement(verb: Token) -> bool:
    """Non-finite complements of speech, request and planning verbs are the head's content."""
    if verb.dep_ not in _CONTENT_DEPS or _raised_subject(verb) is not None:
        return False
    head = verb.head
    finite = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or any(
        c.dep_ == "aux" and c.lower_ != "to" for c in verb.children)
    if finite:
        return False
    return bool(speech_type(head.lemma_)) or head.lemma_.lower() in lexicon()["planning_heads"] \
        or verb.dep_ == "xcomp"


def _undated_kept(doc: Doc, verb: Token, actors: ActorLookup,
                  raised_subject: Token | None) -> bool:
    """An undated clause whose subject is no known actor is still an event when the text
    presents it as one: what a named subject "is expected / due to" do ("A consortium is
    expected to complete its takeover"), an obligation ("Customers must migrate to 5.1"), or
    an act aimed at an actor ("A fire damaged Harrowgate's stand")."""
    if raised_subject is not None and raised_subject.lower_ not in ("it", "there"):
        return True
    obliged = set(lexicon()["obligation_auxiliaries"])
    if any(c.dep_ == "aux" and c.lower_ in obliged for c in verb.children):
        return True
    # a finite clause only: participles and infinitives ("a message sent to GPs", "no
    # need to email TPP") describe or qualify, they do not report an act
    return verb.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in verb.children) and \
        bool(_targets(doc, verb, actors, None, set()))


def _date_draft(doc: Doc, draft: _Draft, attached: list[int], timexes: list[Timex],
                pub_day: date | None, clause_dated: dict[int, int]) -> list[int]:
    """Date one event from the timexes its clause governs (best ranked first), else from a
    coordinated clause it shares a date with, else a "within N days" deadline. Records the
    clause's own date in `clause_dated` and returns the timexes that date a complement
    instead ("told passengers to expect cuts from Monday")."""
    verb, modality = draft.verb, draft.modality
    ahead: list[int] = []
    ranked = sorted(attached, key=lambda n: _timex_rank(doc, verb, timexes[n]))
    inherit = _conjunct_date(verb, clause_dated)
    for n in ranked:
        timex = timexes[n]
        if not timex.range or timex.value.endswith("_REF") or _hours_bound(doc, timex):
            continue  # "now", "recently", "until 10pm": no day to put on the timeline
        rank = _timex_rank(doc, verb, timex)
        if rank >= 2:
            continue  # "next year's budget", "second-quarter results": the noun's date
        if rank == 1 and inherit is not None:
            break  # a noun's date yields to the date of the clause this verb shares
        if _ahead_in_complement(doc, verb, timex, pub_day):
            ahead.append(n)  # "told passengers to expect cuts from Monday"
            continue
        draft.date = EventDate(value=timex.value, range=timex.range,
                               role=_date_role(verb, timex, modality, pub_day), timex=n)
        draft.date_timex = timex
        if rank <= 0:
            clause_dated[verb.i] = n
        break
    if draft.date is None and inherit is not None and not ahead:
        # "reported a loss on Thursday and lowered its forecast": one date for both
        timex = timexes[inherit]
        draft.date = EventDate(value=timex.value, range=timex.range,
                               role=_date_role(verb, timex, modality, pub_day),
                               timex=inherit)
        draft.date_timex = timex
    if draft.date is None and pub_day is not None:
        draft.date = _within_deadline(doc, verb, attached, timexes, pub_day)
    if draft.date_timex is not None and _not_until(verb, draft.date_timex):
        draft.negated = not draft.negated  # "will not arrive until November" arrives
    return ahead


def find_events(doc: Doc, actors: ActorLookup, timexes: list[Timex],
                published: str | None) -> tuple[list[Event], list[Attribution]]:
    """Events and attributions of one parsed document (see the module docstring)."""
    text = doc_text(doc)
    limit = article_end(text)
    quotes = [q for q in find_quotes(text) if q.start < limit]
    quoted = quoted_tokens(doc, quotes)
    raw = [a for a in find_attributions(doc, actors, quotes) if a.content
           and a.content[0][0] < limit]
    by_cue = {a.cue_token: a for a in raw if a.cue_token is not None}
    lex = lexicon()
    known = set(lex["actions"]) | set(lex["speech"])
    pub_day = _published_day(published)

    # First pass: which verbs are events (their tokens decide where timexes attach).
    chosen: dict[int, tuple[str | None, Token | None]] = {}
    raised_by: dict[int, int] = {}  # raising head ("expected") -> the infinitive it hands on
    governs_timex: set[int] = set()
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span):
            head = speech_frame_verb(span) or span.root.head
            for _ in range(40):
                if _is_candidate(head) and not _is_content_complement(head):
                    # a noun's date ("the spring travel peak") or opening hours ("until
                    # 10pm") do not make a happening of the clause
                    if _timex_rank(doc, head, timex) < 2 and not _hours_bound(doc, timex):
                        governs_timex.add(head.i)
                    break
                if head.head.i == head.i:
                    break
                head = head.head
    for verb in doc:
        if verb.idx >= limit or not _is_candidate(verb):
            continue
        attribution = by_cue.get(verb.i)
        raised = _raising_head(verb) if verb.pos_ == "VERB" else None
        if raised is not None:
            # "The cabinet is expected to decide in April": the event is the deciding
            raised_by[verb.i] = raised.i
            continue
        if verb.pos_ == "AUX" and verb.i not in governs_timex:
            continue  # a copula is an event only when it is dated ("will be available on …")
        if attribution is None and _is_content_complement(verb):
            continue
        if attribution is None and verb.dep_ == "xcomp" and \
                verb.head.lemma_.lower() in lex["planning_heads"] and verb.head.i in chosen:
            continue
        subject = None
        raised_subject = _raised_subject(verb)
        if raised_subject is not None:
            subject = raised_subject
            actor = resolve_actor(doc, actors, *source_span(subject))
            if actor is None:
                actor = _pronoun_actor(subject, verb, raw, attribution)
        elif _is_passive(verb):
            agent = _agent(verb)
            actor = resolve_actor(doc, actors, *source_span(agent)) if agent is not None \
                else None
            subject = agent
        else:
            subject = subject_of(verb, quoted)
            actor = resolve_actor(doc, actors, *source_span(subject)) \
                if subject is not None else None
            if actor is None and subject is not None:
                actor = _pronoun_actor(subject, verb, raw, attribution)
        if attribution is not None:
            actor = attribution.source_actor or actor
        if attribution is None and actor is None and verb.i not in governs_timex and not (
                _is_passive(verb) and _phrasal(verb) in known) and not _undated_kept(
                doc, verb, actors, raised_subject):
            continue
        chosen[verb.i] = (actor, subject)

    attach = _timex_attachments(doc, timexes, set(chosen))
    clause_dated: dict[int, int] = {}  # verb -> the clause-level timex that dates it
    drafts: list[_Draft] = []
    for i, (actor, subject) in sorted(chosen.items()):
        verb = doc[i]
        attribution = by_cue.get(i)
        enclosing = _enclosing(raw, i, attribution)
        attributed_to = enclosing.source_actor if enclosing is not None else None
        if enclosing is not None and attributed_to is None:
            # An unnamed speaker inside a named speaker's words: the outer speaker vouches.
            outer = _enclosing(raw, enclosing.cue_token, enclosing) \
                if enclosing.cue_token is not None else None
            attributed_to = outer.source_actor if outer is not None else None
        action = _action(verb)
        is_speech = attribution is not None
        modality = _modality(verb, enclosing is not None)
        content_tokens = attribution.content_tokens if attribution else set()
        if attribution is not None:
            content = " … ".join(text[s:e] for s, e in attribution.content)
        else:
            content = _clause_text(doc, verb, subject)
        sentence = _sentence_span(doc, verb)
        quote = _quote_span(doc, quotes, i)
        if quote is None and attribution is not None and attribution.kind != "indirect":
            inner = [q for q in quotes if any(attribution.covers_char(s, e) for s, e in q.inner)]
            if inner:
                s, e = inner[0].inner[0]
                quote = Span(s, e, text[s:e])
        action_type = _action_type(verb, action, is_speech)
        exclude = content_tokens
        if is_speech and action_type in ("instruction", "request"):
            # the one told or asked is a target even where the content span swallows it
            exclude = content_tokens - {c.i for c in verb.children
                                        if c.dep_ in ("dobj", "dative")}
        negated = _negated(verb)
        if enclosing is not None and enclosing.cue_token is not None and \
                lex["speech"].get(doc[enclosing.cue_token].lemma_.lower()) == "denial" and \
                _denied_clause(doc, verb, enclosing):
            negated = not negated  # what a denial reports is what the speaker says is false
        draft = _Draft(
            verb=verb, actor=actor, action=action, action_type=action_type,
            targets=_targets(doc, verb, actors, actor, exclude),
            content=content, negated=negated, modality=modality,
            attributed_to=attributed_to, quote=quote, sentence=sentence,
            attribution=attribution, mentions=[sentence])
        if attribution is not None and attribution.addressee and \
                attribution.addressee not in draft.targets and attribution.addressee != actor:
            draft.targets.append(attribution.addressee)
        ahead = _date_draft(doc, draft, attach.get(i, []), timexes, pub_day, clause_dated)
        drafts.append(draft)
        # a dated request sets a deadline for what it asks; a past telling dates what is
        # to come: either becomes an event of the asked clause
        split = ahead + ([n for n in attach.get(i, []) if timexes[n].deadline_cue]
                         if draft.date is not None and draft.date.role != "deadline" else [])
        if not split and draft.action_type == "instruction" and draft.date is not None and \
                draft.date.role == "deadline":
            # "told agencies to patch devices by 5 December": the directive keeps its
            # deadline and the act directed becomes an event due by then
            split = [draft.date.timex]
        extra = _complement_event(doc, draft, split, timexes, actors, chosen, quoted, pub_day)
        if extra is not None:
            drafts.append(extra)

    _deduplicate(drafts)
    events: list[Event] = []
    ids: dict[int, str] = {}
    for draft in drafts:
        if draft.merged_into is not None:
            continue
        event_id = f"e{len(events) + 1}"
        ids[id(draft)] = event_id
        events.append(Event(
            id=event_id, actor=draft.actor, action=draft.action, action_type=draft.action_type,
            targets=draft.targets, content=draft.content, negated=draft.negated,
            modality=draft.modality, date=draft.date, attributed_to=draft.attributed_to,
            quote=draft.quote, sentence=draft.sentence, mentions=draft.mentions,
            trigger=Span(draft.verb.idx, draft.verb.idx + len(draft.verb.text), draft.verb.text)))
    by_verb = {}
    for draft in drafts:
        target = draft
        while target.merged_into is not None:
            target = target.merged_into
        by_verb[draft.verb.i] = ids.get(id(target))
    for head, infinitive in raised_by.items():
        by_verb.setdefault(head, by_verb.get(infinitive))
    # The attributions array holds the document's own attributions; speech reported inside a
    # quotation is the quoted speaker's claim and stays an event attributed to that speaker.
    attributions = [_to_attribution(doc, a, by_verb.get(a.cue_token)) for a in raw
                    if a.cue_token is None or a.cue_token not in quoted]
    return events, attributions


# A year, quarter or half: a period a figure covers when it follows "for".
_PERIOD = re.compile(r"^\d{4}(-[QH]\d)?$")


def _timex_rank(doc: Doc, verb: Token, timex: Timex) -> int:
    """How directly a time expression dates the clause: -1 the new date of a postponement,
    0 a clause adverbial ("on Thursday"), 1 a phrase on a noun ("a session on Thursday"),
    2 a modifier of a noun ("next year's budget", "second-quarter results")."""
    if _postpone_cue(verb, timex):
        return -1
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    root = span_root(span)
    before = doc_text(doc)[max(0, timex.start - 8):timex.start].lower().split()
    if before[-1:] == ["for"] and _PERIOD.match(timex.value or "") and any(
            c.dep_ == "dobj" for c in verb.children):
        return 1  # "lowered its forecast for the full year": the period measured, not a date
    nominal = ("NOUN", "PROPN", "NUM")
    if root.dep_ in ("poss", "compound", "amod", "nmod", "nummod") and \
            root.head.pos_ in nominal:
        return 2  # "the winter timetable", "the 2025-26 season"
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ in nominal:
        noun = root.head.head
        if root.head.lower_ == "since" or noun.dep_ == "appos":
            # "their worst position since 2009", "…, a record set in 2009": the noun's
            # comparison or description, not when the clause happened
            return 2
        return 1
    return 0


def _conjunct_date(verb: Token, clause_dated: dict[int, int]) -> int | None:
    """The clause date of the first verb this one is coordinated with, when they share the
    subject and the tense ("on Thursday reported a loss and lowered its forecast")."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    first = verb.head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.i not in clause_dated or _future_aux(first) != _future_aux(verb) or \
            first.tag_[:2] != verb.tag_[:2]:
        return None
    return clause_dated[first.i]


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


_WITHIN = re.compile(r"^P(\d+)([DWMY])$")


def _other_start(doc: Doc, verb: Token, timex: Timex) -> bool:
    """Whether the clause counts its period from something other than publication: "within
    90 days of the notice / from receipt / after the sale", or an "after / once / when …"
    clause on the verb ("After a version reaches end of life, the links will be removed
    within 90 days")."""
    after = doc_text(doc)[timex.end:timex.end + 12].lower().split()[:1]
    if after and after[0] in lexicon()["start_point_preps"]:
        return True
    marks = set(lexicon()["start_point_marks"])
    for child in verb.children:
        if child.dep_ == "advcl" and any(g.dep_ in ("mark", "advmod") and g.lower_ in marks
                                         for g in child.children):
            return True
        if child.dep_ == "prep" and child.lower_ in marks and child.idx < timex.start:
            return True  # "Following the sale, …", "after the upgrade"
    return False


def _within_deadline(doc: Doc, verb: Token, attached: list[int], timexes: list[Timex],
                     published: date) -> EventDate | None:
    """"would respond within 20 working days", "apply the update within seven days": a
    deadline that far after publication (working days skip weekends). The value is the
    last day allowed; the timex stays the DURATION it is."""
    for n in attached:
        timex = timexes[n]
        match = _WITHIN.match(timex.value or "")
        if timex.type != "DURATION" or match is None:
            continue
        if not doc.text[max(0, timex.start - 12):timex.start].rstrip().lower().endswith(
                "within"):
            continue
        if _other_start(doc, verb, timex):
            continue  # counted from an event the text names, whose day is not known
        count, unit = int(match[1]), match[2]
        if unit == "D" and re.search(r"\b(working|business)\b", timex.text.lower()):
            day, left = published, count
            while left:
                day += timedelta(days=1)
                left -= day.weekday() < 5
        elif unit in ("D", "W"):
            day = published + timedelta(days=count * (7 if unit == "W" else 1))
        else:
            day = add_months(published, count * (12 if unit == "Y" else 1))
        return EventDate(value=day.isoformat(), range=[day.isoformat()] * 2, role="deadline",
                         timex=n)
    return None


def _complement_verb(doc: Doc, verb: Token, timex: Timex) -> Token | None:
    """The clause verb under `verb` (its "to …" or "that …" complement) that holds `timex`."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span) or speech_frame_verb(span) is not None:
        return None  # "said on Monday it would …": Monday dates the saying
    return next((t for t in span.root.ancestors if t.head.i == verb.i
                 and t.dep_ in ("xcomp", "ccomp") and t.pos_ in ("VERB", "AUX")), None)


def _ahead_in_complement(doc: Doc, verb: Token, timex: Timex, published: date | None) -> bool:
    """A date after publication inside the complement of a past-tense verb ("told passengers
    to expect fewer sailings from Monday") dates what is to come, not the telling. Deadlines
    ("asked suppliers to remove it by 15 July") stay on the request."""
    past = verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if published is None or timex.deadline_cue or not past or not timex.range:
        return False
    if _past_perfect(verb) and (verb.lemma_.lower() in lexicon()["planning_heads"] or
                                speech_type(verb.lemma_)):
        # "had promised to hand them over in July": July dates the handing over, whichever
        # side of publication it falls
        return _complement_verb(doc, verb, timex) is not None
    return timex.range[0] > published.isoformat() and \
        _complement_verb(doc, verb, timex) is not None


def _complement_event(doc: Doc, request: _Draft, timex_ids: list[int], timexes: list[Timex],
                      actors: ActorLookup, chosen: dict, quoted: set[int],
                      published: date | None = None) -> _Draft | None:
    """The asked-for clause as an event of its own, dated by a timex it holds: "The agency
    ordered the operator last month to complete repairs by 10 March" (the requested action,
    due by then, done by whoever was asked), "told passengers to expect cuts from Monday"
    (what is planned from then)."""
    verb = request.verb
    for n in timex_ids:
        timex = timexes[n]
        if not timex.range or _hours_bound(doc, timex):
            continue
        asked = _complement_verb(doc, verb, timex)
        if asked is None or asked.i in chosen:
            continue
        if request.date is not None and n == request.date.timex and \
                request.date.role != "deadline":
            continue
        own = next((c for c in asked.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        asked_of = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        # "asked suppliers that they remove …" names the doer; "ordered the operator to
        # complete …" makes the one asked the doer; "agreed to finish by May" the requester
        doer = own or (asked_of if asked.dep_ == "xcomp" else None)
        subject = doer if doer is not None else subject_of(asked, quoted)
        actor = resolve_actor(doc, actors, *source_span(subject)) if subject is not None \
            else None
        action = _phrasal(asked)
        past_plan = published is not None and timex.range[-1] < published.isoformat()
        return _Draft(
            verb=asked, actor=actor, action=action,
            action_type=_action_type(asked, action, False), targets=[],
            content=_clause_text(doc, asked, subject), negated=_negated(asked),
            modality="planned", attributed_to=request.actor or request.attributed_to,
            quote=request.quote, sentence=request.sentence, mentions=[request.sentence],
            date=EventDate(value=timex.value, range=timex.range,
                           # a plan whose day has passed ("had promised to … in July")
                           # is a due date, no longer planned
                           role="deadline" if timex.deadline_cue or past_plan
                           else "planned", timex=n),
            date_timex=timex)
    return None


def _pronoun_actor(subject: Token, verb: Token, raw: list[RawAttribution],
                   own: RawAttribution | None) -> str | None:
    """An unresolved pronoun subject inside reported content: first person is the speaker;
    third person ("TPP confirmed it has…", "… but that they are not…") is the speaker too when
    the speaker is the only candidate the sentence offers."""
    pronoun = subject.lower_
    if pronoun not in _FIRST_PERSON and pronoun not in _PRONOUNS_3RD:
        return None
    host = _enclosing(raw, verb.i, own)
    if host is None or host.source_actor is None:
        return None
    if pronoun in _FIRST_PERSON:
        return host.source_actor
    same_sentence = host.cue_token is not None and \
        sentence_of(verb.doc[host.cue_token]) == sentence_of(verb)
    if same_sentence and subject.i not in range(*(host.source or (0, 0))):
        return host.source_actor
    return None


def _similar(a: str, b: str) -> float:
    wa = set(re.findall(r"\w+", a.lower()))
    wb = set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / max(len(wa | wb), 1)


def _deduplicate(drafts: list[_Draft]) -> None:
    """Merge mentions of one event: same actor, compatible action type, shared or no targets,
    and the same date (or, undated, the same action with similar content)."""
    groups = [set(g) for g in lexicon()["dedup_groups"]]

    def compatible(a: str, b: str) -> bool:
        return a == b or any(a in g and b in g for g in groups)

    for n, later in enumerate(drafts):
        for earlier in drafts[:n]:
            if earlier.merged_into is not None or later.actor is None or \
                    earlier.actor != later.actor or earlier.sentence == later.sentence:
                continue
            if not compatible(earlier.action_type, later.action_type):
                continue
            if earlier.targets and later.targets and not set(earlier.targets) & set(
                    later.targets):
                continue
            same_date = earlier.date is not None and later.date is not None and \
                earlier.date.value == later.date.value
            undated_same = earlier.date is None and later.date is None and \
                earlier.action == later.action and _similar(earlier.content,
                                                            later.content) >= 0.6
            if not (same_date or undated_same):
                continue
            later.merged_into = earlier
            earlier.mentions.append(later.sentence)
            for target in later.targets:
                if target not in earlier.targets:
                    earlier.targets.append(target)
            break


def _to_attribution(doc: Doc, a: RawAttribution, event_id: str | None) -> Attribution:
    text = doc_text(doc)
    source = None
    if a.source is not None and a.source[1] > a.source[0]:
        span = doc[a.source[0]:a.source[1]]
        source = AttributionSource(span.start_char, span.end_char, span.text, a.source_actor)
    cue = None
    if a.cue is not None:
        span = doc[a.cue[0]:a.cue[1]]
        cue = Span(span.start_char, span.end_char, span.text)
    return Attribution(source=source, cue=cue,
                       content=[Span(s, e, text[s:e]) for s, e in a.content], kind=a.kind,
                       addressee=a.addressee, event=event_id)


__all__ = ["find_events", "article_end"]

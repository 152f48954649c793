"""Which way a bare expression points (past or future of its reference): the governing verb's
tense and modality, scheduling and moving verbs, deadline cues, and the speech time of a quote.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.extract.syntax import as_clause, own_past, reported_future, speech_frame_verb

from .candidates import _word_sets
from .patterns import lexicon

# "would", "could", "may" … are as often past-in-the-past or hedges as future: left undecided
_FUTURE_MODALS = {"will", "'ll", "shall", "wo", "should", "must"}
_OPEN_MODALS = {"would", "could", "might", "may", "can", "ca", "'d"}


@lru_cache(maxsize=1)
def _deadline_cues() -> list[tuple[str, ...]]:
    cues = [tuple(c.split()) for c in lexicon()["deadline_cues"]]
    return sorted(cues, key=len, reverse=True)


# ---------------------------------------------------------------------------------------------
# context: tense, deadlines, speech


# Verbs that move a date: the new date follows "until"/"to"; "on" dates the act itself.
_MOVING_VERBS = frozenset({"postpone", "delay", "defer", "reschedule"})
_TO_WORDS = frozenset({"until", "till", "to", "into", "for"})


# Verbs that move a date without saying which way in time it lies ("pushed back to …").
_SHIFTING_VERBS = frozenset({"push", "move", "put", "bring", "shift", "extend", "bump"})


def _preposition(token: Token) -> str | None:
    """The preposition a time expression hangs from ("on" of "on Wednesday"), if any."""
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        return token.head.lower_
    return None


@lru_cache(maxsize=1)
def _direction_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...], frozenset[str]]:
    lex = lexicon()
    markers = tuple(sorted((tuple(str(m).split()) for m in lex["future_markers"]),
                           key=len, reverse=True))
    return frozenset(lex["prospective_verbs"]), markers, frozenset(lex["past_prepositions"])


@lru_cache(maxsize=1)
def _directive_verbs() -> frozenset[str]:
    return frozenset(lexicon()["directive_verbs"])


@lru_cache(maxsize=1)
def _scheduling_verbs() -> frozenset[str]:
    """Verbs that, followed by "for", fix a coming date ("set for", "listed for"): the list
    events use (`scheduling_verbs` in verbs.yaml), by first word ("pencil in" -> "pencil")."""
    from pipeline.extract.attribution import lexicon as verb_lexicon

    return frozenset(str(v).split()[0] for v in verb_lexicon()["scheduling_verbs"])


def _scheduling_word(token: Token) -> bool:
    word = token.lower_  # the lemmatiser may miss a participle ("slated" -> "slat")
    return token.lemma_.lower() in _scheduling_verbs() or word.endswith("ed") and (
        word[:-2] in _scheduling_verbs() or word[:-1] in _scheduling_verbs())


def _marker_direction(span: Span) -> str | None:
    """Words around the expression that fix its direction whatever the verb's tense: "since"
    (past), "payable"/"effective"/"as soon as"/"expected in" (future)."""
    _, markers, past_preps = _direction_words()
    node = span.root
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lower_ in past_preps and node.dep_ in ("prep", "mark", "advmod"):
            return "past"
        if node.pos_ in ("VERB", "AUX"):
            break
    doc = span.doc
    window_start = max(0, span.start - 4)
    before = [t.lower_ for t in doc[window_start:span.start]]
    if any(w in past_preps for w in before[-2:]):
        return "past"
    if len(before) >= 2 and before[-1] == "for" and _scheduling_word(doc[span.start - 2]):
        return "future"  # "a hearing has been set for 14 August": the date it will happen
    while before and before[-1] in ("on", "in", "by", "for", "at", "until", "from", "of",
                                    "the"):
        before.pop()
    for marker in markers:
        if len(marker) <= len(before) and tuple(before[-len(marker):]) == marker:
            if _as_planned(doc, window_start + len(before) - len(marker), marker):
                return None  # "went ahead as scheduled on Tuesday": the verb decides
            return "future"
    return None



# "had until Friday to respond", "gave them until March": time allowed, still to run out
_ALLOWING_VERBS = frozenset({"have", "give", "grant", "allow", "extend"})


def _lasted_until(span: Span, direction: str | None) -> bool:
    """Whether "until" closes a past state or a past wait ("did not reply until February",
    "the shop stayed open until March"), rather than setting a time still to come."""
    if direction != "past":
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.lemma_.lower() in _ALLOWING_VERBS:
        return False
    # not a past borrowed from a clause above ("rejected an order that he remain there
    # until March 6")
    return own_past(verb)


def _as_planned(doc: Doc, marker_start: int, marker: tuple[str, ...]) -> bool:
    """Whether a one-word marker is the participle of "as planned", "as (previously)
    scheduled", which qualifies another verb rather than looking ahead itself."""
    if len(marker) != 1 or not marker[0].endswith("ed"):
        return False
    window = [t.lower_ for t in doc[max(0, marker_start - 2):marker_start]]
    return "as" in window


def _direction(span: Span) -> str | None:
    """'past' or 'future' from the verb that governs the expression (tense, aspect, modals,
    "to"-infinitives, imperatives), or None when nothing says."""
    marked = _marker_direction(span)
    if marked is not None:
        return marked
    root = span.root
    if root.dep_ in ("poss", "compound", "nmod", "amod") and root.head.pos_ in (
            "NOUN", "PROPN"):
        # "Wednesday's ruling", "the October slaying", "a June agreement": a label on a
        # thing, not the time of the clause; news names things by the day they happened,
        # unless the clause is plainly future ("The March accession will enable …")
        verb = next((t for t in root.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.tag_ == "VB" and verb.head.i != verb.i and any(
                c.lower_ == "to" for c in verb.children) and (
                verb.head.lemma_.lower() in _direction_words()[0]):
            verb = verb.head  # "plans to build cars in the April-June period"
        if verb is not None and (verb.lemma_.lower() in _direction_words()[0] or any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS for c in verb.children)):
            return "future"  # "… will enable", "The March meeting is expected to …"
        if verb is not None and any(c.dep_ == "aux" and c.lower_ in ("would", "'d")
                                    for c in verb.children) and reported_future(verb):
            # "said its winter timetable would start soon", "said it would release April
            # figures": a label in a reported future may name what is coming or what is done
            return None
        if verb is not None and verb.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
                t.lower_ in _word_sets()["weekdays"] for t in span):
            # "entitled to vote at its April 30 meeting": no tense to go by (a weekday label,
            # "to bounce back from Monday's debate", is still a past one)
            return None
        if verb is not None and verb.tag_ in ("VBZ", "VBP") and not any(
                c.dep_ in ("aux", "auxpass") for c in verb.children) and \
                verb.lemma_ not in ("be", "have") and not any(
                t.lower_ in _word_sets()["weekdays"] for t in span):
            return None  # "the winter timetable starts on …": a present tells no side
        return "past"
    head = speech_frame_verb(span) or root
    # ("said on Monday it would cut services": Monday takes the saying's tense, not "would")
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in _direction_words()[0] and as_clause(head):
        # "went ahead as scheduled on Tuesday": the plan is background, the tense is the
        # clause's it qualifies
        main = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if main is None:
            return None
        head = main
    if head.lemma_.lower() in _SHIFTING_VERBS and span.start and \
            span.doc[span.start - 1].lower_ in _TO_WORDS:
        # "had pushed its deadline back to 15 August": the new date lies either side of
        # the moving, whatever its tense; the nearest reading
        return None
    if head.lemma_.lower() in _direction_words()[0] and not (
            head.lemma_.lower() in _MOVING_VERBS and _preposition(root) not in _TO_WORDS):
        # "planned a rally on Saturday", "is expected in December", "postponed the vote
        # until Friday" (but "postponed the vote on Wednesday" dates the postponing)
        return "future"
    aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not aux and head.dep_ == "conj" and head.tag_ == "VB":
        # "would close the site and cut jobs in May": the second verb shares the modal
        aux = [c for c in head.head.children if c.dep_ in ("aux", "auxpass")]
    for a in aux:
        if a.lower_ in _FUTURE_MODALS:
            return "future"
        if a.lower_ in ("would", "'d") and reported_future(head):
            return "future"  # "said Hallam Freight would meet officials on Monday"
        if a.lower_ in _OPEN_MODALS:
            return None
        if a.lower_ == "going":
            return "future"
    if head.tag_ == "VB" and any(c.lower_ == "to" for c in head.children):
        # a to-infinitive takes its time from the verb it depends on: "staged celebrations
        # to mark the entry on Friday" is past, "plans to commence on 1 August" is future
        parent = head.head
        if parent.i != head.i and parent.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lower_ == "had" for c in parent.children):
            return "past"  # "had promised to hand them over in July": a plan now behind us
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in head.children):
            return None  # "a subpoena for him to testify on Feb. 10": after the past act
        if parent.i != head.i and parent.lemma_.lower() in _directive_verbs() and any(
                c.dep_ in ("dobj", "nsubjpass") for c in parent.children):
            return "future"  # "subpoenaed him to testify on Feb. 10": the asked-for act
        if parent.i != head.i and parent.tag_ == "VBD" and head.dep_ in ("advcl", "csubj"):
            return "past"
        if parent.pos_ == "ADJ" and parent.head.tag_ == "VBD" and \
                parent.head.lemma_.lower() not in _direction_words()[0]:
            return "past"  # "made it difficult for Sun to meet demand into the summer"
        return "future"
    if head.tag_ == "VBG" and head.i + 1 < len(span.doc) and any(
            a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in aux):
        return "future"  # present progressive with a time: an arrangement ("is meeting Monday")
    if any(a.tag_ in ("VBD",) for a in aux) or head.tag_ == "VBD":
        return "past"
    if head.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    # a passive is not a past: "is heard in May", "to be completed by Dec. 15" say nothing;
    # "was read Wednesday night" is past through its VBD auxiliary (above)
    if head.tag_ == "VBN" and not aux and head.dep_ in ("acl", "amod", "relcl"):
        main = next((t for t in head.head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if main is not None and any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS
                                    for c in main.children):
            # "fees paid before 31 December will be charged …": the paying may be still to
            # come, or done ("products introduced in April will be dropped"); say nothing
            return None
        return "past"  # a reduced relative: "products introduced in April", "the year ended"
    if head.tag_ == "VB" and not aux and head.dep_ == "ROOT":
        return "future"  # imperative: "Do it this weekend"
    if head.tag_ == "VBP" and not aux and any(
            c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in head.children):
        # "Weakness … hurt the index on Friday": a singular subject cannot take a VBP, so the
        # tagger has misread a past form that looks like the base form (hurt, cut, set, hit)
        return "past"
    if head.tag_ in ("VBZ", "VBP") and head.lemma_ not in ("be", "have", "say", "do") and \
            not aux:
        return "future"  # a scheduled event: "the ballot closes on Monday", "expires in March"
    return None


@lru_cache(maxsize=1)
def _cue_last_words() -> frozenset[str]:
    return frozenset(cue[-1] for cue in _deadline_cues())


def _deadline_cue(doc: Doc, start: int) -> str | None:
    if start == 0 or doc[start - 1].lower_ not in _cue_last_words():
        return None
    before = [t.lower_ for t in doc[max(0, start - 4):start]]
    for cue in _deadline_cues():
        if len(cue) <= len(before) and tuple(before[-len(cue):]) == cue:
            return " ".join(cue)
    return None


def _speech_ref(speech: list[tuple[int, int, date | None]], start: int, end: int
                ) -> date | None | bool:
    for s, e, d in speech:
        if s <= start and end <= e:
            return d
    return False

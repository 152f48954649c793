"""Which time expression dates an event, and its role (occurred, planned, deadline)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    ActorLookup,
    doc_text,
    lexicon,
    speech_type,
    subject_of,
)
from pipeline.extract.events.clause import (
    _FUTURE_AUX,
    _action_type,
    _bare_imperative,
    _clause_text,
    _did_past,
    _future_aux,
    _is_past,
    _negated,
    _past_perfect,
    _phrasal,
)
from pipeline.extract.events.draft import _Draft
from pipeline.extract.events.lexicon import events_lexicon
from pipeline.extract.events.participants import agent_actor, event_subject
from pipeline.extract.syntax import span_root, speech_frame_verb
from pipeline.extract.timex.calendar import add_months
from pipeline.extract.timex.patterns import lexicon as timex_lexicon
from pipeline.record import EventDate, Timex


def when_clauses(span) -> list[Token]:
    """Verbs of "when" clauses on a time phrase: "since November, when he was found", "in
    April, when the alliance celebrates …" (the clause happens then)."""
    found = []
    for token in span:
        for child in token.children:
            if child.dep_ in ("relcl", "advcl", "acl") and child.i >= span.end and any(
                    g.lower_ == "when" and g.dep_ in ("advmod", "mark") for g in child.children):
                found.append(child)
    return found


def _timex_attachments(doc: Doc, timexes: list[Timex], event_verbs: set[int],
                       ) -> dict[int, list[int]]:
    """verb token -> indices of the timexes its clause governs (nearest event verb above),
    and of the time phrase a "when" clause hangs on."""
    out: dict[int, list[int]] = {}
    for n, timex in enumerate(timexes):
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for clause in when_clauses(span):
            if clause.i in event_verbs:
                out.setdefault(clause.i, []).append(n)
        token: Token = speech_frame_verb(span) or span.root
        for _ in range(40):
            if token.i in event_verbs and token.i not in range(span.start, span.end):
                out.setdefault(token.i, []).append(n)
                break
            if token.head.i == token.i:
                break
            token = token.head
    return out


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
    if timex.deadline_cue and _forecast(verb):
        return "planned"  # "expected to climb by the end of 2026": a forecast
    if cue_words[:1] == ["by"] and _did_past(verb) and \
            lemma not in timex_lexicon()["directive_verbs"] and \
            _complement_verb(verb.doc, verb, timex) is None:
        # "was fixed by mid-afternoon", "had not commented by Monday": a report of what
        # was (or was not) done by then, not a date still to be met
        return "occurred"
    if timex.deadline_cue:
        return "deadline"
    if _bare_imperative(verb):
        return "planned"  # "Do it this weekend," she told members: advice, still to do
    if lemma in lex["deadline_verbs"] and not any(
            c.dep_ == "dobj" for c in verb.children):
        return "deadline"  # "the ballot closes on …" (not "they close the plant on …")
    if modality == "planned":
        return "planned"
    if timex.text.lower().startswith("later") and not _did_past(verb):
        return "planned"  # "ministers meet later today"
    first = (timex.range or [None])[0]
    last = (timex.range or [None])[-1]
    if published and last and last >= published.isoformat() and _future_aux(verb):
        return "planned"  # "would write to every councillor this week", "later this year"
    if published and first and first > published.isoformat() and (
            verb.tag_ not in ("VBD", "VBN") or any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)):
        return "planned"  # "will close on …", "members would be updated on Monday"
    return "occurred"


def _forecast(verb: Token) -> bool:
    """Whether the verb is what a forecast expects: "is expected / likely to rise …",
    "forecast that prices will rise …", or a change in the future ("will rise by 5% by May")."""
    heads = events_lexicon()["forecast_heads"]
    head = verb.head if verb.dep_ in ("xcomp", "ccomp") else None
    if head is not None and head.pos_ == "ADJ" and head.lower_ in heads:
        return True
    if head is not None and head.lemma_.lower() in heads:
        return True
    if head is not None and head.lemma_ == "be" and any(
            c.dep_ == "acomp" and c.lower_ in heads for c in head.children):
        return True
    return verb.lemma_.lower() in events_lexicon()["change_verbs"] and _future_aux(verb)


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
        role = _date_role(verb, timex, modality, pub_day)
        # "urged members to vote before Friday and said the ballot was lawful": the
        # deadline binds the act asked for; saying something has no deadline
        if not (_speaks(draft) and (role == "deadline" or timex.deadline_cue)):
            draft.date = EventDate(value=timex.value, range=timex.range, role=role,
                                   timex=inherit)
            draft.date_timex = timex
    if draft.date is None and pub_day is not None:
        draft.date = _within_deadline(doc, verb, attached, timexes, pub_day)
    if draft.date_timex is not None and _not_until(verb, draft.date_timex):
        draft.negated = not draft.negated  # "will not arrive until November" arrives
    return ahead


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
    if verb in when_clauses(span):
        return 0
    root = span_root(span)
    if _range_bound(verb, root) or _noun_own_date(root):
        return 2
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


def _noun_own_date(root: Token) -> bool:
    """"a eurobond due March 31, 1992", "a dividend payable Jan. 2": the date of the thing
    an adjective describes, not of the clause that names the thing."""
    adjective = root.head if root.dep_ != "pobj" else root.head.head
    return adjective.pos_ == "ADJ" and adjective.lower_ in \
        events_lexicon()["noun_date_adjectives"] and adjective.dep_ in ("amod", "acl", "appos") \
        and adjective.head.pos_ in ("NOUN", "PROPN")


def _range_bound(verb: Token, root: Token) -> bool:
    """Whether a time phrase only bounds a range or names a point compared with: "has not
    made any repayments since 1983", "rose 15% from $4 million in the year-ago period"."""
    if verb.lemma_.lower() in events_lexicon()["change_verbs"] and root.dep_ == "pobj" and \
            root.head.head.i == verb.i and any(
                c.dep_ == "prep" and c.lower_ == "from" and c.right_edge.i + 1 == root.head.i
                for c in verb.children):
        return True  # "from $464 million in the year-ago period", the parser's flat reading
    token = root
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ == "since":
            return True
        if token.dep_ == "pobj" and token.head.lower_ == "from" and \
                verb.lemma_.lower() in events_lexicon()["change_verbs"]:
            return True
        token = token.head
    return False


def _speaks(draft: _Draft) -> bool:
    """A speech act that states rather than asks ("said", "confirmed", "denied")."""
    return draft.attribution is not None and draft.action_type not in ("request", "instruction")


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
        if not doc_text(doc)[max(0, timex.start - 12):timex.start].rstrip().lower().endswith(
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
    ("asked suppliers to remove it by 15 July") stay on the request. The date inside the
    complement of a plan or intention dates the planned act, in any tense ("intends to launch
    in November": the launch, planned for November)."""
    if timex.range and verb.lemma_.lower() in lexicon()["planning_heads"] and \
            _complement_verb(doc, verb, timex) is not None:
        return True
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
                      published: date | None = None, shared: bool = False) -> _Draft | None:
    """The asked-for clause as an event of its own, dated by a timex it holds: "The agency
    ordered the operator last month to complete repairs by 10 March" (the requested action,
    due by then, done by whoever was asked), "told passengers to expect cuts from Monday"
    (what is planned from then). With `shared`, a verb of phase keeps its date and the act it
    begins gets the same ("will begin to fly in 2009")."""
    verb = request.verb
    for n in timex_ids:
        timex = timexes[n]
        if not timex.range or _hours_bound(doc, timex):
            continue
        asked = _complement_verb(doc, verb, timex)
        if asked is None or asked.i in chosen:
            continue
        if request.date is not None and n == request.date.timex and \
                request.date.role != "deadline" and not shared:
            continue
        own = next((c for c in asked.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        asked_of = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        # "asked suppliers that they remove …" names the doer; "ordered the operator to
        # complete …" makes the one asked the doer; "agreed to finish by May" the requester
        doer = own or (asked_of if asked.dep_ == "xcomp" else None)
        subject = doer if doer is not None else subject_of(asked, quoted)
        actor = agent_actor(doc, actors, subject) if subject is not None else None
        action = _phrasal(asked)
        # a promise whose day has passed ("had promised to … in July") is a due date; a
        # plan or intention for a past day stays what was planned
        past_plan = published is not None and timex.range[-1] < published.isoformat() and \
            verb.lemma_.lower() in events_lexicon()["promise_verbs"]
        return _Draft(
            verb=asked, actor=actor, action=action,
            action_type=_action_type(asked, action, False), targets=[],
            content=_clause_text(doc, asked, subject), negated=_negated(asked),
            modality=request.modality if shared else "planned",
            attributed_to=request.attributed_to if shared else (
                request.actor or request.attributed_to),
            quote=request.quote, sentence=request.sentence, mentions=[request.sentence],
            date=EventDate(value=timex.value, range=timex.range,
                           # a plan whose day has passed ("had promised to … in July")
                           # is a due date, no longer planned
                           role=request.date.role if shared and request.date else
                           "deadline" if timex.deadline_cue or past_plan else "planned",
                           timex=n),
            date_timex=timex,
            subject=event_subject(doc, actors, asked, subject, None))
    return None

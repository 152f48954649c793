"""find_events: the events and attributions of one parsed document."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import (
    ActorLookup,
    doc_text,
    find_attributions,
    lexicon,
    quoted_tokens,
    subject_of,
)
from pipeline.extract.events.audience import audience_actors
from pipeline.extract.events.clause import (
    _action,
    _action_type,
    _agent,
    _clause_text,
    _is_candidate,
    _is_content_complement,
    _is_passive,
    _modality,
    _negated,
    _phrasal,
    _raised_subject,
    _raising_head,
)
from pipeline.extract.events.dating import (
    _complement_event,
    _date_draft,
    _hours_bound,
    _timex_attachments,
    _timex_rank,
    when_clauses,
)
from pipeline.extract.events.draft import (
    _deduplicate,
    _Draft,
    _enclosing,
    _published_day,
    _quote_span,
    _sentence_span,
    _to_attribution,
    article_end,
)
from pipeline.extract.events.lexicon import events_lexicon
from pipeline.extract.events.nominal import nominal_events
from pipeline.extract.events.notice import (
    issuer_claims,
    keep_distinct_acts,
    notice_date,
    verbless_drafts,
)
from pipeline.extract.events.participants import (
    _denied_clause,
    _pronoun_actor,
    _targets,
    _undated_kept,
    agent_actor,
    conduct_actor,
    event_subject,
    first_person_targets,
    maker_actor,
    speaker_actor,
)
from pipeline.extract.events.sharing import share_dates
from pipeline.extract.events.voice import FIRST_PLURAL, bodies
from pipeline.extract.notice_dates import NoticeReading
from pipeline.extract.quotes import find_quotes
from pipeline.extract.syntax import speech_frame_verb
from pipeline.record import Attribution, Event, Span, Timex


def find_events(doc: Doc, actors: ActorLookup, timexes: list[Timex],
                published: str | None, notice: NoticeReading | None = None,
                ) -> tuple[list[Event], list[Attribution]]:
    """Events and attributions of one parsed document (see the module docstring). `notice`
    carries dates from labels, headings and references back to the clauses they date."""
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
    spoken_for = bodies(doc, actors)

    # First pass: which verbs are events (their tokens decide where timexes attach).
    chosen: dict[int, tuple[str | None, Token | None]] = {}
    raised_by: dict[int, int] = {}  # raising head ("expected") -> the infinitive it hands on
    governs_timex: set[int] = set()
    aimed_at: dict[int, list[str]] = {}  # verb -> targets read from a conduct noun
    in_timex: set[int] = set()  # "fixed by mid-afternoon": a time, not a "by" agent
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span):
            in_timex.update(range(span.start, span.end))
            governs_timex.update(c.i for c in when_clauses(span) if _is_candidate(c))
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
    if notice is not None:
        governs_timex |= set(notice.carried)
    for verb in doc:
        if verb.idx >= limit or not _is_candidate(verb):
            continue
        if notice is not None and verb.i in notice.skip:
            continue  # "Starting 1 May, …": a time word, not an event
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
            actor = agent_actor(doc, actors, subject)
            if actor is None:
                actor = _pronoun_actor(subject, verb, raw, attribution, spoken_for)
        elif _is_passive(verb):
            subject = _agent(verb)
            actor = agent_actor(doc, actors, subject) if subject is not None else None
        else:
            subject = subject_of(verb, quoted)
            actor = agent_actor(doc, actors, subject) if subject is not None else None
            if actor is None and subject is not None:
                actor = _pronoun_actor(subject, verb, raw, attribution, spoken_for)
        if subject is not None and subject.i in in_timex:
            subject, actor = None, None
        if actor is None and subject is None:
            actor = maker_actor(actors, verb)  # "A BMA update sent to GPs": the BMA sends
        if actor is None and attribution is None:
            actor, aimed_at[verb.i], source = conduct_actor(actors, verb)
            subject = source or subject
        if attribution is not None:
            actor = speaker_actor(doc, actors, attribution, subject) or actor
        if subject is not None and subject.lower_ in FIRST_PLURAL and actor in spoken_for:
            actor = spoken_for[actor]  # "we" of the association's chair: the association
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
            targets=_targets(doc, verb, actors, actor, exclude) + [
                t for t in aimed_at.get(i, []) if t != actor],
            content=content, negated=negated, modality=modality,
            attributed_to=attributed_to, quote=quote, sentence=sentence,
            attribution=attribution, mentions=[sentence],
            subject=event_subject(doc, actors, verb, subject, attribution))
        for target in first_person_targets(verb, attributed_to, spoken_for):
            if target != actor and target not in draft.targets:
                draft.targets.append(target)  # "asked the trust to meet us"
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
        shared = draft.date is not None and verb.lemma_.lower() in \
            events_lexicon()["phase_verbs"]
        if not split and shared:
            split = [draft.date.timex]  # "will begin to fly in 2009": the flying too
        extra = _complement_event(doc, draft, split, timexes, actors, chosen, quoted, pub_day,
                                  shared=shared)
        if extra is not None:
            drafts.append(extra)

    drafts.extend(nominal_events(doc, actors, timexes, raw, pub_day, limit))
    if notice is not None:
        for draft in drafts:
            notice_date(notice, draft, timexes, pub_day)
        audience_actors(notice, drafts, actors)
        issuer_claims(notice, drafts, actors)
        drafts.extend(verbless_drafts(doc, notice, drafts, timexes, pub_day))
    drafts.sort(key=lambda d: d.verb.i)
    _deduplicate(drafts)
    if notice is not None:
        keep_distinct_acts(notice, drafts)
    # after merging: dates shared across clauses must not fold distinct events together
    drafts.extend(share_dates(doc, drafts, timexes, actors, raw, pub_day))
    drafts.sort(key=lambda d: d.verb.i)
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
            trigger=Span(draft.verb.idx, draft.verb.idx + len(draft.verb.text), draft.verb.text),
            subject=draft.subject, version=draft.version))
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

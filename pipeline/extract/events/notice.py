"""How a notice's events take dates from outside their clause, and the roles notices give them.

Hooks used by `find_events` when it is handed a `NoticeReading`:

- `notice_date(reading, draft, timexes, published)`: an undated event under a dated label,
  heading or reference back takes that date; in a notice, the role then says what the date
  means: an end of service (retire, remove, "no longer supported", "will be made read-only")
  or an obligation ("must migrate", an imperative) still to come is a deadline, a continuation
  up to a date ("patches until X") is one too, a past one occurred;
- `verbless_drafts(...)`: dated list lines and headings without a verb ("- No further
  releases", "- Friday 6 September 2024 from 07:00 until 08:00") are events of their own.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import doc_text
from pipeline.extract.events.clause import _is_past
from pipeline.extract.events.draft import _Draft, _sentence_span, _similar
from pipeline.extract.notice_dates import (
    NoticeReading,
    boundary_cue,
    notice_lexicon,
    product_year,
)
from pipeline.record import EventDate, Timex


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def ends_service(verb: Token, depth: int = 0) -> bool:
    """An act that makes something stop or go away: "retire", "shut down", "will be made
    read-only", "reaches the end of its support cycle", "has sunset", and a plan or start of
    one ("We are planning to end …", "will start masking …")."""
    lex = notice_lexicon()
    verbs = set(lex["end_of_service_verbs"])
    particles = " ".join([_lemma(verb)] + [c.lower_ for c in _children(verb, "prt")])
    if _lemma(verb) in verbs or particles in verbs or verb.lower_ in verbs:
        return True
    doc = verb.doc
    states = lex["end_of_service_states"]
    for child in _children(verb, "acomp", "oprd", "attr", "ccomp", "dobj", "prep"):
        phrase = doc[child.left_edge.i:child.right_edge.i + 1].text.lower()
        if any(re.search(rf"(?<![\w-]){re.escape(state)}(?![\w-])", phrase)
               for state in states):
            return True
    ends = set(lex["end_nouns"])
    if _lemma(verb) in ("reach", "hit", "be", "become", "mark", "put"):
        for child in _children(verb, "dobj", "attr", "nsubj", "prep"):
            if any(t.lower_ in ends for t in child.subtree if t.i - child.left_edge.i < 4):
                return True
    if depth < 2:
        # "planning to end", "will start masking": the plan's object ends something
        return any(ends_service(c, depth + 1) for c in _children(verb, "xcomp"))
    return False


def lasting_negation(verb: Token) -> bool:
    """"will no longer be maintained", "no further releases will be made", "there will be no
    new features": a negation that holds from then on."""
    words = set(notice_lexicon()["no_longer_words"])
    for token in verb.subtree:
        if token.lower_ == "no" and token.i + 1 < len(token.doc) and \
                token.doc[token.i + 1].lower_ in words:
            return True
    return False


def negated_by_subject(verb: Token) -> bool:
    """"no releases or builds will succeed", "no further Helm 3 releases … will be made",
    "there will be no new features": a negative determiner on the subject, object or the
    noun a copula introduces."""
    for child in _children(verb, "nsubj", "nsubjpass", "dobj", "attr"):
        if _first_word(child) == "no":
            return True
    first = next((t for t in verb.subtree if not (t.is_punct or t.is_space)), None)
    if first is not None and first.lower_ == "no" and first.i < verb.i and \
            first.head.i != verb.i and first.head.i < verb.i:
        return True  # "No further updates to …" parsed with "updates" as the verb
    words = set(notice_lexicon()["no_longer_words"])
    return any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in words and any(
        g.lower_ == "no" for g in c.children) for c in verb.children)


def _first_word(token: Token) -> str:
    return next((t.lower_ for t in token.subtree if not (t.is_punct or t.is_space)), "")


def _obliged(verb: Token) -> bool:
    lex = notice_lexicon()
    words = set(lex["obligation_words"])
    if any(c.lower_ in words for c in _children(verb, "aux", "auxpass")):
        return True
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and (_lemma(head) in words or head.lower_ in words):
        return True
    # an imperative: a bare verb heading its sentence, no subject ("Upgrade to 5.1 by …")
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not _children(
        verb, "nsubj", "nsubjpass", "aux")


def notice_role(draft: _Draft, cue: str | None, published: date | None) -> str:
    """The role of a dated notice event (see the module docstring)."""
    verb, role = draft.verb, draft.date.role
    range_ = draft.date.range
    if not range_ or published is None:
        return role
    today = published.isoformat()
    lex = notice_lexicon()
    until = cue in lex["until_cues"] if cue else False
    after = cue in lex["after_cues"] if cue else False
    if range_[-1] < today:
        return "occurred"  # a date gone by: it happened, whatever was planned for it
    if _lemma(verb) in set(lex["continuation_verbs"]) and (until or cue == "to"):
        return "deadline"  # "will continue to receive patches until …", "extended to …"
    if _is_past(verb) and not (until and role == "deadline"):
        # told in the past; "committed to providing fixes until November" keeps its deadline
        return "occurred" if role != "deadline" or _is_past(verb) else role
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return "planned" if role == "deadline" else role  # "If a flaw is found before …"
    if ends_service(verb) and not draft.negated:
        return "deadline"
    if draft.negated and (lasting_negation(verb) or after or
                          _lemma(verb) in set(lex["service_verbs"]) or verb.pos_ == "AUX"):
        return "deadline"  # "will no longer be maintained", "will not run on Catalina"
    if _obliged(verb) and range_[0] > today and (until or _modal_obligation(verb)):
        return "deadline"  # "Users must migrate in May", "Upgrade to 5.1 before 30 June"
    if until and not draft.negated:
        return "deadline"
    if role == "occurred" and range_[0] > today:
        return "planned"  # "- January 2023: issues are accepted …" in a notice of November
    return role


_VERSION = re.compile(r"v?\d+(?:\.\d+|\.x)+|v\d+", re.I)


def release_version(verb: Token) -> str | None:
    """"will be removed in version 5.0", "dropped in 3.0", "from release 2.4 on": the
    release the act is tied to, as written ("5.0", "3.0"); None when no release is named."""
    lex = notice_lexicon()
    words = set(lex["version_words"])
    for prep in _children(verb, "prep"):
        if prep.lower_ not in lex["version_preps"]:
            continue
        for token in prep.subtree:
            if token.i == prep.i:
                continue
            named = token.i > 0 and token.doc[token.i - 1].lower_ in words
            if token.like_num and (named or _VERSION.fullmatch(token.text)) or \
                    _VERSION.fullmatch(token.text):
                return token.text
    return None


def _modal_obligation(verb: Token) -> bool:
    words = set(notice_lexicon()["obligation_words"])
    return any(c.lower_ in words for c in _children(verb, "aux", "auxpass")) or (
        verb.dep_ in ("xcomp", "ccomp") and (_lemma(verb.head) in words or
                                             verb.head.lower_ in words))


def _extended_to(draft: _Draft, timexes: list[Timex]) -> None:
    """"support will be extended from 2 March 2026 to 14 September 2026": the new date is
    the one after "to"."""
    verb = draft.verb
    first, last = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    text = doc_text(verb.doc)
    for n, timex in enumerate(timexes):
        if first <= timex.start < last and timex.range and _word_before(text, timex) == "to" \
                and n != draft.date.timex:
            draft.date = EventDate(value=timex.value, range=list(timex.range),
                                   role=draft.date.role, timex=n)
            draft.date_timex = timex
            return


def _word_before(text: str, timex: Timex) -> str:
    words = text[max(0, timex.start - 12):timex.start].lower().split()
    return words[-1] if words else ""


def notice_date(reading: NoticeReading, draft: _Draft, timexes: list[Timex],
                published: date | None) -> None:
    """Give an undated draft its carried date; then, in a notice, its notice role."""
    verb = draft.verb
    cue = reading.cue.get(verb.i)
    if reading.issued and negated_by_subject(verb) and not draft.negated:
        draft.negated = True
    if reading.issued and _lemma(verb) == "have":
        # "OpenCensus has sunset on July 31st": the verb the tagger read as a noun
        ends = set(notice_lexicon()["end_of_service_verbs"])
        noun = next((c for c in _children(verb, "dobj") if c.lower_ in ends), None)
        if noun is not None:
            draft.action = noun.lower_
    if draft.date is None and verb.i in reading.carried:
        n = reading.carried[verb.i]
        timex = timexes[n]
        range_ = list(reading.ranges.get(n) or timex.range or [])
        if cue == "since" and published is not None and range_ and \
                range_[0] > published.isoformat() and \
                re.fullmatch(r"\d{4}-\d{2}", timex.value or ""):
            # "Since our launch in November" in a January post: last year's November
            range_ = [f"{int(range_[0][:4]) - 1}{range_[0][4:]}",
                      f"{int(range_[-1][:4]) - 1}{range_[-1][4:]}"]
        if cue == "since" and published is not None and range_:
            range_ = [range_[0], max(range_[-1], published.isoformat())]
        role = "occurred"
        if published is not None and range_ and range_[0] > published.isoformat() and \
                not _is_past(verb):
            role = "planned"
        if cue in notice_lexicon()["until_cues"] and role == "planned":
            role = "deadline"
        draft.date = EventDate(value=timex.value, range=range_, role=role, timex=n)
        draft.date_timex = timex
    elif draft.date is not None and draft.date.timex in reading.ranges:
        draft.date.range = list(reading.ranges[draft.date.timex])  # "May 2023 - June 2023:"
    if reading.issued and draft.date is not None and \
            _lemma(verb) in notice_lexicon()["continuation_verbs"]:
        _extended_to(draft, timexes)
    if reading.issued and draft.date is not None and draft.date_timex is not None and \
            cue is None:
        cue = boundary_cue(doc_text(verb.doc), draft.date_timex)
        if cue is None and _word_before(doc_text(verb.doc), draft.date_timex) == "to":
            cue = "to"
    if reading.issued and draft.date is not None:
        draft.date.role = notice_role(draft, cue, published)
    if reading.issued and draft.date is None:
        draft.version = release_version(verb)  # undated, but due with a release


def _line_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    words = [t for t in span if not (t.is_punct or t.is_space)]
    roots = [t for t in words if t.head.i == t.i or not (span.start <= t.head.i < span.end)
             or t.head.is_punct]
    return max(roots, key=lambda t: len(list(t.subtree))) if roots else None


def verbless_drafts(doc: Doc, reading: NoticeReading, drafts: list[_Draft],
                    timexes: list[Timex], published: date | None) -> list[_Draft]:
    """Events for dated list lines and headings that have no event of their own."""
    if not reading.issued:
        return []
    text = doc_text(doc)
    covered = {d.sentence.start for d in drafts} | {d.verb.idx for d in drafts}
    out: list[_Draft] = []
    lex = notice_lexicon()
    for b, block in enumerate(reading.blocks):
        if block.kind not in ("list_item", "heading", "definition", "table_row"):
            continue
        if any(block.start <= d.verb.idx < block.end for d in drafts):
            continue
        own = [n for n, t in enumerate(timexes) if block.start <= t.start < block.end
               and t.range and not (t.value or "").endswith("_REF")
               and not (t.value or "").startswith("P") and not product_year(text, t)]
        n = own[0] if own else reading.dated_blocks.get(b)
        if n is None:
            continue
        root = _line_root(doc, block.start, block.end)
        if root is None or root.idx in covered:
            continue
        timex = timexes[n]
        start = block.start
        if block.kind == "definition" and block.level == 2 and b and \
                reading.blocks[b - 1].kind == "definition":
            start = reading.blocks[b - 1].start  # "Sunset date" over "30 June 2031"
        # a term's capitalised first word is still its noun ("Sunset of the API")
        kinds = ("NOUN", "PROPN") if start != block.start else ("NOUN",)
        nouns = [t for t in doc.char_span(start, block.end, alignment_mode="contract")
                 or [] if t.pos_ in kinds and not (timex.start <= t.idx < timex.end)]
        head = root if root.pos_ == "NOUN" and not (timex.start <= root.idx < timex.end) \
            else (nouns[0] if nouns else root)
        action = head.lemma_.lower() if head.pos_ in kinds else "be"
        line = text[block.start:block.end]
        words = line.lower().split()
        stripped = [w for w in words if w not in ("-", "*", "+", "\u2022")]
        negated = stripped[:1] == ["no"]
        cue = reading.block_cue.get(b) or boundary_cue(text, timex)
        range_ = list(timex.range or [])
        today = published.isoformat() if published else None
        role = "occurred" if today is None or (range_ and range_[0] <= today) else "planned"
        if role == "planned" and (
                (negated and len(stripped) > 1 and stripped[1] in lex["no_longer_words"]) or
                (cue in lex["until_cues"])):
            role = "deadline"
        sentence = _sentence_span(doc, root)
        out.append(_Draft(verb=head, actor=None, action=action, action_type="other",
                          targets=[], content=line.lstrip("-*+\u2022 ").strip(),
                          negated=negated, modality="asserted", attributed_to=None,
                          quote=None, sentence=sentence, mentions=[sentence],
                          date=EventDate(value=timex.value, range=range_, role=role, timex=n),
                          date_timex=timex))
        covered.add(root.idx)
    out.extend(_copula_dates(doc, reading, drafts + out, timexes, published))
    return out


def _copula_dates(doc: Doc, reading: NoticeReading, drafts: list[_Draft],
                  timexes: list[Timex], published: date | None) -> list[_Draft]:
    """"Tern 4.x end of life is 6 May 2026", "The last build will be 2 June":
    a copula whose complement is the date states when its subject happens."""
    verbs = {d.verb.i for d in drafts}
    out: list[_Draft] = []
    ends = set(notice_lexicon()["end_nouns"])
    for n, timex in enumerate(timexes):
        if not timex.range or (timex.value or "").endswith("_REF") or \
                (timex.value or "").startswith("P"):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        if root.dep_ not in ("attr", "npadvmod", "acomp") or root.head.lemma_ != "be" or \
                root.head.i in verbs:
            continue
        verb = root.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        words = {t.lower_ for t in subject.subtree}
        range_ = list(timex.range)
        today = published.isoformat() if published else None
        if today is None or range_[-1] < today:
            role = "occurred"
        else:
            role = "deadline" if words & ends or "end" in words else "planned"
        sentence = _sentence_span(doc, verb)
        out.append(_Draft(verb=verb, actor=None, action="be", action_type="other",
                          targets=[], content=sentence.text, negated=False,
                          modality="asserted", attributed_to=None, quote=None,
                          sentence=sentence, mentions=[sentence],
                          date=EventDate(value=timex.value, range=range_, role=role, timex=n),
                          date_timex=timex))
        verbs.add(verb.i)
    return out


def keep_distinct_acts(reading: NoticeReading, drafts: list[_Draft]) -> None:
    """Undo merges of different acts: in a notice one issuer does many things on one date
    ("we made improvements", "we received feedback", "we will retire X"), and those are
    separate lines of its timeline, not mentions of one event."""
    if not reading.issued:
        return
    for draft in drafts:
        target = draft.merged_into
        if target is not None and (target.action != draft.action or
                                   _similar(target.content, draft.content) < 0.6):
            draft.merged_into = None
            if draft.sentence in target.mentions:
                target.mentions.remove(draft.sentence)


def issuer_claims(reading: NoticeReading, drafts: list[_Draft], actors: object) -> None:
    """"Users must migrate by 30 June", "Upgrade to 5.1 before …": an obligation a notice
    puts on its audience (or on nobody named) is claimed by the notice's issuer."""
    if not reading.addressed:
        return
    known = getattr(actors, "actors", [])
    issuer = next((a.id for a in known if any(m.how == "issuer" for m in a.mentions)), None)
    if issuer is None:
        # no "we" to say who issues it: the first organisation the notice names, as
        # `resolve_issuer_pronouns` would have read "we"
        named = [a for a in known if a.kind == "organisation" and a.mentions]
        first = min(named, key=lambda a: min(m.start for m in a.mentions), default=None)
        issuer = first.id if first is not None else None
    if issuer is None:
        return
    for draft in drafts:
        if draft.attributed_to is None and draft.actor != issuer and draft.date is not None \
                and draft.date.role == "deadline" and (
                    _obliged(draft.verb) or _lemma(draft.verb) in
                    notice_lexicon()["obligation_words"]):  # "Administrators need to …"
            draft.attributed_to = issuer

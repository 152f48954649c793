"""The event draft, its sentence and quote, and merging mentions of one event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import RawAttribution, doc_text, lexicon, sentence_of
from pipeline.extract.quotes import Quote
from pipeline.record import (
    Attribution,
    AttributionSource,
    EventDate,
    Span,
    Subject,
    Timex,
)


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
    subject: Subject | None = None
    version: str | None = None


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

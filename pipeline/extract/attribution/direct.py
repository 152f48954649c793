"""Direct quotations: linking each quotation to its cue and speaker, mixed and floating quotes."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extract.attribution.base import (
    ActorLookup,
    RawAttribution,
    _tokens_in,
    doc_text,
    sentence_of,
)
from pipeline.extract.attribution.cues import _cue_range, _is_cue
from pipeline.extract.attribution.indirect import _addressee
from pipeline.extract.attribution.source import resolve_actor, source_span, subject_of
from pipeline.extract.quotes import Quote


def _sentences_for(doc: Doc, quote: Quote) -> list[Span]:
    """The sentences a quotation touches, plus the one before when it ends with a colon."""
    first = _tokens_in(doc, *quote.segments[0])
    last = _tokens_in(doc, *quote.segments[-1])
    if not first or not last:
        return []
    sents: list[Span] = []
    sentence_of(doc[0])
    for sent in doc.user_data["dateline_sents"]:
        if sent.end_char <= quote.start or sent.start_char >= quote.end:
            continue
        sents.append(sent)
    if sents and sents[0].start > 0:
        before = doc[sents[0].start - 1]
        if before.text in (":", ",") or doc_text(doc)[sents[0].start_char - 1:sents[0].start_char] \
                in (":",):
            sents.insert(0, sentence_of(before))
    return sents


def _quote_cue(doc: Doc, quote: Quote, quoted: set[int]) -> Token | None:
    """The nearest cue verb outside the quotation in the sentences it touches, preferring one
    with a subject. A cue before the quotation must be in the same paragraph."""
    best: tuple[int, Token] | None = None
    for sent in _sentences_for(doc, quote):
        for token in sent:
            if not _is_cue(token) or quote.covers(token.idx, token.idx + len(token.text)):
                continue
            if any(s <= token.idx < e for s, e in quote.segments):
                continue
            between = doc_text(doc)[token.idx:quote.start]
            if token.idx < quote.start and "\n" in between and not \
                    between.rstrip().endswith(":"):
                continue
            if token.idx > quote.end and "\n" in doc_text(doc)[quote.end:token.idx]:
                continue
            # The cue needs a speaker outside the quotation, and a quotation inside the
            # subject ("the so-called ‘reform’ was announced") is not what was said.
            subject = subject_of(token, quoted)
            if subject is None or any(quote.covers(t.idx, t.idx + len(t.text))
                                      for t in subject.subtree):
                continue
            distance = quote.start - token.idx if token.idx < quote.start else \
                token.idx - quote.end
            if best is None or distance < best[0]:
                best = (distance, token)
    return best[1] if best else None


def _paragraph_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k < 0 or text[k] == "\n"


def _overlap_chars(spans: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


def _link_quotes(doc: Doc, actors: ActorLookup, found: list[RawAttribution],
                 quotes: list[Quote], quoted: set[int]) -> None:
    text = doc_text(doc)
    by_cue = {a.cue_token: a for a in found if a.cue_token is not None}
    for quote in quotes:
        inner = quote.inner
        quoted_chars = sum(e - s for s, e in inner)
        quote_toks = {t.i for s, e in quote.segments for t in _tokens_in(doc, s, e)}
        # 1. Inside an indirect content (the parser may leave the final full stop outside):
        # a mixed quote, or direct when the quotation is all of the content.
        # (attributions whose content ends before the quotation or starts after it are
        # skipped without summing overlaps)
        host = [a for a in found if a.content and min(a.content)[0] < quote.end
                and max(e for _, e in a.content) > quote.start
                and a.cue_token not in quote_toks and sum(
                    _overlap_chars(a.content, s, e) for s, e in inner) >= 0.8 * quoted_chars]
        if host:
            for a in host:
                a.content = _merge_spans(a.content + list(inner))
                a.content_tokens |= quote_toks
                content_chars = sum(e - s for s, e in a.content)
                if quoted_chars >= 0.8 * content_chars:
                    a.kind = "direct"
                elif a.kind != "direct":
                    a.kind = "mixed"
            continue
        cue = _quote_cue(doc, quote, quoted)
        if cue is not None:
            existing = by_cue.get(cue.i)
            if existing is not None:
                # The parser saw part of the quotation as the cue's clause: the quotation is
                # the content, plus what else of the clause lies on the quotation's side of
                # the cue ("X said that … ‘…’" is mixed; "‘…,’ X, the …, said" is not).
                before = quote.start < cue.idx
                # A quotation split by its cue ("“…,” she said, “…”") keeps both halves.
                outside = [c for c in _subtract(existing.content, quote.segments)
                           if ((c[1] <= cue.idx) == before or any(
                               _overlap_chars(q.inner, *c) for q in quotes if q is not quote))
                           and text[c[0]:c[1]].strip(" ,.;:\u2014\u2013-")]
                existing.content = _merge_spans(list(inner) + outside)
                existing.content_tokens = quote_toks | {
                    t.i for c in outside for t in _tokens_in(doc, *c)}
                unquoted = [c for c in outside
                            if not any(_overlap_chars(q.inner, *c) for q in quotes)]
                existing.kind = "mixed" if unquoted else "direct"
                continue
            subject = subject_of(cue, quoted)
            src = source_span(subject) if subject is not None else None
            attribution = RawAttribution(
                cue=_cue_range(cue), source=src,
                source_actor=resolve_actor(doc, actors, *src) if src else None,
                content=list(inner), kind="direct",
                addressee=_addressee(doc, cue, actors, quote_toks, quoted),
                cue_token=cue.i, content_tokens=quote_toks)
            found.append(attribution)
            by_cue[cue.i] = attribution
            continue
        # 3. No cue of its own: a quotation that opens a sentence right after the speaker's
        # previous quotation continues it; one that opens a paragraph ("floating") belongs
        # to the speaker named just before.
        if quoted_chars <= 20 and not _paragraph_start(text, quote.start):
            continue
        previous = [a for a in found if a.content and a.content[-1][1] <= quote.start
                    and a.source is not None]
        if not previous:
            continue
        last = max(previous, key=lambda a: a.content[-1][1])
        gap = text[last.content[-1][1]:quote.start]
        if gap.count("\n") > 2 or len(gap) > 400:
            continue
        sentence_start = _paragraph_start(text, quote.start) or text[
            :quote.start].rstrip()[-1:] in ".!?\u2019\u201d\"'"
        # "“Only you,” he said, “would …”": the cue sits between the two halves.
        split_by_cue = last.cue is not None and len(gap) < 80 and "\n" not in gap and \
            last.content[-1][1] <= doc[last.cue[0]].idx < quote.start
        if not (sentence_start or split_by_cue):
            continue
        if last.kind == "indirect" and not split_by_cue:
            # A quotation that follows a paraphrase in a sentence of its own is the speaker's
            # next claim, not more of the paraphrase.
            found.append(RawAttribution(
                cue=None, source=last.source, source_actor=last.source_actor,
                content=list(inner), kind="direct", addressee=last.addressee,
                content_tokens=quote_toks))
        elif "\n" not in gap.strip(" ") or (
                last.kind == "direct" and _paragraph_start(text, quote.start)):
            last.content = last.content + list(inner)
            last.content_tokens |= quote_toks
            if last.kind == "indirect":
                last.kind = "mixed"
        elif _paragraph_start(text, quote.start):
            found.append(RawAttribution(
                cue=None, source=last.source, source_actor=last.source_actor,
                content=list(inner), kind="direct", addressee=last.addressee,
                content_tokens=quote_toks))


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]],
              ) -> list[tuple[int, int]]:
    """The parts of spans outside holes."""
    out = list(spans)
    for hs, he in holes:
        cut: list[tuple[int, int]] = []
        for s, e in out:
            if he <= s or e <= hs:
                cut.append((s, e))
                continue
            if s < hs:
                cut.append((s, hs))
            if he < e:
                cut.append((he, e))
        out = cut
    return [(s, e) for s, e in out if e > s]


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def quoted_tokens(doc: Doc, quotes: list[Quote]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    return {t.i for q in quotes for s, e in q.segments for t in _tokens_in(doc, s, e)}

"""Attribution: who said what. Direct quotes, indirect speech, "according to", mixed quotes.

    find_attributions(doc, actors) -> list[RawAttribution]

Three passes over one parsed document:

1. Cue verbs (lemmas from `resources/verbs.yaml`, `speech:`) that govern a clause ("X said
   that …", "X told Y to …", "…, sources said") give indirect attributions; prepositional cues
   ("according to X") give the clause they modify.
   The trained cue and content models (`attribution_model.py`, fitted on PolNeAR train) then
   add verbs the lexicon lacks ("ripped into X", "defended Y"), give the rules' indirect cues
   the learned content, and drop lexicon cues the model rejects ("confirm the installation"),
   except speech cues that report a clause and cues inside quotations. A learned passive cue
   with no source whose content is no proposition ("X was sentenced", "Police were called")
   is an event, not a claim, and is not kept.
2. Quotations (`quotes.find_quotes`) are linked to a cue in the sentence(s) they sit in; a
   quotation inside an indirect content makes it mixed; a quotation that opens a paragraph with
   no cue of its own ("floating") belongs to the speaker named just before.
3. Sources are resolved to actors through the ActorIndex; first-person pronouns are the speaker.

`RawAttribution` keeps token indices so `events/` can link events and nested claims; it is
turned into the contract's `Attribution` there.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.attribution.base import (
    RESOURCES,
    ActorLookup,
    RawAttribution,
    _runs,
    _trim_chars,
    cue_type,
    doc_text,
    lexicon,
    sentence_of,
    speech_type,
    tokens_with_pos,
)
from pipeline.extract.attribution.cues import _cue_range
from pipeline.extract.attribution.direct import _link_quotes, quoted_tokens
from pipeline.extract.attribution.indirect import (
    _ADDRESSEE_OBJECT,
    _addressee,
    _indirect,
    _trailing_aside,
    _without_cue_time,
    paragraph_index,
)
from pipeline.extract.attribution.learned import (
    _adjuncts_only,
    _enclosing,
    _event_report,
    _reports_clause,
)
from pipeline.extract.attribution.nonverbal import _colon_headlines, _nominal, _prepositional
from pipeline.extract.attribution.source import (
    _FIRST_PERSON,
    EntityActors,
    resolve_actor,
    source_span,
    subject_of,
)
from pipeline.extract.quotes import Quote, find_quotes

__all__ = [
    "ActorLookup",
    "EntityActors",
    "RESOURCES",
    "RawAttribution",
    "cue_type",
    "doc_text",
    "find_attributions",
    "lexicon",
    "paragraph_index",
    "quoted_tokens",
    "resolve_actor",
    "sentence_of",
    "source_span",
    "speech_type",
    "subject_of",
    "tokens_with_pos",
]


def find_attributions(doc: Doc, actors: ActorLookup, quotes: list[Quote] | None = None,
                      nested: bool = True) -> list[RawAttribution]:
    """Every attribution in the document, in text order (see module docstring)."""
    quotes = find_quotes(doc_text(doc)) if quotes is None else quotes
    quoted = quoted_tokens(doc, quotes)
    found = _indirect(doc, actors, quoted) + _prepositional(doc, actors)
    found += _learned(doc, actors, quoted, found)
    taken = {t for a in found for t in a.content_tokens}
    found += [a for a in _colon_headlines(doc, actors) + _nominal(doc, actors)
              if not a.content_tokens & taken]
    found.sort(key=lambda a: a.content[0][0])
    _link_quotes(doc, actors, found, quotes, quoted)
    # A cue nested inside a quotation speaks for the quoted speaker's world, not the
    # narrator's ("NHS England said they did not want…" inside a quote stays an attribution,
    # but its content is nested: the events package links it).
    for a in found:
        if a.source is not None and a.source_actor is None:
            first = doc[a.source[0]:a.source[1]]
            if first.root.lower_ in _FIRST_PERSON:
                host = _enclosing(found, a)
                if host is not None:
                    a.source_actor = host.source_actor
    found = [a for a in found if any(any(ch.isalnum() for ch in doc_text(doc)[s:e])
                                     for s, e in a.content)]
    if not nested:
        found = [a for a in found if a.cue_token is None or a.cue_token not in quoted]
    # Two cues over the same words ("said … and added", a cue and a headline) are one claim.
    seen: set[tuple[tuple[int, int], ...]] = set()
    unique = []
    for a in found:
        key = tuple(a.content)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    found = unique
    found.sort(key=lambda a: (a.content[0][0] if a.content else 0))
    return found


# Share of a learned content that may already be another attribution's content.
_LEARNED_OVERLAP = 0.5


# A lexicon cue verb the cue model gives less than this is dropped ("confirm the
# installation", "highlighting the issue"), unless it sits inside a quotation (a nested claim)
# or reports a clause (`_reports_clause`): chosen on a held-out part of PolNeAR train.
_DROP_BELOW = 0.3


def _learned(doc: Doc, actors: ActorLookup, quoted: set[int],
             found: list[RawAttribution]) -> list[RawAttribution]:
    """Apply the trained cue and content models (`attribution_model.py`): add attributions for
    verbs the lexicon rules did not take ("ripped into X", "defended X", "would rather see X"),
    give the rules' indirect cues the learned content, and drop rule cues the model rejects.
    Mutates `found` and returns the new attributions."""
    from pipeline.extract.attribution_model import cue_probabilities, learned_content, load_weights

    model = load_weights()
    if model is None:
        return []
    text = doc_text(doc)
    paragraph = paragraph_index(doc)
    probs = cue_probabilities(doc, model, quoted)
    by_cue = {a.cue_token: a for a in found if a.cue_token is not None}
    dropped = [a for a in found if a.cue_token in probs and probs[a.cue_token] < _DROP_BELOW
               and a.cue_token not in quoted and not _reports_clause(doc[a.cue_token], a)]
    for a in dropped:
        found.remove(a)
    taken = {t for a in found for t in a.content_tokens}

    def spans_for(token: Token, content: list[int], src: tuple[int, int] | None,
                  ) -> tuple[list[int], list[tuple[int, int]]]:
        cut = set(range(*src)) if src else set()
        if src:
            # The source's relative clause or apposition ("Beck, who backed Cruz, said …") is
            # the narrator's description of the speaker, never what was said.
            subject = doc[src[0]:src[1]].root
            if subject.head.i == token.i:
                cut.update(t.i for t in subject.subtree)
        para = paragraph(token.i)
        sent = sentence_of(token)
        # Learned content stays in the cue's sentence: the parser sometimes hangs the next
        # sentence ("… criticised the plan. He said …") off a word of this one.
        toks = [i for i in content if i not in cut and sent.start <= i < sent.end
                and paragraph(i) == para]
        if not toks:
            return [], []
        toks = _without_cue_time(token, sorted(set(toks) - _trailing_aside(doc, set(toks))))
        spans = [_trim_chars(text, s, e) for s, e in _runs(doc, toks)] if toks else []
        return toks, [(s, e) for s, e in spans if e > s]

    out: list[RawAttribution] = []
    for i, p in probs.items():
        if p < model.cue_threshold:
            continue
        token = doc[i]
        content = learned_content(token, model)
        if token.lemma_.lower() in _ADDRESSEE_OBJECT and any(
                c.dep_ in ("xcomp", "ccomp") for c in token.children):
            # "asked the suppliers to remove X": the object is the addressee, not the request.
            addressees = {t.i for c in token.children if c.dep_ in ("dobj", "dative")
                          for t in c.subtree}
            content = [t for t in content if t not in addressees]
        if not content:
            continue
        existing = by_cue.get(i)
        if existing is not None:
            toks, spans = spans_for(token, content, existing.source)
            if spans:
                existing.content, existing.content_tokens = spans, set(toks)
            continue
        if _adjuncts_only(token, content):
            # "took urgent action to remove X, following instruction from Y": a purpose or
            # circumstance adjunct is not something said.
            continue
        if token.lemma_.lower() in lexicon()["stance_verbal"]:
            # The lexicon says these take only verbal or topic complements, which the rules
            # already read ("sought the nomination", "talked to reporters" are not claims).
            continue
        subject = subject_of(token, quoted)
        src = source_span(subject) if subject is not None else None
        toks, spans = spans_for(token, content, src)
        if src is None and _event_report(token, toks):
            # "Graham Pellow was sentenced", "will be charged with fraud", "Police were
            # called to the house": a passive with no one named as its source and nothing
            # said, only who or what it happened to, reports an event, not a claim.
            continue
        if src is None and quoted.intersection(toks):
            # Without a source, quotation marks in the content are the narrator's scare quotes
            # ("the so-called ‘reform’ was announced"), not someone's words.
            continue
        if not spans or sum(t in taken for t in toks) > _LEARNED_OVERLAP * len(toks):
            continue
        out.append(RawAttribution(
            cue=_cue_range(token), source=src,
            source_actor=resolve_actor(doc, actors, *src) if src else None, content=spans,
            kind="indirect", addressee=_addressee(doc, token, actors, set(toks), quoted),
            cue_token=token.i, content_tokens=set(toks)))
    return out

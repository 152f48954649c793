"""Attributions not headed by a cue verb's clause: "according to X", "X: …" headline lines and
nominal cues.
"""

from __future__ import annotations

import re

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from pipeline.extract.attribution.base import (
    ActorLookup,
    RawAttribution,
    _runs,
    _tokens_in,
    _trim_chars,
    doc_text,
    lexicon,
    sentence_of,
    tokens_with_pos,
)
from pipeline.extract.attribution.indirect import _trailing_aside
from pipeline.extract.attribution.source import resolve_actor, source_span


def _prepositional(doc: Doc, actors: ActorLookup) -> list[RawAttribution]:
    found: list[RawAttribution] = []
    patterns = lexicon()["prepositional"]
    text = doc_text(doc)
    firsts = {doc.vocab.strings.add(pattern[0]) for pattern in patterns}
    # (slicing the doc for every token and pattern was this stage's hot spot)
    for i, lower in enumerate(doc.to_array([LOWER]).tolist()):
        if lower not in firsts:
            continue
        token = doc[i]
        for pattern in patterns:
            if pattern[0] != token.lower_:
                continue
            words = [t.lower_ for t in doc[token.i:token.i + len(pattern)]]
            if tuple(words) != pattern:
                continue
            cue_end = token.i + len(pattern)
            source_tok = next((t for t in doc[token.i:cue_end + 6] if t.dep_ == "pobj"), None)
            if source_tok is None:
                continue
            src = source_span(source_tok)
            src = (max(src[0], cue_end), max(src[1], cue_end))
            phrase_head = token if token.head.i == token.i else token.head
            while phrase_head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and \
                    phrase_head.head.i != phrase_head.i and phrase_head.pos_ not in ("VERB", "AUX"):
                phrase_head = phrase_head.head
            sent = sentence_of(token)
            excluded = set(range(token.i, source_tok.right_edge.i + 1))
            toks = [t.i for t in phrase_head.subtree if t.i not in excluded]
            if not toks or phrase_head.i in excluded:
                toks = [t.i for t in sent if t.i not in excluded]
            toks = [i for i in toks if not doc[i].is_punct or i not in (sent.start, sent.end - 1)]
            if not toks:
                continue
            spans = [_trim_chars(text, s, e) for s, e in _runs(doc, toks)]
            spans = [(s, e) for s, e in spans if e > s]
            if not spans:
                continue
            found.append(RawAttribution(
                cue=(token.i, cue_end), source=src,
                source_actor=resolve_actor(doc, actors, *src) if src[1] > src[0] else None,
                content=spans, kind="indirect", cue_token=None, content_tokens=set(toks)))
    return found


# "NY Daily News: Paris Attacks Highlight …", "JAKE TAPPER: Donald Trump released …": a
# paragraph that opens with a short name and a colon reports that source's words (headline
# and transcript style). The name may not hold a verb or digits ("Wait, it gets better:",
# "12:20 p.m.:").
_COLON_LINE = re.compile(r"(?m)^[ \t]*([^\n:]{2,60}?)[ \t]*:[ \t]+(\S[^\n]*)$")


def _colon_headlines(doc: Doc, actors: ActorLookup) -> list[RawAttribution]:
    found: list[RawAttribution] = []
    text = doc_text(doc)
    if ":" not in text:
        return found
    for match in _COLON_LINE.finditer(text):
        name = match.group(1)
        if any(ch.isdigit() for ch in name) or len(name.split()) > 7:
            continue
        src = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if src is None or not len(src):
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.pos_ != "PROPN" and t.text[:1].islower()
               for t in src) or not any(t.pos_ == "PROPN" for t in src):
            continue
        start, end = _trim_chars(text, match.start(2), match.end(2))
        while end > start and text[end - 1] == ".":
            end -= 1
        if len(text[start:end].split()) < 3:
            continue
        toks = _tokens_in(doc, start, end)
        found.append(RawAttribution(
            cue=None, source=(src.start, src.end),
            source_actor=resolve_actor(doc, actors, src.start, src.end),
            content=[(start, end)], kind="indirect", cue_token=None,
            content_tokens={t.i for t in toks}))
    return found


def _nominal(doc: Doc, actors: ActorLookup) -> list[RawAttribution]:
    """Noun cues with a possessor source: "his claim that …", "Trump's refusal to …",
    "her support for X", "Cruz's endorsement of Y" (lemmas under `nominal:` in verbs.yaml)."""
    found: list[RawAttribution] = []
    nouns = lexicon()["nominal"]
    text = doc_text(doc)
    for token in tokens_with_pos(doc, ("NOUN",)):
        if token.lemma_.lower() not in nouns:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            continue
        content: list[Token] = []
        for child in token.children:
            if child.i < token.i:
                continue
            if child.dep_ in ("acl", "ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                content = [child]
                break
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "on", "against") \
                    and child.i == token.i + 1:
                content = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                break
        if not content:
            continue
        toks = sorted(t.i for c in content for t in c.subtree)
        toks = sorted(set(toks) - _trailing_aside(doc, set(toks)))
        spans = [_trim_chars(text, s, e) for s, e in _runs(doc, toks)]
        spans = [(s, e) for s, e in spans if e > s]
        if not spans:
            continue
        src = source_span(owner)
        if doc[src[1] - 1].lower_ in ("'s", "\u2019s", "'", "\u2019"):
            src = (src[0], src[1] - 1)
        if src[1] <= src[0]:
            continue
        found.append(RawAttribution(
            cue=(token.i, token.i + 1), source=src,
            source_actor=resolve_actor(doc, actors, *src), content=spans, kind="indirect",
            cue_token=None, content_tokens=set(toks)))
    return found

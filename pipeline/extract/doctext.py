"""The text of a parsed Doc, built once per Doc.

spaCy rebuilds `doc.text` from its tokens on every access; the extract stage reads it many
times per document, so every module reads it through `doc_text`, which keeps it in
`doc.user_data`. Kept apart so timex, actors, events and attribution can all import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once: spaCy rebuilds the string on every access."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.text
        doc.user_data["dateline_text"] = text
    return text


def doc_words(doc: Doc) -> list[str]:
    """Every token's text, in order, computed once per Doc: iterating a Doc builds a Token
    object per word, which costs more than the scans that need only the strings.
    Callers must not change the list."""
    words = doc.user_data.get("dateline_words")
    if words is None:
        from spacy.attrs import ORTH

        strings = doc.vocab.strings
        words = [strings[key] for key in doc.to_array(ORTH).tolist()] if len(doc) else []
        doc.user_data["dateline_words"] = words
    return words

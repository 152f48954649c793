"""Quoted words whose speech day the text does not give but places before publication.

"'Do it this weekend,' she said" in a Monday paper: the words were spoken before the paper
came out, on a day the text does not give, so their relative dates take the latest fitting
time not after publication (the weekend just gone), not the coming one.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.extract.doctext import doc_text

_OPENING = "‘“\""
_CLOSING = "’”\""
_SPEECH_LEMMAS = frozenset({"say", "tell", "add", "write", "post", "explain", "warn", "urge"})


def _inside_quotes(span: Span) -> bool:
    """Whether an opening quotation mark before the span in its paragraph is still open."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    before = text[start:span.start_char]
    opened = False
    for i, char in enumerate(before):
        if char in _OPENING and (char != "\"" or not opened) and (
                i == 0 or not before[i - 1].isalnum()):
            opened = True
        elif char in _CLOSING and opened and (i + 1 == len(before) or not before[i + 1].isalnum()):
            opened = False
    return opened


def quoted_before_publication(span: Span) -> bool:
    """The span is inside a quotation its paragraph reports with a past-tense speech verb
    ("…,’ Dr Bramall-Stainer said"), and the speech carries no date of its own."""
    if not _inside_quotes(span):
        return False
    doc = span.doc
    text = doc_text(doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    paragraph = doc.char_span(start, len(text) if end == -1 else end, alignment_mode="expand")
    for token in paragraph if paragraph is not None else span.sent:
        if token.lemma_.lower() in _SPEECH_LEMMAS and token.tag_ == "VBD" and \
                not _inside_quotes(span.doc[token.i:token.i + 1]):
            return not any(t.ent_type_ in ("DATE", "TIME") or t.like_num for c in token.children
                           if c.dep_ in ("prep", "npadvmod", "advmod") for t in c.subtree)
    return False

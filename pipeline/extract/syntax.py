"""Clause readings shared by time expressions and events (one rule, one place).

- `span_root(span)`: the head word of a time phrase.
- `speech_frame_verb(span)`: the speech verb a time phrase dates although the parser hung
  it on the reported clause ("said *on Monday* it would cut services").
- `reported_future(verb)`: whether "would" on `verb` is the future of reported speech.
- `own_past(verb)`: the verb's own past tense, "stayed", "did not reply", "was moved".
- `as_clause(verb)`: whether a participle is "as planned", "as expected": a manner of
  another act, with no tense or event of its own.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.extract.attribution import cue_type, speech_type


def _is_cue(lemma: str) -> bool:
    return bool(speech_type(lemma) or cue_type(lemma))


def span_root(span: Span) -> Token:
    """The head word of a time expression: spaCy's span root may be a determiner ("*The*
    winter") when the noun it belongs to lies outside the span."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end
               or t.head.i == t.i]
    content = [t for t in outside if t.dep_ not in ("det", "punct", "case", "predet")]
    return content[0] if content else span.root


def speech_frame_verb(span: Span) -> Token | None:
    """The speech verb a time phrase dates although the parser hung it on the reported
    clause: "said *on Monday* it would cut sailings", "said on Friday that it had closed".
    The phrase sits right after the speech verb (or its object), before the complement's
    subject or "that", so it frames the saying, not what was said."""
    phrase = span_root(span)
    while phrase.head.i != phrase.i and phrase.head.pos_ not in ("VERB", "AUX"):
        phrase = phrase.head
    clause = phrase.head
    if phrase.dep_ not in ("prep", "npadvmod") or clause.dep_ != "ccomp" or \
            clause.head.i >= phrase.left_edge.i:
        return None
    speaker = clause.head
    if not _is_cue(speaker.lemma_):
        return None
    openers = [c.left_edge.i for c in clause.children
               if c.dep_ in ("nsubj", "nsubjpass", "expl", "mark")]
    if not openers or phrase.right_edge.i >= min(openers):
        return None
    # only the speech verb's own words ("told reporters") may come between
    inner = {t.i for t in clause.subtree}
    if any(i in inner for i in range(speaker.i + 1, phrase.left_edge.i)):
        return None
    return speaker


def reported_future(verb: Token) -> bool:
    """Whether "would" on `verb` is the future of reported speech ("said it would close the
    plant in May": future-in-the-past), not a condition ("would fall if rates rose",
    "unless …") or a counterfactual ("would have collapsed")."""
    if any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children) or any(
            c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
            for c in verb.children):
        return False
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "said it would close the site and cut jobs in May"
    reporter = clause.head
    return clause.dep_ == "ccomp" and reporter.i != clause.i and \
        reporter.tag_ in ("VBD", "VBN") and _is_cue(reporter.lemma_)


def as_clause(verb: Token) -> bool:
    """"went ahead as scheduled", "rose as expected": a subjectless participle under "as"
    qualifies the verb above it."""
    return verb.tag_ == "VBN" and any(
        c.lower_ == "as" and c.dep_ in ("mark", "advmod") for c in verb.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def own_past(verb: Token) -> bool:
    """A past tense the verb carries itself or through its auxiliary ("stayed", "did not
    reply", "was moved"), not one borrowed from a clause above it."""
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                     for c in verb.children)

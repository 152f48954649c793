"""Indirect speech: a cue verb that governs a clause ("X said that …", "X told Y to …"), its
content, addressee and trailing asides.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from pipeline.extract.attribution.base import (
    ActorLookup,
    RawAttribution,
    _runs,
    _trim_chars,
    doc_text,
    lexicon,
    tokens_with_pos,
)
from pipeline.extract.attribution.cues import _cue_range, _is_cue
from pipeline.extract.attribution.source import (
    _SUBJECT_DEPS,
    resolve_actor,
    source_span,
    subject_of,
)

# Cue lemmas whose direct object is the addressee, not the content ("told practices").
_ADDRESSEE_OBJECT = {"tell", "ask", "urge", "instruct", "advise", "inform", "warn", "invite",
                     "direct", "order", "remind", "reassure", "assure", "caution", "call",
                     "email", "brief", "notify", "press"}


# Cue lemmas whose noun object is not what was said ("said it", "wrote a letter").
_NO_OBJECT_CONTENT = _ADDRESSEE_OBJECT | {"say", "add", "write", "post", "tweet", "state",
                                          "explain", "note", "think", "believe", "show", "find",
                                          "learn", "hear", "continue", "point", "answer",
                                          "respond", "reply", "comment", "describe"}


# Cues whose content follows "for"/"on": "called for X", "appealed for calm".
_CALL_FOR = {"call", "appeal", "press", "plead", "ask"}
_PRO_CONTENT = {"so", "yes", "no", "that", "this"}


# "talked about X", "campaigned on X" (never "talked to reporters").
_TOPIC_PREPS = {"about", "on", "for", "against"}
_STANCE_PREPS = {"for", "about", "of", "to", "on", "against", "with"}


def _content_children(cue: Token) -> list[Token]:
    """The clause(s) a cue verb governs."""
    lemma = cue.lemma_.lower()
    lex = lexicon()
    kids = [c for c in cue.children if c.dep_ == "ccomp"]
    if kids:
        return kids
    if lemma in lex["raising"]:
        # "Trump is expected to deliver a speech", "Christie appeared to end his bid": the
        # subject and the "to …" clause together are the content; no source is named.
        xcomp = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i]
        subject = [c for c in cue.children if c.dep_ == "nsubjpass" or (
            c.dep_ == "nsubj" and lex["raising"][lemma] == "active")]
        if xcomp and subject and subject[0].lower_ not in ("it", "there"):
            return subject[:1] + xcomp[:1]
    if lemma in lex["stance"] or (lemma in lex["speech"] and lemma not in lex["clause_only"]):
        # "The measure was turned down by 58 percent of voters": the passive subject is the content
        # when the agent (the source) is named.
        passive = [c for c in cue.children if c.dep_ == "nsubjpass"]
        if passive and any(c.dep_ == "agent" for c in cue.children):
            return passive
    if lemma in lex["stance"] and lemma not in _ADDRESSEE_OBJECT:
        # "supports X", "refused to …", "accused X of …", "described X as …", "called X a …"
        deps = ("xcomp",) if lemma in lex["stance_verbal"] else ("dobj", "xcomp", "oprd")
        objects = [c for c in cue.children if c.dep_ in deps
                   and c.i > cue.i and not (c.dep_ == "dobj" and c.pos_ == "PRON"
                                            and c.lower_ in ("it", "this", "that"))]
        if objects:
            last = max(o.i for o in objects)
            objects += [c for c in cue.children if c.dep_ == "prep" and c.i > last
                        and c.lower_ in ("of", "for", "as")]
            return objects
        # "apologized for X", "referred to X", "spoke out against X": the first such
        # prepositional object right after the cue is what the stance is about.
        preps = [c for c in cue.children if c.dep_ == "prep" and cue.i < c.i <= cue.i + 2
                 and c.lower_ in (_TOPIC_PREPS if lemma in lex["stance_verbal"] else _STANCE_PREPS)
                 and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
        if preps:
            return preps[:1]
        if lemma in lex["stance_verbal"]:
            return []
    if lemma not in lex["speech"] and lemma not in lex["stance"]:
        return []  # cognition verbs only govern clauses
    if lemma in _ADDRESSEE_OBJECT or lemma in _CALL_FOR:
        # "asked practices to act", "called on X to …", "called for X to …"
        xcomp = [c for c in cue.children if c.dep_ == "xcomp"]
        preps = [c for c in cue.children if c.dep_ == "prep" and lemma in _CALL_FOR
                 and c.lower_ in ("for", "on") and c.i == cue.i + 1]
        if xcomp or preps:
            return xcomp + preps
    if lemma == "say":
        # "half said so", "75 percent said yes", "he said that": a pro-form stands for the
        # content (PolNeAR marks it).
        pro = [c for c in cue.children if c.i == cue.i + 1 and c.dep_ in (
            "dobj", "advmod", "intj", "ccomp", "attr") and c.lower_ in _PRO_CONTENT]
        if pro:
            return pro
    if lemma not in _NO_OBJECT_CONTENT and lemma not in lexicon()["clause_only"]:
        objs = [c for c in cue.children if c.dep_ in ("dobj",) and c.pos_ != "PRON"]
        if objs:
            return objs
    return []


def _addressee(doc: Doc, cue: Token, actors: ActorLookup, content: set[int],
               quoted: set[int]) -> str | None:
    lemma = cue.lemma_.lower()
    for child in cue.children:
        if child.i in content:
            continue
        if child.dep_ in ("dobj", "dative") and lemma in _ADDRESSEE_OBJECT:
            who = resolve_actor(doc, actors, *source_span(child))
            if who:
                return who
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    who = resolve_actor(doc, actors, *source_span(grand))
                    if who:
                        return who
    # "an update sent to GPs said": the addressee of the document that speaks.
    subject = subject_of(cue, quoted)
    if subject is not None:
        for child in subject.children:
            if child.dep_ in ("acl", "relcl"):
                for grand in child.children:
                    if grand.dep_ in ("prep", "dative") and grand.lower_ == "to":
                        for pobj in grand.children:
                            if pobj.dep_ == "pobj":
                                return resolve_actor(doc, actors, *source_span(pobj))
    return None


def paragraph_index(doc: Doc):
    """token index -> paragraph number (paragraphs are separated by newlines); the numbers
    are computed once per document from the token offsets."""
    numbers = doc.user_data.get("dateline_paragraphs")
    if numbers is None:
        text = doc_text(doc)
        breaks = [m.start() for m in re.finditer("\n", text)]
        numbers = [bisect_right(breaks, idx) for idx in doc.to_array([IDX]).tolist()]
        doc.user_data["dateline_paragraphs"] = numbers
    return numbers.__getitem__


def _indirect(doc: Doc, actors: ActorLookup, quoted: set[int]) -> list[RawAttribution]:
    found: list[RawAttribution] = []
    text = doc_text(doc)
    paragraph = paragraph_index(doc)
    for token in tokens_with_pos(doc, ("VERB", "AUX")):
        if not _is_cue(token):
            continue
        children = _content_children(token)
        content_idx: set[int] = set()
        for child in children:
            content_idx.update(t.i for t in child.subtree)
            if child.dep_ == "prep":
                content_idx.discard(child.i)
        if not children and token.dep_ in ("parataxis", "ccomp", "advcl") and \
                token.head.pos_ in ("VERB", "AUX") and not _is_cue(token.head) and \
                subject_of(token, quoted) is not None and (
                    token.head.i < token.i or token.dep_ == "parataxis"):
            # "…, sources said." parsed with the speech verb hanging off the reported clause.
            own = {t.i for t in token.subtree}
            content_idx = {t.i for t in token.head.subtree} - own
        if not content_idx:
            continue
        if children:
            content_idx -= _trailing_aside(doc, content_idx)
        subject = subject_of(token, quoted)
        src = source_span(subject) if subject is not None else None
        if src and src[0] <= min(content_idx) <= src[1] - 1:
            src = None
        cut = set(range(*src)) if src else set()
        # Indirect content never runs into another paragraph (the parser sometimes joins a
        # quotation's paragraph to the next one into one "sentence").
        para = paragraph(token.i)
        toks = sorted(i for i in content_idx if i != token.i and i not in cut
                      and paragraph(i) == para)
        toks = _without_cue_time(token, toks)
        if not toks:
            continue
        spans = _runs(doc, toks)
        spans = [_trim_chars(text, s, e) for s, e in spans]
        spans = [(s, e) for s, e in spans if e > s]
        if not spans:
            continue
        actor = resolve_actor(doc, actors, *src) if src else None
        found.append(RawAttribution(
            cue=_cue_range(token), source=src, source_actor=actor, content=spans,
            kind="indirect", addressee=_addressee(doc, token, actors, set(toks), quoted),
            cue_token=token.i, content_tokens=set(toks)))
    return found


# Dependents that, set off by a comma at the end of a content, are the narrator's aside and
# not what was said ("X said the emails were from Fanning, who was his chief of staff"): PolNeAR
# train gold leaves them out.
_ASIDE_DEPS = ("appos", "relcl", "advcl", "conj")
_ASIDE_CONJ_MARKS = {"however", "while", "whereas", "although", "though", "but"}


def _trailing_aside(doc: Doc, content: set[int]) -> set[int]:
    """Token indices of a comma-led non-restrictive aside that ends the content."""
    last = max(content)
    first = min(content)
    for i in sorted(content):
        token = doc[i]
        if i <= first + 1 or token.dep_ not in _ASIDE_DEPS or doc[i].head.i not in content:
            continue
        left = token.left_edge.i
        if left <= first + 1 or doc[left - 1].text not in (",", ";", "\u2014", "--"):
            continue
        if token.right_edge.i < last - 1:
            continue
        if token.dep_ in ("advcl", "conj") and doc[left].lower_ not in _ASIDE_CONJ_MARKS and not (
                token.dep_ == "advcl" and token.tag_ == "VBG" and _is_cue(token)):
            # (", citing low growth" is a second report of the speaker's, not content)
            continue
        return set(range(left - 1, last + 1))
    return set()


_TIME_ENTS = ("DATE", "TIME")


def _without_cue_time(cue: Token, toks: list[int]) -> list[int]:
    """The content minus a time adverbial that opens it right after the cue ("said on Friday
    it had closed", "told reporters last week the plan was dead"): when the clause has no
    "that", the parser often hangs the date on the reported verb, but it dates the saying
    (PolNeAR train gold leaves it out of the content nearly always)."""
    if not toks or toks[0] <= cue.i:
        return toks
    doc = cue.doc
    kept = set(toks)
    first = doc[toks[0]]
    # The dependent that opens the content: climb while the head is still in the content and
    # the token still starts its head's subtree.
    adverbial = ("prep", "npadvmod")
    opener = first
    while opener.dep_ not in adverbial and opener.head.i in kept and \
            opener.head.i != opener.i and opener.head.left_edge.i == first.i:
        opener = opener.head
    head = opener.head
    if opener.dep_ not in adverbial or opener.left_edge.i != first.i or \
            head.i not in kept or head.i < opener.i:
        return toks
    if not any(t.ent_type_ in _TIME_ENTS for t in opener.subtree):
        return toks
    # ... and it comes before the reported clause's subject: "on Friday | it had closed".
    if not any(c.dep_ in _SUBJECT_DEPS and c.i > opener.right_edge.i for c in head.children):
        return toks
    end = opener.right_edge.i + 1
    while end < len(doc) and doc[end].is_punct and end in kept:
        end += 1
    return [i for i in toks if not first.i <= i < end]

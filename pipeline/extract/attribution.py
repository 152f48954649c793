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

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml
from spacy.attrs import IDX, LOWER, POS
from spacy.tokens import Doc, Span, Token

from pipeline.extract.quotes import Quote, find_quotes

RESOURCES = Path(__file__).parent / "resources"

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
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
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


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once: spaCy rebuilds the string on every access."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.text
        doc.user_data["dateline_text"] = text
    return text


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


def source_span(token: Token) -> tuple[int, int]:
    """The noun phrase a subject token heads, cut before relative clauses and appositions so
    "Dr Wrigley, who chairs X," gives "Dr Wrigley"."""
    start = token.left_edge.i
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod", "case") or (
                child.dep_ == "prep" and child.i == end and child.lower_ in ("of", "for", "at")):
            end = child.right_edge.i + 1
        else:
            break
    # A leading comma or conjunction never belongs to the mention.
    doc = token.doc
    while start < token.i and doc[start].is_punct:
        start += 1
    return start, end


def subject_of(verb: Token, quoted: set[int] | frozenset[int] = frozenset()) -> Token | None:
    """The subject of a verb, inherited from the verb it is coordinated with or the verb that
    controls it ("X said … and asked …", "X continued to insist …").

    `quoted` holds the token indices inside quotation marks: a verb outside a quotation never
    shares the subject of a verb inside it (the parser often coordinates the narrator's "and
    asked" with the quote's last verb), so the climb skips to the clause that holds the quote.
    """
    seen = 0
    raised = adjunct = False
    current: Token | None = verb
    outside = verb.i not in quoted
    while current is not None and seen < 8:
        seen += 1
        if outside and current.i in quoted:
            # Out of the quotation and up to the cue that introduced it.
            while (current.i in quoted or (current.dep_ in ("ccomp", "conj", "advcl")
                                           and not _is_cue(current))) \
                    and current.head.i != current.i:
                current = current.head
            if current.i in quoted:
                return None
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "nsubjpass" and raised):
                return child
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        raised = current.dep_ == "xcomp"
        if adjunct and current.dep_ == "ccomp" and _is_cue(current.head):
            # "McCain said the anger was justified, citing …": the parser hangs the
            # participle on the reported clause; it is still the speaker's.
            current = current.head
            continue
        adjunct = False
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "relcl":
            return current.head
        # "McCain said, citing low growth", "went on Twitter to applaud …": a participle or
        # infinitive adjunct shares the subject of the verb it hangs from.
        if current.dep_ == "advcl" and current.head.pos_ in ("VERB", "AUX") and (
                current.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in current.children)) and \
                not any(c.dep_ == "mark" for c in current.children):
            adjunct = current.tag_ == "VBG"
            current = current.head
            continue
        # "refrained from attacking his rivals", "after saying he was nervous".
        if current.dep_ == "pcomp" and current.tag_ == "VBG" and current.head.dep_ == "prep" \
                and current.head.head.pos_ in ("VERB", "AUX"):
            current = current.head.head
            continue
        # "the Super PAC backing Jeb Bush": the noun a present participle modifies.
        if current.dep_ == "acl" and current.tag_ == "VBG":
            return current.head
        return None
    return None


def resolve_actor(doc: Doc, actors: ActorLookup, start: int, end: int) -> str | None:
    """Actor of a token range: the head first, then any token, then by characters."""
    span = doc[start:end]
    root = span.root
    if root.lower_ in ("who", "which", "that") and root.dep_ in _SUBJECT_DEPS:
        if root.head.dep_ == "relcl":
            noun = root.head.head
            return resolve_actor(doc, actors, *source_span(noun))
    found = actors.actor_at_token(root.i)
    if found:
        return found
    for token in span:
        found = actors.actor_at_token(token.i)
        if found:
            return found
    return actors.actor_for_span(span.start_char, span.end_char)


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
        # "The SVP was rejected by 59.6 percent of voters": the passive subject is the content
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


def _cue_range(cue: Token) -> tuple[int, int]:
    """The cue words: the verb with its particles and a "for"/"on" of "call for"."""
    start, end = cue.i, cue.i + 1
    for child in cue.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return start, end


def _generic_cue(token: Token) -> bool:
    """A verb outside the lexicon that reports a "that"-clause of a person or organisation
    ("Clinton insinuated that …"): attribution in all but name."""
    if token.pos_ != "VERB" or token.lemma_.lower() in lexicon()["not_cues"]:
        return False
    clause = [c for c in token.children if c.dep_ == "ccomp"
              and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not clause:
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in (
        "he", "she", "they", "i", "we") or subject.ent_type_ in ("PERSON", "ORG", "NORP"))


def _is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    # (asked many times per token while quotations look for their cue: cached per document)
    cache = token.doc.user_data.setdefault("dateline_is_cue", {})
    known = cache.get(token.i)
    if known is None:
        known = cache[token.i] = _is_cue_uncached(token)
    return known


def _is_cue_uncached(token: Token) -> bool:
    if cue_type(token.lemma_) is None and not _generic_cue(token):
        return False
    # "said" as an adjective ("the said company") or auxiliary use is not speech.
    return token.dep_ not in ("amod", "aux", "auxpass")


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


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


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


def _reports_clause(cue: Token, attribution: RawAttribution) -> bool:
    """A speech cue whose content is a clause it governs ("informed that …", "asked it to
    …", "said it would …"): never dropped. PolNeAR's annotators skip some of these, but they
    are the claims the events stage builds nested attributions on."""
    return bool(speech_type(cue.lemma_)) and any(
        c.dep_ in ("ccomp", "xcomp") and c.i in attribution.content_tokens
        for c in cue.children)


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


def _needs_clause(lemma: str) -> bool:
    """A lemma the lexicon does not know as a cue, or knows only as one that reports a clause
    (`clause_only`, cognition verbs: "charged that …", "called for …" but not "was called")."""
    lemma = lemma.lower()
    lex = lexicon()
    if cue_type(lemma) is None or lemma in lex["clause_only"]:
        return True
    return lemma not in lex["speech"] and lemma not in lex["stance"] and lemma not in lex["raising"]


def _passive(cue: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)


# Dependents of a cue that make its content a proposition: a clause ("said that …", "asked X
# to …") or a predicate on its object ("was seen as a circus", "called the plan a sham").
_CLAUSE_DEPS = ("ccomp", "xcomp", "csubj", "csubjpass", "parataxis", "oprd", "acomp", "attr")


def _propositional(cue: Token, content: list[int] | set[int]) -> bool:
    """Whether a cue's content says something (a clause or a predication: "that X happened",
    "to cut taxes", "X as a circus", the clause a "…, officials said" hangs from) rather than
    naming only a thing or a person ("Graham Pellow", "a striker", "the house")."""
    kept = set(content)
    if cue.head.i != cue.i and cue.head.i in kept:
        return True
    for child in cue.children:
        if not any(t.i in kept for t in child.subtree):
            continue
        if child.dep_ in _CLAUSE_DEPS:
            return True
        if child.dep_ == "prep" and child.lower_ == "as":
            return True
    # A clause anywhere in the content: "split on whether they would vote", "asked if …".
    doc = cue.doc
    return any(doc[i].pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in doc[i].children) for i in kept)


def _event_report(cue: Token, content: list[int]) -> bool:
    """A passive cue the lexicon does not know as reporting anything but a clause, whose
    content is no proposition (`_propositional`). Only asked of cues without a source: with
    one ("was rejected by the court", "was booed by supporters") PolNeAR train counts the
    passive subject as the content of a stance."""
    return _passive(cue) and _needs_clause(cue.lemma_) and not _propositional(cue, content)


# Dependents that say why, when or how something was done, not what was said.
_ADJUNCT_DEPS = ("advcl", "npadvmod", "advmod", "prep")


def _adjuncts_only(cue: Token, content: list[int]) -> bool:
    """A learned cue whose content is only its adverbial clauses and prepositional phrases
    (not one right after it: "apologized for X" keeps its "for X") while its noun object is
    left out: the object names what was done, the adjuncts why or how."""
    kept = set(content)
    pieces = [c for c in cue.children if c.i in kept or any(t.i in kept for t in c.subtree)]
    if not pieces:
        return False
    last = _cue_range(cue)[1]
    if not all(c.dep_ in _ADJUNCT_DEPS and c.i > last for c in pieces):
        return False
    # ... and whose own object, left out of the content, names the deed ("took action").
    return any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in kept for c in cue.children)


def _enclosing(found: list[RawAttribution], inner: RawAttribution) -> RawAttribution | None:
    """The attribution whose content contains this one's cue (the speaker quoting it)."""
    if inner.cue is None:
        return None
    best = None
    for a in found:
        if a is inner or inner.cue[0] not in a.content_tokens:
            continue
        if best is None or len(a.content_tokens) < len(best.content_tokens):
            best = a
    return best


class EntityActors:
    """A minimal stand-in for the ActorIndex: spaCy entities as actors, a surname referring to
    the full name seen before. Used when the actor stage is not given (unit tests of this
    module, evaluation without the actor stage) so attribution never depends on it to run."""

    def __init__(self, doc: Doc) -> None:
        import re

        self.token_actor: dict[int, str] = {}
        names: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE"):
                continue
            words = [t for t in ent if not t.is_punct and t.lower_ not in ("the", "'s", "’s")]
            if not words:
                continue
            key = " ".join(t.text for t in words)
            slug = names.get(words[-1].text) if ent.label_ == "PERSON" and len(words) == 1 \
                else None
            slug = slug or re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
            if ent.label_ == "PERSON":
                names.setdefault(words[-1].text, slug)
            for token in ent:
                self.token_actor[token.i] = slug

    def actor_at_token(self, i: int) -> str | None:
        return self.token_actor.get(i)

    def actor_for_span(self, start_char: int, end_char: int) -> str | None:
        return None

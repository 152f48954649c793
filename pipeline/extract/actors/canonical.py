"""Canonicalisation: the union of name forms of one actor (registry aliases, acronyms, token
alignment, surnames, short names, possessor phrases) and its canonical name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extract.acronyms import is_acronym, matches_initials, schwartz_hearst
from pipeline.extract.actors.base import _Cand, _Form
from pipeline.extract.actors.kinds import _main_kind
from pipeline.extract.doctext import doc_words
from pipeline.extract.lexicon import ActorLexicon, actor_lexicon
from pipeline.extract.registry import Registry, RegistryEntry, alias_key

LOCATIVE_PREPOSITIONS = {"in", "at", "near", "across", "around", "outside", "inside", "from",
                         "to", "into", "throughout"}


# ---------------------------------------------------------------------------------------------
# canonicalisation

class _Union:
    def __init__(self, forms: dict[str, _Form]) -> None:
        self.parent = {key: key for key in forms}
        self.forms = forms

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def entry(self, key: str) -> RegistryEntry | None:
        root = self.find(key)
        for other, parent in self.parent.items():
            if self.find(parent) == root and self.forms[other].entry is not None:
                return self.forms[other].entry
        return None

    def union(self, a: str, b: str, *, any_kind: bool = False) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        entry_a, entry_b = self.entry(a), self.entry(b)
        # Two registry actors never merge: a user's split must survive the rules.
        if entry_a is not None and entry_b is not None and entry_a is not entry_b:
            return False
        # Nor do a person and an organisation.
        kinds = {_main_kind(self.members(root_a)), _main_kind(self.members(root_b))}
        if "person" in kinds and len(kinds) > 1 and not (entry_a or entry_b or any_kind):
            return False
        self.parent[root_b] = root_a
        return True

    def members(self, root: str) -> list[_Form]:
        return [f for k, f in self.forms.items() if self.find(k) == root]

    def linked(self, key: str) -> bool:
        root = self.find(key)
        return any(self.find(k) == root for k in self.forms if k != key)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.replace("’", "'").strip()) if w]


def _align(short: list[str], long: list[str], stop: frozenset[str]) -> bool:
    """Does `short` ("GPC England") spell a prefix or suffix window of `long` ("BMA GP Committee
    England"), each word equal or an acronym of two or more consecutive long words?"""
    def match(si: int, li: int, exact: int, expanded: int) -> bool:
        if si == len(short):
            return exact >= 1 and expanded >= 1 and li == len(long)
        word = short[si]
        if li < len(long) and word.casefold() == long[li].casefold():
            if match(si + 1, li + 1, exact + 1, expanded):
                return True
        if is_acronym(word):
            for stop_at in range(li + 2, len(long) + 1):
                if matches_initials(word, long[li:stop_at], stop) and match(
                        si + 1, stop_at, exact, expanded + 1):
                    return True
        return False

    if len(short) < 2:
        return False
    # suffix windows: the long name may carry a parent prefix ("BMA")
    return any(match(0, offset, 0, 0) for offset in range(0, len(long)))


def _acronym_definitions(doc: Doc, mentions: list[_Cand]) -> list[tuple[int, int, int, int]]:
    """(long start, long end, short start, short end) token spans for "LONG (SHORT)" and
    "SHORT (LONG)" that pass the Schwartz–Hearst check."""
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    found = []
    words = doc_words(doc)  # strings only: a Token per word costs more than this search
    for i, word in enumerate(words):
        if word != "(":
            continue
        token = doc[i]
        close = next((j for j in range(i + 1, min(i + 12, len(words))) if words[j] == ")"),
                     None)
        if close is None or token.i == 0:
            continue
        outside = by_end.get(token.i)
        inside_start, inside_end = token.i + 1, close
        if outside is None:
            # The model missed the long form: the shortest run of capitalised words before
            # the bracket whose initials spell the acronym ("Samford Patients Forum (SPF)").
            long_span = _long_form_before(doc, token.i, doc[inside_start:inside_end].text)
            if long_span is not None:
                found.append((long_span[0], long_span[1], inside_start, inside_end))
            continue
        inside_text = doc[inside_start:inside_end].text
        outside_text = doc[outside.start:outside.end].text
        if is_acronym(inside_text) and schwartz_hearst(inside_text, outside_text):
            found.append((outside.start, outside.end, inside_start, inside_end))
        elif is_acronym(outside_text) and schwartz_hearst(outside_text, inside_text):
            inner = by_start.get(inside_start)
            inner_end = inner.end if inner is not None else inside_end
            found.append((inside_start, inner_end, outside.start, outside.end))
        else:
            # The model's span is too short ("Isles Transport Partnership (WITP)").
            long_span = _long_form_before(doc, token.i, inside_text)
            if long_span is not None:
                found.append((long_span[0], long_span[1], inside_start, inside_end))
    return found


def _long_form_before(doc: Doc, bracket: int, short: str) -> tuple[int, int] | None:
    if not is_acronym(short):
        return None
    stop = actor_lexicon().initial_stopwords
    letters = len([c for c in short if c.isalpha()])
    for start in range(bracket - 1, max(-1, bracket - letters - 5), -1):
        token = doc[start]
        if token.is_space:
            continue  # a line break inside the name
        if not (token.text[:1].isupper() or token.lower_ in stop) or token.is_sent_start \
                and token.lower_ == "the":
            break
        words = [t.text for t in doc[start:bracket] if not t.is_space]
        if token.text[:1].isupper() and len(words) >= 2 and matches_initials(short, words, stop):
            return start, bracket
    return None


def _canonical_name(members: list[_Form]) -> str:
    for form in members:
        if form.entry is not None:
            return form.entry.name
    names = [f for f in members if not f.acronym and f.hows.get("pronoun", 0) == 0] or members
    # The fullest written form: most words, then most frequent, then earliest.
    best = max(names, key=lambda f: (len(f.words), f.count, -f.first))
    return best.text


def _link_forms(doc: Doc, cands: list[_Cand], cand_key: list[str], forms: dict[str, _Form],
                union: _Union, definitions: list[tuple[int, int, int, int]],
                registry: Registry, lex: ActorLexicon) -> None:
    key_at = {}
    for cand, key in zip(cands, cand_key, strict=True):
        key_at[cand.start] = key
    stop = lex.initial_stopwords

    # 1. registry: forms naming the same entry are one actor.
    by_entry: dict[int, str] = {}
    for key, form in forms.items():
        if form.entry is not None:
            first = by_entry.setdefault(id(form.entry), key)
            union.union(first, key)

    # 2. acronym definitions in brackets.
    for long_start, _, short_start, _ in definitions:
        long_key, short_key = key_at.get(long_start), key_at.get(short_start)
        if long_key and short_key:
            union.union(long_key, short_key)

    ordered = sorted(forms.values(), key=lambda f: f.first)
    names = [f for f in ordered if not f.key.startswith("group:")]

    # 3. a bare acronym equal to a longer name minus qualifiers ("GPC" ~ "GPC England").
    for short in names:
        if not short.acronym:
            continue
        for long in names:
            if long is short or len(long.words) < 2:
                continue
            # A registry name lists its own aliases; "NHS" is not "NHS England".
            if long.entry is not None:
                continue
            if long.words[0].casefold() == short.words[0].casefold() and all(
                    w.casefold().strip(".") in lex.name_qualifiers for w in long.words[1:]):
                union.union(long.key, short.key)

    # 4. token alignment with acronym expansion ("GPC England" ~ "BMA GP Committee England").
    for short in names:
        if len(short.words) < 2 or not any(is_acronym(w) for w in short.words):
            continue
        for long in names:
            if long is not short and len(long.words) > len(short.words) and _align(
                    short.words, long.words, stop):
                union.union(long.key, short.key)

    # 5. an unlinked acronym spelled by the initials of a name (nearest earlier one first).
    for short in names:
        if not short.acronym or union.linked(short.key):
            continue
        candidates = [f for f in names if f is not short and not f.acronym and len(f.words) > 1
                      and matches_initials(short.words[0], f.words, stop)]
        if candidates:
            earlier = [f for f in candidates if f.first < short.first]
            target = earlier[-1] if earlier else candidates[0]
            # Initials may spell a person ("KBS"), whatever label the model gave the acronym.
            union.union(target.key, short.key, any_kind=True)

    # 6. surnames: one word (or rank + word, "DCI Pryce") equal to the last word of a
    # person's full name, whatever label the model gave the short form.
    persons = [f for f in names if len(f.words) > 1 and _main_kind([f]) == "person"]
    for short in names:
        if short.acronym or short in persons and len(short.words) > 1 and not all(
                lex.is_title(w) or is_acronym(w) for w in short.words[:-1]):
            continue
        if len(short.words) > 1 and not all(lex.is_title(w) or is_acronym(w)
                                            for w in short.words[:-1]):
            continue
        word = short.words[-1].casefold()
        candidates = [f for f in persons if f is not short and f.words[-1].casefold() == word]
        if candidates:
            earlier = [f for f in candidates if f.first < short.first]
            target = earlier[-1] if earlier else candidates[0]
            union.union(target.key, short.key, any_kind=True)

    # 6b. short organisation names: the first words of a longer organisation name ("Medora"
    # for "Medora Systems") or its last word ("the Post"), when only one name fits.
    orgs = [f for f in names if len(f.words) > 1 and _main_kind([f]) == "organisation"]
    located = {key for cand, key in zip(cands, cand_key, strict=True)
               if doc[cand.start].dep_ == "pobj" and cand.end - cand.start == 1
               and doc[cand.start].head.lower_ in LOCATIVE_PREPOSITIONS}
    for short in names:
        if short.acronym:
            continue
        words = [w.casefold() for w in short.words]
        if len(words) == 1 and (words[0] in lex.generic_name_words
                                or short.key in located):
            continue  # a lone word used as a place ("clinic in Samford") is not a short name
        prefix = [f for f in orgs if len(f.words) > len(words)
                  and [w.casefold() for w in f.words[:len(words)]] == words]
        suffix = [f for f in orgs if len(words) == 1 and f.words[-1].casefold() == words[0]
                  and _main_kind([short]) == "organisation"]
        if short in persons:
            suffix = []  # a person's name that ends like a company is still a person
        for candidates in (prefix, suffix):
            roots = {union.find(f.key) for f in candidates}
            if len(roots) == 1:
                union.union(candidates[0].key, short.key, any_kind=True)
                break

    # 7. "the BMA's GP committee": a noun phrase whose possessor is an actor and whose words
    # all appear in an organisation named earlier.
    _possessor_phrases(doc, cands, cand_key, forms, union, names)


def _first_possessors(doc: Doc) -> dict[int, int]:
    """head index -> index of its first "poss" child, heads in document order. Read from the
    parse arrays: walking every token's children costs more than the rest of the search."""
    if not len(doc):
        return {}
    from spacy.attrs import DEP, HEAD

    poss = doc.vocab.strings["poss"]
    first: dict[int, int] = {}
    # HEAD is the offset to the head (stored unsigned: int64 restores negative offsets)
    for j, (dep, offset) in enumerate(doc.to_array([DEP, HEAD]).astype("int64").tolist()):
        if dep == poss and offset:
            first.setdefault(j + offset, j)  # j ascends: the first poss child is kept
    return dict(sorted(first.items()))


def _possessor_phrases(doc: Doc, cands: list[_Cand], cand_key: list[str],
                       forms: dict[str, _Form], union: _Union, names: list[_Form]) -> None:
    key_by_token = {}
    for cand, key in zip(cands, cand_key, strict=True):
        for i in range(cand.start, cand.end):
            key_by_token[i] = key
    for head, first in _first_possessors(doc).items():
        token = doc[head]
        if token.pos_ != "NOUN" or token.i in key_by_token:
            continue
        possessor = doc[first]
        if possessor.i not in key_by_token:
            continue
        words = [c.text for c in token.lefts if c.dep_ in ("compound", "amod")
                 and c.i > possessor.i] + [token.text]
        if len(words) < 2:
            continue  # "the BMA's committee" alone is too vague to pick a committee
        owner = union.find(key_by_token[possessor.i])
        owner_words = {w.casefold() for f in union.members(owner) for w in f.words}
        wanted = {w.casefold() for w in words}
        for form in names:
            if form.first >= token.i:
                break
            form_words = {w.casefold() for w in form.words}
            if wanted <= form_words and owner_words & form_words:
                start = min(c.i for c in token.lefts if c.dep_ in ("compound", "amod")
                            and c.i > possessor.i)
                cand = _Cand(start, token.i + 1, "organisation", "coreference")
                key = alias_key(doc[start:token.i + 1].text)
                if key not in forms:
                    forms[key] = _Form(key, doc[start:token.i + 1].text,
                                       _words(doc[start:token.i + 1].text), start)
                    union.parent[key] = key
                forms[key].count += 1
                forms[key].kinds["organisation"] += 1
                forms[key].hows["coreference"] += 1
                cands.append(cand)
                cand_key.append(key)
                union.union(form.key, key)
                break
    order = sorted(range(len(cands)), key=lambda i: cands[i].start)
    cands[:] = [cands[i] for i in order]
    cand_key[:] = [cand_key[i] for i in order]

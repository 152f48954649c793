"""Mentions beyond the entities: acting groups, proper-noun subjects, runs of names, repeats of
known names, and the roles (titles) of people.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.acronyms import is_acronym
from pipeline.extract.actors.base import DETERMINERS, _Cand, _title_case
from pipeline.extract.actors.entities import DAY_WORDS, _not_an_actor_name, _surname_elsewhere
from pipeline.extract.doctext import doc_words
from pipeline.extract.lexicon import ActorLexicon, actor_lexicon


def _group_candidates(doc: Doc, taken: set[int], lex: ActorLexicon,
                      names: list[_Cand] | None = None) -> list[_Cand]:
    """Plural groups (and "the government") that are the subject of a verb somewhere in the
    document; every mention of such a group is kept, so events can name it as a target."""
    # Organisations named so far, for "the council" after "Ashcombe District Council": a
    # definite description of a named body is that body (resolved by speakers.py), no group.
    named = [(c.start, [doc[c.start:c.end].text]) for c in names or []
             if c.kind == "organisation"]
    found: dict[str, list[int]] = {}
    acting: set[str] = set()
    for token in doc:
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = token.lemma_.lower()
        if lemma not in lex.groups:
            low = token.lower_
            lemma = low[:-1] if low.endswith("s") and low[:-1] in lex.groups else lemma
        if lemma not in lex.groups:
            continue
        plural = token.tag_ in ("NNS", "NNPS") or (token.lower_ != lemma and token.lower_
                                                   .endswith("s"))
        collective = lemma in lex.collective_singular and any(
            child.lower_ == "the" for child in token.children)
        if not (plural or collective):
            continue
        if collective and not plural and lemma in lex.nominal_heads and any(
                start < token.i and lex.nominal_match(lemma, texts) == 2
                for start, texts in named):
            continue
        if token.dep_ == "compound":
            continue  # "practice staff", "GP partners": a modifier, not the group itself
        found.setdefault(lemma, []).append(token.i)
        if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX"):
            acting.add(lemma)
    cands = []
    for lemma, positions in found.items():
        if lemma not in acting:
            continue
        for i in positions:
            cands.append(_Cand(i, i + 1, "group", "group"))
    return cands


def _proper_noun_subjects(doc: Doc) -> list[Token]:
    """The tokens tagged PROPN and nsubj, in order, found on the parse arrays: a Token per
    word of the document costs more than the search itself."""
    if not len(doc):
        return []
    from spacy.attrs import DEP, POS

    propn, nsubj = doc.vocab.strings["PROPN"], doc.vocab.strings["nsubj"]
    return [doc[i] for i, (pos, dep) in enumerate(doc.to_array([POS, DEP]).tolist())
            if pos == propn and dep == nsubj]


def _propn_subjects(doc: Doc, taken: set[int]) -> list[_Cand]:
    """Proper-noun subjects the model left unlabelled ("Pulse has contacted …"): treated as
    organisations, since people's names are the model's strongest label."""
    lex = actor_lexicon()
    cands = []
    for token in _proper_noun_subjects(doc):
        if (token.pos_ != "PROPN" or token.dep_ != "nsubj" or token.i in taken
                or not token.text[:1].isupper() or token.head.pos_ not in ("VERB", "AUX")):
            continue
        if token.is_sent_start and token.tag_ != "NNP":
            continue
        start = token.i
        # compounds may nest ("Care" -> "Standards" -> "Inspectorate"): any word of the name
        # so far can be the head
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and start <= doc[start - 1].head.i <= token.i and start - 1 not in taken \
                and doc[start - 1].ent_type_ not in ("DATE", "TIME") \
                and doc[start - 1].lower_ not in DAY_WORDS \
                and not (doc[start - 1].is_sent_start and _common_noun(doc[start - 1].lower_, lex)):
            start -= 1
        if start >= 3 and doc[start - 1].text in ("'", "’") and doc[start - 1].dep_ == "case" \
                and doc[start - 2].dep_ == "poss" and doc[start - 2].head.i == token.i \
                and doc[start - 2].lower_.endswith("s") and doc[start - 2].text[:1].isupper():
            # "The Ashcombe Traders' Association": a plural possessive inside the name
            start = doc[start - 2].left_edge.i
            while start < token.i and (doc[start].lower_ in DETERMINERS
                                       or not doc[start].text[:1].isupper()):
                start += 1
        if any(i in taken for i in range(start, token.i + 1)) or _not_an_actor_name(
                doc, start, token.i + 1, lex):
            continue
        kind, roles = "organisation", []
        if token.i > start and lex.is_title(doc[start].lower_):
            # "Mr Justice Harcourt granted …": a courtesy or office title says a person
            titles = []
            while start < token.i and lex.is_title(doc[start].lower_):
                if lex.is_role_title(doc[start].lower_):
                    titles.append(doc[start].text)
                start += 1
            kind, roles = "person", [" ".join(titles)] if titles else []
        elif start == token.i and (token.lower_ in lex.role_nouns
                                   or lex.is_title(token.lower_)) and \
                not _surname_elsewhere(doc, token):
            continue  # a capitalised role word ("Counsel for the claimants") names nobody
        cands.append(_Cand(start, token.i + 1, kind, "propn", roles=roles, prio=0))
    return cands


def _grow_to_known_prefix(doc: Doc, cands: list[_Cand]) -> None:
    """"Island Link said …" where the model labelled only "Link": a capitalised compound
    just before a mention joins it when together they begin an organisation named in the
    document ("Island Link Ferries"), so the short form is that organisation's alias."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    orgs = [[t.lower_ for t in doc[c.start:c.end]] for c in cands if c.kind == "organisation"]
    for cand in cands:
        start = cand.start
        while start > 0 and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].dep_ == "compound" and doc[start - 1].text[:1].isupper() \
                and cand.start <= doc[start - 1].head.i < cand.end:
            start -= 1
        if start == cand.start:
            continue
        words = [t.lower_ for t in doc[start:cand.end]]
        if any(len(org) > len(words) and org[:len(words)] == words for org in orgs):
            taken |= set(range(start, cand.start))
            cand.start, cand.kind = start, "organisation"


def _common_noun(word: str, lex: ActorLexicon) -> bool:
    """A description word ("Developer Kestrel Homes said" at a sentence start): capitalised
    by position, not part of the name."""
    return word in lex.speaker_nominals or word in lex.role_nouns or word in lex.groups


NAME_CONNECTORS = {"of", "for", "and", "&", "on"}


def _join_name_runs(doc: Doc, cands: list[_Cand], lex: ActorLexicon) -> list[_Cand]:
    """"Department for Schools and Families" cut by the model into "Department" and
    "Families": a run of capitalised words joined by of/for/and that starts and ends in
    capitals and contains an organisation mention becomes one organisation name."""
    by_start = {c.start: c for c in cands}
    out = list(cands)
    i = 0
    while i < len(doc):
        token = doc[i]
        if not (token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN")) or (
                token.is_sent_start and token.pos_ == "NOUN"):
            # (a sentence-initial common noun is capitalised by position: "Shares of X")
            i += 1
            continue
        j = i
        has_of = False
        while j + 1 < len(doc):
            nxt = doc[j + 1]
            if nxt.text[:1].isupper() and nxt.pos_ in ("PROPN", "NOUN") and not nxt.is_sent_start:
                j += 1
            elif (nxt.is_lower and nxt.lower_ in NAME_CONNECTORS and j + 2 < len(doc)
                  and doc[j + 2].text[:1].isupper() and doc[j + 2].pos_ in ("PROPN", "NOUN")
                  and (has_of or nxt.lower_ in ("of", "for"))):
                has_of = True
                j += 2
            else:
                break
        inside = [c for c in out if i <= c.start and c.end <= j + 1]
        crossing = [c for c in out if c.start < i < c.end or c.start <= j < c.end - 1]
        if has_of and j - i < 9 and not crossing and any(
                c.kind == "organisation" for c in inside) and not any(
                c.entry is not None or c.kind == "person" for c in inside) \
                and not _title_case(token.sent):
            out = [c for c in out if c not in inside]
            out.append(_Cand(i, j + 1, "organisation", "ner"))
        i = j + 1
    del by_start
    return sorted(out, key=lambda c: c.start)


def _repeats(doc: Doc, cands: list[_Cand], blocked: set[int]) -> list[_Cand]:
    """Later occurrences of a name already found (acronyms and multi-word names, exact
    spelling) that the model did not label: "URSW would not call off the strike"."""
    # The token texts as strings (built once per Doc): this scans every token.
    texts = doc_words(doc)
    known: dict[tuple[str, ...], _Cand] = {}
    for cand in cands:
        words = tuple(texts[cand.start:cand.end])
        if cand.kind == "group":
            continue
        if len(words) > 1 or is_acronym(words[0]):
            known.setdefault(words, cand)
    if not known:
        return []
    taken = {i for c in cands for i in range(c.start, c.end)} | blocked
    found = []
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for words in known:
        firsts.setdefault(words[0], []).append(words)
    # Longest first (a stable sort: equal lengths keep their order), sorted once.
    longest_first = {first: sorted(forms, key=len, reverse=True)
                     for first, forms in firsts.items()}
    size = len(texts)
    for start, text in enumerate(texts):
        for words in longest_first.get(text, ()):
            end = start + len(words)
            if end > size or any(i in taken for i in range(start, end)):
                continue
            if tuple(texts[start:end]) == words:
                source = known[words]
                found.append(_Cand(start, end, source.kind, "ner", entry=source.entry))
                taken |= set(range(start, end))
                break
    return found


def _choose(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping mentions: longer first, the registry winning ties and any span it
    covers; a registry name inside a longer entity ("BMA" in "BMA GP Committee") loses."""
    chosen: list[_Cand] = []
    used: set[int] = set()
    for cand in sorted(cands, key=lambda c: (-c.length(), -c.prio, c.start)):
        tokens = set(range(cand.start, cand.end))
        if tokens & used:
            continue
        chosen.append(cand)
        used |= tokens
    return sorted(chosen, key=lambda c: c.start)


def _roles(doc: Doc, cand: _Cand, lex: ActorLexicon) -> list[str]:
    """Roles written with a person: the words before the name in the same noun phrase ("GPC
    England chair Dr …") and an appositive after it ("…, chair of the BMA,")."""
    roles = list(cand.roles)
    i = cand.start - 1
    left = cand.start
    while i >= 0:
        token = doc[i]
        if (token.is_punct or token.lower_ in DETERMINERS or token.dep_ in ("poss", "case")
                or token.ent_type_ in ("DATE", "TIME") or token.dep_ == "npadvmod"):
            break  # "Yesterday GPC England deputy chair …": a date is not part of a role
        if token.head.i < cand.start - 0 and token.head.i < i:
            break
        if not (cand.start <= token.head.i < cand.end or left <= token.head.i < cand.end
                or token.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod")):
            break
        left = i
        i -= 1
    words = [t for t in doc[left:cand.start] if t.lower_ not in lex.honorifics]
    # Titles trimmed from the entity itself are already in `roles`.
    if words and any(t.lower_ in lex.role_nouns or t.lower_ in lex.title_roles for t in words):
        text = " ".join(t.text for t in words).strip()
        if text and text not in roles:
            roles = [r for r in roles if r not in text] + [text]
    root = doc[cand.start:cand.end].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= cand.end and child.lower_ in lex.role_nouns:
            text = doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,")
            if 0 < len(text) <= 80 and text not in roles:
                roles.append(text)
    return roles

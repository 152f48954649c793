"""Actors: who appears in a document, under one canonical entry each.

1. Mentions: spaCy's ORG/PERSON/NORP/GPE/PRODUCT entities, corrected by a `SpanRuler` fed from
   the actor registry (registry names win over the model's span and label; `not_an_actor`
   names are dropped), trimmed of determiners, titles (kept as roles) and possessives. Groups
   ("GPs", "the government") count when they are the subject of a verb.
2. Canonicalisation (union of name forms): registry aliases, bracketed acronym definitions
   (Schwartz–Hearst), bare acronyms equal to a longer name minus a qualifier ("GPC" ~ "GPC
   England"), token alignment with acronym expansion ("GPC England" ~ "BMA GP Committee
   England"), acronyms spelled by an earlier name's initials, surnames, short organisation
   names and possessor phrases ("the BMA's GP committee").
3. Speakers: pronoun and nominal subjects of speech verbs (`speakers.py`).

The canonical name is the registry's, else the longest written form; the id is its slug, so
the same name gives the same id in every document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.extract.acronyms import is_acronym, matches_initials, schwartz_hearst
from pipeline.extract.lexicon import ActorLexicon, actor_lexicon
from pipeline.extract.registry import Registry, RegistryEntry, alias_key, load_registry
from pipeline.record import Actor, Mention

__all__ = ["ActorIndex", "find_actors", "slugify"]

ENTITY_KINDS = {"ORG": "organisation", "PERSON": "person", "NORP": "group", "GPE": "place",
                "PRODUCT": "product"}
# Dependencies that make a place an actor ("Russia denied", "France's offer", "talks with
# China"), unlike a location ("in England").
ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "agent", "appos", "conj", "dative"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
POSSESSIVE_TOKENS = {"'s", "’s", "'", "’", "s"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
KIND_PRIORITY = ("organisation", "person", "product", "group", "place")


def slugify(name: str) -> str:
    """The stable id of a canonical name: ASCII, lower case, words joined by hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.replace("&", " and ").replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "actor"


@dataclass
class ActorIndex:
    actors: list[Actor] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)
    resolutions: list[dict] = field(default_factory=list)
    char_spans: list[tuple[int, int, str]] = field(default_factory=list, repr=False)

    def actor_at_token(self, i: int) -> str | None:
        return self.token_actor.get(i)

    def actor_for_span(self, start_char: int, end_char: int) -> str | None:
        """The actor of the mention overlapping [start_char, end_char) most; ties go to the
        mention that starts later (in "the BMA's GP committee" the head, not the possessor)."""
        best, best_key = None, (0, -1)
        for start, end, actor_id in self.char_spans:
            overlap = min(end, end_char) - max(start, start_char)
            if overlap > 0 and (overlap, start) > best_key:
                best, best_key = actor_id, (overlap, start)
        return best

    def by_id(self, actor_id: str) -> Actor | None:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None


@dataclass
class _Cand:
    start: int  # token index
    end: int  # token index, exclusive
    kind: str
    how: str
    entry: RegistryEntry | None = None
    roles: list[str] = field(default_factory=list)
    prio: int = 1

    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Form:
    key: str
    text: str
    words: list[str]
    first: int
    kinds: Counter = field(default_factory=Counter)
    entry: RegistryEntry | None = None
    count: int = 0
    hows: Counter = field(default_factory=Counter)

    @property
    def acronym(self) -> bool:
        return len(self.words) == 1 and is_acronym(self.words[0])


# ---------------------------------------------------------------------------------------------
# registry spans through a SpanRuler

_RULERS: dict[tuple[str, int], tuple[object, dict[str, RegistryEntry]]] = {}
SPANS_KEY = "dateline_registry"


def _token_pattern(words: list[str]) -> list[dict]:
    pattern = []
    for word in words:
        letters = [c for c in word if c.isalpha()]
        # All-capitals names match case-sensitively so "NICE"/"WHO" never match "nice"/"who".
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            pattern.append({"ORTH": word})
        else:
            pattern.append({"LOWER": word.lower()})
    return pattern


def _ruler_for(doc: Doc, registry: Registry):
    key = (registry.signature(), id(doc.vocab))
    cached = _RULERS.get(key)
    if cached is not None:
        return cached
    import spacy
    from spacy.pipeline import SpanRuler

    blank = spacy.blank("en", vocab=doc.vocab)
    ruler = SpanRuler(blank, name="actor_registry", spans_key=SPANS_KEY, overwrite=True,
                      validate=False)
    patterns, entries = [], {}
    for number, (alias, entry) in enumerate(registry.all_aliases()):
        label = f"R{number}"
        entries[label] = entry
        variants = {alias, alias.replace("'", "’"), alias.replace("’", "'")}
        for variant in variants:
            words = [t.text for t in blank.tokenizer(variant)]
            patterns.append({"label": label, "pattern": _token_pattern(words)})
    ruler.add_patterns(patterns)
    _RULERS[key] = (ruler, entries)
    if len(_RULERS) > 16:  # registries change rarely; keep the cache small anyway
        _RULERS.pop(next(iter(_RULERS)))
    return ruler, entries


def _registry_spans(doc: Doc, registry: Registry) -> list[_Cand]:
    if not registry.entries:
        return []
    ruler, entries = _ruler_for(doc, registry)
    ruler(doc)
    cands = []
    for span in doc.spans[SPANS_KEY]:
        entry = entries[span.label_]
        cands.append(_Cand(span.start, span.end, entry.kind, "registry", entry=entry, prio=2))
    return cands


# ---------------------------------------------------------------------------------------------
# mention candidates

DAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "yesterday", "today", "tomorrow", "tonight"})


def _trim(doc: Doc, start: int, end: int, lex: ActorLexicon, person: bool) -> tuple[int, int,
                                                                                      list[str]]:
    """Drop determiners, titles (returned as roles when they are offices) and possessives."""
    titles: list[str] = []
    while start < end:
        token = doc[start]
        low = token.lower_
        if low in DETERMINERS or token.is_punct:
            start += 1
        elif end - start > 1 and low in DAY_WORDS:
            # The small model glues a sentence-initial day onto the name that follows it
            # ("Friday GPC England told ..."): the day is a time expression, not the actor.
            start += 1
        elif end - start > 1 and (lex.is_title(low) if person else low in lex.honorifics):
            # Office words only leave a person's name: "General Motors" keeps its "General".
            if lex.is_role_title(low):
                titles.append(token.text)
            start += 1
        else:
            break
    # Consecutive office words are one role ("Detective Chief Inspector").
    titles = [" ".join(titles)] if titles else []
    while end > start and (doc[end - 1].text in POSSESSIVE_TOKENS or doc[end - 1].is_punct):
        end -= 1
    if person and end - start > 1:
        # A person entity that swallowed a role ("GPC England chair Katie X"): keep the name
        # after the last lower-case or title word.
        cut = start
        for i in range(start, end - 1):
            word = doc[i]
            # An all-capitals word before a name is a rank ("DCI Pryce"), not part of it.
            if word.is_lower or lex.is_title(word.lower_) or is_acronym(word.text):
                cut = i + 1
        start = cut
    return start, end, titles


def _extend_org(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """An ORG entity cut before the last proper noun of its name ("BMA GP Committee|England’s
    suggestions") grows over it when the parse makes it part of the same name."""
    grown = 0
    while end < len(doc) and grown < 2:
        nxt = doc[end]
        last = doc[end - 1]
        if (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and end not in taken
                and last.dep_ == "compound" and last.head.i >= end and not nxt.is_sent_start):
            end += 1
            grown += 1
        else:
            break
    return end


def _entity_candidates(doc: Doc, lex: ActorLexicon) -> list[_Cand]:
    cands: list[_Cand] = []
    ent_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    short_forms = _company_short_forms(doc, lex)
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None:
            continue
        person = kind == "person"
        ent_start, ent_end = ent.start, ent.end
        # "Community Pharmacy Guild of Wessex (CPGW": a bracket ends the name; the acronym
        # inside is found by the definition rule.
        bracket = next((t.i for t in ent if t.text in "()"), None)
        if bracket is not None and bracket > ent_start:
            ent_end = bracket
        start, end, titles = _trim(doc, ent_start, ent_end, lex, person)
        verb = next((t.i for t in doc[start:end] if t.pos_ in ("VERB", "AUX")
                     and t.is_lower and t.is_alpha), None)
        if verb is not None:
            end = verb  # "Garrett hit Rudolph" read as one name: the name ends at the verb
        if start >= end:
            continue
        if _not_an_actor_name(doc, start, end, lex):
            continue
        if end - start == 1 and kind in ("organisation", "person") and (
                doc[start].lower_ in lex.role_nouns or lex.is_title(doc[start].lower_)) and \
                not _surname_elsewhere(doc, doc[start]):
            continue  # "Counsel for the claimants" labelled ORG: a role word names nobody
        if end - start > 1 and doc[end - 1].lower_.strip(".") in lex.post_nominals:
            end -= 1  # "Simone Achterberg KC": a post-nominal is a person's, not the name
            kind = "person"
        if kind == "organisation" and start > ent_start and any(
                lex.is_title(t.lower_) for t in doc[ent_start:start]):
            kind = "person"  # "Councillor Priya Raman" labelled ORG: the title says so
        kind = _kind_from_context(doc, start, end, kind, lex)
        person = kind == "person"
        span = doc[start:end]
        text = span.text
        if not any(c.isalpha() for c in text):
            continue
        if end - start > 3 and _title_case(span.sent):
            continue  # "Bernie Sanders Promises Action On …": a headline, not a name
        root = span.root
        if kind == "group":
            # NORP as an adjective ("Democratic nominee", "British") is not an actor.
            if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound"):
                continue
            if not root.tag_.endswith("S") and root.dep_ not in SUBJECT_DEPS:
                continue
        if kind == "place":
            if root.dep_ not in ACTING_DEPS or (root.dep_ == "conj" and root.head.dep_ == "pobj"):
                continue
        if kind == "organisation":
            end = _extend_org(doc, start, end, ent_tokens - set(range(ent.start, ent.end)))
        if person and len(span) == 1 and is_acronym(text):
            kind = "organisation"  # people are not written in capitals; "GDPR" is no person
        if person and span[-1].tag_ == "NNPS":
            kind = "organisation"  # names of people are not plural ("Coastline Trains")
        if person and len(span) > 1 and span[-1].lower_ in lex.business_heads \
                and not _has_first_name(span, lex):
            kind = "organisation"  # "Hallam Freight", "Larkfield Hosting": a trade word
        if person and (span[-1].lower_.rstrip(".") in lex.legal_suffixes
                       or text in short_forms):
            kind = "organisation"  # "Lumora Inc", and "Lumora" where the text has "Lumora Inc"
        if alias_key(text) in lex.groups or alias_key(text).rstrip("s") in lex.groups:
            continue  # "GP", "GPs" as ORG: a group, found by `_group_candidates`
        kind = _kind_from_reported_pronoun(span, kind, lex)
        kind = _kind_from_apposition(span, kind, lex)
        cand = _Cand(start, end, kind, "ner", roles=titles)
        cands.append(cand)
    return cands


def _company_short_forms(doc: Doc, lex: ActorLexicon) -> set[str]:
    """Names the text gives elsewhere with a legal ending: "Lumora" for "Lumora Inc"."""
    return {e[:-1].text for e in doc.ents
            if len(e) > 1 and e[-1].lower_.rstrip(".") in lex.legal_suffixes}


# Identifiers the model labels ORG: "CVE-2024-51877", "RFC 9110"-like codes with digits.
_IDENTIFIER = re.compile(r"^[A-Z]{2,}[- ]?\d[\w-]*$")


def _surname_elsewhere(doc: Doc, word: Token) -> bool:
    """Whether a word that can be a role ("King", "Judge") is someone's surname in this text:
    it follows a capitalised first name somewhere ("Don King … King said")."""
    lex = actor_lexicon()
    return any(t.text == word.text and t.i > 0 and doc[t.i - 1].pos_ == "PROPN"
               and doc[t.i - 1].text[:1].isupper()
               and not lex.is_title(doc[t.i - 1].lower_)
               and doc[t.i - 1].lower_ not in lex.role_nouns for t in doc)


def _not_an_actor_name(doc: Doc, start: int, end: int, lex: ActorLexicon) -> bool:
    """Names that are not actors whatever the label: identifiers, laws ("Trade Union Act"),
    and venues named as where something happens ("gathered at the Corn Exchange")."""
    span = doc[start:end]
    if _IDENTIFIER.match(span.text.replace("\u2011", "-")):
        return True
    last = doc[end - 1]
    if end - start > 1 and last.lower_ in lex.law_words and last.text[:1].isupper():
        return True
    root = span.root
    # only where something happens ("at", "in"): "from Downing Street", "a spokesman at
    # Downing Street said" and a venue that is a subject elsewhere still act
    return (end - start > 1 and last.lower_ in lex.venue_words and root.dep_ == "pobj"
            and root.head.lower_ in VENUE_PREPOSITIONS
            and not _spokes_head(root.head.head)
            and not _subject_elsewhere(doc, span))


VENUE_PREPOSITIONS = frozenset({"at", "in", "outside", "inside"})


def _spokes_head(token: Token) -> bool:
    return token.lower_ in ("spokesman", "spokeswoman", "spokesperson", "source", "sources",
                            "official", "officials", "aide", "aides")


def _subject_elsewhere(doc: Doc, span: Span) -> bool:
    """The same words are a clause subject somewhere in the text ("Downing Street said")."""
    words = [t.lower_ for t in span]
    size = len(words)
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.i - size + 1 >= 0
               and [w.lower_ for w in doc[t.i - size + 1:t.i + 1]] == words for t in doc)


def _has_first_name(span: Span, lex: ActorLexicon) -> bool:
    first = span[0].lower_
    return first in lex.male_names or first in lex.female_names


def _kind_from_reported_pronoun(span: Span, kind: str, lex: ActorLexicon) -> str:
    """"Coastline Trains said it was disappointed": the pronoun the speaker uses for itself
    in the reported clause says person (he/she) or organisation (it)."""
    root = span.root
    if kind not in ("person", "organisation") or root.dep_ not in SUBJECT_DEPS:
        return kind
    verb = root.head
    if verb.lemma_.lower() not in lex.speech_verbs:
        return kind
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        for child in clause.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ in ("it", "its"):
                return "organisation"
            if child.dep_ in SUBJECT_DEPS and child.lower_ in ("he", "she"):
                return "person"
    return kind


def _kind_from_apposition(span: Span, kind: str, lex: ActorLexicon) -> str:
    """"Beruff, a Scott ally," / "Jolly, who was elected …": a person's role noun in
    apposition, or a relative clause opened by "who", says a name is a person's."""
    if kind not in ("organisation", "product"):
        return kind
    root = span.root
    for child in root.children:
        if child.i < span.end:
            continue
        if child.dep_ == "appos" and child.tag_ == "NN" and child.lemma_.lower() in \
                lex.role_nouns and child.lemma_.lower() not in lex.speaker_nominals:
            return "person"
        if child.dep_ == "relcl" and any(c.lower_ == "who" and c.dep_ in SUBJECT_DEPS
                                         for c in child.children):
            return "person"
    return kind


# Speaker nominals that say nothing of what the name is ("a spokesperson, Jo Lee, said").
_NOT_KIND_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative",
                             "statement"})


def _kind_from_context(doc: Doc, start: int, end: int, kind: str, lex: ActorLexicon) -> str:
    """A common noun written just before a name says what it is: "supplier Medora Systems",
    "campaign group Quiet Skies" are organisations; the model often calls them people."""
    if kind == "person" and end - start == 1 and doc[start].dep_ == "compound" \
            and doc[start].head.lemma_.lower() in _NOT_KIND_NOUNS - {"statement"} \
            and not any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == doc[start].text
                        for e in doc.ents):
        # "Ostwick spokeswoman …": a body has a spokeswoman; a politician's surname does
        # too ("Clinton spokesman"), but then the full name appears as a person elsewhere
        return "organisation"
    if start == 0 or kind not in ("person", "organisation", "product"):
        return kind
    first = doc[start].lower_
    has_first_name = kind == "person" and end - start > 1 and (
        first in lex.male_names or first in lex.female_names)
    root = doc[start:end].root
    # "The supplier, Corvid Health, …", "Corvid Health, the supplier, …": an apposition
    # with an organisation noun says the same
    described = [root.head] if root.dep_ == "appos" else []
    described += [c for c in root.children if c.dep_ == "appos"]
    if not has_first_name and any(
            t.is_lower and t.pos_ == "NOUN" and "organisation" in lex.speaker_nominals.get(
                t.lemma_.lower(), ()) and t.lemma_.lower() not in _NOT_KIND_NOUNS
            for t in described):
        return "organisation"
    before = doc[start - 1]
    if before.is_lower and before.lower_ in _NOT_KIND_NOUNS \
            and end - start > 1 and not any(is_acronym(t.text) for t in doc[start:end]):
        return "person"  # "Brightwater spokeswoman Carla Menendez": a spokesperson is a person
    if before.is_lower and before.pos_ == "NOUN":
        first = doc[start].lower_
        if before.lemma_.lower() in lex.speaker_nominals and not (
                kind == "person" and end - start > 1
                and (first in lex.male_names or first in lex.female_names)):
            # ("developer Carlos Beruff" stays a person: a first name outweighs the noun.)
            return "organisation"
        if kind == "organisation" and before.lower_ in lex.role_nouns and end - start > 1 \
                and not any(is_acronym(t.text) for t in doc[start:end]):
            return "person"
    if kind == "organisation" and before.text.isupper() and lex.is_role_title(before.lower_) \
            and end - start > 1 and not any(is_acronym(t.text) for t in doc[start:end]):
        return "person"  # "MP Gareth Lowry" labelled ORG: an office title before the name
    return kind


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


def _propn_subjects(doc: Doc, taken: set[int]) -> list[_Cand]:
    """Proper-noun subjects the model left unlabelled ("Pulse has contacted …"): treated as
    organisations, since people's names are the model's strongest label."""
    lex = actor_lexicon()
    cands = []
    for token in doc:
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
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "across", "around", "outside", "inside", "from",
                         "to", "into", "throughout"}


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


def _title_case(sent: Span) -> bool:
    """A headline in Title Case, where capitals say nothing about names."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


def _repeats(doc: Doc, cands: list[_Cand], blocked: set[int]) -> list[_Cand]:
    """Later occurrences of a name already found (acronyms and multi-word names, exact
    spelling) that the model did not label: "URSW would not call off the strike"."""
    # The token texts once, as strings: this scans every token of the document.
    texts = [t.text for t in doc]
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


def _starts_with_first_name(form: _Form) -> bool:
    lex = actor_lexicon()
    words = form.words
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    first = words[0].casefold()
    return first in lex.male_names or first in lex.female_names


def _main_kind(forms: list[_Form]) -> str:
    for form in forms:
        if form.entry is not None:
            return form.entry.kind
    votes: Counter = Counter()
    # Acronyms are the model's weakest labels ("KBS" as ORG for a person's initials): they
    # vote only when the cluster has no written-out name. Each form votes once with its
    # majority label, weighted by length: a fuller name is the model's better-informed label
    # ("Lucy Adeyemi" PERSON outweighs a lone "Adeyemi" tagged ORG).
    named = [f for f in forms if not f.acronym] or forms
    for form in named:
        if not form.kinds:
            continue
        kind = form.kinds.most_common(1)[0][0]
        if kind == "person" and form.acronym:
            kind = "organisation"  # an acronym's PERSON label is the model's mistake
        votes[kind] += min(len(form.words), 3) + 0.01 * form.count
        if _starts_with_first_name(form):
            # "Carlos Beruff" tagged ORG: a common first name before a surname says person.
            votes["person"] += 3
    if not votes:
        return "organisation"
    best = max(votes.values())
    return next(k for k in KIND_PRIORITY if votes.get(k) == best)


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
    for token in doc:
        if token.text != "(":
            continue
        close = next((t.i for t in doc[token.i + 1:token.i + 12] if t.text == ")"), None)
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


# ---------------------------------------------------------------------------------------------
# the entry point

def find_actors(doc: Doc, registry: Registry | None = None, *,
                issuer_speaks_as_we: bool = False, publisher: str | None = None) -> ActorIndex:
    """Every actor of one parsed document, canonicalised, with speaker resolutions.

    `issuer_speaks_as_we`: the document is a notice or press release, whose "we"/"our"
    outside quotes is the issuing organisation (`publisher`, or the first one named)."""
    from pipeline.extract.issuer import resolve_issuer_pronouns
    from pipeline.extract.speakers import resolve_speakers

    if registry is None:
        registry = load_registry(None)
    lex = actor_lexicon()

    registry_cands = _registry_spans(doc, registry)
    cands = _choose(_entity_candidates(doc, lex) + registry_cands)
    # not_an_actor names take their tokens out of play for every later rule.
    blocked = {i for c in cands if c.entry is not None and c.entry.not_an_actor
               for i in range(c.start, c.end)}
    cands = [c for c in cands if not (c.entry is not None and c.entry.not_an_actor)]
    taken = {i for c in cands for i in range(c.start, c.end)} | blocked
    cands += _group_candidates(doc, taken, lex, cands)
    taken |= {i for c in cands for i in range(c.start, c.end)}
    cands += _propn_subjects(doc, taken)
    _grow_to_known_prefix(doc, cands)
    cands = _join_name_runs(doc, cands, lex)
    cands += _repeats(doc, cands, blocked)
    cands.sort(key=lambda c: c.start)

    # Registry lookup of entity text (a name the ruler missed by tokenisation still counts).
    for cand in cands:
        if cand.entry is None:
            entry = registry.lookup(doc[cand.start:cand.end].text)
            if entry is not None and not entry.not_an_actor:
                cand.entry = entry
                cand.kind = entry.kind
    cands = [c for c in cands if not (c.entry is None and _is_ignored(doc, c, registry))]

    # Acronyms defined in brackets whose short form the model did not label.
    definitions = _acronym_definitions(doc, cands)
    starts = {c.start for c in cands}
    for long_start, long_end, short_start, short_end in definitions:
        # A definition's long form replaces shorter model spans inside it.
        cands = [c for c in cands if not (long_start <= c.start and c.end <= long_end
                                          and (c.start, c.end) != (long_start, long_end))]
        starts = {c.start for c in cands}
        for s, e in ((short_start, short_end), (long_start, long_end)):
            if s not in starts and not any(c.start <= s < c.end for c in cands):
                long_kind = next((c.kind for c in cands if c.start == long_start), "organisation")
                cands.append(_Cand(s, e, long_kind, "acronym"))
                starts.add(s)
    cands += _repeats(doc, cands, blocked)
    cands.sort(key=lambda c: c.start)

    forms: dict[str, _Form] = {}
    cand_key: list[str] = []
    for cand in cands:
        text = doc[cand.start:cand.end].text
        key = alias_key(text)
        if cand.kind == "group":
            key = "group:" + key.rstrip("s")
        form = forms.get(key)
        if form is None:
            form = forms[key] = _Form(key, text, _words(text), cand.start)
        form.kinds[cand.kind] += 1
        form.count += 1
        form.hows[cand.how] += 1
        if cand.entry is not None:
            form.entry = cand.entry
        cand_key.append(key)

    union = _Union(forms)
    _link_forms(doc, cands, cand_key, forms, union, definitions, registry, lex)

    # Build actors from clusters.
    clusters: dict[str, list[_Form]] = {}
    for key in forms:
        clusters.setdefault(union.find(key), []).append(forms[key])
    actor_of_root: dict[str, Actor] = {}
    actors_by_id: dict[str, Actor] = {}
    for root, members in clusters.items():
        members.sort(key=lambda f: f.first)
        kind = _main_kind(members)
        if kind == "group":
            name = lex.groups.get(members[0].key.split(":", 1)[-1], members[0].text) \
                if members[0].key.startswith("group:") else members[0].text
        else:
            name = _canonical_name(members)
        actor_id = slugify(name)
        actor = actors_by_id.get(actor_id)
        if actor is None:
            actor = actors_by_id[actor_id] = Actor(id=actor_id, name=name, kind=kind)
        actor_of_root[root] = actor

    token_actor: dict[int, str] = {}
    for cand, key in zip(cands, cand_key, strict=True):
        actor = actor_of_root[union.find(key)]
        span = doc[cand.start:cand.end]
        how = cand.how
        if how == "ner" and forms[key].entry is not None:
            how = "registry"
        actor.mentions.append(Mention(span.start_char, span.end_char, span.text, how))
        if span.text not in actor.aliases:
            actor.aliases.append(span.text)
        if actor.kind == "person":
            for role in _roles(doc, cand, lex):
                if role not in actor.roles:
                    actor.roles.append(role)
        for i in range(cand.start, cand.end):
            token_actor[i] = actor.id
    _relabel_mentions(actors_by_id, cands, cand_key, forms, union, actor_of_root, definitions)

    index = ActorIndex(actors=[], token_actor=token_actor)
    actors = sorted(actors_by_id.values(),
                    key=lambda a: min((m.start for m in a.mentions), default=0))
    index.actors = actors
    issued = resolve_issuer_pronouns(doc, index, publisher) if issuer_speaks_as_we else []
    index.resolutions = issued + resolve_speakers(doc, index, lex)
    for actor in actors:
        actor.mentions.sort(key=lambda m: m.start)
    index.char_spans = [(m.start, m.end, a.id) for a in actors for m in a.mentions]
    return index


def _is_ignored(doc: Doc, cand: _Cand, registry: Registry) -> bool:
    entry = registry.lookup(doc[cand.start:cand.end].text)
    return entry is not None and entry.not_an_actor


def _relabel_mentions(actors_by_id, cands, cand_key, forms, union, actor_of_root,
                      definitions) -> None:
    """Say how each mention was tied to its actor: a form other than the canonical name got
    there by an acronym or surname rule (the store turns `how` into the alias source)."""
    for actor in actors_by_id.values():
        canonical = alias_key(actor.name)
        for mention in actor.mentions:
            if mention.how not in ("ner", "propn") or alias_key(mention.text) == canonical:
                continue
            words = _words(mention.text)
            if len(words) == 1 and is_acronym(words[0]):
                mention.how = "acronym"
            elif actor.kind == "person" and len(words) < len(_words(actor.name)):
                mention.how = "surname"
            else:
                mention.how = "coreference"


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


def _possessor_phrases(doc: Doc, cands: list[_Cand], cand_key: list[str],
                       forms: dict[str, _Form], union: _Union, names: list[_Form]) -> None:
    key_by_token = {}
    for cand, key in zip(cands, cand_key, strict=True):
        for i in range(cand.start, cand.end):
            key_by_token[i] = key
    for token in doc:
        if token.pos_ != "NOUN" or token.i in key_by_token:
            continue
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessor is None or possessor.i not in key_by_token:
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


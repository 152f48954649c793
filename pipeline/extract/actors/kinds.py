"""What kind of actor a name is (person, organisation, group …) when the entity label is not to
be trusted: reported pronouns, appositions, context nouns, and the kind a union of forms takes.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from pipeline.extract.acronyms import is_acronym
from pipeline.extract.actors.base import KIND_PRIORITY, SUBJECT_DEPS, _Form
from pipeline.extract.lexicon import ActorLexicon, actor_lexicon


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

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
3. Speakers: pronoun and nominal subjects of speech verbs (`speakers/`).

The canonical name is the registry's, else the longest written form; the id is its slug, so
the same name gives the same id in every document.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.acronyms import is_acronym
from pipeline.extract.actors.base import ActorIndex, _Cand, _Form, slugify
from pipeline.extract.actors.canonical import (
    _acronym_definitions,
    _canonical_name,
    _link_forms,
    _Union,
    _words,
)
from pipeline.extract.actors.entities import (
    _entity_candidates,
    _team_candidates,
    _without_posts,
)
from pipeline.extract.actors.kinds import (
    _kind_from_apposition as _kind_from_apposition,
)
from pipeline.extract.actors.kinds import (
    _kind_from_context as _kind_from_context,
)
from pipeline.extract.actors.kinds import (
    _main_kind,
)
from pipeline.extract.actors.mentions import (
    _choose,
    _group_candidates,
    _grow_to_known_prefix,
    _join_name_runs,
    _propn_subjects,
    _repeats,
    _roles,
)
from pipeline.extract.actors.ruler import _registry_spans
from pipeline.extract.lexicon import actor_lexicon
from pipeline.extract.registry import Registry, alias_key, current_registry
from pipeline.record import Actor, Mention

__all__ = ["ActorIndex", "find_actors", "slugify"]


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
        registry = current_registry()
    lex = actor_lexicon()

    registry_cands = _registry_spans(doc, registry)
    cands = _choose(_entity_candidates(doc, lex) + _team_candidates(doc, lex) +
                    registry_cands)
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
    cands = _without_posts(doc, cands, lex)
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

"""Actors across documents: which stored actors are one body or one person, and why.

`merge_actors(actors, aliases, documents, pins)` is a pure function of the whole actor table:
candidate pairs come from name keys (legal suffixes, "Corporation"/"Corp." and punctuation
ignored), aliases written as another actor's name, acronyms defined in any document, and
surnames of full names, and acronyms no document defines spelled by the initials of a name in
the same story; ambiguous acronyms and surnames need shared context (the other actors their
documents mention). Pairs are applied in a sorted order, so the groups do not depend on
the order documents arrived in. User decisions (`dateline actors merge/split/ignore`, kept in
the registry file) win: two actors pinned to different user entries never merge, and ignored
names merge with nothing.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import yaml

from pipeline.extract.acronyms import acronym_letters, initial_variants, is_acronym
from pipeline.extract.lexicon import actor_lexicon
from pipeline.extract.registry import Registry, alias_key
from pipeline.link.config import RESOURCE, LinkConfigError

__all__ = ["ActorRow", "ActorMerge", "CONTEXT_DOCUMENTS", "Context", "MemoryContext",
           "context_documents",
           "merge_actors", "name_key", "is_role_phrase", "user_pins"]

ROLE = "role phrase"
# More candidates than this for one short name: too vague to join any of them.
_MAX_AMBIGUITY = 8
CONTEXT_DOCUMENTS = 50


@dataclass
class ActorRow:
    id: str
    name: str
    kind: str = "organisation"
    mention_count: int = 0
    document_count: int = 0
    aliases: list[tuple[str, str]] = field(default_factory=list)   # (alias, source)


@dataclass(frozen=True)
class ActorMerge:
    actor_id: str
    canonical_id: str | None     # None: a role phrase, no actor at all
    reason: str


@functools.lru_cache(maxsize=1)
def _settings() -> tuple[frozenset[str], float, int]:
    try:
        data = yaml.safe_load(RESOURCE.read_text(encoding="utf-8"))
        heads = frozenset(" ".join(str(h).casefold().split()) for h in data["role_phrase_heads"])
        return heads, float(data["context_overlap"]), int(data["context_min_shared"])
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        raise LinkConfigError(f"{RESOURCE.name}: actor settings: {error}") from error


_PUNCT = re.compile(r"[.,'’\"()]")


@functools.lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A name for comparison: alias_key, punctuation and trailing legal suffixes dropped,
    '&' read as 'and' ("General Motors Corp." == "General Motors Corporation")."""
    suffixes = actor_lexicon().legal_suffixes
    words = _PUNCT.sub(" ", alias_key(name).replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return " ".join(words)


def is_role_phrase(name: str, heads: frozenset[str] | None = None) -> bool:
    """'Apple CEO', 'Northrop Grumman chief executive': words naming a post, after a body."""
    heads = heads if heads is not None else _settings()[0]
    words = alias_key(name).split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]) in heads:
            return True
    return False


def user_pins(registry: Registry | None) -> tuple[dict[str, int], set[str]]:
    """Name keys of the user's registry entries -> entry number, and the ignored name keys."""
    pins: dict[str, int] = {}
    ignored: set[str] = set()
    if registry is None:
        return pins, ignored
    for number, entry in enumerate(registry.entries):
        if entry.source != "user":
            continue
        for name in entry.names():
            # Exact names: the user may keep apart what the rules call one name.
            if entry.not_an_actor:
                ignored.add(alias_key(name))
            else:
                pins[alias_key(name)] = number
    return pins, ignored


class _Groups:
    """Union-find whose groups remember their user pin and whether they hold a person."""

    def __init__(self, actors: dict[str, ActorRow], pins: dict[str, int]) -> None:
        self.parent = {a: a for a in actors}
        self.pin: dict[str, int | None] = {}
        for actor in actors.values():
            keys = {alias_key(actor.name)} | {alias_key(a) for a, s in actor.aliases if s == "user"}
            found = {pins[k] for k in keys if k in pins}
            self.pin[actor.id] = min(found) if len(found) == 1 else None

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        pa, pb = self.pin[ra], self.pin[rb]
        if pa is not None and pb is not None and pa != pb:
            return False  # the user said these are different actors
        keep, drop = sorted((ra, rb))
        self.parent[drop] = keep
        self.pin[keep] = pa if pa is not None else pb
        return True


def context_documents(documents: set[str]) -> list[str]:
    """The documents an actor's context is read from: a fixed, bounded choice (an actor in
    thousands of documents needs no more to be told apart)."""
    return sorted(documents)[:CONTEXT_DOCUMENTS]


class Context(Protocol):
    """Where actors are mentioned: read only for the few pairs that need shared context."""

    def documents_of(self, actor_id: str) -> set[str]: ...

    def actors_of(self, document_id: str) -> set[str]: ...


class MemoryContext:
    """A `Context` over an actor id -> document ids mapping."""

    def __init__(self, documents: dict[str, set[str]]) -> None:
        self.documents = documents
        self.actors: dict[str, set[str]] = defaultdict(set)
        for actor_id, docs in documents.items():
            for document_id in docs:
                self.actors[document_id].add(actor_id)

    def documents_of(self, actor_id: str) -> set[str]:
        return set(context_documents(self.documents.get(actor_id, set())))

    def actors_of(self, document_id: str) -> set[str]:
        return self.actors.get(document_id, set())


def _context(actor_id: str, context: Context, persons: set[str]) -> set[str]:
    """The other non-person actors mentioned in this actor's documents."""
    seen: set[str] = set()
    for document_id in context.documents_of(actor_id):
        seen |= context.actors_of(document_id)
    return seen - persons - {actor_id}


def _initials_pairs(by_id: dict[str, ActorRow], live: list[str], persons: set[str],
                    owners: dict[str, set[str]],
                    context_joins: Callable[[str, str], tuple[bool, str]]
                    ) -> list[tuple[int, str, str, str]]:
    """6: an acronym no document defines, spelled by the initials of an organisation's name
    ("GM" for "General Motors"), when their documents tell the same story (shared context);
    several such names and no context to tell them apart: no merge."""
    lex = actor_lexicon()
    spelled: dict[str, list[str]] = defaultdict(list)
    for actor_id in live:
        words = by_id[actor_id].name.split()
        while len(words) > 1 and words[-1].strip(".,").casefold() in lex.legal_suffixes:
            words.pop()
        if len(words) > 1 and actor_id not in persons and not is_acronym(by_id[actor_id].name):
            for letters in initial_variants(words, lex.initial_stopwords):
                if len(letters) > 1:
                    spelled[letters].append(actor_id)
    pairs = []
    for actor_id in live:
        name = by_id[actor_id].name
        if actor_id in persons or not is_acronym(name) or owners.get(name_key(name), set()) - {
                actor_id}:
            continue  # a defined acronym is rule 2's
        candidates = spelled.get(acronym_letters(name), [])
        if not candidates or len(candidates) > _MAX_AMBIGUITY:
            continue
        fits = [(c, why) for c in candidates for ok, why in [context_joins(actor_id, c)] if ok]
        if len(fits) == 1:
            long_id, why = fits[0]
            pairs.append((6, actor_id, long_id, f"initials of '{by_id[long_id].name}', {why}"))
    return pairs


def merge_actors(actors: list[ActorRow], documents: dict[str, set[str]] | Context,
                 registry: Registry | None = None, *, persons: set[str] | None = None
                 ) -> list[ActorMerge]:
    """Every actor that joins another (and every group's canonical actor), with the reason.

    `documents`: actor id -> the ids of the documents mentioning it, or a `Context` that
    reads them when needed; `persons`: the person actors among all actors (default: those in
    `actors`)."""
    context = MemoryContext(documents) if isinstance(documents, dict) else documents
    heads, min_overlap, min_shared = _settings()
    pins, ignored = user_pins(registry)
    by_id = {a.id: a for a in actors}
    persons = persons if persons is not None else {a.id for a in actors if a.kind == "person"}
    roles = {a.id for a in actors if is_role_phrase(a.name, heads)}
    blocked = roles | {a.id for a in actors if alias_key(a.name) in ignored}
    live = sorted(a for a in by_id if a not in blocked)

    def compatible(a: str, b: str) -> bool:
        return (a in persons) == (b in persons)

    contexts: dict[str, set[str]] = {}

    def context_of(actor_id: str) -> set[str]:
        if actor_id not in contexts:
            contexts[actor_id] = _context(actor_id, context, persons)
        return contexts[actor_id]

    def context_joins(a: str, b: str) -> tuple[bool, str]:
        ca, cb = context_of(a), context_of(b)
        shared = ca & cb
        if not ca or not cb:
            return False, ""
        share = len(shared) / min(len(ca), len(cb))
        ok = len(shared) >= min_shared and share >= min_overlap
        return ok, f"shared context {', '.join(sorted(shared)[:4])}"

    pairs: list[tuple[int, str, str, str]] = []
    by_key: dict[str, list[str]] = defaultdict(list)
    for actor_id in live:
        by_key[name_key(by_id[actor_id].name)].append(actor_id)
    # 0: one name once suffixes and punctuation are set aside.
    for key, members in by_key.items():
        for other in members[1:]:
            if compatible(members[0], other):
                pairs.append((0, members[0], other, f"same name without legal suffix ({key})"))
    # 1: an alias written as another actor's name; 2: an acronym or shared alias.
    owners: dict[str, set[str]] = defaultdict(set)
    acronyms: set[str] = set()
    for actor_id in live:
        for alias, _source in by_id[actor_id].aliases:
            # A person's one-word alias is a surname: rule 4 weighs those, with ambiguity.
            if actor_id in persons and len(name_key(alias).split()) < 2:
                continue
            if alias[:1].isupper():
                owners[name_key(alias)].add(actor_id)
                if is_acronym(alias):
                    acronyms.add(name_key(alias))
    for key, holders in sorted(owners.items()):
        candidates = sorted(holders | set(by_key.get(key, [])))
        if len(candidates) < 2:
            continue
        named = [a for a in candidates if name_key(by_id[a].name) == key]
        definers = [a for a in candidates if a not in named]
        acronym = key in acronyms
        if not acronym and len(definers) == 1:
            for a in named:
                if compatible(a, definers[0]):
                    pairs.append((1, a, definers[0], f"alias '{key}' written as its name"))
            continue
        if acronym and len(definers) == 1:
            for a in named:
                if compatible(a, definers[0]):
                    pairs.append((2, a, definers[0], f"acronym '{key}' defined in a document"))
            continue
        # Several bodies share this alias or acronym: only context joins them (a name shared
        # by many bodies is too vague to join any).
        if len(candidates) > _MAX_AMBIGUITY:
            continue
        for i, a in enumerate(candidates):
            for b in candidates[i + 1:]:
                if not compatible(a, b) or (a in named and b in named):
                    continue
                ok, why = context_joins(a, b)
                if ok:
                    pairs.append((3, a, b, f"shared alias '{key}', {why}"))
    # 4: a surname alone and the full names ending in it; 5: an organisation's first word
    # alone ("Velora" for "Velora Transit Ltd"). A lone word the tagger gave another kind
    # (surnames are often tagged places) needs shared context.
    full: dict[str, list[str]] = defaultdict(list)
    heads: dict[str, list[str]] = defaultdict(list)
    for actor_id in live:
        words = name_key(by_id[actor_id].name).split()
        if len(words) > 1 and actor_id in persons:
            full[words[-1]].append(actor_id)
        elif len(words) > 1 and by_id[actor_id].kind == "organisation":
            heads[words[0]].append(actor_id)
    for actor_id in live:
        words = name_key(by_id[actor_id].name).split()
        if len(words) != 1 or by_id[actor_id].kind == "group" or is_acronym(by_id[actor_id].name):
            continue
        for rank, table, what in ((4, full, "surname of"), (5, heads, "short form of")):
            wanted_person = table is full
            candidates = [c for c in table.get(words[0], []) if c != actor_id]
            if not candidates or len(candidates) > _MAX_AMBIGUITY:
                continue
            same_kind = (actor_id in persons) == wanted_person
            fits = ([] if same_kind and len(candidates) == 1
                    else [c for c in candidates if context_joins(actor_id, c)[0]])
            pick = (candidates if same_kind and len(candidates) == 1 else
                    fits if len(fits) == 1 else [])
            if pick:
                why = context_joins(actor_id, pick[0])[1] if pick is fits else "the only one"
                pairs.append((rank, actor_id, pick[0], f"{what} '{by_id[pick[0]].name}', {why}"))
                break

    pairs += _initials_pairs(by_id, live, persons, owners, context_joins)

    groups = _Groups({a: by_id[a] for a in live}, pins)
    reasons: dict[str, str] = {}
    for _, a, b, why in sorted(set(pairs)):
        if groups.union(a, b):
            for member in (a, b):
                reasons.setdefault(member, why)
    members: dict[str, list[str]] = defaultdict(list)
    for actor_id in live:
        members[groups.find(actor_id)].append(actor_id)
    result = [ActorMerge(r, None, ROLE) for r in sorted(roles)]
    for group in members.values():
        if len(group) < 2:
            continue
        canonical = min(group, key=lambda a: (
            is_acronym(by_id[a].name), -by_id[a].document_count, -by_id[a].mention_count,
            -len(by_id[a].name), a))
        for actor_id in sorted(group):
            why = "canonical" if actor_id == canonical else reasons.get(actor_id, "same group")
            result.append(ActorMerge(actor_id, canonical, why))
    return result

"""What the actor stage's passes share: the `ActorIndex` it returns, the candidate mention and
name-form records, slugs, and the word sets for dependencies and kinds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from pipeline.extract.acronyms import is_acronym
from pipeline.extract.registry import RegistryEntry
from pipeline.record import Actor

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


def _title_case(sent: Span) -> bool:
    """A headline in Title Case, where capitals say nothing about names."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)

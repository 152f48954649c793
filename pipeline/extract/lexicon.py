"""The actor extractor's word lists, read once from `resources/actor_lexicon.yaml` and the speech
verbs of `resources/verbs.yaml` (owned by the events module; read here, never edited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.extract.acronyms import is_acronym

RESOURCES = Path(__file__).parent / "resources"


@dataclass(frozen=True)
class ActorLexicon:
    honorifics: frozenset[str]
    title_roles: frozenset[str]
    role_nouns: frozenset[str]
    groups: dict[str, str]
    collective_singular: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    speaker_nominals: dict[str, tuple[str, ...]]
    speech_verbs: frozenset[str]
    name_qualifiers: frozenset[str]
    generic_name_words: frozenset[str]
    initial_stopwords: frozenset[str]
    male_honorifics: frozenset[str] = frozenset()
    female_honorifics: frozenset[str] = frozenset()
    male_names: frozenset[str] = frozenset()
    female_names: frozenset[str] = frozenset()
    nominal_heads: dict[str, frozenset[str]] = field(default_factory=dict)
    institution_heads: frozenset[str] = frozenset()
    business_heads: frozenset[str] = frozenset()
    post_nominals: frozenset[str] = frozenset()
    law_words: frozenset[str] = frozenset()
    venue_words: frozenset[str] = frozenset()
    legal_suffixes: frozenset[str] = frozenset()
    team_nouns: frozenset[str] = frozenset()
    media_last_words: frozenset[str] = frozenset()
    media_first_words: frozenset[str] = frozenset()
    body_posts: frozenset[str] = frozenset()

    def nominal_agrees(self, nominal: str, names: list[str]) -> bool:
        """Whether a definite description ("the company", "the agency") can stand for an
        organisation with these names (see `nominal_heads` in actor_lexicon.yaml)."""
        return self.nominal_match(nominal, names) > 0

    def nominal_match(self, nominal: str, names: list[str]) -> int:
        """How well a description fits these names: 2 when a name carries one of its head
        words ("the bank" ~ Brightwater Bank), 1 when it only may (a plain brand through "*",
        an acronym, or a nominal with no listed heads), 0 when it cannot."""
        heads = self.nominal_heads.get(nominal)
        if heads is None:
            return 1
        words = {w.strip(".,'’").lower() for name in names for w in name.split()}
        if any(self._head_fits(name, heads) for name in names):
            return 2
        if words & self.institution_heads:
            return 0  # another kind of institution: "the company" is no Agency
        # a plain name: any brand for a commercial nominal; for an institutional one, an
        # acronym ("the agency" … the FBI), whose kind its letters do not show
        if "*" in heads and any(self.is_media_name(name) for name in names):
            return 0  # "the firm" that told The Times something is not The Times
        return 1 if "*" in heads or any(is_acronym(name) for name in names) else 0

    def is_media_name(self, name: str) -> bool:
        """A newspaper's or broadcaster's name: "The Daily Courier", "Wexford Herald"."""
        words = [w.strip(".,'’").lower() for w in name.split()]
        words = [w for w in words if w != "the"]
        return bool(words) and (words[-1] in self.media_last_words
                                or words[0] in self.media_first_words)

    def _head_fits(self, name: str, heads: frozenset[str]) -> bool:
        """A name carries one of the heads, and does not end in another kind of institution
        ("the club" ~ Harrowgate City, not Harrowgate City Council)."""
        words = [w.strip(".,'’").lower() for w in name.split()]
        if not set(words) & heads:
            return False
        last = words[-1] if words else ""
        return last in heads or last not in self.institution_heads

    def is_title(self, word: str) -> bool:
        low = word.lower()
        return low in self.honorifics or low in self.title_roles

    def is_role_title(self, word: str) -> bool:
        return word.lower() in self.title_roles


def _words(data: dict, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    data = yaml.safe_load((RESOURCES / "actor_lexicon.yaml").read_text(encoding="utf-8"))
    speech: set[str] = set()
    verbs_path = RESOURCES / "verbs.yaml"
    if verbs_path.exists():
        verbs = yaml.safe_load(verbs_path.read_text(encoding="utf-8")) or {}
        speech = {str(lemma).lower() for lemma in (verbs.get("speech") or {})}
    speech |= set(_words(data, "extra_speech_verbs"))
    return ActorLexicon(
        honorifics=_words(data, "honorifics"),
        title_roles=_words(data, "title_roles"),
        role_nouns=_words(data, "role_nouns"),
        groups={str(k).lower(): str(v) for k, v in (data.get("groups") or {}).items()},
        collective_singular=_words(data, "collective_singular"),
        pronouns={str(k).lower(): tuple(v) for k, v in (data.get("pronouns") or {}).items()},
        speaker_nominals={str(k).lower(): tuple(v)
                          for k, v in (data.get("speaker_nominals") or {}).items()},
        speech_verbs=frozenset(speech),
        name_qualifiers=_words(data, "name_qualifiers"),
        generic_name_words=_words(data, "generic_name_words"),
        initial_stopwords=_words(data, "initial_stopwords"),
        male_honorifics=_words(data, "male_honorifics"),
        female_honorifics=_words(data, "female_honorifics"),
        male_names=_words(data, "male_names"),
        female_names=_words(data, "female_names"),
        nominal_heads={str(k).lower(): frozenset(str(w).lower() for w in v)
                       for k, v in (data.get("nominal_heads") or {}).items()},
        institution_heads=_words(data, "institution_heads"),
        business_heads=_words(data, "business_heads"),
        post_nominals=_words(data, "post_nominals"),
        law_words=_words(data, "law_words"),
        venue_words=_words(data, "venue_words"),
        legal_suffixes=_words(data, "legal_suffixes"),
        team_nouns=_words(data, "team_nouns"),
        media_last_words=_words(data, "media_last_words"),
        media_first_words=_words(data, "media_first_words"),
        body_posts=_words(data, "body_posts"),
    )

"""The linking resource (`resources/linking.yaml`): action classes, windows, evidence weights.

Read once; a malformed file is a `LinkConfigError` naming the problem, never a silent default.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RESOURCE = Path(__file__).parent / "resources" / "linking.yaml"

__all__ = ["LinkConfig", "LinkConfigError", "link_config", "RESOURCE"]


class LinkConfigError(ValueError):
    """The linking resource is missing or has an invalid entry."""


@dataclass(frozen=True, eq=False)
class LinkConfig:
    classes: dict[str, str]                  # lemma or nominal -> class name
    content_bound: frozenset[str]
    window_after_days: int
    window_before_days: int
    conflict_days: int
    max_block_span_days: int
    weights: dict[str, float]
    content_high_at: float
    content_mid_at: float
    content_low_at: float
    story_at: float
    thresholds: dict[str, float]
    negation_penalty: float
    stopwords: frozenset[str] = field(default_factory=frozenset)
    related: dict[str, str] = field(default_factory=dict)   # class -> related group
    negation_words: frozenset[str] = field(default_factory=frozenset)

    def action_class(self, action: str | None) -> str:
        """The class of an action lemma; a lemma in no class is its own class."""
        lemma = " ".join((action or "").casefold().split())
        if lemma in self.classes:
            return self.classes[lemma]
        # A phrasal lemma the list lacks ("call off early") keeps its head verb's class.
        head = lemma.split(" ", 1)[0]
        return self.classes.get(head, lemma)


def _number(data: dict, key: str) -> float:
    try:
        return float(data[key])
    except (KeyError, TypeError, ValueError) as error:
        raise LinkConfigError(f"{RESOURCE.name}: '{key}' must be a number") from error


@functools.lru_cache(maxsize=1)
def link_config() -> LinkConfig:
    """The parsed linking resource."""
    try:
        data = yaml.safe_load(RESOURCE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LinkConfigError(f"{RESOURCE}: cannot read: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict):
        raise LinkConfigError(f"{RESOURCE.name}: expected a mapping with 'classes'")
    classes: dict[str, str] = {}
    for name, words in data["classes"].items():
        if not isinstance(words, list):
            raise LinkConfigError(f"{RESOURCE.name}: class {name!r} must list words")
        for word in words:
            key = " ".join(str(word).casefold().split())
            if key in classes and classes[key] != name:
                raise LinkConfigError(
                    f"{RESOURCE.name}: {word!r} is in both {classes[key]!r} and {name!r}")
            classes[key] = str(name)
    weights = {str(k): float(v) for k, v in (data.get("weights") or {}).items()}
    thresholds = {str(k): float(v) for k, v in (data.get("thresholds") or {}).items()}
    for needed in ("same_actor", "shared_target", "exact_day", "content_high", "content_mid",
                   "content_low", "same_story"):
        if needed not in weights:
            raise LinkConfigError(f"{RESOURCE.name}: weights.{needed} is missing")
    for needed in ("overlap", "window", "conflict"):
        if needed not in thresholds:
            raise LinkConfigError(f"{RESOURCE.name}: thresholds.{needed} is missing")
    related: dict[str, str] = {}
    for group, members in (data.get("related_classes") or {}).items():
        if not isinstance(members, list):
            raise LinkConfigError(f"{RESOURCE.name}: related_classes.{group} must list classes")
        for member in members:
            related[str(member)] = str(group)
    return LinkConfig(
        classes=classes,
        content_bound=frozenset(str(c) for c in data.get("content_bound") or []),
        window_after_days=int(_number(data, "window_after_days")),
        window_before_days=int(_number(data, "window_before_days")),
        conflict_days=int(_number(data, "conflict_days")),
        max_block_span_days=int(_number(data, "max_block_span_days")),
        weights=weights,
        content_high_at=_number(data, "content_high_at"),
        content_mid_at=_number(data, "content_mid_at"),
        content_low_at=_number(data, "content_low_at"),
        story_at=_number(data, "story_at"),
        thresholds=thresholds,
        negation_penalty=_number(data, "negation_penalty"),
        stopwords=frozenset(str(w).casefold() for w in data.get("stopwords") or []),
        related=related,
        negation_words=frozenset(str(w).casefold() for w in data.get("negation_words") or []),
    )

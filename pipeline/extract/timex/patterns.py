"""Load the time-expression resources and compile the pattern file into a spaCy Matcher.

The pattern language (documented at the top of `resources/timex_patterns.yaml`) is a compact
spelling of Matcher token patterns, so the rules stay readable in a resource file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import Matcher
from spacy.vocab import Vocab

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
LEXICON_FILE = RESOURCES / "timex_lexicon.yaml"
PATTERNS_FILE = RESOURCES / "timex_patterns.yaml"
_OPS = {"?", "*", "+"}


class PatternError(ValueError):
    """A pattern in the resource file cannot be compiled; the message names it."""


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with LEXICON_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def pattern_spec() -> dict[str, Any]:
    with PATTERNS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _macro_attrs(name: str, macros: dict[str, Any], lex: dict[str, Any]) -> dict[str, Any]:
    macro = macros.get(name)
    if macro is None:
        raise PatternError(f"unknown macro @{name}")
    if "lexicon" in macro:
        # lexicon keys may be several words ("more than"); a token macro takes single words
        words = [w for w in lex[macro["lexicon"]] if " " not in str(w)]
        return {"LOWER": {"IN": [str(w) for w in words]}}
    if "words" in macro:
        return {"LOWER": {"IN": [str(w) for w in macro["words"]]}}
    if "regex" in macro:
        re.compile(macro["regex"])
        return {"LOWER": {"REGEX": macro["regex"]}}
    if macro.get("like_num"):
        return {"LIKE_NUM": True}
    raise PatternError(f"macro @{name} has no words, lexicon or regex")


def _alternatives(spec: str, macros: dict[str, Any], lex: dict[str, Any]) -> dict[str, Any]:
    """One token spec: words, macros and #NUM joined by |, or a /regex/."""
    if spec.startswith("/") and spec.endswith("/") and len(spec) > 2:
        return {"LOWER": {"REGEX": "^(?:" + spec[1:-1] + ")$"}}
    words: list[str] = []
    regexes: list[str] = []
    like_num = False
    for alt in spec.split("|"):
        if alt.startswith("@"):
            attrs = _macro_attrs(alt[1:], macros, lex)
            if "LIKE_NUM" in attrs:
                like_num = True
            elif "IN" in attrs["LOWER"]:
                words.extend(attrs["LOWER"]["IN"])
            else:
                regexes.append(attrs["LOWER"]["REGEX"])
        elif alt == "#NUM":
            like_num = True
        else:
            words.append(alt)
    # a Matcher token dict cannot OR attributes, so a mixed spec becomes one regex
    if like_num:
        regexes.append(r"^(?:[0-9][0-9,.]*|" + "|".join(
            re.escape(str(w)) for w in lex["number_words"]) + ")$")
    if regexes:
        parts = regexes + ([r"^(?:" + "|".join(re.escape(w) for w in words) + r")$"]
                           if words else [])
        return {"LOWER": {"REGEX": "|".join(f"(?:{p})" for p in parts)}}
    if len(words) == 1:
        return {"LOWER": words[0]}
    return {"LOWER": {"IN": words}}


def compile_pattern(text: str, macros: dict[str, Any], lex: dict[str, Any]) -> list[dict]:
    tokens = []
    for spec in text.split():
        op = None
        if len(spec) > 1 and spec[-1] in _OPS:
            spec, op = spec[:-1], spec[-1]
        attrs = _alternatives(spec, macros, lex)
        if op:
            attrs = {**attrs, "OP": op}
        tokens.append(attrs)
    if not tokens or all(t.get("OP") in ("?", "*") for t in tokens):
        raise PatternError(f"pattern {text!r} can match nothing")
    return tokens


_COMMON = {"the", "a", "an", "that", "this", "of", "-", ",", "and", "or", "to", "in", "@numword",
           "#NUM", "@det", "@rel", "@part", "@approx1", "@approx2a", "@approx2b", "@ordinal",
           "@durrel", "@anaphor", "@vague", "@day_num", "@hour12", "@approx_dur", "@part_noun",
           "@fiscal", "some", "every", "each", "per", "all", "earlier", "later", "early", "late",
           "mid", "more", "most", "at", "as", "so", "@day_rel", "@shift", "@month"}


def _required_trigger(text: str) -> str:
    """The token spec a pattern cannot match without, the rarest kind first (a unit, a
    weekday, a year … rather than "the" or a number). Patterns are grouped by it, and a
    group's Matcher only runs near tokens that satisfy it."""
    required = [t for t in text.split() if not (len(t) > 1 and t[-1] in "?*")]
    required = [t[:-1] if len(t) > 1 and t[-1] == "+" else t for t in required]

    def badness(spec: str) -> int:
        alts = spec.split("|")
        if spec.startswith("/"):
            return 1
        common = sum(1 for a in alts if a in _COMMON)
        if common == 0:
            return 0
        return 2 if common == len(alts) else 1

    return min(required, key=lambda spec: (badness(spec), required.index(spec)))


class TriggerGroups:
    """Patterns grouped by their required trigger, one Matcher per group (triggers spelled
    differently but with the same words share one). Merging overlapping triggers was measured
    and is slower: one frequent word then wakes every pattern of the merged group."""

    def __init__(self, vocab: Vocab):
        spec = pattern_spec()
        lex = lexicon()
        macros = spec["macros"]
        entries = [(label, text, _required_trigger(text)) for label, text in spec["patterns"]]
        attrs = {t: _alternatives(t, macros, lex) for _, _, t in entries}
        parent = {t: t for t in attrs}

        def root(t: str) -> str:
            while parent[t] != t:
                t = parent[t]
            return t

        words = {t: _word_set(a) for t, a in attrs.items()}
        names = sorted(attrs)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if words[a] and words[a] == words[b]:
                    parent[root(b)] = root(a)
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for entry in entries:
            groups.setdefault(root(entry[2]), []).append(entry)
        self.triggers: list[list[dict]] = []
        self.matchers: list[Matcher] = []
        self.extents: list[tuple[int, int]] = []  # tokens a match may reach left/right
        for items in groups.values():
            matcher = Matcher(vocab, validate=False)
            by_label: dict[str, list[list[dict]]] = {}
            left = right = 0
            for label, text, trigger in items:
                specs = [t[:-1] if len(t) > 1 and t[-1] in "?*+" else t for t in text.split()]
                at = specs.index(trigger)
                # a repeated spec (+ or *) may take a few tokens
                width = [3 if len(t) > 1 and t[-1] in "*+" else 1 for t in text.split()]
                left = max(left, sum(width[:at]))
                right = max(right, sum(width[at + 1:]))
                try:
                    by_label.setdefault(label, []).append(compile_pattern(text, macros, lex))
                except (PatternError, re.error) as error:
                    raise PatternError(f"{PATTERNS_FILE.name}: {text!r}: {error}") from error
            for label, patterns in by_label.items():
                # only the longest reading per label matters: the others would lose anyway
                matcher.add(label, patterns, greedy="LONGEST")
            self.triggers.append([_predicate(attrs[t])
                                  for t in dict.fromkeys(t for _, _, t in items)])
            self.matchers.append(matcher)
            self.extents.append((left, right))
        self.cache: dict[int, tuple[int, ...]] = {}

    def groups_of(self, lower: str, key: int) -> tuple[int, ...]:
        """Indices of the groups whose trigger the word satisfies (cached per word)."""
        hit = self.cache.get(key)
        if hit is None:
            hit = tuple(i for i, ts in enumerate(self.triggers)
                        if any(test(lower) for test in ts))
            self.cache[key] = hit
        return hit


def _word_set(attrs: dict) -> frozenset[str]:
    cond = attrs["LOWER"]
    if isinstance(cond, str):
        return frozenset([cond])
    return frozenset(cond.get("IN", ()))


def _predicate(attrs: dict):
    """A fast test of one token spec on a lower-case word (sets and compiled regexes)."""
    cond = attrs["LOWER"]
    if isinstance(cond, str):
        return cond.__eq__
    if "IN" in cond:
        return frozenset(cond["IN"]).__contains__
    regex = re.compile(cond["REGEX"])
    return lambda word: regex.search(word) is not None


def build_matcher(vocab: Vocab) -> Matcher:
    """A Matcher with every pattern of the resource file; match ids are the labels."""
    spec = pattern_spec()
    lex = lexicon()
    macros = spec["macros"]
    matcher = Matcher(vocab, validate=False)
    by_label: dict[str, list[list[dict]]] = {}
    for label, text in spec["patterns"]:
        try:
            by_label.setdefault(label, []).append(compile_pattern(text, macros, lex))
        except (PatternError, re.error) as error:
            raise PatternError(f"{PATTERNS_FILE.name}: {text!r}: {error}") from error
    for label, patterns in by_label.items():
        matcher.add(label, patterns)
    return matcher

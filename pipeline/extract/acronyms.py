"""Acronyms: Schwartz–Hearst definition check and initials of a longer name.

Schwartz & Hearst (2003) accept a long form for a short form when every character of the short
form appears in the long form, in order, right to left, and the first one starts a word. It is
the check behind "NHS England (NHSE)" and "NHSE (NHS England)". `initials` is the stricter test
used without brackets: the acronym must be spelled by word initials (all-caps words may give all
their letters), since "GP Connect" and "GP Committee" both contain G, P and C in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Z][A-Za-z&.\-]{0,9}$")


def is_acronym(text: str) -> bool:
    """A short all-capitals token (dots and an inner lower-case letter allowed: "NHSE", "DoH",
    "U.S.")."""
    text = text.strip()
    if " " in text or not _ACRONYM.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= max(2, len(letters) - 1)


def acronym_letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).upper()


def schwartz_hearst(short: str, long: str) -> bool:
    """True when `long` is an acceptable expansion of `short` (Schwartz–Hearst matching)."""
    short_chars = acronym_letters(short).lower()
    long_lower = long.lower()
    if not short_chars or len(long_lower) <= len(short_chars):
        return False
    if short_chars[0] != _first_alnum(long_lower):
        return False
    s = len(short_chars) - 1
    l_index = len(long_lower) - 1
    while s >= 0:
        char = short_chars[s]
        while l_index >= 0 and (
            long_lower[l_index] != char
            or (s == 0 and l_index > 0 and long_lower[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return False
        l_index -= 1
        s -= 1
    # Too many words for the letters is a chance match ("a PC" in a long sentence).
    words = len(long.split())
    return words <= min(len(short_chars) + 5, len(short_chars) * 2 + 1)


def _first_alnum(text: str) -> str:
    for char in text:
        if char.isalnum():
            return char
    return ""


def initial_variants(words: Iterable[str], stopwords: frozenset[str]) -> set[str]:
    """Every acronym the words' initials can spell: stop words optional, all-caps words as a
    letter or whole, hyphenated words by each part or the first."""
    options: list[list[str]] = []
    for word in words:
        clean = word.strip(".,'’-–—")
        if not clean or not clean[0].isalnum():
            continue
        choices: set[str] = set()
        if clean.lower() in stopwords:
            choices |= {"", clean[0].upper()}
        elif clean.isupper() and len(clean) > 1:
            choices |= {clean[0], acronym_letters(clean)}
        elif "-" in clean:
            parts = [p for p in clean.split("-") if p]
            choices |= {parts[0][0].upper(), "".join(p[0].upper() for p in parts)}
        else:
            choices.add(clean[0].upper())
        options.append(sorted(choices))
    variants = {""}
    for choices in options:
        variants = {v + c for v in variants for c in choices}
        if len(variants) > 4096:  # pathological names; the plain initials are enough then
            break
    return {v for v in variants if len(v) >= 2}


def matches_initials(acronym: str, words: Iterable[str], stopwords: frozenset[str]) -> bool:
    return acronym_letters(acronym) in initial_variants(words, stopwords)

"""Numbers written in words or digits: counts ("twenty four", "two and a half", "1,000") and
spelled-out years ("nineteen ninety-six", "the year two thousand")."""

from __future__ import annotations

import re

from .patterns import lexicon

NUMBER_RE = re.compile(r"^[0-9][0-9,]*(\.[0-9]+)?$")
FRACTION_RE = re.compile(r"^([0-9]+)/([0-9]+)$")


def number(words: list[str]) -> float | None:
    """A count from digits or number words ("twenty four", "two and a half", "1,000")."""
    lex = lexicon()["number_words"]
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("-", "and"):
            continue
        if NUMBER_RE.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif FRACTION_RE.match(w) and int(FRACTION_RE.match(w)[2]):
            current += int(FRACTION_RE.match(w)[1]) / int(FRACTION_RE.match(w)[2])  # "5 1/2 hours"
            seen = True
        elif w in ("hundred", "thousand"):
            current = (current or 1) * (100 if w == "hundred" else 1000)
            seen = True
        elif w in lex:
            value = float(lex[w])
            if w in ("a", "an") and (seen or any(
                    x in lex and x not in ("a", "an") for x in words[words.index(w) + 1:])):
                continue  # "a couple", "a hundred", "a dozen": the article is not a count
            current += value
            seen = True
        else:
            return None
    return total + current if seen else None


_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
         "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}


def spelled_year(words: list[str]) -> tuple[int | None, list[str]]:
    """"nineteen ninety-six", "the year two thousand (and one)": the year, and the words with
    the year's words blanked so the rest of the analysis ignores them."""
    for i, w in enumerate(words):
        if w in ("eighteen", "nineteen", "twenty") and i + 1 < len(words) and \
                words[i + 1] in _TENS and words[i + 1] not in ("eleven", "twelve"):
            century = _TENS[w] * 100
            j = i + 1
            rest = _TENS[words[j]]
            k = j + 1
            if k < len(words) and words[k] == "-":
                k += 1
            if k < len(words) and words[k] in _ONES and rest >= 20:
                rest += _ONES[words[k]]
                k += 1
            else:
                k = j + 1
            return century + rest, words[:i] + [""] * (k - i) + words[k:]
        if w == "two" and i + 1 < len(words) and words[i + 1] == "thousand" and (
                i == 0 or words[i - 1] in ("year", "the", "in", "of")):
            k = i + 2
            extra = 0
            if k < len(words) and words[k] == "and":
                k += 1
            if k < len(words) and (words[k] in _ONES or words[k] in _TENS):
                extra = _ONES.get(words[k]) or _TENS.get(words[k], 0)
                k += 1
            else:
                k = i + 2
            return 2000 + extra, words[:i] + [""] * (k - i) + words[k:]
    return None, words

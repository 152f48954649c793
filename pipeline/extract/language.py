"""Whether a text reads as English, the only language the extractors' rules and model know.

Two checks, cheap enough to run on every document: a text written mostly in a non-Latin script
is not English; otherwise the language whose common function words (resources/
function_words.yaml) make up the largest share of its words is taken. Texts too short to judge
count as English, so a one-line notice is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RESOURCES = Path(__file__).parent / "resources"
# Fewer letters than this and the text is not judged (headlines, one-line notices).
MIN_LETTERS = 100
# Another language must account for at least this share of the words to be taken over English
# (running prose in any of the listed languages has 0.08 or more; tables have far less).
MIN_OTHER_SHARE = 0.08
# ... or half that when English function words are all but absent (a short foreign page full of
# names and numbers)
NO_ENGLISH_SHARE = 0.02
# ... and with several of its words, not one abbreviation repeated down a table ("un" for
# unchanged in a grain price list)
MIN_DISTINCT = 4
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageGuess:
    english: bool
    language: str  # "en", another code from the word lists, "non-latin", or "unjudged"
    evidence: str  # what the guess rests on, for the record's error message


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((RESOURCES / "function_words.yaml").read_text(encoding="utf-8"))
    return {str(code): frozenset(str(w).lower() for w in words) for code, words in data.items()}


def guess_language(text: str) -> LanguageGuess:
    """English or not, with the figures that decided it."""
    letters = _LETTER.findall(text)
    if len(letters) < MIN_LETTERS:
        return LanguageGuess(True, "unjudged", f"only {len(letters)} letters")
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    if latin < len(letters) / 2:
        return LanguageGuess(False, "non-latin",
                             f"{1 - latin / len(letters):.0%} of letters are not Latin")
    words = _WORD.findall(text.lower())
    shares = {code: sum(w in vocabulary for w in words) / len(words)
              for code, vocabulary in function_words().items()}
    best = max(shares, key=lambda code: (shares[code], code == "en"))
    evidence = f"function words: {best} {shares[best]:.2f}, en {shares['en']:.2f}"
    distinct = len(set(words) & function_words()[best])
    if best != "en" and (distinct < MIN_DISTINCT or shares[best] < MIN_OTHER_SHARE and not (
            shares[best] >= MIN_OTHER_SHARE / 2 and shares["en"] < NO_ENGLISH_SHARE)):
        # tables and lists ("Net 190.9 mln vs 150.4 mln", "Dividend 160 per share") have few
        # function words of any language: too little to call them foreign
        return LanguageGuess(True, "unjudged", evidence)
    return LanguageGuess(best == "en", best, evidence)

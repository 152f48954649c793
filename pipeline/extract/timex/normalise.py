"""Two-pass normalisation of a time expression, HeidelTime style.

Pass 1 (`analyse`) reads the words of a span into a `Spec`: what the expression says on its own
(a month, a weekday, "last" + week, a count of units, a part such as "early" …), with an
underspecified TIMEX3 value ("XXXX-03", "XXXX-WXX-5").
Pass 2 (`resolve`) fixes it against a reference: the publication date, the speech time of a
quote, or the previous date of the narrative, with the tense of the governing verb deciding the
direction of bare weekdays, months and seasons.
"""

from __future__ import annotations

from .anchoring import resolve
from .reading import analyse
from .spec import Context, Resolved, Spec, is_ref_value, is_split_year

__all__ = [
    "Context",
    "Resolved",
    "Spec",
    "analyse",
    "is_ref_value",
    "is_split_year",
    "resolve",
]

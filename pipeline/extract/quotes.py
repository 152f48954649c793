"""Quotation marks: find quoted passages in a text, across paragraphs, without mistaking
apostrophes for closing marks.

    find_quotes(text) -> list[Quote]

A `Quote` is one quotation as a reader perceives it: one or more segments (one per paragraph
when the quotation runs on and the opening mark repeats at each new paragraph, as newspapers
print it). Offsets are Python string indices, end exclusive; `segments` include the marks,
`inner` excludes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Opening mark -> the marks that can close it.
_PAIRS = {
    "\u201c": ("\u201d", '"'),        # “ … ”
    '"': ('"', "\u201d"),
    "\u2018": ("\u2019", "'"),        # ‘ … ’
    "'": ("'", "\u2019"),
    "\u00ab": ("\u00bb",),            # « … »
}
_DOUBLE = {"\u201c", '"', "\u00ab"}
_WORD_CHARS = str.isalnum


@dataclass
class Quote:
    segments: list[tuple[int, int]] = field(default_factory=list)   # with the marks
    inner: list[tuple[int, int]] = field(default_factory=list)      # without the marks
    mark: str = '"'

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.segments)

    def text(self, source: str) -> str:
        return " ".join(source[s:e] for s, e in self.inner)


def _is_opening(text: str, i: int) -> bool:
    """A mark opens a quotation when it starts a word: after a space, a bracket, a dash or the
    start of a line, and before a non-space character."""
    char = text[i]
    if char not in _PAIRS:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if char in ("\u201c", "\u2018", "\u00ab"):
        # Typographic openers are unambiguous, except ‘ used as an elided-year apostrophe ('90s).
        return not (char == "\u2018" and after.isdigit() and not before.isalnum()
                    and text[i + 1:i + 3].isdigit() and text[i + 3:i + 4] in ("s", " ", ""))
    return before.isspace() or before in "([{\u2014\u2013-/:"


def _closes(text: str, i: int, opener: str) -> bool:
    char = text[i]
    if char not in _PAIRS[opener]:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in ("\u2019", "'"):
        # An apostrophe inside a word ("you’re", "don't") never closes.
        if before.isalnum() and after.isalnum():
            return False
        if before.isspace():
            return False
    if char == '"' and before.isspace() and not after.isspace() and after not in ".,;:!?)":
        return False  # that is the next quotation opening
    return True


def _plural_possessive(text: str, i: int) -> bool:
    """’ after an s and before a lower-case word ("GPs’ rights") reads as a possessive."""
    before = text[i - 1] if i > 0 else " "
    rest = text[i + 1:i + 3]
    return before in "sS" and len(rest) == 2 and rest[0] == " " and rest[1].islower()


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in `text`, in order. Nested quotations (a quote within a quote) are part
    of the outer one."""
    quotes: list[Quote] = []
    i = 0
    n = len(text)
    while i < n:
        if not _is_opening(text, i):
            i += 1
            continue
        opener = text[i]
        quote = Quote(mark=opener)
        seg_start = i
        j = i + 1
        closed_at: int | None = None
        while j < n:
            char = text[j]
            if char == "\n":
                # A paragraph ends with the quotation open: it runs on if the next paragraph
                # opens with the same kind of mark, else it was never closed (stop here).
                k = j
                while k < n and text[k] in "\n ":
                    k += 1
                quote.segments.append((seg_start, j))
                quote.inner.append((seg_start + 1, j))
                if k < n and text[k] == opener or (
                        k < n and opener in _DOUBLE and text[k] in _DOUBLE) or (
                        k < n and opener not in _DOUBLE and text[k] in ("\u2018", "'")):
                    seg_start = k
                    j = k + 1
                    continue
                closed_at = -1
                break
            if _closes(text, j, opener):
                if char == "\u2019" and _plural_possessive(text, j) and _later_closer(
                        text, j, opener):
                    j += 1
                    continue
                closed_at = j
                break
            j += 1
        if closed_at is None:
            # Ran to the end of the text without a closing mark.
            quote.segments.append((seg_start, n))
            quote.inner.append((seg_start + 1, n))
            end = n
        elif closed_at == -1:
            end = quote.segments[-1][1]
        else:
            quote.segments.append((seg_start, closed_at + 1))
            quote.inner.append((seg_start + 1, closed_at))
            end = closed_at + 1
        quote.inner = [_strip(text, s, e) for s, e in quote.inner]
        quote.inner = [(s, e) for s, e in quote.inner if e > s]
        if quote.inner:
            quotes.append(quote)
        i = max(end, i + 1)
    return quotes


def _later_closer(text: str, j: int, opener: str) -> bool:
    """Is there another possible closing mark later in the same paragraph?"""
    end = text.find("\n", j + 1)
    end = len(text) if end == -1 else end
    if any(_closes(text, k, opener) and not _plural_possessive(text, k)
           for k in range(j + 1, end) if text[k] in _PAIRS[opener]):
        return True
    # No closer, but the quotation runs on into a next paragraph that reopens it.
    k = end
    while k < len(text) and text[k] in "\n ":
        k += 1
    return k < len(text) and text[k] == opener


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

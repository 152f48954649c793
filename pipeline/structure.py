"""Document structure as blocks: which lines of the normalised text are headings, list items,
table rows, definitions or paragraphs.

Readers know the structure of their input (HTML elements, Markdown syntax, the indentation of a
plain-text list) before the text is normalised and cut; they hand it on as *marks* (kind, level,
the line's key), and `find_blocks` lays them onto the final text line by line. Lines no mark
claims are read from their own shape (`- ` bullets, `1.` numbers, `#` headings, underlined
headings, `|` table rows, short standalone lines), so a text given without a reader, or re-read
from the database, still has its structure.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque

from pipeline.document import Block

Mark = tuple[str, int, str]  # (kind, level, line key)

BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2013]|\d{1,3}[.)]|[a-z][.)])\s+")
_ATX = re.compile(r"^(#{1,6})\s+\S")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# A standalone short line without closing punctuation reads as a heading ("Deprecation
# timeline"); a question reads as one only when short ("Why deprecate?").
HEADING_MAX_WORDS = 12
QUESTION_HEADING_MAX_WORDS = 9


def line_key(line: str) -> str:
    """What a line is matched on: its words, lower-cased, without bullets, `#` or punctuation."""
    line = BULLET.sub("", line)
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    return " ".join(_NON_WORD.sub(" ", line.lower()).split())


def _is_table_row(line: str) -> bool:
    return line.count("|") >= 2 or (line.startswith("|") and line.count("|") >= 1)


def _standalone_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    before_blank = i == 0 or not lines[i - 1].strip()
    after_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
    if not (before_blank and after_blank) or not line or not line[0].isalnum():
        return False
    words = len(line.split())
    if line.endswith("?"):
        return words <= QUESTION_HEADING_MAX_WORDS
    if line.endswith((".", ",", ";", "!", ":", '"', "\u201d")):
        return False
    return words <= HEADING_MAX_WORDS and not line[0].islower()


def plain_kind(lines: list[str], i: int) -> tuple[str, int]:
    """(kind, level) of line i from its own shape and its neighbours."""
    line = lines[i]
    if m := _ATX.match(line):
        return "heading", len(m.group(1))
    if i + 1 < len(lines) and (u := _UNDERLINE.match(lines[i + 1])) \
            and len(u.group(1)) >= 3 and line.strip() and not BULLET.match(line):
        return "heading", 1 if u.group(1)[0] == "=" else 2
    if BULLET.match(line):
        return "list_item", 1
    if _is_table_row(line):
        return "table_row", 0
    if _standalone_heading(lines, i):
        return "heading", 2
    return "paragraph", 0


def plain_marks(raw: str) -> list[Mark]:
    """Marks a raw plain text gives before normalisation: list nesting from indentation (two
    spaces or a tab per level), which normalising the whitespace would lose."""
    marks: list[Mark] = []
    for line in raw.split("\n"):
        m = BULLET.match(line)
        if not m:
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        marks.append(("list_item", indent // 2 + 1, line_key(line)))
    return marks


def find_blocks(text: str, marks: list[Mark] | None = None) -> list[Block]:
    """One block per non-blank line of `text` (underlines of headings excepted), in order.

    A mark applies to the first line with its key not yet claimed, in reading order.
    """
    pending: dict[str, deque[tuple[str, int]]] = defaultdict(deque)
    for kind, level, key in marks or ():
        if key:
            pending[key].append((kind, level))
    lines = text.split("\n")
    blocks: list[Block] = []
    offset = 0
    for i, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        if _UNDERLINE.match(line) and i and blocks and blocks[-1].kind == "heading" \
                and blocks[-1].end == start - 1:
            continue
        queue = pending.get(line_key(line))
        kind, level = queue.popleft() if queue else plain_kind(lines, i)
        blocks.append(Block(kind, level, start, start + len(line)))
    return blocks


def block_at(blocks: list[Block], offset: int) -> int | None:
    """Index of the block holding `offset`, or None (a blank line, or out of the text)."""
    lo, hi = 0, len(blocks)
    while lo < hi:
        mid = (lo + hi) // 2
        if blocks[mid].end < offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(blocks) and blocks[lo].start <= offset <= blocks[lo].end:
        return lo
    return None

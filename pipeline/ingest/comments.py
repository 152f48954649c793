"""Splitting a trailing reader-comment thread off a plain-text capture.

The model is how pages render comments when copied as text: a header line "Name Name D Month,
YYYY H:MM am" (or the name and the date on two lines) followed by the comment body. Only a
*trailing* run of such blocks is a thread: the article must come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ingest.dates import _DMY, _ISOISH, _MDY, _from_match
from pipeline.ingest.kinds import line_patterns

# Words that open a byline or dateline, not a commenter's name.
_NOT_AUTHORS = re.compile(r"^(by|published|posted|updated|last updated|date|dated|on|at|"
                          r"from|first published|modified)\b", re.I)
# Per-comment furniture left behind by copy and paste.
_COMMENT_FURNITURE = re.compile(r"^(reply|report|report abuse|like|flag|share|"
                                r"\d+\s+(likes?|replies|votes?)|[-+]?\d+)$", re.I)


@dataclass
class Comment:
    author: str | None
    published: str | None
    header: str
    text: str


def _date_at_end(line: str) -> tuple[int, str] | None:
    """(start offset, ISO value) of a date(-time) that ends the line, if any."""
    for pattern in (_DMY, _MDY, _ISOISH):
        for m in pattern.finditer(line):
            if m.end() >= len(line.rstrip(" .|-")) and (value := _from_match(m)):
                return m.start(), value
    return None


def parse_header(line: str, previous: str | None = None) -> tuple[str | None, str, bool] | None:
    """(author, ISO time, uses_previous_line) when `line` is a comment header, else None."""
    line = line.strip()
    if not line or len(line) > 120 or line.endswith((".", "?", "!", ":", ";")):
        return None
    found = _date_at_end(line)
    if not found:
        return None
    start, value = found
    author = line[:start].strip(" ,|-–—·•").strip()
    author = re.sub(r"\s+(on|at|said|wrote)$", "", author, flags=re.I)
    if author:
        if re.search(r"\d", author) or len(author.split()) > 6 or _NOT_AUTHORS.match(author):
            return None
        return author, value, False
    # Date alone on its line: the author is the short line just before it.
    if previous:
        prev = previous.strip()
        if prev and len(prev.split()) <= 6 and not re.search(r"[\d.!?:;]", prev) \
                and not _NOT_AUTHORS.match(prev):
            return prev, value, True
    return None


def split_comments(text: str, min_article_lines: int = 2) -> tuple[str, list[Comment]]:
    """(article text, comments). Without a trailing thread: (text, [])."""
    lines = text.split("\n")
    headers: list[tuple[int, str | None, str, int]] = []  # (first line, author, time, body line)
    content_seen = 0
    previous: str | None = None  # last non-blank line that was not a header
    for i, line in enumerate(lines):
        parsed = parse_header(line, previous)
        if parsed and content_seen >= min_article_lines:
            author, value, uses_previous = parsed
            start = _previous_nonblank(lines, i) if uses_previous else i
            headers.append((start, author, value, i + 1))
            previous = None
        elif line.strip():
            content_seen += 1
            previous = line
    if not headers:
        return text, []
    # A thread has either a time of day in its headers or more than one header: a lone date at
    # the end of an article is more often a "Published 1 July 2024" footer than a comment.
    if len(headers) == 1 and "T" not in headers[0][2]:
        return text, []
    comments: list[Comment] = []
    for n, (start, author, value, body_start) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
        body = [ln for ln in lines[body_start:end] if not _COMMENT_FURNITURE.match(ln.strip())]
        body_text = "\n".join(body).strip()
        header_text = " ".join(ln.strip() for ln in lines[start:body_start] if ln.strip())
        if body_text:
            comments.append(Comment(author=author, published=value, header=header_text,
                                    text=body_text))
    article_lines = lines[: headers[0][0]]
    preamble = line_patterns("comment_preambles")
    while article_lines and (not article_lines[-1].strip()
                             or preamble.match(article_lines[-1].strip())):
        article_lines.pop()
    return "\n".join(article_lines), comments


def _previous_nonblank(lines: list[str], i: int) -> int:
    j = i - 1
    while j > 0 and not lines[j].strip():
        j -= 1
    return j

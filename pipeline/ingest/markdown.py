"""Markdown (.md) to the text a reader sees, with the structure kept as marks.

Rendered the way text is copied from the page: headings on their own line without `#`, list
items one per line with a leading `- ` (numbered ones keep their number), table rows as cells
joined by ` | ` (the separator row dropped), paragraph lines joined, link and image text kept
without targets, emphasis and inline code unwrapped; code blocks, HTML comments, link
definitions, template shortcodes and struck-through text dropped. No Markdown library is needed
for this much, and nothing here can execute or fetch anything.
"""

from __future__ import annotations

import re

from pipeline.structure import Mark, line_key

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_DEFINITION = re.compile(r"^\s*:\s+(.*)$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
# Bounded, so a page of unclosed "{{<" or "{%" cannot make the scan quadratic.
_SHORTCODE = re.compile(r"\{\{[<%][^\n]{0,400}?[%>]\}\}|\{%[^\n]{0,400}?%\}")
# Every inline pattern is bounded in length: unclosed markers repeated across a long paragraph
# must not make each scan run to its end (a quadratic reader is a denial of service).
_IMAGE = re.compile(r"!\[([^\]]{0,300})\]\([^)]{0,500}\)")
_LINK = re.compile(r"\[([^\]]{1,300})\](?:\([^)]{0,500}\)|\[[^\]]{0,100}\])")
_STRIKE = re.compile(r"~~.{0,300}?~~")
_EMPHASIS = re.compile(r"(\*\*|__)(.{1,300}?)\1|(?<![\w*])\*(?!\s)(.{1,300}?)(?<!\s)\*(?!\w)"
                       r"|(?<![\w_])_(?!\s)(.{1,300}?)(?<!\s)_(?![\w_])")
_CODE = re.compile(r"`+([^`]{0,300})`+")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_HTML_ONLY = re.compile(r"^\s*<[^>]+>\s*$")


def drop_comments(text: str) -> str:
    """HTML comments cut out in one pass (an unclosed one runs to the end)."""
    out, pos = [], 0
    while (start := text.find("<!--", pos)) != -1:
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end == -1 else end + 3
    out.append(text[pos:])
    return "".join(out)


def inline(text: str) -> str:
    """Inline Markdown to plain text."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _STRIKE.sub("", text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), text)
    text = _TAG.sub("", text)
    return " ".join(text.split())


def _cells(line: str) -> str:
    cells = [inline(c) for c in line.strip().strip("|").split("|")]
    return " | ".join(c for c in cells if c)


def render_markdown(source: str) -> tuple[str, list[Mark]]:
    """(plain text, marks) of a Markdown text (front matter already removed)."""
    source = _SHORTCODE.sub("", drop_comments(source))
    lines = source.split("\n")
    out: list[str] = []
    marks: list[Mark] = []
    paragraph: list[str] = []

    def emit(line: str, kind: str, level: int = 0) -> None:
        flush()
        if line.strip():
            out.append(line)
            marks.append((kind, level, line_key(line)))

    def flush() -> None:
        if paragraph:
            out.append(inline(" ".join(paragraph)))
            paragraph.clear()

    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if _FENCE.match(line):
            in_fence = not in_fence
            flush()
            continue
        if in_fence or _LINK_DEF.match(line) or _HTML_ONLY.match(line):
            continue
        if not line.strip():
            flush()
            out.append("")
            continue
        if m := _ATX.match(line):
            emit(inline(m.group(2)), "heading", len(m.group(1)))
            out.append("")
            continue
        if paragraph and len(paragraph) == 1 and (u := _SETEXT.match(line)) \
                and (u.group(1)[0] == "=" or len(u.group(1)) >= 2):
            title = inline(paragraph.pop())
            emit(title, "heading", 1 if u.group(1)[0] == "=" else 2)
            out.append("")
            continue
        if _TABLE_SEP.match(line) and "|" in line:
            continue
        if line.strip().startswith("|") or line.count("|") >= 2:
            emit(_cells(line), "table_row")
            continue
        if m := _ITEM.match(line):
            indent = len(m.group(1).expandtabs(4))
            marker = m.group(2) if m.group(2)[0].isdigit() else "-"
            emit(f"{marker} {inline(m.group(3))}", "list_item", indent // 2 + 1)
            continue
        if m := _DEFINITION.match(line):
            if paragraph:  # the term is the line before
                term = inline(" ".join(paragraph))
                paragraph.clear()
                emit(term, "definition", 1)
            emit(inline(m.group(1)), "definition", 2)
            continue
        stripped = line.strip().lstrip(">").strip()
        if out and marks and out[-1] and marks[-1][0] == "list_item" and line[:1].isspace():
            # a lazy continuation of the list item above
            out[-1] = f"{out[-1]} {inline(stripped)}"
            marks[-1] = ("list_item", marks[-1][1], line_key(out[-1]))
            continue
        paragraph.append(stripped)
    flush()
    return "\n".join(out), marks

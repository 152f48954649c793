"""Choosing a reader from the bytes first and the file name second.

Content decides when it is unambiguous (an HTML document saved as .txt is still HTML); the
extension decides otherwise, so a broken .jsonl reaches the JSON reader and is reported as
malformed JSON rather than ingested as prose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".eml": "email", ".msg": "email",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)\b", re.I)
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|meta|title)\b", re.I)
_HTML_TAGS = re.compile(r"</?(p|div|span|a|article|section|h[1-6]|br|table|ul|li|script|style)\b",
                        re.I)
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]")
_MAIL_KEYS = {"from", "to", "subject", "date", "message-id", "received", "mime-version",
              "return-path", "delivered-to", "content-type"}


def extension(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def sniff(path: Path, head: str) -> str:
    """Reader name for a file whose decoded beginning is `head`."""
    stripped = head.lstrip("\ufeff \t\r\n")
    lower = stripped[:2000].lower()
    by_ext = _EXTENSIONS.get(extension(path))
    if lower.startswith("<?xml") or lower.startswith(("<rss", "<feed", "<rdf:rdf")):
        if _FEED_ROOT.search(stripped[:4000]):
            return "feed"
        if _HTML_START.search(stripped[:4000]):
            return "html"
        return by_ext or "feed"
    if _HTML_START.match(stripped) or (stripped.startswith("<") and
                                       len(_HTML_TAGS.findall(stripped[:4000])) >= 3):
        return "html"
    if stripped.startswith(("{", "[")) and by_ext in (None, "jsonl", "text"):
        first = stripped.split("\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except (ValueError, RecursionError):  # nested past the parser's depth: not JSON here
            if by_ext == "jsonl":
                return "jsonl"
    if _looks_like_mail(stripped):
        return "email"
    if by_ext in ("html", "feed") and "<" not in stripped[:4000]:
        # Declared markup without a single tag is prose saved under the wrong name.
        return "text"
    return by_ext or "text"


def _looks_like_mail(text: str) -> bool:
    keys: set[str] = set()
    for line in text.split("\n")[:60]:
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t":
            continue  # folded header continuation
        if not _HEADER.match(line):
            return False
        keys.add(line.split(":", 1)[0].lower())
    return "from" in keys and bool(keys & {"subject", "date", "message-id", "received"}) \
        and len(keys & _MAIL_KEYS) >= 2

"""The `Document`: what every reader in `pipeline.ingest` produces and every later stage reads.

Plain data only, so documents can cross process boundaries (multiprocessing, Dask) unchanged.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

DOCUMENT_KINDS = ("news", "vendor_notice", "press_release", "comment", "other")
PUBLISHED_SOURCES = ("metadata", "argument", "html", "inferred")


def text_id(text: str) -> str:
    """The document id of the contract: sha256 (hex) of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFC, no control characters but newlines and tabs, tidy whitespace.

    Offsets in the analysis record refer to the text *after* this step, so every reader
    must call it (or something stricter) before building a `Document`.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = []
    for char in text:
        if char in "\n\t":
            cleaned.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200d":
            # Format characters (bidi overrides, zero-width spaces, BOMs) are dropped:
            # they carry no meaning for extraction and can spoof what a reader sees.
            continue
        elif char in "\u00a0\u2007\u202f":
            cleaned.append(" ")
        else:
            cleaned.append(char)
    lines = [" ".join(line.replace("\t", " ").split()) for line in "".join(cleaned).split("\n")]
    # Collapse runs of blank lines into one paragraph break.
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


BLOCK_KINDS = ("heading", "list_item", "table_row", "definition", "paragraph")


@dataclass
class Block:
    """One structural line of the text: a heading, list item, table row, definition (term or
    description) or paragraph. `start`/`end` are offsets into `Document.text`; `level` is the
    heading level (1 = top) or the list nesting depth (1 = outermost), 0 for the rest."""

    kind: str
    level: int
    start: int
    end: int


@dataclass
class Document:
    """One input document, normalised.

    `text` is the normalised body text every offset refers to. `published` is an ISO date or
    datetime string, `published_source` says where it came from (see PUBLISHED_SOURCES), and
    `published_evidence` quotes what an inferred date rests on. `blocks` keep the structure
    the reader saw (headings, list items, table rows ...) as offsets into `text`.
    """

    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: str | None = None
    published_evidence: str | None = None
    kind: str = "news"
    source: str | None = None
    parent_id: str | None = None
    raw_sha256: str | None = None
    reader: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        return text_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.id
        return data

"""The `Document`: what every reader in `pipeline.ingest` produces and every later stage reads.

Plain data only, so documents can cross process boundaries (multiprocessing, Dask) unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

DOCUMENT_KINDS = ("news", "vendor_notice", "press_release", "comment", "other")
PUBLISHED_SOURCES = ("metadata", "argument", "html", "inferred")


# Lone surrogates (from JSON "\ud800" escapes, or surrogate-escaped bytes of a file name)
# cannot be encoded as UTF-8: hashing or storing them raises. Other code points all encode.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Bidi embeddings, overrides, isolates and marks: raw in a stored path they reorder how a
# file name reads in every CSV and page ("cod.exe" shown as "exe.doc").
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSTORABLE = re.compile(f"[\ud800-\udfff{_BIDI}]")


def repair_text(value: str) -> str:
    """`value` with every lone surrogate replaced by U+FFFD, so it encodes as UTF-8."""
    return _SURROGATES.sub("\ufffd", value)


def _escape_code_point(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+DC80-U+DCFF is how `surrogateescape` (file names, os.fsdecode) carries a raw byte.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def storable_path(value: str | os.PathLike[str]) -> str:
    """A file path as a printable UTF-8 string that keeps every byte of the name.

    Names that are not UTF-8 reach Python surrogate-escaped; their bytes are written as
    backslash escapes (b"caf\\xe9" is stored as "caf\\xe9", as `os.fsencode` then
    `backslashreplace` would), and bidi controls as "\\u202e", so the stored path still names
    the file and cannot spoof its reading order in a CSV or a page.
    """
    return _UNSTORABLE.sub(_escape_code_point, os.fspath(value))


def text_id(text: str) -> str:
    """The document id of the contract: sha256 (hex) of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFC, no control characters but newlines and tabs, tidy whitespace.

    Offsets in the analysis record refer to the text *after* this step, so every reader
    must call it (or something stricter) before building a `Document`.
    """
    text = unicodedata.normalize("NFC", repair_text(text))
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


_PATH_FIELDS = ("source",)


def _repaired(value: Any) -> Any:
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_repaired(v) for v in value)
    if isinstance(value, dict):
        return {_repaired(k): _repaired(v) for k, v in value.items()}
    return value


def repair_document(document: Document) -> list[str]:
    """Make every string of `document` encodable (lone surrogates -> U+FFFD, paths escaped
    by `storable_path`), in place; the names of the fields that changed.

    The last guard before hashing and storing: a reader that missed one field must cost a
    replacement character, not the batch.
    """
    changed = []
    for name, value in vars(document).items():
        if value is None:
            continue
        fixed = storable_path(value) if name in _PATH_FIELDS and isinstance(value, str) \
            else _repaired(value)
        if fixed != value:
            setattr(document, name, fixed)
            changed.append(name)
    return changed

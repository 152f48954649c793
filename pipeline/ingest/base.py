"""What every reader shares: the typed error, the failure exception, and document building.

Readers raise `IngestFailure` for a whole-file problem; `read_path` turns it into an
`IngestError` item, so no exception ever leaves `read_path`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.document import Document, normalise_text

# A raw file larger than this is refused before decoding: it is not an article, and reading it
# whole would let one file exhaust a worker's memory.
MAX_BYTES = 64 * 1024 * 1024
# The largest text (after normalising) a document may have: ~33 000 words, several times the
# longest report we read. Its cost grows faster than its size (200 000 characters: ~20 s to
# parse in two pieces and ~15 s to extract on one core, at most ~0.6 GB); past it a document
# is a `TooLarge` row, so none can take the batch's time or memory.
# $DATELINE_MAX_TEXT_CHARS overrides.
MAX_TEXT_CHARS = int(os.environ.get("DATELINE_MAX_TEXT_CHARS", "200000"))
# Metadata values (titles, authors, front matter and sidecar fields) are cut to this many
# characters, and lists in them to this many items: a title is no place for a book.
MAX_FIELD_CHARS = 2000
MAX_FIELD_ITEMS = 50
# Where a reader leaves warnings about a document it kept (repaired text, a far-future date)
# in `Document.meta`; the batch writes each as a warning row.
WARNINGS_KEY = "ingest_warnings"


@dataclass
class IngestError:
    """Why a file (or one item of it) could not become a Document."""

    path: str
    stage: str  # read | decode | parse | extract
    error_type: str  # class-like name: EmptyFile, BinaryContent, Timeout, MalformedFeed ...
    message: str
    raw_sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class IngestFailure(Exception):
    """Raised inside readers; carries the fields of an `IngestError`."""

    def __init__(self, stage: str, error_type: str, message: str) -> None:
        super().__init__(f"{stage}/{error_type}: {message}")
        self.stage = stage
        self.error_type = error_type
        self.message = message

    def to_error(self, path: str, raw_sha256: str | None) -> IngestError:
        return IngestError(path=path, stage=self.stage, error_type=self.error_type,
                           message=self.message, raw_sha256=raw_sha256)


@dataclass
class Source:
    """One file as read from disk, handed to a reader."""

    path: Path
    given: str  # the path as the caller wrote it: Document.source
    raw: bytes  # after transparent gunzip
    raw_sha256: str  # of the bytes on disk
    published: str | None = None
    kind: str | None = None
    field_map: dict[str, str] | None = None
    timeout: float = 30.0
    extra: dict[str, Any] = field(default_factory=dict)


Item = Document | IngestError


class Reader(Protocol):
    name: str

    def read(self, source: Source) -> Iterator[Item]: ...


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def refuse_oversized(text: str, what: str = "text") -> None:
    """Refuse a text far past `MAX_TEXT_CHARS` before any per-character work on it
    (normalising only shrinks a text so much; the final check is on the normalised text)."""
    if len(text) > 2 * MAX_TEXT_CHARS:
        raise IngestFailure("read", "TooLarge", f"{len(text)} characters of {what} "
                            f"(limit {MAX_TEXT_CHARS}, $DATELINE_MAX_TEXT_CHARS)")


_SCALARS = (str, int, float, dt.date)


def clean_field(value: Any) -> str | None:
    """A metadata value as a tidy one-line string of at most `MAX_FIELD_CHARS`, or None when
    empty. A list gives its first `MAX_FIELD_ITEMS` scalars joined; anything nested gives
    None (it is no title or name, and flattening it can cost without bound)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value[:MAX_FIELD_ITEMS]
                          if v and isinstance(v, _SCALARS) and not isinstance(v, bool))
    elif not isinstance(value, _SCALARS):
        return None
    text = " ".join(normalise_text(str(value)[:4 * MAX_FIELD_CHARS]).split())
    return text[:MAX_FIELD_CHARS] or None


def clean_person(value: Any) -> str | None:
    """An author name without the "By " of a byline."""
    text = clean_field(value)
    if text and re.match(r"^(https?://|www\.)", text):
        return None  # article:author is often a profile URL, not a name
    if text:
        text = re.sub(r"^by\s+", "", text, flags=re.I).strip() or None
    return text

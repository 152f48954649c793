"""Ingest: files to `Document`s. One small reader per format behind `read_path`.

    from pipeline.ingest import read_path, iter_paths, IngestError

`read_path` never raises: every problem with a file (or with one item of a multi-document
file) is yielded as an `IngestError` with a stage and a class-like error type, so a batch can
record it and carry on.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document, repair_document, storable_path
from pipeline.ingest.base import (
    MAX_BYTES,
    MAX_TEXT_CHARS,
    WARNINGS_KEY,
    IngestError,
    IngestFailure,
    Source,
    sha256_bytes,
)
from pipeline.ingest.dates import far_future
from pipeline.ingest.decode import GZIP_MAGIC, binary_kind, decode_bytes, gunzip
from pipeline.ingest.jsonl import parse_field_map
from pipeline.ingest.sniff import sniff

__all__ = ["IngestError", "RefusedPath", "checked", "iter_paths", "parse_field_map",
           "read_checked", "read_path", "reader_for", "READERS"]


def _readers() -> dict[str, object]:
    # Imported lazily: the HTML reader pulls in trafilatura, which JSON-lines batches never need.
    from pipeline.ingest.eml import EmailReader
    from pipeline.ingest.feed import FeedReader
    from pipeline.ingest.html import HtmlReader
    from pipeline.ingest.jsonl import JsonLinesReader
    from pipeline.ingest.text import TextReader

    return {r.name: r for r in (HtmlReader(), TextReader(), EmailReader(), FeedReader(),
                                JsonLinesReader())}


READERS = ("html", "text", "email", "feed", "jsonl")


class RefusedPath(type(Path())):  # type: ignore[misc]
    """A file found in a folder that is not read: `read_path` yields its typed row.

    Kept in the listing (rather than dropped) so that every file of a folder ends as a
    document or a row, never as silence.
    """

    error_type = "LinkOutsideFolder"
    message = ""


def _refused(path: Path, target: str) -> RefusedPath:
    refused = RefusedPath(path)
    refused.message = f"a symbolic link to {storable_path(target)}, outside the folder given"
    return refused


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path) -> list[Path]:
    """Every file under `folder` (hidden ones and sidecars left out); links that resolve
    outside it as `RefusedPath`s. Links to folders are not descended: one inside the folder
    would list files twice, one outside would publish what the user did not give."""
    root = os.path.realpath(folder)
    found: list[Path] = []
    for directory, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(directory)
        for name in [*files, *(d for d in dirs if os.path.islink(os.path.join(directory, d)))]:
            if name.startswith(".") or name.endswith(".meta.json"):
                continue
            child = base / name
            if child.is_symlink():
                target = os.path.realpath(child)
                if not _inside(target, root):
                    found.append(_refused(child, target))
                    continue
                if os.path.isdir(target):
                    continue
            found.append(child)
    return sorted(found)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under `paths`: directories expanded recursively in sorted order.

    Hidden files and directories and `*.meta.json` sidecars are skipped (sidecars belong to
    the document beside them). A file named explicitly is always yielded (following a link
    there is the user's choice); inside a folder, a link that leaves the folder is yielded as
    a `RefusedPath`. The listing is not re-checked when yielded: a file deleted since is
    read, and gets its `FileNotFound` row, rather than vanishing.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def reader_for(path: Path, raw: bytes) -> str:
    """Name of the reader for these bytes (after gunzip); binary content goes to 'text',
    whose decoder reports it."""
    if binary_kind(raw):
        return "text"
    head = raw[:8192]
    try:
        text, _ = decode_bytes(head)
    except IngestFailure:
        text = head.decode("latin-1")
    return sniff(path, text)


# What an unexpected exception inside a reader is reported as: the reader's own failure
# type, with the Python exception and where it happened in the message.
_READER_FAILURES = {"html": "MalformedHTML", "text": "MalformedText", "email": "MalformedEmail",
                    "feed": "MalformedFeed", "jsonl": "MalformedJSON"}


def read_checked(p: Path, given: str) -> bytes:
    """The bytes of a listed file, or an `IngestFailure` saying why there are none."""
    if isinstance(p, RefusedPath):
        raise IngestFailure("read", p.error_type, p.message)
    try:
        if not p.is_file():
            raise IngestFailure("read", "NotAFile" if p.exists() else "FileNotFound",
                                f"{given} is not a readable file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise IngestFailure("read", "TooLarge", f"{size} bytes (limit {MAX_BYTES})")
        return p.read_bytes()
    except FileNotFoundError as exc:  # deleted between listing and reading
        raise IngestFailure("read", "FileNotFound", f"{given} disappeared before it was read"
                            ) from exc
    except PermissionError as exc:
        raise IngestFailure("read", "PermissionDenied", f"{given}: {exc.strerror}") from exc
    except OSError as exc:
        raise IngestFailure("read", "ReadError", f"{type(exc).__name__}: {exc}") from exc


def read_path(path: str | Path, *, published: str | None = None, kind: str | None = None,
              field_map: dict[str, str] | None = None, timeout: float = 30.0,
              ) -> Iterator[Document | IngestError]:
    """Documents (or IngestErrors) read from one file. Never raises for a bad file.

    Every item leaves through `checked`: strings encodable, paths storable, text within
    `MAX_TEXT_CHARS`, a far-future publication date warned about.
    """
    for item in _read(path, published, kind, field_map, timeout):
        yield checked(item)


def _read(path: str | Path, published: str | None, kind: str | None,
          field_map: dict[str, str] | None, timeout: float) -> Iterator[Document | IngestError]:
    given = storable_path(path)
    raw_sha: str | None = None
    reader_name = None
    try:
        p = path if isinstance(path, Path) else Path(path)
        raw = read_checked(p, given)
        raw_sha = sha256_bytes(raw)
        if not raw.strip():
            raise IngestFailure("read", "EmptyFile", "the file has no content")
        if raw.startswith(GZIP_MAGIC):
            raw = gunzip(raw)
            if not raw.strip():
                raise IngestFailure("read", "EmptyFile", "the compressed file has no content")
        source = Source(path=p, given=given, raw=raw, raw_sha256=raw_sha, published=published,
                        kind=kind, field_map=field_map, timeout=timeout)
        reader_name = reader_for(p, raw)
        reader = _readers()[reader_name]
        yield from reader.read(source)  # type: ignore[attr-defined]
    except IngestFailure as failure:
        yield failure.to_error(given, raw_sha)
    except RecursionError:
        yield IngestError(given, "parse", "NestingTooDeep",
                          "structure nested too deeply to parse", raw_sha)
    except MemoryError:
        yield IngestError(given, "parse", "OutOfMemory", "the file needs too much memory", raw_sha)
    except Exception as exc:  # noqa: BLE001 - the contract: nothing escapes read_path
        # An unexpected failure still becomes a typed row of its reader instead of stopping
        # the batch; the exception and its last frame tell the maintainer where.
        where = traceback.extract_tb(exc.__traceback__)[-1]
        error_type = "ReadError" if isinstance(exc, OSError) else \
            _READER_FAILURES.get(reader_name or "", "UnreadableFile")
        yield IngestError(given, "parse", error_type,
                          f"{reader_name or 'file'} reader failed: {type(exc).__name__}: {exc}"
                          f" (at {Path(where.filename).name}:{where.lineno})", raw_sha)


def checked(item: Document | IngestError) -> Document | IngestError:
    """The last guard every item passes: a document whose strings cannot be encoded is
    repaired (lone surrogates become U+FFFD, and a warning says which fields), one over
    `MAX_TEXT_CHARS` becomes a `TooLarge` row, and error rows get storable strings."""
    if isinstance(item, IngestError):
        item.path = storable_path(item.path)
        item.message = storable_path(item.message)  # messages quote paths
        return item
    repaired = repair_document(item)
    if len(item.text) > MAX_TEXT_CHARS:
        return IngestError(item.source or "", "read", "TooLarge",
                           f"{len(item.text)} characters of text (limit {MAX_TEXT_CHARS}, "
                           "$DATELINE_MAX_TEXT_CHARS)", item.raw_sha256)
    warnings = []
    if repaired:
        warnings.append({"type": "UnencodableText", "stage": "read",
                         "message": "unpaired surrogates replaced by U+FFFD in "
                                    + ", ".join(repaired)})
    future = far_future(item.published)
    if future:
        warnings.append({"type": "FuturePublished", "stage": "read", "message": future})
    if warnings:
        item.meta.setdefault(WARNINGS_KEY, []).extend(warnings)
    return item

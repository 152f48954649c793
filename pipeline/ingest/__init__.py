"""Ingest: files to `Document`s. One small reader per format behind `read_path`.

    from pipeline.ingest import read_path, iter_paths, IngestError

`read_path` never raises: every problem with a file (or with one item of a multi-document
file) is yielded as an `IngestError` with a stage and a class-like error type, so a batch can
record it and carry on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document
from pipeline.ingest.base import MAX_BYTES, IngestError, IngestFailure, Source, sha256_bytes
from pipeline.ingest.decode import GZIP_MAGIC, binary_kind, decode_bytes, gunzip
from pipeline.ingest.jsonl import parse_field_map
from pipeline.ingest.sniff import sniff

__all__ = ["IngestError", "iter_paths", "parse_field_map", "read_path", "reader_for", "READERS"]


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


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under `paths`: directories expanded recursively in sorted order.

    Hidden files and directories and `*.meta.json` sidecars are skipped (sidecars belong to
    the document beside them). A file named explicitly is always yielded.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if any(part.startswith(".") for part in rel) or not child.is_file():
                    continue
                if child.name.endswith(".meta.json"):
                    continue
                yield child
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


def read_path(path: str | Path, *, published: str | None = None, kind: str | None = None,
              field_map: dict[str, str] | None = None, timeout: float = 30.0,
              ) -> Iterator[Document | IngestError]:
    """Documents (or IngestErrors) read from one file. Never raises for a bad file."""
    given = str(path)
    raw_sha: str | None = None
    try:
        p = Path(path)
        try:
            if not p.is_file():
                raise IngestFailure("read", "NotAFile" if p.exists() else "FileNotFound",
                                    f"{given} is not a readable file")
            if p.stat().st_size > MAX_BYTES:
                raise IngestFailure("read", "TooLarge",
                                    f"{p.stat().st_size} bytes (limit {MAX_BYTES})")
            raw = p.read_bytes()
        except OSError as exc:
            raise IngestFailure("read", "ReadError", f"{type(exc).__name__}: {exc}") from exc
        raw_sha = sha256_bytes(raw)
        if not raw.strip():
            raise IngestFailure("read", "EmptyFile", "the file has no content")
        if raw.startswith(GZIP_MAGIC):
            raw = gunzip(raw)
            if not raw.strip():
                raise IngestFailure("read", "EmptyFile", "the compressed file has no content")
        source = Source(path=p, given=given, raw=raw, raw_sha256=raw_sha, published=published,
                        kind=kind, field_map=field_map, timeout=timeout)
        reader = _readers()[reader_for(p, raw)]
        yield from reader.read(source)  # type: ignore[attr-defined]
    except IngestFailure as failure:
        yield failure.to_error(given, raw_sha)
    except RecursionError:
        yield IngestError(given, "parse", "NestingTooDeep",
                          "structure nested too deeply to parse", raw_sha)
    except MemoryError:
        yield IngestError(given, "parse", "OutOfMemory", "the file needs too much memory", raw_sha)
    except Exception as exc:  # noqa: BLE001 - the contract: nothing escapes read_path
        # An unexpected reader bug still becomes a typed row instead of stopping the batch;
        # the last frame tells the maintainer where.
        where = traceback.extract_tb(exc.__traceback__)[-1]
        yield IngestError(given, "parse", type(exc).__name__,
                          f"{exc} (at {Path(where.filename).name}:{where.lineno})", raw_sha)

"""JSON lines: one document per line, with a field map for other exports' names.

Standard fields: text (required), title, url, publisher, author, published, kind. A field map
{"date": "published"} renames a source field onto a standard one (`--map date=published`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import (
    IngestError,
    IngestFailure,
    Item,
    Source,
    clean_field,
    refuse_oversized,
)
from pipeline.ingest.dates import parse_date
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.kinds import kind_from_title, normalise_kind

STANDARD = ("text", "title", "url", "publisher", "author", "published", "kind")
# After this many bad lines with no good one the file is not JSON lines at all: one error row
# says so instead of thousands.
_GIVE_UP_AFTER = 5
_MAX_LINE_ERRORS = 100


def parse_field_map(pairs: Iterable[str]) -> dict[str, str]:
    """{"date": "published"} from CLI arguments like "date=published" (source=standard)."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        source_field, sep, standard = pair.partition("=")
        if not sep or not source_field.strip() or standard.strip() not in STANDARD:
            raise ValueError(f"--map {pair!r}: expected SOURCE=FIELD with FIELD one of "
                             f"{', '.join(STANDARD)}")
        mapping[source_field.strip()] = standard.strip()
    return mapping


def apply_map(record: dict[str, Any], field_map: dict[str, str] | None) -> dict[str, Any]:
    if not field_map:
        return record
    mapped = dict(record)
    for src, dst in field_map.items():
        if src in record:
            mapped[dst] = record[src]
    return mapped


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (wire copy wraps at ~70 columns) back into paragraphs.

    Only when most lines are wrapped: a paragraph starts after a blank line or at an indented
    line, as in Reuters copy. Otherwise the text is left as it is.
    """
    lines = text.split("\n")
    long_lines = [ln for ln in lines if ln.strip()]
    if len(long_lines) < 3:
        return text
    wrapped = sum(1 for ln in long_lines[:-1] if 40 <= len(ln.rstrip()) <= 80)
    if wrapped < 0.7 * (len(long_lines) - 1):
        return text
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            paragraphs.append([])
            continue
        if re.match(r"^\s{2,}\S", line) and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _whole_json(content: str) -> list[Any] | None:
    """The records of a file that is one JSON document spanning lines, else None."""
    stripped = content.strip()
    first_line = stripped.split("\n", 1)[0]
    if "\n" not in stripped or not stripped.startswith(("[", "{")):
        return None
    try:
        json.loads(first_line)
        return None  # the first line is a record on its own: JSON lines
    except (ValueError, RecursionError):
        pass
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, list) else [data]


class JsonLinesReader:
    name = "jsonl"

    def read(self, source: Source) -> Iterator[Item]:
        content, _ = decode_bytes(source.raw)
        whole = _whole_json(content)
        if whole is not None:
            # A pretty-printed .json export (an array of records, or one record) rather than
            # JSON lines: same fields, numbered by position instead of line.
            lines = [json.dumps(record) for record in whole]
        else:
            lines = content.split("\n")
        good = bad = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                bad += 1
                if good == 0 and bad >= _GIVE_UP_AFTER:
                    raise IngestFailure("parse", "MalformedJSON",
                                        f"first {bad} lines are not JSON; last: {exc}") from exc
                if bad <= _MAX_LINE_ERRORS:
                    yield self._error(source, "MalformedJSON", f"line {number}: {exc}")
                continue
            if not isinstance(record, dict):
                bad += 1
                if bad <= _MAX_LINE_ERRORS:
                    yield self._error(source, "NotAnObject",
                                      f"line {number}: {type(record).__name__}, not an object")
                continue
            record = apply_map(record, source.field_map)
            document = self._document(source, record, number)
            if isinstance(document, IngestError):
                bad += 1
                if bad <= _MAX_LINE_ERRORS:
                    yield document
                continue
            good += 1
            yield document
        if bad > _MAX_LINE_ERRORS:
            yield self._error(source, "TooManyBadLines",
                              f"{bad} bad lines; only the first {_MAX_LINE_ERRORS} reported")
        if good == 0 and bad == 0:
            raise IngestFailure("read", "EmptyFile", "no JSON lines in the file")

    def _error(self, source: Source, error_type: str, message: str) -> IngestError:
        return IngestError(source.given, "parse", error_type, message, source.raw_sha256)

    def _document(self, source: Source, record: dict[str, Any], number: int
                  ) -> Document | IngestError:
        raw_text = record.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            return self._error(source, "MissingText", f"line {number}: no 'text' field")
        try:
            refuse_oversized(raw_text, f"text on line {number}")
        except IngestFailure as failure:
            return failure.to_error(source.given, source.raw_sha256)
        text = normalise_text(unwrap(raw_text.replace("\r\n", "\n")))
        if not text:
            return self._error(source, "MissingText", f"line {number}: 'text' is blank")
        title = clean_field(record.get("title"))
        published = published_source = None
        if source.published:
            published = parse_date(source.published) or source.published
            published_source = "argument"
        elif record.get("published"):
            published = parse_date(record["published"])
            published_source = "metadata" if published else None
        kind = normalise_kind(source.kind) or normalise_kind(record.get("kind")) \
            or kind_from_title(title) or "news"
        url = clean_field(record.get("url"))
        record_id = clean_field(record.get("id"))
        meta = {k: v for k, v in record.items()
                if k not in STANDARD and isinstance(v, (str, int, float, bool))}
        meta["line"] = number
        meta["source_key"] = url or f"{source.given}#{record_id or number}"
        if record.get("published") and not published:
            meta["published_raw"] = str(record["published"])
        return Document(
            text=text, title=title, url=url, publisher=clean_field(record.get("publisher")),
            author=clean_field(record.get("author")), published=published,
            published_source=published_source, kind=kind, source=source.given,
            parent_id=clean_field(record.get("parent_id")), raw_sha256=source.raw_sha256,
            reader=self.name, meta=meta,
        )

"""The pure part of batch ingestion: documents in, analysis records out.

Everything here runs unchanged in the main process (local executor), in a process pool
(`--workers N`) and on Dask workers. Inputs and outputs are plain picklable data; the spaCy
model and the actor registry are loaded once per process and cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import __version__, limits
from pipeline.document import Document, storable_path
from pipeline.limits import TimeLimitExceeded
from pipeline.record import AnalysisRecord, PipelineInfo

# nlp.pipe batch size: measured on Reuters stories (~140 words) with en_core_web_sm, 64 gave
# ~3.5k words/s against ~2.5k for 16 and ~3.8k for 256; 128 keeps most of the gain while the
# first records reach the writer sooner (and kill -9 loses less).
DEFAULT_NLP_BATCH = 128
RESOURCES = Path(__file__).resolve().parent.parent / "extract" / "resources"
# Time limit for extracting one document. A rule that loops on an odd parse (seen: a
# dependency climb that never reached the root) must cost one `Timeout` row, not the batch.
# Reuters stories take well under a second; $DATELINE_EXTRACT_TIMEOUT overrides (0 = none).
EXTRACT_TIMEOUT = float(os.environ.get("DATELINE_EXTRACT_TIMEOUT", "60"))
# Time limit for parsing one long text (over `nlp.MAX_PIECE_CHARS`; shorter texts are bounded
# by their size). A text at `ingest.base.MAX_TEXT_CHARS` parses in ~20 s on one core;
# $DATELINE_NLP_TIMEOUT overrides (0 = none).
NLP_TIMEOUT = float(os.environ.get("DATELINE_NLP_TIMEOUT", "120"))


@dataclass(frozen=True)
class Config:
    """What an extraction depends on besides the text. Plain data: it crosses to workers."""

    model: str | None = None  # name or path given by the user (None = default order)
    registry_name: str | None = None  # file name of the registry, for loading by suffix
    registry_bytes: bytes | None = None  # its content, so remote workers need no shared disk
    nlp_batch: int = DEFAULT_NLP_BATCH
    extract_timeout: float = EXTRACT_TIMEOUT
    nlp_timeout: float = NLP_TIMEOUT

    @property
    def registry_hash(self) -> str:
        return hashlib.sha256(self.registry_bytes).hexdigest()[:16] if self.registry_bytes \
            else ""


def make_config(model: str | None = None, registry: str | Path | None = None,
                nlp_batch: int | None = None, db_path: str | Path | None = None) -> Config:
    """The run's configuration. Without `registry`, the database's own registry file
    (`<db stem>.registry.yaml` or $DATELINE_REGISTRY, where `dateline actors merge` records
    user decisions) is used when it exists, so user edits survive ingest and reprocess."""
    if registry is None and db_path is not None:
        from pipeline.extract.registry import registry_path_for_db

        candidate = registry_path_for_db(db_path)
        registry = candidate if candidate.is_file() else None
    data = Path(registry).read_bytes() if registry else None
    return Config(model=model, registry_name=Path(registry).name if registry else None,
                  registry_bytes=data, nlp_batch=nlp_batch or DEFAULT_NLP_BATCH,
                  extract_timeout=EXTRACT_TIMEOUT, nlp_timeout=NLP_TIMEOUT)


def resources_hash() -> str:
    """Hash of the extraction resources (lexicons, patterns): editing one changes results."""
    digest = hashlib.sha256()
    if RESOURCES.is_dir():
        for path in sorted(RESOURCES.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(RESOURCES).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def config_hash(config: Config, label: str) -> str:
    """One hash over everything that changes extraction output: `reprocess` compares it."""
    parts = [__version__, label, config.registry_hash, resources_hash()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def _registry_for(name: str | None, data: bytes | None) -> Any:
    # Loaded once per process and content: a registry edit (an actor merge) is a new key.
    from pipeline.extract.registry import load_registry

    if data is None:
        return load_registry(None)
    tmp = Path(tempfile.mkdtemp(prefix="dateline-registry-"))
    try:
        path = tmp / (name or "registry.yaml")
        path.write_bytes(data)
        return load_registry(path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load(config: Config) -> tuple[Any, str, Any]:
    """(nlp, model label, registry) for this process, loaded on first use."""
    from pipeline.nlp import load_model, model_label

    nlp = load_model(config.model)
    return nlp, model_label(nlp), _registry_for(config.registry_name, config.registry_bytes)


@dataclass
class Issue:
    """An `ingest_errors` row to be: a failure (severity error) or a warning."""

    path: str
    stage: str
    error_type: str
    message: str
    raw_sha256: str | None = None
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "stage": self.stage, "error_type": self.error_type,
                "message": self.message, "severity": self.severity}


@dataclass
class Result:
    """The outcome of one input item, in input order.

    kind: "record" (analysed: write it), "unchanged" (its text is already stored, skipped
    before NLP) or "error" (could not be read; `issues` says why).
    """

    kind: str
    document: Document | None = None
    record: AnalysisRecord | None = None
    issues: list[Issue] = field(default_factory=list)
    words: int = 0


def long_text_warning(document: Document) -> Issue | None:
    from pipeline.nlp import MAX_PIECE_CHARS

    if len(document.text) <= MAX_PIECE_CHARS:
        return None
    return Issue(document.source or "", "nlp", "TextSplit",
                 f"{len(document.text)} characters is over spaCy's piece size "
                 f"({MAX_PIECE_CHARS}); processed in pieces", document.id, "warning")


class ExtractionTimeout(TimeLimitExceeded):
    """Extracting one document took longer than its time limit."""


class NlpTimeout(TimeLimitExceeded):
    """Parsing one document took longer than its time limit (`pipeline.nlp.pipe` gave up)."""


class ExtractionFailed(Exception):
    """Extracting one document raised an error none of our stages typed (a bug, or input no
    rule foresaw): the row says `ExtractionFailed`, its message the Python error's name."""


def typed_failure(error: BaseException, fallback: str) -> tuple[str, str]:
    """(error_type, message) of an error caught by a catch-all: our own exceptions keep their
    names; Python's ("ValueError", "UnicodeEncodeError") become `fallback`, with the Python
    name and text in the message, so no row is typed by a bare Python exception name."""
    if isinstance(error, TimeLimitExceeded):
        return "Timeout", str(error)
    declared = getattr(error, "error_type", None)
    if isinstance(declared, str) and declared:  # our typed failures name their own type
        return declared, str(getattr(error, "message", error))
    if type(error).__module__.split(".")[0] == "pipeline":
        return type(error).__name__, str(error) or repr(error)
    text = str(error)
    return fallback, f"{type(error).__name__}: {text}" if text else type(error).__name__


def time_limit(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Raise ExtractionTimeout in this block after `seconds` (see `pipeline.limits`)."""
    return limits.time_limit(seconds, ExtractionTimeout, "extraction")


def extract_one(document: Document, doc: Any, label: str, registry: Any, config: Config
                ) -> tuple[AnalysisRecord, list[Issue]]:
    """Extract one parsed document under the time limit; never raises.

    A document whose extraction raises still gets a record (empty extraction, `errors` set)
    and an `extract` issue, so one bad text never stops the batch. Shared by the in-process
    path and the split pipeline (`nlp_process`), so both build identical records.
    """
    from pipeline.extract import document_info, extract
    from pipeline.ingest.base import WARNINGS_KEY

    issues: list[Issue] = [Issue(document.source or "", entry["stage"], entry["type"],
                                 entry["message"], document.id, "warning")
                           for entry in document.meta.get(WARNINGS_KEY) or ()]
    warning = long_text_warning(document)
    if warning:
        issues.append(warning)
    try:
        if doc is None:  # the NLP stage gave up on this text (`nlp.pipe`'s time limit)
            raise NlpTimeout(f"parsing took longer than {config.nlp_timeout:g} s")
        with time_limit(config.extract_timeout):
            record = extract(document, doc, model=label, registry=registry)
    except Exception as error:  # noqa: BLE001 - one bad document must not stop the rest
        stage = "nlp" if isinstance(error, NlpTimeout) else "extract"
        kind, message = typed_failure(error, ExtractionFailed.__name__)
        record = AnalysisRecord(pipeline=PipelineInfo(version=__version__, model=label),
                                document=document_info(document))
        record.errors.append({"stage": stage, "type": kind, "message": message,
                              "trace": traceback.format_exc(limit=3)})
        issues.append(Issue(document.source or "", stage, kind, message, document.id))
    for entry in record.errors:
        if entry.get("severity") == "warning":  # e.g. a page not in English: kept, not failed
            issues.append(Issue(document.source or "", entry.get("stage", "extract"),
                                entry.get("type", "Warning"), entry.get("message", ""),
                                document.id, severity="warning"))
    return record, issues


def analyse_documents(documents: Iterable[Document], config: Config
                      ) -> Iterator[tuple[Document, AnalysisRecord, list[Issue]]]:
    """nlp.pipe (as_tuples, batched) then extract, one record per document, in order."""
    from pipeline.nlp import pipe

    nlp, label, registry = load(config)
    items = ((document.text, document) for document in documents)
    for doc, document in pipe(nlp, items, batch_size=config.nlp_batch,
                              timeout=config.nlp_timeout):
        record, issues = extract_one(document, doc, label, registry, config)
        yield document, record, issues


# -- units: what the pool and Dask executors ship to workers --------------------------------

@dataclass
class Unit:
    """One file, or one slice of a large JSON-lines file, as bytes plus reading options.

    A pure description: a worker needs no access to the client's disk. `line_offset` blank
    lines are prepended to a JSON-lines slice so the reader numbers lines as in the whole file
    (its source keys use line numbers when a record has no id or URL).
    """

    index: int
    given: str  # the path as the user gave it: Document.source and ingest_errors.path
    raw: bytes
    raw_sha256: str  # of the whole file on disk
    sidecar_name: str | None = None
    sidecar: bytes | None = None
    line_offset: int = 0
    sliced: bool = False
    published: str | None = None
    kind: str | None = None
    field_map: dict[str, str] | None = None


def _restore_paths(value: Any, temp: str, given: str) -> Any:
    if isinstance(value, str) and temp in value:
        return value.replace(temp, given)
    return value


def read_unit(unit: Unit) -> Iterator[Document | Any]:
    """Read a unit's bytes through the real readers (`pipeline.ingest.read_path`).

    The bytes are materialised under their own file name (readers sniff names and look for
    sidecars beside the file) in a private directory; every path the readers record is then
    mapped back to the path the user gave, so rows are identical to a local run.
    """
    from pipeline.ingest import read_path

    tmp = Path(tempfile.mkdtemp(prefix="dateline-unit-"))
    try:
        name = Path(unit.given).name or "input"
        target = tmp / name
        payload = b"\n" * unit.line_offset + unit.raw if unit.line_offset else unit.raw
        target.write_bytes(payload)
        if unit.sidecar_name and unit.sidecar is not None:
            (tmp / unit.sidecar_name).write_bytes(unit.sidecar)
        # Readers record paths as `storable_path` makes them: map those back.
        temp, given = storable_path(target), storable_path(unit.given)
        for item in read_path(target, published=unit.published, kind=unit.kind,
                              field_map=unit.field_map):
            if isinstance(item, Document):
                item.source = _restore_paths(item.source, temp, given)
                item.meta = {k: _restore_paths(v, temp, given)
                             for k, v in (item.meta or {}).items()}
                if unit.sliced:
                    item.raw_sha256 = unit.raw_sha256
            else:
                item.path = given
                item.message = _restore_paths(item.message, temp, given)
                if unit.sliced or item.raw_sha256 is not None:
                    item.raw_sha256 = unit.raw_sha256
            yield item
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def analyse_unit(unit: Unit, known: frozenset[str] | set[str], config: Config) -> list[Result]:
    """Read + nlp + extract for one unit: a pure function from bytes and options to results.

    Texts already in `known` (the database's document ids) are skipped before NLP.
    """
    results: list[Result] = []
    todo: list[Document] = []
    seen: set[str] = set()
    for item in read_unit(unit):
        if isinstance(item, Document):
            doc_id = item.id
            if doc_id in known or doc_id in seen:
                results.append(Result("unchanged", document=item))
                continue
            seen.add(doc_id)
            results.append(Result("record", document=item, words=len(item.text.split())))
            todo.append(item)
        else:
            results.append(Result("error", issues=[issue_from_error(item)]))
    analysed = analyse_documents(todo, config)
    for result in results:
        if result.kind == "record":
            document, record, issues = next(analysed)
            assert document is result.document  # pipe keeps order; check the pairing
            result.record, result.issues = record, issues
    return results


def issue_from_error(error: Any) -> Issue:
    """An `IngestError` from the readers as an Issue."""
    return Issue(error.path, error.stage, error.error_type, error.message, error.raw_sha256)


# Large JSON-lines files are sliced so partitions spread over workers; about this many bytes
# per slice (a few hundred Reuters stories: enough to amortise a task's overhead).
SLICE_BYTES = 256 * 1024


def make_units(paths: Iterable[str | Path], *, published: str | None = None,
               kind: str | None = None, field_map: dict[str, str] | None = None,
               slice_bytes: int | None = None) -> Iterator[Unit | Issue]:
    """Units in reading order (the same order `read_path` over `iter_paths` gives)."""
    slice_bytes = slice_bytes or SLICE_BYTES
    from pipeline.ingest import iter_paths, read_checked
    from pipeline.ingest.base import IngestFailure

    index = 0
    options: dict[str, Any] = {"published": published, "kind": kind, "field_map": field_map}
    for path in iter_paths(paths):
        given, file = storable_path(path), Path(path)
        # The same refusals, with the same rows, as `read_path` makes before reading bytes.
        try:
            raw = read_checked(file, given)
        except IngestFailure as failure:
            yield Issue(given, failure.stage, failure.error_type, failure.message)
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if _is_plain_jsonl(file, raw) and len(raw) > slice_bytes:
            line = 0
            for chunk in _slices(raw, slice_bytes):
                yield Unit(index, given, chunk, digest, line_offset=line, sliced=True, **options)
                index += 1
                line += chunk.count(b"\n")
            continue
        side = _sidecar(file)
        yield Unit(index, given, raw, digest,
                   sidecar_name=side.name if side else None,
                   sidecar=side.read_bytes() if side else None, **options)
        index += 1


def _is_plain_jsonl(path: Path | str, raw: bytes) -> bool:
    return str(path).lower().endswith((".jsonl", ".ndjson")) and raw[:1] in (b"{", b" ", b"\n")


def _slices(raw: bytes, size: int) -> Iterator[bytes]:
    start = 0
    while start < len(raw):
        end = raw.find(b"\n", start + size)
        end = len(raw) if end < 0 else end + 1
        yield raw[start:end]
        start = end


def _sidecar(path: Path) -> Path | None:
    try:
        from pipeline.ingest.text import sidecar_path
    except ImportError:  # the reader module moved: fall back to the documented naming
        def sidecar_path(p: Path) -> Path:
            stem = p.name[:-3] if p.name.endswith(".gz") else p.name
            return p.with_name(f"{stem.rsplit('.', 1)[0]}.meta.json")
    side = sidecar_path(path)
    try:
        return side if side.is_file() else None
    except OSError:  # a name at the length limit has no room for a sidecar's
        return None


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

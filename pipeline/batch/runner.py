"""Batch ingestion and re-processing: read -> nlp -> extract -> store, at archive scale.

- Incremental: a text whose sha256 is already stored is skipped before NLP.
- Resumable: every document is written in its own savepoint inside short batch transactions
  (WAL), so `kill -9` loses at most the uncommitted batch and never leaves half a document;
  a re-run skips what was committed and finishes the rest.
- Overlapped: by default (`pipeline="auto"`, inputs past `nlp_process.AUTO_MIN_BYTES`)
  spaCy runs in a child process and the parent extracts while it parses the next batches
  (`pipeline.batch.nlp_process`); a writer thread owns its own SQLite connection and commits
  meanwhile (sqlite releases the GIL while it works). `pipeline="inline"` keeps spaCy in
  the main process, which is quicker for small inputs (no second model load).
- Executors: "local" (one process; `workers > 1` adds a process pool over file units) and
  "dask" (see `pipeline.batch.dask_executor`). All write in input order, so version links and
  event clusters are identical whichever executor ran.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.batch.flow import (
    StoppedAtFailure,
    collect_unchanged,
    first_pending,
    stop_at_failure,
)
from pipeline.batch.nlp_process import (
    NlpProcess,
    acquire,
    analyse_documents_split,
    choose_mode,
    release,
)
from pipeline.batch.progress import Progress
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import (
    Config,
    Issue,
    Result,
    Unit,
    analyse_documents,
    analyse_unit,
    config_hash,
    issue_from_error,
    load,
    make_config,
    make_units,
)
from pipeline.document import Block, Document, storable_path

log = logging.getLogger("dateline.batch")

# Default number of processes: measured on the 2-core box (docs/scaling.md): one process
# running spaCy + extraction beat two, which pay the model twice in memory and contend with
# the writer for the second core.
DEFAULT_WORKERS = 1
# Writer: commit when this many documents are pending, or whenever the queue runs dry.
WRITE_BATCH = 64
_STOP = object()


# -- writing --------------------------------------------------------------------------------

class WriterFailed(RuntimeError):
    """The database writer died: what it had not committed is lost, and the run failed."""

    def __init__(self, lost: int, lost_documents: int, cause: BaseException) -> None:
        super().__init__(f"the database writer failed ({type(cause).__name__}: {cause}); "
                         f"{lost} results not stored, {lost_documents} of them documents "
                         "(a re-run stores them)")
        self.lost = lost
        self.lost_documents = lost_documents


class Writer:
    """Writes results in arrival order on its own thread and connection.

    Documents pile up in one transaction while NLP is faster than writing, and are committed
    whenever the writer catches up (or after WRITE_BATCH documents), each document inside its
    own savepoint: a failure rolls back that document only. A failure of the writer itself
    (a commit that fails, a database gone) rolls back the open transaction; `close` and
    `put` then raise `WriterFailed` with the count of results lost.
    """

    def __init__(self, db_path: str | Path, summary: BatchSummary, progress: Progress, *,
                 run_id: str, config_hash: str, replace: bool = False) -> None:
        self.db_path = db_path
        self.summary = summary
        self.progress = progress
        self.run_id = run_id
        self.config_hash = config_hash
        self.replace = replace
        self.error: BaseException | None = None
        self.written: list[str] = []  # documents whose extraction changed: the link stage's work
        self.queue: queue.Queue = queue.Queue(maxsize=4 * WRITE_BATCH)
        self._store = None
        self._lock = threading.Lock()  # guards summary/progress updates
        # Results handed over and results committed (all, and documents): the difference is
        # what a writer failure loses.
        self.handed = self.handed_documents = 0
        self.committed = self.committed_documents = 0
        self.thread = threading.Thread(target=self._loop, name="dateline-writer", daemon=True)
        self.thread.start()

    def failure(self) -> WriterFailed:
        assert self.error is not None
        return WriterFailed(self.handed - self.committed,
                            self.handed_documents - self.committed_documents, self.error)

    def put(self, result: Result) -> None:
        if self.error is not None:
            raise self.failure() from self.error
        self.handed += 1
        self.handed_documents += result.kind == "record"
        self.queue.put(result)

    def close(self) -> None:
        self.queue.put(_STOP)
        self.thread.join()  # the thread closes its own connection
        if self.error is not None:
            raise self.failure() from self.error

    def _open(self) -> None:
        if self._store is None:
            from pipeline.store import Store

            self._store = Store(self.db_path, create_views=False)

    def _loop(self) -> None:
        try:
            self._open()
            db = self._store.db
            stop = False
            while not stop:
                item = self.queue.get()
                if item is _STOP:
                    break
                batch = [item]
                with db.atomic():
                    self._write_one(item)
                    # Keep the transaction open while more results are already waiting.
                    while len(batch) < WRITE_BATCH:
                        try:
                            item = self.queue.get_nowait()
                        except queue.Empty:
                            break
                        if item is _STOP:
                            stop = True
                            break
                        batch.append(item)
                        self._write_one(item)
                self.committed += len(batch)
                self.committed_documents += sum(result.kind == "record" for result in batch)
            self._store.close()
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error
            log.error("the database writer failed: %s: %s", type(error).__name__, error)
            if self._store is not None:
                try:
                    self._store.close()
                except Exception:  # noqa: BLE001 - the first error is the one to report
                    pass
            # Drain so producers blocked on a full queue wake up and see the error.
            while True:
                try:
                    if self.queue.get_nowait() is _STOP:
                        break
                except queue.Empty:
                    break

    def _write_one(self, result: Result) -> None:
        """Write one result; a failure of its rows (not of the database) becomes a
        `WriteFailed` row for its path, so one odd value cannot end the writer."""
        try:
            self._write(result)
        except sqlite3.DatabaseError:
            raise  # the database itself: the transaction is in doubt, so the writer stops
        except Exception as error:  # noqa: BLE001 - this result only; the batch goes on
            path = (result.document.source if result.document else None) or \
                (result.issues[0].path if result.issues else "")
            self._store.record_error(path=path or "", stage="store", error_type="WriteFailed",
                                     message=f"{type(error).__name__}: {error}",
                                     run_id=self.run_id)
            with self._lock:
                self.summary.add_issue({"path": path, "stage": "store",
                                        "error_type": "WriteFailed", "message": str(error),
                                        "severity": "error"})

    def _write(self, result: Result) -> None:
        store = self._store
        issues = list(result.issues)
        outcome = None
        if result.kind == "record" and self.replace and result.record.failed():
            # Re-extraction failed: keep the document's previous extraction rather than
            # swapping a good one for an empty one; the issue row says what went wrong.
            pass
        elif result.kind == "record":
            try:
                # `Store.write` runs in a savepoint of its own: a failure rolls back this
                # document only.
                outcome = store.write(result.document, result.record, run_id=self.run_id,
                                      config_hash=self.config_hash, replace=self.replace)
                if outcome.status != "unchanged":
                    self.written.append(outcome.document_id)
            except Exception as error:  # noqa: BLE001 - this document only; the batch goes on
                issues.append(Issue(result.document.source or "", "store", "WriteFailed",
                                    f"{type(error).__name__}: {error}", result.document.id))
        for issue in issues:
            store.record_error(path=issue.path, stage=issue.stage, error_type=issue.error_type,
                               message=issue.message, raw_sha256=issue.raw_sha256,
                               run_id=self.run_id, severity=issue.severity)
        with self._lock:
            summary = self.summary
            if outcome is not None:
                status = outcome.status
                if status == "inserted":
                    summary.inserted += 1
                elif status == "new_version":
                    summary.new_version += 1
                elif status == "replaced":
                    summary.replaced += 1
                else:
                    summary.unchanged += 1
                summary.events += outcome.events
            elif result.kind == "unchanged":
                summary.unchanged += 1
            failed_before = summary.failed
            for issue in issues:
                summary.add_issue(issue.to_dict())
            # A record written with a failed extraction counts once, as failed.
            if outcome is not None and result.record.failed() and \
                    summary.failed == failed_before:
                summary.failed += 1
            self.progress.advance(errors=summary.failed - failed_before)


def _redate(db_path: str | Path, ids: list[str], published: str, summary: BatchSummary,
            **options: Any) -> None:
    """Stored texts re-ingested with another `--published`: correct their date and
    re-extract them (a document's id is its text's hash, so the row is corrected in place;
    `reprocess` records a run of its own)."""
    from pipeline.store import Store

    store = Store(db_path, create_views=False)
    try:
        stale = [row[0] for row in store.db.execute(
            "select id from documents where id in (select value from json_each(?))"
            " and coalesce(published, '') != ?", [json.dumps(ids), published])]
    finally:
        store.close()
    if not stale:
        return
    fixed = reprocess(db_path, ids=stale, published=published, progress="off", **options)
    summary.redated += fixed.replaced
    summary.unchanged -= fixed.replaced
    summary.events += fixed.events
    summary.redate_seconds = fixed.seconds
    for issue in fixed.errors:
        summary.add_issue(issue)
    summary.failed += fixed.failed - sum(fixed.reasons.values())  # failed records, no issue


# -- executors ------------------------------------------------------------------------------

def _analyse(documents: Iterable[Document], config: Config, child: NlpProcess | None
             ) -> Iterator[tuple[Document, Any, list[Issue]]]:
    """Records in input order: spaCy in `child` when there is one, else in this process."""
    if child is not None:
        return analyse_documents_split(documents, config, child)
    return analyse_documents(documents, config)


def _run_label(config: Config) -> str:
    """The model label for the run row and summary; from the model's meta.json when it has
    one (no spaCy import), else by loading the model (which raises ModelNotFound early)."""
    from pipeline.model_meta import model_label_unloaded

    return model_label_unloaded(config.model) or load(config)[1]


def _local_results(paths: Iterable[str | Path], options: dict[str, Any], known: set[str],
                   config: Config, summary: BatchSummary, progress: Progress,
                   emit: Callable[[Result], None],
                   start_child: Callable[[], NlpProcess | None] = lambda: None
                   ) -> Iterator[Result]:
    """One process: read lazily, skip known texts before NLP, nlp.pipe + extract the rest.

    Errors and skipped documents are emitted straight to the writer as they are read (they
    write no document rows, so their order does not matter); analysed records are yielded in
    reading order.
    """
    from pipeline.ingest import IngestError
    from pipeline.ingest.fetch import iter_inputs, read_input

    def documents() -> Iterator[Document]:
        for path in iter_inputs(list(paths)):
            for item in read_input(path, **options):
                if isinstance(item, IngestError):
                    try:
                        emit(Result("error", issues=[issue_from_error(item)]))
                    except StoppedAtFailure:
                        # --strict: read no further, but finish the documents read before.
                        stopped.append(item)
                        return
                    continue
                try:  # `read_path` repairs every string; this is the last guard before hashing
                    doc_id = item.id
                except UnicodeError as error:
                    emit(Result("error", issues=[Issue(
                        storable_path(item.source or str(path)), "read", "UnencodableText",
                        str(error), item.raw_sha256)]))
                    continue
                summary.read += 1
                progress.read(len(item.text))
                if doc_id in known:
                    emit(Result("unchanged", document=item))
                    progress.advance(skipped=1)
                    continue
                known.add(doc_id)  # the same text later in this batch is a duplicate
                yield item
            try:
                progress.file_done(Path(path).stat().st_size)
            except OSError:
                pass

    stopped: list[IngestError] = []
    pending = first_pending(documents())
    for document, record, issues in _analyse(pending, config, start_child()) if pending else ():
        words = len(document.text.split())
        progress.advance(documents=1, words=words)
        summary.words += words
        yield Result("record", document=document, record=record, issues=issues, words=words)
    if stopped:
        raise StoppedAtFailure


# The pool's per-process state: set once by the initializer, so the known ids and the model
# cross to each worker once, not with every task.
_POOL_STATE: dict[str, Any] = {}


def _pool_init(known: frozenset[str], config: Config) -> None:
    _POOL_STATE["known"], _POOL_STATE["config"] = known, config
    load(config)  # the model, once per worker, before the first task


def _pool_task(unit: Unit) -> list[Result]:
    return analyse_unit(unit, _POOL_STATE["known"], _POOL_STATE["config"])


def run_units(units: Iterable[Unit | Issue], submit: Callable[[Unit], Any], *, in_flight: int,
              summary: BatchSummary, progress: Progress,
              emit: Callable[[Result], None]) -> None:
    """Submit units with at most `in_flight` outstanding; hand results on in input order.

    Bounded in-flight work keeps memory flat however large the corpus (results of later
    units wait at most `in_flight` units).
    """
    pending: deque[tuple[Unit, Any]] = deque()

    def drain_one() -> None:
        unit, future = pending.popleft()
        for result in future.result():
            if result.kind != "error":
                summary.read += 1
                progress.read(len(result.document.text))
            if result.kind == "record":
                summary.words += result.words
                progress.advance(documents=1, words=result.words)
            elif result.kind == "unchanged":
                progress.advance(skipped=1)
            emit(result)
        progress.file_done(len(unit.raw))

    for unit in units:
        if isinstance(unit, Issue):
            emit(Result("error", issues=[unit]))
            continue
        pending.append((unit, submit(unit)))
        while len(pending) >= in_flight:
            drain_one()
    while pending:
        drain_one()


# -- entry points ---------------------------------------------------------------------------

def _total_bytes(paths: Iterable[str | Path]) -> int:
    from pipeline.ingest import iter_paths

    total = 0
    for path in iter_paths(paths):
        try:
            total += Path(path).stat().st_size
        except OSError:
            continue
    return total


def ingest_paths(db_path: str | Path, paths: Iterable[str | Path], *,
                 published: str | None = None, kind: str | None = None,
                 field_map: dict[str, str] | None = None, model: str | None = None,
                 registry: str | Path | None = None, workers: int = DEFAULT_WORKERS,
                 executor: str = "local", scheduler: str | None = None,
                 batch_size: int | None = None, quiet: bool = True,
                 progress: Progress | str | None = None, pipeline: str = "auto",
                 strict: bool = False, allow_private_urls: bool = False) -> BatchSummary:
    """Ingest files and directories into the database at `db_path`; never raises for bad
    input (each failure is an `ingest_errors` row and a summary entry).

    pipeline: for the local single-worker executor, "processes" runs spaCy in a child
    process overlapped with extraction and writing here, "inline" runs everything in this
    process, "auto" picks by input size (`nlp_process.choose_mode`).

    progress: a `Progress`, or a mode ("bar", "log", "off"); by default a bar on a terminal,
    log lines on a pipe, and log lines with `quiet=True`.
    """
    from pipeline.cli_options import DateError, parse_cli_date
    from pipeline.store import Store

    if executor not in ("local", "dask"):
        raise ValueError(f"unknown executor {executor!r} (local or dask)")
    if published is not None:
        # The command line refuses these as a usage error (`PublishedDate`); the API refuses
        # them too, by the same rules, rather than storing "not a date" on every document.
        try:
            _, day = parse_cli_date(published)
        except DateError as error:
            raise ValueError(f"published {published!r} is not a real date: {error}") from None
        if day > dt.date.today() + dt.timedelta(days=366):
            raise ValueError(f"published {published!r} is more than a year in the future")
    paths = [str(path) for path in paths]
    started = time.monotonic()
    config = make_config(model, registry, batch_size, db_path=db_path)
    total_bytes = _total_bytes(paths)
    arrangement = (choose_mode(pipeline, total_bytes) if executor == "local" and workers <= 1
                   else executor if executor == "dask" else "pool")
    # The NLP child starts with the first text that needs parsing (see `flow.first_pending`).
    children: list[NlpProcess] = []

    def start_child() -> NlpProcess | None:
        if arrangement == "processes" and not children:
            children.append(acquire(config))
        return children[0] if children else None

    try:
        label = _run_label(config)  # fails early (ModelNotFound) before any run row
        chash = config_hash(config, label)
        summary = BatchSummary(command="ingest", model=label, config_hash=chash,
                               pipeline=arrangement)
        if not isinstance(progress, Progress):
            mode = progress if isinstance(progress, str) else ("log" if quiet else None)
            progress = Progress(total_bytes=total_bytes, mode=mode)

        store = Store(db_path)
        run_id = store.start_run("ingest", pipeline_version=__version__, model=label,
                                 config_hash=chash, registry_hash=config.registry_hash)
        summary.run_id = run_id
        known = store.known_ids()
        writer = Writer(db_path, summary, progress, run_id=run_id, config_hash=chash)
    except BaseException:
        # Set-up failed (no model, unwritable database): don't leave the child parsing.
        for child in children:
            release(child, clean=False)
        raise
    options = {"published": published, "kind": kind, "field_map": field_map}
    unchanged: list[str] = []
    put = collect_unchanged(writer.put, unchanged) if published else writer.put
    put = stop_at_failure(put) if strict else put
    status = "failed"
    try:
        if executor == "dask":
            from pipeline.batch.dask_executor import run_dask

            units = make_units(paths, **options)
            run_dask(units, known, config, scheduler=scheduler, workers=workers,
                     summary=summary, progress=progress, emit=put)
        elif workers > 1:
            import multiprocessing

            units = make_units(paths, **options)
            # spawn, not fork: the parent holds a loaded spaCy model and a writer thread.
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_pool_init,
                                     initargs=(frozenset(known), config)) as pool:
                run_units(units, lambda unit: pool.submit(_pool_task, unit),
                          in_flight=2 * workers, summary=summary, progress=progress,
                          emit=put)
        else:
            options["allow_private"] = allow_private_urls
            for result in _local_results(paths, options, known, config, summary, progress,
                                         put, start_child):
                put(result)
        status = "finished"
    except StoppedAtFailure:
        status, summary.stopped = "stopped", True
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        _end_run(children[0] if children else None, writer, progress, store, run_id, summary,
                 started, status, config)
    if published and unchanged and status == "finished":
        _redate(db_path, unchanged, published, summary, model=model, registry=registry,
                batch_size=batch_size, pipeline=pipeline if executor == "local" else "auto",
                strict=strict)
    return summary


def _selection(*, where: str | None, since: str | None, force: bool, label: str,
               chash: str, ids: list[str] | None = None) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) for documents due for re-extraction."""
    conditions, params = [], []
    if ids is not None:
        conditions.append("id in (select value from json_each(?))")
        params.append(json.dumps(ids))
    if where:
        conditions.append(f"({where})")
    if since:
        conditions.append("published_date >= ?")
        params.append(since)
    if not force:
        conditions.append("(coalesce(pipeline_version, '') != ? or coalesce(model, '') != ?"
                          " or coalesce(config_hash, '') != ?"
                          " or exists (select 1 from json_each(case when json_valid(errors)"
                          " then errors else '[]' end) where coalesce(json_extract(value,"
                          " '$.severity'), 'error') != 'warning'))")
        params += [__version__, label, chash]
    return " and ".join(conditions) or "1", params


def _select_documents(store: Any, clause: str, params: list[Any], page: int = 256
                      ) -> Iterator[dict[str, Any]]:
    """Documents matching `clause`, in insertion order, a page at a time.

    Keyset pagination on rowid keeps no read transaction open across pages (a long reader
    would stop WAL checkpoints while the writer replaces rows), and a replaced row is never
    selected twice.
    """
    last = 0
    while True:
        rows = list(store.db.query(
            f"select rowid as _rowid, * from documents where rowid > ? and {clause}"
            f" order by rowid limit {page}", [last, *params]))
        if not rows:
            return
        yield from rows
        last = rows[-1]["_rowid"]


def document_from_row(row: dict[str, Any]) -> Document:
    """The stored document as a `Document` again (the text is the normalised text)."""
    return Document(
        text=row["text"] or "", title=row.get("title"), url=row.get("url"),
        publisher=row.get("publisher"), author=row.get("author"),
        published=row.get("published"), published_source=row.get("published_source"),
        published_evidence=row.get("published_evidence"), kind=row.get("kind") or "news",
        source=row.get("source"), parent_id=row.get("parent_id"),
        raw_sha256=row.get("raw_sha256"), reader=row.get("reader"),
        meta={"source_key": row["source_key"]} if row.get("source_key") else {},
        blocks=stored_blocks(row.get("blocks")),
    )


def stored_blocks(value: str | None) -> list[Block]:
    """The blocks column ([[kind, level, start, end], ...] as JSON) as Blocks again; a
    missing or unreadable value gives none (extraction then reads the structure from the
    text itself)."""
    try:
        return [Block(str(k), int(lv), int(s), int(e)) for k, lv, s, e in json.loads(value)]
    except (TypeError, ValueError):
        return []


def reprocess(db_path: str | Path, *, where: str | None = None, since: str | None = None,
              force: bool = False, model: str | None = None,
              registry: str | Path | None = None, batch_size: int | None = None,
              quiet: bool = True, progress: Progress | str | None = None,
              pipeline: str = "auto", strict: bool = False, published: str | None = None,
              ids: list[str] | None = None) -> BatchSummary:
    """Re-extract stored documents from their stored text (sources are not re-read).

    Without `force`, only documents whose pipeline version, model or config hash (registry
    and extraction resources included) differ from now, or whose extraction failed. Each
    document's extraction is replaced atomically; actors, aliases (user merges included) and
    document rows stay. `pipeline` as for `ingest_paths`, "auto" judging by the selected
    documents' text size.

    published: correct the selected documents' publication date (stored as given by
    argument) and re-extract them whatever their version; `ids` narrows the selection.
    """
    from pipeline.store import Store

    started = time.monotonic()
    config = make_config(model, registry, batch_size, db_path=db_path)
    label = _run_label(config)
    chash = config_hash(config, label)
    summary = BatchSummary(command="reprocess", model=label, config_hash=chash)
    store = Store(db_path)
    clause, params = _selection(where=where, since=since, force=force or bool(published),
                                label=label, chash=chash, ids=ids)
    total, text_bytes = store.db.execute(
        f"select count(*), coalesce(sum(length(text)), 0) from documents where {clause}",
        params).fetchone()
    summary.pipeline = choose_mode(pipeline, text_bytes)
    if not isinstance(progress, Progress):
        mode = progress if isinstance(progress, str) else ("log" if quiet else None)
        progress = Progress(mode=mode, label="reprocess", total_documents=total or None)
    run_id = store.start_run("reprocess", pipeline_version=__version__, model=label,
                             config_hash=chash, registry_hash=config.registry_hash)
    summary.run_id = run_id
    writer = Writer(db_path, summary, progress, run_id=run_id, config_hash=chash,
                    replace=True)
    child = acquire(config) if summary.pipeline == "processes" and total else None
    put = stop_at_failure(writer.put) if strict else writer.put
    status = "failed"

    def documents() -> Iterator[Document]:
        for row in _select_documents(store, clause, params):
            summary.read += 1
            progress.read(len(row["text"] or ""))
            document = document_from_row(row)
            if published:
                document.published, document.published_source = published, "argument"
                document.published_evidence = None
            yield document

    try:
        pending = first_pending(documents())
        for document, record, issues in _analyse(pending, config, child) if pending else ():
            words = len(document.text.split())
            summary.words += words
            progress.advance(documents=1, words=words)
            put(Result("record", document=document, record=record, issues=issues,
                       words=words))
        status = "finished"
    except StoppedAtFailure:
        status, summary.stopped = "stopped", True
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        _end_run(child, writer, progress, store, run_id, summary, started, status,
                 config)
    return summary



def _link(store: Any, writer: Any, summary: Any, config: Config | None) -> None:
    """The link stage over what this run wrote (and whatever it superseded), with the run's
    registry (user decisions about actors win there too)."""
    from pipeline.batch.work import _registry_for
    from pipeline.link import link_documents

    if not writer.written and not store.db.execute(
            "select 1 from link_queue limit 1").fetchone():
        return
    try:
        registry = _registry_for(config.registry_name, config.registry_bytes) if config \
            else None
        result = link_documents(store.db, writer.written, registry=registry)
    except Exception as error:  # noqa: BLE001 - the documents are stored; linking can rerun
        summary.add_issue({"path": str(store.path), "stage": "link", "severity": "warning",
                           "error_type": type(error).__name__, "message": str(error)})
        return
    summary.link_seconds = result.seconds
    summary.story_events = result.stories_written


def _end_run(child: Any, writer: Any, progress: Any, store: Any, run_id: str,
             summary: Any, started: float, status: str, config: Config | None = None) -> None:
    """Stop the spaCy child and the writer, link what was written, then record the run,
    whatever happened.

    A writer that failed fails the run (never `finished`), records how many results it lost,
    and raises `WriterFailed` unless another exception is already on its way.
    """
    failure: WriterFailed | None = None
    try:
        if child is not None:
            release(child, clean=status == "finished")
        try:
            writer.close()
        except WriterFailed as error:
            failure, status = error, "failed"
            summary.lost = error.lost
        if failure is None:
            _link(store, writer, summary, config)
    finally:
        # One clock for the progress line and the summary, so their timings agree.
        summary.seconds = time.monotonic() - started
        progress.close(elapsed=summary.seconds)
        store.finish_run(run_id, counts=summary.counts(), seconds=summary.seconds,
                         words=summary.words, status=status)
        store.close()
    if failure is not None:
        raise failure


__all__ = ["DEFAULT_WORKERS", "Writer", "WriterFailed", "document_from_row", "ingest_paths",
           "reprocess", "run_units"]

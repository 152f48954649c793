"""The local executors: one process (read lazily, skip known texts, nlp.pipe + extract, with
spaCy optionally in a child process) and a process pool over file units; `run_units` also
drives the Dask executor. Results come out in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.batch.flow import StoppedAtFailure, first_pending
from pipeline.batch.nlp_process import NlpProcess, analyse_documents_split
from pipeline.batch.progress import Progress
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import (
    Config,
    Issue,
    Result,
    Unit,
    analyse_documents,
    analyse_unit,
    issue_from_error,
    load,
)
from pipeline.document import Document, storable_path


def _analyse(documents: Iterable[Document], config: Config, child: NlpProcess | None
             ) -> Iterator[tuple[Document, Any, list[Issue]]]:
    """Records in input order: spaCy in `child` when there is one, else in this process."""
    if child is not None:
        return analyse_documents_split(documents, config, child)
    return analyse_documents(documents, config)


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

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

This module holds `ingest_paths`; the writer is in `writer`, the run row's bookkeeping in
`runs`, the local executors in `local`, and `reprocess` (with re-dating) in `reextract`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import __version__
from pipeline.batch.flow import StoppedAtFailure, collect_unchanged, stop_at_failure
from pipeline.batch.local import _local_results, _pool_init, _pool_task, run_units
from pipeline.batch.nlp_process import NlpProcess, acquire, choose_mode, release
from pipeline.batch.progress import Progress
from pipeline.batch.reextract import _redate, document_from_row, reprocess
from pipeline.batch.runs import _end_run, _run_label
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import config_hash, make_config, make_units
from pipeline.batch.writer import Writer, WriterFailed

# Default number of processes: measured on the 2-core box (docs/scaling.md): one process
# running spaCy + extraction beat two, which pay the model twice in memory and contend with
# the writer for the second core.
DEFAULT_WORKERS = 1


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


__all__ = ["DEFAULT_WORKERS", "Writer", "WriterFailed", "document_from_row", "ingest_paths",
           "reprocess", "run_units"]

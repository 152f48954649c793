"""A batch run's row in `runs`: the model label it is recorded under, and its end (the spaCy
child and the writer stopped, counts and status recorded) whatever happened."""

from __future__ import annotations

import time
from typing import Any

from pipeline.batch.nlp_process import release
from pipeline.batch.work import Config, load
from pipeline.batch.writer import WriterFailed


def _run_label(config: Config) -> str:
    """The model label for the run row and summary; from the model's meta.json when it has
    one (no spaCy import), else by loading the model (which raises ModelNotFound early)."""
    from pipeline.model_meta import model_label_unloaded

    return model_label_unloaded(config.model) or load(config)[1]


def _link(store: Any, writer: Any, summary: Any, config: Config | None) -> None:
    """The link stage over what this run wrote (and whatever it superseded), with the run's
    registry (user decisions about actors win there too)."""
    from pipeline.batch.work import _registry_for, typed_failure
    from pipeline.link import link_documents

    if not writer.written and not store.db.execute(
            "select 1 from link_queue limit 1").fetchone():
        return
    try:
        registry = _registry_for(config.registry_name, config.registry_bytes) if config \
            else None
        result = link_documents(store.db, writer.written, registry=registry)
    except Exception as error:  # noqa: BLE001 - the documents are stored; linking can rerun
        error_type, message = typed_failure(error, "LinkFailed")
        summary.add_issue({"path": str(store.path), "stage": "link", "severity": "warning",
                           "error_type": error_type, "message": message})
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

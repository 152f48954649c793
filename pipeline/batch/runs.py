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


def _end_run(child: Any, writer: Any, progress: Any, store: Any, run_id: str,
             summary: Any, started: float, status: str) -> None:
    """Stop the spaCy child and the writer, then record the run, whatever happened.

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
    finally:
        # One clock for the progress line and the summary, so their timings agree.
        summary.seconds = time.monotonic() - started
        progress.close(elapsed=summary.seconds)
        store.finish_run(run_id, counts=summary.counts(), seconds=summary.seconds,
                         words=summary.words, status=status)
        store.close()
    if failure is not None:
        raise failure

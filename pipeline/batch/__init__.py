"""Archive-scale ingestion: incremental, resumable, overlapped, on local processes or Dask.

    from pipeline.batch import ingest_paths, reprocess, BatchSummary

Modules: `work` (the pure read + nlp + extract functions every executor runs), `runner`
(`ingest_paths`), `writer` (the database writer thread), `runs` (the run row: label, end
of run), `local` (the local executors), `reextract` (`reprocess`, re-dating), `flow` (lazy
first document, --strict, noting texts to re-date), `nlp_process` (spaCy in a child process
overlapped with extraction: `--pipeline processes`), `dask_executor`, `progress`, `summary`
and `cli` (the `dateline ingest` / `dateline reprocess` click commands). spaCy and Dask are
imported on first use, so importing this package (and `dateline --help`) stays cheap.
"""

from __future__ import annotations

from typing import Any

from pipeline.batch.cli import ingest_command, reprocess_command
from pipeline.batch.summary import BatchSummary

__all__ = ["BatchSummary", "ingest_command", "ingest_paths", "reprocess", "reprocess_command"]


def ingest_paths(*args: Any, **kwargs: Any) -> BatchSummary:
    """See `pipeline.batch.runner.ingest_paths`."""
    from pipeline.batch.runner import ingest_paths as _ingest_paths

    return _ingest_paths(*args, **kwargs)


def reprocess(*args: Any, **kwargs: Any) -> BatchSummary:
    """See `pipeline.batch.runner.reprocess`."""
    from pipeline.batch.runner import reprocess as _reprocess

    return _reprocess(*args, **kwargs)

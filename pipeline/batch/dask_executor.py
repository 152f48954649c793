"""`--executor dask`: read + nlp + extract on Dask workers, writes on the client, in order.

Each unit (a file, or a slice of a large JSON-lines file, as bytes plus options) goes to a
worker as one task running `pipeline.batch.work.analyse_unit`, a pure function: no shared
disk, no database. The spaCy model is loaded once per worker process (cached in
`pipeline.nlp.load_model`). The client keeps a bounded number of tasks in flight and writes
their results in input order, so the database is row-for-row the one the local executor
builds from the same input.

Without `scheduler` a `dask.distributed.LocalCluster` of process workers is started (and
stopped) for the run; with `scheduler="tcp://host:8786"` the run joins an existing cluster
whose workers have Dateline and the model installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pipeline.batch.progress import Progress
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import Config, Issue, Result, Unit, analyse_unit, load


def _warm(config: Config) -> str:
    """Load the model (and registry) on a worker ahead of the first unit."""
    return load(config)[1]


def run_dask(units: Iterable[Unit | Issue], known: set[str], config: Config, *,
             scheduler: str | None, workers: int, summary: BatchSummary, progress: Progress,
             emit: Callable[[Result], None], threads_per_worker: int = 1) -> None:
    from dask.distributed import Client, LocalCluster

    from pipeline.batch.local import run_units

    cluster: Any = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Processes, one thread each: spaCy holds the GIL, so threads would not add speed,
        # and a worker process is what a real cluster runs.
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=threads_per_worker,
                               processes=True, dashboard_address=None,
                               memory_limit="2GiB")
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        client.run(_warm, config)  # model loaded once per worker, before any task
        # The known ids travel once to every worker, not with each task.
        # (Wrapped in a dict: scatter would otherwise send a set's elements one by one.)
        known_future = client.scatter({"dateline-known": frozenset(known)}, broadcast=True,
                                      hash=False)["dateline-known"]
        counter = iter(range(1 << 62))

        def submit(unit: Unit) -> Any:
            # Unique keys: identical units (the same bytes twice) are still separate tasks.
            return client.submit(analyse_unit, unit, known_future, config,
                                 key=f"dateline-unit-{unit.index}-{next(counter)}",
                                 pure=False)

        run_units(units, submit, in_flight=2 * n_workers + 1, summary=summary,
                  progress=progress, emit=emit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

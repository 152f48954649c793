"""`dateline ingest` and `dateline reprocess`: thin click layers over the batch API."""

from __future__ import annotations

import json
import sys

import click

from pipeline.batch.runner import DEFAULT_WORKERS
from pipeline.cli_options import (
    DATE_BOUND,
    document_options,
    model_option,
    pipeline_option,
    registry_option,
    summary_options,
)


def _progress_mode(quiet: bool) -> str | None:
    # A bar on a terminal; plain log lines on a pipe or with --quiet.
    return "log" if quiet or not sys.stderr.isatty() else "bar"


@click.command("ingest")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@document_options
@model_option
@registry_option()
@click.option("--workers", type=click.IntRange(1, 256), default=DEFAULT_WORKERS,
              show_default=True, help="Processes (local) or Dask workers (LocalCluster).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True)
@click.option("--scheduler", metavar="URL",
              help="Dask scheduler, e.g. tcp://host:8786 (default: a LocalCluster).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None,
              help="nlp.pipe batch size (default tuned, see docs/scaling.md).")
@pipeline_option
@summary_options
def ingest_command(db: str, paths: tuple[str, ...], published: str | None, kind: str | None,
                   field_map: tuple[str, ...], model: str | None, registry: str | None,
                   workers: int, executor: str, scheduler: str | None, batch_size: int | None,
                   pipeline_mode: str, quiet: bool, as_json: bool) -> None:
    """Add documents under PATHS to the database DB; unchanged texts are skipped."""
    from pipeline.batch.runner import ingest_paths
    from pipeline.cli import parse_field_map

    if scheduler and executor != "dask":
        raise click.BadParameter("--scheduler needs --executor dask", param_hint="--scheduler")
    summary = ingest_paths(db, list(paths), published=published, kind=kind,
                           field_map=parse_field_map(field_map) or None, model=model,
                           registry=registry, workers=workers, executor=executor,
                           scheduler=scheduler, batch_size=batch_size, quiet=quiet,
                           progress=_progress_mode(quiet), pipeline=pipeline_mode)
    click.echo(json.dumps(summary.to_dict(), default=str) if as_json else summary.format())


@click.command("reprocess")
@click.argument("db", type=click.Path(dir_okay=False, exists=True))
@click.option("--where", "where", metavar="SQL",
              help="Only documents matching this SQL condition on `documents`, "
                   "e.g. \"publisher = 'Reuters'\".")
@click.option("--since", type=DATE_BOUND,
              help="Only documents published on or after DATE.")
@click.option("--force", is_flag=True,
              help="Re-extract even when version, model and config are unchanged.")
@model_option
@registry_option()
@pipeline_option
@summary_options
def reprocess_command(db: str, where: str | None, since: str | None, force: bool,
                      model: str | None, registry: str | None, pipeline_mode: str,
                      quiet: bool, as_json: bool) -> None:
    """Re-extract stored documents from their stored text after a pipeline, model or
    registry change (sources are not re-read)."""
    from pipeline.batch.runner import reprocess

    summary = reprocess(db, where=where, since=since, force=force, model=model,
                        registry=registry, quiet=quiet, progress=_progress_mode(quiet),
                        pipeline=pipeline_mode)
    click.echo(json.dumps(summary.to_dict(), default=str) if as_json else summary.format())

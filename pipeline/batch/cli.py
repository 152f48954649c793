"""`dateline ingest` and `dateline reprocess`: thin click layers over the batch API.

Exit codes (README "Commands"): 0 all done, 1 something failed (the summary says what),
2 usage error, 3 no documents found.
"""

from __future__ import annotations

import json
import sys

import click

from pipeline.batch.runner import DEFAULT_WORKERS
from pipeline.cli_options import (
    DATE_BOUND,
    DatelineDatabase,
    InputSource,
    PublishedDate,
    allow_private_option,
    document_options,
    finish,
    keep_going_option,
    model_option,
    pipeline_option,
    registry_option,
    summary_options,
)


def _progress_mode(quiet: bool) -> str | None:
    # A bar on a terminal; plain log lines on a pipe or with --quiet.
    return "log" if quiet or not sys.stderr.isatty() else "bar"


def _report(summary, as_json: bool) -> None:
    click.echo(json.dumps(summary.to_dict(), default=str) if as_json else summary.format())
    # An unchanged re-run read documents (and skipped them): only nothing at all is "none
    # found". `reprocess` selecting nothing is its normal no-op.
    finish(summary.failed, summary.read, empty_is_error=summary.command == "ingest")


@click.command("ingest")
@click.argument("db", type=DatelineDatabase(create=True))
@click.argument("paths", nargs=-1, required=True, type=InputSource())
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
@keep_going_option
@allow_private_option
@summary_options
def ingest_command(db, paths: tuple[str, ...], published: str | None, kind: str | None,
                   field_map: tuple[str, ...], model: str | None, registry: str | None,
                   workers: int, executor: str, scheduler: str | None, batch_size: int | None,
                   pipeline_mode: str, keep_going: bool, allow_private_urls: bool,
                   quiet: bool, as_json: bool) -> None:
    """Add documents under PATHS (files, folders or http(s) URLs) to the database DB;
    unchanged texts are skipped. Exit 1 if any failed, 3 if there were none."""
    from pipeline.batch.runner import ingest_paths
    from pipeline.cli import parse_field_map
    from pipeline.ingest.fetch import is_url

    if scheduler and executor != "dask":
        raise click.BadParameter("--scheduler needs --executor dask", param_hint="--scheduler")
    if (executor == "dask" or workers > 1) and any(is_url(path) for path in paths):
        raise click.BadParameter("URLs are fetched by the local executor with one worker",
                                 param_hint="PATHS")
    summary = ingest_paths(db, list(paths), published=published, kind=kind,
                           field_map=parse_field_map(field_map) or None, model=model,
                           registry=registry, workers=workers, executor=executor,
                           scheduler=scheduler, batch_size=batch_size, quiet=quiet,
                           progress=_progress_mode(quiet), pipeline=pipeline_mode,
                           strict=not keep_going, allow_private_urls=allow_private_urls)
    _report(summary, as_json)


@click.command("reprocess")
@click.argument("db", type=DatelineDatabase())
@click.option("--where", "where", metavar="SQL",
              help="Only documents matching this SQL condition on `documents`, "
                   "e.g. \"publisher = 'Reuters'\".")
@click.option("--since", type=DATE_BOUND, help="Only documents published on or after DATE.")
@click.option("--published", type=PublishedDate(),
              help="Correct the publication date of the selected documents (with --where "
                   "or --since) to DATE, then re-extract them: relative dates move with it.")
@click.option("--force", is_flag=True,
              help="Re-extract even when version, model and config are unchanged.")
@model_option
@registry_option()
@pipeline_option
@keep_going_option
@summary_options
def reprocess_command(db, where: str | None, since: str | None, published: str | None,
                      force: bool, model: str | None, registry: str | None,
                      pipeline_mode: str, keep_going: bool, quiet: bool,
                      as_json: bool) -> None:
    """Re-extract stored documents from their stored text after a pipeline, model or
    registry change, or to correct their publication date (sources are not re-read)."""
    from pipeline.batch.runner import reprocess

    if published and not (where or since):
        raise click.UsageError("--published changes every selected document's date: "
                               "select them with --where or --since")
    summary = reprocess(db, where=where, since=since, force=force, model=model,
                        registry=registry, quiet=quiet, progress=_progress_mode(quiet),
                        pipeline=pipeline_mode, strict=not keep_going, published=published)
    _report(summary, as_json)

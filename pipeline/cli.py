"""`dateline`: a thin click CLI over the Python API, database path first (as sqlite-utils does).

Subcommands are imported lazily, so `dateline --help` stays fast and one stage's heavy imports
(spaCy, Datasette, Dask) are only paid by the commands that use them.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.cli_options import (
    InputSource,
    allow_private_option,
    document_options,
    finish,
    keep_going_option,
    model_option,
    registry_option,
)

# name -> "module:attribute" of a click command or group
LAZY_COMMANDS = {
    "ingest": "pipeline.batch:ingest_command",
    "reprocess": "pipeline.batch:reprocess_command",
    "serve": "pipeline.publish.serve:serve_command",
    "export": "pipeline.publish.export:export_command",
    "actors": "pipeline.actors_cli:actors",
    "train": "pipeline.train_attribution:train",
    "link": "pipeline.link.cli:link_command",
}

EVALUATIONS = {
    "ingest": "pipeline.evaluate.ingest:ingest_command",
    "timex": "pipeline.evaluate.timex:timex_command",
    "actors": "pipeline.evaluate.actors:actors_command",
    "attribution": "pipeline.evaluate.attribution:attribution_command",
    "notices": "pipeline.evaluate.notices:notices_command",
    "events": "pipeline.evaluate.events:events_command",
    "linking": "pipeline.evaluate.linking:linking_command",
}


def _load(target: str) -> click.Command:
    module_name, attribute = target.split(":")
    return getattr(importlib.import_module(module_name), attribute)


class LazyGroup(click.Group):
    """A click group whose subcommands are imported when first used."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            return _load(self.lazy[name])
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.version_option(__version__, prog_name="dateline")
def cli() -> None:
    """Dateline: who did, said, asked or promised what and when, from news and vendor notices."""


@cli.group(cls=LazyGroup, lazy=EVALUATIONS)
def evaluate() -> None:
    """Measure a stage against a gold standard."""


def parse_field_map(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--map date=published` pairs to a {source_field: document_field} dict."""
    from pipeline.ingest import parse_field_map as parse

    try:
        return parse(pairs)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from error


@cli.command()
@click.argument("inputs", nargs=-1, type=InputSource(stdin=True))
@click.option("--text", "texts", multiple=True, metavar="TEXT",
              help="Analyse TEXT itself (repeatable); '-' as an input reads standard input.")
@document_options
@model_option
@registry_option(must_exist=False)
@keep_going_option
@allow_private_option
@click.option("--json", "as_json", is_flag=True, help="One analysis record per line, as JSON.")
def analyze(inputs: tuple[str, ...], texts: tuple[str, ...], published: str | None,
            kind: str | None, field_map: tuple[str, ...], model: str | None,
            registry: str | None, keep_going: bool, allow_private_urls: bool,
            as_json: bool) -> None:
    """Analyse files, folders, http(s) URLs, standard input (-) or --text, and print their
    analysis records. Exit 1 if any document failed, 3 if there were none."""
    from pipeline.api import analyze_documents, read_documents, text_document
    from pipeline.ingest.fetch import is_url

    if not inputs and not texts:
        raise click.UsageError("give a file, folder or URL, '-' for standard input, "
                               "or --text TEXT")
    mapping = parse_field_map(field_map)

    def documents():
        for text in texts:
            yield text_document(text, published=published, kind=kind)
        for given in inputs:
            if given == "-":
                yield text_document(sys.stdin.read(), published=published, kind=kind)
            else:
                source = given if is_url(given) else Path(given)  # never a text
                yield from read_documents(source, published=published, kind=kind,
                                          field_map=mapping,
                                          allow_private_urls=allow_private_urls)

    total = failed = 0
    for record in analyze_documents(documents(), model=model, registry_path=registry):
        total += 1
        failed += record.failed()
        if as_json:
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        else:
            from pipeline.report import format_record

            click.echo(format_record(record))
        if failed and not keep_going:
            click.echo("dateline: stopped at the first failure (--strict)", err=True)
            break
    finish(failed, total)


def main() -> None:
    cli(prog_name="dateline")


if __name__ == "__main__":
    sys.exit(main())

"""`dateline link DB [--full]`: run the link stage on its own (ingest and reprocess run it)."""

from __future__ import annotations

import json

import click


@click.command("link")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.option("--full", is_flag=True, help="Relink the whole archive, not only what changed.")
def link_command(db: str, full: bool) -> None:
    """Merge events and actors across documents into story events."""
    from pipeline.link import link_documents

    summary = link_documents(db, None if full else [], all_actors=True)
    click.echo(json.dumps(summary.to_dict()))

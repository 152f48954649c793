"""`dateline export DB --format timelinejs|csv|ics|jsonl [--actor A] [--from D] [--to D]`.

The same rows and formats as the Datasette renderers, without a server: the `timeline` view
filtered like the `/-/timeline` page, written to stdout or `--output`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import click

from pipeline.cli_options import DATE_BOUND
from pipeline.publish import formats
from pipeline.publish.queries import TimelineFilter, run, timeline_sql

__all__ = ["export_command", "export_rows", "render"]

FORMATS = ("timelinejs", "csv", "ics", "jsonl")


def export_rows(db_path: Path, flt: TimelineFilter) -> list[dict[str, Any]]:
    """Timeline rows for a filter, read-only (the database may be in use by an ingest)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        sql, params = timeline_sql(flt)
        return run(conn, sql, params)
    finally:
        conn.close()


def render(rows: list[dict[str, Any]], fmt: str, *, title: str = "Dateline timeline") -> bytes:
    if fmt == "timelinejs":
        data = formats.to_timelinejs(rows, title=title)
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        return formats.to_csv(rows).encode("utf-8")
    if fmt == "ics":
        return formats.to_ics(rows)
    if fmt == "jsonl":
        return formats.to_jsonl(rows).encode("utf-8")
    raise click.BadParameter(f"unknown format {fmt!r}", param_hint="--format")


@click.command("export")
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--actor", default="", help="An actor's id, name or alias (acting or targeted).")
@click.option("--from", "date_from", type=DATE_BOUND,
              help="From this date (2024, 2024-07, 2024-07-01 or '1 July 2024').")
@click.option("--to", "date_to", type=DATE_BOUND,
              help="Up to this date (inclusive, prefix allowed).")
@click.option("--role", type=click.Choice(["occurred", "deadline", "planned", "reported"]),
              default=None, help="Only events whose date has this role (ics: deadline).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
def export_command(db: Path, fmt: str, actor: str, date_from: str | None, date_to: str | None,
                   role: str | None, output: Path | None) -> None:
    """Export the timeline of DB (deduplicated events, in date order)."""
    if fmt == "ics" and not role:
        role = "deadline"  # a calendar of deadlines; other roles are not appointments
    flt = TimelineFilter(actor=actor, role=role or "", date_from=date_from or "",
                          date_to=date_to or "")
    if flt.errors:
        raise click.UsageError("; ".join(flt.errors))
    rows = export_rows(db, flt)
    body = render(rows, fmt, title=f"Dateline: {db.stem}")
    if output:
        output.write_bytes(body)
        click.echo(f"{len(rows)} events written to {output}", err=True)
    else:
        click.echo(body, nl=False)

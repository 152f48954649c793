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

from pipeline.cli_options import DATE_BOUND, DatelineDatabase
from pipeline.publish import formats
from pipeline.publish.queries import ACTOR_MATCH_SQL, TimelineFilter, run, timeline_sql

__all__ = ["export_command", "export_rows", "render"]

FORMATS = ("timelinejs", "csv", "ics", "jsonl")


def _connect(db_path: Path) -> sqlite3.Connection:
    # Read-only: the database may be in use by an ingest.
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)


def export_rows(db_path: Path, flt: TimelineFilter) -> list[dict[str, Any]]:
    """Timeline rows for a filter, read-only (the database may be in use by an ingest)."""
    conn = _connect(db_path)
    try:
        sql, params = timeline_sql(flt)
        return run(conn, sql, params)
    finally:
        conn.close()


def timeline_columns(db_path: Path) -> list[str]:
    """The `timeline` view's columns: the CSV header even when no row matches."""
    conn = _connect(db_path)
    try:
        return [column[0] for column in conn.execute("select * from timeline limit 0")
                .description]
    finally:
        conn.close()


def actor_known(db_path: Path, actor: str) -> bool:
    """Whether `actor` is an actor's id, name or alias in the database."""
    conn = _connect(db_path)
    try:
        return conn.execute(ACTOR_MATCH_SQL + " limit 1", {"actor": actor}).fetchone() \
            is not None
    finally:
        conn.close()


def render(rows: list[dict[str, Any]], fmt: str, *, title: str = "Dateline timeline",
           columns: list[str] | None = None) -> bytes:
    if fmt == "timelinejs":
        data = formats.to_timelinejs(rows, title=title)
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        return formats.to_csv(rows, columns=columns).encode("utf-8")
    if fmt == "ics":
        return formats.to_ics(rows)
    if fmt == "jsonl":
        return formats.to_jsonl(rows).encode("utf-8")
    raise click.BadParameter(f"unknown format {fmt!r}", param_hint="--format")


def written_count(body: bytes, fmt: str, rows: list[dict[str, Any]]) -> int:
    """How many events the rendered file holds (a calendar keeps deadlines only)."""
    if fmt == "ics":
        return body.count(b"BEGIN:VEVENT")
    return len(rows)


@click.command("export")
@click.argument("db", type=DatelineDatabase())
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
    if flt.actor and not actor_known(db, flt.actor):
        click.echo(f"dateline: no actor matches {flt.actor!r} (an id, name or alias); "
                   "the export has no events", err=True)
    rows = export_rows(db, flt)
    columns = timeline_columns(db) if fmt == "csv" and not rows else None
    body = render(rows, fmt, title=f"Dateline: {db.stem}", columns=columns)
    written = written_count(body, fmt, rows)
    note = ""
    if written < len(rows):
        note = (f" ({len(rows) - written} {role} events left out: a calendar holds "
                "deadlines only)")
    if output:
        output.write_bytes(body)
        click.echo(f"{written} events written to {output}{note}", err=True)
    else:
        click.echo(body, nl=False)
        if note:
            click.echo(f"{written} events written{note}", err=True)

"""`dateline serve DB [--host 127.0.0.1] [--port 8001] [--public]`: Datasette over a database.

Local serving opens the live file (not `-i`): a database still being written by `dateline
ingest` is WAL-mode, and immutable mode would show stale pages. `--public` serves an immutable
snapshot taken with SQLite's backup API, with arbitrary SQL off and tighter limits.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import click

from pipeline.cli_options import DatelineDatabase
from pipeline.publish.metadata import DATASETTE_LAYOUT, build_config

__all__ = ["serve_command", "datasette_args", "snapshot", "write_config"]


def snapshot(source: Path, target: Path) -> Path:
    """A consistent copy of a (possibly WAL, possibly being written) database, in rollback
    journal mode so it can be opened immutable."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()
    return target


def write_config(database: str, directory: Path, *, public: bool) -> dict[str, Any]:
    """Write metadata.json (and datasette.yaml on 1.0) into `directory`; return the paths and
    settings Datasette needs."""
    built = build_config(database, layout=DATASETTE_LAYOUT, public=public)
    metadata_path = directory / "metadata.json"
    metadata_path.write_text(json.dumps(built["metadata"], indent=2, ensure_ascii=False),
                             encoding="utf-8")
    config_path = None
    if built["config"] is not None:
        import yaml

        config_path = directory / "datasette.yaml"
        config_path.write_text(yaml.safe_dump(built["config"], sort_keys=False),
                               encoding="utf-8")
    return {"metadata": metadata_path, "config": config_path, "settings": built["settings"]}


def _setting_value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def datasette_args(db_path: Path, files: dict[str, Any], *, host: str, port: int,
                   public: bool) -> list[str]:
    """The `datasette serve` arguments for a database (a snapshot when public)."""
    # `-i` (immutable) only for the public snapshot: the live file may still be written.
    args = ["serve", "-i", str(db_path)] if public else ["serve", str(db_path)]
    args += ["--metadata", str(files["metadata"])]
    if files.get("config"):
        args += ["--config", str(files["config"])]
    else:
        for name, value in files["settings"].items():
            args += ["--setting", name, _setting_value(value)]
    args += ["--host", host, "--port", str(port)]
    return args


@click.command("serve")
@click.argument("db", type=DatelineDatabase())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (127.0.0.1 keeps it on this machine).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--public", is_flag=True,
              help="Serve an immutable snapshot: no arbitrary SQL, tighter limits.")
@click.option("--print-args", is_flag=True, hidden=True,
              help="Print the Datasette command instead of running it.")
def serve_command(db: Path, host: str, port: int, public: bool, print_args: bool) -> None:
    """Serve DB with Datasette, the timeline at /-/timeline. DB must be a Dateline database:
    another program's SQLite file is refused untouched (`datasette FILE` serves it)."""
    from datasette.cli import cli as datasette_cli

    from pipeline.store import Store

    # Opening through the store creates missing views/FTS on databases from older versions
    # (only Dateline's own: DatelineDatabase refused anything else before this line).
    Store(db).close()
    with tempfile.TemporaryDirectory(prefix="dateline-serve-") as tmp:
        workdir = Path(tmp)
        target = db
        if public:
            # Same file name, so URLs (/timeline/…) do not change between local and public.
            target = snapshot(db, workdir / "snapshot" / db.name)
        files = write_config(target.stem, workdir, public=public)
        args = datasette_args(target, files, host=host, port=port, public=public)
        if print_args:
            click.echo(" ".join(["datasette", *args]))
            return
        click.echo(f"Timeline: http://{host}:{port}/-/timeline", err=True)
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)

"""A bad input between two good documents, in one `ingest` run on a database holding earlier
documents: what tests/test_robust.py and tests/test_fuzz.py check every time.

The run is a real child process (`python -c ...` over `pipeline.batch.ingest_paths`), so its
peak resident memory can be measured (see `run_ingest`: psutil, a dependency of Dask's
distributed, is installed with the project) and a hang is a timeout.
"""

from __future__ import annotations

import builtins
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
# Peak RSS of one whole run (parent, NLP child, sandbox): the model takes ~150 MB, a run of
# small documents ~500 MB. The bound is about 1 GB for any one document.
RSS_BOUND_MB = 1100

_RUNNER = """
import json, sys
from pipeline.batch import ingest_paths
args = json.loads(sys.argv[1])
try:
    summary = ingest_paths(args["db"], [bytes.fromhex(p).decode("utf-8", "surrogateescape")
                                        for p in args["paths"]],
                           progress="off", **args["options"])
    out = {"ok": True, "counts": summary.counts(), "errors": summary.errors}
except Exception as error:
    out = {"ok": False, "error": type(error).__name__ + ": " + str(error)}
print(json.dumps(out))
"""


@dataclass
class Run:
    ok: bool
    output: dict[str, Any]
    peak_rss_mb: float
    seconds: float
    stderr: str = ""
    rows: dict[str, list] = field(default_factory=dict)


def good_text(tag: str) -> str:
    """A short news text of our own, different for every `tag` (so it is never 'unchanged')."""
    return (f"Harbour board votes on the {tag} slipway\n\n"
            f"The Harbour Board said on Monday it would close the {tag} slipway by 3 June. "
            f"Its chair, Ruth Alder, said repairs to the {tag} quay would take a month, and "
            "the council promised to publish the contract next week.\n")


def run_ingest(db: Path, paths: list[Path | str | bytes], *, timeout: float = 300,
               env: dict[str, str] | None = None, **options: Any) -> Run:
    """`ingest_paths(db, paths, **options)` in a child process; its peak RSS and seconds."""
    options.setdefault("pipeline", "inline")
    encoded = [(os.fsencode(p) if not isinstance(p, bytes) else p).hex() for p in paths]
    argument = json.dumps({"db": str(db), "paths": encoded, "options": options})
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    out_path, err_path = Path(f"{db}.out"), Path(f"{db}.err")
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen([sys.executable, "-c", _RUNNER, argument], cwd=REPO,
                                   stdout=out, stderr=err, env=environment)
    # Two measures, the larger kept: wait4's rusage (this child's own peak and its reaped
    # children's, exact, but blind to a helper process it never waits for, such as the
    # extraction sandbox) and the whole process tree's RSS summed, sampled while it runs.
    tree = psutil.Process(process.pid)
    sampled = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        sampled = max(sampled, _tree_rss(tree))
        if time.monotonic() - started > timeout:
            process.kill()
            os.wait4(process.pid, 0)
            process.returncode = -9
            raise AssertionError(f"ingest did not finish in {timeout} s (a hang)")
        time.sleep(0.02)
    seconds = time.monotonic() - started
    stdout, stderr = out_path.read_text(), err_path.read_text(errors="replace")
    lines = stdout.strip().splitlines()
    assert lines, f"no output from the ingest child (exit {process.returncode}):\n" \
                  f"{stderr[-3000:]}"
    output = json.loads(lines[-1])
    peak = max(usage.ru_maxrss * 1024, sampled) / 1024 ** 2
    return Run(ok=output.get("ok", False), output=output, peak_rss_mb=peak, seconds=seconds,
               stderr=stderr)


def _tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants now (0 once it is gone)."""
    total = 0
    try:
        for member in [process, *process.children(recursive=True)]:
            try:
                total += member.memory_info().rss
            except psutil.Error:
                continue
    except psutil.Error:
        return 0
    return total


def snapshot(db: Path) -> dict[str, list]:
    """Every row of the document and extraction tables (ingest times left out)."""
    conn = sqlite3.connect(db)
    out = {}
    for table in ("documents", "events", "mentions", "timexes", "attributions", "actors"):
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")
                   if r[1] not in ("ingested_at", "run_id", "mention_count",
                                   "document_count")]
        out[table] = sorted(conn.execute(
            f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]").fetchall(),
            key=repr)
    conn.close()
    return out


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


_PYTHON_NAMES = {name for name in dir(builtins) if name[:1].isupper()}


def check_run(run: Run, db: Path, earlier: dict[str, list], goods: list[str],
              rss_bound_mb: float = RSS_BOUND_MB) -> None:
    """What holds after every bad input: the run ended (not crashed), the good documents
    around it are stored, the earlier rows are unchanged, the database is sound, memory
    stayed bounded, and no row is typed by a bare Python exception name."""
    assert run.ok, run.output.get("error") or run.stderr[-3000:]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    stored = {Path(source).name for (source,) in query(db, "select source from documents")}
    for name in goods:
        assert name in stored, (name, sorted(stored), run.output)
    now = snapshot(db)
    for table, rows in earlier.items():
        if table == "actors":
            continue  # new documents may add actors; earlier ones must all still be there
        assert set(rows) <= set(now[table]), f"earlier {table} rows changed"
    assert {r[0] for r in earlier["actors"]} <= {r[0] for r in now["actors"]}
    assert run.peak_rss_mb < rss_bound_mb, f"peak RSS {run.peak_rss_mb:.0f} MB"
    assert not python_named_errors(db)
    status = query(db, "select status from runs order by started_at desc, rowid desc limit 1")
    assert status == [("finished",)], status


def python_named_errors(db: Path) -> set[str]:
    """Error types that are bare Python exception names, in error rows and in the errors
    each document's extraction recorded (`documents.errors`)."""
    types = {t for (t,) in query(db, "select error_type from ingest_errors")}
    for (errors,) in query(db, "select errors from documents where errors not in ('', '[]')"):
        types |= {str(entry.get("type")) for entry in json.loads(errors or "[]")}
    return types & _PYTHON_NAMES


def error_rows(db: Path) -> dict[str, set[str]]:
    """file name -> its error types."""
    found: dict[str, set[str]] = {}
    for path, error_type in query(db, "select path, error_type from ingest_errors"):
        found.setdefault(Path(path).name, set()).add(error_type)
    return found

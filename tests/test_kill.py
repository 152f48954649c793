"""kill -9 in the middle of `dateline ingest`: the database stays sound, no document is half
written, and a re-run finishes the rest without duplicates (a real subprocess, really killed).
Both arrangements: everything in one process, and spaCy in a child process (which must not
outlive its killed parent)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import reuters_sample, table_rows

from pipeline.batch import ingest_paths

TABLES = ("documents", "events", "mentions", "timexes", "attributions", "event_targets",
          "actor_roles", "actor_aliases", "actors")
VOLATILE = frozenset({"run_id", "ingested_at"})


def rows_by_document(db: Path) -> dict[str, dict[str, list]]:
    """document id -> table -> its rows (volatile columns left out)."""
    conn = sqlite3.connect(db)
    out: dict[str, dict[str, list]] = {}
    for table in ("documents", "events", "mentions", "timexes", "attributions"):
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")
                   if r[1] not in VOLATILE]
        key = "id" if table == "documents" else "document_id"
        for row in conn.execute(f"select [{key}], {', '.join(f'[{c}]' for c in columns)}"
                                f" from [{table}]"):
            out.setdefault(row[0], {}).setdefault(table, []).append(row[1:])
    for tables in out.values():
        for rows in tables.values():
            rows.sort(key=repr)
    return out


def everything(db: Path) -> dict[str, list]:
    return table_rows(db, TABLES, VOLATILE)


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


@pytest.mark.parametrize("mode", ["inline", "processes"])
def test_kill_9_mid_batch_then_rerun(tmp_path, mode):
    corpus = reuters_sample(tmp_path, 24)
    reference = tmp_path / "reference.db"
    ingest_paths(reference, [corpus], field_map={"date": "published"}, progress="off")
    expected = rows_by_document(reference)
    total = len([d for d in expected if "documents" in expected[d]])

    db = tmp_path / "killed.db"
    # Small nlp batches so documents reach the database one after another.
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(db), str(corpus), "--map",
         "date=published", "--quiet", "--batch-size", "2", "--pipeline", mode],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    stored = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                    stored = conn.execute("select count(*) from documents").fetchone()[0]
                    conn.close()
                except sqlite3.OperationalError:
                    stored = 0  # schema not created yet
                if stored >= 3:
                    break
            time.sleep(0.02)
        assert process.poll() is None, "the batch ended before it could be killed"
        children = children_of(process.pid)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    if mode == "processes":
        assert children, "no NLP child process was running"
    # The NLP child (and multiprocessing's helper) see end-of-file and exit by themselves.
    give_up = time.monotonic() + 20
    while any(alive(child) for child in children) and time.monotonic() < give_up:
        time.sleep(0.1)
    assert not any(alive(child) for child in children), "a child outlived its killed parent"

    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    killed = rows_by_document(db)
    committed = [d for d in killed if "documents" in killed[d]]
    assert 3 <= len(committed) < total
    assert set(killed) <= set(committed)  # no extraction rows without their document
    for document_id in committed:  # every stored document is whole
        assert killed[document_id] == expected[document_id]
    status = conn.execute("select status from runs").fetchone()[0]
    assert status == "running"  # the killed run never finished, and says so
    conn.close()

    summary = ingest_paths(db, [corpus], field_map={"date": "published"}, progress="off")
    assert summary.inserted == total - len(committed)
    assert everything(db) == everything(reference)
    # The next run found the killed one still `running` with no process behind it, and
    # marked it interrupted, with what it had committed.
    conn = sqlite3.connect(db)
    runs = conn.execute("select status, counts from runs order by started_at, rowid").fetchall()
    conn.close()
    assert [status for status, _ in runs] == ["interrupted", "finished"]
    assert json.loads(runs[0][1])["inserted"] == len(committed)

"""`--executor dask` (a real LocalCluster of process workers), `--workers 2` and
`--pipeline processes` (spaCy in a child process) build the same database, row for row and
key for key, as the local single-process executor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import reuters_sample, table_rows

import pipeline.batch.work
from pipeline.batch import ingest_paths

VOLATILE = frozenset({"run_id", "ingested_at", "created_at"})


def dump(db: Path) -> dict[str, list]:
    return table_rows(db, volatile=VOLATILE)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    reuters_sample(folder, 14, "a-reuters.jsonl")
    (folder / "b-notice.txt").write_text(
        "Acme Systems told customers on Friday to install the patch by 5 July.\n",
        encoding="utf-8")
    (folder / "b-notice.meta.json").write_text(
        json.dumps({"title": "Patch notice", "published": "2024-07-01",
                    "kind": "vendor_notice"}), encoding="utf-8")
    (folder / "c-empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def local_db(inbox, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.db"
    summary = ingest_paths(db, [inbox], field_map={"date": "published"}, progress="off",
                           pipeline="inline")
    assert summary.inserted > 10 and summary.failed >= 1 and summary.pipeline == "inline"
    return db


def test_dask_local_cluster_matches_local_executor(inbox, local_db, tmp_path, monkeypatch):
    # Small slices: the JSON-lines file becomes several partitions spread over two workers.
    monkeypatch.setattr(pipeline.batch.work, "SLICE_BYTES", 4096)
    units = [u for u in pipeline.batch.work.make_units([inbox]) if hasattr(u, "raw")]
    assert sum(u.sliced for u in units) >= 3
    db = tmp_path / "dask.db"
    summary = ingest_paths(db, [inbox], field_map={"date": "published"}, executor="dask",
                           workers=2, progress="off")
    local = dump(local_db)
    assert dump(db) == local
    assert summary.inserted == len(local["documents"]) and summary.failed >= 1

    again = ingest_paths(db, [inbox], field_map={"date": "published"}, executor="dask",
                         workers=1, progress="off")
    assert again.inserted == 0 and again.words == 0 and again.unchanged == summary.read
    assert dump(db) == local


def test_process_pool_matches_local_executor(inbox, local_db, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.batch.work, "SLICE_BYTES", 4096)
    db = tmp_path / "pool.db"
    summary = ingest_paths(db, [inbox], field_map={"date": "published"}, workers=2,
                           progress="off")
    assert dump(db) == dump(local_db)
    assert summary.inserted == len(dump(local_db)["documents"])


def test_split_pipeline_matches_local_executor(inbox, local_db, tmp_path):
    # nlp batch 3: the 16 texts travel as 6 batches, up to AHEAD of them in flight, so the
    # order of Docs coming back from the child process is really exercised.
    db = tmp_path / "split.db"
    summary = ingest_paths(db, [inbox], field_map={"date": "published"}, progress="off",
                           pipeline="processes", batch_size=3)
    assert summary.pipeline == "processes"
    local = dump(local_db)
    assert dump(db) == local
    assert summary.inserted == len(local["documents"]) and summary.failed >= 1

"""`reprocess`: re-extraction from stored text, only when something changed, atomically,
keeping user edits; every run recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import reuters_sample

from pipeline.batch import ingest_paths, reprocess, reprocess_command
from pipeline.store import Store

EXTRACTION = ("events", "mentions", "timexes", "attributions", "event_targets", "actor_roles")


def snapshot(db: Path) -> dict[str, list]:
    """Every extraction row (keys and values), run ids and timestamps left out."""
    store = Store(db)
    out = {}
    for table in EXTRACTION + ("documents",):
        columns = [c.name for c in store.db[table].columns
                   if c.name not in ("run_id", "ingested_at", "config_hash")]
        out[table] = sorted(store.db.execute(
            f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]").fetchall(),
            key=repr)
    return out


@pytest.fixture
def ingested(tmp_path) -> Path:
    corpus = reuters_sample(tmp_path, 5)
    db = tmp_path / "t.db"
    ingest_paths(db, [corpus], field_map={"date": "published"}, progress="off")
    return db


def test_nothing_to_do_when_version_model_and_config_are_unchanged(ingested):
    summary = reprocess(ingested, progress="off")
    assert summary.read == 0 and summary.replaced == 0
    run = Store(ingested).db.execute(
        "select command, status, counts from runs where id = ?", [summary.run_id]).fetchone()
    assert run[:2] == ("reprocess", "finished") and json.loads(run[2])["read"] == 0


@pytest.mark.parametrize("mode", ["inline", "processes"])
def test_forced_reprocess_replaces_each_extraction_with_identical_rows(ingested, mode):
    before = snapshot(ingested)
    documents = len(before["documents"])
    # batch_size 2: with spaCy in a child process, several batches are in flight at once.
    summary = reprocess(ingested, force=True, progress="off", pipeline=mode, batch_size=2)
    assert summary.pipeline == mode
    assert summary.read == summary.replaced == documents > 0
    assert snapshot(ingested) == before  # deterministic keys: same rows, no duplicates
    runs = Store(ingested).db.execute("select command from runs order by started_at").fetchall()
    assert [r[0] for r in runs] == ["ingest", "reprocess"]


def test_registry_change_triggers_reprocess_and_keeps_user_edits(ingested):
    store = Store(ingested)
    store.db["actors"].insert({"id": "user-made", "name": "User Made", "kind": "organisation",
                               "mention_count": 0, "document_count": 0}, pk="id")
    store.db["actor_aliases"].insert({"id": "alias-user", "actor_id": "user-made",
                                      "alias": "UM", "source": "user"}, pk="id")
    old_hash = store.db.execute("select distinct config_hash from documents").fetchall()
    # The database's own registry file, as `dateline actors merge` writes it.
    registry = ingested.with_name(f"{ingested.stem}.registry.yaml")
    registry.write_text("actors:\n  - name: Comissaria Smith\n    kind: organisation\n"
                        "    aliases: [Comissaria]\n", encoding="utf-8")
    summary = reprocess(ingested, progress="off")
    documents = store.db.execute("select count(*) from documents").fetchone()[0]
    assert summary.replaced == documents and summary.config_hash not in {h[0] for h in old_hash}
    assert store.db.execute(
        "select alias, source from actor_aliases where id = 'alias-user'").fetchone() == (
        "UM", "user")
    assert {row[0] for row in store.db.execute("select config_hash from documents")} == {
        summary.config_hash}
    run = store.db.execute("select registry_hash from runs where id = ?",
                           [summary.run_id]).fetchone()
    assert run[0]  # the registry that produced these rows is on record
    assert reprocess(ingested, progress="off").read == 0  # and now it is up to date


def test_where_and_since_select_documents(ingested):
    store = Store(ingested)
    dates = sorted(r[0] for r in store.db.execute("select published_date from documents"))
    latest = dates[-1]
    expected = sum(1 for d in dates if d >= latest)
    assert reprocess(ingested, force=True, since=latest, progress="off").read == expected
    one = store.db.execute("select id from documents order by id limit 1").fetchone()[0]
    assert reprocess(ingested, force=True, where=f"id = '{one}'", progress="off").read == 1


def test_failed_reextraction_keeps_the_previous_extraction(ingested, monkeypatch):
    import pipeline.extract

    before = snapshot(ingested)

    def broken(*args, **kwargs):
        raise RuntimeError("new extractor bug")

    monkeypatch.setattr(pipeline.extract, "extract", broken)
    summary = reprocess(ingested, force=True, progress="off")
    assert summary.failed == summary.read > 0 and summary.replaced == 0
    assert snapshot(ingested) == before
    rows = Store(ingested).db.execute(
        "select stage, error_type, message from ingest_errors where run_id = ?",
        [summary.run_id]).fetchall()
    # Our type on the row; Python's exception name only in its message.
    assert {(stage, kind) for stage, kind, _ in rows} == {("extract", "ExtractionFailed")}
    assert all(m == "RuntimeError: new extractor bug" for _, _, m in rows)
    assert len(rows) == summary.read


def test_cli(ingested):
    result = CliRunner().invoke(reprocess_command, [str(ingested), "--force", "--quiet"])
    assert result.exit_code == 0, result.output
    documents = Store(ingested).db.execute("select count(*) from documents").fetchone()[0]
    assert f"re-extracted:        {documents}" in result.output

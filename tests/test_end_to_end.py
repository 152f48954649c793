"""From files to a Datasette timeline, through the real commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.store import Store

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def dateline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, seed_path):
    """The sample corpus plus the seed, ingested once for this module."""
    db = tmp_path_factory.mktemp("e2e") / "timeline.db"
    seed_dir = tmp_path_factory.mktemp("seed")
    for path in seed_path.parent.iterdir():
        shutil.copy(path, seed_dir / path.name)  # a temporary working copy, never committed
    result = dateline("ingest", str(db), str(CORPUS), str(seed_dir), "--quiet")
    assert result.returncode == 0, result.stderr
    return db


def test_ingest_twice_changes_no_row_count(corpus_db):
    before = Store(corpus_db).counts()
    result = dateline("ingest", str(corpus_db), str(CORPUS), "--quiet")
    assert result.returncode == 0, result.stderr
    after = Store(corpus_db).counts()
    before.pop("runs"), after.pop("runs")
    assert after == before
    assert before["documents"] >= 6 and before["events"] > 0


def test_corpus_and_seed_give_dated_events(corpus_db):
    store = Store(corpus_db)
    rows = list(store.db.query(
        "select date_start, date_role from timeline where date_role != 'reported'"))
    assert len(rows) >= 5
    kinds = {row["kind"] for row in store.db.query("select distinct kind from documents")}
    assert {"news", "vendor_notice", "comment"} <= kinds
    assert store.integrity_ok()


def test_seed_comments_produce_no_article_events(corpus_db):
    store = Store(corpus_db)
    article = next(store.db.query(
        "select id, text from documents where kind = 'news' and title like '%GP Connect%'"
        " and publisher = 'Pulse'"))
    assert "Centreground" not in article["text"]
    comments = list(store.db.query("select id from documents where parent_id = ?",
                                   [article["id"]]))
    assert len(comments) == 7
    sentences = [row["sentence_text"] for row in store.db.query(
        "select sentence_text from events where document_id = ?", [article["id"]])]
    assert sentences and not any("Palantir" in s or "Tories" in s for s in sentences)


def test_datasette_get_timeline_returns_rows(corpus_db):
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent))
    assert datasette, "datasette is installed with the project"
    result = subprocess.run(
        [datasette, str(corpus_db), "--get", "/timeline/timeline.json?_shape=array"],
        capture_output=True, text=True, timeout=120, check=True)
    rows = json.loads(result.stdout)
    assert rows and all("actor" in row and "date" in row for row in rows)
    dated = [row for row in rows if row["role"] in ("occurred", "deadline", "planned")]
    assert dated, "the timeline lists dated events"

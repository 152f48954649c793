"""The link stage on corpus/ and the seed article: the dispute's events, one row each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import ingest_paths
from pipeline.store import Store
from tests.conftest import SEED, shared_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    shared_path("corpus", "seed")
    db = tmp_path_factory.mktemp("link") / "t.db"
    ingest_paths(db, [REPO / "corpus", SEED.parent], progress="off")
    store = Store(db)
    yield store
    store.close()


def _rows(store: Store, where: str) -> list[dict]:
    return list(store.db.query(f"select * from timeline where {where}"))


def test_the_request_is_one_row_with_all_its_sources(store):
    rows = _rows(store, "actor_id = 'nhs-england' and action = 'ask'")
    assert len(rows) == 1
    outlets = [s["outlet"] for s in json.loads(rows[0]["sources"])]
    assert len(outlets) >= 4 and "Pulse" in outlets


def test_the_planned_start_and_the_refusal_are_one_row_each(store):
    starts = _rows(store, "date_start = '2024-08-01' and role = 'planned'"
                          " and action in ('commence', 'start', 'begin')")
    assert len(starts) == 1 and starts[0]["document_count"] >= 3
    refusals = _rows(store, "actor_id = 'tpp' and negated = 1 and document_count > 1")
    assert len(refusals) == 1 and refusals[0]["document_count"] >= 3
    closes = _rows(store, "date_start = '2024-07-29' and action in ('close', 'end')")
    assert len(closes) == 1 and closes[0]["document_count"] >= 3


def test_the_committee_is_one_actor_with_its_names(store):
    names = ("GPC England", "General Practitioners Committee", "BMA GP Committee England")
    rows = list(store.db.query(
        "select a.name, m.canonical_id, m.reason from actors a join actor_merges m"
        f" on m.actor_id = a.id where a.name in ({', '.join('?' for _ in names)})", names))
    assert {row["name"] for row in rows} == set(names)
    assert len({row["canonical_id"] for row in rows}) == 1
    assert all(row["reason"] for row in rows)


def test_the_ballot_close_and_the_refusal_gather_every_wording(store):
    # A vote "until 29 July" and the ballot's close that day: one row.
    closes = _rows(store, "date_start = '2024-07-29' and action in ('close', 'end', 'vote')")
    assert len(closes) == 1 and closes[0]["report_count"] >= 5
    # "TPP said it was not going ahead": no statement row of its own beside the refusal.
    statements = _rows(store, "actor_id = 'tpp' and content like '%not going ahead%'")
    refusals = _rows(store, "actor_id = 'tpp' and negated = 1 and document_count > 1")
    assert statements == [] and len(refusals) == 1


def test_a_promise_stays_apart_from_the_earlier_act_it_follows(store):
    rows = list(store.db.query(
        "select distinct e.cluster_id, e.date_role from events e"
        " where e.date_start like '2025-03-%' and e.action = 'send'"))
    assert len({row["cluster_id"] for row in rows}) == len(rows) >= 2

"""Shared fixtures: the spaCy model (loaded once per session) and paths into ../shared."""

from __future__ import annotations

import os
import sqlite3
from itertools import islice
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "pulse-gp-connect-2024-07-01.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared. Missing data fails loudly in CI and skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"shared data missing: {path} (expected ../shared beside the repository)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def reuters_sample(folder: Path, count: int, name: str = "reuters.jsonl") -> Path:
    """The first `count` Reuters stories as a JSON-lines file of their own (a working copy
    in the test's temporary directory, never committed)."""
    source = shared_path("data", "reuters21578.jsonl")
    target = folder / name
    with source.open(encoding="utf-8") as lines:
        target.write_text("".join(islice(lines, count)), encoding="utf-8")
    return target


def table_rows(db: Path, tables: tuple[str, ...] | None = None,
               volatile: frozenset[str] = frozenset()) -> dict[str, list]:
    """table -> its rows sorted, leaving out `volatile` columns (run ids, timestamps), so two
    databases built from the same input compare equal. Default: every data table."""
    conn = sqlite3.connect(db)
    if tables is None:
        tables = tuple(r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
            " and name != 'runs' and name not like '%_fts%'"))
    out = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")
                   if r[1] not in volatile]
        out[table] = sorted(conn.execute(
            f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]").fetchall(),
            key=repr)
    conn.close()
    return out


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")

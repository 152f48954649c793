"""`dateline evaluate actors`: the gold set meets its target, and the PolNeAR scorer runs on
real articles read from ../shared."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from pipeline.evaluate.actors import (
    DEFAULT_GOLD,
    actors_command,
    load_gold,
    score_gold,
    score_polnear,
)
from pipeline.extract.registry import load_registry
from tests.conftest import shared_path


def test_gold_set_is_big_enough_and_meets_target(nlp) -> None:
    docs = load_gold(DEFAULT_GOLD)
    assert len(docs) >= 10
    scores = score_gold(docs, nlp, load_registry(None))
    assert scores.tp > 40  # the pairs are really counted
    assert scores.f1 >= 0.90, scores.errors
    assert scores.speakers >= 10 and scores.speaker_accuracy >= 0.80, scores.errors


def test_command_prints_figures() -> None:
    result = CliRunner().invoke(actors_command, ["--no-polnear"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    match = re.search(r"F1 (\d\.\d{3})", result.output)
    assert match and float(match.group(1)) >= 0.90
    assert "speaker resolution accuracy" in result.output


def test_polnear_scoring_on_real_articles(nlp) -> None:
    path = shared_path("data", "polnear", "dev.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:8]]
    docs = [nlp(row["text"]) for row in rows]
    scores = score_polnear(rows, docs, load_registry(None))
    assert scores.documents == 8 and scores.sources > 50
    assert scores.by_type["named"] > 20
    assert scores.accuracy("named") >= 0.80  # 0.98 over all of dev; 8 articles vary
    assert scores.by_type["pronoun"] >= 1

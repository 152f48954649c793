"""`dateline evaluate ingest`: the token metric, and the command on a tiny benchmark layout."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.evaluate.ingest import f1, ingest_command, precision_recall, tokens

GOOD = Path(__file__).parent / "fixtures" / "ingest" / "good"


def test_tokens_and_bag_of_words_overlap():
    assert tokens("The GP's  list, the END.") == ["the", "gp", "s", "list", "the", "end"]
    # Counts matter: "the" twice in gold, once predicted.
    p, r = precision_recall("the cat the hat", "the cat sat")
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 4))
    assert precision_recall("", "") == (1.0, 1.0)
    assert precision_recall("gold words", "") == (0.0, 0.0)
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0


def test_command_on_small_benchmark(tmp_path):
    (tmp_path / "html").mkdir()
    truth = {}
    for pid, name in (("a1", "article.html"), ("b2", "cp1252-mislabelled.html")):
        raw = (GOOD / name).read_bytes()
        (tmp_path / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(raw))
    truth["a1"] = {"url": "https://courier.example/news/bin-contract", "articleBody": (
        "Harbourside District Council postponed the award of its new waste collection contract "
        "on Thursday, after two bidders asked for more time to price the electric fleet the "
        "council now requires.")}
    truth["b2"] = {"url": None, "articleBody": "The Kettle & Crumb café chain said on Monday"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    result = CliRunner().invoke(ingest_command, [str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert set(figures) >= {"ours", "trafilatura", "bs4", "target_met"}
    for name in ("ours", "trafilatura", "bs4"):
        assert figures[name]["pages"] == 2
        assert 0 <= figures[name]["precision"] <= 1
    # The gold bodies are fragments of each page's text: recall is perfect for the extractors
    # that keep the article, and bs4 (the whole page) has the lowest precision.
    assert figures["ours"]["recall"] == 1.0
    assert figures["bs4"]["precision"] < figures["ours"]["precision"]
    text = CliRunner().invoke(ingest_command, [str(tmp_path)])
    assert "trafilatura" in text.output and "F1" in text.output


def test_command_refuses_wrong_layout(tmp_path):
    result = CliRunner().invoke(ingest_command, [str(tmp_path)])
    assert result.exit_code != 0 and "ground-truth.json" in result.output

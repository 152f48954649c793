"""`dateline evaluate linking`: the coreference metrics, and the gold stories of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.coref_metrics import b_cubed, ceaf_e, conll, muc
from pipeline.evaluate.linking import GoldError, evaluate_linking

GOLD = Path(__file__).parent / "gold" / "linking"


def test_metrics_on_a_hand_worked_example():
    key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
    response = [{"a", "b"}, {"c", "d"}, {"f", "g"}]   # e missing: a singleton
    assert muc(key, response).recall == pytest.approx(2 / 5)
    assert muc(key, response).precision == pytest.approx(2 / 3)
    # B³ recall: a,b 2/3 each, c 1/3, d 1/4, e 1/4, f,g 2/4 each → 17/6 over 7 mentions.
    assert b_cubed(key, response).recall == pytest.approx((2 / 3 * 2 + 1 / 3 + 1 / 4 * 2
                                                            + 1 / 2 * 2) / 7)
    # CEAF-e: {a,b,c}~{a,b} 0.8 and {d,e,f,g}~{f,g} 2/3 are the best alignment.
    assert ceaf_e(key, response).recall == pytest.approx((0.8 + 2 / 3) / 2)
    assert conll(key, key)["conll"] == 100.0


def test_a_gold_file_naming_a_missing_document_is_an_error(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("Acme said on Monday that it would close.", encoding="utf-8")
    (story / "gold.yaml").write_text(
        "events:\n  - id: x\n    mentions:\n      - {doc: missing.txt, sentence: x}\n",
        encoding="utf-8")
    with pytest.raises(GoldError, match="missing.txt"):
        evaluate_linking(tmp_path)


def test_linking_beats_both_baselines_on_our_gold_stories():
    result = evaluate_linking(GOLD)
    assert result.stories == 3 and result.documents == 12
    events, actors = result.events, result.actors
    assert events["system"]["conll"] > max(events["singleton"]["conll"],
                                           events["same-lemma"]["conll"])
    assert actors["system"]["conll"] > max(actors["singleton"]["conll"],
                                           actors["exact-string"]["conll"])

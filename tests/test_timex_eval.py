"""The TempEval-3 scoring of `dateline evaluate timex` on a tiny TimeML text."""
# ruff: noqa: E501  (the TimeML sample is kept on its original long lines)

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipeline.evaluate.timex import (
    Scores,
    TimeMLError,
    parse_timeml,
    score_document,
    split_of,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-10" functionInDocument="CREATION_TIME">1998-08-10</TIMEX3></DCT>
<TEXT>
Talks <EVENT eid="e1" class="OCCURRENCE">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; resume <TIMEX3 tid="t2" type="DATE" value="1998-W34">next week</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"""


@dataclass
class Pred:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


def test_parse_timeml_offsets_and_dct():
    doc = parse_timeml(TML, "t1.tml")
    assert doc.dct == "1998-08-10"
    assert [t.text for t in doc.timexes] == ["Friday", "next week", "three days"]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert "&" in doc.text and "&amp;" not in doc.text and "<EVENT" not in doc.text


def test_parse_timeml_requires_text():
    with pytest.raises(TimeMLError):
        parse_timeml("<TimeML><DCT><TIMEX3 value=\"1998\">x</TIMEX3></DCT></TimeML>")


def test_scoring_strict_relaxed_value():
    doc = parse_timeml(TML, "t1.tml")
    friday, next_week, three_days = doc.timexes
    preds = [
        Pred(friday.start, friday.end, "DATE", "1998-08-07"),          # exact, right value
        Pred(next_week.start + 5, next_week.end, "DATE", "1998-W33"),  # overlap, wrong value
        Pred(0, 5, "DATE", "XXXX"),                                   # spurious ("Talks")
    ]                                                                  # "three days" missed
    scores = Scores()
    score_document(doc, preds, scores)
    fig = scores.figures()
    assert fig["strict_p"] == pytest.approx(1 / 3) and fig["strict_r"] == pytest.approx(1 / 3)
    assert fig["relaxed_p"] == pytest.approx(2 / 3) and fig["relaxed_r"] == pytest.approx(2 / 3)
    assert fig["value_accuracy"] == pytest.approx(1 / 2)
    assert fig["type_accuracy"] == pytest.approx(1.0)
    assert fig["value_f1"] == pytest.approx(fig["relaxed_f1"] * 0.5)
    assert [g.text for _, g in scores.misses] == ["three days"]
    assert len(scores.spurious) == 1 and len(scores.wrong_values) == 1


def test_split_is_deterministic_and_about_a_fifth():
    names = [f"doc{i}.tml" for i in range(500)]
    held = [n for n in names if split_of(n) == "heldout"]
    assert [split_of(n) for n in names] == [split_of(n) for n in names]
    assert 0.12 < len(held) / len(names) < 0.28

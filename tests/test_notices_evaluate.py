"""`dateline evaluate notices`: the scorer on a fictional notice and hand-made records."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.evaluate.notices import actor_right, locate, notices_command, score

TEXT = ("Quillfeather Cloud will retire the Nimbus API on 30 June 2031.\n"
        "- May 1, 2031: Customers must migrate their keys.\n"
        "We released Nimbus 4.2 on 2 March 2031.")


def _event(text: str, sentence: str, action: str, role: str, range_: list[str] | None,
           actor: str | None = None, negated: bool = False) -> dict:
    start = text.index(sentence)
    date = {"value": range_[0], "range": range_, "role": role, "timex": None} if range_ else None
    return {"id": action, "actor": actor, "action": action, "negated": negated, "date": date,
            "sentence": {"start": start, "end": start + len(sentence), "text": sentence}}


def _gold() -> dict:
    return {"docs": {"quill": {"published": "2031-03-05"}}, "items": [
        {"id": "A1", "doc": "quill", "excerpt": "will retire the Nimbus API", "nth": 1,
         "actor": {"name": "Quillfeather Cloud", "aliases": ["Quillfeather Cloud"]},
         "lemmas": ["retire"], "range": ["2031-06-30", "2031-06-30"], "role": "deadline",
         "negated": False, "deadline_kind": "ends"},
        {"id": "A2", "doc": "quill", "excerpt": "Customers must migrate their keys", "nth": 1,
         "actor": {"name": "Customers", "aliases": ["customers"]}, "lemmas": ["migrate"],
         "range": ["2031-05-01", "2031-05-01"], "role": "deadline", "negated": False,
         "deadline_kind": "by", "hard": "list label"},
        {"id": "A3", "doc": "quill", "excerpt": "We released Nimbus 4.2", "nth": 1,
         "actor": {"name": "Quillfeather Cloud", "aliases": []}, "lemmas": ["release"],
         "range": ["2031-03-02", "2031-03-02"], "role": "occurred", "negated": False},
    ], "deadlines": [
        {"id": "A1", "doc": "quill", "excerpt": "will retire the Nimbus API", "nth": 1,
         "range": ["2031-06-30", "2031-06-30"]},
        {"id": "A2", "doc": "quill", "excerpt": "Customers must migrate their keys", "nth": 1,
         "range": ["2031-05-01", "2031-05-01"]},
    ]}


def _record(events: list[dict]) -> dict:
    return {"document": {"text": TEXT, "source": "docs/quill.txt"},
            "actors": [{"id": "quillfeather", "name": "Quillfeather Cloud", "aliases": []}],
            "events": events}


def test_scores_found_items_roles_deadlines_and_misses():
    events = [
        _event(TEXT, "Quillfeather Cloud will retire the Nimbus API on 30 June 2031.", "retire",
               "planned", ["2031-06-30", "2031-06-30"], actor="quillfeather"),
        _event(TEXT, "We released Nimbus 4.2 on 2 March 2031.", "release", "occurred",
               ["2031-03-02", "2031-03-02"], actor="quillfeather"),
        _event(TEXT, "We released Nimbus 4.2 on 2 March 2031.", "ship", "deadline",
               ["2031-09-01", "2031-09-01"]),
    ]
    figures = score(_gold(), {"quill": _record(events)}).figures()
    assert figures["required"] == 3 and figures["found"] == 2
    assert abs(figures["recall"] - 2 / 3) < 1e-9
    assert figures["role_strict"] == 0.5        # the retirement is read as planned
    assert figures["role_ends_planned"] == 1.0  # ... which the third figure accepts for 'ends'
    assert figures["actor"] == 1.0
    assert figures["deadline_p"] == 0.0 and figures["deadline_r"] == 0.0
    assert abs(figures["dated_precision"] - 2 / 3) < 1e-9


def test_deadlines_recall_by_kind_and_list_label_miss_kind():
    events = [
        _event(TEXT, "Quillfeather Cloud will retire the Nimbus API on 30 June 2031.", "retire",
               "deadline", ["2031-06-30", "2031-06-30"], actor="quillfeather"),
    ]
    scores = score(_gold(), {"quill": _record(events)})
    figures = scores.figures()
    assert figures["deadline_p"] == 1.0 and figures["deadline_r"] == 0.5
    assert figures["deadline_r_ends"] == 1.0 and figures["deadline_r_by"] == 0.0
    kinds, reasons = scores.misses_by()
    assert kinds["list label or heading"] == 1 and kinds["own clause"] == 1
    assert reasons["no event in the sentence"] == 2


def test_actor_rules_and_loose_location():
    item = {"actor": {"name": "the Nimbus Team", "aliases": ["Nimbus Team"]},
            "actor_ok": ["Quillfeather"]}
    assert actor_right(["Nimbus Team"], item)
    assert actor_right(["Quillfeather Cloud Inc."], item)  # contains an allowed name
    assert not actor_right([], item)
    assert actor_right([], {"actor": None})
    assert not actor_right(["Nimbus"], item)
    text = "It said \u201cwe will  stop\u201d twice; we will stop."
    assert locate(text, 'said "we will stop"') == (3, 23)
    assert locate(text, "we will stop", 2) is not None
    assert locate(text, "nothing like this") is None


def test_command_scores_records_file(tmp_path):
    (tmp_path / "gold.json").write_text(json.dumps(_gold()), encoding="utf-8")
    records = tmp_path / "records.jsonl"
    event = _event(TEXT, "We released Nimbus 4.2 on 2 March 2031.", "release", "occurred",
                   ["2031-03-02", "2031-03-02"], actor="quillfeather")
    records.write_text(json.dumps(_record([event])) + "\n", encoding="utf-8")
    result = CliRunner().invoke(notices_command, [str(tmp_path), "--records", str(records),
                                                  "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["found"] == 1 and figures["role_strict"] == 1.0
    result = CliRunner().invoke(notices_command, [str(tmp_path / "nothing")])
    assert result.exit_code != 0

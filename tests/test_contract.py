"""The analysis record keeps every field of ../shared/spec/analysis.md, with its type."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.record import (
    ACTION_TYPES,
    ACTOR_KINDS,
    ATTRIBUTION_KINDS,
    DATE_ROLES,
    MODALITIES,
    TIMEX_ANCHORS,
    TIMEX_TYPES,
)

OPTIONAL_STR = (str, type(None))
SPAN = {"start": int, "end": int, "text": str}


def check_fields(obj: dict, spec: dict, where: str) -> None:
    for name, expected in spec.items():
        assert name in obj, f"{where}: missing field {name!r}"
        value = obj[name]
        if isinstance(expected, dict):
            assert isinstance(value, dict), f"{where}.{name}: not an object"
            check_fields(value, expected, f"{where}.{name}")
        else:
            assert isinstance(value, expected), (
                f"{where}.{name}: {type(value).__name__} is not {expected}")


def check_span(span: dict, text: str, where: str) -> None:
    check_fields(span, SPAN, where)
    assert 0 <= span["start"] <= span["end"] <= len(text), f"{where}: offsets out of range"
    assert text[span["start"]:span["end"]] == span["text"], f"{where}: text does not match offsets"


def check_record(record: dict) -> None:
    """Every field of the contract, present and typed; offsets consistent with the text."""
    check_fields(record, {"schema": str, "pipeline": {"version": str, "model": str},
                          "document": dict, "timexes": list, "actors": list, "events": list,
                          "attributions": list, "errors": list}, "record")
    assert record["schema"] == "dateline.analysis/1"
    document = record["document"]
    check_fields(document, {
        "id": str, "kind": str, "title": OPTIONAL_STR, "url": OPTIONAL_STR,
        "publisher": OPTIONAL_STR, "author": OPTIONAL_STR, "published": OPTIONAL_STR,
        "published_source": OPTIONAL_STR, "text": str, "parent_id": OPTIONAL_STR,
        "source": OPTIONAL_STR}, "document")
    assert len(document["id"]) == 64 and int(document["id"], 16) >= 0
    assert document["kind"] in ("news", "vendor_notice", "press_release", "comment", "other")
    assert document["published_source"] in ("metadata", "argument", "html", "inferred", None)
    text = document["text"]
    for index, timex in enumerate(record["timexes"]):
        where = f"timexes[{index}]"
        check_span(timex, text, where)
        check_fields(timex, {"type": str, "value": str, "range": (list, type(None)),
                             "anchor": str}, where)
        assert timex["type"] in TIMEX_TYPES and timex["anchor"] in TIMEX_ANCHORS
        if timex["range"] is not None:
            assert len(timex["range"]) == 2 and timex["range"][0] <= timex["range"][1]
    actor_ids = set()
    for index, actor in enumerate(record["actors"]):
        where = f"actors[{index}]"
        check_fields(actor, {"id": str, "name": str, "kind": str, "aliases": list,
                             "roles": list, "mentions": list}, where)
        assert actor["kind"] in ACTOR_KINDS
        actor_ids.add(actor["id"])
        for m_index, mention in enumerate(actor["mentions"]):
            check_span(mention, text, f"{where}.mentions[{m_index}]")
    event_ids = set()
    for index, event in enumerate(record["events"]):
        where = f"events[{index}]"
        check_fields(event, {
            "id": str, "actor": OPTIONAL_STR, "action": str, "action_type": str,
            "targets": list, "content": str, "negated": bool, "modality": str,
            "date": (dict, type(None)), "attributed_to": OPTIONAL_STR,
            "quote": (dict, type(None)), "sentence": dict}, where)
        event_ids.add(event["id"])
        assert event["action_type"] in ACTION_TYPES and event["modality"] in MODALITIES
        assert event["actor"] is None or event["actor"] in actor_ids
        assert all(target in actor_ids for target in event["targets"])
        check_span(event["sentence"], text, f"{where}.sentence")
        if event["quote"] is not None:
            check_span(event["quote"], text, f"{where}.quote")
        if event["date"] is not None:
            check_fields(event["date"], {"value": str, "range": (list, type(None)), "role": str,
                                         "timex": (int, type(None))}, f"{where}.date")
            assert event["date"]["role"] in DATE_ROLES
            if event["date"]["timex"] is not None:
                assert 0 <= event["date"]["timex"] < len(record["timexes"])
    for index, attribution in enumerate(record["attributions"]):
        where = f"attributions[{index}]"
        check_fields(attribution, {"source": (dict, type(None)), "cue": (dict, type(None)),
                                   "content": list, "kind": str,
                                   "addressee": OPTIONAL_STR, "event": OPTIONAL_STR}, where)
        assert attribution["kind"] in ATTRIBUTION_KINDS
        if attribution["source"] is not None:
            check_span(attribution["source"], text, f"{where}.source")
            assert "actor" in attribution["source"]
        if attribution["cue"] is not None:
            check_span(attribution["cue"], text, f"{where}.cue")
        assert attribution["content"], f"{where}: no content span"
        for c_index, span in enumerate(attribution["content"]):
            check_span(span, text, f"{where}.content[{c_index}]")
        assert attribution["event"] is None or attribution["event"] in event_ids


def test_checker_rejects_a_broken_record():
    """The checker itself can fail: a record missing a field or with bad offsets is refused."""
    record = {"schema": "dateline.analysis/1", "pipeline": {"version": "0", "model": "m"},
              "document": {"id": "0" * 64, "kind": "news", "title": None, "url": None,
                           "publisher": None, "author": None, "published": None,
                           "published_source": None, "text": "abc", "parent_id": None,
                           "source": None},
              "timexes": [{"start": 0, "end": 2, "text": "ab", "type": "DATE",
                           "value": "2024", "range": None, "anchor": "dct"}],
              "actors": [], "events": [], "attributions": [], "errors": []}
    check_record(record)
    record["timexes"][0]["text"] = "xy"
    with pytest.raises(AssertionError):
        check_record(record)
    del record["errors"]
    with pytest.raises(AssertionError):
        check_record(record)


def test_seed_record_matches_contract(seed_path):
    from pipeline import analyze

    record = analyze(seed_path).to_dict()
    check_record(record)
    assert record["document"]["published"] == "2024-07-01"
    assert record["document"]["kind"] == "news"
    assert record["pipeline"]["model"].endswith("3.8.0")
    assert record["events"] and record["timexes"] and record["actors"]
    json.dumps(record)


def test_cli_analyze_json_prints_one_record_per_document(seed_path):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "analyze", str(seed_path), "--json"],
        capture_output=True, text=True, check=True, timeout=300)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert records[0]["document"]["kind"] == "news"
    comments = [r for r in records if r["document"]["kind"] == "comment"]
    assert len(comments) == 7
    for record in records:
        check_record(record)
        if record["document"]["kind"] == "comment":
            assert record["document"]["parent_id"] == records[0]["document"]["id"]


def test_analyze_plain_text_with_published_argument():
    from pipeline import analyze

    record = analyze("The regulator said on Monday that Acme Ltd must reply by 5 May.",
                     published="2025-04-30")
    data = record.to_dict()
    check_record(data)
    assert data["document"]["published_source"] == "argument"
    values = {t["text"]: t["value"] for t in data["timexes"]}
    assert values.get("Monday") == "2025-04-28"
    assert values.get("5 May") == "2025-05-05"

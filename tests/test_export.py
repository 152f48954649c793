"""`dateline export` and `dateline serve` outside a server: formats, filters, safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from jsonschema import Draft202012Validator
from test_publish_data import build_db

from pipeline.publish.export import export_command
from pipeline.publish.formats import MAX_TIMENAV_GROUPS, timelinejs_schema, to_csv, to_timelinejs
from pipeline.publish.serve import datasette_args, serve_command, snapshot, write_config
from pipeline.publish.text import csv_cell, describe_date, highlight_segments, safe_url


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("export") / "timeline.db")


def export(db_path: Path, *args: str) -> str:
    result = CliRunner().invoke(export_command, [str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_jsonl_is_the_timeline_in_date_order(db_path):
    lines = [json.loads(line) for line in export(db_path, "--format", "jsonl").splitlines()]
    assert len(lines) >= 8
    starts = [line["date_start"] for line in lines]
    assert starts == sorted(starts)


def test_actor_and_date_filters(db_path):
    nhse = export(db_path, "--format", "jsonl", "--actor", "NHSE").splitlines()
    assert [json.loads(line)["actor_id"] for line in nhse] == ["nhs-england"]
    july = [json.loads(line) for line in
            export(db_path, "--format", "jsonl", "--from", "2024-07-02", "--to", "2024-07")
            .splitlines()]
    assert july and all(r["date_end"] >= "2024-07-02" and r["date_start"] <= "2024-07-31"
                        for r in july)


def test_bad_date_is_a_usage_error(db_path):
    result = CliRunner().invoke(export_command, [str(db_path), "--format", "csv",
                                                 "--from", "last week"])
    assert result.exit_code == 2 and "Invalid value for '--from'" in result.output


def test_csv_neutralises_formulas(db_path):
    reader = csv.DictReader(io.StringIO(export(db_path, "--format", "csv")))
    cells = [value for row in reader for value in row.values() if value]
    assert cells
    assert not [c for c in cells if c[0] in "=+-@"]
    assert "'=cmd|' /C calc'!A0" in cells


def test_csv_cell_rules():
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3" and csv_cell("+44 20") == "'+44 20"
    assert csv_cell("-2") == "-2" and csv_cell("+1.5e3") == "+1.5e3"  # numbers, not formulas
    assert csv_cell("plain") == "plain" and csv_cell(-2) == -2 and csv_cell(None) is None
    assert to_csv([{"a": "=x"}]).splitlines() == ["a", "'=x"]


def test_timelinejs_export_validates(db_path):
    data = json.loads(export(db_path, "--format", "timelinejs"))
    Draft202012Validator(timelinejs_schema()).validate(data)
    grouped = [slide for slide in data["events"] if "group" in slide]
    assert data["events"] and grouped in ([], data["events"])


def _dated_rows(actors: int) -> list[dict]:
    return [{"event_id": f"e{i}", "actor": f"Actor {i}", "action": "say",
             "date_value": "2024-07-01", "date_start": "2024-07-01", "date_end": "2024-07-01",
             "precision": "day"}
            for i in range(actors)]


def test_timelinejs_groups_only_a_few_actors():
    # One time-navigator row per group: with many actors the slides above get no height.
    few = to_timelinejs(_dated_rows(MAX_TIMENAV_GROUPS))["events"]
    assert [slide["group"] for slide in few] == [f"Actor {i}" for i in range(MAX_TIMENAV_GROUPS)]
    many = to_timelinejs(_dated_rows(MAX_TIMENAV_GROUPS + 1))["events"]
    assert len(many) == MAX_TIMENAV_GROUPS + 1 and not [s for s in many if "group" in s]
    Draft202012Validator(timelinejs_schema()).validate({"events": many})


def test_schema_rejects_a_slide_without_a_year():
    validator = Draft202012Validator(timelinejs_schema())
    assert not validator.is_valid({"events": [{"start_date": {"month": 7}}]})
    assert not validator.is_valid({"events": [{"start_date": {"year": 2024, "day": 3}}]})
    assert validator.is_valid({"events": [{"start_date": {"year": 2024, "month": 7}}]})


def test_ics_export_is_all_day_deadlines(db_path, tmp_path):
    out = tmp_path / "deadlines.ics"
    result = CliRunner().invoke(export_command, [str(db_path), "--format", "ics", "-o", str(out)])
    assert result.exit_code == 0, result.output
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert {e.decoded("dtstart") for e in events} >= {dt.date(2024, 7, 1), dt.date(2024, 7, 29)}
    assert all(type(e.decoded("dtstart")) is dt.date for e in events)
    assert all("Deadline" in str(e["summary"]) for e in events)
    # Same database, same calendar: nothing depends on the clock.
    again = CliRunner().invoke(export_command, [str(db_path), "--format", "ics"])
    assert again.stdout_bytes == out.read_bytes()


@pytest.mark.parametrize(("args", "expected"), [
    (("2024-06-28", "2024-06-28", "2024-06-28", "day"), "Friday 28 June 2024"),
    (("2024-W26-WE", "2024-06-29", "2024-06-30", "week"), "week-end of 29–30 June 2024"),
    (("2024-W27", "2024-07-01", "2024-07-07", "week"), "week of 1–7 July 2024"),
    (("2024-07", "2024-07-01", "2024-07-31", "month", "START"), "early July 2024"),
    (("2024-07", "2024-07-01", "2024-07-31", "month", "END"), "late July 2024"),
    (("2024-07", "2024-07-01", "2024-07-31", "month", "MID"), "mid-July 2024"),
    (("2024-Q3", "2024-07-01", "2024-09-30", "season"), "third quarter of 2024"),
    (("2024-SU", "2024-06-01", "2024-08-31", "season"), "summer 2024"),
    (("2024", "2024-01-01", "2024-12-31", "year"), "2024"),
    (("202", "2020-01-01", "2029-12-31", "decade"), "the 2020s"),
    (("2024-W01-WE", "2023-12-30", "2024-01-01", "week"),
     "week-end of 30 December 2023 – 1 January 2024"),
    ((None, None, None, None), "undated"),
])
def test_dates_in_words(args, expected):
    assert describe_date(*args) == expected


def test_safe_url():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/relative",
                "https://example.org/\u202egpj.exe", "https://good.example@evil.example/",
                " https://x.org/a b", "http://", None, 42):
        assert safe_url(bad) is None, bad


def test_highlight_segments_marks_sentence_and_quote():
    text = "First line.\nHe said ‘no change’ today. Last."
    start = text.index("He")
    end = text.index(" Last")
    q = text.index("no change")
    paragraphs = highlight_segments(text, {"sentence": (start, end),
                                           "quote": (q, q + len("no change"))})
    assert [s["text"] for s in paragraphs[0]] == ["First line."]
    marked = "".join(s["text"] for p in paragraphs for s in p if "sentence" in s["classes"])
    assert marked == text[start:end]
    quoted = [s["text"] for p in paragraphs for s in p if "quote" in s["classes"]]
    assert quoted == ["no change"]
    assert sum(s["first_evidence"] for p in paragraphs for s in p) == 1
    # Out-of-range offsets are clipped, not an error.
    assert highlight_segments("abc", {"sentence": (2, 99)})[0][-1]["text"] == "c"


# -- serve ------------------------------------------------------------------------------------

def test_local_serve_reads_the_live_file(db_path, tmp_path):
    files = write_config(db_path.stem, tmp_path, public=False)
    args = datasette_args(db_path, files, host="127.0.0.1", port=8001, public=False)
    assert "-i" not in args and "--immutable" not in args and str(db_path) in args
    assert ["--setting", "suggest_facets", "off"] == args[args.index("suggest_facets") - 1:
                                                         args.index("suggest_facets") + 2]
    if files["config"] is not None:  # Datasette 1.0: stored queries live in datasette.yaml
        import yaml

        assert "--config" in args
        config = yaml.safe_load(files["config"].read_text())
        assert "actor_timeline" in config["databases"]["timeline"]["queries"]
    else:
        metadata = json.loads(files["metadata"].read_text())
        assert "actor_timeline" in metadata["databases"]["timeline"]["queries"]


def test_public_serve_is_an_immutable_snapshot_without_sql(db_path, tmp_path):
    copy = snapshot(db_path, tmp_path / "snap" / db_path.name)
    files = write_config(copy.stem, tmp_path, public=True)
    args = datasette_args(copy, files, host="127.0.0.1", port=8001, public=True)
    assert args[1:3] == ["-i", str(copy)]
    settings = dict(zip(args[args.index("--setting") + 1::3], args[args.index("--setting") + 2::3],
                        strict=False))
    assert settings["default_allow_sql"] == "off" and settings["allow_download"] == "off"
    assert int(settings["max_returned_rows"]) <= 1000
    conn = sqlite3.connect(copy)
    original = sqlite3.connect(db_path)
    try:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
        count = "select count(*) from events"
        assert conn.execute(count).fetchone() == original.execute(count).fetchone()
    finally:
        conn.close()
        original.close()


def test_serve_command_prints_datasette_arguments(db_path):
    result = CliRunner().invoke(serve_command, [str(db_path), "--port", "8123", "--print-args"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("datasette serve ") and "--port 8123" in result.output
    assert " -i " not in result.output
    public = CliRunner().invoke(serve_command, [str(db_path), "--public", "--print-args"])
    assert " -i " in public.output and "default_allow_sql off" in public.output


def test_group_label_follows_precision():
    from pipeline.publish.text import group_label

    assert group_label({"precision": "day", "date_start": "2024-07-01",
                        "year_month": "2024-07"}) == "July 2024"
    assert group_label({"precision": "year", "date_start": "2024-01-01",
                        "year_month": "2024-01"}) == "Some time in 2024"
    assert group_label({"precision": None, "date_start": None, "year_month": None}) == "Undated"

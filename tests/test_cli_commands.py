"""The `dateline` commands as a batch script or a person meets them, through the CLI: exit
codes, inputs that are not documents, other programs' databases, date corrections, exports."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli_batch import write_folder
from test_publish_data import build_db

from pipeline.cli import cli
from pipeline.cli_options import EXIT_FAILED, EXIT_NO_DOCUMENTS, EXIT_USAGE


def invoke(*args: object, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder_with_a_bad_file(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")  # read first: sorted order
    write_folder(folder)
    return folder


# -- exit codes ------------------------------------------------------------------------------

def test_ingest_exits_1_after_the_summary_when_an_input_failed(tmp_path, nlp,
                                                               folder_with_a_bad_file):
    result = invoke("ingest", tmp_path / "t.db", folder_with_a_bad_file, "--quiet")
    assert result.exit_code == EXIT_FAILED, result.output
    assert "inserted:            2" in result.stdout  # --keep-going: the rest went in
    assert "EmptyFile (1)" in result.stdout
    assert "1 failed" in result.stderr


def test_ingest_strict_stops_at_the_first_failure(tmp_path, nlp, folder_with_a_bad_file):
    result = invoke("ingest", tmp_path / "t.db", folder_with_a_bad_file, "--quiet",
                    "--strict")
    assert result.exit_code == EXIT_FAILED, result.output
    assert "inserted:            0" in result.stdout
    assert "stopped at the first failure" in result.stdout
    runs = sqlite3.connect(tmp_path / "t.db").execute("select status from runs").fetchall()
    assert runs == [("stopped",)]


def test_ingest_without_failures_exits_0(tmp_path, nlp):
    result = invoke("ingest", tmp_path / "t.db", write_folder(tmp_path / "in"), "--quiet")
    assert result.exit_code == 0, result.output


def test_analyze_exits_1_when_a_document_failed_and_strict_stops(tmp_path, nlp,
                                                                   folder_with_a_bad_file):
    going = invoke("analyze", folder_with_a_bad_file, "--json")
    assert going.exit_code == EXIT_FAILED
    assert len(going.stdout.splitlines()) == 3 and "1 failed" in going.stderr
    strict = invoke("analyze", folder_with_a_bad_file, "--json", "--strict")
    assert strict.exit_code == EXIT_FAILED
    assert len(strict.stdout.splitlines()) == 1 and "--strict" in strict.stderr


# -- inputs that are not documents -------------------------------------------------------------

def test_analyze_a_missing_path_is_a_usage_error_not_a_text(tmp_path, monkeypatch):
    import pipeline.nlp

    monkeypatch.setattr(pipeline.nlp, "load_model", lambda *a, **k: pytest.fail("loaded"))
    result = invoke("analyze", tmp_path / "no-such-story.txt")
    assert result.exit_code == EXIT_USAGE
    assert "does not exist" in result.output and "--text" in result.output


def test_analyze_takes_text_and_standard_input(nlp):
    given = invoke("analyze", "--text", "Halden Water said on Tuesday it would act.",
                   "--published", "2025-03-06", "--json")
    assert given.exit_code == 0, given.output
    assert '"published_source": "argument"' in given.stdout
    piped = invoke("analyze", "-", "--json", input="Orbis Cloud said it would end support.")
    assert piped.exit_code == 0 and "Orbis Cloud" in piped.stdout
    nothing = invoke("analyze")
    assert nothing.exit_code == EXIT_USAGE and "--text" in nothing.output


def test_api_treats_a_missing_file_name_as_an_error(nlp):
    from pipeline.api import analyze

    record = analyze("reports/no-such-brief.txt")
    assert record.errors[0]["type"] == "FileNotFound"
    assert record.document.text == ""
    text = analyze("Halden Water said it would act.")
    assert not text.errors and text.document.text.startswith("Halden")


def test_empty_folder_says_no_documents_found(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text("not read", encoding="utf-8")
    for args in (["ingest", tmp_path / "t.db", empty, "--quiet"], ["analyze", empty]):
        result = invoke(*args)
        assert result.exit_code == EXIT_NO_DOCUMENTS, result.output
        assert "no documents found" in result.stderr


def test_export_unknown_actor_says_so_and_writes_the_csv_header(tmp_path):
    db = build_db(tmp_path / "timeline.db")
    result = invoke("export", db, "--format", "csv", "--actor", "Nobody Industries")
    assert result.exit_code == 0
    assert "no actor matches 'Nobody Industries'" in result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert {"date_start", "actor_id", "content"} <= set(header)
    known = invoke("export", db, "--format", "csv", "--actor", "NHSE")
    assert "no actor matches" not in known.stderr


def test_export_ics_counts_the_events_it_writes(tmp_path):
    db = build_db(tmp_path / "timeline.db")
    out = tmp_path / "planned.ics"
    planned = invoke("export", db, "--format", "ics", "--role", "planned", "-o", out)
    assert planned.exit_code == 0
    written = out.read_bytes().count(b"BEGIN:VEVENT")
    assert f"{written} events written" in planned.stderr
    assert "planned events left out" in planned.stderr
    deadlines = invoke("export", db, "--format", "ics", "-o", out)
    count = out.read_bytes().count(b"BEGIN:VEVENT")
    assert count > 0 and f"{count} events written to" in deadlines.stderr


# -- other people's databases ------------------------------------------------------------------

@pytest.fixture
def foreign_db(tmp_path) -> Path:
    path = tmp_path / "accounts.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table invoices (id integer primary key, amount real)")
    conn.execute("insert into invoices (amount) values (12.5)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("command", [
    ["serve", "{db}", "--print-args"],
    ["export", "{db}", "--format", "csv"],
    ["reprocess", "{db}"],
    ["ingest", "{db}", "{input}"],
])
def test_other_programs_databases_are_refused_untouched(tmp_path, foreign_db, command):
    before = digest(foreign_db)
    folder = write_folder(tmp_path / "in")
    result = invoke(*[part.format(db=foreign_db, input=folder) for part in command])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "another program" in result.output and "invoices" in result.output
    assert "Nothing was changed" in result.output
    assert digest(foreign_db) == before
    assert not Path(f"{foreign_db}-wal").exists()


@pytest.mark.parametrize("command", ["serve", "export", "reprocess", "ingest"])
def test_a_file_that_is_not_sqlite_gives_one_line(tmp_path, command):
    notes = tmp_path / "notes.db"
    notes.write_text("meeting notes, not a database\n", encoding="utf-8")
    extra = {"export": ["--format", "csv"], "ingest": [write_folder(tmp_path / "in")]}
    result = invoke(command, notes, *extra.get(command, []))
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and f"'{notes}' is not a SQLite database" in errors[0]
    assert notes.read_text(encoding="utf-8") == "meeting notes, not a database\n"


def test_serve_still_opens_a_dateline_database(tmp_path):
    db = build_db(tmp_path / "timeline.db")
    result = invoke("serve", db, "--print-args")
    assert result.exit_code == 0 and result.stdout.startswith("datasette serve")


# -- correcting a stored publication date --------------------------------------------------------

def stored_dates(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select d.source, d.published, d.published_source,"
        " (select group_concat(e.date_start, ',') from"
        "   (select date_start from events where document_id = d.id order by date_start) e)"
        " from documents d").fetchall()
    conn.close()
    return {Path(source).name: tuple(rest) for source, *rest in rows}


def test_reprocess_published_corrects_the_selected_documents(tmp_path, nlp):
    db = tmp_path / "t.db"
    folder = write_folder(tmp_path / "in")
    assert invoke("ingest", db, folder, "--quiet", "--published", "2025-03-05").exit_code == 0
    before = stored_dates(db)
    refused = invoke("reprocess", db, "--published", "2025-06-11")
    assert refused.exit_code == EXIT_USAGE and "--where" in refused.output
    fixed = invoke("reprocess", db, "--where", "source like '%halden%'",
                   "--published", "11 June 2025", "--quiet")
    assert fixed.exit_code == 0, fixed.output
    assert "re-extracted:        1" in fixed.stdout
    after = stored_dates(db)
    assert after["orbis.txt"] == before["orbis.txt"]
    published, source, event_dates = after["halden.txt"]
    assert (published, source) == ("2025-06-11", "argument")
    # "on Tuesday" and the undated request now hang on the corrected date, not the old one
    assert "2025-06-10" in event_dates and "2025-06-11" in event_dates
    assert "2025-03-04" in before["halden.txt"][2] and "2025-03" not in event_dates


def test_reingest_with_another_published_date_redates_the_stored_text(tmp_path, nlp):
    db = tmp_path / "t.db"
    folder = write_folder(tmp_path / "in")
    assert invoke("ingest", db, folder, "--quiet", "--published", "2025-03-05").exit_code == 0
    again = invoke("ingest", db, folder, "--quiet", "--published", "2025-06-11")
    assert again.exit_code == 0, again.output
    assert "re-dated:            2" in again.stdout
    assert {value[:2] for value in stored_dates(db).values()} == {("2025-06-11", "argument")}
    same = invoke("ingest", db, folder, "--quiet", "--published", "2025-06-11")
    assert "re-dated" not in same.stdout and "skipped (unchanged): 2" in same.stdout
    documents = sqlite3.connect(db).execute("select count(*) from documents").fetchone()
    assert documents == (2,)

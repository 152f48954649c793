"""Batch ingestion: incremental skips before NLP, typed errors, summary, progress, runs."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import reuters_sample
from robust_harness import python_named_errors

from pipeline.batch import BatchSummary, ingest_command, ingest_paths
from pipeline.batch.progress import Progress
from pipeline.store import Store

REUTERS_MAP = {"date": "published"}


def table_counts(db: Path) -> dict[str, int]:
    return {name: count for name, count in Store(db).counts().items() if name != "runs"}


@pytest.fixture
def pipe_calls(monkeypatch):
    """How many texts reach spaCy: wraps pipeline.nlp.pipe, which the batch calls."""
    import pipeline.nlp

    calls = {"texts": 0}
    real_pipe = pipeline.nlp.pipe

    def counting_pipe(nlp, items, **kwargs):
        def counted():
            for item in items:
                calls["texts"] += 1
                yield item
        yield from real_pipe(nlp, counted(), **kwargs)

    monkeypatch.setattr(pipeline.nlp, "pipe", counting_pipe)
    return calls


def test_rerun_skips_stored_texts_before_nlp(tmp_path, pipe_calls):
    corpus = reuters_sample(tmp_path, 12)
    db = tmp_path / "t.db"
    first = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    stored = Store(db).db.execute("select count(*) from documents").fetchone()[0]
    assert first.read == 12 and first.inserted == stored > 0
    assert first.inserted + first.unchanged == first.read  # Reuters repeats some stories
    assert pipe_calls["texts"] == first.inserted
    assert first.events == Store(db).db.execute("select count(*) from events").fetchone()[0]
    before = table_counts(db)

    pipe_calls["texts"] = 0
    second = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    assert pipe_calls["texts"] == 0  # nothing reached spaCy
    assert (second.read, second.unchanged, second.inserted, second.words) == (12, 12, 0, 0)
    assert table_counts(db) == before


def test_changed_story_becomes_new_version(tmp_path):
    corpus = reuters_sample(tmp_path, 3)
    db = tmp_path / "t.db"
    ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    lines = corpus.read_text(encoding="utf-8").splitlines()
    story = json.loads(lines[1])
    story["text"] += "\nThe company said on Monday it would appeal."
    lines[1] = json.dumps(story)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    assert (summary.new_version, summary.unchanged, summary.inserted) == (1, 2, 0)
    versions = Store(db).db.execute(
        "select version, is_latest from documents where source_key like ? order by version",
        [f"%#{story['id']}"]).fetchall()
    assert versions == [(1, 0), (2, 1)]


def test_bad_inputs_get_typed_rows_and_the_batch_goes_on(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-notice.txt").write_text(
        "Acme Systems told customers on Friday to install the patch by 5 July.\n",
        encoding="utf-8")
    (inbox / "a-notice.meta.json").write_text(
        json.dumps({"title": "Patch notice", "published": "2024-07-01"}), encoding="utf-8")
    (inbox / "b-empty.txt").write_bytes(b"")
    (inbox / "c-binary.txt").write_bytes(bytes(range(256)) * 8)
    (inbox / "d-items.jsonl").write_text(
        json.dumps({"text": "Globex said on Tuesday it had fixed the fault.",
                    "published": "2024-07-02"}) + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "t.db"
    # Something already stored must survive a batch full of bad input.
    earlier = ingest_paths(db, [inbox / "a-notice.txt"], progress="off")
    assert earlier.inserted == 1

    summary = ingest_paths(db, [inbox], progress="off")
    assert summary.unchanged == 1 and summary.inserted == 1  # the good JSON line
    assert summary.failed == 3
    rows = Store(db).db.execute(
        "select path, stage, error_type, run_id from ingest_errors order by path").fetchall()
    assert [Path(r[0]).name for r in rows] == ["b-empty.txt", "c-binary.txt", "d-items.jsonl"]
    assert all(r[1] and r[2] for r in rows) and {r[3] for r in rows} == {summary.run_id}
    assert {e["error_type"] for e in summary.errors} == {r[2] for r in rows}
    assert Store(db).db.execute("select count(*) from documents").fetchone()[0] == 2
    assert Store(db).integrity_ok()


@pytest.mark.parametrize("mode", ["inline", "processes"])
def test_failing_extraction_is_recorded_and_stored_for_reprocessing(tmp_path, monkeypatch,
                                                                     mode):
    import pipeline.extract

    real_extract = pipeline.extract.extract

    def fragile_extract(document, doc, **kwargs):
        if "cocoa" in document.text.lower():
            raise ValueError("extractor tripped on cocoa")
        return real_extract(document, doc, **kwargs)

    monkeypatch.setattr(pipeline.extract, "extract", fragile_extract)
    corpus = reuters_sample(tmp_path, 6)  # story 1 is the Bahia cocoa review
    db = tmp_path / "t.db"
    # With spaCy in a child process, extraction still runs here, where the patch applies.
    summary = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off", pipeline=mode)
    assert summary.pipeline == mode
    cocoa = sum("cocoa" in json.loads(line)["text"].lower()
                for line in corpus.read_text(encoding="utf-8").splitlines())
    assert summary.failed == cocoa >= 1
    assert summary.inserted == summary.read - summary.unchanged
    errors = Store(db).db.execute(
        "select e.stage, e.error_type, d.errors from ingest_errors e"
        " join documents d on d.id = e.raw_sha256").fetchall()
    assert len(errors) == cocoa
    # Python's exception names never type a row: ours does, with Python's name in the text.
    assert all(stage == "extract" and kind == "ExtractionFailed"
               and "ValueError: extractor tripped on cocoa" in stored
               for stage, kind, stored in errors)
    assert not python_named_errors(db)


def test_catch_all_failures_get_our_type_with_pythons_name_in_the_message() -> None:
    from pipeline.batch.work import ExtractionFailed, ExtractionTimeout, typed_failure
    from pipeline.ingest.base import IngestFailure

    assert typed_failure(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
                         "ExtractionFailed") == (
        "ExtractionFailed", "UnicodeEncodeError: 'utf-8' codec can't encode character "
        "'\\ud800' in position 0: surrogates not allowed")
    assert typed_failure(KeyError(), "LinkFailed") == ("LinkFailed", "KeyError")
    # Our own errors keep their names; time limits are one type whatever the stage.
    assert typed_failure(IngestFailure("read", "ReadError", "gone"), "X") == ("ReadError", "gone")
    assert typed_failure(ExtractionFailed("odd"), "X") == ("ExtractionFailed", "odd")
    assert typed_failure(ExtractionTimeout("slow"), "X") == ("Timeout", "slow")


def test_long_text_is_processed_in_pieces_with_a_warning_row(tmp_path, monkeypatch):
    import pipeline.nlp

    monkeypatch.setattr(pipeline.nlp, "MAX_PIECE_CHARS", 400)
    paragraph = ("Acme Systems said on Monday that it would replace the servers. "
                 "Its engineers told clinics the work would finish by Friday.\n\n")
    (tmp_path / "long.txt").write_text(paragraph * 12, encoding="utf-8")
    db = tmp_path / "t.db"
    summary = ingest_paths(db, [tmp_path / "long.txt"], published="2024-07-01",
                           progress="off")
    assert summary.inserted == 1 and summary.failed == 0 and summary.warnings == 1
    row = Store(db).db.execute(
        "select stage, error_type, severity from ingest_errors").fetchall()
    assert row == [("nlp", "TextSplit", "warning")]


def test_runs_record_version_model_config_counts_and_timings(tmp_path):
    corpus = reuters_sample(tmp_path, 4)
    db = tmp_path / "t.db"
    summary = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    row = Store(db).db.execute(
        "select command, pipeline_version, model, config_hash, counts, seconds, words, status"
        " from runs where id = ?", [summary.run_id]).fetchone()
    from pipeline import __version__

    assert row[:4] == ("ingest", __version__, summary.model, summary.config_hash)
    assert json.loads(row[4])["inserted"] == summary.inserted
    assert row[5] > 0 and row[6] == summary.words > 0 and row[7] == "finished"


def test_cli_prints_the_summary_per_outcome(tmp_path):
    corpus = reuters_sample(tmp_path, 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "t.db"
    runner = CliRunner()
    args = [str(db), str(corpus), str(tmp_path / "empty.txt"), "--map", "date=published",
            "--quiet"]
    result = runner.invoke(ingest_command, args)
    assert result.exit_code == 1, result.output  # a failed input: exit 1 after the summary
    assert "Documents read:        3" in result.output
    assert "Failed:                1" in result.output and "EmptyFile" in result.output
    assert "Seconds:" in result.output and "Events:" in result.output
    again = runner.invoke(ingest_command, args + ["--json"])
    data = json.loads(again.stdout.strip().splitlines()[-1])
    assert data["unchanged"] == 3 and data["inserted"] == 0


def test_progress_draws_a_bar_on_a_terminal_and_log_lines_on_a_pipe():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar_stream = Terminal()
    bar = Progress(total_bytes=1000, stream=bar_stream)
    for _ in range(4):
        bar.read(100)
    bar.advance(documents=3, words=600, errors=1)
    # 400 of 1000 bytes read, 3 of the 4 documents read are done.
    assert bar.fraction() == pytest.approx(0.4 * 3 / 4)
    bar.file_done(1000)
    assert bar.fraction() == pytest.approx(3 / 4)  # the file is read; one document to go
    bar.close()
    drawn = bar_stream.getvalue()
    assert bar.mode == "bar" and "\r[" in drawn and "3 documents" in drawn
    assert "words/s" in drawn and "1 errors" in drawn and "done in" in drawn

    pipe_stream = io.StringIO()
    log = Progress(total_bytes=1000, stream=pipe_stream, log_every=0.0)
    log.read(100)
    log.advance(documents=1, words=10)
    log.read(100)
    log.advance(documents=1, words=10)
    log.close()
    lines = pipe_stream.getvalue().splitlines()
    assert log.mode == "log" and "\r" not in pipe_stream.getvalue()
    assert lines and all(line.startswith("ingest: ") for line in lines)
    assert lines[-1].startswith("ingest: 2 documents")


def test_summary_counts_every_error_but_keeps_a_bounded_list():
    summary = BatchSummary()
    for number in range(1500):
        summary.add_issue({"path": f"f{number}", "stage": "read", "error_type": "EmptyFile",
                           "message": "empty", "severity": "error"})
    summary.add_issue({"path": "x", "stage": "nlp", "error_type": "TextSplit",
                       "message": "long", "severity": "warning"})
    assert summary.failed == 1500 and summary.warnings == 1 and len(summary.errors) == 1000
    assert "EmptyFile (1500)" in summary.format()


def test_database_stays_consistent_with_sqlite(tmp_path):
    corpus = reuters_sample(tmp_path, 3)
    db = tmp_path / "t.db"
    ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off")
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma foreign_key_check").fetchall() == []


@pytest.mark.parametrize("mode", ["inline", "processes"])
def test_extraction_that_never_ends_costs_one_timeout_row(tmp_path, monkeypatch, mode):
    import pipeline.batch.work
    import pipeline.extract

    real_extract = pipeline.extract.extract

    def looping_extract(document, doc, **kwargs):
        while "cocoa" in document.text.lower():  # a rule stuck on an odd parse
            pass
        return real_extract(document, doc, **kwargs)

    monkeypatch.setattr(pipeline.extract, "extract", looping_extract)
    monkeypatch.setattr(pipeline.batch.work, "EXTRACT_TIMEOUT", 1.0)
    corpus = reuters_sample(tmp_path, 3)  # story 1 is about cocoa, 2 and 3 are not
    db = tmp_path / "t.db"
    summary = ingest_paths(db, [corpus], field_map=REUTERS_MAP, progress="off", pipeline=mode)
    assert summary.failed == 1 and summary.inserted == 3
    assert list(summary.reasons) == ["Timeout"]
    rows = Store(db).db.execute("select stage, error_type from ingest_errors").fetchall()
    assert rows == [("extract", "Timeout")]
    # The stuck document is stored with its error, so `reprocess` retries it later.
    assert Store(db).db.execute(
        "select count(*) from documents where errors like '%Timeout%'").fetchone()[0] == 1


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="auto stays inline on one core")
def test_auto_pipeline_runs_small_inputs_inline_and_large_ones_split(tmp_path, monkeypatch):
    import pipeline.batch.nlp_process as nlp_process

    assert nlp_process.choose_mode("inline", 10**9) == "inline"
    assert nlp_process.choose_mode("processes", 0) == "processes"
    assert nlp_process.choose_mode("auto", nlp_process.AUTO_MIN_BYTES - 1) == "inline"
    with pytest.raises(ValueError):
        nlp_process.choose_mode("threads", 0)
    corpus = reuters_sample(tmp_path, 4)
    small = ingest_paths(tmp_path / "small.db", [corpus], field_map=REUTERS_MAP,
                         progress="off")
    assert small.pipeline == "inline"
    monkeypatch.setattr(nlp_process, "AUTO_MIN_BYTES", corpus.stat().st_size)
    large = ingest_paths(tmp_path / "large.db", [corpus], field_map=REUTERS_MAP,
                         progress="off")
    assert large.pipeline == "processes" and large.inserted == small.inserted > 0
    assert table_counts(tmp_path / "large.db") == table_counts(tmp_path / "small.db")


def test_nlp_process_death_is_a_typed_error_not_a_hang(tmp_path):
    import signal

    from pipeline.batch.nlp_process import NlpProcess, NlpProcessError
    from pipeline.batch.work import load, make_config

    config = make_config()
    nlp = load(config)[0]
    child = NlpProcess(config)
    try:
        child.send(["Acme Systems said on Monday it would replace the servers."])
        docs = child.receive(nlp.vocab)
        assert [token.dep_ for token in docs[0]] == [token.dep_ for token in nlp(docs[0].text)]
        os.kill(child.process.pid, signal.SIGKILL)
        child.process.join(timeout=10)
        with pytest.raises(NlpProcessError, match="NLP process"):
            child.send(["Globex said on Tuesday it had fixed the fault."])
            child.receive(nlp.vocab)
    finally:
        child.close()

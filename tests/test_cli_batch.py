"""`dateline ingest` / `reprocess` as a batch script meets them: exit codes, summaries, timing,
the fast no-op."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ARTICLE = ("Halden Water said on Tuesday it would replace the filters at its Marsh Lane plant "
           "by 30 June 2025.\n\nThe regulator asked the company to publish a plan.\n")
NOTICE = ("Orbis Cloud will end support for version 4 of its agent on 1 September 2025. "
          "Customers must upgrade before that date.\n")


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "halden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "orbis.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def run(*args: str) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_model_label_is_read_without_loading_the_model(nlp) -> None:
    from pipeline.model_meta import model_label_unloaded
    from pipeline.nlp import model_label

    assert model_label_unloaded() == model_label(nlp)
    assert model_label_unloaded("/no/such/model") is None


@pytest.mark.parametrize("mode", ["inline", "processes"])
def test_unchanged_rerun_loads_no_model(tmp_path, monkeypatch, nlp, mode) -> None:
    folder = write_folder(tmp_path / "in")
    db = tmp_path / "t.db"
    first = run("ingest", db, folder, "--quiet")
    assert first.exit_code == 0 and "inserted:            2" in first.output

    import pipeline.batch.reextract
    import pipeline.batch.runner
    import pipeline.nlp

    def refuse(*args, **kwargs):
        raise AssertionError("the spaCy model was loaded for an unchanged re-run")

    monkeypatch.setattr(pipeline.nlp, "load_model", refuse)
    monkeypatch.setattr(pipeline.batch.runner, "acquire", refuse)
    monkeypatch.setattr(pipeline.batch.reextract, "acquire", refuse)
    again = run("ingest", db, folder, "--quiet", "--pipeline", mode)
    assert again.exit_code == 0, again.output
    assert "skipped (unchanged): 2" in again.output
    assert "Model:                 " + pipeline.nlp.model_label(nlp) in again.output
    nothing = run("reprocess", db, "--quiet", "--pipeline", mode)  # nothing is out of date
    assert nothing.exit_code == 0, nothing.output
    assert "re-extracted:        0" in nothing.output


def test_progress_line_and_summary_give_the_same_timing(tmp_path, nlp) -> None:
    folder = write_folder(tmp_path / "in")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "t.db"), str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    done = re.search(r"([\d,]+) words/s, .* done in ([\d.,]+) s", result.stderr)
    summary = re.search(r"Seconds: +([\d.,]+) \(([\d,]+) words/s\)", result.stdout)
    assert done and summary, result.output
    assert (done[2], done[1]) == summary.groups()

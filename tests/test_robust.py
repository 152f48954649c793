"""Bad input never takes the batch down (issue 19): one test per class of failure.

Every bad input is generated here and put between a good document before and after it in one
`ingest` run (a child process), on a database holding earlier documents; `check_run` then
checks the good ones are stored, the earlier rows unchanged, `integrity_check` ok, peak RSS
bounded, no row typed by a Python exception name, and the run `finished`.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from pathlib import Path

import pytest
from robust_harness import (
    check_run,
    copy_db,
    error_rows,
    good_text,
    query,
    run_ingest,
    snapshot,
)

from pipeline.document import storable_path


@pytest.fixture(scope="module")
def earlier_db(tmp_path_factory) -> tuple[Path, dict[str, list]]:
    """A database holding two earlier documents, built once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("earlier")
    for tag in ("eastern", "western"):
        (folder / f"earlier-{tag}.txt").write_text(good_text(tag))
    db = folder / "earlier.db"
    run = run_ingest(db, [folder])
    assert run.ok and run.output["counts"]["inserted"] == 2, run.output
    return db, snapshot(db)


def between_goods(folder: Path, tag: str) -> list[str]:
    """A good document sorting before every bad input ('a-…') and one after ('z-…')."""
    folder.mkdir(exist_ok=True)
    names = [f"a-good-{tag}.txt", f"z-good-{tag}.txt"]
    for index, name in enumerate(names):
        (folder / name).write_text(good_text(f"{tag}-{index}"))
    return names


def fresh(earlier_db, tmp_path: Path) -> tuple[Path, dict[str, list]]:
    db, rows = earlier_db
    return copy_db(db, tmp_path / "run.db"), rows


# -- 1. unencodable code points, in every field --------------------------------------------

def test_lone_surrogates_in_every_field_are_repaired_per_document(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "surrogate")
    good_lines = [json.dumps({"text": good_text(f"line {n}"), "id": f"n{n}"})
                  for n in range(20)]
    # JSON escapes make lone surrogates in any field: text, title, author, url, extra fields.
    bad = ['{"text": "The ferry operator said \\ud800 it would cut sailings.", "id": "t"}',
           '{"text": "The pier reopens in May.", "title": "Pier \\udfff", "id": "h"}',
           '{"text": "The port said it would dredge.", "author": "A \\ud83d", "id": "a",'
           ' "url": "https://example.org/\\udc80", "desk": "\\ud800"}']
    (inputs / "m-archive.jsonl").write_text("\n".join(good_lines + bad) + "\n")
    (inputs / "m-front.md").write_text('---\ntitle: "Quay \\ud800 works"\n---\n'
                                       + good_text("front matter"))
    (inputs / "m-sidecar.txt").write_text(good_text("sidecar"))
    (inputs / "m-sidecar.meta.json").write_text('{"title": "Dock \\udc00", "kind": "news"}')
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods + ["m-front.md", "m-sidecar.txt"])
    stored = query(db, "select count(*) from documents where source like '%m-archive.jsonl'")
    assert stored == [(len(good_lines) + len(bad),)]  # every line, the bad ones repaired
    titles = {t for (t,) in query(db, "select title from documents") if t}
    assert {"Pier \ufffd", "Quay \ufffd works", "Dock \ufffd"} <= titles
    assert "UnencodableText" in error_rows(db)["m-archive.jsonl"]
    # A re-run reads the same repaired texts and adds nothing.
    again = run_ingest(db, [inputs])
    assert again.ok and again.output["counts"]["inserted"] == 0, again.output


# -- 2. file names that are not UTF-8; a writer that dies -------------------------------------

def test_non_utf8_and_bidi_file_names_are_stored_losslessly(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "names")
    folder = os.fsencode(inputs)
    with open(os.path.join(folder, b"m-caf\xe9-notice.txt"), "wb") as handle:
        handle.write(good_text("latin-1 name").encode())
    with open(os.path.join(folder, b"m-caf\xe9-empty.txt"), "wb") as handle:
        handle.write(b"")  # an error row whose path is not UTF-8
    (inputs / "m-\u202etxt.exe-notice.txt").write_text(good_text("bidi name"))
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods)
    sources = {s for (s,) in query(db, "select source from documents")}
    assert str(inputs / "m-caf\\xe9-notice.txt") in sources
    assert str(inputs / "m-\\u202etxt.exe-notice.txt") in sources
    paths = {p for (p,) in query(db, "select path from ingest_errors")}
    assert str(inputs / "m-caf\\xe9-empty.txt") in paths
    assert storable_path(os.fsdecode(os.path.join(folder, b"m-caf\xe9-empty.txt"))) in paths


def test_a_failing_writer_fails_the_run_loudly_with_the_count_lost(nlp, tmp_path,
                                                                   monkeypatch):
    from pipeline.batch import runner, writer

    inputs = tmp_path / "in"
    between_goods(inputs, "writer")
    for n in range(6):
        (inputs / f"m-{n}.txt").write_text(good_text(f"writer {n}"))
    original = runner.Writer._write

    def dies_on_the_fourth(self, result):
        if result.document and (result.document.source or "").endswith("m-3.txt"):
            raise sqlite3.OperationalError("disk I/O error")  # the database, not one row
        return original(self, result)

    monkeypatch.setattr(runner.Writer, "_write", dies_on_the_fourth)
    monkeypatch.setattr(writer, "WRITE_BATCH", 2)
    db = tmp_path / "writer.db"
    with pytest.raises(runner.WriterFailed) as failure:
        runner.ingest_paths(db, [inputs], pipeline="inline", progress="off")
    assert failure.value.lost >= 1 and "not stored" in str(failure.value)
    ((status, counts),) = query(db, "select status, counts from runs")
    assert status == "failed" and json.loads(counts)["lost"] == failure.value.lost
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_row_the_store_refuses_costs_that_row_only(nlp, tmp_path, monkeypatch):
    from pipeline.batch import runner
    from pipeline.store import Store

    inputs = tmp_path / "in"
    goods = between_goods(inputs, "row")
    (inputs / "m-odd.txt").write_text(good_text("odd row"))
    original = Store.write

    def refuses_one(self, document, record, **kwargs):
        if (document.source or "").endswith("m-odd.txt"):
            raise TypeError("a value SQLite cannot bind")
        return original(self, document, record, **kwargs)

    monkeypatch.setattr(Store, "write", refuses_one)
    db = tmp_path / "row.db"
    summary = runner.ingest_paths(db, [inputs], pipeline="inline", progress="off")
    stored = {Path(s).name for (s,) in query(db, "select source from documents")}
    assert set(goods) <= stored and "m-odd.txt" not in stored
    assert summary.inserted == 2 and summary.failed == 1
    assert error_rows(db)["m-odd.txt"] == {"WriteFailed"}
    assert query(db, "select status from runs") == [("finished",)]


# -- 3. hangs: unterminated tags, huge texts, slow parses -------------------------------------

@pytest.mark.slow
def test_unterminated_tag_in_a_5_mb_attribute_costs_linear_time(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "attribute")
    page = (b"<html><body><article><p>The pier reopens in May.</p><p title=\""
            + b"<a" * (5 * 1024 * 1024 // 2) + b"</article></body></html>")
    (inputs / "m-attribute.html").write_bytes(page)
    run = run_ingest(db, [inputs], timeout=120)
    check_run(run, db, earlier, goods)
    print(f"5 MB unterminated attribute: {run.seconds:.1f} s, peak {run.peak_rss_mb:.0f} MB")


def test_nesting_check_is_linear_and_skips_comments_and_scripts():
    from pipeline.ingest.html import nesting_depth

    assert nesting_depth("<p title=\"" + "<a" * 500_000) == 0  # quadratic before: minutes
    assert nesting_depth("<!--" * 200_000) == 0
    commented = "<body><!--" + "<div>" * 10_000 + "--><div><div>x</div></div></body>"
    assert nesting_depth(commented) == 2
    assert nesting_depth("<div><script>var s = '<div><div><div>';</script></div>") == 2
    assert nesting_depth("<div>" * 30 + "</div>" * 30) == 30


def test_huge_texts_are_typed_too_large_rows(earlier_db, tmp_path):
    from pipeline.ingest.base import MAX_TEXT_CHARS

    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "huge")
    paragraph = "The council said the pier would reopen in May after repairs to its deck. "
    (inputs / "m-30mb.txt").write_text((paragraph * 12 + "\n\n") * 34_000)  # ~30 MB
    line = json.dumps({"text": paragraph * (MAX_TEXT_CHARS // len(paragraph) + 10)})
    (inputs / "m-long-line.jsonl").write_text(line + "\n" + json.dumps(
        {"text": good_text("short line")}) + "\n")
    run = run_ingest(db, [inputs], timeout=120)
    check_run(run, db, earlier, goods + ["m-long-line.jsonl"])
    errors = error_rows(db)
    assert errors["m-30mb.txt"] == {"TooLarge"} and errors["m-long-line.jsonl"] == {"TooLarge"}
    print(f"30 MB text: {run.seconds:.1f} s, peak {run.peak_rss_mb:.0f} MB")


@pytest.mark.slow
@pytest.mark.parametrize("arrangement", ["inline", "processes"])
def test_nlp_time_limit_gives_a_timeout_row(earlier_db, tmp_path, arrangement):
    from pipeline.nlp import MAX_PIECE_CHARS

    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, f"nlp-{arrangement}")
    paragraph = "The council said the pier would reopen in May after repairs to its deck. "
    (inputs / "m-long.txt").write_text(
        "Long report\n\n" + (paragraph * 10 + "\n\n") * (MAX_PIECE_CHARS // 700))
    run = run_ingest(db, [inputs], pipeline=arrangement, timeout=180,
                     env={"DATELINE_NLP_TIMEOUT": "0.5"})
    check_run(run, db, earlier, goods + ["m-long.txt"])  # kept, with its failure recorded
    rows = query(db, "select stage, error_type from ingest_errors where path like '%m-long%'"
                 " and severity = 'error'")
    assert rows == [("nlp", "Timeout")]


# -- 4. memory bombs --------------------------------------------------------------------------

def _laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 "lol"']
    for level in range(1, levels):
        items = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{items}]")
    return "\n".join(lines) + f"\ntitle: *l{levels - 1}\n"


def test_memory_bombs_in_metadata_and_headers_are_refused(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "bombs")
    (inputs / "m-laughs.md").write_text(f"---\n{_laughs()}---\n" + good_text("laughs"))
    subject = " ".join(f"=?utf-8?q?w{n}?=" for n in range(20_000))
    (inputs / "m-subject.eml").write_text(
        f"From: Ops <ops@vendor.example>\nSubject: {subject}\n"
        "Date: Mon, 1 Jul 2024 09:00:00 +0000\n\nThe service closes on Friday.\n")
    fields = "".join(f"X-Note-{n}: {n}\n" for n in range(5000))
    (inputs / "m-fields.eml").write_text(
        f"From: Ops <ops@vendor.example>\nSubject: Notice\n{fields}\nThe depot closes.\n")
    (inputs / "m-big-sidecar.txt").write_text(good_text("big sidecar"))
    (inputs / "m-big-sidecar.meta.json").write_text(json.dumps(
        {"title": "Pier " * 50_000, "author": ["A"] * 50_000, "publisher": {"a": [1] * 9}}))
    (inputs / "m-deep.jsonl").write_text("[" * 200_000 + "\n"
                                         + json.dumps({"text": good_text("deep")}) + "\n")
    run = run_ingest(db, [inputs], timeout=180)
    check_run(run, db, earlier, goods + ["m-big-sidecar.txt", "m-deep.jsonl"])
    errors = error_rows(db)
    assert errors["m-laughs.md"] == {"MalformedFrontMatter"}
    assert errors["m-subject.eml"] == errors["m-fields.eml"] == {"HeaderTooLarge"}
    ((title, author, publisher),) = query(
        db, "select title, author, publisher from documents where source like '%big-sidecar%'")
    assert len(title) <= 2000 and len(author) <= 2000 and publisher is None
    print(f"memory bombs: {run.seconds:.1f} s, peak {run.peak_rss_mb:.0f} MB")


# -- 5. links that leave the folder -------------------------------------------------------------

def test_symlinks_leaving_the_folder_are_refused_with_a_row(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "links")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(good_text("private outside"))
    (inputs / "m-secret.txt").symlink_to(outside / "secret.txt")
    (inputs / "m-folder").symlink_to(outside, target_is_directory=True)
    (inputs / "m-inside.txt").symlink_to(inputs / goods[0])  # inside: an ordinary file
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods)
    errors = error_rows(db)
    assert errors["m-secret.txt"] == errors["m-folder"] == {"LinkOutsideFolder"}
    texts = " ".join(t for (t,) in query(db, "select text from documents"))
    assert "private outside" not in texts
    # Named on the command line, the same link is the user's choice.
    again = run_ingest(db, [inputs / "m-secret.txt"])
    assert again.ok and again.output["counts"]["inserted"] == 1


# -- 6. bidi controls in every CSV --------------------------------------------------------------

def test_bidi_controls_reach_no_csv(earlier_db, tmp_path):
    import asyncio
    import csv
    import io

    from datasette.app import Datasette

    from pipeline.publish.export import export_rows, render
    from pipeline.publish.metadata import SETTINGS, build_metadata
    from pipeline.publish.queries import TimelineFilter

    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "bidi")
    (inputs / "m-\u202egpj.exe").write_text("")  # an error row named with an override
    (inputs / "m-\u2067notice\u2069.txt").write_text(good_text("isolate"))
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods)
    bidi = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    # A hostile title reaches the timeline export through a document's title.
    exported = render(export_rows(db, TimelineFilter()), "csv").decode()
    assert "isolate" in exported and not bidi & set(exported)
    ds = Datasette([str(db)], metadata=build_metadata("run"), settings=SETTINGS)
    for path in ("/run/ingest_errors.csv", "/run/documents.csv?_col=source",
                 "/run.csv?sql=select+path,+char(8238)+||+'x'+as+y+from+ingest_errors",
                 "/run/timeline.csv"):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200, path
        cells = [c for row in csv.reader(io.StringIO(response.text)) for c in row]
        assert cells and not bidi & set("".join(cells)), path


# -- 7. files that vanish between listing and reading ------------------------------------------

def test_a_file_deleted_after_listing_gets_a_file_not_found_row(nlp, tmp_path, monkeypatch):
    import pipeline.ingest as ingest
    from pipeline.batch import ingest_paths

    inputs = tmp_path / "in"
    goods = between_goods(inputs, "vanish")
    (inputs / "m-vanishing.txt").write_text(good_text("vanishing"))
    listing = ingest._walk(inputs)  # taken while the file is there

    def then_delete(folder):
        (inputs / "m-vanishing.txt").unlink(missing_ok=True)
        return listing

    monkeypatch.setattr(ingest, "_walk", then_delete)
    db = tmp_path / "vanish.db"
    summary = ingest_paths(db, [inputs], pipeline="inline", progress="off")
    assert summary.inserted == 2 and error_rows(db)["m-vanishing.txt"] == {"FileNotFound"}
    stored = {Path(s).name for (s,) in query(db, "select source from documents")}
    assert set(goods) <= stored


# -- 8. publication dates ----------------------------------------------------------------------

def test_metadata_dates_are_kept_only_if_real_and_far_future_ones_warned(earlier_db,
                                                                         tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "dates")
    cases = {"not a date": None, "2024-13-45": None, "99999-01-01": None,
             "2024-07-01T10:00:00+25:99": None, "2024-07-01T10:00:00+01:00":
             "2024-07-01T10:00:00+01:00", "9999-12-31": "9999-12-31",
             "2999-01-01": "2999-01-01"}
    lines = [json.dumps({"text": good_text(f"dated {n}"), "published": value, "id": str(n)})
             for n, value in enumerate(cases)]
    (inputs / "m-dates.jsonl").write_text("\n".join(lines) + "\n")
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods + ["m-dates.jsonl"])
    stored = dict(query(db, "select source_key, published from documents"
                            " where source like '%m-dates.jsonl'"))
    for n, expected in enumerate(cases.values()):
        assert stored[f"{inputs / 'm-dates.jsonl'}#{n}"] == expected
    warnings = query(db, "select count(*) from ingest_errors where error_type ="
                         " 'FuturePublished' and severity = 'warning'")
    assert warnings == [(2,)]


@pytest.mark.parametrize("value", ["not a date", "2024-13-45", "99999-01-01",
                                   "2024-07-01T10:00+25:99", "9999-12-31"])
def test_published_argument_must_be_a_real_date(tmp_path, value):
    from click.testing import CliRunner

    from pipeline.batch import ingest_paths
    from pipeline.cli import cli

    (tmp_path / "a.txt").write_text(good_text("argument"))
    with pytest.raises(ValueError, match="not a real date|future"):
        ingest_paths(tmp_path / "x.db", [tmp_path], published=value, progress="off")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "y.db"), str(tmp_path),
                                      "--published", value])
    assert result.exit_code == 2 and "--published" in result.output  # a usage error
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "y.db").exists()


# -- 9. good documents that were refused -----------------------------------------------------

def test_255_byte_names_and_commented_out_markup_are_stored(earlier_db, tmp_path):
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "refused")
    long_name = "m-" + "n" * (255 - len("m-") - len(".txt")) + ".txt"
    assert len(long_name.encode()) == 255
    (inputs / long_name).write_text(good_text("long name"))
    body = "".join(f"<p>{sentence}</p>" for sentence in good_text("comment").split(". "))
    (inputs / "m-commented.html").write_text(
        "<!DOCTYPE html><html><head><title>Pier</title></head><body><!-- "
        + "<div>" * 10_000 + f" --><article>{body * 3}</article></body></html>")
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods + [long_name, "m-commented.html"])


# -- 10. loose ends -----------------------------------------------------------------------------

def test_reader_failures_are_typed_by_reader_not_python(tmp_path, monkeypatch):
    import pipeline.ingest.feed as feed
    from pipeline.ingest import read_path

    def broken(*args, **kwargs):
        raise OSError("simulated")

    monkeypatch.setattr(feed, "html_to_text", lambda value: 1 / 0)
    path = tmp_path / "feed.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                    "<title>x</title><description>The depot closes.</description></item>"
                    "</channel></rss>")
    (error,) = read_path(path)
    assert error.error_type == "MalformedFeed" and "ZeroDivisionError" in error.message
    monkeypatch.setattr(feed, "html_to_text", broken)
    (error,) = read_path(path)
    assert error.error_type == "ReadError" and "simulated" in error.message


def test_gzip_member_with_bad_name_and_gzip_text(earlier_db, tmp_path):
    """Compressed inputs go through the same guards (a surrogate inside a .jsonl.gz)."""
    db, earlier = fresh(earlier_db, tmp_path)
    inputs = tmp_path / "in"
    goods = between_goods(inputs, "gzip")
    (inputs / "m-archive.jsonl.gz").write_bytes(gzip.compress(
        b'{"text": "The ferry operator said \\ud800 it would cut sailings."}\n'))
    run = run_ingest(db, [inputs])
    check_run(run, db, earlier, goods + ["m-archive.jsonl.gz"])

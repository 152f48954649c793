"""A battery of bad inputs: each gives a typed IngestError from read_path, never an exception,
and in a batch each gets its `ingest_errors` row while good documents beside it survive.

The fixtures are generated here (binary blobs and 100 000-deep HTML have no place in git).
"""

from __future__ import annotations

import codecs
import gzip
import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.ingest import IngestError, read_path

GOOD = Path(__file__).parent / "fixtures" / "ingest" / "good"

ARTICLE = (b"<html><head><title>Pier repairs</title></head><body><article><h1>Pier repairs</h1>"
           + b"<p>The council said the pier would reopen in May after repairs to its deck. "
           * 5 + b"</p>")
FEED_ITEM = (b'<item><title>Council notice</title><link>https://council.example/n</link>'
             b"<description>The ferry terminal car park closes on Monday.</description></item>")


@dataclass
class Case:
    name: str  # file name, extension included: the extension is part of what is tested
    content: bytes | None  # None: the case builds itself (see `extra`)
    expected: str  # error_type
    kwargs: dict = field(default_factory=dict)
    documents: int = 0  # good documents the same file may still yield (mixed files)
    sidecar: str | None = None
    in_batch: bool = True  # cases needing read_path-only arguments (timeout) stay out


def _rand(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def _mime(body: str, headers: str = "From: Ops <ops@vendor-systems.example>\n"
                                     "Subject: Notice\nDate: Mon, 1 Jul 2024 09:00:00 +0000\n"
          ) -> bytes:
    return (headers + "\n" + body).encode()


CASES: list[Case] = [
    # empty
    Case("empty.txt", b"", "EmptyFile"),
    Case("whitespace.txt", b"  \n\t\n  \r\n", "EmptyFile"),
    Case("empty.html", b"", "EmptyFile"),
    Case("empty.jsonl", b"\n\n", "EmptyFile"),
    Case("newlines.md", b"\n" * 500, "EmptyFile"),
    Case("bom-only.txt", codecs.BOM_UTF8, "EmptyFile"),
    Case("empty.eml", b"", "EmptyFile"),
    Case("empty.html.gz", gzip.compress(b""), "EmptyFile"),
    Case("empty.rss", b"   ", "EmptyFile"),
    # binary with a text extension
    Case("image.txt", b"\x89PNG\r\n\x1a\n" + _rand(2000), "BinaryContent"),
    Case("report.html", b"%PDF-1.7\n" + _rand(2000), "BinaryContent"),
    Case("archive.md", b"PK\x03\x04" + _rand(2000), "BinaryContent"),
    Case("program.txt", b"\x7fELF\x02\x01\x01" + _rand(2000), "BinaryContent"),
    Case("noise.txt", _rand(4000, seed=1), "BinaryContent"),
    Case("nul-bytes.txt", b"Hello there " + b"\x00\x00\x00\x00" + b"world" * 50, "BinaryContent"),
    Case("controls.txt", bytes(range(1, 9)) * 300, "BinaryContent"),
    Case("photo.html", b"\xff\xd8\xff\xe0" + _rand(2000), "BinaryContent"),
    Case("database.jsonl", b"SQLite format 3\x00" + _rand(2000), "BinaryContent"),
    Case("image.html.gz", gzip.compress(b"\x89PNG\r\n\x1a\n" + _rand(500)), "BinaryContent"),
    Case("notice.eml", b"%PDF-1.4\n" + _rand(1000), "BinaryContent"),
    Case("feed.rss", b"\x1f\x8b", "TruncatedArchive"),
    # compression
    Case("corrupt.html.gz", b"\x1f\x8b\x08\x00" + _rand(300), "CorruptArchive"),
    Case("cut.html.gz", gzip.compress(ARTICLE * 20)[:-30], "TruncatedArchive"),
    # HTML structure
    Case("truncated.html", ARTICLE[:-40], "TruncatedHTML"),
    Case("truncated-mid-tag.htm", ARTICLE + b"<p class=\"", "TruncatedHTML"),
    Case("nested-divs.html", b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000
         + b"</body></html>", "NestingTooDeep"),
    Case("nested-unclosed.html", b"<html><body>" + b"<span><b><i>" * 3000 + b"x</body></html>",
         "NestingTooDeep"),
    Case("scripts-only.html", b"<html><head><script>var a = 1;</script></head><body>"
         b"<script>document.write('x')</script></body></html>", "NoMainText"),
    Case("empty-body.html", b"<!DOCTYPE html><html><head><title>t</title></head><body></body>"
         b"</html>", "NoMainText"),
    Case("comments-only.html", b"<html><body><!-- nothing to see --><div></div></body></html>",
         "NoMainText"),
    Case("slow.html", ARTICLE + b"</article></body></html>", "Timeout",
         kwargs={"timeout": 0.0001}, in_batch=False),
    # wrong charsets
    Case("bad-utf8-bom.txt", codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe ok", "InvalidEncoding"),
    Case("odd-utf16.txt", codecs.BOM_UTF16_LE + "text".encode("utf-16-le") + b"\x00\xd8",
         "InvalidEncoding"),
    Case("bad-utf32.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 4, "InvalidEncoding"),
    Case("bad-bom.html", codecs.BOM_UTF8 + b"<html><body><p>\xc3\x28</p></body></html>",
         "InvalidEncoding"),
    # feeds
    Case("broken.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
         b"<item><title>unterminated & broken <<", "MalformedFeed"),
    Case("no-items.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title>'
         b"</channel></rss>", "EmptyFeed"),
    Case("catalog.xml", b'<?xml version="1.0"?><catalog><book id="1"><t>x</t></book></catalog>',
         "NotAFeed"),
    Case("titles-only.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
         b"<item><title>Only a title</title></item></channel></rss>", "EmptyItem"),
    Case("mixed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
         + FEED_ITEM + b"<item><title>No text</title></item></channel></rss>", "EmptyItem",
         documents=1),
    # JSON lines
    Case("prose.jsonl", b"This is not JSON.\nNor is this.\nOr this.\nStill prose.\nThe end.\n",
         "MalformedJSON"),
    Case("arrays.jsonl", b"[1, 2, 3]\n", "NotAnObject"),
    Case("no-text.jsonl", b'{"title": "Headline only"}\n', "MissingText"),
    Case("blank-text.jsonl", b'{"text": "   \\n  "}\n', "MissingText"),
    Case("cut.jsonl", b'{"text": "The council said', "MalformedJSON"),
    Case("mixed.jsonl", b'{"text": "The council said the pier reopens in May."}\n{"text": \n',
         "MalformedJSON", documents=1),
    # e-mail
    Case("headerless.eml", b"Just some words without any headers at all.\n", "MalformedEmail"),
    Case("headers-only.eml", _mime(""), "NoMainText"),
    Case("attachment-only.eml", _mime(
        "--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
        "AAECAwQ=\n--B--\n",
        "From: Ops <ops@vendor-systems.example>\nSubject: Files\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"B\"\n"), "NoMainText"),
    # plain text
    Case("furniture-only.txt", b"Subscribe now\nSign in\nSkip to content\n", "NoMainText"),
    Case("bad-sidecar.txt", b"Headline\n\nA paragraph of body text.\n", "MalformedSidecar",
         sidecar="{not json"),
    Case("bad-front-matter.md", b"---\ntitle: [unclosed\n---\nBody text.\n",
         "MalformedFrontMatter"),
]


def build(directory: Path) -> list[tuple[Case, Path]]:
    built = []
    for case in CASES:
        path = directory / case.name
        path.write_bytes(case.content or b"")
        if case.sidecar is not None:
            path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json").write_text(case.sidecar)
        built.append((case, path))
    return built


def test_battery_size():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_typed_error(case, tmp_path):
    ((_, path),) = [(c, p) for c, p in build(tmp_path) if c is case]
    items = list(read_path(path, **case.kwargs))  # must not raise
    errors = [i for i in items if isinstance(i, IngestError)]
    documents = [i for i in items if isinstance(i, Document)]
    assert errors, f"{case.name}: no error, got {items}"
    assert {e.error_type for e in errors} == {case.expected}, errors
    assert all(e.path == str(path) and e.stage and e.message for e in errors)
    assert len(documents) == case.documents
    if case.content:
        assert errors[0].raw_sha256 and len(errors[0].raw_sha256) == 64


def test_missing_file_and_directory(tmp_path):
    (missing,) = read_path(tmp_path / "nope.txt")
    assert (missing.stage, missing.error_type, missing.raw_sha256) == ("read", "FileNotFound", None)
    (directory,) = read_path(tmp_path)
    assert directory.error_type == "NotAFile"


def test_file_over_size_limit(tmp_path, monkeypatch):
    import pipeline.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    (error,) = read_path(path)
    assert (error.stage, error.error_type) == ("read", "TooLarge")


def test_gzip_bomb_is_refused(tmp_path, monkeypatch):
    import pipeline.ingest.decode as decode

    monkeypatch.setattr(decode, "MAX_BYTES", 10_000)
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 1_000_000))
    (error,) = read_path(path)
    assert error.error_type == "TooLarge"


def test_reader_bug_becomes_error_not_exception(tmp_path, monkeypatch):
    import pipeline.ingest.text as text

    def broken(*args, **kwargs):
        raise KeyError("simulated reader bug")

    monkeypatch.setattr(text, "split_comments", broken)
    path = tmp_path / "ok.txt"
    path.write_text("Title\n\nA body paragraph that is fine.\n")
    (error,) = read_path(path)
    # Typed by the reader that failed, not by a Python exception name; the message keeps it.
    assert error.error_type == "MalformedText"
    assert "KeyError" in error.message and "simulated reader bug" in error.message
    assert "(at " in error.message  # where it happened, for the maintainer


# --- the battery through the batch writer -------------------------------------------------------

def test_battery_in_batch_keeps_good_documents(tmp_path):
    batch = pytest.importorskip("pipeline.batch", reason="pipeline.batch not available yet")
    if not hasattr(batch, "ingest_paths"):
        pytest.skip("pipeline.batch.ingest_paths not written yet")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    built = build(inputs)
    bad = [(c, p) for c, p in built if c.in_batch]
    for _, path in [(c, p) for c, p in built if not c.in_batch]:
        path.unlink()
    good_files = ["article.html", "notice.md", "vendor-notice.eml", "council.rss", "docs.jsonl"]
    for name in good_files:
        (inputs / f"good-{name}").write_bytes((GOOD / name).read_bytes())
    expected_good = sum(
        sum(isinstance(i, Document) for i in read_path(inputs / f"good-{name}"))
        for name in good_files) + sum(c.documents for c, _ in bad)

    db_path = tmp_path / "battery.db"
    summary = batch.ingest_paths(db_path, [inputs], workers=1, quiet=True)
    assert summary is not None

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT path, error_type FROM ingest_errors").fetchall()
        documents = conn.execute("SELECT source, title FROM documents").fetchall()
    errors_by_path: dict[str, set[str]] = {}
    for path, error_type in rows:
        errors_by_path.setdefault(Path(path).name, set()).add(error_type)
    for case, path in bad:
        assert case.expected in errors_by_path.get(path.name, set()), (case.name, errors_by_path)
    sources = {Path(source).name for source, _ in documents}
    for name in good_files:
        assert f"good-{name}" in sources
    assert len(documents) >= expected_good
    # Re-running the same batch adds nothing: the good documents are unchanged.
    batch.ingest_paths(db_path, [inputs], workers=1, quiet=True)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(documents)
    assert json.dumps(summary, default=str)

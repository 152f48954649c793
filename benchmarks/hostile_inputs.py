"""Time and peak memory of one `ingest` run for the largest hostile inputs (issue 19).

    .venv/bin/python benchmarks/hostile_inputs.py [--only NAME]

Each input is generated here and put between two good documents in a run of its own (a child
process; peak RSS from `os.wait4`, so the NLP child and the extraction sandbox count), and
printed with the run's seconds, peak RSS and the rows it left. The bound the tests hold
every run to is `RSS_BOUND_MB` in tests/robust_harness.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from robust_harness import RSS_BOUND_MB, good_text, query, run_ingest  # noqa: E402

from pipeline.ingest.base import MAX_TEXT_CHARS  # noqa: E402

PARAGRAPH = "The council said the pier would reopen in May after repairs to its deck. "


def attribute(folder: Path) -> None:
    (folder / "m-attribute.html").write_bytes(
        b"<html><body><article><p>The pier reopens.</p><p title=\""
        + b"<a" * (5 * 1024 * 1024 // 2) + b"</article></body></html>")


def huge_text(folder: Path) -> None:
    (folder / "m-30mb.txt").write_text((PARAGRAPH * 12 + "\n\n") * 34_000)


def largest_accepted(folder: Path) -> None:
    count = MAX_TEXT_CHARS // (len(PARAGRAPH) * 10 + 2) - 1
    (folder / "m-largest.txt").write_text("Long report\n\n" + (PARAGRAPH * 10 + "\n\n") * count)


def big_page(folder: Path) -> None:
    body = "".join(f"<p>{PARAGRAPH * 4} ({n})</p>" for n in range(60_000))
    (folder / "m-page.html").write_text(f"<html><body><article>{body}</article></body></html>")


def bombs(folder: Path) -> None:
    lines = ['l0: &l0 "lol"'] + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]"
                                 for n in range(1, 9)]
    (folder / "m-laughs.md").write_text("---\n" + "\n".join(lines) + "\ntitle: *l8\n---\n"
                                        + good_text("laughs"))
    subject = " ".join(f"=?utf-8?q?w{n}?=" for n in range(20_000))
    (folder / "m-subject.eml").write_text(f"From: a@vendor.example\nSubject: {subject}\n\nx\n")


INPUTS: dict[str, Callable[[Path], None]] = {
    "5 MB unterminated attribute": attribute,
    "30 MB text": huge_text,
    f"largest accepted text ({MAX_TEXT_CHARS} chars)": largest_accepted,
    "27 MB HTML page": big_page,
    "YAML aliases + 20k encoded words": bombs,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only inputs whose name contains this")
    args = parser.parse_args()
    print(f"{'input':42} {'seconds':>8} {'peak MB':>8}  rows")
    for name, make in INPUTS.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for tag in ("a", "z"):
                (folder / f"{tag}-good.txt").write_text(good_text(f"bench {tag}"))
            make(folder)
            db = Path(tmp) / "bench.db"
            run = run_ingest(db, [folder], timeout=1200)
            rows = query(db, "select error_type, count(*) from ingest_errors group by 1")
            stored = query(db, "select count(*) from documents")[0][0]
            print(f"{name:42} {run.seconds:8.1f} {run.peak_rss_mb:8.0f}  "
                  f"{stored} documents, rows {json.dumps(dict(rows))}"
                  + ("" if run.ok else f"  FAILED: {run.output.get('error')}")
                  + ("  OVER BOUND" if run.peak_rss_mb >= RSS_BOUND_MB else ""))


if __name__ == "__main__":
    main()

"""Ingest throughput: documents per second for each reader.

    .venv/bin/python benchmarks/ingest_throughput.py [--html-pages N] [--repeat N] [--json]

- jsonl: ../shared/data/reuters21578.jsonl and rustsec.jsonl through `--map date=published`;
- html: pages of ../shared/data/article-extraction-benchmark/html (sandboxed extraction
  included) and the HTML fixtures;
- text: the seed capture and the text fixtures; email and feed: their fixtures.

Small fixture sets are read `--repeat` times so the timing is not just noise. Everything goes
through `read_path`, exactly as a batch does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
FIXTURES = REPO / "tests" / "fixtures" / "ingest" / "good"
sys.path.insert(0, str(REPO))

from pipeline.document import Document  # noqa: E402
from pipeline.ingest import IngestError, read_path, reader_for  # noqa: E402


def run(label: str, paths: list[Path], repeat: int = 1, field_map: dict | None = None,
        ) -> dict:
    documents = errors = 0
    words = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for path in paths:
            for item in read_path(path, field_map=field_map):
                if isinstance(item, Document):
                    documents += 1
                    words += len(item.text.split())
                elif isinstance(item, IngestError):
                    errors += 1
    seconds = time.perf_counter() - started
    return {"set": label, "files": len(paths) * repeat, "documents": documents,
            "errors": errors, "words": words, "seconds": round(seconds, 3),
            "docs_per_second": round(documents / seconds, 1) if seconds else None}


def fixtures(reader: str) -> list[Path]:
    return [p for p in sorted(FIXTURES.iterdir())
            if not p.name.endswith(".meta.json") and reader_for(p, p.read_bytes()) == reader]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html-pages", type=int, default=60,
                        help="benchmark pages to read (0: all)")
    parser.add_argument("--repeat", type=int, default=20, help="passes over small fixture sets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results = []
    date_map = {"date": "published"}
    for name in ("reuters21578.jsonl", "rustsec.jsonl"):
        path = SHARED / "data" / name
        if path.exists():
            results.append({"reader": "jsonl", **run(name, [path], field_map=date_map)})
    results.append({"reader": "jsonl", **run("fixtures", fixtures("jsonl"), args.repeat,
                                             field_map={"date": "published"})})
    pages = sorted((SHARED / "data" / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    if pages:
        pages = pages[: args.html_pages] if args.html_pages else pages
        list(read_path(pages[0]))  # start the extraction sandbox outside the timing
        results.append({"reader": "html", **run("article-extraction-benchmark", pages)})
    results.append({"reader": "html", **run("fixtures", fixtures("html"), args.repeat)})
    text = fixtures("text")
    seed = SHARED / "corpus" / "seed" / "pulse-gp-connect-2024-07-01.txt"
    if seed.exists():
        text.append(seed)
    results.append({"reader": "text", **run("fixtures + seed", text, args.repeat)})
    results.append({"reader": "email", **run("fixtures", fixtures("email"), args.repeat)})
    results.append({"reader": "feed", **run("fixtures", fixtures("feed"), args.repeat)})

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'reader':<7} {'set':<30} {'files':>6} {'docs':>7} {'errors':>6} {'seconds':>8} "
          f"{'docs/s':>9}")
    for r in results:
        print(f"{r['reader']:<7} {r['set']:<30} {r['files']:>6} {r['documents']:>7} "
              f"{r['errors']:>6} {r['seconds']:>8.2f} {r['docs_per_second']:>9}")


if __name__ == "__main__":
    main()

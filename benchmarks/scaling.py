"""Ingest time and database size at 1k, 5k and 19k Reuters stories.

    .venv/bin/python benchmarks/scaling.py [--sizes 1000,5000,19043] [--fresh] [--workers N]
        [--pipeline auto|inline|processes]

By default one database grows through the checkpoints (the first 1k stories, then the next
4k, then the rest), which costs one 19k ingest instead of 25k and shows whether the cost per
document stays flat as the database grows (it would not if a write scanned what is already
stored). `--fresh` ingests each size into a new database instead. Prints a Markdown table
for docs/scaling.md. Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
REUTERS = REPO.parent / "shared" / "data" / "reuters21578.jsonl"


def slice_corpus(target: Path, start: int, stop: int) -> Path:
    with REUTERS.open(encoding="utf-8") as lines:
        target.write_text("".join(islice(lines, start, stop)), encoding="utf-8")
    return target


def db_size(db: Path) -> int:
    conn = sqlite3.connect(db)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,19043")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--pipeline", choices=["auto", "inline", "processes"], default="auto")
    parser.add_argument("--keep", type=Path, help="directory to keep the database(s) in")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from pipeline.batch.runner import DEFAULT_WORKERS, ingest_paths
    from pipeline.nlp import load_model

    load_model()  # not part of any checkpoint's time
    workers = args.workers or DEFAULT_WORKERS
    rows = []
    with tempfile.TemporaryDirectory(prefix="dateline-scaling-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        total_seconds, done, total_words, total_events = 0.0, 0, 0, 0
        db = folder / "scaling.db"
        for size in sizes:
            if args.fresh:
                db = folder / f"scaling-{size}.db"
                start, total_seconds, total_words, total_events = 0, 0.0, 0, 0
            else:
                start = done
            corpus = slice_corpus(folder / f"reuters-{start}-{size}.jsonl", start, size)
            started = time.monotonic()
            summary = ingest_paths(db, [corpus], field_map={"date": "published"},
                                   workers=workers, progress="log", pipeline=args.pipeline)
            seconds = time.monotonic() - started
            total_seconds += seconds
            total_words += summary.words
            total_events += summary.events
            done = size
            conn = sqlite3.connect(db)
            documents = conn.execute("select count(*) from documents").fetchone()[0]
            events = conn.execute("select count(*) from events").fetchone()[0]
            conn.close()
            size_mb = db_size(db) / 1e6
            # Each process's own peak: the NLP child (when there is one) is counted apart.
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append((size, documents, events, total_words, total_seconds, size_mb,
                         seconds / max(summary.read, 1) * 1000, rss))
            print(f"checkpoint {size}: {documents} documents, {events} events, "
                  f"{total_seconds:.0f} s, {size_mb:.1f} MB, "
                  f"{seconds / max(summary.read, 1) * 1000:.0f} ms/doc in this step, "
                  f"peak RSS {rss:.0f} MB", flush=True)
            corpus.unlink()
    print()
    print("| stories | documents | events | words | seconds | words/s | DB size |"
          " MB per 1k docs | ms/doc (this step) | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, documents, events, words, seconds, size_mb, per_doc, rss in rows:
        print(f"| {size:,} | {documents:,} | {events:,} | {words:,} | {seconds:,.0f} |"
              f" {words / seconds:,.0f} | {size_mb:,.1f} MB | {size_mb / documents * 1000:.1f}"
              f" | {per_doc:.0f} | {rss:,.0f} MB |")


if __name__ == "__main__":
    main()

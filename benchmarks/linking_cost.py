"""The link stage's cost as a share of ingest time, on Reuters stories (target < 10%).

    .venv/bin/python benchmarks/linking_cost.py [--sample 1000] [--scale 19043] [--batch 1000]
    .venv/bin/python benchmarks/linking_cost.py --real --sizes 1000,5000,19043

Default (a shared machine cannot afford a full 19k ingest): ingest the first `--sample`
Reuters stories for real (`dateline ingest`, which ends with the link stage) and take the
ingest time per document from it; then grow the archive to `--scale` documents by copying the
sample's stored rows (documents, actors' mentions, events, targets) under new ids with dates
shifted by `--shift-days` per copy (80: beyond the linking window, so identical copies do not
chain into artificial stories; the same companies recur, as in a wire archive). The copies
are linked `--batch` documents at a time, each an incremental link against everything
before it, as successive ingest runs would; then the whole archive is relinked once. Prints
link time per document (wall and CPU) against ingest time per document, comparisons per
report (flat = near-linear) and the share.

`--real` ingests the `--sizes` checkpoints for real into one growing database instead.
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
# The stories' `date` field is their publication date: without it no report has a date or a
# window, nothing is blocked, and linking would cost (and do) next to nothing.
FIELD_MAP = {"date": "published"}

# Columns rewritten in a copy: ids get a suffix, dates move by the copy's shift.
_ID_COLUMNS = {
    "documents": ("id",), "mentions": ("id", "document_id"),
    "events": ("id", "document_id", "cluster_id"), "event_targets": ("id", "event_id"),
}
_DATE_COLUMNS = {"documents": ("published_date",), "events": ("date_start", "date_end")}


def slice_corpus(target: Path, start: int, stop: int) -> Path:
    with REUTERS.open(encoding="utf-8") as lines:
        target.write_text("".join(islice(lines, start, stop)), encoding="utf-8")
    return target


def copy_sample(conn: sqlite3.Connection, copy: int, shift_days: int) -> list[str]:
    """One copy of every sample document (rows whose id has no copy suffix); its new ids."""
    suffix = f"-c{copy}"
    for table in ("documents", "mentions", "events", "event_targets"):
        columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])")]
        exprs = []
        for column in columns:
            if column in _ID_COLUMNS[table]:
                exprs.append(f"[{column}] || '{suffix}'")
            elif column in _DATE_COLUMNS.get(table, ()):
                exprs.append(f"date([{column}], '+{shift_days} days')")
            else:
                exprs.append(f"[{column}]")
        conn.execute(
            f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" select {', '.join(exprs)} from [{table}] where id not like '%-c%'")
    return [row[0] for row in conn.execute(
        "select id from documents where id like ?", [f"%{suffix}"])]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the spaCy child included): on a
    shared machine, wall time measures the neighbours as much as the code."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def real(sizes: list[int], pipeline: str) -> None:
    from pipeline.batch import ingest_paths

    print("| stories | documents (step) | ingest s (step) | link s (step) | link share |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as temp:
        db, start = Path(temp) / "reuters.db", 0
        for size in sizes:
            part = slice_corpus(Path(temp) / f"part-{size}.jsonl", start, size)
            summary = ingest_paths(db, [part], progress="off", pipeline=pipeline,
                                   field_map=FIELD_MAP)
            share = summary.link_seconds / summary.seconds if summary.seconds else 0.0
            ingest = summary.seconds - summary.link_seconds
            print(f"| {size:,} | {summary.inserted:,} | {ingest:.1f}"
                  f" | {summary.link_seconds:.1f} | {share:.1%} |", flush=True)
            start = size


def scaled(sample: int, scale: int, batch: int, pipeline: str, shift: int) -> None:
    from pipeline.batch import ingest_paths
    from pipeline.link import link_documents, relink

    with tempfile.TemporaryDirectory() as temp:
        db = Path(temp) / "reuters.db"
        part = slice_corpus(Path(temp) / "sample.jsonl", 0, sample)
        cpu = cpu_seconds()
        summary = ingest_paths(db, [part], progress="off", pipeline=pipeline,
                               field_map=FIELD_MAP)
        cpu = cpu_seconds() - cpu
        documents = summary.inserted
        ingest_per_doc = (summary.seconds - summary.link_seconds) / documents
        # The ingest's own link ran in this process: its CPU is taken out with its wall share.
        ingest_cpu_per_doc = cpu * (1 - summary.link_seconds / summary.seconds) / documents
        print(f"sample: {documents:,} documents, {summary.events:,} events; ingest "
              f"{summary.seconds - summary.link_seconds:.1f} s wall ({ingest_per_doc * 1000:.1f} ms"
              f" per document; {ingest_cpu_per_doc * 1000:.1f} ms CPU), link"
              f" {summary.link_seconds:.2f} s ({summary.link_seconds / documents * 1000:.2f} ms"
              " per document)")
        conn = sqlite3.connect(db)
        copies = -(-scale // documents) - 1
        pending: list[str] = []
        link_seconds, link_cpu, linked = 0.0, 0.0, documents
        print("\n| documents | link s (this batch) | ms per document | ms CPU per document |"
              " comparisons per report |")
        print("|---:|---:|---:|---:|---:|")
        for copy in range(1, copies + 1):
            pending += copy_sample(conn, copy, shift * copy)
            conn.commit()
            while len(pending) >= batch or (copy == copies and pending):
                step, pending = pending[:batch], pending[batch:]
                cpu = cpu_seconds()
                result = link_documents(db, step)
                cpu = cpu_seconds() - cpu
                link_seconds += result.seconds
                link_cpu += cpu
                linked += len(step)
                print(f"| {linked:,} | {result.seconds:.2f} | "
                      f"{result.seconds / len(step) * 1000:.2f} | {cpu / len(step) * 1000:.2f} |"
                      f" {result.comparisons / max(1, result.dirty_events):.2f} |", flush=True)
        conn.close()
        per_doc = link_seconds / (linked - documents)
        cpu_per_doc = link_cpu / (linked - documents)
        print(f"\nincremental linking of {linked - documents:,} documents in batches of {batch}:"
              f" {link_seconds:.1f} s wall, {per_doc * 1000:.2f} ms per document ="
              f" {per_doc / ingest_per_doc:.1%} of the ingest wall time per document;"
              f" CPU {cpu_per_doc * 1000:.2f} ms = {cpu_per_doc / ingest_cpu_per_doc:.1%} of the"
              " ingest CPU per document (target < 10%)")
        began = time.monotonic()
        result = relink(db)
        seconds = time.monotonic() - began
        print(f"full relink of {linked:,} documents ({result.dirty_events:,} reports,"
              f" {result.comparisons:,} comparisons, {result.links:,} links): {seconds:.1f} s ="
              f" {seconds / (ingest_per_doc * linked):.1%} of ingesting them"
              f" ({ingest_per_doc * linked:.0f} s extrapolated from the sample)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=19043)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--shift-days", type=int, default=80,
                        help="days between copies (beyond the linking window, so copies of"
                             " one story do not chain into artificial stories)")
    parser.add_argument("--real", action="store_true")
    parser.add_argument("--sizes", default="1000,5000,19043")
    parser.add_argument("--pipeline", default="inline",
                        help="inline (default): spaCy in this process, so its CPU is counted")
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"missing {REUTERS}")
    if args.real:
        real([int(s) for s in args.sizes.split(",")], args.pipeline)
    else:
        scaled(args.sample, args.scale, args.batch, args.pipeline, args.shift_days)


if __name__ == "__main__":
    main()

"""How large a Dateline database Datasette still serves the timeline from in under 200 ms.

    .venv/bin/python benchmarks/datasette_size.py [--base-docs 300] [--max-events 2000000]

Builds a real base database (Reuters stories through `ingest_paths`), then doubles every
per-document table (documents, events, targets, timexes, mentions, attributions, with FTS
kept in sync by its triggers) round after round, and at each size times, through Datasette's
in-process client with `dateline serve`'s metadata and settings:

- `/DB/timeline.json?_shape=array` (the timeline view's first page, default sort and facets):
  the timeline query, which decides the budget;
- the `actor_timeline` canned query for the most active actor;
- `/-/timeline` (the timeline page of the plugin), for information: its time is mostly HTML
  rendering, which does not grow with the database.

The median of several requests is reported; the run stops at the first size whose timeline
query is over the budget.
Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Per-document tables and the columns holding keys that must stay unique / joined per copy.
COPIED = ("documents", "timexes", "events", "event_targets", "mentions", "attributions",
          "actor_roles")
KEY_COLUMNS = {"id", "document_id", "event_id", "cluster_id", "timex_id",
               "previous_version_id", "parent_id"}


def double(db: Path, round_number: int) -> None:
    """Copy every per-document row once more, with suffixed keys (so joins still match)."""
    conn = sqlite3.connect(db)
    suffix = f"~{round_number}"
    with conn:
        for table in COPIED:
            columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])")]
            select = ", ".join(
                f"case when [{c}] is null then null else [{c}] || '{suffix}' end"
                if c in KEY_COLUMNS else f"[{c}]" for c in columns)
            conn.execute(f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                         f"select {select} from [{table}]")
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()


async def timings(db: Path, repeats: int) -> dict[str, float]:
    from datasette.app import Datasette

    from pipeline.publish.metadata import build_config

    name = db.stem
    built = build_config(name, layout="0.65")
    datasette = Datasette([str(db)], metadata=built["metadata"], settings=built["settings"])
    conn = sqlite3.connect(db)
    actor = conn.execute("select actor_id from events where actor_id is not null"
                         " group by actor_id order by count(*) desc limit 1").fetchone()
    conn.close()
    paths = {"timeline.json": f"/{name}/timeline.json?_shape=array",
             "timeline page": "/-/timeline"}
    if actor:
        paths["actor_timeline"] = f"/{name}/actor_timeline.json?actor={quote(actor[0])}"
    out = {}
    for label, path in paths.items():
        samples = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
        out[label] = statistics.median(samples[1:])  # the first request warms caches
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-docs", type=int, default=300)
    parser.add_argument("--base", type=Path, help="start from a copy of this database")
    parser.add_argument("--max-events", type=int, default=2_000_000)
    parser.add_argument("--budget-ms", type=float, default=200.0)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="dateline-size-") as tmp:
        db = Path(tmp) / "timeline.db"
        if args.base:
            shutil.copy(args.base, db)
        else:
            from itertools import islice

            from pipeline.batch import ingest_paths

            source = REPO.parent / "shared" / "data" / "reuters21578.jsonl"
            corpus = Path(tmp) / "base.jsonl"
            with source.open(encoding="utf-8") as lines:
                corpus.write_text("".join(islice(lines, args.base_docs)), encoding="utf-8")
            ingest_paths(db, [corpus], field_map={"date": "published"}, progress="off")
        from pipeline.store import Store

        Store(db).close()  # views, FTS and indexes as `dateline serve` would have them
        print("| events | documents | DB size | timeline.json | /-/timeline page |"
              " actor_timeline |")
        print("|---:|---:|---:|---:|---:|---:|")
        largest_ok = None
        round_number = 0
        while True:
            conn = sqlite3.connect(db)
            events = conn.execute("select count(*) from events").fetchone()[0]
            documents = conn.execute("select count(*) from documents").fetchone()[0]
            conn.close()
            size = db.stat().st_size / 1e6
            result = asyncio.run(timings(db, args.repeats))
            print(f"| {events:,} | {documents:,} | {size:,.0f} MB | "
                  + " | ".join(f"{result.get(k, float('nan')):,.0f} ms" for k in
                               ("timeline.json", "timeline page", "actor_timeline")) + " |",
                  flush=True)
            if max(result["timeline.json"], result.get("actor_timeline", 0)) < args.budget_ms:
                largest_ok = (events, documents, size)
            else:
                break
            if events * 2 > args.max_events:
                break
            round_number += 1
            double(db, round_number)
        if largest_ok:
            print(f"largest size under {args.budget_ms:.0f} ms: {largest_ok[0]:,} events, "
                  f"{largest_ok[1]:,} documents, {largest_ok[2]:,.0f} MB")
        else:
            print(f"even the base database is over {args.budget_ms:.0f} ms")


if __name__ == "__main__":
    main()

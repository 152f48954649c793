"""How large a Dateline database Datasette still serves the timeline from in under 200 ms.

    .venv/bin/python benchmarks/datasette_size.py [--base-docs 300] [--max-events 2000000]

Builds a real base database (Reuters stories through `ingest_paths`), then doubles every
per-document table (documents, events, targets, timexes, mentions, attributions, with FTS
kept in sync by its triggers) round after round, and at each size times, through Datasette's
in-process client with `dateline serve`'s metadata and settings:

- `timeline.json`: `/DB/timeline.json?_shape=array`, the timeline view's first page as
  served, with its default facets (actor, action type, year-month, role) and row count;
- `no facets`: the same with `_nofacet=1` (first page plus count);
- `first page`: `_nofacet=1&_nocount=1`, the timeline query alone (first 100 rows in date
  order);
- `actor_timeline`: the canned query for the most active actor;
- `/-/timeline`: the plugin's timeline page.

The median of several requests is reported as CPU ms (what decides the budget: the request's
cost on an idle core, stable on a shared machine) and wall ms in brackets. Doubling goes on
until the timeline query alone is over the budget (or --max-events); the largest size under
the budget is printed for each.
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
             "no facets": f"/{name}/timeline.json?_shape=array&_nofacet=1",
             "first page": f"/{name}/timeline.json?_shape=array&_nofacet=1&_nocount=1",
             "/-/timeline": "/-/timeline"}
    if actor:
        paths["actor_timeline"] = f"/{name}/actor_timeline.json?actor={quote(actor[0])}"
    out = {}
    for label, path in paths.items():
        walls, cpus = [], []
        for _ in range(repeats + 1):
            started, cpu = time.perf_counter(), time.process_time()
            response = await datasette.client.get(path)
            walls.append((time.perf_counter() - started) * 1000)
            # CPU time of this process (Datasette's query threads included): what the
            # request costs on an idle core, whatever the other tenants of the box do.
            cpus.append((time.process_time() - cpu) * 1000)
            if response.status_code == 400 and b"too long" in response.content:
                # Datasette's sql_time_limit_ms stopped the query: over any budget.
                walls[-1] = cpus[-1] = float("inf")
            elif response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
        # The first request warms caches and is left out.
        out[label] = (statistics.median(walls[1:]), statistics.median(cpus[1:]))
    return out


def _cell(value: tuple[float, float] | None) -> str:
    if value is None:
        return "-"
    wall, cpu = value
    if cpu == float("inf"):
        return "timeout"
    return f"{cpu:,.0f} ({wall:,.0f}) ms"


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
        labels = ("timeline.json", "no facets", "first page", "actor_timeline", "/-/timeline")
        print("| events | documents | DB size | " + " | ".join(labels) + " |")
        print("|---:|---:|---:|" + "---:|" * len(labels))
        largest: dict[str, tuple[int, int, float]] = {}
        round_number = 0
        while True:
            conn = sqlite3.connect(db)
            events = conn.execute("select count(*) from events").fetchone()[0]
            documents = conn.execute("select count(*) from documents").fetchone()[0]
            conn.close()
            size = db.stat().st_size / 1e6
            result = asyncio.run(timings(db, args.repeats))
            print(f"| {events:,} | {documents:,} | {size:,.0f} MB | "
                  + " | ".join(_cell(result.get(k)) for k in labels)
                  + " |", flush=True)
            for label, (_, cpu) in result.items():
                if cpu < args.budget_ms:
                    largest[label] = (events, documents, size)
            if result["first page"][1] >= args.budget_ms or events * 2 > args.max_events:
                break
            round_number += 1
            double(db, round_number)
        for label in labels:
            if label in largest:
                events, documents, size = largest[label]
                print(f"{label}: under {args.budget_ms:.0f} ms up to {events:,} events, "
                      f"{documents:,} documents, {size:,.0f} MB")
            else:
                print(f"{label}: over {args.budget_ms:.0f} ms at every size")


if __name__ == "__main__":
    main()

"""The link stage's cost as a share of ingest time, on Reuters stories.

    .venv/bin/python benchmarks/linking_cost.py [--sizes 1000,5000,19043] [--relink]
        [--pipeline auto|inline|processes]

One database grows through the checkpoints (as `benchmarks/scaling.py` does); each step is a
`dateline ingest` run, which ends with the link stage over the documents it wrote (an
incremental link against everything stored before). Prints, per step: documents, events,
ingest seconds (extraction and writing), link seconds, the link share of the step, the
comparisons made (blocking keeps them near-linear) and story events; with `--relink`, also the
time of a full relink of the final archive. Target: link < 10% of ingest time. Needs
../shared/data.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    from pipeline.batch import ingest_paths
    from pipeline.link import relink
    from pipeline.store import Store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,19043")
    parser.add_argument("--pipeline", default="auto")
    parser.add_argument("--relink", action="store_true")
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"missing {REUTERS}")
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| stories | documents (step) | events (total) | ingest s (step) | link s (step) |"
          " link share | story events |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    total_ingest = total_link = 0.0
    with tempfile.TemporaryDirectory() as temp:
        db = Path(temp) / "reuters.db"
        start = 0
        for size in sizes:
            part = slice_corpus(Path(temp) / f"part-{size}.jsonl", start, size)
            summary = ingest_paths(db, [part], progress="off", pipeline=args.pipeline)
            ingest = summary.seconds - summary.link_seconds
            total_ingest += ingest
            total_link += summary.link_seconds
            store = Store(db, create_views=False)
            events = store.db["events"].count
            stories = store.db["story_events"].count
            store.close()
            share = summary.link_seconds / summary.seconds if summary.seconds else 0.0
            print(f"| {size:,} | {summary.inserted:,} | {events:,} | {ingest:.1f} |"
                  f" {summary.link_seconds:.1f} | {share:.1%} | {stories:,} |", flush=True)
            start = size
        print(f"\nall steps: ingest {total_ingest:.1f} s, link {total_link:.1f} s, link share "
              f"{total_link / (total_ingest + total_link):.1%} (target < 10%)")
        if args.relink:
            began = time.monotonic()
            result = relink(db)
            seconds = time.monotonic() - began
            print(f"full relink of the archive: {seconds:.1f} s ({result.comparisons:,}"
                  f" comparisons, {result.links:,} links), {seconds / total_ingest:.1%} of"
                  " the ingest time")


if __name__ == "__main__":
    main()

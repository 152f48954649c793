"""What an unchanged re-run of `dateline ingest` costs next to the first run.

    .venv/bin/python benchmarks/noop_rerun.py [FOLDER] [--runs 5]

Runs `dateline ingest` over FOLDER (default: corpus/) into a fresh database once, then again
`--runs` times with nothing changed, each in a fresh process (as a cron job would), and prints
wall and CPU seconds (user + system of the child: steadier than wall on a shared machine),
the medians, and the no-op's share of the first run. An unchanged re-run hashes the texts,
finds them all stored and loads no spaCy model (README "Commands").
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_ingest(db: Path, folder: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one `dateline ingest` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(db), str(folder), "--quiet"],
                   cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dateline-noop-") as tmp:
        db = Path(tmp) / "t.db"
        first_wall, first_cpu = timed_ingest(db, args.folder)
        print(f"first run:       {first_wall:6.2f} s wall, {first_cpu:5.2f} s CPU")
        runs = [timed_ingest(db, args.folder) for _ in range(args.runs)]
    for number, (wall, cpu) in enumerate(runs, 1):
        print(f"unchanged run {number}: {wall:6.2f} s wall, {cpu:5.2f} s CPU")
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    print(f"median no-op:    {wall:6.2f} s wall, {cpu:5.2f} s CPU")
    print(f"no-op / first:   {wall / first_wall:6.0%} wall, {cpu / first_cpu:5.0%} CPU")


if __name__ == "__main__":
    main()

"""Ingest throughput against bare spaCy, in one run on the same Reuters stories.

    .venv/bin/python benchmarks/throughput.py [--docs 2000] [--workers 1] [--batch-size N]
        [--pipeline auto|inline|processes] [--rounds 4]

(a) bare `nlp.pipe` over the stories' texts, same model and components as ingestion;
(b) `ingest_paths` end to end (read + nlp + extract + write) into a fresh database.
Prints words/s for both, the ratio b/a (target >= 0.85), the pipeline arrangement (b) used,
the load average, peak RSS (target < 1.5 GB; with `--pipeline processes` the sum of this
process and its NLP child) and RSS sampled through (b), which must stay flat as the corpus
grows. Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
REUTERS = SHARED / "data" / "reuters21578.jsonl"


def _rss_of(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # the child ended between listing and reading
        pass
    return 0.0


def _children() -> list[str]:
    pids: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += (task / "children").read_text().split()
        except OSError:
            continue
    return pids


def rss_mb() -> float:
    """This process plus its live children (the NLP process): what the run holds at once."""
    return _rss_of("self") + sum(_rss_of(pid) for pid in _children())


def peak_rss_mb(samples: list[tuple[float, float]]) -> float:
    # getrusage gives each process's own peak (for children: the largest one's); the sampled
    # sum covers the time both processes were alive together.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max([own, children] + [value for _, value in samples])


class Sampler(threading.Thread):
    """RSS every half second while (b) runs: memory must not grow with documents done."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stop.wait(0.5):
            self.samples.append((time.monotonic() - start, rss_mb()))


def sample_corpus(path: Path, docs: int, skip: int = 0) -> Path:
    with REUTERS.open(encoding="utf-8") as lines:
        path.write_text("".join(islice(lines, skip, skip + docs)), encoding="utf-8")
    return path


def _cpu_of(pid: str) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_seconds() -> float:
    """CPU seconds of this process, its finished children (pool workers) and its live ones
    (the NLP process, which stays up between rounds)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
            + sum(_cpu_of(pid) for pid in _children()))


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4,
                        help="alternate (a) and (b) over this many slices, so both see the "
                             "same machine load (the box is shared)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--pipeline", choices=["auto", "inline", "processes"], default="auto",
                        help="(b)'s arrangement (default: what `dateline ingest` does)")
    parser.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    args = parser.parse_args(argv)
    if not REUTERS.exists():
        sys.exit(f"missing {REUTERS} (../shared/data)")

    from pipeline.batch import nlp_process
    from pipeline.batch.runner import DEFAULT_WORKERS, ingest_paths
    from pipeline.batch.work import DEFAULT_NLP_BATCH
    from pipeline.ingest import IngestError, read_path
    from pipeline.nlp import load_model, model_label

    workers = args.workers or DEFAULT_WORKERS
    batch = args.batch_size or DEFAULT_NLP_BATCH
    field_map = {"date": "published"}
    nlp = load_model()
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        per_round = -(-args.docs // args.rounds)
        a_wall = a_cpu = b_wall = b_cpu = read_seconds = 0.0
        a_words = b_words = 0
        seen: set[str] = set()
        modes: set[str] = set()
        waited_before = 0.0
        loads: list[float] = [os.getloadavg()[0]]
        totals = {"inserted": 0, "unchanged": 0, "failed": 0, "events": 0}
        sampler = Sampler()
        sampler.start()
        slices = []
        for number in range(args.rounds):
            corpus = sample_corpus(Path(tmp) / f"reuters-{number}.jsonl", per_round,
                                   skip=number * per_round)
            slices.append(corpus)
            started = time.monotonic()
            documents = [d for d in read_path(corpus, field_map=field_map)
                         if not isinstance(d, IngestError)]
            read_seconds += time.monotonic() - started
            # The texts (b) analyses: a story repeated in the corpus is skipped there too.
            texts = []
            for document in documents:
                if document.id not in seen:
                    seen.add(document.id)
                    texts.append(document.text)
            if number == 0:
                print(f"model {model_label(nlp)}, components {nlp.pipe_names}, "
                      f"nlp batch {batch}, workers {workers}, {args.rounds} rounds, "
                      f"pipeline {args.pipeline}, {os.cpu_count()} CPUs")
                for _ in nlp.pipe(texts[:20], batch_size=batch):  # warm caches for (a)
                    pass
            words = sum(len(text.split()) for text in texts)
            wall, cpu = time.monotonic(), cpu_seconds()
            for _ in nlp.pipe(texts, batch_size=batch):
                pass
            a_wall += time.monotonic() - wall
            a_cpu += cpu_seconds() - cpu
            a_words += words
            del documents, texts

            wall, cpu = time.monotonic(), cpu_seconds()
            summary = ingest_paths(db, [corpus], field_map=field_map, workers=workers,
                                   batch_size=args.batch_size, progress="off",
                                   pipeline=args.pipeline)
            b_wall += time.monotonic() - wall
            modes.add(summary.pipeline)
            idle = list(nlp_process._IDLE.values())
            if idle:
                waited = idle[0].waited - waited_before
                waited_before = idle[0].waited
                stats = idle[0].stats
                print(f"  (b) waited {waited:.1f} s for the NLP process; so far the child "
                      f"parsed {stats['child_parse']:.1f} s ({stats['child_parse_cpu']:.1f} "
                      f"CPU-s), packed {stats['child_pack']:.1f} s, idled "
                      f"{stats['child_idle']:.1f} s (gaps between rounds included); the "
                      f"parent unpacked {stats['unpack']:.1f} s", flush=True)
            loads.append(os.getloadavg()[0])
            b_cpu += cpu_seconds() - cpu
            b_words += summary.words
            for key in totals:
                totals[key] += getattr(summary, key)
            print(f"  round {number + 1}/{args.rounds}: (a) {words:,} words, "
                  f"(b) {summary.inserted} inserted, {summary.words:,} words", flush=True)
        sampler.stop.set()
        sampler.join()
        a, b = a_words / a_wall, b_words / b_wall
        print(f"distinct texts {len(seen)}, words (a) {a_words:,} / (b) {b_words:,}")
        print(f"(a) bare nlp.pipe:   {a:8,.0f} words/s  ({a_wall:.1f} s wall, "
              f"{a_words / a_cpu:,.0f} words per CPU-second)")
        print(f"(b) dateline ingest: {b:8,.0f} words/s  ({b_wall:.1f} s wall, "
              f"{b_words / b_cpu:,.0f} words per CPU-second; pipeline "
              f"{'/'.join(sorted(modes))}; {totals})")
        # The wall ratio is the target. With the NLP child, (b) spends CPU in two processes
        # at once, so its per-CPU-second figure measures total work, not speed.
        print(f"ratio b/a: {b / a:.2f} wall, {(b_words / b_cpu) / (a_words / a_cpu):.2f} CPU"
              f"  (target >= 0.85)")
        print("load average (1 min) at start and after each round: "
              + " / ".join(f"{value:.1f}" for value in loads))
        print(f"reading alone: {read_seconds:.1f} s ({read_seconds / b_wall:.1%} of (b))")

        started = time.monotonic()
        rerun = ingest_paths(db, slices, field_map=field_map, workers=workers, progress="off",
                             pipeline=args.pipeline)
        rerun_seconds = time.monotonic() - started
        print(f"re-run over the unchanged corpus: {rerun_seconds:.1f} s "
              f"= {rerun_seconds / b_wall:.1%} of the first run "
              f"({rerun.unchanged} unchanged, {rerun.inserted} inserted)")

        peak = peak_rss_mb(sampler.samples)
        values = [value for _, value in sampler.samples]
        quarters = [values[min(len(values) - 1, int(len(values) * q))]
                    for q in (0.25, 0.5, 0.75, 0.999)] if values else []
        print(f"peak RSS: {peak:,.0f} MB (target < 1,536 MB); RSS at 25/50/75/100% of the run: "
              + " / ".join(f"{value:,.0f}" for value in quarters) + " MB")
        print(f"database: {Path(db).stat().st_size / 1e6:.1f} MB")
    return {"a": a, "b": b, "ratio": b / a, "peak_rss_mb": peak,
            "rerun_share": rerun_seconds / b_wall, "pipeline": "/".join(sorted(modes))}


if __name__ == "__main__":
    main()

"""How much the time-expression stage adds to spaCy's own time, on Reuters-21578 stories.

    .venv/bin/python benchmarks/timex_speed.py [--n 300] [--path ../shared/data/reuters21578.jsonl]

Parses N stories with `nlp.pipe` (timed), then runs `find_timexes` on every parsed Doc with the
story's date as publication date (timed), and prints both times and their ratio. Each stage is
timed `--repeat` times in alternation and the fastest run of each is kept. The issue's budget
is a ratio of at most 0.10.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO.parent / "shared" / "data" / "reuters21578.jsonl"


def reuters_date(raw: str) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01'."""
    try:
        return datetime.strptime(raw.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").isoformat()
    except (ValueError, AttributeError):
        return None


def load_stories(path: Path, n: int) -> list[tuple[str, str | None]]:
    stories = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            text = (item.get("text") or "").strip()
            if len(text) < 200:
                continue
            stories.append((text, reuters_date(item.get("date") or "")))
            if len(stories) >= n:
                break
    return stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeat", type=int, default=2,
                        help="time each stage this many times and keep the fastest run "
                             "(the machine is shared; the minimum is the least disturbed)")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"missing {args.path}", file=sys.stderr)
        return 2

    from pipeline.extract.timex import find_timexes
    from pipeline.nlp import load_model

    nlp = load_model()
    stories = load_stories(args.path, args.n)
    # warm both stages (model caches, pattern compilation) outside the timed runs
    find_timexes(nlp("He left on Friday, 3 March 1987."), "1987-03-05")

    spacy_runs, timex_runs = [], []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        docs = list(nlp.pipe((text for text, _ in stories), batch_size=32))
        spacy_runs.append(time.perf_counter() - started)

        started = time.perf_counter()
        count = 0
        for doc, (_, published) in zip(docs, stories, strict=True):
            count += len(find_timexes(doc, published))
        timex_runs.append(time.perf_counter() - started)
    spacy_seconds, timex_seconds = min(spacy_runs), min(timex_runs)

    tokens = sum(len(doc) for doc in docs)
    print(f"stories {len(docs)}  tokens {tokens}  timexes {count}")
    print(f"spaCy seconds      {spacy_seconds:.2f}  (runs: "
          f"{', '.join(f'{s:.2f}' for s in spacy_runs)})")
    print(f"find_timexes secs  {timex_seconds:.2f}  (runs: "
          f"{', '.join(f'{s:.2f}' for s in timex_runs)})")
    print(f"ratio              {timex_seconds / spacy_seconds:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

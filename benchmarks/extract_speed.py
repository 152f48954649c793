"""How much the whole extract stage costs next to spaCy's own time, on Reuters-21578 stories.

    .venv/bin/python benchmarks/extract_speed.py [--n 300] [--repeat 2]

Parses N stories with `nlp.pipe` (timed), then runs `pipeline.extract.extract` (actors,
time expressions, events and attributions) on every parsed Doc with the story's date as
publication date (timed), and prints both times and their ratio, as wall-clock and as CPU
time (`time.process_time`, less sensitive to other load on a shared machine). The fastest of
`--repeat` alternating runs of each stage is kept. Issue 14's budget is a ratio of at most 0.35.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from timex_speed import DEFAULT_PATH, load_stories  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"missing {args.path}", file=sys.stderr)
        return 2

    from pipeline.document import Document
    from pipeline.extract import extract
    from pipeline.nlp import load_model, model_label

    nlp = load_model()
    label = model_label(nlp)
    stories = load_stories(args.path, args.n)
    documents = [Document(text=text, published=published, kind="news")
                 for text, published in stories]
    extract(documents[0], nlp(documents[0].text), model=label)  # warm lexicons and patterns

    # (wall, cpu) seconds of each run
    spacy_runs: list[tuple[float, float]] = []
    extract_runs: list[tuple[float, float]] = []
    for _ in range(max(1, args.repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe((d.text for d in documents), batch_size=32))
        spacy_runs.append((time.perf_counter() - wall, time.process_time() - cpu))

        wall, cpu = time.perf_counter(), time.process_time()
        events = 0
        for document, doc in zip(documents, docs, strict=True):
            events += len(extract(document, doc, model=label).events)
        extract_runs.append((time.perf_counter() - wall, time.process_time() - cpu))

    print(f"stories {len(docs)}  tokens {sum(len(d) for d in docs)}  events {events}")
    for clock, k in (("wall", 0), ("CPU", 1)):
        spacy_seconds = min(run[k] for run in spacy_runs)
        extract_seconds = min(run[k] for run in extract_runs)
        print(f"spaCy {clock} seconds    {spacy_seconds:.2f}  (runs: "
              f"{', '.join(f'{run[k]:.2f}' for run in spacy_runs)})")
        print(f"extract {clock} seconds  {extract_seconds:.2f}  (runs: "
              f"{', '.join(f'{run[k]:.2f}' for run in extract_runs)})")
        print(f"ratio ({clock})         {extract_seconds / spacy_seconds:.3f}  (target <= 0.35)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

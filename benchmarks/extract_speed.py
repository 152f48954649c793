"""How much the whole extract stage costs next to spaCy's own time, on Reuters-21578 stories.

    .venv/bin/python benchmarks/extract_speed.py [--n 300] [--repeat 2]

Parses N stories with `nlp.pipe` (timed), then runs `pipeline.extract.extract` (actors,
time expressions, events and attributions) on every parsed Doc with the story's date as
publication date (timed), and prints both times and their ratio. The fastest of `--repeat`
alternating runs of each stage is kept (the machine is shared). Issue 14's budget is a ratio of
at most 0.35.
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

    spacy_runs, extract_runs = [], []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        docs = list(nlp.pipe((d.text for d in documents), batch_size=32))
        spacy_runs.append(time.perf_counter() - started)

        started = time.perf_counter()
        events = 0
        for document, doc in zip(documents, docs, strict=True):
            events += len(extract(document, doc, model=label).events)
        extract_runs.append(time.perf_counter() - started)
    spacy_seconds, extract_seconds = min(spacy_runs), min(extract_runs)

    print(f"stories {len(docs)}  tokens {sum(len(d) for d in docs)}  events {events}")
    print(f"spaCy seconds    {spacy_seconds:.2f}  (runs: "
          f"{', '.join(f'{s:.2f}' for s in spacy_runs)})")
    print(f"extract seconds  {extract_seconds:.2f}  (runs: "
          f"{', '.join(f'{s:.2f}' for s in extract_runs)})")
    print(f"ratio            {extract_seconds / spacy_seconds:.3f}  (target <= 0.35)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

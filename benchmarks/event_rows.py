"""How many event rows a reader sees without an agent or without a date, on our corpus and the seed.

    .venv/bin/python benchmarks/event_rows.py [PATH ...] [--rows]

Analyses every document under the paths (default: corpus/ and ../shared/corpus/seed) and prints
the number of events, the share whose actor is null (the timeline's "Someone"), the share with
neither an actor nor a subject, and the share with no date of their own. `--rows` prints every
event as actor | subject | action | date role | date.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--rows", action="store_true")
    args = parser.parse_args(argv)
    paths = args.paths or [REPO / "corpus", SHARED / "corpus" / "seed"]

    from pipeline.api import analyze_documents, read_documents

    total = no_actor = no_one = undated = 0
    for path in paths:
        for record in analyze_documents(read_documents(path)):
            if args.rows and record.events:
                print(f"## {record.document.source} ({record.document.published})")
            for event in record.events:
                subject = getattr(event, "subject", None)
                total += 1
                no_actor += event.actor is None
                no_one += event.actor is None and subject is None
                undated += event.date is None
                if args.rows:
                    date = f"{event.date.role} {event.date.value}" if event.date else "-"
                    print(f"  {event.actor or '-'} | {subject.text if subject else '-'} | "
                          f"{'not ' if event.negated else ''}{event.action} | {date} | "
                          f"{event.modality}")
    share = (lambda n: f"{n} ({100 * n / total:.1f}%)") if total else str
    print(f"events {total}")
    print(f"no actor ('Someone')       {share(no_actor)}")
    print(f"no actor and no subject    {share(no_one)}")
    print(f"no date                    {share(undated)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

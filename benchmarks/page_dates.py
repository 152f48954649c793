"""Dateline's publication date against htmldate's on the same web pages.

    .venv/bin/python benchmarks/page_dates.py [DIR] [--limit N] [--show]

DIR is laid out like the article-extraction-benchmark (`html/<id>.html.gz`, `ground-truth.json`).
That benchmark's gold has article bodies and URLs but no publication dates, so this measures
agreement, not accuracy: for each page, Dateline's date (the HTML reader, with where the date
came from) and htmldate's `find_date` with its defaults (the day, `original_date=True` as
well), and counts pages where both give the same day, they differ, or only one gives a date.
`--show` prints the disagreements with our evidence, to read by hand. Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "article-extraction-benchmark"


def ours(path: Path) -> tuple[str | None, str | None, str | None]:
    from pipeline.ingest import IngestError, read_path

    for item in read_path(path):
        if isinstance(item, IngestError):
            return None, "error", item.message
        return (item.published or "")[:10] or None, item.published_source, \
            item.published_evidence
    return None, None, None


def theirs(html: str, url: str | None, original: bool) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, url=url, original_date=original, extensive_search=True)
    except Exception:  # noqa: BLE001 - htmldate's failure is a "no date" here
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    root = Path(args.directory)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((root / "html").glob("*.html*"))[:args.limit]
    counts: Counter = Counter()
    shown = []
    started = time.perf_counter()
    for path in pages:
        key = path.name.split(".")[0]
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace") \
            if path.suffix == ".gz" else path.read_text(encoding="utf-8", errors="replace")
        url = (truth.get(key) or {}).get("url")
        day, source, evidence = ours(path)
        them = theirs(html, url, original=True)
        if day and them:
            outcome = "same day" if day == them else "differ"
        else:
            outcome = "ours only" if day else ("htmldate only" if them else "neither")
        counts[outcome] += 1
        counts["ours dated"] += bool(day)
        counts["htmldate dated"] += bool(them)
        if outcome in ("differ", "htmldate only"):
            shown.append(f"{outcome:13} {key[:12]} ours={day} ({source}: {evidence}) "
                         f"htmldate={them} {url}")
    seconds = time.perf_counter() - started
    if args.show:
        print("\n".join(shown))
    total = len(pages)
    print(f"pages {total}  seconds {seconds:.1f}")
    for name in ("ours dated", "htmldate dated", "same day", "differ", "ours only",
                 "htmldate only", "neither"):
        print(f"{name:15} {counts[name]:4d}  ({counts[name] / max(total, 1):.3f})")
    both = counts["same day"] + counts["differ"]
    print(f"agreement where both date the page: {counts['same day'] / max(both, 1):.3f}")


if __name__ == "__main__":
    sys.exit(main())

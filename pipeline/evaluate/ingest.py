"""`dateline evaluate ingest DIR`: main-text extraction quality against a gold article body.

DIR is laid out like the article-extraction-benchmark: `html/<id>.html.gz` (or `.html`) and
`ground-truth.json` mapping id -> {"articleBody": ..., "url": ...}. For every page it scores

- ours: the Document `read_path` yields (the whole reader: decoding, sandbox, fallbacks);
- trafilatura alone: `trafilatura.extract(html)` with its defaults;
- bs4: `BeautifulSoup(html).get_text()`, the everything-on-the-page baseline;

with the benchmark's own token metric: lower-case word tokens (`\\w+`), bag-of-words overlap,
precision and recall per page, averaged over pages, and F1 of the averages.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

_TOKEN = re.compile(r"\w+", re.UNICODE)
EXTRACTORS = ("ours", "trafilatura", "bs4")


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def precision_recall(gold: str | None, predicted: str | None) -> tuple[float, float]:
    """Token precision and recall of one page (bag of words, counts matter)."""
    gold_tokens, pred_tokens = Counter(tokens(gold)), Counter(tokens(predicted))
    n_gold, n_pred = sum(gold_tokens.values()), sum(pred_tokens.values())
    if n_gold == 0 and n_pred == 0:
        return 1.0, 1.0
    overlap = sum((gold_tokens & pred_tokens).values())
    precision = overlap / n_pred if n_pred else 0.0
    recall = overlap / n_gold if n_gold else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Score:
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, page: str, precision: float, recall: float) -> None:
        self.pages.append(page)
        self.precisions.append(precision)
        self.recalls.append(recall)

    @property
    def precision(self) -> float:
        return sum(self.precisions) / len(self.precisions) if self.precisions else 0.0

    @property
    def recall(self) -> float:
        return sum(self.recalls) / len(self.recalls) if self.recalls else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def summary(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "pages": len(self.pages),
                "seconds": round(self.seconds, 2)}


def load_html(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    from pipeline.ingest.decode import decode_bytes

    return decode_bytes(raw)[0]


def ours(path: Path) -> str:
    from pipeline.document import Document
    from pipeline.ingest import read_path

    for item in read_path(path):
        if isinstance(item, Document) and item.kind != "comment":
            return item.text
    return ""


def trafilatura_alone(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(load_html(path)) or ""


def bs4_get_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(load_html(path), "lxml").get_text()


RUNNERS: dict[str, Callable[[Path], str]] = {
    "ours": ours, "trafilatura": trafilatura_alone, "bs4": bs4_get_text,
}


def find_pages(directory: Path) -> list[tuple[str, Path]]:
    pages = []
    for path in sorted((directory / "html").iterdir()):
        name = path.name
        for suffix in (".html.gz", ".htm.gz", ".html", ".htm"):
            if name.endswith(suffix):
                pages.append((name[: -len(suffix)], path))
                break
    return pages


def evaluate(directory: Path, extractors: tuple[str, ...] = EXTRACTORS,
             limit: int | None = None) -> dict[str, Score]:
    """Scores per extractor over the pages that have a gold body."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(pid, path) for pid, path in find_pages(directory) if pid in truth]
    if limit:
        pages = pages[:limit]
    scores = {name: Score() for name in extractors}
    for pid, path in pages:
        gold = truth[pid].get("articleBody") or ""
        for name in extractors:
            started = time.perf_counter()
            try:
                predicted = RUNNERS[name](path)
            except Exception:  # noqa: BLE001 - a failing baseline scores zero for that page
                predicted = ""
            scores[name].seconds += time.perf_counter() - started
            scores[name].add(pid, *precision_recall(gold, predicted))
    return scores


@click.command("ingest")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N pages.")
@click.option("--worst", type=int, default=0, help="Also list our N lowest-F1 pages.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def ingest_command(directory: Path, limit: int | None, worst: int, as_json: bool) -> None:
    """Token precision/recall/F1 of our main text, trafilatura alone and bs4 get_text()."""
    if not (directory / "ground-truth.json").is_file() or not (directory / "html").is_dir():
        raise click.UsageError(f"{directory} needs ground-truth.json and html/")
    scores = evaluate(directory, limit=limit)
    result = {name: score.summary() for name, score in scores.items()}
    ours_score = scores["ours"]
    result["target_met"] = {"f1>=0.95": ours_score.f1 >= 0.95,
                            "ours>=trafilatura": ours_score.f1 >= scores["trafilatura"].f1}
    if worst:
        ranked = sorted(zip(ours_score.pages, ours_score.precisions, ours_score.recalls,
                            strict=True), key=lambda row: f1(row[1], row[2]))[:worst]
        result["worst"] = [{"id": pid, "precision": round(p, 3), "recall": round(r, 3)}
                           for pid, p, r in ranked]
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'pages':>6} "
               f"{'seconds':>8}")
    for name in EXTRACTORS:
        s = result[name]
        click.echo(f"{name:<12} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} "
                   f"{s['pages']:>6} {s['seconds']:>8.1f}")
    for row in result.get("worst", []):
        click.echo(f"  worst: {row['id'][:16]} P={row['precision']} R={row['recall']}")
    met = result["target_met"]
    click.echo(f"target F1 >= 0.95: {'met' if met['f1>=0.95'] else 'NOT met'}; "
               f"ours >= trafilatura: {'yes' if met['ours>=trafilatura'] else 'NO'}")


if __name__ == "__main__":
    sys.exit(ingest_command())

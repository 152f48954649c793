"""`dateline evaluate attribution FILE.jsonl`: score attribution on PolNeAR-format data.

Input: one article per line with `text`, `publication_date` and gold `attributions`
[{source: [{start, end, text}], cue: [...], content: [{start, end, text}, ...]}], character
offsets into `text`. The raw `text` is parsed as given (not normalised) so offsets agree.

Scoring, per document, with one-to-one greedy matching (best pairs first):

- Content is compared as sets of word tokens (`\\w+` runs inside the content spans), so quote
  marks, punctuation and spacing never decide a match.
  - any overlap: the two contents share a word;
  - >=50% coverage: the shared words are at least half of the gold's words *and* at least half
    of the prediction's (symmetric, so an over-long prediction does not pass);
  - exact: the same words.
- Source: a predicted attribution aligned (any content overlap) with a gold one has a correct
  source when its resolved actor equals the actor the same ActorIndex gives the gold source
  span; when either has no actor (an unresolved pronoun), the two source spans must overlap.
  P = correct / predictions with a source, R = correct / gold attributions with a source.
- Who said what: content at >=50% coverage and a correct source.
- Breakdown by kind: gold kind (direct when every content span is quoted, mixed when some
  quote marks are inside, else indirect) for recall, predicted kind for precision.

`--docs A:B` scores a slice of the file and `--weights FILE` swaps in attribution model weights,
so a model trained on part of train (`dateline train attribution --docs 0:700 --out FILE`) can
be scored on the rest.

Parsed documents are cached as a DocBin under the system temp directory (keyed by the model
and the file), because parsing dominates the run time while rules are tuned.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

_WORD = re.compile(r"\w+")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
KINDS = ("direct", "indirect", "mixed")


@dataclass
class Item:
    words: frozenset[int]          # start offsets of the content's word tokens
    source: tuple[int, int] | None
    actor: str | None
    kind: str


@dataclass
class Tally:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    tp_pred: int | None = None  # matches counted on the prediction side, when it differs

    def prf(self) -> tuple[float, float, float]:
        tp_pred = self.tp if self.tp_pred is None else self.tp_pred
        p = tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Scores:
    any: Tally = field(default_factory=Tally)
    half: Tally = field(default_factory=Tally)
    exact: Tally = field(default_factory=Tally)
    source: Tally = field(default_factory=Tally)
    who: Tally = field(default_factory=Tally)
    by_kind: dict[str, dict[str, Tally]] = field(default_factory=lambda: {
        k: {"half": Tally(), "who": Tally()} for k in KINDS})


def words_of(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    found: set[int] = set()
    for start, end in spans:
        found.update(start + m.start() for m in _WORD.finditer(text[start:end]))
    return frozenset(found)


def gold_kind(text: str, spans: list[tuple[int, int]]) -> str:
    parts = [text[s:e].strip().strip(" ,.;:!?") for s, e in spans]
    quoted = [p for p in parts if p]
    if quoted and all(p[0] in _QUOTES and p[-1] in _QUOTES for p in quoted):
        return "direct"
    if any(ch in text[s:e] for s, e in spans for ch in _QUOTES if ch not in "'\u2019"):
        return "mixed"
    if any(re.search(r"(^|\s)['\u2018]\w", text[s:e]) for s, e in spans):
        return "mixed"
    return "indirect"


def _source_ok(g: Item, p: Item) -> bool:
    if g.source is None or p.source is None:
        return False
    if g.actor and p.actor:
        return g.actor == p.actor
    return p.source[0] < g.source[1] and g.source[0] < p.source[1]


def _match(gold: list[Item], pred: list[Item], test) -> list[tuple[int, int]]:
    """One-to-one greedy matching on a score; test(g, p) -> score or None."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = test(g, p)
            if score is not None:
                pairs.append((score, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _overlap(g: Item, p: Item) -> float | None:
    shared = len(g.words & p.words)
    return shared / max(len(g.words | p.words), 1) if shared else None


def _half(g: Item, p: Item) -> float | None:
    shared = len(g.words & p.words)
    if not shared or shared < 0.5 * len(g.words) or shared < 0.5 * len(p.words):
        return None
    return shared / len(g.words | p.words)


def _exact(g: Item, p: Item) -> float | None:
    return 1.0 if g.words and g.words == p.words else None


def _who(g: Item, p: Item) -> float | None:
    score = _half(g, p)
    return score if score is not None and _source_ok(g, p) else None


def score_document(scores: Scores, gold: list[Item], pred: list[Item]) -> None:
    for name, test in (("any", _overlap), ("half", _half), ("exact", _exact), ("who", _who)):
        tally: Tally = getattr(scores, name)
        matched = _match(gold, pred, test)
        tally.tp += len(matched)
        tally.n_gold += len(gold)
        tally.n_pred += len(pred)
        if name in ("half", "who"):
            for kind in KINDS:
                kt = scores.by_kind[kind][name]
                kt.n_gold += sum(g.kind == kind for g in gold)
                kt.n_pred += sum(p.kind == kind for p in pred)
                kt.tp += sum(gold[gi].kind == kind for gi, _ in matched)
                kt.tp_pred = (kt.tp_pred or 0) + sum(pred[pi].kind == kind for _, pi in matched)
    aligned = _match(gold, pred, _overlap)
    scores.source.n_gold += sum(g.source is not None for g in gold)
    scores.source.n_pred += sum(p.source is not None for p in pred)
    scores.source.tp += sum(_source_ok(gold[gi], pred[pi]) for gi, pi in aligned)


def _parsed(nlp, path: Path, texts: list[str]):
    """Docs for texts, cached as a DocBin keyed by model, file and count."""
    from spacy.tokens import DocBin

    from pipeline.nlp import pipeline_fingerprint

    key = hashlib.sha256(f"{pipeline_fingerprint(nlp)}-{path.resolve()}-"
                         f"{path.stat().st_mtime}-{len(texts)}".encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"dateline-attr-{key}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts, strict=True)):
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def _actor_index(doc):
    try:
        from pipeline.extract.actors import find_actors
    except ImportError:
        from pipeline.extract.attribution import EntityActors

        return EntityActors(doc)
    return find_actors(doc)


def evaluate_file(path: Path, limit: int | None = None, model: str | None = None,
                  errors: list[dict[str, Any]] | None = None,
                  docs_slice: slice = slice(None)) -> tuple[Scores, int]:
    from pipeline.extract.attribution import find_attributions, resolve_actor
    from pipeline.nlp import load_model

    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    nlp = load_model(model)
    docs = _parsed(nlp, path, [r["text"] for r in rows])
    pairs = list(zip(rows, docs, strict=True))[docs_slice]
    scores = Scores()
    for row, doc in pairs:
        text = row["text"]
        actors = _actor_index(doc)
        gold: list[Item] = []
        for a in row.get("attributions", []):
            spans = [(c["start"], c["end"]) for c in a.get("content", [])]
            words = words_of(text, spans)
            if not words:
                continue
            src = a.get("source") or []
            source = (src[0]["start"], src[-1]["end"]) if src else None
            actor = None
            if source:
                span = doc.char_span(*source, alignment_mode="expand")
                if span is not None and len(span):
                    actor = resolve_actor(doc, actors, span.start, span.end)
            gold.append(Item(words, source, actor, gold_kind(text, spans)))
        pred: list[Item] = []
        for a in find_attributions(doc, actors, nested=False):
            words = words_of(text, a.content)
            if not words:
                continue
            source = None
            if a.source is not None and a.source[1] > a.source[0]:
                span = doc[a.source[0]:a.source[1]]
                source = (span.start_char, span.end_char)
            pred.append(Item(words, source, a.source_actor, a.kind))
        score_document(scores, gold, pred)
        if errors is not None:
            matched = {gi for gi, _ in _match(gold, pred, _half)}
            for gi, g in enumerate(gold):
                if gi not in matched:
                    first = min(g.words)
                    errors.append({"doc": row.get("doc_id"), "kind": g.kind,
                                   "text": text[first:first + 80]})
    return scores, len(pairs)


def format_scores(scores: Scores, n_docs: int, seconds: float) -> str:
    lines = [f"documents: {n_docs}  gold attributions: {scores.half.n_gold}  "
             f"predicted: {scores.half.n_pred}  ({seconds:.1f} s)", "",
             f"{'measure':<28}{'P':>7}{'R':>7}{'F1':>7}"]
    for label, tally in (("content, any overlap", scores.any),
                         ("content, >=50% coverage", scores.half),
                         ("content, exact", scores.exact),
                         ("source (resolved actor)", scores.source),
                         ("who said what", scores.who)):
        p, r, f = tally.prf()
        lines.append(f"{label:<28}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    lines += ["", f"{'by kind':<28}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}  (>=50%)"
              "  who-said-what F1"]
    for kind in KINDS:
        half = scores.by_kind[kind]["half"]
        who = scores.by_kind[kind]["who"]
        p, r, f = half.prf()
        lines.append(f"{kind:<28}{half.n_gold:>6}{half.n_pred:>6}{p:>7.3f}{r:>7.3f}{f:>7.3f}"
                     f"{who.prf()[2]:>10.3f}")
    lines.append("(per kind: recall by gold kind, precision by predicted kind)")
    return "\n".join(lines)


@click.command("attribution")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--model", default=None, help="spaCy model (default: see README).")
@click.option("--misses", type=int, default=0, help="Print up to N missed gold contents.")
@click.option("--docs", default=None,
              help="Score a slice of the articles, e.g. 700: for the part of train that "
                   "`dateline train attribution --docs 0:700` held out.")
@click.option("--weights", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Attribution model weights to use instead of the packaged ones "
                                 "(from `dateline train attribution --out`).")
def attribution_command(path: Path, limit: int | None, model: str | None, misses: int,
                        docs: str | None, weights: Path | None) -> None:
    """Score attribution (content, source, who-said-what) on a PolNeAR-format JSON lines file."""
    from pipeline.extract import attribution_model
    from pipeline.train_attribution import parse_slice

    if weights is not None:
        attribution_model.MODEL_PATH = weights
        attribution_model.load_weights.cache_clear()

    started = time.perf_counter()
    errors: list[dict[str, Any]] | None = [] if misses else None
    scores, n_docs = evaluate_file(path, limit=limit, model=model, errors=errors,
                                   docs_slice=parse_slice(docs))
    click.echo(format_scores(scores, n_docs, time.perf_counter() - started))
    if errors:
        click.echo("\nmissed gold contents:")
        for kind, count in Counter(e["kind"] for e in errors).most_common():
            click.echo(f"  {kind}: {count}")
        for e in errors[:misses]:
            click.echo(f"  [{e['kind']}] {e['doc']}: {e['text']!r}")
    sys.stdout.flush()

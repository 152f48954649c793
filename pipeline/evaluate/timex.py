"""`dateline evaluate timex DIR`: TempEval-3 task A scoring of the time-expression stage.

Each `.tml` file's `<TEXT>` content (tags stripped, entities unescaped) is run through spaCy and
`find_timexes` with the file's `<DCT>` as publication date, and compared with the gold TIMEX3s:

- strict match: identical character offsets; relaxed match: any overlap (one-to-one, greedy);
- precision/recall/F1 for both; type and value accuracy over relaxed matches;
- value F1 = relaxed F1 x value accuracy (as TempEval-3 reports it).

A fixed fifth of the files (by a hash of the file name, so the split never depends on the order
or the machine) is held out; tune on `--split tune`, report on `--split heldout`.
"""

from __future__ import annotations

import hashlib
import html
import pickle
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

SPLITS = ("tune", "heldout", "all")
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


class TimeMLError(ValueError):
    """A TimeML file without the parts scoring needs (TEXT, DCT)."""


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    name: str
    dct: str
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def split_of(name: str) -> str:
    """'heldout' for a fixed fifth of file names, 'tune' for the rest (deterministic)."""
    digest = hashlib.sha1(Path(name).name.encode("utf-8")).digest()
    return "heldout" if digest[0] % 5 == 0 else "tune"


@dataclass
class Tag:
    """One annotation element inside TEXT, with offsets into the tag-stripped text."""

    name: str
    start: int
    end: int
    attrs: dict[str, str]


def strip_tags(raw: str, names: frozenset[str] = frozenset({"TIMEX3"})) -> tuple[str, list[Tag]]:
    """The text with every tag removed and entities unescaped, and the elements named in
    `names` with their offsets into it (nesting allowed)."""
    out: list[str] = []
    length = 0
    open_tags: list[tuple[str, int, dict[str, str]]] = []
    tags: list[Tag] = []
    pos = 0
    for tag in _TAG.finditer(raw):
        piece = html.unescape(raw[pos:tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, tag_name = tag.group(1), tag.group(2)
        if tag_name not in names or tag.group(4):
            continue
        if not closing:
            open_tags.append((tag_name, length, dict(_ATTR.findall(tag.group(3)))))
            continue
        for i in range(len(open_tags) - 1, -1, -1):
            if open_tags[i][0] == tag_name:
                _, start, attrs = open_tags.pop(i)
                tags.append(Tag(tag_name, start, length, attrs))
                break
    out.append(html.unescape(raw[pos:]))
    return "".join(out), tags


def parse_timeml(source: str, name: str = "") -> TimeMLDoc:
    """The TEXT content with offsets of its TIMEX3s, and the DCT value."""
    dct_match = re.search(r"<DCT>.*?value=\"([^\"]+)\".*?</DCT>", source, re.S)
    text_match = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
    if not text_match:
        raise TimeMLError(f"{name or 'document'}: no <TEXT> element")
    if not dct_match:
        raise TimeMLError(f"{name or 'document'}: no <DCT> value")
    text, tags = strip_tags(text_match.group(1))
    timexes = [GoldTimex(t.start, t.end, text[t.start:t.end], t.attrs.get("type", ""),
                         t.attrs.get("value", "")) for t in tags]
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimeMLDoc(name=name, dct=dct_match.group(1), text=text, timexes=timexes)


def load_dir(directory: Path, split: str = "all") -> list[TimeMLDoc]:
    """Every .tml file under `directory` in the chosen split, sorted by path."""
    docs = []
    for path in sorted(Path(directory).rglob("*.tml")):
        if split != "all" and split_of(path.name) != split:
            continue
        docs.append(parse_timeml(path.read_text(encoding="utf-8"), path.name))
    return docs


@dataclass
class Scores:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type_ok: int = 0
    value_ok: int = 0
    misses: list[tuple[str, GoldTimex]] = field(default_factory=list)
    spurious: list[tuple[str, object]] = field(default_factory=list)
    wrong_values: list[tuple[str, GoldTimex, object]] = field(default_factory=list)
    wrong_spans: list[tuple[str, GoldTimex, object]] = field(default_factory=list)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        rp = self.relaxed_system / self.system if self.system else 0.0
        rr = self.relaxed_gold / self.gold if self.gold else 0.0
        matched = self.relaxed_gold
        value_acc = self.value_ok / matched if matched else 0.0
        type_acc = self.type_ok / matched if matched else 0.0
        relaxed_f1 = self._f1(rp, rr)
        return {
            "gold": self.gold, "system": self.system,
            "strict_p": sp, "strict_r": sr, "strict_f1": self._f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": relaxed_f1,
            "type_accuracy": type_acc, "value_accuracy": value_acc,
            "value_f1": relaxed_f1 * value_acc,
        }


def score_document(doc: TimeMLDoc, predicted: list, scores: Scores) -> None:
    """Add one document's comparison to `scores`. `predicted` items need start, end, type,
    value (pipeline.record.Timex or anything shaped like it)."""
    gold = doc.timexes
    scores.gold += len(gold)
    scores.system += len(predicted)
    used: set[int] = set()
    matched_system: set[int] = set()
    for g in gold:
        # prefer an exact-offset partner, else the first overlapping unused prediction
        best = None
        for j, p in enumerate(predicted):
            if j in used or p.end <= g.start or p.start >= g.end:
                continue
            if p.start == g.start and p.end == g.end:
                best = j
                break
            if best is None:
                best = j
        if best is None:
            scores.misses.append((doc.name, g))
            continue
        p = predicted[best]
        used.add(best)
        matched_system.add(best)
        scores.relaxed_gold += 1
        if p.start == g.start and p.end == g.end:
            scores.strict += 1
        else:
            scores.wrong_spans.append((doc.name, g, p))
        if p.type == g.type:
            scores.type_ok += 1
        if p.value == g.value:
            scores.value_ok += 1
        else:
            scores.wrong_values.append((doc.name, g, p))
    # a prediction overlapping some gold timex is not spurious even if that gold went to another
    for j, p in enumerate(predicted):
        if j in matched_system:
            scores.relaxed_system += 1
        elif any(not (p.end <= g.start or p.start >= g.end) for g in gold):
            scores.relaxed_system += 1
        else:
            scores.spurious.append((doc.name, p))


def _cache_path(docs: list[TimeMLDoc], model_label: str) -> Path:
    key = hashlib.sha1(model_label.encode())
    for doc in docs:
        key.update(doc.name.encode())
        key.update(doc.text.encode())
    return Path("/tmp") / f"dateline-timex-eval-{key.hexdigest()[:16]}.pkl"


def parse_docs(docs: list[TimeMLDoc], nlp, cache: bool = True) -> list:
    """spaCy Docs for the TimeML texts, cached as a DocBin under /tmp between runs."""
    from spacy.tokens import DocBin

    from pipeline.nlp import pipeline_fingerprint

    path = _cache_path(docs, pipeline_fingerprint(nlp))
    if cache and path.exists():
        with path.open("rb") as handle:
            data = pickle.load(handle)
        return list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    if cache:
        bin_ = DocBin(store_user_data=False)
        for doc in parsed:
            bin_.add(doc)
        with path.open("wb") as handle:
            pickle.dump(bin_.to_bytes(), handle)
    return parsed


def evaluate(docs: list[TimeMLDoc], parsed: list) -> Scores:
    from pipeline.extract.timex import find_timexes

    scores = Scores()
    for doc, sdoc in zip(docs, parsed, strict=True):
        score_document(doc, find_timexes(sdoc, doc.dct), scores)
    return scores


def _show(item) -> str:
    return f"{item.text!r} {item.type} {item.value}"


@click.command("timex")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Which fixed part of the files to score (heldout = a hash-chosen fifth).")
@click.option("--model", default=None, help="spaCy model (default: the pipeline's).")
@click.option("--show", "show", multiple=True,
              type=click.Choice(["misses", "spurious", "values", "spans"]),
              help="Print the misses, spurious hits, wrong values or inexact spans.")
@click.option("--no-cache", is_flag=True, help="Parse again instead of using the /tmp cache.")
def timex_command(directory: Path, split: str, model: str | None, show: tuple[str, ...],
                  no_cache: bool) -> None:
    """Score time expressions on TimeML (.tml) files, TempEval-3 task A style."""
    from pipeline.nlp import load_model

    docs = load_dir(directory, split)
    if not docs:
        raise click.ClickException(f"no .tml files in {directory} for split {split!r}")
    nlp = load_model(model)
    parsed = parse_docs(docs, nlp, cache=not no_cache)
    started = time.perf_counter()
    scores = evaluate(docs, parsed)
    seconds = time.perf_counter() - started
    fig = scores.figures()
    out = sys.stdout
    if "misses" in show:
        for name, g in scores.misses:
            print(f"MISS     {name}: {_show(g)}", file=out)
    if "spurious" in show:
        for name, p in scores.spurious:
            print(f"SPURIOUS {name}: {_show(p)}", file=out)
    if "values" in show:
        for name, g, p in scores.wrong_values:
            print(f"VALUE    {name}: gold {_show(g)} | got {_show(p)}", file=out)
    if "spans" in show:
        for name, g, p in scores.wrong_spans:
            print(f"SPAN     {name}: gold {g.text!r} | got {p.text!r}", file=out)
    print(f"files {len(docs)} ({split})  gold {fig['gold']}  system {fig['system']}  "
          f"timex seconds {seconds:.2f}", file=out)
    print(f"strict   P {fig['strict_p']:.3f}  R {fig['strict_r']:.3f}  F1 {fig['strict_f1']:.3f}",
          file=out)
    print(f"relaxed  P {fig['relaxed_p']:.3f}  R {fig['relaxed_r']:.3f}  "
          f"F1 {fig['relaxed_f1']:.3f}", file=out)
    print(f"type accuracy {fig['type_accuracy']:.3f}  value accuracy {fig['value_accuracy']:.3f}"
          f"  value F1 {fig['value_f1']:.3f}", file=out)


if __name__ == "__main__":
    timex_command()

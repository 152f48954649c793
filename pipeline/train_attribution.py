"""`dateline train attribution TRAIN.jsonl`: fit the attribution cue and content models
(`pipeline/extract/attribution_model.py`) on PolNeAR-format training data.

Only ever give it the training split: the dev split is for reporting. `--docs A:B` trains on a
slice of the file, so part of train can be held out for model selection
(`dateline evaluate attribution TRAIN.jsonl --docs B:` scores the rest).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

# Chosen on a held-out part of PolNeAR train (documents 700 onwards, model fitted on 0:700).
CUE_THRESHOLD = 0.3
ARG_THRESHOLD = 0.5


def parse_slice(value: str | None) -> slice:
    if not value:
        return slice(None)
    start, _, end = value.partition(":")
    return slice(int(start) if start else None, int(end) if end else None)


def collect_rows(path: Path, docs_slice: slice, model: str | None = None):
    from pipeline.evaluate.attribution import _parsed
    from pipeline.extract.attribution import doc_text, quoted_tokens
    from pipeline.extract.attribution_model import training_rows
    from pipeline.extract.quotes import find_quotes
    from pipeline.nlp import load_model

    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if any(r.get("split") == "dev" for r in rows):
        raise click.UsageError(f"{path} holds dev documents: train on the training split only")
    nlp = load_model(model)
    docs = _parsed(nlp, path, [r["text"] for r in rows])
    cue_rows, arg_rows = [], []
    for row, doc in list(zip(rows, docs, strict=True))[docs_slice]:
        quoted = quoted_tokens(doc, find_quotes(doc_text(doc)))
        c, a = training_rows(doc, row.get("attributions", []), quoted)
        cue_rows += c
        arg_rows += a
    return cue_rows, arg_rows


def train_model(path: Path, out: Path, docs_slice: slice = slice(None), model: str | None = None,
                cue_threshold: float = CUE_THRESHOLD, arg_threshold: float = ARG_THRESHOLD,
                ) -> dict:
    from pipeline.extract.attribution_model import fit, save_model

    cue_rows, arg_rows = collect_rows(path, docs_slice, model)
    weights = {"cue": fit(cue_rows), "arg": fit(arg_rows)}
    meta = {"cue_threshold": cue_threshold, "arg_threshold": arg_threshold,
            "trained_on": path.name, "docs": f"{docs_slice.start or ''}:{docs_slice.stop or ''}",
            "cue_rows": len(cue_rows), "cue_positive": sum(y for _, y in cue_rows),
            "arg_rows": len(arg_rows), "arg_positive": sum(y for _, y in arg_rows)}
    save_model(out, weights, meta)
    return meta


@click.group()
def train() -> None:
    """Fit Dateline's small trained components."""


@train.command("attribution")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the weights (default: the packaged model).")
@click.option("--docs", default=None, help="Train on a slice of the file's documents, e.g. 0:700.")
@click.option("--model", default=None, help="spaCy model (default: see README).")
def attribution_command(path: Path, out: Path | None, docs: str | None,
                        model: str | None) -> None:
    """Fit the attribution cue and content models on a PolNeAR-format training file."""
    from pipeline.extract.attribution_model import MODEL_PATH

    started = time.perf_counter()
    target = out or MODEL_PATH
    meta = train_model(path, target, parse_slice(docs), model)
    click.echo(f"{target}: {target.stat().st_size / 1e6:.2f} MB  cue rows {meta['cue_rows']} "
               f"({meta['cue_positive']} cues), content rows {meta['arg_rows']} "
               f"({meta['arg_positive']} in content)  ({time.perf_counter() - started:.1f} s)")

"""`dateline evaluate actors [GOLD_DIR]`: alias merging and speaker resolution, measured.

Two measurements:

1. Our gold set (`tests/gold/actors/*.yaml`, texts written for Dateline): every occurrence of
   a gold alias in the text is a mention with a gold actor; the predicted actor is the one
   `find_actors` gives that span. Alias-merge precision/recall/F1 are pairwise over those
   occurrences (two mentions linked in gold and in prediction = a true positive pair; a
   mention with no predicted actor links to nothing). Speaker accuracy: the listed pronoun and
   nominal speakers resolved to an actor carrying the gold actor's name.
2. PolNeAR (`../shared/data/polnear/dev.jsonl`): for each gold attribution source, is there an
   actor mention overlapping the source span whose canonical actor is correct? PolNeAR has no
   actor identities, so truth is a name in the same document:
   - a named source ("Mr. Obama", "The New York Post") is its own truth: correct when the
     actor's name or an alias shares the source's head name word;
   - a pronoun/nominal source ("he", "the company") takes the nearest earlier compatible name
     in the document as truth (he/she and person roles: a person-like name of no other known
     gender; it/they and organisation nominals: a name that is not person-like); anonymous
     sources ("a source", "officials") and first/second-person pronouns are not scored.
     `--truth names` (default): the candidate names are the named gold sources *and* every
     NER name that is a main-clause subject, skipping names inside quotation marks for a
     pronoun outside them; person-like also by a document-wide vote of the name's NER labels
     and by gender known from the name's full form elsewhere in the document.
     `--truth sources` (the first version): named gold sources only, person-like by the span's
     own NER label. Why the change: on PolNeAR *train*, among sources where the two truths
     disagree, a hand check of 30 found the names truth right in 16, the sources truth right
     in 3 (the antecedent is very often named as a subject outside any attribution: "Mr. Cruz
     has sharpened his language … He has coined …"; lone surnames tagged GPE, "Calderon", were
     never person-like). The truth never looks at the system's output; its quotation marks
     are detected by its own code, not the resolver's.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.evaluate.actors_gold import GoldError, GoldScores, load_gold, score_gold
from pipeline.evaluate.actors_polnear import (
    ANONYMOUS_HEADS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    TRUTHS,
    UNSCORED_PRONOUNS,
    PolnearScores,
    parse_polnear,
    score_polnear,
)

__all__ = [
    "ANONYMOUS_HEADS",
    "DEFAULT_GOLD",
    "DEFAULT_POLNEAR",
    "GoldError",
    "GoldScores",
    "PRONOUNS",
    "PolnearScores",
    "RELATIVE_PRONOUNS",
    "TRUTHS",
    "UNSCORED_PRONOUNS",
    "actors_command",
    "load_gold",
    "parse_polnear",
    "score_gold",
    "score_polnear",
]


DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold" / "actors"
DEFAULT_POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" \
    / "dev.jsonl"


@click.command(name="actors")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--polnear", "polnear_path", type=click.Path(dir_okay=False),
              help="PolNeAR JSON lines (default ../shared/data/polnear/dev.jsonl when present).")
@click.option("--no-polnear", is_flag=True, help="Only the gold set.")
@click.option("--limit", type=int, help="Only the first N PolNeAR articles.")
@click.option("--cache", type=click.Path(file_okay=False), default="/tmp/dateline-actors-cache",
              show_default=True, help="DocBin cache of parsed PolNeAR articles.")
@click.option("--registry", type=click.Path(dir_okay=False), help="Actor registry YAML file.")
@click.option("--model", help="spaCy model name or path.")
@click.option("--errors", "show_errors", type=int, default=0, help="Print the first N errors.")
@click.option("--truth", type=click.Choice(TRUTHS), default="names", show_default=True,
              help="The true name of a pronoun/nominal source: the nearest earlier compatible "
                   "name that is a gold source or a clause subject (names), or a gold source "
                   "only (sources, the first version).")
def actors_command(gold_dir: str | None, polnear_path: str | None, no_polnear: bool,
                   limit: int | None, cache: str, registry: str | None, model: str | None,
                   show_errors: int, truth: str) -> None:
    """Alias-merge P/R/F1 and speaker accuracy on the gold set; source-actor accuracy on
    PolNeAR."""
    from pipeline.extract.registry import load_registry
    from pipeline.nlp import load_model

    nlp = load_model(model)
    reg = load_registry(registry)
    gold = score_gold(load_gold(gold_dir or DEFAULT_GOLD), nlp, reg)
    click.echo(f"gold set: {gold.documents} documents")
    click.echo(f"  alias merge  precision {gold.precision:.3f}  recall {gold.recall:.3f}  "
               f"F1 {gold.f1:.3f}  (pairs: tp {gold.tp}, fp {gold.fp}, fn {gold.fn})")
    click.echo(f"  speaker resolution accuracy {gold.speaker_accuracy:.3f}  "
               f"({gold.speakers_correct}/{gold.speakers})")
    for line in gold.errors[:show_errors]:
        click.echo(f"    {line}")
    if no_polnear:
        return
    path = Path(polnear_path) if polnear_path else DEFAULT_POLNEAR
    if not path.exists():
        click.echo(f"PolNeAR: {path} not found, skipped")
        return
    rows, docs = parse_polnear(path, nlp, Path(cache) if cache else None, limit)
    scores = score_polnear(rows, docs, reg, truth=truth)
    click.echo(f"PolNeAR {path.name}: {scores.documents} articles, {scores.sources} sources "
               f"(pronoun/nominal truth: {truth})")
    for kind in ("named", "pronoun", "nominal", "group"):
        click.echo(f"  {kind:8s} source -> correct actor {scores.accuracy(kind):.3f}  "
                   f"({scores.correct[kind]}/{scores.by_type[kind]})")
    click.echo(f"  pronoun+nominal speaker resolution "
               f"{scores.accuracy('pronoun', 'nominal'):.3f}")
    click.echo(f"  all scored sources {scores.accuracy('named', 'pronoun', 'nominal'):.3f}")
    click.echo(f"  not scored: {dict(scores.unscored)}")
    for line in scores.errors[:show_errors]:
        click.echo(f"    {line}")

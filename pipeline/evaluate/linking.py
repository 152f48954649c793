"""`dateline evaluate linking DIR`: events and actors across documents against gold clusters.

DIR holds one folder per story: its documents (any format `dateline ingest` reads) and a
`gold.yaml`:

```yaml
events:                       # each happening, with every report of it
  - id: ballot-close
    mentions:
      - {doc: 01-harbour-herald.txt, sentence: "ballot closes", action: close}
actors:                       # each body or person, with the names each document uses
  - id: dockworkers-union
    mentions:
      - {doc: 01-harbour-herald.txt, text: "Coastal Dockworkers Union"}
```

The folders are ingested into a fresh database (so the link stage runs as in production) and
the gold mentions are aligned with what the pipeline stored: an event mention with the event
of that document whose sentence contains `sentence` (the one with lemma `action` first, else
one of the same action class), an actor mention with an actor mention of that document with
that text. The scores are over the gold mentions (an unaligned one is a singleton in the
response): MUC, B³, CEAF-e and their CoNLL mean, for the system and two baselines in the same
run: every mention alone (singleton), and one cluster per action lemma within a story (events)
or per exact string within a story (actors).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

from pipeline.evaluate.coref_metrics import conll

__all__ = ["GoldError", "LinkingResult", "evaluate_linking", "linking_command"]


class GoldError(ValueError):
    """A gold file that cannot be read or names a document that is not there."""


@dataclass
class LinkingResult:
    events: dict[str, dict[str, float]] = field(default_factory=dict)
    actors: dict[str, dict[str, float]] = field(default_factory=dict)
    aligned: dict[str, tuple[int, int]] = field(default_factory=dict)
    stories: int = 0
    documents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"stories": self.stories, "documents": self.documents,
                "aligned": {k: {"aligned": a, "gold": g} for k, (a, g) in self.aligned.items()},
                "events": self.events, "actors": self.actors}

    def format(self) -> str:
        lines = [f"{self.stories} stories, {self.documents} documents"]
        for kind in ("events", "actors"):
            aligned, gold = self.aligned.get(kind, (0, 0))
            lines.append(f"\n{kind} ({aligned}/{gold} gold mentions aligned)")
            lines.append(f"  {'system':<14}{'MUC':>7}{'B3':>7}{'CEAF-e':>8}{'CoNLL':>7}")
            for name, scores in getattr(self, kind).items():
                lines.append(f"  {name:<14}{scores['muc']:>7.1f}{scores['b3']:>7.1f}"
                             f"{scores['ceaf_e']:>8.1f}{scores['conll']:>7.1f}")
        return "\n".join(lines)


def _load_gold(story: Path) -> dict[str, Any]:
    path = story / "gold.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GoldError(f"{path}: cannot read: {error}") from error
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping with 'events' and 'actors'")
    for kind in ("events", "actors"):
        for cluster in data.get(kind) or []:
            if not isinstance(cluster, dict) or not isinstance(cluster.get("mentions"), list):
                raise GoldError(f"{path}: each of {kind} needs an id and a list of mentions")
    return data


def _documents(db: Any) -> dict[tuple[str, str], str]:
    """(story folder, file name) -> document id of the latest version."""
    return {(Path(row[1] or "").parent.name, Path(row[1] or "").name): row[0]
            for row in db.execute("select id, source from documents where is_latest = 1")}


def _event_clusters(db: Any, stories: list[tuple[Path, dict]], docs: dict[tuple[str, str], str]
                    ) -> tuple[list[set], dict[str, list[set]], int, int]:
    from pipeline.link.config import link_config

    config = link_config()
    key: list[set] = []
    system: dict[str, set] = defaultdict(set)
    lemma: dict[tuple[str, str], set] = defaultdict(set)
    singles: list[set] = []
    aligned = total = 0
    for story, gold in stories:
        for cluster in gold.get("events") or []:
            members = set()
            for number, mention in enumerate(cluster["mentions"]):
                total += 1
                item = (story.name, cluster.get("id"), number)
                members.add(item)
                singles.append({item})
                document_id = docs.get((story.name, str(mention.get("doc"))))
                if document_id is None:
                    raise GoldError(f"{story}/gold.yaml: no document {mention.get('doc')!r}")
                rows = db.execute(
                    "select id, action, cluster_id from events where document_id = ? and"
                    " instr(lower(sentence_text), lower(?)) > 0 order by sentence_start, id",
                    [document_id, str(mention.get("sentence", ""))]).fetchall()
                want = str(mention.get("action") or "")
                pick = ([r for r in rows if r[1] == want]
                        or [r for r in rows if want and config.action_class(r[1])
                            == config.action_class(want)])
                if pick:
                    aligned += 1
                    system[pick[0][2]].add(item)
                else:
                    system[f"unaligned:{item}"].add(item)
                lemma[(story.name, want or (pick[0][1] if pick else str(item)))].add(item)
            key.append(members)
    return key, {"system": list(system.values()), "singleton": singles,
                 "same-lemma": list(lemma.values())}, aligned, total


def _actor_clusters(db: Any, stories: list[tuple[Path, dict]], docs: dict[tuple[str, str], str]
                    ) -> tuple[list[set], dict[str, list[set]], int, int]:
    canonical = {row[0]: row[1] for row in db.execute(
        "select actor_id, coalesce(canonical_id, '') from actor_merges")}
    key: list[set] = []
    system: dict[str, set] = defaultdict(set)
    exact: dict[tuple[str, str], set] = defaultdict(set)
    singles: list[set] = []
    aligned = total = 0
    for story, gold in stories:
        for cluster in gold.get("actors") or []:
            members = set()
            for mention in cluster["mentions"]:
                total += 1
                text = str(mention.get("text", ""))
                item = (story.name, str(mention.get("doc")), text.casefold())
                members.add(item)
                singles.append({item})
                exact[(story.name, text.casefold())].add(item)
                row = db.execute(
                    "select actor_id from mentions where document_id = ? and lower(text) ="
                    " lower(?) order by start limit 1",
                    [docs.get((story.name, str(mention.get("doc")))), text]).fetchone()
                if row and row[0]:
                    aligned += 1
                    system[canonical.get(row[0], row[0]) or f"role:{row[0]}"].add(item)
                else:
                    system[f"unaligned:{item}"].add(item)
            key.append(members)
    return key, {"system": list(system.values()), "singleton": singles,
                 "exact-string": list(exact.values())}, aligned, total


def evaluate_linking(directory: str | Path, *, db_path: str | Path | None = None,
                     model: str | None = None) -> LinkingResult:
    """Ingest each story folder of `directory` and score events and actors across documents."""
    from sqlite_utils import Database

    from pipeline.batch import ingest_paths

    directory = Path(directory)
    stories = [(story, _load_gold(story)) for story in sorted(directory.iterdir())
               if story.is_dir() and (story / "gold.yaml").exists()]
    if not stories:
        raise GoldError(f"{directory}: no story folder with a gold.yaml")
    with tempfile.TemporaryDirectory() as temp:
        path = Path(db_path) if db_path else Path(temp) / "linking.db"
        files = [str(f) for story, _ in stories for f in sorted(story.iterdir())
                 if f.name != "gold.yaml" and not f.name.endswith(".meta.json")]
        ingest_paths(path, files, model=model, progress="off")
        db = Database(path)
        docs = _documents(db)
        result = LinkingResult(stories=len(stories), documents=len(docs))
        for kind, build in (("events", _event_clusters), ("actors", _actor_clusters)):
            key, responses, aligned, total = build(db, stories, docs)
            result.aligned[kind] = (aligned, total)
            setattr(result, kind, {name: conll(key, response)
                                   for name, response in responses.items()})
        db.close()
    return result


@click.command("linking")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Keep the database here (default: a temporary one).")
@click.option("--model", default=None, help="spaCy model name or path.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def linking_command(directory: str, db_path: str | None, model: str | None,
                    as_json: bool) -> None:
    """Score cross-document events and actors (CoNLL F1 with baselines) on gold stories."""
    try:
        result = evaluate_linking(directory, db_path=db_path, model=model)
    except GoldError as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.format())

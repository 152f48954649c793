"""`dateline evaluate actors`, measurement 1: alias merging and speaker accuracy on our gold set
(`tests/gold/actors/*.yaml`); see `actors.py` for the method.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.extract.registry import Registry, alias_key


class GoldError(ValueError):
    """A gold file that does not follow tests/gold/actors/README.md."""


# ---------------------------------------------------------------------------------------------
# gold set

@dataclass
class GoldScores:
    documents: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speakers: int = 0
    speakers_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_correct / self.speakers if self.speakers else 0.0


def load_gold(gold_dir: str | Path) -> list[dict]:
    gold_dir = Path(gold_dir)
    files = sorted(gold_dir.glob("*.yaml"))
    if not files:
        raise GoldError(f"{gold_dir}: no *.yaml gold files")
    docs = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "text" not in data or "actors" not in data:
            raise GoldError(f"{path}: needs 'text' and 'actors'")
        data["path"] = str(path)
        docs.append(data)
    return docs


def _occurrences(text: str, actors: list[dict]) -> list[tuple[int, int, str]]:
    """(start, end, gold actor name) for every gold alias occurrence, longest alias first,
    never overlapping."""
    aliases = sorted(((alias, actor["name"]) for actor in actors
                      for alias in dict.fromkeys([actor["name"], *actor.get("aliases", [])])),
                     key=lambda pair: -len(pair[0]))
    taken: list[tuple[int, int]] = []
    found = []
    for alias, name in aliases:
        pattern = r"\s+".join(re.escape(word) for word in alias.split())
        for match in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, end, name))
    return sorted(found)


def _nth(text: str, needle: str, nth: int) -> tuple[int, int] | None:
    pattern = r"\s+".join(re.escape(word) for word in needle.split())
    matches = list(re.finditer(rf"(?<!\w){pattern}(?!\w)", text))
    if len(matches) < nth:
        return None
    return matches[nth - 1].span()


def score_gold(docs: list[dict], nlp, registry: Registry | None = None) -> GoldScores:
    from pipeline.extract.actors import find_actors

    scores = GoldScores()
    for data in docs:
        scores.documents += 1
        text = data["text"]
        doc = nlp(text)
        index = find_actors(doc, registry)
        occurrences = _occurrences(text, data["actors"])
        predicted = [index.actor_for_span(s, e) for s, e, _ in occurrences]
        for (a, b) in itertools.combinations(range(len(occurrences)), 2):
            gold_same = occurrences[a][2] == occurrences[b][2]
            pred_same = predicted[a] is not None and predicted[a] == predicted[b]
            if gold_same and pred_same:
                scores.tp += 1
            elif pred_same:
                scores.fp += 1
                scores.errors.append(f"{Path(data['path']).name}: wrongly merged "
                                     f"{text[occurrences[a][0]:occurrences[a][1]]!r} + "
                                     f"{text[occurrences[b][0]:occurrences[b][1]]!r}")
            elif gold_same:
                scores.fn += 1
                scores.errors.append(f"{Path(data['path']).name}: not merged "
                                     f"{text[occurrences[a][0]:occurrences[a][1]]!r} "
                                     f"({predicted[a]}) + "
                                     f"{text[occurrences[b][0]:occurrences[b][1]]!r} "
                                     f"({predicted[b]})")
        gold_names = {actor["name"]: {alias_key(n) for n in [actor["name"],
                                                              *actor.get("aliases", [])]}
                      for actor in data["actors"]}
        for speaker in data.get("speakers") or []:
            scores.speakers += 1
            span = _nth(text, speaker["text"], int(speaker.get("nth", 1)))
            actor_id = index.actor_for_span(*span) if span else None
            actor = index.by_id(actor_id) if actor_id else None
            names = {alias_key(n) for n in ([actor.name, *actor.aliases] if actor else [])}
            if actor and names & gold_names.get(speaker["actor"], set()):
                scores.speakers_correct += 1
            else:
                scores.errors.append(f"{Path(data['path']).name}: speaker {speaker['text']!r}"
                                     f" -> {actor_id}, expected {speaker['actor']}")
    return scores

"""`dateline evaluate notices DIR`: dated statements and deadlines in vendor notices.

DIR is laid out like `notices-dev`: `docs/NAME.txt` with `docs/NAME.meta.json` sidecars and a
`gold.json` whose `items` are dated statements (excerpt, nth, range, role, actor, lemmas,
negated, optional, hard) and whose `deadlines` are deadline facts. The scoring follows the set's
README:

- an item is found when an event's sentence overlaps its excerpt, the event's date range overlaps
  the item's range and the event's action is one of the item's lemmas (recall over required items);
- role (strict, lenient with `alt_roles`, and also accepting `planned` for deadlines of kind
  `ends`), actor and negation accuracy on the found items, judged on the best matching event;
- deadline precision/recall/F1 over events whose role is `deadline`, one per (document, sentence,
  range), with recall split by deadline kind;
- dated precision: the share of dated events whose sentence overlaps an item (optional ones
  included) whose range overlaps the event's;
- misses grouped by kind (where the item's date comes from: its own clause, a list label or
  heading, an anaphor, a duration ...) and by reason (no event there, no date, another date,
  another action).

Records are scored as dicts in the contract's shape, so `--records FILE` (JSON lines from
`dateline analyze --json`) scores another run's output without parsing again.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


class NoticeGoldError(ValueError):
    """A gold file or directory without the parts scoring needs."""


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text with quotes straightened and whitespace runs made one space, and for each of its
    characters the offset it came from (so an excerpt found there maps back)."""
    out: list[str] = []
    where: list[int] = []
    previous_space = False
    for i, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        out.append(char)
        where.append(i)
    return "".join(out), where


def locate(text: str, excerpt: str, nth: int = 1) -> tuple[int, int] | None:
    """Offsets of the nth occurrence of `excerpt` in `text`, ignoring whitespace and quote
    differences when the exact string is not there; None when it is not in the text."""
    start = -1
    for _ in range(max(nth, 1)):
        start = text.find(excerpt, start + 1)
        if start < 0:
            break
    if start >= 0:
        return start, start + len(excerpt)
    norm_text, where = _normalised(text)
    norm_excerpt, _ = _normalised(excerpt.strip())
    start = -1
    for _ in range(max(nth, 1)):
        start = norm_text.find(norm_excerpt, start + 1)
        if start < 0:
            return None
    return where[start], where[start + len(norm_excerpt) - 1] + 1


def overlaps(a: tuple[Any, Any] | list[Any], b: tuple[Any, Any] | list[Any]) -> bool:
    """Inclusive overlap of two [first, last] ranges (ISO dates compare as strings)."""
    return a[0] <= b[1] and b[0] <= a[1]


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def name_key(name: str | None) -> str:
    """A name compared lower-cased, without a leading 'the' and most punctuation."""
    key = _SPACE.sub(" ", _PUNCT.sub(" ", (name or "").lower())).strip()
    return key[4:] if key.startswith("the ") else key


def action_ok(action: str, lemmas: list[str]) -> bool:
    """The event's action equals a listed lemma, starts with one, or has one among its words."""
    action = (action or "").lower()
    words = action.replace("-", " ").split()
    allowed = {lemma.lower() for lemma in lemmas}
    return action in allowed or bool(words and (words[0] in allowed or allowed & set(words)))


def actor_right(names: list[str], item: dict[str, Any]) -> bool:
    """Whether an event's actor names (empty for no actor) meet the item's allowed actors."""
    gold_actor = item.get("actor")
    if not names:
        return gold_actor is None
    allowed = [name_key(a) for a in item.get("actor_ok") or []]
    if gold_actor:
        allowed += [name_key(gold_actor.get("name"))]
        allowed += [name_key(a) for a in gold_actor.get("aliases") or []]
    allowed = [a for a in allowed if a]
    keys = [name_key(n) for n in names if name_key(n)]
    if any(k in allowed for k in keys):
        return True
    return any(len(a) >= 4 and re.search(rf"\b{re.escape(a)}\b", k)
               for k in keys for a in allowed)


def miss_kind(item: dict[str, Any]) -> str:
    """Where the item's date comes from, from its `hard` note: its own clause when absent."""
    hard = (item.get("hard") or "").lower()
    if not hard:
        return "own clause"
    for kind in ("list", "anaphor", "duration", "verbless", "year", "date"):
        if hard.startswith(kind):
            return {"list": "list label or heading", "date": "date in another clause",
                    "year": "year to infer", "verbless": "verbless line or heading"}.get(kind, kind)
    return "other"


@dataclass
class DocRecord:
    """What scoring needs from one analysis record."""
    name: str
    text: str
    events: list[dict[str, Any]]
    actor_names: dict[str, list[str]]

    @classmethod
    def from_record(cls, name: str, record: dict[str, Any]) -> DocRecord:
        names = {a["id"]: [a.get("name") or ""] + list(a.get("aliases") or [])
                 for a in record.get("actors") or []}
        return cls(name, record["document"]["text"], record.get("events") or [], names)

    def names_of(self, event: dict[str, Any]) -> list[str]:
        actor = event.get("actor")
        return self.actor_names.get(actor, [actor]) if actor else []


def _sentence(event: dict[str, Any]) -> tuple[int, int]:
    return event["sentence"]["start"], event["sentence"]["end"]


def _range(event: dict[str, Any]) -> list[str] | None:
    date = event.get("date") or {}
    return date.get("range")


@dataclass
class Scores:
    required: int = 0
    found: int = 0
    role_strict: int = 0
    role_lenient: int = 0
    role_ends_planned: int = 0
    actor_ok: int = 0
    negation_ok: int = 0
    system_deadlines: int = 0
    correct_deadlines: int = 0
    gold_deadlines: int = 0
    found_deadlines: int = 0
    deadline_kinds: Counter = field(default_factory=Counter)
    deadline_kinds_found: Counter = field(default_factory=Counter)
    dated_events: int = 0
    dated_right: int = 0
    unlocated: list[str] = field(default_factory=list)
    misses: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    wrong: list[tuple[dict[str, Any], dict[str, Any], str]] = field(default_factory=list)
    spurious: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    missed_deadlines: list[dict[str, Any]] = field(default_factory=list)
    undated_wrong: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    def figures(self) -> dict[str, float | int]:
        r = self._ratio
        p = r(self.correct_deadlines, self.system_deadlines)
        rec = r(self.found_deadlines, self.gold_deadlines)
        out: dict[str, float | int] = {
            "required": self.required, "found": self.found,
            "recall": r(self.found, self.required),
            "role_strict": r(self.role_strict, self.found),
            "role_lenient": r(self.role_lenient, self.found),
            "role_ends_planned": r(self.role_ends_planned, self.found),
            "actor": r(self.actor_ok, self.found),
            "negation": r(self.negation_ok, self.found),
            "deadline_p": p, "deadline_r": rec,
            "deadline_f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
            "dated_precision": r(self.dated_right, self.dated_events),
            "dated_events": self.dated_events,
            "system_deadlines": self.system_deadlines, "gold_deadlines": self.gold_deadlines,
        }
        for kind, total in sorted(self.deadline_kinds.items()):
            out[f"deadline_r_{kind}"] = r(self.deadline_kinds_found[kind], total)
        out["headline"] = min(out["recall"], out["role_strict"], out["actor"],
                              out["deadline_f1"], out["dated_precision"])
        return out

    def misses_by(self) -> tuple[Counter, Counter]:
        kinds = Counter(miss_kind(item) for item, _ in self.misses)
        reasons = Counter(reason for _, reason in self.misses)
        return kinds, reasons


def _miss_reason(item: dict[str, Any], candidates: list[dict[str, Any]]) -> str:
    if not candidates:
        return "no event in the sentence"
    if not any(_range(e) for e in candidates):
        return "no dated event there"
    dated = [e for e in candidates if _range(e) and overlaps(_range(e), item["range"])]
    if not dated:
        return "another date"
    return "another action"


def _judged(doc: DocRecord, event: dict[str, Any], item: dict[str, Any]
            ) -> tuple[bool, bool, bool]:
    """Role, actor and negation right, in the order the best matching event is chosen by."""
    return (event["date"]["role"] == item["role"], actor_right(doc.names_of(event), item),
            bool(event.get("negated")) == bool(item.get("negated")))


def score_items(doc: DocRecord, items: list[dict[str, Any]], scores: Scores) -> None:
    for item in items:
        span = locate(doc.text, item["excerpt"], item.get("nth", 1))
        if span is None:
            scores.unlocated.append(f"{doc.name}: {item['excerpt']!r}")
            continue
        if item.get("optional"):
            continue
        scores.required += 1
        near = [e for e in doc.events if _spans_overlap(_sentence(e), span)]
        matching = [e for e in near if _range(e) and overlaps(_range(e), item["range"])
                    and action_ok(e.get("action", ""), item.get("lemmas") or [])]
        if not matching:
            scores.misses.append((item, _miss_reason(item, near)))
            continue
        scores.found += 1

        best = max(matching, key=lambda e, item=item: _judged(doc, e, item))
        role_ok, actor_is_ok, negation_ok = _judged(doc, best, item)
        role = best["date"]["role"]
        lenient = role_ok or role in (item.get("alt_roles") or [])
        scores.role_strict += role_ok
        scores.role_lenient += lenient
        scores.role_ends_planned += lenient or (
            item["role"] == "deadline" and item.get("deadline_kind") == "ends"
            and role == "planned")
        scores.actor_ok += actor_is_ok
        scores.negation_ok += negation_ok
        problems = [what for what, ok in (("role", role_ok), ("actor", actor_is_ok),
                                          ("negation", negation_ok)) if not ok]
        if problems:
            scores.wrong.append((item, best, ",".join(problems)))


def score_deadlines(doc: DocRecord, gold: list[dict[str, Any]], kinds: dict[str, str],
                    scores: Scores) -> None:
    located = []
    for entry in gold:
        span = locate(doc.text, entry["excerpt"], entry.get("nth", 1))
        if span is not None:
            located.append((entry, span))
    system: dict[tuple[tuple[int, int], tuple[str, str]], dict[str, Any]] = {}
    for event in doc.events:
        if (event.get("date") or {}).get("role") == "deadline" and _range(event):
            system.setdefault((_sentence(event), tuple(_range(event))), event)
    found_gold: set[int] = set()
    for (sentence, range_), event in system.items():
        hits = [i for i, (entry, span) in enumerate(located)
                if _spans_overlap(sentence, span) and overlaps(range_, entry["range"])]
        scores.system_deadlines += 1
        if hits:
            scores.correct_deadlines += 1
            found_gold.update(hits)
        else:
            scores.spurious.append((doc.name, event))
    for i, (entry, _) in enumerate(located):
        kind = kinds.get(entry["id"], "ends")
        scores.gold_deadlines += 1
        scores.deadline_kinds[kind] += 1
        if i in found_gold:
            scores.found_deadlines += 1
            scores.deadline_kinds_found[kind] += 1
        else:
            scores.missed_deadlines.append(entry)


def score_dated(doc: DocRecord, items: list[dict[str, Any]], scores: Scores) -> None:
    spans = []
    for item in items:
        span = locate(doc.text, item["excerpt"], item.get("nth", 1))
        if span is not None:
            spans.append((span, item["range"]))
    for event in doc.events:
        range_ = _range(event)
        if not range_:
            continue
        scores.dated_events += 1
        sentence = _sentence(event)
        right = any(_spans_overlap(sentence, span) and overlaps(range_, r) for span, r in spans)
        scores.dated_right += right
        if not right:
            scores.undated_wrong.append((doc.name, event))


def load_gold(directory: Path) -> dict[str, Any]:
    path = Path(directory) / "gold.json"
    if not path.exists():
        raise NoticeGoldError(f"{directory}: no gold.json")
    gold = json.loads(path.read_text(encoding="utf-8"))
    if "items" not in gold:
        raise NoticeGoldError(f"{path}: no 'items'")
    return gold


def score(gold: dict[str, Any], records: dict[str, dict[str, Any]]) -> Scores:
    """Score analysis records (document name -> record dict) against the gold."""
    scores = Scores()
    kinds = {i["id"]: i.get("deadline_kind", "ends") for i in gold["items"]}
    names = sorted({i["doc"] for i in gold["items"]} | set(gold.get("docs") or {}))
    for name in names:
        record = records.get(name)
        items = [i for i in gold["items"] if i["doc"] == name]
        deadlines = [d for d in gold.get("deadlines") or [] if d["doc"] == name]
        if record is None:
            scores.unlocated.append(f"{name}: no record")
            scores.required += sum(not i.get("optional") for i in items)
            scores.gold_deadlines += len(deadlines)
            continue
        doc = DocRecord.from_record(name, record)
        score_items(doc, items, scores)
        score_deadlines(doc, deadlines, kinds, scores)
        score_dated(doc, items, scores)
    return scores


def analyse_dir(directory: Path, names: list[str], model: str | None = None
                ) -> dict[str, dict[str, Any]]:
    """One analysis record (as a dict) per `docs/NAME.txt`, read with its sidecar."""
    from pipeline.api import analyze_documents, read_documents

    paths = [Path(directory) / "docs" / f"{name}.txt" for name in names]

    def documents():
        for path in paths:
            if path.exists():
                yield from read_documents(path)

    out: dict[str, dict[str, Any]] = {}
    for record in analyze_documents(documents(), model=model):
        data = record.to_dict()
        out.setdefault(Path(data["document"].get("source") or "").stem, data)
    return out


def load_records(path: Path) -> dict[str, dict[str, Any]]:
    """Records from JSON lines, keyed by the stem of each record's document source."""
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            source = record["document"].get("source") or ""
            out[Path(source).stem] = record
    return out


def _event_text(event: dict[str, Any]) -> str:
    date = event.get("date") or {}
    actor = event.get("actor")
    return (f"{event.get('action')!r} actor={actor} role={date.get('role')} "
            f"range={date.get('range')} neg={event.get('negated')}")


def report(scores: Scores, show: tuple[str, ...], out=sys.stdout) -> None:
    fig = scores.figures()
    if "misses" in show:
        for item, reason in scores.misses:
            print(f"MISS   {item['doc']}: {item['excerpt']!r} {item['range']} {item['role']} "
                  f"[{miss_kind(item)}; {reason}]", file=out)
    if "wrong" in show:
        for item, event, what in scores.wrong:
            gold_actor = (item.get("actor") or {}).get("name")
            print(f"WRONG  {item['doc']}: {item['excerpt']!r} {what}: gold role={item['role']} "
                  f"actor={gold_actor} neg={item.get('negated', False)} | got "
                  f"{_event_text(event)}", file=out)
    if "spurious" in show:
        for name, event in scores.spurious:
            print(f"SPUR   {name}: {event['sentence']['text'][:100]!r} {_event_text(event)}",
                  file=out)
    if "dated" in show:
        for name, event in scores.undated_wrong:
            print(f"DATED  {name}: {event['sentence']['text'][:100]!r} {_event_text(event)}",
                  file=out)
    if "deadlines" in show:
        for entry in scores.missed_deadlines:
            print(f"DLMISS {entry['doc']}: {entry['excerpt']!r} {entry['range']}", file=out)
    for line in scores.unlocated:
        print(f"UNLOCATED {line}", file=out)
    print(f"items {fig['required']} required, {fig['found']} found  "
          f"date-event recall {fig['recall']:.3f}", file=out)
    print(f"role strict {fig['role_strict']:.3f}  lenient {fig['role_lenient']:.3f}  "
          f"(+planned for ends) {fig['role_ends_planned']:.3f}  actor {fig['actor']:.3f}  "
          f"negation {fig['negation']:.3f}", file=out)
    kinds = "  ".join(f"{k} {v:.3f}" for k, v in fig.items() if k.startswith("deadline_r_"))
    print(f"deadlines P {fig['deadline_p']:.3f}  R {fig['deadline_r']:.3f}  "
          f"F1 {fig['deadline_f1']:.3f}  (system {fig['system_deadlines']}, gold "
          f"{fig['gold_deadlines']}; recall by kind: {kinds.replace('deadline_r_', '')})",
          file=out)
    print(f"dated-event precision {fig['dated_precision']:.3f} of {fig['dated_events']}  "
          f"headline (min) {fig['headline']:.3f}", file=out)
    kinds_c, reasons = scores.misses_by()
    print("misses by kind: " + ", ".join(f"{k} {v}" for k, v in kinds_c.most_common()),
          file=out)
    print("misses by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()),
          file=out)


@click.command("notices")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--model", default=None, help="spaCy model (default: the pipeline's).")
@click.option("--records", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Score these JSON-lines records instead of analysing DIR/docs.")
@click.option("--doc", "only", multiple=True, help="Score only these document names.")
@click.option("--show", "show", multiple=True,
              type=click.Choice(["misses", "wrong", "spurious", "deadlines", "dated"]),
              help="Print missed items, wrong roles/actors/negations, spurious or missed "
                   "deadlines, dated events no item supports.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def notices_command(directory: Path, model: str | None, records: Path | None,
                    only: tuple[str, ...], show: tuple[str, ...], as_json: bool) -> None:
    """Score dated statements and deadlines in vendor notices against DIR/gold.json."""
    try:
        gold = load_gold(directory)
    except NoticeGoldError as error:
        raise click.ClickException(str(error)) from error
    if only:
        gold = dict(gold, items=[i for i in gold["items"] if i["doc"] in only],
                    deadlines=[d for d in gold.get("deadlines") or [] if d["doc"] in only],
                    docs={k: v for k, v in (gold.get("docs") or {}).items() if k in only})
    names = sorted({i["doc"] for i in gold["items"]} | set(gold.get("docs") or {}))
    found = load_records(records) if records else analyse_dir(directory, names, model)
    scores = score(gold, found)
    if as_json:
        click.echo(json.dumps({k: round(v, 4) if isinstance(v, float) else v
                               for k, v in scores.figures().items()}))
        return
    report(scores, show)


if __name__ == "__main__":
    notices_command()

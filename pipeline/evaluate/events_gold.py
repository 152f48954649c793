"""`dateline evaluate events tests/gold/events`: agents, dates and roles on our own gold set.

The set's format is in `tests/gold/events/README.md`. Each document is read the way
`dateline analyze` reads it (text, sidecar metadata), so offsets and publication dates are the
product's own. Dateline's event at a gold event is the one whose trigger overlaps the gold
trigger (`event_match.event_at`). Its agent is its actor (canonical name and aliases) or, when
the record carries one, its `subject` text.

- agents: (trigger, agent) pairs. Gold pairs: gold events with an agent or a subject. System
  pairs: Dateline events with a trigger and an actor or subject. A pair is right when the
  trigger aligns and the agent matches (after lower-casing and dropping punctuation and a
  leading "the", one name equals or contains the other as whole words).
- who-what-when: the same pairs, right only when the date is right too (an undated gold event
  wants no date; a gold date marked `date_optional` also accepts none).
- dates: as on TimeML (coverage, accuracy, date F1 = coverage x accuracy, precision) over gold
  events with a date; a `date_optional` event Dateline leaves undated is left out. Also
  counted: spurious dates (Dateline dates an event the gold leaves undated).
- roles: over events whose date is right, the share with the gold role (and the confusions).
- negation: over gold events Dateline has, the share whose `negated` agrees.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from pipeline.evaluate.event_match import (
    WRONG_KINDS,
    actor_names,
    date_verdict,
    event_at,
    event_range,
)
from pipeline.extract.timex.calendar import value_range
from pipeline.record import AnalysisRecord, Event

ROLES = ("occurred", "planned", "deadline", "reported")
_NON_WORD = re.compile(r"[^\w' ]+")


class GoldSetError(ValueError):
    """A gold file that does not fit its document (bad offsets, unknown date or role)."""


@dataclass
class GoldEvent:
    trigger: str
    start: int
    end: int
    agent: str | None
    subject: str | None
    days: tuple[str, str] | None
    role: str | None
    negated: bool
    date_optional: bool = False

    @property
    def who(self) -> str | None:
        return self.agent or self.subject


@dataclass
class GoldDoc:
    name: str
    path: Path
    events: list[GoldEvent]


def _days(value, where: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2:
        first, last = value_range(value[0]), value_range(value[1])
        if first and last:
            return first[0], last[1]
    elif isinstance(value, str) and (days := value_range(value)):
        return days[0], days[1]
    raise GoldSetError(f"{where}: date {value!r} is neither a TIMEX3 value nor [first, last]")


def load_gold_set(directory: Path) -> list[GoldDoc]:
    """Every NAME.events.json with its NAME.txt; offsets are checked when scoring."""
    docs = []
    for gold_path in sorted(Path(directory).glob("*.events.json")):
        name = gold_path.name[: -len(".events.json")]
        text_path = gold_path.with_name(f"{name}.txt")
        if not text_path.is_file():
            raise GoldSetError(f"{gold_path.name}: no {text_path.name} beside it")
        events = []
        for i, item in enumerate(json.loads(gold_path.read_text(encoding="utf-8"))["events"]):
            where = f"{gold_path.name} event {i}"
            role = item.get("role")
            if role is not None and role not in ROLES:
                raise GoldSetError(f"{where}: role {role!r}")
            events.append(GoldEvent(
                trigger=item["trigger"], start=item["start"], end=item["end"],
                agent=item.get("agent"), subject=item.get("subject"),
                days=_days(item.get("date"), where), role=role,
                negated=bool(item.get("negated")),
                date_optional=bool(item.get("date_optional"))))
        docs.append(GoldDoc(name, text_path, events))
    return docs


def _norm(name: str) -> str:
    words = _NON_WORD.sub(" ", name.lower().replace("\u2019", "'")).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w[:-2] if w.endswith("'s") else w for w in words)


def same_agent(gold: str, names: list[str]) -> bool:
    """Whether any of Dateline's names for an agent is the gold agent (see the module text)."""
    g = _norm(gold)
    for name in names:
        n = _norm(name)
        if n and g and (n == g or f" {n} " in f" {g} " or f" {g} " in f" {n} "):
            return True
    return False


def system_names(event: Event, record: AnalysisRecord) -> list[str]:
    """The names Dateline gives an event's agent: its actor's name and aliases, else the
    text of its subject when the record has one."""
    if event.actor:
        for actor in record.actors:
            if actor.id == event.actor:
                return [actor.name, *actor.aliases]
        return [actor_names(record).get(event.actor, event.actor)]
    subject = getattr(event, "subject", None)
    text = subject.get("text") if isinstance(subject, dict) else getattr(subject, "text", None)
    return [text] if text else []


@dataclass
class GoldScores:
    counts: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)  # (gold role, system role) of right dates
    details: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        c = self.counts

        def prf(right_sys: int, system: int, right_gold: int, gold: int) -> dict[str, float]:
            p = right_sys / system if system else 0.0
            r = right_gold / gold if gold else 0.0
            return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

        coverage = c["date_covered"] / c["date_gold"] if c["date_gold"] else 0.0
        accuracy = c["date_right"] / c["date_covered"] if c["date_covered"] else 0.0
        role_total = sum(self.roles.values())
        return {
            "documents": c["documents"], "gold_events": c["gold_events"],
            "system_events": c["system_events"],
            "agent": prf(c["agent_right_sys"], c["agent_sys"], c["agent_right"], c["agent_gold"]),
            "who_what_when": prf(c["www_right_sys"], c["agent_sys"], c["www_right"],
                                 c["agent_gold"]),
            "date_gold": c["date_gold"], "date_coverage": coverage, "date_accuracy": accuracy,
            "date_f1": coverage * accuracy,
            "date_precision": c["date_right"] / c["date_dated"] if c["date_dated"] else 0.0,
            "spurious_dates": c["spurious_dates"], "undated_gold": c["undated_gold"],
            "role_accuracy": (sum(n for (g, s), n in self.roles.items() if g == s) / role_total
                              if role_total else 0.0),
            "role_confusions": {f"{g}->{s}": n for (g, s), n in sorted(self.roles.items())
                                if g != s},
            "negation_accuracy": (c["negation_right"] / c["covered"] if c["covered"] else 0.0),
            "errors": dict(self.errors),
        }


def _date_status(gold: GoldEvent, event: Event | None, published: str | None) -> str:
    """'right', 'skip' (optional date left out), or what is wrong with the event's date."""
    days = event_range(event) if event is not None else None
    if gold.days is None:
        return "right" if days is None else "spurious date"
    if days is None:
        return "skip" if gold.date_optional else ("undated" if event else "no event")
    return date_verdict(days, [gold.days], published)


def score_document(doc: GoldDoc, record: AnalysisRecord, scores: GoldScores) -> None:
    c = scores.counts
    text, published = record.document.text, record.document.published
    c["documents"] += 1
    c["gold_events"] += len(doc.events)
    c["system_events"] += len(record.events)
    for gold in doc.events:
        if text[gold.start:gold.end] != gold.trigger:
            raise GoldSetError(f"{doc.name}: {gold.trigger!r} is not at {gold.start} in the "
                               "text Dateline reads")
    matched_sys: dict[str, tuple[bool, bool]] = {}
    for gold in doc.events:
        event = event_at(record.events, gold.start, gold.end)
        status = _date_status(gold, event, published)
        if event is not None:
            c["covered"] += 1
            c["negation_right"] += event.negated == gold.negated
        _score_date(doc.name, gold, event, status, scores)
        if gold.who is None:
            continue
        c["agent_gold"] += 1
        names = system_names(event, record) if event is not None else []
        agent_ok = same_agent(gold.who, names)
        www_ok = agent_ok and status in ("right", "skip")
        c["agent_right"] += agent_ok
        c["www_right"] += www_ok
        if event is not None:
            matched_sys[event.id] = (agent_ok, www_ok)
        if not agent_ok:
            kind = "no event" if event is None else ("no agent" if not names else "wrong agent")
            scores.errors[f"agent: {kind}"] += 1
            scores.details.append(f"AGENT {kind:<11} {doc.name}: {gold.trigger!r}@{gold.start}"
                                  f" gold {gold.who!r} | got {names[:1] or '-'}")
    for event in record.events:
        if event.trigger is None or not system_names(event, record):
            continue
        c["agent_sys"] += 1
        agent_ok, www_ok = matched_sys.get(event.id, (False, False))
        c["agent_right_sys"] += agent_ok
        c["www_right_sys"] += www_ok


def _score_date(name: str, gold: GoldEvent, event: Event | None, status: str,
                scores: GoldScores) -> None:
    c = scores.counts
    if gold.days is None:
        c["undated_gold"] += 1
        if status != "right":
            c["spurious_dates"] += 1
            scores.errors["date: spurious"] += 1
        return
    if status == "skip":
        return
    c["date_gold"] += 1
    if event is not None:
        c["date_covered"] += 1
        c["date_dated"] += event_range(event) is not None
    if status == "right":
        c["date_right"] += 1
        scores.roles[(gold.role or "occurred", event.date.role)] += 1
    else:
        scores.errors[f"date: {status}"] += 1
        got = f"{event.date.value} ({event.date.role})" if event and event.date else "-"
        scores.details.append(f"DATE  {status:<11} {name}: {gold.trigger!r}@{gold.start} gold "
                              f"{gold.days[0]}..{gold.days[1]} ({gold.role}) | got {got}")


def evaluate_gold_set(directory: Path, model: str | None = None) -> GoldScores:
    from pipeline.api import analyze_documents, read_documents

    docs = load_gold_set(directory)
    if not docs:
        raise GoldSetError(f"no *.events.json files in {directory}")
    scores = GoldScores()
    documents = (next(iter(read_documents(doc.path))) for doc in docs)
    for doc, record in zip(docs, analyze_documents(documents, model=model), strict=True):
        score_document(doc, record, scores)
    return scores


def gold_report(directory: Path, *, model: str | None, show: bool, as_json: bool) -> None:
    try:
        scores = evaluate_gold_set(directory, model)
    except GoldSetError as error:
        raise click.ClickException(str(error)) from error
    fig = scores.figures()
    if as_json:
        click.echo(json.dumps(fig))
        return
    if show:
        for line in scores.details:
            click.echo(line)
    a, w = fig["agent"], fig["who_what_when"]
    click.echo(f"documents {fig['documents']}  gold events {fig['gold_events']}  "
               f"Dateline events {fig['system_events']}")
    click.echo(f"(trigger, agent)  P {a['p']:.3f}  R {a['r']:.3f}  F1 {a['f1']:.3f}")
    click.echo(f"who-what-when     P {w['p']:.3f}  R {w['r']:.3f}  F1 {w['f1']:.3f}")
    click.echo(f"dates ({fig['date_gold']} gold)  coverage {fig['date_coverage']:.3f}  "
               f"accuracy {fig['date_accuracy']:.3f}  date F1 {fig['date_f1']:.3f}  "
               f"precision {fig['date_precision']:.3f}  spurious dates "
               f"{fig['spurious_dates']} of {fig['undated_gold']} undated")
    click.echo(f"roles (right dates) accuracy {fig['role_accuracy']:.3f}  confusions "
               f"{fig['role_confusions'] or 'none'}  negation accuracy "
               f"{fig['negation_accuracy']:.3f}")
    wrong = fig["errors"]
    order = [f"date: {k}" for k in ("no event", "undated", *WRONG_KINDS, "spurious")]
    click.echo("errors: " + ", ".join(f"{k} {wrong[k]}" for k in
                                      [*(k for k in wrong if k.startswith("agent")),
                                       *(k for k in order if k in wrong)]))

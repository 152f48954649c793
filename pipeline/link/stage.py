"""The link stage: merge reports of one happening from different documents into story events.

Runs after the store has written a batch (`dateline ingest`, `dateline reprocess`) or on its
own (`dateline link DB`). It is incremental: only the events of the documents just written,
of documents no longer current, and of actors whose cross-document identity changed are
(re)linked, each against the reports sharing one of its blocks (actor, target or stated day,
within one action class and a time window). It is deterministic: a story event is a connected
component of `link_reason` links, which depend on the two reports only, and its id is its lead
report's id, chosen from the members by a stable key; so any ingest order gives the same
stories.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipeline.extract.registry import Registry, load_registry, registry_path_for_db
from pipeline.link.actors import CONTEXT_DOCUMENTS, ActorRow, merge_actors, name_key
from pipeline.link.config import LinkConfig, link_config
from pipeline.link.evidence import (
    Report,
    block_keys,
    content_terms,
    date_window,
    link_reason,
    report_terms,
)
from pipeline.link.story import Member, summarise
from pipeline.store import row_id

__all__ = ["LinkSummary", "link_documents", "relink"]

_CHUNK = 500
_CONTEXT = 12  # actors that say what a document is about
_LIVE = "d.is_latest = 1 and coalesce(d.kind, '') != 'comment'"


@dataclass
class LinkSummary:
    dirty_events: int = 0
    stories_written: int = 0
    links: int = 0
    comparisons: int = 0
    actor_merges: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items()}


def _chunks(items: Iterable[str]) -> Iterator[list[str]]:
    items = list(items)
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


# -- actors ---------------------------------------------------------------------------------

def _actor_keys(actor: ActorRow) -> tuple[set[str], set[str]]:
    """The keys cross-document actor rules compare: (name and alias keys, and for a one-word
    name that word; the first and last words of a longer name, which only meet one-word
    names: "Velora" and "Velora Transit", "Okoro" and "Dana Okoro")."""
    words = name_key(actor.name).split()
    keys = {" ".join(words)}
    keys |= {name_key(alias) for alias, _ in actor.aliases if alias[:1].isupper()}
    edges = {words[0], words[-1]} if len(words) > 1 else set()
    return keys, edges


def _neighbourhood(db: Database, actors: dict[str, ActorRow], queued: list[str]) -> set[str]:
    """The actors whose merges a batch can change: those its documents mention, those
    sharing a key with them, those sharing a key with these, and their current groups."""
    touched: set[str] = set()
    for chunk in _chunks(queued):
        marks = _marks(chunk)
        touched |= {row[0] for row in db.execute(
            f"select actor_id from mentions where document_id in ({marks})"
            f" union select actor_id from events where document_id in ({marks})"
            f" union select attributed_to from events where document_id in ({marks})",
            chunk * 3) if row[0]}
    keys, edges = {}, {}
    by_key: dict[str, set[str]] = defaultdict(set)
    by_edge: dict[str, set[str]] = defaultdict(set)
    for actor_id, actor in actors.items():
        keys[actor_id], edges[actor_id] = _actor_keys(actor)
        for key in keys[actor_id]:
            by_key[key].add(actor_id)
        for word in edges[actor_id]:
            by_edge[word].add(actor_id)
    found = {a for a in touched if a in actors}
    for _ in range(2):
        reach = set(found)
        for a in found:
            for key in keys[a]:
                reach |= by_key[key] | by_edge[key]   # same key; longer names ending so
            for word in edges[a]:
                reach |= by_key[word]                 # a one-word name of this word
        found = reach
    groups = {row[0] for chunk in _chunks(found) for row in db.execute(
        f"select canonical_id from actor_merges where actor_id in ({_marks(chunk)})", chunk)}
    for chunk in _chunks(g for g in groups if g):
        found |= {row[0] for row in db.execute(
            f"select actor_id from actor_merges where canonical_id in ({_marks(chunk)})", chunk)}
    return found


class _StoredContext:
    """A `Context` read from the mentions table on demand (and cached): most actors never
    need one, and an actor in thousands of documents is read for at most CONTEXT_DOCUMENTS."""

    _LIVE_MENTIONS = ("select distinct m.{want} from mentions m cross join documents d"
                      f" on d.id = m.document_id where {_LIVE} and m.{{have}} = ?")

    def __init__(self, db: Database) -> None:
        self.db = db
        self._documents: dict[str, set[str]] = {}
        self._actors: dict[str, set[str]] = {}

    def documents_of(self, actor_id: str) -> set[str]:
        if actor_id not in self._documents:
            sql = self._LIVE_MENTIONS.format(want="document_id", have="actor_id")
            self._documents[actor_id] = {row[0] for row in self.db.execute(
                f"{sql} order by m.document_id limit {CONTEXT_DOCUMENTS}", [actor_id])}
        return self._documents[actor_id]

    def actors_of(self, document_id: str) -> set[str]:
        if document_id not in self._actors:
            sql = self._LIVE_MENTIONS.format(want="actor_id", have="document_id")
            self._actors[document_id] = {row[0] for row in self.db.execute(sql, [document_id])}
        return self._actors[document_id]


def _link_actors(db: Database, registry: Registry | None, queued: list[str] | None
                 ) -> set[str]:
    """Recompute `actor_merges` (all of it, or the neighbourhood of the queued documents'
    actors); the actor ids whose canonical actor changed."""
    actors = {row[0]: ActorRow(row[0], row[1] or row[0], row[2] or "organisation",
                               row[3] or 0, row[4] or 0)
              for row in db.execute(
                  "select id, name, kind, mention_count, document_count from actors")}
    for actor_id, alias, source in db.execute(
            "select actor_id, alias, source from actor_aliases"):
        if actor_id in actors and alias:
            actors[actor_id].aliases.append((alias, source or ""))
    subset = None if queued is None else _neighbourhood(db, actors, queued)
    if subset is not None and not subset:
        return set()
    rows = list(actors.values()) if subset is None else [actors[a] for a in sorted(subset)]
    persons = {a for a, actor in actors.items() if actor.kind == "person"}
    merges = merge_actors(rows, _StoredContext(db), registry, persons=persons)
    if subset is None:
        old = {row[0]: (row[1], row[2]) for row in db.execute(
            "select actor_id, canonical_id, reason from actor_merges")}
    else:
        old = {row[0]: (row[1], row[2]) for chunk in _chunks(subset) for row in db.execute(
            "select actor_id, canonical_id, reason from actor_merges where actor_id in"
            f" ({_marks(chunk)})", chunk)}
    new = {m.actor_id: (m.canonical_id, m.reason) for m in merges}
    changed = {a for a in set(old) | set(new)
               if (old.get(a) or (a, ""))[0] != (new.get(a) or (a, ""))[0]}
    if old != new:
        if subset is None:
            db.execute("delete from actor_merges")
        else:
            for chunk in _chunks(subset):
                db.execute(f"delete from actor_merges where actor_id in ({_marks(chunk)})",
                           chunk)
        _replace_rows(db, "actor_merges", [
            {"actor_id": a, "canonical_id": c, "reason": r} for a, (c, r) in sorted(new.items())])
    return changed


def _canonical(db: Database) -> dict[str, str | None]:
    return {row[0]: row[1] for row in db.execute(
        "select actor_id, canonical_id from actor_merges")}


# -- reports --------------------------------------------------------------------------------

def _outlet(publisher: str | None, title: str | None, source: str | None) -> str:
    if publisher:
        return publisher
    if title:
        return title
    return Path(source or "").name or "unknown"


def _load_reports(db: Database, event_ids: list[str], canonical: dict[str, str | None],
                  names: dict[str, str], groups: set[str], config: LinkConfig
                  ) -> tuple[dict[str, Report], dict[str, dict[str, Any]]]:
    """Reports (for linking) and story_mentions rows (for storing) of live events."""
    reports: dict[str, Report] = {}
    rows: dict[str, dict[str, Any]] = {}

    def canon(actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        return canonical.get(actor_id, actor_id) if actor_id in canonical else actor_id

    contexts = _document_contexts(db, event_ids, canon)

    for chunk in _chunks(event_ids):
        cursor = db.execute(
            "select e.id, e.document_id, d.published_date, e.action, e.actor_id, e.date_value,"
            " e.date_start, e.date_end, e.date_precision, e.date_role, e.negated, e.content,"
            " e.sentence_text, e.attributed_to, d.publisher, d.title, d.url, d.source,"
            " (select group_concat(t.actor_id, char(31)) from event_targets t"
            "   where t.event_id = e.id)"
            # CROSS JOIN keeps the listed events as the outer loop: with a long list the
            # planner would otherwise walk every current document.
            f" from events e cross join documents d on d.id = e.document_id where {_LIVE}"
            f" and e.id in ({_marks(chunk)})", chunk)
        for (event_id, document_id, published, action, actor, value, start, end, precision,
             role, negated, content, sentence, attributed, publisher, title, url, source,
             targets) in cursor:
            target_set = frozenset(t for t in (canon(x) for x in (targets or "").split("\x1f")
                                               if x) if t)
            agent = canon(actor)
            report = Report(
                event_id=event_id, document_id=document_id, published=published,
                # A group ('practices', 'the council' unresolved) describes, it does not
                # identify: it neither joins nor parts reports.
                action_class=config.action_class(action),
                actor=None if agent in groups else agent,
                targets=target_set, dated=bool(value), date_start=start, date_end=end,
                precision=precision, role=role, negated=bool(negated),
                context=contexts.get(document_id, frozenset()),
                terms=report_terms(content, sentence, config),
                sentence_terms=content_terms(sentence, config))
            reports[event_id] = report
            claimant_id = canon(attributed)
            rows[event_id] = {
                "event_id": event_id, "document_id": document_id,
                "outlet": _outlet(publisher, title, source), "title": title, "url": url,
                "published": published, "claimant_id": claimant_id,
                "claimant": names.get(claimant_id or "") if claimant_id else None,
                "actor_key": report.actor, "action_class": report.action_class,
                "targets": json.dumps(sorted(target_set)), "dated": int(report.dated),
                "date_start": start, "date_end": end, "date_value": value,
                "precision": precision, "role": role, "negated": int(report.negated),
                "terms": " ".join(sorted(report.terms)),
                "context": " ".join(sorted(report.context)),
                "sentence_terms": " ".join(sorted(report.sentence_terms)),
            }
    return reports, rows


def _document_contexts(db: Database, event_ids: list[str], canon: Any
                       ) -> dict[str, frozenset[str]]:
    """The most-mentioned actors of each document holding one of these events: what the
    document is about, for the same-story evidence."""
    documents: set[str] = set()
    for chunk in _chunks(event_ids):
        documents |= {row[0] for row in db.execute(
            f"select distinct document_id from events where id in ({_marks(chunk)})", chunk)}
    contexts: dict[str, frozenset[str]] = {}
    for chunk in _chunks(documents):
        counts: dict[str, Counter] = defaultdict(Counter)
        for document_id, actor_id, count in db.execute(
                "select document_id, actor_id, count(*) from mentions where document_id in"
                f" ({_marks(chunk)}) and actor_id is not null group by document_id, actor_id",
                chunk):
            actor = canon(actor_id)
            if actor:
                counts[document_id][actor] += count
        for document_id, counter in counts.items():
            top = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:_CONTEXT]
            contexts[document_id] = frozenset(actor for actor, _ in top)
    return contexts


def _stored_report(row: dict[str, Any]) -> Report:
    return Report(
        event_id=row["event_id"], document_id=row["document_id"], published=row["published"],
        action_class=row["action_class"], actor=row["actor_key"],
        targets=frozenset(json.loads(row["targets"] or "[]")), dated=bool(row["dated"]),
        date_start=row["date_start"], date_end=row["date_end"], precision=row["precision"],
        role=row["role"], negated=bool(row["negated"]),
        terms=frozenset((row["terms"] or "").split()),
        context=frozenset((row["context"] or "").split()),
        sentence_terms=frozenset((row["sentence_terms"] or "").split()))


# -- dirty sets -----------------------------------------------------------------------------

def _dirty_events(db: Database, document_ids: list[str] | None, changed_actors: set[str]
                  ) -> tuple[set[str], set[str]]:
    """(events to relink, stories to dissolve)."""
    dirty: set[str] = set()
    stories: set[str] = set()
    if document_ids is None:
        dirty = {row[0] for row in db.execute(
            f"select e.id from events e join documents d on d.id = e.document_id where {_LIVE}")}
        stories = {row[0] for row in db.execute("select id from story_events")}
        return dirty, stories
    for chunk in _chunks(document_ids):
        dirty |= {row[0] for row in db.execute(
            f"select id from events where document_id in ({_marks(chunk)})", chunk)}
        # A queued document's earlier reports (replaced, superseded or turned comment).
        stories |= {row[0] for row in db.execute(
            "select story_event_id from story_mentions where document_id in"
            f" ({_marks(chunk)})", chunk)}
    for chunk in _chunks(changed_actors):
        marks = _marks(chunk)
        dirty |= {row[0] for row in db.execute(
            f"select id from events where actor_id in ({marks}) or attributed_to in ({marks})"
            f" union select event_id from event_targets where actor_id in ({marks})",
            chunk * 3)}
    for chunk in _chunks(dirty):
        stories |= {row[0] for row in db.execute(
            f"select story_event_id from story_mentions where event_id in ({_marks(chunk)})",
            chunk)}
    for chunk in _chunks(stories):
        dirty |= {row[0] for row in db.execute(
            f"select event_id from story_mentions where story_event_id in ({_marks(chunk)})",
            chunk)}
    return dirty, stories


def _forget(db: Database, events: set[str], stories: set[str]) -> None:
    for chunk in _chunks(events):
        marks = _marks(chunk)
        db.execute(f"delete from story_mentions where event_id in ({marks})", chunk)
        db.execute(f"delete from story_blocks where event_id in ({marks})", chunk)
    for chunk in _chunks(stories):
        db.execute(f"delete from story_events where id in ({_marks(chunk)})", chunk)


# -- linking --------------------------------------------------------------------------------

class _Blocks:
    """The reports being linked, by block key and in date order, so a report meets only those
    within its window (as stored reports are found by `_candidates`), however many a block
    holds: a full relink of a decade stays linear."""

    def __init__(self, reports: dict[str, Report], config: LinkConfig) -> None:
        self.reach = dt.timedelta(days=config.max_block_span_days)
        members: dict[str, list[tuple[str, str, Report]]] = defaultdict(list)
        for event_id in sorted(reports):
            report = reports[event_id]
            start, end = report.anchor
            for key in block_keys(report, config):
                members[key].append((start or "", end or "", report))
        self.members = {key: sorted(items, key=lambda item: (item[0], item[2].event_id))
                        for key, items in members.items()}
        self.starts = {key: [item[0] for item in items] for key, items in self.members.items()}

    def within(self, key: str, lo: str, hi: str) -> Iterator[Report]:
        """Reports of this block whose days meet [lo, hi]."""
        items = self.members.get(key, [])
        earliest = (dt.date.fromisoformat(lo) - self.reach).isoformat()
        first = bisect.bisect_left(self.starts.get(key, []), earliest)
        for start, end, report in items[first:]:
            if start > hi:
                break
            if end >= lo:
                yield report


class _Components:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, drop = sorted((ra, rb))
        self.parent[drop] = keep
        return True


def _candidates(db: Database, reports: dict[str, Report], config: LinkConfig
                ) -> tuple[dict[str, list[Report]], dict[str, str]]:
    """Stored (not dirty) reports by block key, within the dirty reports' windows, and the
    story each belongs to."""
    spans: dict[str, list[str]] = {}
    for report in reports.values():
        window = date_window(report, config)
        if window is None:
            continue
        for key in block_keys(report, config):
            span = spans.setdefault(key, [window[0], window[1]])
            span[0], span[1] = min(span[0], window[0]), max(span[1], window[1])
    found: dict[str, list[str]] = defaultdict(list)
    reach = dt.timedelta(days=config.max_block_span_days)
    for key, (lo, hi) in spans.items():
        # Blocked reports span at most `max_block_span_days`: a bounded range of the index.
        earliest = (dt.date.fromisoformat(lo) - reach).isoformat()
        for (event_id,) in db.execute(
                "select event_id from story_blocks where block_key = ? and lo between ? and ?"
                " and hi >= ?", [key, earliest, hi, lo]):
            found[key].append(event_id)
    wanted = sorted({e for ids in found.values() for e in ids} - set(reports))
    stored: dict[str, Report] = {}
    story_of: dict[str, str] = {}
    for chunk in _chunks(wanted):
        for row in db.query(
                f"select * from story_mentions where event_id in ({_marks(chunk)})", chunk):
            stored[row["event_id"]] = _stored_report(row)
            story_of[row["event_id"]] = row["story_event_id"]
    return {key: [stored[e] for e in ids if e in stored] for key, ids in found.items()}, story_of


def _story_members(db: Database, story_ids: set[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(story_ids):
        rows.extend(db.query(
            f"select * from story_mentions where story_event_id in ({_marks(chunk)})", chunk))
    return rows


def link_documents(db: Database | str | Path, document_ids: Iterable[str] | None = None, *,
                   registry: Registry | None = None, all_actors: bool = False) -> LinkSummary:
    """Link the events of `document_ids` (None: the whole archive) into story events.

    `db` is a sqlite-utils Database or a path. The registry (user actor decisions) defaults to
    the database's registry file. `all_actors`: recompute every actor merge, not only around
    these documents (after a change of the registry), relinking the events of actors that
    changed."""
    started = time.monotonic()
    if not isinstance(db, Database):
        path = Path(db)
        if registry is None:
            registry = load_registry(registry_path_for_db(path))
        db = Database(path)
        db.execute("PRAGMA synchronous=NORMAL")  # as the store: WAL, no fsync per commit
    from pipeline.store.schema import ensure_schema

    ensure_schema(db)
    config = link_config()
    summary = LinkSummary()
    with db.atomic():
        ids = None if document_ids is None else sorted(set(document_ids))
        if ids is not None and not db.execute("select 1 from story_mentions limit 1").fetchone():
            ids = None  # never linked (a database from before the link stage): link it all
        queued = None if ids is None else sorted(set(ids) | {row[0] for row in db.execute(
            "select document_id from link_queue")})
        changed = _link_actors(db, registry, None if all_actors else queued)
        summary.actor_merges = db["actor_merges"].count
        canonical = _canonical(db)
        names = {row[0]: row[1] for row in db.execute("select id, name from actors")}
        groups = {row[0] for row in db.execute("select id from actors where kind = 'group'")}
        dirty, dissolved = _dirty_events(db, queued, changed)
        db.execute("delete from link_queue")
        _forget(db, dirty, dissolved)
        reports, rows = _load_reports(db, sorted(dirty), canonical, names, groups, config)
        summary.dirty_events = len(reports)
        stored, story_of = _candidates(db, reports, config)
        blocks = _Blocks(reports, config)
        components = _Components()
        reasons: dict[str, str] = {}
        for event_id in sorted(reports):
            report = reports[event_id]
            components.find(event_id)
            window = date_window(report, config)
            if window is None:
                continue
            seen: set[str] = {event_id}
            for key in block_keys(report, config):
                # Dirty pairs are compared once (from their smaller id), stored ones always.
                dirty = (o for o in blocks.within(key, *window) if o.event_id > event_id)
                for other in (*dirty, *stored.get(key, ())):
                    if other.event_id in seen:
                        continue
                    seen.add(other.event_id)
                    summary.comparisons += 1
                    why = link_reason(report, other, config)
                    if why is None:
                        continue
                    summary.links += 1
                    node = (other.event_id if other.event_id in reports
                            else "S:" + story_of[other.event_id])
                    components.union(event_id, node)
                    reasons.setdefault(event_id, f"{why} (with {other.event_id[:8]})")
                    if other.event_id in reports:
                        reasons.setdefault(other.event_id, f"{why} (with {event_id[:8]})")
        _write_stories(db, reports, rows, components, reasons, names, config, summary)
    summary.seconds = time.monotonic() - started
    return summary


def _write_stories(db: Database, reports: dict[str, Report], rows: dict[str, dict[str, Any]],
                   components: _Components, reasons: dict[str, str], names: dict[str, str],
                   config: LinkConfig, summary: LinkSummary) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for event_id in reports:
        groups[components.find(event_id)].append(event_id)
    merged_stories: dict[str, set[str]] = defaultdict(set)
    for node in list(components.parent):
        if node.startswith("S:"):
            merged_stories[components.find(node)].add(node[2:])
    old_members = {row["event_id"]: row for row in _story_members(
        db, {s for stories in merged_stories.values() for s in stories})}
    old_by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in old_members.values():
        old_by_story[row["story_event_id"]].append(row)
    story_rows, mention_rows, block_rows, clusters = [], [], [], []
    for root, event_ids in groups.items():
        members = [rows[e] | {"link_reason": reasons.get(e)} for e in event_ids]
        for old in merged_stories.get(root, ()):
            members.extend(old_by_story.get(old, ()))
        if len(members) == 1:
            # A report alone is its own story: the timeline reads it from `events`.
            story_id = members[0]["event_id"]
        else:
            story = summarise([Member.from_row(m) for m in members])
            story_rows.append(story)
            story_id = story["id"]
        for member in members:
            mention_rows.append(member | {"story_event_id": story_id})
            clusters.append((story_id, member["event_id"]))
        for old in merged_stories.get(root, ()):
            if old != story_id:
                db.execute("delete from story_events where id = ?", [old])
    for event_id, report in reports.items():
        window = report.anchor
        for key in block_keys(report, config):
            block_rows.append({"id": row_id(key, event_id), "block_key": key,
                               "event_id": event_id, "lo": window[0] or "", "hi": window[1] or ""})
    _replace_rows(db, "story_events", story_rows)
    _replace_rows(db, "story_mentions", mention_rows)
    _replace_rows(db, "story_blocks", block_rows)
    # Most reports stay their own story: only changed cluster ids are written.
    db.conn.executemany("update events set cluster_id = ? where id = ? and cluster_id is not ?",
                        [(story, event, story) for story, event in clusters])
    summary.stories_written = len(story_rows)


def _replace_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """INSERT OR REPLACE of rows sharing one set of columns (sqlite-utils' insert_all spends
    more time building statements than SQLite spends writing them)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"insert or replace into [{table}] ({', '.join(f'[{c}]' for c in columns)})"
           f" values ({', '.join('?' for _ in columns)})")
    db.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])


def relink(db: Database | str | Path, *, registry: Registry | None = None) -> LinkSummary:
    """Relink the whole archive (after a change of the linking rules)."""
    return link_documents(db, None, registry=registry)

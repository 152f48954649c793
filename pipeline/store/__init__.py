"""The store stage: analysis records into SQLite through sqlite-utils.

- WAL mode, one transaction per document (`Database.atomic()`; inserts nest as savepoints):
  a crash leaves whole documents or nothing.
- Deterministic primary keys (hashes of content), so re-ingesting the same input adds no rows.
- Versions: a document whose source (URL or path) is known but whose text changed becomes a new
  version linked to the previous one; only the newest is `is_latest`, every version stays.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from pipeline.document import Document, storable_path
from pipeline.record import AnalysisRecord, Event
from pipeline.store.schema import EXTRACTION_TABLES, ensure_schema

__all__ = ["Store", "WriteOutcome", "row_id", "date_precision"]


# Values SQLite takes as they are (sqlite-utils' `jsonify_if_needed` returns them unchanged).
_PLAIN = frozenset((str, int, float, bytes))


def row_id(*parts: Any) -> str:
    """A deterministic key: the first 16 bytes of sha256 over the parts."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


_PRECISION_PATTERNS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}T"), "time"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
    (re.compile(r"^\d{4}-W\d{2}(-WE)?$"), "week"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-(Q\d|H\d|SP|SU|FA|AU|WI)$"), "season"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}X?$"), "decade"),
)


def date_precision(value: str | None) -> str | None:
    """How precise a TIMEX3 date value is: time, day, week, month, season, year, decade."""
    if not value:
        return None
    for pattern, name in _PRECISION_PATTERNS:
        if pattern.match(value):
            return name
    return "other"


@dataclass
class WriteOutcome:
    status: str  # inserted | new_version | unchanged | replaced
    document_id: str
    events: int = 0
    version: int = 1


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _source_key(document: Document) -> str | None:
    """What identifies 'the same document' across versions: an explicit key from the reader,
    else its URL, else its path (comments are versioned with their article, not alone)."""
    explicit = document.meta.get("source_key") if document.meta else None
    if explicit:
        return str(explicit)
    if document.kind == "comment":
        # Comments often carry their article's URL: keying them by it would make each comment
        # a "new version" of the article and hide the article's events.
        return None
    if document.url:
        return document.url
    return document.source


def _change_summary(old_text: str, new_text: str, limit: int = 4000) -> str:
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    diff = list(difflib.unified_diff(old_lines, new_lines, "previous", "this", n=0, lineterm=""))
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    summary = {"paragraphs_added": added, "paragraphs_removed": removed,
               "diff": "\n".join(diff)[:limit]}
    return json.dumps(summary, ensure_ascii=False)


class Store:
    """A Dateline database. `Store(path)` opens (and creates) it in WAL mode."""

    def __init__(self, path: str | Path, *, create_views: bool = True) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.path)
        self._insert_sql: dict[tuple[str, tuple[str, ...], str], str] = {}
        self.db.enable_wal()
        self.db.execute("PRAGMA synchronous=NORMAL")
        ensure_schema(self.db)
        if create_views:
            from pipeline.store.views import ensure_views

            ensure_views(self.db)

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, command: str, *, pipeline_version: str, model: str,
                  config_hash: str = "", registry_hash: str = "") -> str:
        """A `running` row for a new run, after marking runs whose process died (kill -9,
        power loss) `interrupted`."""
        self.mark_interrupted()
        started = _now()
        # A run is an occurrence, not content: a random id, so two runs in one second differ.
        run_id = uuid.uuid4().hex
        with self.db.atomic():
            self.db["runs"].insert({
                "id": run_id, "command": command, "started_at": started,
                "pipeline_version": pipeline_version, "model": model,
                "config_hash": config_hash, "registry_hash": registry_hash, "status": "running",
                "host": socket.gethostname(), "pid": os.getpid(),
            }, alter=True)
        return run_id

    def mark_interrupted(self) -> list[str]:
        """Runs still `running` whose process no longer exists become `interrupted`, with
        counts of what they had committed (documents stored, error and warning rows); the
        ids of the runs marked. A run of another host, or of a live process here, is left
        alone: it may still be running."""
        columns = self.db["runs"].columns_dict
        if "pid" not in columns:
            return []
        host = socket.gethostname()
        marked = []
        for run_id, run_host, pid in self.db.execute(
                "select id, host, pid from runs where status = 'running'").fetchall():
            if run_host != host or (pid and _alive(pid)):
                continue
            inserted = self.db.execute("select count(*) from documents where run_id = ?",
                                       [run_id]).fetchone()[0]
            failed, warnings = self.db.execute(
                "select count(*) filter (where coalesce(severity, 'error') != 'warning'),"
                " count(*) filter (where severity = 'warning')"
                " from ingest_errors where run_id = ?", [run_id]).fetchone()
            with self.db.atomic():
                self.db["runs"].update(run_id, {
                    "status": "interrupted", "counts": json.dumps(
                        {"inserted": inserted, "failed": failed, "warnings": warnings},
                        sort_keys=True)})
            marked.append(run_id)
        return marked

    def finish_run(self, run_id: str, *, counts: dict[str, int], seconds: float,
                   words: int = 0, status: str = "finished") -> None:
        with self.db.atomic():
            self.db["runs"].update(run_id, {
                "finished_at": _now(), "counts": json.dumps(counts, sort_keys=True),
                "seconds": round(seconds, 3), "words": words, "status": status,
            })

    # -- documents ----------------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        return bool(self.db.execute(
            "select 1 from documents where id = ?", [document_id]).fetchone())

    def known_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("select id from documents")}

    def record_error(self, *, path: str, stage: str, error_type: str, message: str,
                     raw_sha256: str | None = None, run_id: str | None = None,
                     severity: str = "error") -> str:
        """One `ingest_errors` row per (path, stage, type, content): re-runs do not duplicate."""
        # Stored paths and messages are printable UTF-8 whatever the file name was (bytes
        # that are not UTF-8 as \\xNN, bidi controls escaped): see `storable_path`.
        path, message = storable_path(path), storable_path(message)
        error_id = row_id(path, stage, error_type, raw_sha256 or message)
        with self.db.atomic():
            self.db["ingest_errors"].upsert({
                "id": error_id, "path": path, "stage": stage, "error_type": error_type,
                "message": message[:2000], "severity": severity, "raw_sha256": raw_sha256,
                "run_id": run_id, "created_at": _now(),
            }, pk="id")
        return error_id

    def write(self, document: Document, record: AnalysisRecord, *, run_id: str | None = None,
              config_hash: str = "", replace: bool = False) -> WriteOutcome:
        """Write one document and its extraction in a single transaction.

        Unchanged text is skipped; `replace=True` (re-processing) swaps the extraction of an
        existing document atomically and keeps the document row and its version links.
        """
        document_id = record.document.id
        with self.db.atomic():
            existing = self.db.execute(
                "select version from documents where id = ?", [document_id]).fetchone()
            if existing and not replace:
                return WriteOutcome("unchanged", document_id, version=existing[0])
            if existing:
                self._delete_extraction(document_id)
                info = record.document
                self.db["documents"].update(document_id, {
                    "model": record.pipeline.model, "pipeline_version": record.pipeline.version,
                    "config_hash": config_hash, "run_id": run_id,
                    "errors": json.dumps(record.errors, ensure_ascii=False),
                    # `reprocess --published` corrects the date the extraction rests on.
                    "published": info.published,
                    "published_date": info.published[:10] if info.published else None,
                    "published_source": info.published_source,
                    "published_evidence": document.published_evidence,
                })
                status, version = "replaced", existing[0]
            else:
                status, version = self._insert_document(document, record, run_id, config_hash)
            events = self._insert_extraction(document_id, record)
            # The link stage (pipeline/link) relinks queued documents: this one, and the
            # version it superseded.
            self.db.execute("insert or ignore into link_queue (document_id) values (?)",
                            [document_id])
        return WriteOutcome(status, document_id, events=events, version=version)

    def _insert_document(self, document: Document, record: AnalysisRecord,
                         run_id: str | None, config_hash: str) -> tuple[str, int]:
        info = record.document
        source_key = _source_key(document)
        source_key = storable_path(source_key) if source_key else None
        status, version, previous_id, changes = "inserted", 1, None, None
        if source_key:
            previous = self.db.execute(
                "select id, version, text from documents where source_key = ? and is_latest = 1"
                " order by version desc limit 1", [source_key]).fetchone()
            if previous:
                previous_id, version = previous[0], previous[1] + 1
                changes = _change_summary(previous[2] or "", info.text)
                status = "new_version"
                self.db.execute("update documents set is_latest = 0 where source_key = ?",
                                [source_key])
                self.db.execute("insert or ignore into link_queue (document_id) values (?)",
                                [previous_id])
        published_date = info.published[:10] if info.published else None
        parent_id = self._latest_version_id(info.parent_id)
        self._insert_rows("documents", [{
            "id": info.id, "source_key": source_key, "version": version,
            "previous_version_id": previous_id, "is_latest": 1, "kind": info.kind,
            "title": info.title, "url": info.url, "publisher": info.publisher,
            "author": info.author, "published": info.published,
            "published_date": published_date, "published_source": info.published_source,
            "published_evidence": document.published_evidence, "parent_id": parent_id,
            "source": storable_path(info.source) if info.source else None,
            "raw_sha256": document.raw_sha256, "reader": document.reader,
            "text": info.text, "word_count": len(info.text.split()),
            "model": record.pipeline.model, "pipeline_version": record.pipeline.version,
            "config_hash": config_hash, "run_id": run_id, "ingested_at": _now(),
            "changes": changes, "errors": json.dumps(record.errors, ensure_ascii=False),
            "blocks": json.dumps([[b.kind, b.level, b.start, b.end] for b in document.blocks])
            if document.blocks else None,
        }])
        if previous_id:
            # Reader comments follow their article to its newest version.
            self.db.execute(
                "update documents set parent_id = ? where parent_id in"
                " (select id from documents where source_key = ?)", [info.id, source_key])
        return status, version

    def _latest_version_id(self, document_id: str | None) -> str | None:
        """The newest version of a stored document (itself when it is the newest or unknown)."""
        if not document_id:
            return document_id
        row = self.db.execute(
            "select latest.id from documents d join documents latest"
            " on latest.source_key = d.source_key and latest.is_latest = 1"
            " where d.id = ?", [document_id]).fetchone()
        return row[0] if row else document_id

    def _delete_extraction(self, document_id: str) -> None:
        affected = [row[0] for row in self.db.execute(
            "select distinct actor_id from mentions where document_id = ?", [document_id])]
        self.db.execute(
            "delete from event_targets where event_id in "
            "(select id from events where document_id = ?)", [document_id])
        for table in EXTRACTION_TABLES:
            if table != "event_targets":
                self.db.execute(f"delete from [{table}] where document_id = ?", [document_id])
        self._refresh_actor_counts(affected)

    def _insert_extraction(self, document_id: str, record: AnalysisRecord) -> int:
        published_date = record.document.published[:10] if record.document.published else None
        self._upsert_actors(document_id, record)
        timex_ids = [row_id(document_id, "timex", t.start, t.end) for t in record.timexes]
        self._insert_rows("timexes", [{
            "id": timex_ids[index], "document_id": document_id, "idx": index,
            "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
            "range_start": t.range[0] if t.range else None,
            "range_end": t.range[1] if t.range else None,
            "anchor": t.anchor, "mod": t.mod, "deadline_cue": t.deadline_cue,
        } for index, t in enumerate(record.timexes)], "OR REPLACE")

        event_rows, target_rows = [], []
        event_key = {}
        for event in record.events:
            key = row_id(document_id, "event", event.id)
            event_key[event.id] = key
            event_rows.append(self._event_row(key, document_id, event, timex_ids, published_date))
            for target in dict.fromkeys(event.targets):
                target_rows.append({"id": row_id(key, target), "event_id": key, "actor_id": target})
        for row in event_rows:
            # Each event is its own story until the link stage (pipeline/link) joins it to the
            # reports of other documents; clustering there is order-independent.
            row["cluster_id"] = row["id"]
        self._insert_rows("events", event_rows, "OR REPLACE")
        self._insert_rows("event_targets", target_rows, "OR REPLACE")

        attribution_rows = []
        for index, attribution in enumerate(record.attributions):
            source = attribution.source
            cue = attribution.cue
            attribution_rows.append({
                "id": row_id(document_id, "attribution", index,
                             cue.start if cue else None, source.start if source else None),
                "document_id": document_id,
                "event_id": event_key.get(attribution.event) if attribution.event else None,
                "source_text": source.text if source else None,
                "source_start": source.start if source else None,
                "source_end": source.end if source else None,
                "source_actor_id": source.actor if source else None,
                "cue_text": cue.text if cue else None,
                "cue_start": cue.start if cue else None, "cue_end": cue.end if cue else None,
                "content": json.dumps([vars(span) for span in attribution.content],
                                      ensure_ascii=False),
                "content_text": " … ".join(span.text for span in attribution.content),
                "kind": attribution.kind, "addressee_id": attribution.addressee,
            })
        self._insert_rows("attributions", attribution_rows, "OR REPLACE")
        return len(event_rows)

    @staticmethod
    def _event_row(key: str, document_id: str, event: Event, timex_ids: list[str],
                   published_date: str | None) -> dict[str, Any]:
        date = event.date
        if date is not None:
            start, end = (date.range or [None, None])[:2]
            value, role = date.value, date.role
        else:
            # Undated events sit at the document's date as `reported` (contract rule).
            start = end = published_date
            value, role = None, "reported"
        precision = date_precision(value) if value else ("day" if start else None)
        return {
            "id": key, "document_id": document_id, "local_id": event.id,
            "actor_id": event.actor, "action": event.action, "action_type": event.action_type,
            "content": event.content, "negated": int(bool(event.negated)),
            "modality": event.modality, "date_value": value, "date_role": role,
            "date_start": start, "date_end": end, "date_precision": precision,
            "year": start[:4] if start else None, "year_month": start[:7] if start else None,
            "timex_id": timex_ids[date.timex] if date and date.timex is not None
            and 0 <= date.timex < len(timex_ids) else None,
            "attributed_to": event.attributed_to,
            "quote_start": event.quote.start if event.quote else None,
            "quote_end": event.quote.end if event.quote else None,
            "quote_text": event.quote.text if event.quote else None,
            "sentence_start": event.sentence.start, "sentence_end": event.sentence.end,
            "sentence_text": event.sentence.text,
            "mention_count": max(1, len(event.mentions)),
            "subject_start": event.subject.start if event.subject else None,
            "subject_end": event.subject.end if event.subject else None,
            "subject_text": event.subject.text if event.subject else None,
            "subject_owner_id": event.subject.owner if event.subject else None,
            "version": event.version,
        }

    def _upsert_actors(self, document_id: str, record: AnalysisRecord) -> None:
        alias_rows, mention_rows, role_rows = [], [], []
        for actor in record.actors:
            hows = {m.text: (m.how or "ner") for m in actor.mentions}
            existing = self.db.execute("select 1 from actors where id = ?", [actor.id]).fetchone()
            if not existing:
                self._insert_rows("actors", [{"id": actor.id, "name": actor.name,
                                              "kind": actor.kind, "mention_count": 0,
                                              "document_count": 0}])
            for alias in dict.fromkeys([actor.name, *actor.aliases]):
                alias_rows.append({"id": row_id(actor.id, alias.casefold()), "actor_id": actor.id,
                                   "alias": alias, "source": _alias_source(hows.get(alias))})
            for role in actor.roles:
                role_rows.append({"id": row_id(actor.id, role, document_id), "actor_id": actor.id,
                                  "role": role, "document_id": document_id})
            for mention in actor.mentions:
                mention_rows.append({
                    "id": row_id(document_id, "mention", mention.start, mention.end),
                    "document_id": document_id, "actor_id": actor.id, "start": mention.start,
                    "end": mention.end, "text": mention.text, "how": mention.how,
                })
        # An alias already recorded (e.g. by a user merge) keeps its source.
        self._insert_rows("actor_aliases", alias_rows, "OR IGNORE")
        self._insert_rows("actor_roles", role_rows, "OR IGNORE")
        self._insert_rows("mentions", mention_rows, "OR REPLACE")
        self._refresh_actor_counts([actor.id for actor in record.actors])

    def _insert_rows(self, table: str, rows: list[dict[str, Any]], conflict: str = "") -> None:
        """`INSERT [OR REPLACE | OR IGNORE]` of rows into an existing table: the statements
        `Table.insert_all(pk="id", replace=True / ignore=True)` runs, values converted the same
        way (`jsonify_if_needed`), minus its schema look-ups on every call, which cost as much
        as the inserts themselves. Must run inside a transaction (`write` opens one)."""
        if not rows:
            return
        columns = tuple(dict.fromkeys(key for row in rows for key in row))
        key = (table, columns, conflict)
        sql = self._insert_sql.get(key)
        if sql is None:
            sql = self._insert_sql[key] = (
                f"INSERT {conflict} INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})")
        self.db.conn.executemany(sql, [
            [value if value is None or type(value) in _PLAIN else jsonify_if_needed(value)
             for value in map(row.get, columns)] for row in rows])

    def _refresh_actor_counts(self, actor_ids: Iterable[str]) -> None:
        for actor_id in set(actor_ids):
            if actor_id is None:
                continue
            self.db.execute(
                "update actors set mention_count ="
                " (select count(*) from mentions where actor_id = ?),"
                " document_count = (select count(distinct document_id) from mentions"
                " where actor_id = ?) where id = ?", [actor_id, actor_id, actor_id])

    # -- maintenance --------------------------------------------------------------------------
    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in self.db.table_names()
                if not name.startswith(("_", "sqlite_")) and "_fts" not in name}

    def close(self) -> None:
        self.db.close()


def _alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


_ALIAS_SOURCES = {"registry", "acronym", "surname", "coreference", "user", "ner"}


def _alias_source(how: str | None) -> str:
    if how in _ALIAS_SOURCES:
        return how
    if how in ("pronoun", "nominal", "speaker"):
        return "coreference"
    return "ner"

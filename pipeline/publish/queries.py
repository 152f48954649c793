"""Filtered reads of the `timeline` view, shared by the `/-/timeline` page and `dateline export`.

Pure SQL builders plus one synchronous runner: the plugin runs the same SQL through Datasette's
`db.execute`, the export command through a plain sqlite3 connection, so both show the same rows.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TimelineFilter", "timeline_sql", "sources_sql", "ACTOR_MATCH_SQL", "fts_query"]

# An actor as typed by a person: its id, its canonical name or any alias, case-insensitively.
ACTOR_MATCH_SQL = (
    "select id from actors where id = :actor or name = :actor collate nocase"
    " union select actor_id from actor_aliases where alias = :actor collate nocase"
)

_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query of quoted terms: punctuation cannot become syntax
    (an unbalanced quote or a bare `NOT` would otherwise be a query error)."""
    terms = re.findall(r"\w+", text)
    return " ".join(f'"{term}"' for term in terms)


@dataclass
class TimelineFilter:
    """What a person narrowed the timeline to. Empty fields do not filter."""

    actor: str = ""
    action_type: str = ""
    role: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    limit: int | None = None
    offset: int = 0
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = (getattr(self, name) or "").strip()
            if value and not _DATE_PREFIX.match(value):
                self.errors.append(f"{name.replace('_', ' ')} must look like 2024, 2024-07 or "
                                   f"2024-07-01, not {value!r}")
                value = ""
            setattr(self, name, value)
        self.actor = (self.actor or "").strip()
        self.action_type = (self.action_type or "").strip()
        self.role = (self.role or "").strip()
        self.q = (self.q or "").strip()

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.actor:
            # The actor acting, or being acted upon (a target).
            clauses.append(
                f"(actor_id in ({ACTOR_MATCH_SQL}) or exists (select 1 from event_targets et"
                f" where et.event_id = timeline.event_id and et.actor_id in ({ACTOR_MATCH_SQL})))")
            params["actor"] = self.actor
        if self.action_type:
            clauses.append("action_type = :action_type")
            params["action_type"] = self.action_type
        if self.role:
            clauses.append("role = :role")
            params["role"] = self.role
        # Prefix comparison, so '2024-07' means the whole of July at either end.
        if self.date_from:
            clauses.append("substr(coalesce(date_end, date_start), 1, length(:date_from))"
                           " >= :date_from")
            params["date_from"] = self.date_from
        if self.date_to:
            clauses.append("substr(date_start, 1, length(:date_to)) <= :date_to")
            params["date_to"] = self.date_to
        match = fts_query(self.q)
        if match:
            clauses.append(
                "(event_rowid in (select rowid from events_fts where events_fts match :q)"
                " or document_id in (select d.id from documents d join documents_fts f"
                " on f.rowid = d.rowid where documents_fts match :q))")
            params["q"] = match
        return (" where " + " and ".join(clauses)) if clauses else "", params


def timeline_sql(flt: TimelineFilter, *, count: bool = False) -> tuple[str, dict[str, Any]]:
    """SQL over the `timeline` view for a filter: the rows, or (count=True) how many."""
    where, params = flt.where()
    if count:
        return f"select count(*) from timeline{where}", params
    sql = (f"select * from timeline{where}"
           " order by date_start is null, date_start, date_end, event_id")
    if flt.limit is not None:
        sql += " limit :limit offset :offset"
        params = {**params, "limit": int(flt.limit), "offset": int(flt.offset)}
    return sql, params


def sources_sql(cluster_ids: list[str]) -> tuple[str, dict[str, Any]]:
    """Every latest document reporting one of these deduplicated events, oldest first."""
    names = [f"c{i}" for i in range(len(cluster_ids))]
    sql = (
        "select e.cluster_id, e.id as event_row_id, d.id as document_id, d.title, d.publisher,"
        " d.url, d.published, d.kind from events e join documents d on d.id = e.document_id"
        f" where d.is_latest = 1 and e.cluster_id in ({', '.join(':' + n for n in names)})"
        " order by coalesce(d.published, '9999'), d.id")
    return sql, dict(zip(names, cluster_ids, strict=True))


def run(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

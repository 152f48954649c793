"""Filtered reads of the `timeline` view, shared by the `/-/timeline` page and `dateline export`.

Pure SQL builders plus one synchronous runner: the plugin runs the same SQL through Datasette's
`db.execute`, the export command through a plain sqlite3 connection, so both show the same rows.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TimelineFilter", "timeline_sql", "timeline_count_sql",
           "timeline_rows_sql", "actor_options_sql", "sources_sql", "ACTOR_MATCH_SQL",
           "fts_query", "timeline_items_sql", "folded_ids_sql", "speakers_sql", "check_date"]

# An actor as typed by a person: its id, its canonical name or any alias, case-insensitively.
_ACTOR_NAMED = (
    "select id from actors where id = :actor or name = :actor collate nocase"
    " union select actor_id from actor_aliases where alias = :actor collate nocase"
)
# ... and every actor the link stage merged with those (one body under several names).
ACTOR_MATCH_SQL = (
    f"{_ACTOR_NAMED} union select m.actor_id from actor_merges m where m.canonical_id in"
    f" (select coalesce(n.canonical_id, x.id) from ({_ACTOR_NAMED}) x"
    " left join actor_merges n on n.actor_id = x.id)"
)

_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str) -> str | None:
    """Why `value` is not a usable date filter (2024, 2024-07 or 2024-07-01), or None.
    The shape alone is not enough: 2024-13 would compare as a string and filter nonsense."""
    if not _DATE_PREFIX.match(value):
        return "not a date"
    parts = [int(p) for p in value.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return "not a valid month"
    if len(parts) > 2:
        import datetime as dt

        try:
            dt.date(*parts)
        except ValueError:
            return "not a valid day"
    return None


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
        for name, label in (("date_from", "from"), ("date_to", "to")):
            value = (getattr(self, name) or "").strip()
            problem = check_date(value) if value else None
            if problem:
                self.errors.append(f"{label} must look like 2024, 2024-07 or 2024-07-01: "
                                   f"{value!r} is {problem}")
                value = ""
            setattr(self, name, value)
        self.actor = (self.actor or "").strip()
        self.action_type = (self.action_type or "").strip()
        self.role = (self.role or "").strip()
        self.q = (self.q or "").strip()

    def where(self, columns: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
        """' where …' (or '') and its parameters."""
        clauses, params = self.conditions(columns)
        return (" where " + " and ".join(clauses)) if clauses else "", params

    def conditions(self, columns: dict[str, str] | None = None
                   ) -> tuple[list[str], dict[str, Any]]:
        """The filter's conditions over the `timeline` view's column names or, with `columns`,
        over other expressions for them (the base tables, see `BASE_COLUMNS`)."""
        col = {name: name for name in BASE_COLUMNS} | (columns or {})
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.actor:
            # The actor acting, or being acted upon (a target).
            clauses.append(
                f"({col['actor_id']} in ({ACTOR_MATCH_SQL}) or exists (select 1 from"
                f" event_targets et where et.event_id = {col['event_id']}"
                f" and et.actor_id in ({ACTOR_MATCH_SQL})))")
            params["actor"] = self.actor
        if self.action_type:
            clauses.append(f"{col['action_type']} = :action_type")
            params["action_type"] = self.action_type
        if self.role:
            clauses.append(f"{col['role']} = :role")
            params["role"] = self.role
        # Prefix comparison, so '2024-07' means the whole of July at either end.
        if self.date_from:
            clauses.append(f"substr(coalesce({col['date_end']}, {col['date_start']}), 1,"
                           " length(:date_from)) >= :date_from")
            params["date_from"] = self.date_from
        if self.date_to:
            clauses.append(f"substr({col['date_start']}, 1, length(:date_to)) <= :date_to")
            params["date_to"] = self.date_to
        match = fts_query(self.q)
        if match:
            # The event's own words (content and evidence sentence), not its whole document:
            # a word anywhere in an article would otherwise match all of its events.
            clauses.append(f"{col['event_rowid']} in"
                           " (select rowid from events_fts where events_fts match :q)")
            params["q"] = match
        return clauses, params


# The rows of the `timeline` view without its per-row subqueries (targets, source counts):
# counting or paging 10,000 events through the view would compute them for every row.
BASE_FROM = (" from events e join documents d on d.id = e.document_id"
             " where d.is_latest = 1 and coalesce(d.kind, '') != 'comment'"
             " and e.id = e.cluster_id")
BASE_COLUMNS = {
    "event_id": "e.id", "event_rowid": "e.rowid", "actor_id": "e.actor_id",
    "action_type": "e.action_type", "role": "e.date_role", "date_start": "e.date_start",
    "date_end": "e.date_end", "precision": "e.date_precision", "date_value": "e.date_value",
}

# An event known only to the year (or decade) sorts after that year's dated events: it must
# not head a month window it merely overlaps.
def _sort_date(col: dict[str, str]) -> str:
    return (f"case when {col['precision']} in ('year', 'decade') then {col['date_end']}"
            f" else {col['date_start']} end")


# Undated statements dated only by their document ("reported"): on the default timeline they
# fold under their document instead of filling it.
def _folded(col: dict[str, str]) -> str:
    return f"({col['role']} = 'reported' and {col['date_value']} is null)"


def _base(flt: TimelineFilter, select: str) -> tuple[str, dict[str, Any]]:
    clauses, params = flt.conditions(BASE_COLUMNS)
    return f"select {select}{BASE_FROM}" + "".join(f" and {c}" for c in clauses), params


def timeline_count_sql(flt: TimelineFilter) -> tuple[str, dict[str, Any]]:
    return _base(flt, "count(*)")


def timeline_items_sql(flt: TimelineFilter, *, fold_reported: bool
                       ) -> tuple[str, dict[str, Any]]:
    """One page of the timeline as (kind, item) rows in date order: ('event', event id) and,
    when folding, ('document', document id) for that document's undated reported statements,
    placed at their date (the document's)."""
    sql, params = _base(flt, f"'event' as kind, e.id as item, {_sort_date(BASE_COLUMNS)}"
                             " as sort_date, e.date_end as sort_end")
    if fold_reported:
        folded, _ = _base(flt, "'document', e.document_id, min(e.date_start), min(e.date_end)")
        sql = (f"{sql} and not {_folded(BASE_COLUMNS)} union all"
               f" {folded} and {_folded(BASE_COLUMNS)} group by e.document_id")
    sql = (f"select kind, item from ({sql}) order by sort_date is null, sort_date,"
           " kind = 'document', sort_end, item")
    if flt.limit is not None:
        sql += " limit :limit offset :offset"
        params = {**params, "limit": int(flt.limit), "offset": int(flt.offset)}
    return sql, params


def folded_ids_sql(flt: TimelineFilter, document_ids: list[str]) -> tuple[str, dict[str, Any]]:
    """The folded statements of these documents that match the filter, in text order."""
    names = [f"d{i}" for i in range(len(document_ids))]
    sql, params = _base(flt, "e.document_id, e.id")
    sql += (f" and {_folded(BASE_COLUMNS)} and e.document_id in"
            f" ({', '.join(':' + n for n in names)}) order by e.document_id, e.sentence_start,"
            " e.id")
    return sql, {**params, **dict(zip(names, document_ids, strict=True))}


def speakers_sql(event_ids: list[str]) -> tuple[str, dict[str, Any]]:
    """Who each event is reported by, as resolved or as written ('A KCS spokesperson')."""
    names = [f"s{i}" for i in range(len(event_ids))]
    # A speaker the link stage merged into another actor is shown by the canonical name, as the
    # timeline view shows actors.
    sql = ("select at.event_id, coalesce(a.name, at.source_text) as speaker from attributions at"
           " left join actor_merges am on am.actor_id = at.source_actor_id"
           " left join actors a on a.id = coalesce(am.canonical_id, at.source_actor_id)"
           f" where at.event_id in ({', '.join(':' + n for n in names)})"
           " and coalesce(a.name, at.source_text) is not null order by at.source_start")
    return sql, dict(zip(names, event_ids, strict=True))


def timeline_rows_sql(event_ids: list[str]) -> tuple[str, dict[str, Any]]:
    names = [f"i{i}" for i in range(len(event_ids))]
    sql = f"select * from timeline where event_id in ({', '.join(':' + n for n in names)})"
    return sql, dict(zip(names, event_ids, strict=True))


def actor_options_sql(limit: int = 300) -> str:
    """Actors with events, most active first, for the filter's suggestions."""
    return ("select a.name as name, count(*) as events from events e"
            " join documents d on d.id = e.document_id join actors a on a.id = e.actor_id"
            " where d.is_latest = 1 and coalesce(d.kind, '') != 'comment'"
            f" and e.id = e.cluster_id group by e.actor_id order by events desc, a.name"
            f" limit {int(limit)}")


def timeline_sql(flt: TimelineFilter, *, count: bool = False) -> tuple[str, dict[str, Any]]:
    """SQL over the `timeline` view for a filter: the rows, or (count=True) how many."""
    if count:
        return timeline_count_sql(flt)
    where, params = flt.where()
    sql = (f"select * from timeline{where} order by date_start is null,"
           f" {_sort_date({name: name for name in BASE_COLUMNS})},"
           " date_end, event_id")
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

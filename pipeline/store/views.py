"""SQL views, full-text search and browsing indexes over the Dateline tables.

What Datasette shows, the `/-/timeline` page and `dateline export` all read these views, so a
change of meaning happens here once. `ensure_views(db)` runs every time a `Store` opens, so it
is idempotent and cheap: a view is only re-created when its SQL changed, and FTS tables are
only built when missing (with triggers, so later writes keep them in sync).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

# Event types that say something rather than do something: the claims view and the conflicting
# claims query treat them as statements someone can contradict.
CLAIM_ACTION_TYPES = ("statement", "denial", "confirmation", "warning")
_CLAIM_TYPES_SQL = ", ".join(f"'{name}'" for name in CLAIM_ACTION_TYPES)

# Only the latest version of a document counts, and reader comments are not article events.
_LIVE_DOCUMENT = "d.is_latest = 1 and coalesce(d.kind, '') != 'comment'"

# An event's target actors by name, for the views that show them.
_TARGET_NAMES = """(select group_concat(ta.name, '; ') from event_targets t
    join actors ta on ta.id = t.actor_id where t.event_id = e.id)"""

# An actor id through the link stage's cross-document merges: its group's canonical actor;
# a role phrase ("Apple CEO", merged to nothing) is no actor.
_CANONICAL = ("(case when {merge}.actor_id is null then {col} else {merge}.canonical_id end)")

TIMELINE_SQL = f"""
select
  e.cluster_id as event_id,
  e.rowid as event_rowid,
  coalesce(e.date_start, '') as date,
  e.date_precision as precision,
  e.date_value, e.date_start, e.date_end, e.year, e.year_month,
  tm.mod as date_mod,
  tm.text as date_text,
  e.date_role as role,
  e.date_role,
  a.name as actor,
  {_CANONICAL.format(col="e.actor_id", merge="am")} as actor_id,
  e.subject_text as subject,
  e.action,
  e.action_type,
  {_TARGET_NAMES} as targets,
  (select group_concat(t.actor_id, ' ') from event_targets t where t.event_id = e.id)
    as target_ids,
  e.negated, e.modality, e.content,
  attr.name as attributed_to,
  {_CANONICAL.format(col="e.attributed_to", merge="amt")} as attributed_to_id,
  e.quote_text as quote,
  e.sentence_text as sentence,
  d.title as document_title,
  d.publisher,
  d.url,
  d.published,
  e.document_id,
  (select count(distinct e2.document_id) from events e2
    join documents d2 on d2.id = e2.document_id and d2.is_latest = 1
    where e2.cluster_id = e.cluster_id) as document_count,
  (select d3.id from events e3 join documents d3 on d3.id = e3.document_id and d3.is_latest = 1
    where e3.cluster_id = e.cluster_id
    order by coalesce(d3.published, '9999'), d3.id limit 1) as first_document_id,
  (select coalesce(d3.title, d3.publisher, d3.source) from events e3
    join documents d3 on d3.id = e3.document_id and d3.is_latest = 1
    where e3.cluster_id = e.cluster_id
    order by coalesce(d3.published, '9999'), d3.id limit 1) as first_source,
  e.cluster_id as story_event_id,
  coalesce(se.sources, json_array(json_object('document_id', d.id, 'title', d.title,
    'outlet', coalesce(d.publisher, d.title), 'url', d.url, 'published', d.published_date)))
    as sources,
  coalesce(se.outlets, d.publisher, d.title) as reported_by,
  coalesce(se.claimants, attr.name, d.publisher, d.title) as claimants,
  se.date_spread,
  coalesce(se.date_conflict, 0) as date_conflict,
  coalesce(se.negation_conflict, 0) as negation_conflict,
  coalesce(se.mention_count, 1) as report_count
from events e
join documents d on d.id = e.document_id
left join actor_merges am on am.actor_id = e.actor_id
left join actor_merges amt on amt.actor_id = e.attributed_to
left join actors a on a.id = {_CANONICAL.format(col="e.actor_id", merge="am")}
left join actors attr on attr.id = {_CANONICAL.format(col="e.attributed_to", merge="amt")}
left join timexes tm on tm.id = e.timex_id
left join story_events se on se.id = e.cluster_id
where {_LIVE_DOCUMENT}
  -- One row per story event: its lead report (the link stage picks it); until the link
  -- stage has run after a replacement, the earliest report still in a live document.
  and (e.id = e.cluster_id
    or (e.rowid = (select min(e4.rowid) from events e4
      join documents d4 on d4.id = e4.document_id
      where e4.cluster_id = e.cluster_id and d4.is_latest = 1
        and coalesce(d4.kind, '') != 'comment')
      and not exists (select 1 from events e5 join documents d5 on d5.id = e5.document_id
        where e5.id = e.cluster_id and d5.is_latest = 1
          and coalesce(d5.kind, '') != 'comment')))
"""

DEADLINES_SQL = """
select event_id, event_rowid, date_start, date_end, date_value, precision, date_mod, date_text,
  year, year_month, role, actor, actor_id, action, action_type, targets, target_ids, negated,
  modality, content, attributed_to, quote, sentence, document_title, publisher, url, published,
  document_id, document_count, first_source
from timeline
where role = 'deadline'
"""

# Claims: what someone is reported to have said. The claimant is the speaker the document names
# (the event's `attributed_to`, else its attribution's source, resolved or as written), never
# the event's own actor: "NHS England asked TPP", reported by TPP, is TPP's claim. Attributions
# the extractor could not tie to an event are claims too. Label columns first, ids last.
_FIRST_SPEAKER = """(select {what} from attributions at left join actors sa
    on sa.id = at.source_actor_id where at.event_id = e.id order by at.source_start limit 1)"""

CLAIMS_SQL = f"""
select
  coalesce(src.name, {_FIRST_SPEAKER.format(what="coalesce(sa.name, at.source_text)")})
    as claimant,
  e.content as claim,
  coalesce(e.quote_text, (select at.content_text from attributions at
    where at.event_id = e.id and at.kind in ('direct', 'mixed') limit 1)) as quote,
  e.action,
  e.action_type,
  a.name as actor,
  {_TARGET_NAMES} as targets,
  e.negated,
  e.modality,
  e.date_start, e.date_end,
  e.date_role as role,
  e.year_month,
  d.publisher as outlet,
  d.title as document_title,
  d.published,
  e.sentence_text as sentence,
  {_FIRST_SPEAKER.format(what="at.cue_text")} as cue,
  {_FIRST_SPEAKER.format(what="at.kind")} as kind,
  'event' as basis,
  d.url,
  e.id as claim_id,
  coalesce(e.attributed_to, {_FIRST_SPEAKER.format(what="at.source_actor_id")}) as claimant_id,
  e.actor_id,
  e.document_id
from events e
join documents d on d.id = e.document_id
left join actors a on a.id = e.actor_id
left join actors src on src.id = e.attributed_to
where {_LIVE_DOCUMENT}
  and (e.attributed_to is not null
       or exists (select 1 from attributions at where at.event_id = e.id))
union all
select
  coalesce(sa.name, at.source_text),
  at.content_text,
  case when at.kind in ('direct', 'mixed') then at.content_text end,
  at.cue_text, 'statement', null,
  (select name from actors where id = at.addressee_id),
  0, 'reported',
  d.published_date, d.published_date, 'reported', substr(d.published_date, 1, 7),
  d.publisher, d.title, d.published, null, at.cue_text, at.kind, 'attribution', d.url,
  at.id, at.source_actor_id, null, at.document_id
from attributions at
join documents d on d.id = at.document_id
left join actors sa on sa.id = at.source_actor_id
where {_LIVE_DOCUMENT} and at.event_id is null
"""

ACTOR_ACTIVITY_SQL = f"""
select
  a.id as actor_id,
  a.name as actor,
  e.year_month,
  e.year,
  count(*) as events,
  sum(e.date_role = 'deadline') as deadlines,
  sum(e.action_type in ({_CLAIM_TYPES_SQL})) as statements,
  sum(e.action_type = 'request') as requests,
  sum(e.action_type = 'instruction') as instructions,
  sum(e.action_type in ('decision', 'action', 'plan')) as actions,
  sum(e.negated) as negated,
  count(distinct e.document_id) as documents,
  min(e.date_start) as first_date,
  max(e.date_end) as last_date
from events e
join documents d on d.id = e.document_id
join actors a on a.id = e.actor_id
where {_LIVE_DOCUMENT} and e.id = e.cluster_id and e.year_month is not null
group by a.id, e.year_month
order by e.year_month, events desc, a.name
"""

# No ORDER BY in `timeline` and `deadlines`: SQLite cannot flatten a view with ORDER BY into an
# aggregate, so every facet and count would compute each row's subqueries (15x slower at 10,000
# events). Date order comes from the Datasette metadata (`sort: date_start`) and from the
# explicit ORDER BY of every query that reads them.
VIEWS: dict[str, str] = {
    "timeline": TIMELINE_SQL,
    "deadlines": DEADLINES_SQL,
    "claims": CLAIMS_SQL,
    "actor_activity": ACTOR_ACTIVITY_SQL,
}

# Full-text search: (table, columns). The FTS rowid is the table's rowid, which the timeline
# exposes as `event_rowid` so Datasette's `_search` works on the view too.
FTS: dict[str, list[str]] = {
    "documents": ["title", "text"],
    "events": ["content", "sentence_text"],
}

# Indexes the views, canned queries and the timeline page filter or join on, beyond the
# schema's per-column ones.
VIEW_INDEXES: dict[str, list[list[str]]] = {
    "events": [["cluster_id", "document_id"], ["date_role", "date_start"],
               ["actor_id", "date_start"], ["date_start", "sentence_start"]],
    "documents": [["source_key", "version"], ["url"]],
    "attributions": [["source_actor_id", "event_id"]],
    "actor_aliases": [["alias", "actor_id"]],
}


def _existing_view_sql(db: Database) -> dict[str, str]:
    return {name: sql for name, sql in db.execute(
        "select name, sql from sqlite_master where type = 'view'").fetchall()}


def ensure_fts(db: Database) -> None:
    """Create the FTS tables (with sync triggers) that are missing; populate them once."""
    for table, columns in FTS.items():
        if not db[table].exists() or db[table].detect_fts():
            continue
        try:
            db[table].enable_fts(columns, create_triggers=True)
        except sqlite3.OperationalError:
            # Another process opening the same database may have won the race; only a
            # still-missing FTS table is an error.
            if not db[table].detect_fts():
                raise


def ensure_views(db: Database) -> None:
    """Create (or replace, when their SQL changed) the views, FTS tables and indexes."""
    existing = _existing_view_sql(db)
    wanted = {name: sql.strip() for name, sql in VIEWS.items()}
    # sqlite_master keeps "CREATE VIEW name AS <sql>": same ending, same view.
    changed = [name for name, sql in wanted.items()
               if name not in existing or not (existing[name] or "").rstrip().endswith(sql)]
    # `deadlines` reads `timeline`, so dependants are dropped before what they depend on.
    for name in reversed(list(wanted)):
        if name in changed and name in existing:
            db.execute(f"drop view if exists [{name}]")
    for name, sql in wanted.items():
        if name in changed:
            db.create_view(name, sql, ignore=True)
    ensure_fts(db)
    for table, index_list in VIEW_INDEXES.items():
        if not db[table].exists():
            continue
        for columns in index_list:
            db[table].create_index(columns, if_not_exists=True)

"""SQL views over the Dateline tables: what Datasette shows and the exports read."""

from __future__ import annotations

from sqlite_utils import Database

TIMELINE_SQL = """
select
  e.cluster_id as event_id,
  coalesce(e.date_start, '') as date,
  e.date_precision as precision,
  e.date_start, e.date_end, e.year, e.year_month,
  e.date_role as role,
  a.name as actor,
  e.actor_id,
  e.action,
  e.action_type,
  (select group_concat(ta.name, '; ') from event_targets t join actors ta on ta.id = t.actor_id
    where t.event_id = e.id) as targets,
  e.negated, e.modality, e.content,
  attr.name as attributed_to,
  e.quote_text as quote,
  e.sentence_text as sentence,
  d.title as document_title,
  d.publisher,
  d.url,
  d.published,
  e.document_id,
  (select count(distinct e2.document_id) from events e2 where e2.cluster_id = e.cluster_id)
    as document_count
from events e
join documents d on d.id = e.document_id
left join actors a on a.id = e.actor_id
left join actors attr on attr.id = e.attributed_to
where d.is_latest = 1 and d.kind != 'comment' and e.id = e.cluster_id
order by e.date_start, e.sentence_start
"""

VIEWS = {"timeline": TIMELINE_SQL}


def ensure_views(db: Database) -> None:
    """Create (or replace, when their SQL changed) the views."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)

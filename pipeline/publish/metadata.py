"""The Datasette configuration of a Dateline database, generated from this one module.

`build_metadata(database)` gives the Datasette 0.65 `metadata.json` (descriptions, facets, sort,
label columns, FTS and canned queries all live there in 0.65). `build_config(database,
layout="1.0")` splits the same content the way Datasette 1.0 wants it (`datasette.yaml` for
configuration and queries, metadata for descriptions only); `compat.LAYOUT` says which one the
installed Datasette wants.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pipeline.publish.link_metadata import (
    LINK_COLUMNS,
    LINK_TABLE_COLUMNS,
    LINK_TABLE_DESCRIPTIONS,
    STORY_CONFLICTS_SQL,
)
from pipeline.store.views import CLAIM_ACTION_TYPES

__all__ = ["build_metadata", "build_config", "SETTINGS", "PUBLIC_SETTINGS", "CANNED_QUERIES",
           "column_descriptions", "display_order"]

TITLE = "Dateline"
DESCRIPTION = ("Who did, said, asked or promised what and when, extracted from news articles "
               "and vendor notices. Every event links to the sentence it was read from.")
SOURCE = "Documents ingested by Dateline (see each document's publisher and url)"
LICENSE = "Apache-2.0 (software); documents remain their publishers'"
LICENSE_URL = "https://www.apache.org/licenses/LICENSE-2.0"

# Settings for every serve. Suggested facets cost a query per column on every table page, which
# is most of a page's time on a large events table; our default facets are chosen instead.
SETTINGS: dict[str, Any] = {
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
    "default_page_size": 100,
}

# `dateline serve --public`: no arbitrary SQL, small limits, no whole-database download.
PUBLIC_SETTINGS: dict[str, Any] = {
    **SETTINGS,
    "default_allow_sql": False,
    "allow_download": False,
    "allow_csv_stream": False,
    "max_returned_rows": 1000,
    "max_csv_mb": 10,
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 200,
    "num_sql_threads": 3,
    "default_cache_ttl": 300,
}

_CLAIM_TYPES = ", ".join(f"'{name}'" for name in CLAIM_ACTION_TYPES)

# Every column of every table and view. Names mean the same everywhere unless a table
# overrides them below.
_COLUMNS: dict[str, str] = {
    "id": "Deterministic key (a hash of the content), stable across re-ingests",
    "document_id": "The document this row was read from",
    "actor_id": "Actor id (stable slug)",
    "actor": "Who acted or spoke (canonical name)",
    "action": "What they did: the lemma of the predicate (instruct, ask, roll out …)",
    "action_type": "statement, request, instruction, decision, action, plan, denial, "
                   "confirmation, warning, contact or other",
    "content": "What was said, asked or done, as text",
    "negated": "1 when the event is denied or did not happen ('are not making this change')",
    "modality": "asserted, planned, conditional, reported or hypothetical",
    "date": "The first day the event's date covers (ISO prefix), empty when undated",
    "date_value": "The TIMEX3 value of the date (2024-06-28, 2024-W26-WE, 2024-07 …)",
    "date_role": "How the date relates to the event: occurred, deadline, planned or reported",
    "role": "How the date relates to the event: occurred, deadline, planned or reported",
    "date_start": "First day covered by the date (inclusive, ISO)",
    "date_end": "Last day covered by the date (inclusive, ISO)",
    "date_precision": "How precise the date is: time, day, week, month, season, year, decade",
    "precision": "How precise the date is: time, day, week, month, season, year, decade",
    "date_mod": "TIMEX3 modifier of the date (START = early, MID, END = late, APPROX …)",
    "date_text": "The time expression as written in the document",
    "year": "Year of date_start, for faceting (partial dates included)",
    "year_month": "Year and month of date_start (2024-07), for faceting",
    "timex_id": "The time expression the date came from",
    "attributed_to": "Who claims this happened, when the document reports someone else's claim",
    "attributed_to_id": "Actor id of attributed_to",
    "quote": "The direct quotation supporting the event, if any",
    "quote_text": "The direct quotation supporting the event, if any",
    "quote_start": "Character offset where the quotation starts in the document text",
    "quote_end": "Character offset where the quotation ends (exclusive)",
    "sentence": "The evidence sentence the event was read from",
    "sentence_text": "The evidence sentence the event was read from",
    "sentence_start": "Character offset where the evidence sentence starts",
    "sentence_end": "Character offset where the evidence sentence ends (exclusive)",
    "subject": "What the text names as doing it, actor or not (a ballot, prices)",
    "subject_text": "What the text names as doing it, actor or not (a ballot, prices)",
    "subject_start": "Character offset where the subject starts in the document text",
    "subject_end": "Character offset where the subject ends (exclusive)",
    "subject_owner_id": "Actor id of whose the subject is ('a ballot of GP partners')",
    "targets": "Who the action was aimed at (names, '; '-separated)",
    "target_ids": "Actor ids of the targets (space-separated)",
    "document_title": "Title of the document",
    "title": "Title of the document",
    "publisher": "Who published the document",
    "url": "Where the document was published (only http(s) links are shown as links)",
    "published": "Publication date or date-time (ISO)",
    "published_date": "Publication date (ISO day), for sorting and faceting",
    "document_count": "How many documents report this (deduplicated) event",
    "first_document_id": "The earliest published document reporting this event",
    "first_source": "Title (or publisher) of the earliest document reporting this event",
    "event_id": "Id of the deduplicated event (its cluster's first event)",
    "event_rowid": "Internal row number of the event, joins the full-text index",
    "cluster_id": "Cross-document duplicate group: the id of the group's first event",
    "local_id": "The event's id within its analysis record",
    "mention_count": "How many sentences of the document report the event",
    "kind": "Kind of thing",
    "text": "Text",
    "name": "Canonical name",
    "start": "Character offset where it starts in the document text",
    "end": "Character offset where it ends (exclusive)",
    "model": "spaCy model used",
    "pipeline_version": "Dateline version that produced the row",
    "config_hash": "Hash of the extraction configuration",
    "run_id": "The ingest run that wrote the row",
    "raw_sha256": "sha256 of the raw input bytes",
    "source": "Where it came from",
}

_TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "runs": {
        "id": "Run id", "command": "The command that was run",
        "started_at": "When the run started (UTC)", "finished_at": "When it finished (UTC)",
        "registry_hash": "Hash of the actor registry used", "counts": "Counts by outcome (JSON)",
        "seconds": "Wall-clock seconds", "words": "Words processed",
        "status": "running, finished, failed (counts say what was lost) or interrupted (its"
                  " process died; marked by the next run)",
        "host": "Machine the run ran on", "pid": "Its process id there (to tell a dead run)",
    },
    "documents": {
        "id": "sha256 of the normalised text", "source_key": "What identifies the same "
        "document across versions (url or path)", "version": "Version number, 1 for the first",
        "previous_version_id": "The version this one replaced", "is_latest": "1 for the newest "
        "version", "kind": "news, vendor_notice, press_release, comment or other",
        "author": "Author, when known", "published_source": "Where the publication date came "
        "from: metadata, argument, html or inferred", "published_evidence": "The text an "
        "inferred publication date rests on", "parent_id": "For a comment: the article it "
        "belongs to", "source": "The path or URL the document was read from",
        "reader": "Which ingest reader produced it", "text": "The normalised body text; every "
        "offset refers to it", "word_count": "Words in the text",
        "ingested_at": "When it was stored (UTC)", "changes": "What changed from the previous "
        "version (JSON: paragraphs added/removed and a diff)", "errors": "Per-document "
        "problems found while analysing it (JSON)",
        "blocks": "The structure the reader saw: headings, list items, table rows, "
        "definitions and paragraphs as JSON [kind, level, start, end] offsets into the text",
    },
    "actors": {
        "id": "Stable slug (nhs-england)", "name": "Canonical name (NHS England)",
        "kind": "organisation, person, group, product or place",
        "mention_count": "Mentions across all documents",
        "document_count": "Documents mentioning the actor",
    },
    "actor_aliases": {"alias": "Another name for the actor (NHSE, a surname …)",
                      "source": "How the alias was learnt: registry, acronym, surname, "
                                "coreference, user or ner"},
    "actor_roles": {"role": "A title seen with the person (GPC England chair)"},
    "mentions": {"text": "The mention as written", "how": "How it was linked: ner, registry, "
                 "acronym, surname, pronoun, nominal …"},
    "timexes": {
        "idx": "Position among the document's time expressions", "text": "As written",
        "type": "DATE, TIME, DURATION or SET", "value": "Normalised TIMEX3 value",
        "range_start": "First day covered", "range_end": "Last day covered",
        "anchor": "What it was resolved against: dct, previous_timex, speech_time or none",
        "mod": "TIMEX3 modifier: START, MID, END, APPROX, BEFORE, AFTER …",
        "deadline_cue": "The word(s) that make it a deadline: by, before, until …",
    },
    "events": {"version": "The release an event is tied to instead of a date, as written "
                          "('will be removed in version 5.0' gives 5.0)",
               "id": "Event key", "attributed_to": "Actor id of whoever claims this happened "
               "(null when the document itself states it)"},
    "event_targets": {"event_id": "The event", "actor_id": "An actor the event was aimed at"},
    "attributions": {
        "event_id": "The event this attribution reports, if linked",
        "source_text": "Who spoke, as written ('A spokesperson')",
        "source_start": "Offset where the source mention starts",
        "source_end": "Offset where the source mention ends",
        "source_actor_id": "The resolved speaker",
        "cue_text": "The speech verb or cue ('said')", "cue_start": "Offset of the cue",
        "cue_end": "End offset of the cue", "content": "Spans of what was said (JSON)",
        "content_text": "What was said, as text", "kind": "direct, indirect or mixed",
        "addressee_id": "Who it was said to, when known",
    },
    "ingest_errors": {
        "id": "Error key", "path": "The input that failed", "stage": "Stage that failed",
        "error_type": "Error class", "message": "What went wrong",
        "severity": "error or warning", "created_at": "When (UTC)",
    },
    "claims": {
        "claim_id": "Event or attribution id", "basis": "event (an extracted event) or "
        "attribution (reported speech not tied to an event)",
        "claimant": "Who is reported to have said it: the speaker the document names "
                    "(resolved, or as written), never the event's own actor",
        "claimant_id": "Actor id of the claimant, when resolved",
        "actor": "Who the claim is about (the event's actor)", "claim": "What is claimed",
        "outlet": "The outlet (publisher) whose document reports the claim",
        "cue": "The speech verb ('said', 'confirmed')", "kind": "direct, indirect or mixed",
        "role": "How the claim's date relates to it",
        "date_start": "First day the claim's date covers",
        "date_end": "Last day the claim's date covers",
    },
    "actor_activity": {
        "events": "Deduplicated events by the actor that month",
        "deadlines": "Of which deadlines", "statements": "Of which statements, denials, "
        "confirmations or warnings", "requests": "Of which requests",
        "instructions": "Of which instructions", "actions": "Of which decisions, actions "
        "or plans", "negated": "Of which negated", "documents": "Documents they come from",
        "first_date": "Earliest date that month", "last_date": "Latest date that month",
    },
}

_TABLE_DESCRIPTIONS: dict[str, str] = {
    "timeline": "One row per deduplicated event, in date order: who did what to whom, when, "
                "and where it was reported.",
    "deadlines": "Events whose date is a deadline (by, before, until …), in date order.",
    "claims": "What someone is reported to have said: the speaker, the claim, the quotation "
              "and the outlet that reports it.",
    "actor_activity": "Events per actor per month.",
    "documents": "Every document read, every version kept; only the latest counts.",
    "actors": "People, organisations and groups, merged across documents.",
    "actor_aliases": "Other names of each actor.",
    "actor_roles": "Titles seen with people.",
    "mentions": "Where each actor is mentioned.",
    "timexes": "Time expressions, normalised to TIMEX3.",
    "events": "Every extracted event, one per document (see timeline for the deduplicated).",
    "event_targets": "Who each event was aimed at.",
    "attributions": "Quotations and reported speech.",
    "ingest_errors": "Inputs that could not be read or analysed, with the reason; warnings "
                     "(a text split in pieces, a page not in English) say why a document was "
                     "handled differently.",
    "runs": "Ingest runs: when, with which model and configuration.",
}

# The link stage's tables and timeline columns (pipeline/publish/link_metadata.py).
_COLUMNS.update(LINK_COLUMNS)
_TABLE_COLUMNS.update(LINK_TABLE_COLUMNS)
_TABLE_DESCRIPTIONS.update(LINK_TABLE_DESCRIPTIONS)

_LABELS = {"actors": "name", "documents": "title", "timexes": "text", "runs": "command",
           "events": "content"}

_FACETS: dict[str, list[str]] = {
    "timeline": ["actor", "action_type", "year_month", "role"],
    "deadlines": ["actor", "year_month"],
    "claims": ["claimant", "action_type", "year_month"],
    "actor_activity": ["actor", "year"],
    "events": ["actor_id", "action_type", "year_month", "date_role"],
    "documents": ["kind", "publisher", "is_latest"],
    "actors": ["kind"],
    "ingest_errors": ["stage", "error_type"],
}

_SORT: dict[str, tuple[str, bool]] = {
    "timeline": ("date_start", False), "deadlines": ("date_start", False),
    "claims": ("date_start", False), "events": ("date_start", False),
    "documents": ("published", True), "actors": ("mention_count", True),
    "runs": ("started_at", True), "actor_activity": ("year_month", False),
}

_FTS: dict[str, tuple[str, str]] = {
    "documents": ("documents_fts", "rowid"),
    "events": ("events_fts", "rowid"),
    "timeline": ("events_fts", "event_rowid"),
    "deadlines": ("events_fts", "event_rowid"),
}

_ACTOR_MATCH = ("select id from actors where id = :actor or name = :actor collate nocase"
                " union select actor_id from actor_aliases where alias = :actor collate nocase")

_DEADLINES_BETWEEN = """select * from deadlines
where (:from = '' or substr(coalesce(date_end, date_start), 1, length(:from)) >= :from)
  and (:to = '' or substr(date_start, 1, length(:to)) <= :to)
order by date_start, date_end"""

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "actor_timeline": {
        "title": "An actor's timeline",
        "description": "Every event where the actor acts or is acted upon. Type an id, a name or "
                       "any alias (NHSE finds NHS England).",
        "sql": f"""with matched as ({_ACTOR_MATCH})
select 'actor' as involvement, t.* from timeline t where t.actor_id in (select id from matched)
union all
select 'target' as involvement, t.* from timeline t
where coalesce(t.actor_id, '') not in (select id from matched)
  and exists (select 1 from event_targets et
              where et.event_id = t.event_id and et.actor_id in (select id from matched))
order by date_start, event_id""",
    },
    "deadlines_between": {
        "title": "Deadlines between two dates",
        "description": "Deadlines whose date overlaps the period. Dates may be partial: 2024, "
                       "2024-07 or 2024-07-01; leave one empty for an open end.",
        "sql": _DEADLINES_BETWEEN,
    },
    "who_said": {
        "title": "What did an actor say?",
        "description": "Everything the actor is reported to have said, in date order. Type an "
                       "id, a name or any alias (NHSE finds NHS England); a speaker the "
                       "extractor could not resolve is matched as written.",
        "sql": f"""with matched as ({_ACTOR_MATCH})
select * from claims
where :actor != '' and (claimant_id in (select id from matched)
  or claimant = :actor collate nocase)
order by date_start, claimant""",
    },
    "claims_mentioning": {
        "title": "Claims mentioning a term",
        "description": "Claims whose text, quotation or sentence contains the words "
                       "(case-insensitive), with who made them and the outlet reporting them.",
        "sql": """select * from claims
where :term != '' and (
  instr(lower(coalesce(claim, '')), lower(:term)) > 0
  or instr(lower(coalesce(quote, '')), lower(:term)) > 0
  or instr(lower(coalesce(sentence, '')), lower(:term)) > 0)
order by date_start, claimant""",
    },
    "conflicting_claims": {
        "title": "Conflicting claims",
        "description": "Pairs of claims by different actors about the same actors in the same "
                       "period, where one is negated or a denial and the other is not; and "
                       "reports of one story event that disagree (its dates, or one negates "
                       "it).",
        "sql": f"""with claim as (
  select e.id, e.document_id, coalesce(e.attributed_to, e.actor_id) as claimant_id,
    e.actor_id, e.action, e.action_type, e.content, e.negated, e.date_start, e.date_end,
    e.sentence_text, e.sentence_start, (e.negated = 1 or e.action_type = 'denial') as denies
  from events e join documents d on d.id = e.document_id
  where d.is_latest = 1 and coalesce(d.kind, '') != 'comment' and e.id = e.cluster_id
    and coalesce(e.attributed_to, e.actor_id) is not null
    and (e.negated = 1 or e.action_type in ({_CLAIM_TYPES}) or e.attributed_to is not null
         or e.quote_text is not null)
),
subject as (
  select c.id as event_id, c.actor_id, c.denies, c.claimant_id, c.date_start, c.date_end,
    c.document_id, c.sentence_start
  from claim c where c.actor_id is not null
  union
  select c.id, t.actor_id, c.denies, c.claimant_id, c.date_start, c.date_end, c.document_id,
    c.sentence_start
  from event_targets t join claim c on c.id = t.event_id
),
pair as (
  select s1.event_id as denial_id, s2.event_id as claim_id,
    group_concat(distinct a.name) as about
  from subject s1
  join subject s2 on s2.actor_id = s1.actor_id and s2.denies = 0
    and s2.claimant_id != s1.claimant_id
    -- one sentence reporting a denial ("X said Y did not...") is one account, not two
    and not (s2.document_id = s1.document_id and s2.sentence_start = s1.sentence_start)
    and (substr(s1.date_start, 1, 7) = substr(s2.date_start, 1, 7)
         or (s1.date_start <= s2.date_end and s2.date_start <= s1.date_end))
  join actors a on a.id = s1.actor_id
  where s1.denies = 1
  group by s1.event_id, s2.event_id
)
select
  (select name from actors where id = c1.claimant_id) as denier,
  c1.action as denial_action, c1.content as denial, c1.sentence_text as denial_sentence,
  c1.date_start as denial_date, c1.document_id as denial_document_id,
  (select name from actors where id = c2.claimant_id) as claimant,
  c2.action as claim_action, c2.content as claim, c2.sentence_text as claim_sentence,
  c2.date_start as claim_date, c2.document_id as claim_document_id,
  p.about
from pair p
join claim c1 on c1.id = p.denial_id
join claim c2 on c2.id = p.claim_id
union all
{STORY_CONFLICTS_SQL}
order by denial_date, claim_date""",
    },
    "what_changed": {
        "title": "What changed in a document",
        "description": "Every stored version of a document (by URL, path or any version's id), "
                       "with what changed from the previous version.",
        "sql": """select d.version, d.is_latest, d.id as document_id, d.title, d.published,
  d.ingested_at, d.word_count,
  json_extract(d.changes, '$.paragraphs_added') as paragraphs_added,
  json_extract(d.changes, '$.paragraphs_removed') as paragraphs_removed,
  json_extract(d.changes, '$.diff') as diff,
  (select count(*) from events e where e.document_id = d.id) as events,
  d.previous_version_id
from documents d
where :url != '' and (d.source_key = :url or d.url = :url
  or d.source_key in (select source_key from documents where id = :url))
order by d.version""",
    },
}


# What a reader looks at first in each table's HTML page: when, who, what, how, where from.
_LEADING: dict[str, list[str]] = {
    "timeline": ["date", "date_text", "actor", "action", "targets", "role", "negated",
                 "modality", "content", "attributed_to", "document_title", "publisher",
                 "published", "action_type", "quote", "sentence", "document_count"],
    "deadlines": ["date_start", "date_end", "date_text", "actor", "action", "targets",
                  "negated", "content", "attributed_to", "document_title", "publisher"],
    "events": ["date_start", "actor_id", "action", "date_role", "negated", "modality",
               "content", "attributed_to", "action_type", "date_value", "date_end",
               "sentence_text", "quote_text"],
    "documents": ["title", "publisher", "published", "kind", "version", "is_latest", "url",
                  "author", "word_count"],
    "actors": ["name", "kind", "mention_count", "document_count"],
    "actor_activity": ["actor", "year_month", "events", "deadlines", "statements"],
    "attributions": ["source_text", "source_actor_id", "cue_text", "content_text", "kind"],
    "timexes": ["text", "value", "type", "range_start", "range_end", "mod", "deadline_cue"],
    "mentions": ["text", "actor_id", "how"],
}
# Keys, hashes and character offsets: kept, but after everything a person reads.
_TECHNICAL = {"id", "event_rowid", "raw_sha256", "config_hash", "run_id", "local_id",
              "pipeline_version", "model", "quote_start", "quote_end", "sentence_start",
              "sentence_end", "source_start", "source_end", "cue_start", "cue_end", "start",
              "end", "source_key", "previous_version_id", "idx"}


def _is_technical(column: str) -> bool:
    return column in _TECHNICAL or column.endswith(("_id", "_ids"))


def display_order(table: str, columns: list[str]) -> list[str]:
    """`columns` in reading order for the table's HTML page: its label columns first, the
    rest as stored, ids, hashes and offsets last. A permutation: nothing is dropped."""
    leading = [c for c in _LEADING.get(table, []) if c in columns]
    trailing = [c for c in columns if _is_technical(c) and c not in leading]
    middle = [c for c in columns if c not in leading and c not in trailing]
    return leading + middle + trailing


def column_descriptions(table: str) -> dict[str, str]:
    """Descriptions for a table's or view's columns: its own first, then the shared ones."""
    return {**_COLUMNS, **_TABLE_COLUMNS.get(table, {})}


def _table_entry(table: str, columns: list[str] | None) -> dict[str, Any]:
    described = column_descriptions(table)
    names = columns if columns is not None else sorted(
        set(_TABLE_COLUMNS.get(table, {})))
    entry: dict[str, Any] = {
        "title": table.replace("_", " ").capitalize(),
        "description": _TABLE_DESCRIPTIONS.get(table, ""),
        "source": SOURCE,
        "license": LICENSE, "license_url": LICENSE_URL,
        "columns": {name: described[name] for name in display_order(table, names)
                    if name in described},
    }
    if table in _LABELS:
        entry["label_column"] = _LABELS[table]
    if table in _FACETS:
        entry["facets"] = list(_FACETS[table])
    if table in _SORT:
        column, desc = _SORT[table]
        entry["sort_desc" if desc else "sort"] = column
    if table in _FTS:
        entry["fts_table"], entry["fts_pk"] = _FTS[table]
    return entry


def _all_columns() -> dict[str, list[str]]:
    """Column names of every table and view, read from an empty database built by the store,
    so the metadata can never describe a different shape than the one written."""
    from sqlite_utils import Database

    from pipeline.store.schema import ensure_schema
    from pipeline.store.views import ensure_views

    db = Database(memory=True)
    ensure_schema(db)
    ensure_views(db)
    names = [n for n in db.table_names() + db.view_names() if "_fts" not in n]
    return {name: [row[1] for row in db.execute(f"pragma table_info([{name}])")]
            for name in names}


def _full(database: str, public: bool = False) -> dict[str, Any]:
    tables = {name: _table_entry(name, columns) for name, columns in _all_columns().items()}
    queries = {}
    for name, query in CANNED_QUERIES.items():
        # Readers come for the rows: the SQL stays one click away ("show") instead of
        # pushing them below a screenful of code.
        queries[name] = {**query, "source": SOURCE, "license": LICENSE,
                         "license_url": LICENSE_URL, "hide_sql": True}
    return {
        "title": TITLE, "description": DESCRIPTION,
        "source": SOURCE,
        "license": LICENSE, "license_url": LICENSE_URL,
        "databases": {database: {
            "title": TITLE, "description": DESCRIPTION,
            "source": SOURCE,
            "license": LICENSE, "license_url": LICENSE_URL,
            "tables": tables, "queries": queries,
        }},
        # `public` is read by the plugin's permission hooks (see compat).
        "plugins": {"dateline": {"database": database, "public": public}},
    }


def build_metadata(database: str = "timeline") -> dict[str, Any]:
    """Datasette 0.65 metadata for a database named `database` (the file's stem)."""
    return _full(database)


# Keys that are configuration (datasette.yaml) rather than metadata in Datasette 1.0.
_CONFIG_TABLE_KEYS = ("label_column", "facets", "sort", "sort_desc", "fts_table", "fts_pk",
                      "size", "hidden")


def build_config(database: str = "timeline", *, layout: Literal["0.65", "1.0"] = "0.65",
                 public: bool = False) -> dict[str, Any]:
    """Everything Datasette needs, as {"metadata": …, "config": …, "settings": …}.

    0.65: metadata holds it all and settings go on the command line. 1.0: `config` is the
    `datasette.yaml` content (settings, queries, facets, plugins), metadata keeps descriptions.
    """
    settings = dict(PUBLIC_SETTINGS if public else SETTINGS)
    full = _full(database, public)
    if layout == "0.65":
        return {"metadata": full, "config": None, "settings": settings}
    metadata = copy.deepcopy(full)
    config: dict[str, Any] = {"settings": settings, "plugins": metadata.pop("plugins"),
                              "databases": {database: {"tables": {}, "queries": {}}}}
    db_meta = metadata["databases"][database]
    # 1.0 serves a table or view before a stored query of the same name, so such a query
    # (the `deadlines` alias of `deadlines_between`) could never be reached there.
    config["databases"][database]["queries"] = {
        name: query for name, query in db_meta.pop("queries").items()
        if name not in db_meta["tables"]}
    for table, entry in db_meta["tables"].items():
        moved = {key: entry.pop(key) for key in _CONFIG_TABLE_KEYS if key in entry}
        if moved:
            config["databases"][database]["tables"][table] = moved
    return {"metadata": metadata, "config": config, "settings": settings}

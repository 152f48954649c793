"""Table definitions of the Dateline database, in one place.

Columns are declared explicitly (not inferred from the first row) so an empty database already
has its full shape, Datasette can describe every column, and later rows cannot widen types.
"""

from __future__ import annotations

from sqlite_utils import Database

TABLES: dict[str, dict] = {
    "runs": {
        "columns": {
            "id": str, "command": str, "started_at": str, "finished_at": str,
            "pipeline_version": str, "model": str, "config_hash": str, "registry_hash": str,
            "counts": str, "seconds": float, "words": int, "status": str,
            # Who ran it: a `running` run whose process is gone was killed (see
            # `Store.mark_interrupted`).
            "host": str, "pid": int,
        },
        "pk": "id",
    },
    "documents": {
        "columns": {
            "id": str, "source_key": str, "version": int, "previous_version_id": str,
            "is_latest": int, "kind": str, "title": str, "url": str, "publisher": str,
            "author": str, "published": str, "published_date": str, "published_source": str,
            "published_evidence": str, "parent_id": str, "source": str, "raw_sha256": str,
            "reader": str, "text": str, "word_count": int, "model": str,
            "pipeline_version": str, "config_hash": str, "run_id": str, "ingested_at": str,
            "changes": str, "errors": str, "blocks": str,
        },
        "pk": "id",
        "foreign_keys": [("parent_id", "documents", "id"),
                         ("previous_version_id", "documents", "id"), ("run_id", "runs", "id")],
    },
    "actors": {
        "columns": {"id": str, "name": str, "kind": str, "mention_count": int,
                    "document_count": int},
        "pk": "id",
    },
    "actor_aliases": {
        "columns": {"id": str, "actor_id": str, "alias": str, "source": str},
        "pk": "id",
        "foreign_keys": [("actor_id", "actors", "id")],
    },
    "actor_roles": {
        "columns": {"id": str, "actor_id": str, "role": str, "document_id": str},
        "pk": "id",
        "foreign_keys": [("actor_id", "actors", "id"), ("document_id", "documents", "id")],
    },
    "mentions": {
        "columns": {
            "id": str, "document_id": str, "actor_id": str, "start": int, "end": int,
            "text": str, "how": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id"), ("actor_id", "actors", "id")],
    },
    "timexes": {
        "columns": {
            "id": str, "document_id": str, "idx": int, "start": int, "end": int, "text": str,
            "type": str, "value": str, "range_start": str, "range_end": str, "anchor": str,
            "mod": str, "deadline_cue": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "events": {
        "columns": {
            "id": str, "document_id": str, "local_id": str, "actor_id": str, "action": str,
            "action_type": str, "content": str, "negated": int, "modality": str,
            "date_value": str, "date_role": str, "date_start": str, "date_end": str,
            "date_precision": str, "year": str, "year_month": str, "timex_id": str,
            "attributed_to": str, "quote_start": int, "quote_end": int, "quote_text": str,
            "sentence_start": int, "sentence_end": int, "sentence_text": str,
            "mention_count": int, "cluster_id": str, "subject_start": int, "subject_end": int,
            "subject_text": str, "subject_owner_id": str, "version": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id"), ("actor_id", "actors", "id"),
                         ("attributed_to", "actors", "id"), ("timex_id", "timexes", "id"),
                         ("subject_owner_id", "actors", "id")],
    },
    "event_targets": {
        "columns": {"id": str, "event_id": str, "actor_id": str},
        "pk": "id",
        "foreign_keys": [("event_id", "events", "id"), ("actor_id", "actors", "id")],
    },
    "attributions": {
        "columns": {
            "id": str, "document_id": str, "event_id": str, "source_text": str,
            "source_start": int, "source_end": int, "source_actor_id": str, "cue_text": str,
            "cue_start": int, "cue_end": int, "content": str, "content_text": str,
            "kind": str, "addressee_id": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id"), ("event_id", "events", "id"),
                         ("source_actor_id", "actors", "id"), ("addressee_id", "actors", "id")],
    },
    # Cross-document linking (pipeline/link): story events, the reports each gathers, the
    # blocks reports are compared within, and which stored actors are one actor.
    "story_events": {
        "columns": {
            "id": str, "lead_event_id": str, "action_class": str, "date_start": str,
            "date_end": str, "date_spread": str, "date_conflict": int,
            "negation_conflict": int, "document_count": int, "mention_count": int,
            "sources": str, "claimants": str, "outlets": str,
        },
        "pk": "id",
        "foreign_keys": [("lead_event_id", "events", "id")],
    },
    "story_mentions": {
        "columns": {
            "event_id": str, "story_event_id": str, "document_id": str, "outlet": str,
            "title": str, "url": str, "published": str, "claimant_id": str, "claimant": str,
            "actor_key": str, "action_class": str, "targets": str, "dated": int,
            "date_start": str, "date_end": str, "date_value": str, "precision": str,
            "role": str, "negated": int, "terms": str, "sentence_terms": str, "context": str,
            "link_reason": str,
        },
        "pk": "event_id",
        # story_event_id is the story's lead event id; a lone report has no story_events row.
        "foreign_keys": [("event_id", "events", "id"), ("document_id", "documents", "id")],
    },
    # Documents written (or superseded) since the link stage last ran.
    "link_queue": {"columns": {"document_id": str}, "pk": "document_id"},
    "story_blocks": {
        "columns": {"id": str, "block_key": str, "event_id": str, "lo": str, "hi": str},
        "pk": "id",
    },
    "actor_merges": {
        "columns": {"actor_id": str, "canonical_id": str, "reason": str},
        "pk": "actor_id",
        "foreign_keys": [("actor_id", "actors", "id"), ("canonical_id", "actors", "id")],
    },
    "ingest_errors": {
        "columns": {
            "id": str, "path": str, "stage": str, "error_type": str, "message": str,
            "severity": str, "raw_sha256": str, "run_id": str, "created_at": str,
        },
        "pk": "id",
    },
}

# Every facet, filter and join column gets an index: Datasette facets and the canned queries
# scan these, and without indexes a 1M-row page takes seconds.
INDEXES: dict[str, list[list[str]]] = {
    "documents": [["source_key"], ["is_latest"], ["parent_id"], ["published_date"], ["kind"],
                  ["publisher"]],
    "actor_aliases": [["actor_id"], ["alias"]],
    "actor_roles": [["actor_id"]],
    "mentions": [["document_id"], ["actor_id"], ["actor_id", "document_id"]],
    "timexes": [["document_id"]],
    "events": [["document_id"], ["actor_id"], ["action_type"], ["date_role"], ["date_start"],
               ["year"], ["year_month"], ["attributed_to"], ["cluster_id"], ["action"]],
    "event_targets": [["event_id"], ["actor_id"]],
    "attributions": [["document_id"], ["event_id"], ["source_actor_id"]],
    "ingest_errors": [["path"], ["run_id"], ["error_type"]],
    "story_mentions": [["story_event_id"], ["document_id"]],
    "story_blocks": [["block_key", "lo"], ["event_id"]],
    "actor_merges": [["canonical_id"]],
}

# Tables whose rows belong to one document's extraction (replaced together on re-processing).
EXTRACTION_TABLES = (
    "mentions", "timexes", "event_targets", "attributions", "events", "actor_roles",
)


def ensure_schema(db: Database) -> None:
    """Create missing tables and indexes, and add columns a newer version declares to tables
    an older one made; existing columns are left as they are."""
    for name, spec in TABLES.items():
        if not db[name].exists():
            db[name].create(
                spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys", []),
                if_not_exists=True,
            )
            continue
        # a database written before a column was added gets it (empty for the old rows)
        present = set(db[name].columns_dict)
        for column, kind in spec["columns"].items():
            if column not in present:
                db[name].add_column(column, kind)
    for name, index_list in INDEXES.items():
        for columns in index_list:
            db[name].create_index(columns, if_not_exists=True)

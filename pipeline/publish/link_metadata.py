"""Descriptions of the link stage's tables and of the story-event columns of `timeline`
(merged into the Datasette metadata by `metadata.py`)."""

from __future__ import annotations

LINK_COLUMNS: dict[str, str] = {
    "story_event_id": "The story event this row stands for: its lead report's event id",
    "sources": "Every document reporting the story event (JSON: document_id, title, outlet, "
               "url, published), oldest first",
    "reported_by": "The outlets reporting the story event, oldest first",
    "claimants": "Who claims it in each report (an actor, or the outlet itself); "
                 "'(denies)' marks a report negating what the lead report says",
    "date_spread": "When the sources state different dates: each date with its outlets "
                   "('29 July 2024: Pulse · 5 August 2024: PSW')",
    "date_conflict": "1 when the sources state dates that cannot all hold",
    "negation_conflict": "1 when some reports negate what others report",
    "report_count": "How many reports (events in documents) the story event gathers",
}

LINK_TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "story_events": {
        "id": "Story event id (its lead report's event id; also events.cluster_id)",
        "lead_event_id": "The report standing for the story (the most-stated date)",
        "action_class": "Action class shared by its reports (resources/linking.yaml)",
        "date_start": "First day of the agreed (most-stated) date, null when undated",
        "date_end": "Last day of that date", "date_spread": LINK_COLUMNS["date_spread"],
        "date_conflict": LINK_COLUMNS["date_conflict"],
        "negation_conflict": LINK_COLUMNS["negation_conflict"],
        "document_count": "How many documents report it",
        "mention_count": "How many reports it gathers", "sources": LINK_COLUMNS["sources"],
        "claimants": LINK_COLUMNS["claimants"], "outlets": LINK_COLUMNS["reported_by"],
    },
    "story_mentions": {
        "event_id": "The report (an event of one document)",
        "story_event_id": "The story event it belongs to", "document_id": "Its document",
        "outlet": "Who published the document", "title": "Document title",
        "url": "Document URL", "published": "Publication day",
        "claimant_id": "Who the report says claims it (canonical actor), null: the outlet",
        "claimant": "The claimant's name", "actor_key": "Canonical actor of the report",
        "action_class": "Action class", "targets": "Canonical target actors (JSON)",
        "dated": "1 when the report states a date", "date_start": "Its own first day",
        "date_end": "Its own last day", "date_value": "Its own TIMEX3 date value",
        "precision": "Precision of its date", "role": "Role of its date",
        "negated": "1 when this report negates the action",
        "terms": "Content words used for linking", "context": "Main actors of its document",
        "sentence_terms": "Sentence words used for linking",
        "link_reason": "Why it joined the story event (the evidence of its first link)",
    },
    "link_queue": {"document_id": "A document written or superseded since the last link"},
    "story_blocks": {
        "id": "Row key", "block_key": "Block (class and actor, target or day) reports are "
        "compared within", "event_id": "The report", "lo": "First day it covers",
        "hi": "Last day it covers",
    },
    "actor_merges": {
        "actor_id": "A stored actor", "canonical_id": "The actor it is one with (null: a "
        "role phrase, no actor)", "reason": "Why (alias, acronym defined in a document, "
        "legal suffix, surname, shared context; 'canonical' for the group's own name)",
    },
}

LINK_TABLE_DESCRIPTIONS: dict[str, str] = {
    "story_events": "Events across documents: one row per happening, with every source.",
    "story_mentions": "Each report of a story event: its document, outlet, claimant, own "
                      "date and negation (disagreement is kept, not averaged).",
    "story_blocks": "Linking index: the blocks each report is compared within.",
    "link_queue": "Documents the link stage has still to (re)link.",
    "actor_merges": "Actors that are one body or person across documents, and why.",
}

# Disagreement inside one story event (pipeline/link), in the `conflicting_claims` columns:
# reports of one happening that state dates that cannot both hold, or where one negates it.
# `about` says what is disputed ("29 July 2024 (Pulse) / 5 August 2024 (PSW)").
STORY_CONFLICTS_SQL = """
select
  coalesce(m1.claimant, m1.outlet) as denier,
  e1.action as denial_action, e1.content as denial, e1.sentence_text as denial_sentence,
  m1.date_start as denial_date, m1.document_id as denial_document_id,
  coalesce(m2.claimant, m2.outlet) as claimant,
  e2.action as claim_action, e2.content as claim, e2.sentence_text as claim_sentence,
  m2.date_start as claim_date, m2.document_id as claim_document_id,
  case when m1.negated != m2.negated
    then coalesce(m1.claimant, m1.outlet) || ' says not: ' || e2.action
    else se.date_spread end as about
from story_events se
join story_mentions m1 on m1.story_event_id = se.id
join story_mentions m2 on m2.story_event_id = se.id and m2.document_id != m1.document_id
join events e1 on e1.id = m1.event_id
join events e2 on e2.id = m2.event_id
where (se.negation_conflict = 1 and m1.negated = 1 and m2.negated = 0)
   or (se.date_conflict = 1 and m1.dated = 1 and m2.dated = 1
       and m1.date_start > m2.date_end)
"""

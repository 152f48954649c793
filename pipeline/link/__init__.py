"""The link stage: events and actors across documents (story events, actor merges).

Runs after the store (`dateline ingest`, `dateline reprocess`, `dateline link DB`)."""

from pipeline.link.stage import LinkSummary, link_documents, relink

__all__ = ["LinkSummary", "link_documents", "relink"]

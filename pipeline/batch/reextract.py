"""Re-extraction of stored documents from their stored text (`reprocess`), and the re-dating
of stored texts that `ingest --published` met again."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.batch.flow import StoppedAtFailure, first_pending, stop_at_failure
from pipeline.batch.local import _analyse
from pipeline.batch.nlp_process import acquire, choose_mode
from pipeline.batch.progress import Progress
from pipeline.batch.runs import _end_run, _run_label
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import Result, config_hash, make_config
from pipeline.batch.writer import Writer
from pipeline.document import Block, Document


def _selection(*, where: str | None, since: str | None, force: bool, label: str,
               chash: str, ids: list[str] | None = None) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) for documents due for re-extraction."""
    conditions, params = [], []
    if ids is not None:
        conditions.append("id in (select value from json_each(?))")
        params.append(json.dumps(ids))
    if where:
        conditions.append(f"({where})")
    if since:
        conditions.append("published_date >= ?")
        params.append(since)
    if not force:
        conditions.append("(coalesce(pipeline_version, '') != ? or coalesce(model, '') != ?"
                          " or coalesce(config_hash, '') != ?"
                          " or exists (select 1 from json_each(case when json_valid(errors)"
                          " then errors else '[]' end) where coalesce(json_extract(value,"
                          " '$.severity'), 'error') != 'warning'))")
        params += [__version__, label, chash]
    return " and ".join(conditions) or "1", params


def _select_documents(store: Any, clause: str, params: list[Any], page: int = 256
                      ) -> Iterator[dict[str, Any]]:
    """Documents matching `clause`, in insertion order, a page at a time.

    Keyset pagination on rowid keeps no read transaction open across pages (a long reader
    would stop WAL checkpoints while the writer replaces rows), and a replaced row is never
    selected twice.
    """
    last = 0
    while True:
        rows = list(store.db.query(
            f"select rowid as _rowid, * from documents where rowid > ? and {clause}"
            f" order by rowid limit {page}", [last, *params]))
        if not rows:
            return
        yield from rows
        last = rows[-1]["_rowid"]


def document_from_row(row: dict[str, Any]) -> Document:
    """The stored document as a `Document` again (the text is the normalised text)."""
    return Document(
        text=row["text"] or "", title=row.get("title"), url=row.get("url"),
        publisher=row.get("publisher"), author=row.get("author"),
        published=row.get("published"), published_source=row.get("published_source"),
        published_evidence=row.get("published_evidence"), kind=row.get("kind") or "news",
        source=row.get("source"), parent_id=row.get("parent_id"),
        raw_sha256=row.get("raw_sha256"), reader=row.get("reader"),
        meta={"source_key": row["source_key"]} if row.get("source_key") else {},
        blocks=stored_blocks(row.get("blocks")),
    )


def stored_blocks(value: str | None) -> list[Block]:
    """The blocks column ([[kind, level, start, end], ...] as JSON) as Blocks again; a
    missing or unreadable value gives none (extraction then reads the structure from the
    text itself)."""
    try:
        return [Block(str(k), int(lv), int(s), int(e)) for k, lv, s, e in json.loads(value)]
    except (TypeError, ValueError):
        return []


def reprocess(db_path: str | Path, *, where: str | None = None, since: str | None = None,
              force: bool = False, model: str | None = None,
              registry: str | Path | None = None, batch_size: int | None = None,
              quiet: bool = True, progress: Progress | str | None = None,
              pipeline: str = "auto", strict: bool = False, published: str | None = None,
              ids: list[str] | None = None) -> BatchSummary:
    """Re-extract stored documents from their stored text (sources are not re-read).

    Without `force`, only documents whose pipeline version, model or config hash (registry
    and extraction resources included) differ from now, or whose extraction failed. Each
    document's extraction is replaced atomically; actors, aliases (user merges included) and
    document rows stay. `pipeline` as for `ingest_paths`, "auto" judging by the selected
    documents' text size.

    published: correct the selected documents' publication date (stored as given by
    argument) and re-extract them whatever their version; `ids` narrows the selection.
    """
    from pipeline.store import Store

    started = time.monotonic()
    config = make_config(model, registry, batch_size, db_path=db_path)
    label = _run_label(config)
    chash = config_hash(config, label)
    summary = BatchSummary(command="reprocess", model=label, config_hash=chash)
    store = Store(db_path)
    clause, params = _selection(where=where, since=since, force=force or bool(published),
                                label=label, chash=chash, ids=ids)
    total, text_bytes = store.db.execute(
        f"select count(*), coalesce(sum(length(text)), 0) from documents where {clause}",
        params).fetchone()
    summary.pipeline = choose_mode(pipeline, text_bytes)
    if not isinstance(progress, Progress):
        mode = progress if isinstance(progress, str) else ("log" if quiet else None)
        progress = Progress(mode=mode, label="reprocess", total_documents=total or None)
    run_id = store.start_run("reprocess", pipeline_version=__version__, model=label,
                             config_hash=chash, registry_hash=config.registry_hash)
    summary.run_id = run_id
    writer = Writer(db_path, summary, progress, run_id=run_id, config_hash=chash,
                    replace=True)
    child = acquire(config) if summary.pipeline == "processes" and total else None
    put = stop_at_failure(writer.put) if strict else writer.put
    status = "failed"

    def documents() -> Iterator[Document]:
        for row in _select_documents(store, clause, params):
            summary.read += 1
            progress.read(len(row["text"] or ""))
            document = document_from_row(row)
            if published:
                document.published, document.published_source = published, "argument"
                document.published_evidence = None
            yield document

    try:
        pending = first_pending(documents())
        for document, record, issues in _analyse(pending, config, child) if pending else ():
            words = len(document.text.split())
            summary.words += words
            progress.advance(documents=1, words=words)
            put(Result("record", document=document, record=record, issues=issues,
                       words=words))
        status = "finished"
    except StoppedAtFailure:
        status, summary.stopped = "stopped", True
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        _end_run(child, writer, progress, store, run_id, summary, started, status,
                 config)
    return summary


def _redate(db_path: str | Path, ids: list[str], published: str, summary: BatchSummary,
            **options: Any) -> None:
    """Stored texts re-ingested with another `--published`: correct their date and
    re-extract them (a document's id is its text's hash, so the row is corrected in place;
    `reprocess` records a run of its own)."""
    from pipeline.store import Store

    store = Store(db_path, create_views=False)
    try:
        stale = [row[0] for row in store.db.execute(
            "select id from documents where id in (select value from json_each(?))"
            " and coalesce(published, '') != ?", [json.dumps(ids), published])]
    finally:
        store.close()
    if not stale:
        return
    fixed = reprocess(db_path, ids=stale, published=published, progress="off", **options)
    summary.redated += fixed.replaced
    summary.unchanged -= fixed.replaced
    summary.events += fixed.events
    summary.redate_seconds = fixed.seconds
    for issue in fixed.errors:
        summary.add_issue(issue)
    summary.failed += fixed.failed - sum(fixed.reasons.values())  # failed records, no issue

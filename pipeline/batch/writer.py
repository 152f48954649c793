"""The database side of a batch run: one writer thread, on its own SQLite connection, stores
results in arrival order, each document in its own savepoint inside short transactions."""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from pathlib import Path

from pipeline.batch.progress import Progress
from pipeline.batch.summary import BatchSummary
from pipeline.batch.work import Issue, Result

log = logging.getLogger("dateline.batch")

# Writer: commit when this many documents are pending, or whenever the queue runs dry.
WRITE_BATCH = 64
_STOP = object()


class WriterFailed(RuntimeError):
    """The database writer died: what it had not committed is lost, and the run failed."""

    def __init__(self, lost: int, lost_documents: int, cause: BaseException) -> None:
        super().__init__(f"the database writer failed ({type(cause).__name__}: {cause}); "
                         f"{lost} results not stored, {lost_documents} of them documents "
                         "(a re-run stores them)")
        self.lost = lost
        self.lost_documents = lost_documents


class Writer:
    """Writes results in arrival order on its own thread and connection.

    Documents pile up in one transaction while NLP is faster than writing, and are committed
    whenever the writer catches up (or after WRITE_BATCH documents), each document inside its
    own savepoint: a failure rolls back that document only. A failure of the writer itself
    (a commit that fails, a database gone) rolls back the open transaction; `close` and
    `put` then raise `WriterFailed` with the count of results lost.
    """

    def __init__(self, db_path: str | Path, summary: BatchSummary, progress: Progress, *,
                 run_id: str, config_hash: str, replace: bool = False) -> None:
        self.db_path = db_path
        self.summary = summary
        self.progress = progress
        self.run_id = run_id
        self.config_hash = config_hash
        self.replace = replace
        self.error: BaseException | None = None
        self.written: list[str] = []  # documents whose extraction changed: the link stage's work
        self.queue: queue.Queue = queue.Queue(maxsize=4 * WRITE_BATCH)
        self._store = None
        self._lock = threading.Lock()  # guards summary/progress updates
        # Results handed over and results committed (all, and documents): the difference is
        # what a writer failure loses.
        self.handed = self.handed_documents = 0
        self.committed = self.committed_documents = 0
        self.thread = threading.Thread(target=self._loop, name="dateline-writer", daemon=True)
        self.thread.start()

    def failure(self) -> WriterFailed:
        assert self.error is not None
        return WriterFailed(self.handed - self.committed,
                            self.handed_documents - self.committed_documents, self.error)

    def put(self, result: Result) -> None:
        if self.error is not None:
            raise self.failure() from self.error
        self.handed += 1
        self.handed_documents += result.kind == "record"
        self.queue.put(result)

    def close(self) -> None:
        self.queue.put(_STOP)
        self.thread.join()  # the thread closes its own connection
        if self.error is not None:
            raise self.failure() from self.error

    def _open(self) -> None:
        if self._store is None:
            from pipeline.store import Store

            self._store = Store(self.db_path, create_views=False)

    def _loop(self) -> None:
        try:
            self._open()
            db = self._store.db
            stop = False
            while not stop:
                item = self.queue.get()
                if item is _STOP:
                    break
                batch = [item]
                with db.atomic():
                    self._write_one(item)
                    # Keep the transaction open while more results are already waiting.
                    while len(batch) < WRITE_BATCH:
                        try:
                            item = self.queue.get_nowait()
                        except queue.Empty:
                            break
                        if item is _STOP:
                            stop = True
                            break
                        batch.append(item)
                        self._write_one(item)
                self.committed += len(batch)
                self.committed_documents += sum(result.kind == "record" for result in batch)
            self._store.close()
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error
            log.error("the database writer failed: %s: %s", type(error).__name__, error)
            if self._store is not None:
                try:
                    self._store.close()
                except Exception:  # noqa: BLE001 - the first error is the one to report
                    pass
            # Drain so producers blocked on a full queue wake up and see the error.
            while True:
                try:
                    if self.queue.get_nowait() is _STOP:
                        break
                except queue.Empty:
                    break

    def _write_one(self, result: Result) -> None:
        """Write one result; a failure of its rows (not of the database) becomes a
        `WriteFailed` row for its path, so one odd value cannot end the writer."""
        try:
            self._write(result)
        except sqlite3.DatabaseError:
            raise  # the database itself: the transaction is in doubt, so the writer stops
        except Exception as error:  # noqa: BLE001 - this result only; the batch goes on
            path = (result.document.source if result.document else None) or \
                (result.issues[0].path if result.issues else "")
            self._store.record_error(path=path or "", stage="store", error_type="WriteFailed",
                                     message=f"{type(error).__name__}: {error}",
                                     run_id=self.run_id)
            with self._lock:
                self.summary.add_issue({"path": path, "stage": "store",
                                        "error_type": "WriteFailed", "message": str(error),
                                        "severity": "error"})

    def _write(self, result: Result) -> None:
        store = self._store
        issues = list(result.issues)
        outcome = None
        if result.kind == "record" and self.replace and result.record.failed():
            # Re-extraction failed: keep the document's previous extraction rather than
            # swapping a good one for an empty one; the issue row says what went wrong.
            pass
        elif result.kind == "record":
            try:
                # `Store.write` runs in a savepoint of its own: a failure rolls back this
                # document only.
                outcome = store.write(result.document, result.record, run_id=self.run_id,
                                      config_hash=self.config_hash, replace=self.replace)
                if outcome.status != "unchanged":
                    self.written.append(outcome.document_id)
            except Exception as error:  # noqa: BLE001 - this document only; the batch goes on
                issues.append(Issue(result.document.source or "", "store", "WriteFailed",
                                    f"{type(error).__name__}: {error}", result.document.id))
        for issue in issues:
            store.record_error(path=issue.path, stage=issue.stage, error_type=issue.error_type,
                               message=issue.message, raw_sha256=issue.raw_sha256,
                               run_id=self.run_id, severity=issue.severity)
        with self._lock:
            summary = self.summary
            if outcome is not None:
                status = outcome.status
                if status == "inserted":
                    summary.inserted += 1
                elif status == "new_version":
                    summary.new_version += 1
                elif status == "replaced":
                    summary.replaced += 1
                else:
                    summary.unchanged += 1
                summary.events += outcome.events
            elif result.kind == "unchanged":
                summary.unchanged += 1
            failed_before = summary.failed
            for issue in issues:
                summary.add_issue(issue.to_dict())
            # A record written with a failed extraction counts once, as failed.
            if outcome is not None and result.record.failed() and \
                    summary.failed == failed_before:
                summary.failed += 1
            self.progress.advance(errors=summary.failed - failed_before)

"""spaCy in its own process, extraction and writing in the parent: a two-stage pipeline.

`--pipeline processes` (the default for inputs past `AUTO_MIN_BYTES`). One dedicated child
process runs `nlp.pipe` over the stream of texts, one `nlp_batch` at a time, and sends each
batch back as a `DocBin` (only the token attributes extraction reads; no tensors, no user
data). The parent turns the bytes back into Docs, extracts and hands records to the writer
thread while the child already parses the next batches. On two cores the NLP process never
waits for extraction or SQLite, so ingest approaches bare `nlp.pipe` speed
(docs/scaling.md has the measurements).

Why this split and not the reverse (parent parses, a child extracts and writes): extraction
stays in the parent's main thread, where the per-document SIGALRM time limit works, where
the summary, progress and writer already live, and where a monkeypatched extractor (tests)
is the one that runs. Shipping a DocBin costs ~1% of parsing on either side.

Flow control: at most `AHEAD` batches are outstanding, so memory stays flat however large the
input, and results come back in the order sent. The child reads its inbox on a separate
thread, so neither side can block the other on a full pipe; when the parent dies (even by
`kill -9`) the child sees end-of-file on its inbox and exits at once.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.batch.work import Config, Issue, extract_one, load
from pipeline.document import Document
from pipeline.record import AnalysisRecord

# The token attributes extraction reads (tags, parse, lemmas, morphology, entities, sentence
# starts, and NORM, which tokenizer exceptions set per token). `tests/test_dask.py` checks
# that records built from the round-tripped Docs equal the in-process ones.
DOC_ATTRS = ("ORTH", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID",
             "ENT_ID", "LEMMA", "MORPH", "POS", "SENT_START")
# The last batch of a run is cut to at most nlp_batch // TAPER texts (see the tail below).
TAPER = 4
# Batches in flight: one being parsed, up to two queued behind it while the parent extracts.
# More only adds memory; fewer lets the child idle when one batch extracts slowly.
AHEAD = 3
# `--pipeline auto`: below this much input (bytes on disk; ~150 Reuters stories) starting a
# second process and loading the model there costs more than the overlap saves.
AUTO_MIN_BYTES = 192 * 1024
PIPELINE_MODES = ("auto", "inline", "processes")


class NlpProcessError(RuntimeError):
    """The NLP child process failed or died; the message says how."""


def choose_mode(mode: str, input_bytes: int | None) -> str:
    """`inline` or `processes` for a requested mode and the input's size."""
    if mode not in PIPELINE_MODES:
        raise ValueError(f"unknown pipeline mode {mode!r} ({', '.join(PIPELINE_MODES)})")
    if mode != "auto":
        return mode
    if (os.cpu_count() or 1) < 2:
        return "inline"  # one core: two processes would only take turns
    return "processes" if (input_bytes or 0) >= AUTO_MIN_BYTES else "inline"


def _child_main(inbox_conn: Any, outbox_conn: Any, config: Config) -> None:
    """The child: parse each batch of texts received, send back its DocBin bytes."""
    from spacy.tokens import DocBin

    from pipeline.nlp import load_model, pipe

    # Ctrl-C reaches the whole process group; the parent decides what happens to the run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        nlp = load_model(config.model)
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
        outbox_conn.send(("error", -1, f"{type(error).__name__}: {error}"))
        return
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        # A thread of its own keeps the inbox pipe drained, so the parent's send never waits
        # for the parse in progress. End of file means the parent is gone (finished or killed):
        # exit immediately rather than parse batches nobody will read.
        try:
            while True:
                message = inbox_conn.recv()
                inbox.put(message)
                if message is None:
                    return
        except (EOFError, OSError):
            os._exit(0)

    threading.Thread(target=receive, name="dateline-nlp-inbox", daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:
            break
        number, texts = message
        try:
            docs = DocBin(attrs=list(DOC_ATTRS), store_user_data=False)
            for doc, _ in pipe(nlp, ((text, None) for text in texts),
                               batch_size=config.nlp_batch):
                docs.add(doc)
            reply: tuple[str, int, Any] = ("ok", number, docs.to_bytes())
        except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
            reply = ("error", number,
                     f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}")
        try:
            outbox_conn.send(reply)
        except (BrokenPipeError, OSError):
            break
    outbox_conn.close()


class NlpProcess:
    """A spawned child running spaCy; `send(texts)` then `receive(vocab)` in the same order."""

    def __init__(self, config: Config) -> None:
        # spawn, not fork: the parent may hold a writer thread and other threads' locks.
        context = multiprocessing.get_context("spawn")
        inbox_read, self._inbox = context.Pipe(duplex=False)
        self._outbox, outbox_write = context.Pipe(duplex=False)
        self.process = context.Process(target=_child_main, name="dateline-nlp",
                                       args=(inbox_read, outbox_write, config), daemon=True)
        self.process.start()
        # Drop the parent's copies of the child's ends, so that the child's death shows up
        # here as end-of-file instead of a receive that waits forever.
        inbox_read.close()
        outbox_write.close()
        self.config = config
        self._sent = 0
        self._received = 0
        self._closed = False
        # Seconds the parent spent waiting for Docs: near zero means extraction and writing
        # are the bottleneck, large means spaCy is (the benchmark prints it).
        self.waited = 0.0

    def reusable(self) -> bool:
        """Alive, open, and every batch sent has been received."""
        return (not self._closed and self._sent == self._received
                and self.process.is_alive())

    def send(self, texts: list[str]) -> None:
        try:
            self._inbox.send((self._sent, texts))
        except (BrokenPipeError, OSError) as error:
            raise NlpProcessError(self._death("could not send texts")) from error
        self._sent += 1

    def receive(self, vocab: Any) -> list[Any]:
        """The Docs of the oldest outstanding batch, rebuilt on `vocab` (the parent's model)."""
        from spacy.tokens import DocBin

        started = time.monotonic()
        try:
            status, number, payload = self._outbox.recv()
        except (EOFError, OSError) as error:
            raise NlpProcessError(self._death("stopped answering")) from error
        self.waited += time.monotonic() - started
        if status != "ok":
            raise NlpProcessError(f"spaCy failed in the NLP process: {payload}")
        if number != self._received:
            raise NlpProcessError(f"batch {number} arrived, {self._received} expected")
        self._received += 1
        return list(DocBin().from_bytes(payload).get_docs(vocab))

    def _death(self, what: str) -> str:
        self.process.join(timeout=1)
        return f"the NLP process {what} (exit code {self.process.exitcode})"

    def close(self) -> None:
        """Stop the child (idempotent: the runner closes it again on its way out)."""
        if self._closed:
            return
        self._closed = True
        if self._sent == self._received:
            # Nothing outstanding: the child may be loading the model or idle; don't wait
            # for it (a re-run over a stored corpus sends nothing and must stay cheap).
            self.process.terminate()
        try:
            self._inbox.send(None)
        except (BrokenPipeError, OSError):
            pass
        self._inbox.close()
        self.process.join(timeout=10)
        if self.process.is_alive():  # stuck mid-parse after an early stop: not worth waiting
            self.process.terminate()
            self.process.join(timeout=5)
        self._outbox.close()


def analyse_documents_split(documents: Iterable[Document], config: Config,
                            child: NlpProcess | None = None
                            ) -> Iterator[tuple[Document, AnalysisRecord, list[Issue]]]:
    """`work.analyse_documents` with spaCy in a child process: same records, same order.

    `child`: an already started `NlpProcess` (see `acquire`), which stays the caller's to
    release; without one, a child is started and closed here.
    """
    nlp, label, registry = load(config)
    owned = child is None
    child = child or NlpProcess(config)
    pending: deque[list[Document]] = deque()
    batch: list[Document] = []

    def extracted() -> Iterator[tuple[Document, AnalysisRecord, list[Issue]]]:
        sent = pending.popleft()
        docs = child.receive(nlp.vocab)
        if len(docs) != len(sent):
            raise NlpProcessError(f"{len(docs)} Docs for {len(sent)} texts")
        for document, doc in zip(sent, docs, strict=True):
            record, issues = extract_one(document, doc, label, registry, config)
            yield document, record, issues

    try:
        for document in documents:
            batch.append(document)
            if len(batch) < config.nlp_batch:
                continue
            child.send([item.text for item in batch])
            pending.append(batch)
            batch = []
            while len(pending) >= AHEAD:
                yield from extracted()
        # The tail: once the child has parsed the last batch, only the parent works, for as
        # long as extracting that batch takes. A short last batch keeps that wait short
        # (spaCy is a little slower per text in small batches, but only for these few).
        tail = min(len(batch) // 2, max(1, config.nlp_batch // TAPER))
        for part in (batch[:len(batch) - tail], batch[len(batch) - tail:]):
            if part:
                child.send([item.text for item in part])
                pending.append(part)
        while pending:
            yield from extracted()
    finally:
        if owned:
            child.close()


# Idle NLP processes kept for the next run in this process (like the cached model): an API
# caller ingesting slice after slice, or the benchmark, pays the child's start-up once.
_IDLE: dict[Config, NlpProcess] = {}


def acquire(config: Config) -> NlpProcess:
    """An NLP process for `config`: the idle one left by an earlier run, or a new one."""
    child = _IDLE.pop(config, None)
    if child is not None and child.reusable():
        return child
    if child is not None:
        child.close()
    return NlpProcess(config)


def release(child: NlpProcess, *, clean: bool) -> None:
    """End of a run: keep the child for reuse if the run finished with nothing in flight,
    else stop it (after an error it may still be parsing batches nobody will read)."""
    if not (clean and child.reusable()):
        child.close()
        return
    for other in list(_IDLE.values()):  # one idle child at most: each holds a model
        other.close()
    _IDLE.clear()
    _IDLE[child.config] = child


def shutdown() -> None:
    """Stop idle NLP processes (multiprocessing would terminate them at exit anyway)."""
    for child in list(_IDLE.values()):
        child.close()
    _IDLE.clear()

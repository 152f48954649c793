"""spaCy in its own process, extraction and writing in the parent: a two-stage pipeline.

`--pipeline processes` (the default for inputs past `AUTO_MIN_BYTES`). One dedicated child
process runs `nlp.pipe` over the stream of texts, one `nlp_batch` at a time, and sends each
batch back as plain arrays (`pack_docs`: the token attributes extraction reads, as
`DocBin` would hold them; no tensors, no user data). The parent rebuilds the Docs,
extracts and hands records to the writer thread while the child already parses the next
batches. On two cores the NLP process never waits for extraction or SQLite, so ingest
approaches bare `nlp.pipe` speed (docs/scaling.md has the measurements).

Why this split and not the reverse (parent parses, a child extracts and writes): extraction
stays in the parent's main thread, where the per-document SIGALRM time limit works, where
the summary, progress and writer already live, and where a monkeypatched extractor (tests)
is the one that runs. spaCy is the slower stage, so the child does as little else as it
can: packing a batch costs ~0.5% of parsing it (a `DocBin` cost ~2.5%), and the replies
leave on a thread of their own.

Flow control: at most `AHEAD` batches are outstanding, so memory stays flat however large the
input, and results come back in the order sent. The child reads its inbox and writes its
replies on separate threads, so neither side can block the other on a full pipe; when the
parent dies (even by `kill -9`) the child sees end-of-file on its inbox and exits at once.
The last batch of a run is sent in halving parts (`taper`), so that the child parses until
nearly the end and the parent's extraction after the last parse is short.
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
# The columns whose values are string hashes: the parent's vocabulary must know each string
# (a word the child saw first, a new lemma or morphology) before the Doc is rebuilt.
_STRING_ATTRS = ("ORTH", "NORM", "TAG", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "LEMMA",
                 "MORPH")
# The last batch of a run is sent in halving parts down to this many texts (see `taper`).
TAPER_MIN = 4
# Batches in flight: one being parsed, up to two queued behind it while the parent extracts.
# More only adds memory; fewer lets the child idle when one batch extracts slowly.
AHEAD = 3
# Characters of text in one batch sent to the child, at most (plus one text): with `AHEAD`
# batches in flight, the Docs held at once stay bounded however long the texts are.
BATCH_CHARS = 1_000_000
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


def _attr_ids() -> list[int]:
    """`DOC_ATTRS` as ids, in `DocBin`'s column order (ORTH first, then sorted)."""
    from spacy.attrs import IDS, ORTH

    return [ORTH] + sorted(IDS[name] for name in DOC_ATTRS if IDS[name] != ORTH)


def pack_docs(docs: list[Any]) -> tuple[Any, ...]:
    """Parsed Docs as plain arrays and strings: what `unpack_docs` needs to rebuild them.

    The same content as a `DocBin` over `DOC_ATTRS`, built the cheap way: the child is the
    pipeline's bottleneck, so every millisecond it spends here is a millisecond of wall time.
    `DocBin.add` collects strings token by token in Python and `to_bytes` compresses; here
    one `to_array` per Doc, and the strings of the distinct hash values of the string-valued
    columns, looked up once per batch. Nothing is compressed: the bytes only cross a pipe.
    """
    import numpy
    from spacy.attrs import IDS, SPACY

    attrs = _attr_ids()
    arrays = [doc.to_array(attrs) for doc in docs]
    tokens = (numpy.vstack(arrays) if arrays
              else numpy.zeros((0, len(attrs)), dtype="uint64"))
    spaces = (numpy.concatenate([doc.to_array(SPACY) for doc in docs]).astype(bool)
              if docs else numpy.zeros(0, dtype=bool))
    strings_of = docs[0].vocab.strings if docs else {}
    values = numpy.unique(tokens[:, [attrs.index(IDS[name]) for name in _STRING_ATTRS]])
    strings = [strings_of[value] for value in values.tolist() if value and value in strings_of]
    lengths = [len(doc) for doc in docs]
    unknown = [bool(doc.has_unknown_spaces) for doc in docs]
    return (attrs, tokens.tobytes(), spaces.tobytes(), lengths, unknown, strings)


def unpack_docs(packed: tuple[Any, ...], vocab: Any) -> list[Any]:
    """The Docs of `pack_docs`, rebuilt on `vocab` (as `DocBin.get_docs` does)."""
    import numpy
    from spacy.attrs import ORTH
    from spacy.tokens import Doc

    attrs, token_bytes, space_bytes, lengths, unknown, strings = packed
    for string in strings:
        vocab.strings.add(string)
    tokens = numpy.frombuffer(token_bytes, dtype="uint64").reshape((-1, len(attrs)))
    spaces = numpy.frombuffer(space_bytes, dtype=bool).tolist()
    orth = attrs.index(ORTH)
    docs, start = [], 0
    for length, unknown_spaces in zip(lengths, unknown, strict=True):
        rows = tokens[start:start + length]
        doc = Doc(vocab, words=rows[:, orth],
                  spaces=None if unknown_spaces else spaces[start:start + length])
        docs.append(doc.from_array(attrs, rows))
        start += length
    return docs


def _child_main(inbox_conn: Any, outbox_conn: Any, config: Config) -> None:
    """The child: parse each batch of texts received, send back the packed Docs."""
    from pipeline.nlp import load_model, pipe

    # Ctrl-C reaches the whole process group; the parent decides what happens to the run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        nlp = load_model(config.model)
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
        outbox_conn.send(("error", -1, f"{type(error).__name__}: {error}", None))
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
    replies: queue.SimpleQueue = queue.SimpleQueue()

    def reply() -> None:
        # Replies go out on a thread of their own: a batch's arrays are larger than the
        # pipe's buffer, so a send blocks until the parent reads, and the parent reads only
        # when it has extracted the batches before. Meanwhile this process parses on. (At
        # most `AHEAD` batches are outstanding, so this queue stays short.)
        try:
            while True:
                message = replies.get()
                if message is None:
                    return
                outbox_conn.send(message)
        except (BrokenPipeError, OSError):
            os._exit(0)  # the parent is gone

    sender = threading.Thread(target=reply, name="dateline-nlp-outbox", daemon=True)
    sender.start()
    clock = time.monotonic
    while True:
        waiting = clock()
        message = inbox.get()
        if message is None:
            break
        number, texts = message
        try:
            started, cpu = clock(), time.process_time()
            parsed = [doc for doc, _ in pipe(nlp, ((text, None) for text in texts),
                                             batch_size=config.nlp_batch,
                                             timeout=config.nlp_timeout)]
            packing, parse_cpu = clock(), time.process_time() - cpu
            # A text the time limit stopped travels as an empty Doc, named in the payload.
            given_up = [i for i, doc in enumerate(parsed) if doc is None]
            parsed = [nlp.make_doc("") if doc is None else doc for doc in parsed]
            payload = (pack_docs(parsed), given_up)
            # (idle, parse, pack) wall seconds and parse CPU seconds, for `NlpProcess.stats`.
            timing = (started - waiting, packing - started, clock() - packing, parse_cpu)
            replies.put(("ok", number, payload, timing))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
            replies.put(("error", number,
                         f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}",
                         None))
    replies.put(None)
    sender.join()
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
        # Seconds the child spent idle (waiting for texts), parsing and packing DocBins, and
        # the parent spent unpacking them: where the pipeline's time went.
        self.stats = {"child_idle": 0.0, "child_parse": 0.0, "child_pack": 0.0,
                      "child_parse_cpu": 0.0, "unpack": 0.0, "batches": 0}

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
        started = time.monotonic()
        try:
            status, number, payload, timing = self._outbox.recv()
        except (EOFError, OSError) as error:
            raise NlpProcessError(self._death("stopped answering")) from error
        received = time.monotonic()
        self.waited += received - started
        if status != "ok":
            raise NlpProcessError(f"spaCy failed in the NLP process: {payload}")
        if number != self._received:
            raise NlpProcessError(f"batch {number} arrived, {self._received} expected")
        self._received += 1
        packed, given_up = payload
        docs: list[Any] = unpack_docs(packed, vocab)
        for index in given_up:
            docs[index] = None  # `extract_one` turns it into an nlp Timeout row
        stats = self.stats
        stats["unpack"] += time.monotonic() - received
        stats["batches"] += 1
        for key, seconds in zip(("child_idle", "child_parse", "child_pack", "child_parse_cpu"),
                                timing,
                                strict=True):
            stats[key] += seconds
        return docs

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


def taper(count: int, smallest: int = TAPER_MIN) -> list[int]:
    """Sizes of the parts the last `count` texts are sent in: halves, down to `smallest`."""
    sizes = []
    while count > 2 * smallest:
        sizes.append(count - count // 2)
        count //= 2
    return sizes + [count] if count else sizes


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
    chars = 0

    def extracted() -> Iterator[tuple[Document, AnalysisRecord, list[Issue]]]:
        sent = pending.popleft()
        docs = child.receive(nlp.vocab)
        if len(docs) != len(sent):
            raise NlpProcessError(f"{len(docs)} Docs for {len(sent)} texts")
        for document, doc in zip(sent, docs, strict=True):
            record, issues = extract_one(document, doc, label, registry, config)
            yield document, record, issues

    def send(part: list[Document]) -> None:
        child.send([item.text for item in part])
        pending.append(part)

    try:
        for document in documents:
            batch.append(document)
            chars += len(document.text)
            # One document is held back, so that the last full batch is known to be the last
            # and can be tapered (below). A batch is full at `nlp_batch` texts, or sooner at
            # `BATCH_CHARS` characters: the child holds a whole batch's Docs at once.
            if len(batch) <= config.nlp_batch and (chars <= BATCH_CHARS or len(batch) < 2):
                continue
            size = min(config.nlp_batch, len(batch) - 1)
            send(batch[:size])
            batch = batch[size:]
            chars = sum(len(item.text) for item in batch)
            while len(pending) >= AHEAD:
                yield from extracted()
        # The tail: once the child has parsed the last part, only the parent works, for as
        # long as extracting that part takes. Halving parts (64, 32, ... 4 texts of a batch
        # of 128) keep the child busy until the end and leave the parent a few texts, while
        # spaCy is only a little slower per text in small batches.
        for size in taper(len(batch)):
            send(batch[:size])
            batch = batch[size:]
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

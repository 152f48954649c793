"""Time limits for one document's work (parsing, extracting): a real-time interval timer.

Shared by the NLP stage (`pipeline.nlp.pipe`) and the batch's extraction
(`pipeline.batch.work`), so a document that would run for minutes costs one typed row.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


class TimeLimitExceeded(Exception):
    """A block ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float, error: type[Exception] = TimeLimitExceeded,
               what: str = "the work") -> Iterator[None]:
    """Raise `error` in this block after `seconds` (SIGALRM from ITIMER_REAL).

    Works where signals can be delivered: the main thread of a process, which is where the
    local executor, the `--workers` pool and the NLP child process run. Elsewhere (Dask runs
    tasks in worker threads) the block runs without a limit. spaCy and extraction return to
    the interpreter often enough for the signal to get through.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise error(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

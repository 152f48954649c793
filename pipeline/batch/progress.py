"""Progress of a batch: a one-line bar on a terminal, plain log lines on a pipe or --quiet.

The total number of documents is unknown while files are still being read (a JSON-lines
export is one file of thousands), so the ETA comes from input bytes. The share of input read
so far (exact at each file's end, estimated from text lengths inside a file) is scaled by the
share of the documents read so far that are done, since reading runs ahead of NLP.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class Progress:
    """Counts documents, words and errors; renders them as a bar or as log lines.

    mode: "bar" (redrawn in place, at most ~4 times a second), "log" (one line every
    `log_every` seconds) or "off" (nothing until the final summary).
    """

    def __init__(self, *, total_bytes: int = 0, stream: TextIO | None = None,
                 mode: str | None = None, log_every: float = 10.0, label: str = "ingest",
                 total_documents: int | None = None) -> None:
        self.stream = stream or sys.stderr
        if mode is None:
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "log"
        self.mode = mode
        self.total_bytes = total_bytes
        self.total_documents = total_documents
        self.log_every = log_every
        self.label = label
        self.started = time.monotonic()
        self.documents = self.words = self.errors = self.skipped = 0
        self.read_documents = 0
        self._chars_open = 0  # text read from files not finished yet: an estimate of bytes
        self._bytes_final = 0  # bytes of files read to the end: exact
        self._last_draw = 0.0
        self.finished = False
        self._elapsed: float | None = None  # fixed by close(): the run's own duration
        # The reading, NLP and writer threads all report; counts must not lose updates.
        self._lock = threading.Lock()

    def read(self, chars: int) -> None:
        """A document was read (analysed or skipped later)."""
        with self._lock:
            self.read_documents += 1
            self._chars_open += chars

    def file_done(self, size: int) -> None:
        """A file (or unit) was read to its end."""
        with self._lock:
            self._bytes_final += size
            self._chars_open = 0

    def advance(self, *, documents: int = 0, words: int = 0, errors: int = 0,
                skipped: int = 0) -> None:
        """Documents analysed (with their words) or skipped, errors recorded."""
        with self._lock:
            self.documents += documents
            self.words += words
            self.errors += errors
            self.skipped += skipped
        self.tick()

    def fraction(self) -> float | None:
        if self.total_documents:
            return min(1.0, (self.documents + self.skipped) / self.total_documents)
        if self.total_bytes:
            read = min(1.0, (self._bytes_final + self._chars_open) / self.total_bytes)
            if read >= 1.0 and self._chars_open:
                read = 0.99  # text estimates ran past the file size: not finished yet
            done = self.documents + self.skipped
            lag = min(1.0, done / self.read_documents) if self.read_documents else 0.0
            return read * lag
        return None

    def eta(self) -> float | None:
        fraction = self.fraction()
        elapsed = time.monotonic() - self.started
        if not fraction or fraction < 0.002 or elapsed < 1:
            return None
        return elapsed * (1 - fraction) / fraction

    def line(self) -> str:
        elapsed = max(self._elapsed if self._elapsed is not None
                      else time.monotonic() - self.started, 1e-6)
        rate = self.words / elapsed
        eta = self.eta()
        fraction = self.fraction()
        parts = [f"{self.label}: {self.documents} documents"]
        if self.skipped:
            parts.append(f"{self.skipped} unchanged")
        parts.append(f"{rate:,.0f} words/s")
        parts.append(f"{self.errors} errors")
        if fraction is not None:
            parts.append(f"{fraction:.0%}")
        if self.finished:
            # The same figure, to the same precision, as the summary's "Seconds:" line.
            parts.append(f"done in {elapsed:,.1f} s")
        else:
            parts.append(f"ETA {_duration(eta)}" if eta is not None else "ETA ?")
        return ", ".join(parts)

    def tick(self, force: bool = False) -> None:
        if self.mode == "off":
            return
        with self._lock:
            self._draw(force)

    def _draw(self, force: bool) -> None:
        now = time.monotonic()
        if self.mode == "bar":
            if force or now - self._last_draw >= 0.25:
                self._last_draw = now
                self.stream.write("\r" + self._bar() + "\x1b[K")
                self.stream.flush()
        elif force or now - self._last_draw >= self.log_every:
            if self._last_draw or force:
                self.stream.write(self.line() + "\n")
                self.stream.flush()
            self._last_draw = now

    def _bar(self, width: int = 24) -> str:
        fraction = self.fraction() or 0.0
        filled = int(fraction * width)
        return f"[{'#' * filled}{'.' * (width - filled)}] " + self.line()

    def close(self, elapsed: float | None = None) -> None:
        """The final line; `elapsed` (the caller's run duration) makes its time and rate the
        same figures the run's summary prints."""
        self._elapsed = elapsed
        self.finished = True
        if self.mode == "bar":
            self.tick(force=True)
            self.stream.write("\n")
            self.stream.flush()
        elif self.mode == "log":
            self.tick(force=True)

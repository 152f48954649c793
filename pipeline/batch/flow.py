"""How results travel from the readers to the writer in a batch run: the first document that
needs parsing is found before any model loads, `--strict` stops at the first failure, and
`ingest --published` notes the stored texts it met (to re-date them afterwards)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from pipeline.batch.work import Result
from pipeline.document import Document


class StoppedAtFailure(Exception):
    """`strict`: the first failed input or document ends the run (it is recorded first)."""


def stop_at_failure(put: Callable[[Result], None]) -> Callable[[Result], None]:
    def checked(result: Result) -> None:
        put(result)
        if any(issue.severity != "warning" for issue in result.issues) or (
                result.record is not None and result.record.failed()):
            raise StoppedAtFailure
    return checked


def collect_unchanged(put: Callable[[Result], None], into: list[str]
                      ) -> Callable[[Result], None]:
    def collecting(result: Result) -> None:
        if result.kind == "unchanged" and result.document is not None:
            into.append(result.document.id)
        put(result)
    return collecting


def first_pending(documents: Iterable[Document]) -> Iterator[Document] | None:
    """The documents again, or None when there are none: read up to the first document that
    needs parsing before anything loads the spaCy model, so an unchanged re-run never does."""
    iterator = iter(documents)
    for first in iterator:
        return itertools.chain([first], iterator)
    return None

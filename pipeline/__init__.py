"""Dateline: who did, said, asked or promised what and when, as a queryable timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.7.0"

if TYPE_CHECKING:
    from pipeline.record import AnalysisRecord


def analyze(*args: Any, **kwargs: Any) -> AnalysisRecord:
    """`pipeline.analyze(text_or_path, published=None, ...)`; see `pipeline.api.analyze`."""
    from pipeline.api import analyze as _analyze

    return _analyze(*args, **kwargs)


__all__ = ["__version__", "analyze"]

"""The typed failure of the time-expression stage."""

from __future__ import annotations


class TimexError(ValueError):
    """A reference time that cannot be read (e.g. a malformed `published` string)."""

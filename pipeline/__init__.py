"""Dateline: who did, said, asked or promised what and when, as a queryable timeline."""

__version__ = "0.3.0"

"""What a database file is, read without writing to it: Dateline's, someone else's SQLite
database, an empty file, or not SQLite at all.

Commands check this first, so Dateline never writes its tables into another program's
database and a file that is not SQLite gets one line of explanation instead of a traceback.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every Dateline database has had since the first version.
DATELINE_TABLES = frozenset({"documents", "events", "runs"})
KINDS = ("missing", "empty", "dateline", "other", "not-sqlite")


@dataclass(frozen=True)
class DatabaseKind:
    kind: str  # one of KINDS
    detail: str = ""  # what it is, in words, for messages
    tables: tuple[str, ...] = field(default=())


def identify(path: str | Path) -> DatabaseKind:
    """Classify the file at `path` (read-only; never creates or changes it)."""
    p = Path(path)
    if not p.exists():
        return DatabaseKind("missing", "does not exist")
    if not p.is_file():
        return DatabaseKind("not-sqlite", "is not a file")
    try:
        with p.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        return DatabaseKind("not-sqlite", f"cannot be read ({error.strerror or error})")
    if not head:
        return DatabaseKind("empty", "is an empty file")
    if head != SQLITE_MAGIC:
        return DatabaseKind("not-sqlite", "is not a SQLite database")
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = tuple(sorted(row[0] for row in conn.execute(
                "select name from sqlite_master where type = 'table'"
                " and name not like 'sqlite_%'")))
        finally:
            conn.close()
    except sqlite3.Error as error:
        return DatabaseKind("not-sqlite", f"is a damaged SQLite database ({error})")
    if not tables:
        return DatabaseKind("empty", "is a SQLite database with no tables")
    if DATELINE_TABLES <= set(tables):
        return DatabaseKind("dateline", "is a Dateline database", tables)
    shown = ", ".join(tables[:6]) + (", …" if len(tables) > 6 else "")
    return DatabaseKind("other", f"is a SQLite database of another program (tables: {shown})",
                        tables)

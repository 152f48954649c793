"""Structure survives ingest: headings, list items, table rows and definitions as blocks."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.ingest import read_path
from pipeline.ingest.markdown import render_markdown
from pipeline.structure import block_at, find_blocks, plain_marks

MARKDOWN = """---
title: Quillfeather Nimbus end of life
date: 2031-03-05
---

# Nimbus API end of life

The **Quillfeather** team will retire the [Nimbus API](https://example.org/nimbus) on
30 June 2031.

## Timeline

- May 1, 2031: Customers must migrate their keys.
  - Keys left behind are deleted.
- 30 June 2031: the API is shut down.

| Date | What |
|------|------|
| 2031-07-01 | Archive removed |

Sunset date
: 30 June 2031

```
curl https://example.org/nimbus
```
"""

HTML = """<html><head><title>Nimbus end of life</title>
<meta name="date" content="2031-03-05"></head><body><article>
<h1>Nimbus end of life</h1>
<p>The Quillfeather team will retire the Nimbus API on 30 June 2031, after a notice period
that gives every customer time to move their keys to the new service.</p>
<h2>Timeline</h2>
<ul><li>May 1, 2031: Customers must migrate their keys.<ul><li>Keys left behind are
deleted.</li></ul></li><li>30 June 2031: the API is shut down.</li></ul>
<dl><dt>Sunset date</dt><dd>30 June 2031</dd></dl>
<table><tr><td>2031-07-01</td><td>Archive removed</td></tr></table>
<p>Questions about the retirement go to the Quillfeather support desk, which answers
them on working days.</p>
</article></body></html>
"""


def _blocks(document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, document.text[b.start:b.end]) for b in document.blocks]


def _read(tmp_path: Path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return next(iter(read_path(path)))


def test_markdown_is_read_as_text_with_its_structure(tmp_path):
    document = _read(tmp_path, "nimbus.md", MARKDOWN)
    blocks = _blocks(document)
    assert "**" not in document.text and "https://" not in document.text
    assert "curl" not in document.text  # code blocks are not prose
    assert ("heading", 2, "Timeline") in blocks
    assert ("list_item", 1, "- May 1, 2031: Customers must migrate their keys.") in blocks
    assert ("list_item", 2, "- Keys left behind are deleted.") in blocks
    assert ("table_row", 0, "2031-07-01 | Archive removed") in blocks
    assert ("definition", 1, "Sunset date") in blocks
    assert ("definition", 2, "30 June 2031") in blocks
    assert any(kind == "paragraph" and "will retire the Nimbus API on 30 June 2031." in text
               for kind, _, text in blocks)


def test_html_headings_items_definitions_and_rows_become_blocks(tmp_path):
    document = _read(tmp_path, "nimbus.html", HTML)
    blocks = _blocks(document)

    def has(kind: str, level: int, words: str) -> bool:
        return any(k == kind and lv == level and words in t for k, lv, t in blocks)

    assert has("heading", 2, "Timeline")
    assert has("list_item", 1, "Customers must migrate")
    assert has("list_item", 2, "Keys left behind")
    assert has("definition", 1, "Sunset date") and has("definition", 2, "30 June 2031")
    assert has("table_row", 0, "2031-07-01")


def test_plain_text_keeps_bullets_numbers_and_headings():
    raw = ("Nimbus retirement\n=================\n\nWhat changes\n\n"
           "The plan has three steps:\n\n- first\n  - nested\n1. numbered\n\n"
           "### May 2031\n\nA closing paragraph that ends with a full stop.")
    text = "\n".join(" ".join(line.split()) for line in raw.split("\n"))
    blocks = find_blocks(text, plain_marks(raw))
    got = [(b.kind, b.level, text[b.start:b.end]) for b in blocks]
    assert got[0] == ("heading", 1, "Nimbus retirement")
    assert ("heading", 2, "What changes") in got
    assert ("paragraph", 0, "The plan has three steps:") in got
    assert ("list_item", 1, "- first") in got and ("list_item", 2, "- nested") in got
    assert ("list_item", 1, "1. numbered") in got
    assert ("heading", 3, "### May 2031") in got
    assert got[-1][0] == "paragraph"
    assert all(text[b.start:b.end].strip() for b in blocks)
    assert block_at(blocks, text.index("nested")) == got.index(("list_item", 2, "- nested"))


def test_markdown_renders_links_emphasis_and_lazy_list_lines():
    text, marks = render_markdown("- *Sunset* of [the API](http://x.example)\n  continues here\n")
    assert text.strip() == "- Sunset of the API continues here"
    assert marks == [("list_item", 1, "sunset of the api continues here")]


def test_blocks_are_stored_and_read_back(tmp_path):
    import sqlite3

    from sqlite_utils import Database

    from pipeline.batch.reextract import stored_blocks
    from pipeline.store.schema import ensure_schema

    db_path = tmp_path / "old.db"
    conn = sqlite3.connect(db_path)
    conn.execute("create table documents (id text primary key, text text)")  # an older shape
    conn.commit()
    conn.close()
    db = Database(db_path)
    ensure_schema(db)
    assert "blocks" in db["documents"].columns_dict
    document = _read(tmp_path, "nimbus.md", MARKDOWN)
    value = json.dumps([[b.kind, b.level, b.start, b.end] for b in document.blocks])
    assert stored_blocks(value) == document.blocks
    assert stored_blocks(None) == [] and stored_blocks("not json") == []

"""The split pipeline's plumbing: what crosses from the NLP process, the tapered tail, and the
store's direct inserts (each checked against the library path it replaces)."""

from __future__ import annotations

import pickle
import sqlite3

import pytest
import spacy
from sqlite_utils import Database

from pipeline.batch.nlp_process import DOC_ATTRS, pack_docs, taper, unpack_docs

TEXTS = [
    "Acme Systems said on Monday it would replace the servers by 5 July.",
    "Zorblax-Qwertyn, the new chief of Fnordcorp (FNC), told reporters: "
    "\u201cWe won\u2019t wait.\u201d",
    "  Two  spaces,\ttabs\nand a new line.\n\nThen a paragraph.",
    "",
]


def token_view(doc) -> list[tuple]:
    return ([(t.text, t.whitespace_, t.norm_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_,
              str(t.morph), t.ent_iob_, t.ent_type_, t.is_sent_start, t.like_num)
             for t in doc]
            + [(s.start, s.end) for s in doc.sents]
            + [(e.start, e.end, e.label_) for e in doc.ents])


def test_packed_docs_rebuild_like_a_docbin_on_a_vocabulary_that_lacks_their_words(nlp):
    from spacy.tokens import DocBin

    docs = list(nlp.pipe(TEXTS))
    # A fresh vocabulary, as a parent that never saw "Zorblax-Qwertyn" or "Fnordcorp"; the
    # payload crosses a pipe, so it must survive pickling.
    rebuilt = unpack_docs(pickle.loads(pickle.dumps(pack_docs(docs))), spacy.blank("en").vocab)
    via_docbin = list(DocBin(attrs=list(DOC_ATTRS), store_user_data=False, docs=docs)
                      .get_docs(spacy.blank("en").vocab))
    assert len(rebuilt) == len(docs)
    for doc, mine, theirs in zip(docs, rebuilt, via_docbin, strict=True):
        assert mine.text == doc.text
        assert token_view(mine) == token_view(theirs) == token_view(doc)
    assert unpack_docs(pack_docs([]), nlp.vocab) == []


@pytest.mark.parametrize("count", [0, 1, 3, 8, 9, 20, 100, 127, 128])
def test_the_tail_is_sent_in_halving_parts(count):
    sizes = taper(count, smallest=4)
    assert sum(sizes) == count
    assert all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert not sizes or sizes[-1] <= 8  # the parent's last extraction is a few texts
    for larger, smaller in zip(sizes, sizes[1:], strict=False):
        assert smaller >= larger // 2 - 1


@pytest.mark.parametrize("conflict, option", [("OR REPLACE", "replace"), ("OR IGNORE", "ignore"),
                                              ("", None)])
def test_direct_inserts_write_what_sqlite_utils_insert_all_writes(tmp_path, conflict, option):
    from pipeline.store import Store

    first = [{"id": "a", "n": 1, "x": 0.5, "t": "one", "j": ["l", 1], "none": None},
             {"id": "b", "n": 2, "x": None, "t": "two", "j": {"k": "v"}, "none": None}]
    again = [{"id": "a", "n": 10, "x": 1.5, "t": "ONE", "j": [], "none": None}]
    dumps = []
    for name in ("library", "direct"):
        path = tmp_path / f"{name}.db"
        store = Store(path, create_views=False)
        store.db["scratch"].create({"id": str, "n": int, "x": float, "t": str, "j": str,
                                    "none": str}, pk="id")
        for rows in (first, again if option else []):
            with store.db.atomic():
                if name == "library":
                    kwargs = {option: True} if option else {}
                    store.db["scratch"].insert_all([dict(r) for r in rows], pk="id", **kwargs)
                else:
                    store._insert_rows("scratch", [dict(r) for r in rows], conflict)
        store.close()
        dumps.append(sqlite3.connect(path).execute(
            "select rowid, *, typeof(n), typeof(x) from scratch order by rowid").fetchall())
    assert dumps[0] == dumps[1]
    assert len(dumps[0]) == 2


def test_direct_insert_of_a_duplicate_key_fails_like_the_library(tmp_path):
    from pipeline.store import Store

    store = Store(tmp_path / "dup.db", create_views=False)
    store.db["scratch"].create({"id": str}, pk="id")
    with pytest.raises(sqlite3.IntegrityError):
        with store.db.atomic():
            store._insert_rows("scratch", [{"id": "a"}, {"id": "a"}])
    assert Database(tmp_path / "dup.db")["scratch"].count == 0
    store.close()


def test_a_failed_write_rolls_back_that_document_only(tmp_path, monkeypatch):

    from conftest import reuters_sample

    from pipeline.batch import ingest_paths
    from pipeline.store import Store

    corpus = reuters_sample(tmp_path, 4)
    real = Store._insert_extraction
    calls = {"n": 0}

    def second_fails(self, document_id, record):
        calls["n"] += 1
        real(self, document_id, record)  # rows written, then the failure: all must go
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return len(record.events)

    monkeypatch.setattr(Store, "_insert_extraction", second_fails)
    summary = ingest_paths(tmp_path / "t.db", [corpus], field_map={"date": "published"},
                           progress="off", pipeline="inline")
    conn = sqlite3.connect(tmp_path / "t.db")
    failed = conn.execute("select raw_sha256 from ingest_errors where stage = 'store'"
                          " and error_type = 'WriteFailed' and message like 'RuntimeError:%'"
                          ).fetchall()
    assert len(failed) == 1 and summary.inserted == calls["n"] - 1 >= 2
    for table in ("documents", "mentions", "events", "timexes", "attributions"):
        column = "id" if table == "documents" else "document_id"
        assert conn.execute(f"select count(*) from {table} where {column} = ?",
                            failed[0]).fetchone()[0] == 0
    assert conn.execute("select count(*) from documents").fetchone()[0] == summary.inserted

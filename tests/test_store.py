"""The store: deterministic keys, unchanged documents skipped, versions linked, atomic writes."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract import document_info
from pipeline.link import link_documents
from pipeline.record import (
    Actor,
    AnalysisRecord,
    Event,
    EventDate,
    Mention,
    PipelineInfo,
    Span,
    Timex,
)
from pipeline.store import Store, date_precision


def make_record(text: str, *, source: str = "notice.txt", published: str = "2025-03-03"):
    document = Document(text=text, published=published, published_source="metadata",
                        source=source, title="Notice")
    record = AnalysisRecord(pipeline=PipelineInfo("test", "test-model"),
                            document=document_info(document))
    start = text.index("Friday")
    record.actors = [
        Actor(id="acme-systems", name="Acme Systems", kind="organisation",
              aliases=["Acme Systems", "Acme"], mentions=[Mention(0, 12, "Acme Systems", "ner")]),
        Actor(id="clinics", name="clinics", kind="group", aliases=["clinics"],
              mentions=[Mention(text.index("clinics"), text.index("clinics") + 7, "clinics")]),
    ]
    record.timexes = [Timex(start, start + 6, "Friday", "DATE", "2025-02-28",
                            ["2025-02-28", "2025-02-28"], "dct")]
    record.events = [Event(
        id="e1", actor="acme-systems", action="tell", action_type="instruction",
        targets=["clinics"], content="to install the patch", negated=False,
        modality="asserted", date=EventDate("2025-02-28", ["2025-02-28", "2025-02-28"],
                                            "occurred", 0),
        attributed_to=None, quote=None, sentence=Span(0, len(text), text))]
    return document, record


TEXT = "Acme Systems told clinics on Friday to install the patch."


def test_same_document_twice_changes_no_row_count(tmp_path):
    store = Store(tmp_path / "t.db")
    document, record = make_record(TEXT)
    assert store.write(document, record).status == "inserted"
    before = store.counts()
    assert store.write(document, record).status == "unchanged"
    assert store.counts() == before
    assert before["events"] == 1 and before["event_targets"] == 1 and before["mentions"] == 2


def test_changed_text_at_same_source_is_a_new_version(tmp_path):
    store = Store(tmp_path / "t.db")
    store.write(*make_record(TEXT))
    changed = TEXT.replace("the patch", "the urgent patch")
    outcome = store.write(*make_record(changed))
    assert outcome.status == "new_version" and outcome.version == 2
    rows = list(store.db.query(
        "select version, is_latest, previous_version_id, changes from documents order by version"))
    assert [(r["version"], r["is_latest"]) for r in rows] == [(1, 0), (2, 1)]
    assert rows[1]["previous_version_id"] is not None and "urgent" in rows[1]["changes"]
    timeline = list(store.db.query("select * from timeline"))
    assert len(timeline) == 1 and "urgent" in timeline[0]["sentence"]


def test_replace_swaps_extraction_atomically(tmp_path):
    store = Store(tmp_path / "t.db")
    document, record = make_record(TEXT)
    store.write(document, record)
    record.events[0].action = "instruct"
    assert store.write(document, record, replace=True).status == "replaced"
    actions = [row["action"] for row in store.db.query("select action from events")]
    assert actions == ["instruct"]


def test_failed_write_leaves_nothing_half_written(tmp_path):
    store = Store(tmp_path / "t.db")
    document, record = make_record(TEXT)
    record.events[0].date = EventDate("2025-02-28", ["2025-02-28"], "occurred", 0)  # broken
    with pytest.raises(ValueError):
        store.write(document, record)
    assert store.counts()["documents"] == 0 and store.counts()["events"] == 0
    assert store.integrity_ok()


def test_undated_event_sits_at_publication_date_as_reported(tmp_path):
    store = Store(tmp_path / "t.db")
    document, record = make_record(TEXT)
    record.events[0].date = None
    store.write(document, record)
    row = next(store.db.query("select date_start, date_role, date_value from events"))
    assert row == {"date_start": "2025-03-03", "date_role": "reported", "date_value": None}


def test_error_rows_are_not_duplicated_by_reruns(tmp_path):
    store = Store(tmp_path / "t.db")
    for _ in range(2):
        store.record_error(path="bad.html", stage="read", error_type="EmptyFile",
                           message="no bytes", raw_sha256="e3b0")
    assert store.counts()["ingest_errors"] == 1


@pytest.mark.parametrize("value, precision", [
    ("2024-06-28", "day"), ("2024-W26-WE", "week"), ("2024-07", "month"), ("2024", "year"),
    ("2024-Q3", "season"), ("2024-06-28T10:00", "time"), ("PAST_REF", "other"), (None, None)])
def test_date_precision(value, precision):
    assert date_precision(value) == precision


def test_alias_known_from_another_document_maps_to_that_actor(tmp_path):
    store = Store(tmp_path / "t.db")
    store.write(*make_record(TEXT))  # Acme Systems, alias "Acme"
    text = "Acme said on Friday that clinics were patched."
    document, record = make_record(text, source="other.txt")
    record.actors[0] = Actor(id="acme", name="Acme", kind="organisation", aliases=["Acme"],
                             mentions=[Mention(0, 4, "Acme", "ner")])
    record.events[0].actor = "acme"
    store.write(document, record)
    link_documents(store.db)
    merge = next(store.db.query("select * from actor_merges where actor_id = 'acme'"))
    assert merge["canonical_id"] == "acme-systems" and "acme" in merge["reason"]
    rows = list(store.db.query("select distinct actor_id from timeline"))
    assert [row["actor_id"] for row in rows] == ["acme-systems"]


def test_person_surname_alone_links_only_with_context(tmp_path):
    """A surname alone joins a full name known in the archive when it is the only one, or
    when the documents share context; two people sharing it and no context: apart."""
    store = Store(tmp_path / "t.db")
    document, record = make_record(TEXT)
    record.actors.append(Actor(id="jo-smith", name="Jo Smith", kind="person",
                               aliases=["Jo Smith", "Smith"], mentions=[]))
    store.write(document, record)
    document, record = make_record(TEXT.replace("Acme Systems", "Birch Labs"), source="b.txt")
    record.actors[0] = Actor(id="birch-labs", name="Birch Labs", kind="organisation",
                             mentions=[Mention(0, 10, "Birch Labs", "ner")])
    record.actors.append(Actor(id="al-smith", name="Al Smith", kind="person",
                               aliases=["Al Smith"], mentions=[]))
    store.write(document, record)
    text = "Smith said on Friday that clinics were patched."
    document, record = make_record(text, source="other.txt")
    record.actors[0] = Actor(id="smith", name="Smith", kind="person", aliases=["Smith"],
                             mentions=[Mention(0, 5, "Smith", "ner")])
    record.events[0].actor = "smith"
    store.write(document, record)
    link_documents(store.db)
    assert not store.db.execute("select 1 from actor_merges where actor_id = 'smith'").fetchone()


def test_cluster_stays_on_timeline_when_its_first_document_is_replaced(tmp_path):
    store = Store(tmp_path / "t.db")
    store.write(*make_record(TEXT))
    other = "Acme Systems told clinics on Friday to install the patch at once."
    outcome = store.write(*make_record(other, source="other.txt"))
    link_documents(store.db, [outcome.document_id])
    assert len(list(store.db.query("select * from timeline"))) == 1  # one cluster, two sources
    assert next(store.db.query("select document_count from timeline"))["document_count"] == 2
    outcome = store.write(*make_record(TEXT.replace("the patch", "version 9"),
                                       published="2025-03-04"))
    link_documents(store.db, [outcome.document_id])
    rows = list(store.db.query("select sentence, document_count from timeline"))
    # The first version's event no longer counts; the cluster is now shown through the other
    # document's event, and the new version's matching event joins it.
    assert [(row["sentence"], row["document_count"]) for row in rows] == [(other, 2)]


def test_an_event_subject_and_its_owner_are_stored_and_old_databases_gain_the_columns(tmp_path):
    from sqlite_utils import Database

    from pipeline.record import Subject

    path = tmp_path / "t.db"
    old = Database(path)
    old["events"].create({"id": str, "document_id": str, "actor_id": str}, pk="id")
    old.conn.close()
    store = Store(path)
    document, record = make_record(TEXT)
    record.events[0].actor = None
    record.events[0].subject = Subject(0, 12, "Acme Systems", "acme-systems")
    store.write(document, record)
    row = next(store.db.query("select subject_start, subject_end, subject_text,"
                              " subject_owner_id from events"))
    assert row == {"subject_start": 0, "subject_end": 12, "subject_text": "Acme Systems",
                   "subject_owner_id": "acme-systems"}
    shown = next(store.db.query("select actor, subject from timeline"))
    assert shown == {"actor": None, "subject": "Acme Systems"}

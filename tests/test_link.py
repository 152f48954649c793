"""The link stage: story events across documents (order-independent, incremental), kept
disagreement, and actors across documents. Texts are our own."""

from __future__ import annotations

import json
from itertools import permutations

import pytest

from pipeline.document import Document
from pipeline.extract import document_info
from pipeline.extract.registry import Registry, RegistryEntry
from pipeline.link import link_documents, relink
from pipeline.link.actors import ActorRow, is_role_phrase, merge_actors, name_key
from pipeline.link.config import link_config
from pipeline.link.evidence import Report, link_reason, report_terms
from pipeline.record import Actor, AnalysisRecord, Event, EventDate, Mention, PipelineInfo, Span
from pipeline.store import Store

# -- building blocks ----------------------------------------------------------------------------


def _record(text: str, *, source: str, publisher: str, published: str,
            events: list[dict], actors: list[tuple[str, str, str]]):
    """A document and its record: `actors` as (id, name, kind), each mentioned where its name
    first occurs; `events` as keyword dicts for `Event` (date as (value, start, end, role))."""
    document = Document(text=text, published=published, published_source="metadata",
                        source=source, title=f"{publisher} report", publisher=publisher,
                        url=f"https://{source}.example/a")
    record = AnalysisRecord(pipeline=PipelineInfo("test", "test-model"),
                            document=document_info(document))
    for actor_id, name, kind in actors:
        at = text.find(name)
        mentions = [Mention(at, at + len(name), name, "ner")] if at >= 0 else []
        record.actors.append(Actor(id=actor_id, name=name, kind=kind, aliases=[name],
                                   mentions=mentions))
    for number, spec in enumerate(events, 1):
        date = spec.pop("date", None)
        record.events.append(Event(
            id=f"e{number}", actor=spec.pop("actor", None), action=spec.pop("action"),
            action_type=spec.pop("action_type", "action"), targets=spec.pop("targets", []),
            content=spec.pop("content"), negated=spec.pop("negated", False),
            modality="asserted",
            date=EventDate(date[0], [date[1], date[2]], date[3], None) if date else None,
            attributed_to=spec.pop("attributed_to", None), quote=None,
            sentence=Span(0, len(text), text)))
    return document, record


def _ballot_story() -> list[tuple[Document, AnalysisRecord]]:
    """Four outlets on one ballot: different words, one undated, one stating another date."""
    union = ("harbour-union", "Harbour Union", "organisation")
    return [
        _record("The Harbour Union ballot of members closes on 29 July.", source="pulse",
                publisher="Pulse", published="2024-07-01", actors=[union], events=[
                    {"actor": "harbour-union", "action": "close",
                     "content": "ballot of members closes on 29 July",
                     "date": ("2024-07-29", "2024-07-29", "2024-07-29", "deadline")}]),
        _record("Voting in the Harbour Union ballot of members ends on Monday 29 July.",
                source="psw", publisher="PSW", published="2024-07-02", actors=[union], events=[
                    {"actor": "harbour-union", "action": "end",
                     "content": "Voting in the ballot of members ends on Monday 29 July",
                     "date": ("2024-07-29", "2024-07-29", "2024-07-29", "deadline")}]),
        _record("The Harbour Union said its ballot of members closes soon.", source="wire",
                publisher="Wire", published="2024-07-03", actors=[union], events=[
                    {"actor": "harbour-union", "action": "close",
                     "content": "its ballot of members closes soon"}]),
        _record("The Harbour Union ballot of members closes on 5 August.", source="ledger",
                publisher="Ledger", published="2024-07-04", actors=[union], events=[
                    {"actor": "harbour-union", "action": "close",
                     "content": "ballot of members closes on 5 August",
                     "date": ("2024-08-05", "2024-08-05", "2024-08-05", "deadline")}]),
    ]


def _partition(store: Store) -> set[frozenset[tuple[str, str]]]:
    """Story events as sets of (outlet, local event id): comparable across databases."""
    groups: dict[str, set] = {}
    for row in store.db.query(
            "select sm.story_event_id, sm.outlet, e.local_id from story_mentions sm"
            " join events e on e.id = sm.event_id"):
        groups.setdefault(row["story_event_id"], set()).add((row["outlet"], row["local_id"]))
    return {frozenset(group) for group in groups.values()}


def _report(**fields) -> Report:
    base = {"event_id": "a", "document_id": "d1", "published": "2024-07-01",
            "action_class": "ask", "actor": "nhs-england"}
    return Report(**(base | fields))


# -- evidence -----------------------------------------------------------------------------------

def test_action_classes_join_synonyms_and_nominalisations():
    config = link_config()
    assert config.action_class("ask") == config.action_class("request") == "ask"
    assert config.action_class("close") == config.action_class("end") == "close"
    assert config.action_class("refusal") == config.action_class("reject")
    assert config.action_class("juggle") == "juggle"  # a lemma in no class is its own


def test_link_needs_one_class_and_no_two_actors_and_is_symmetric():
    terms = report_terms("to remove the opt-out setting", None)
    a = _report(terms=terms, dated=True, date_start="2024-07-01", date_end="2024-07-01",
                precision="day")
    b = _report(event_id="b", document_id="d2", terms=terms, dated=True,
                date_start="2024-07-01", date_end="2024-07-01", precision="day")
    assert link_reason(a, b) and link_reason(a, b) == link_reason(b, a)
    assert link_reason(a, _report(**{**vars(b), "actor": "tpp"})) is None
    assert link_reason(a, _report(**{**vars(b), "action_class": "refuse"})) is None
    assert link_reason(a, _report(**{**vars(b), "document_id": "d1"})) is None


def test_undated_report_joins_a_dated_event_only_within_its_window():
    terms = report_terms("suppliers to remove the opt-out setting", None)
    dated = _report(terms=terms, dated=True, date_start="2024-07-01", date_end="2024-07-01",
                    precision="day", role="occurred")
    near = _report(event_id="b", document_id="d2", terms=terms, published="2024-07-05")
    far = _report(event_id="c", document_id="d3", terms=terms, published="2024-09-30")
    assert "window" in link_reason(dated, near)
    assert link_reason(dated, far) is None


def test_statements_need_shared_content_not_only_a_shared_speaker():
    a = _report(action_class="say", terms=report_terms("the pumps are safe", None))
    b = _report(event_id="b", document_id="d2", action_class="say",
                terms=report_terms("talks on pay will resume next week", None))
    assert link_reason(a, b) is None


# -- stories ------------------------------------------------------------------------------------

def test_story_events_do_not_depend_on_ingest_order(tmp_path):
    story = _ballot_story()
    results = []
    for number, order in enumerate([(0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)]):
        store = Store(tmp_path / f"order{number}.db")
        for index in order:  # incremental: link after every document
            outcome = store.write(*story[index])
            link_documents(store.db, [outcome.document_id])
        results.append((_partition(store), sorted(
            row["id"] for row in store.db.query("select id from story_events"))))
        store.close()
    assert results[0] == results[1] == results[2]
    assert {len(group) for group in results[0][0]} == {4}  # one story, all four reports


def test_incremental_linking_equals_a_full_relink(tmp_path):
    store = Store(tmp_path / "t.db")
    story = _ballot_story()
    document, record = story[3]
    record.actors[0] = Actor(id="harbour-union-ltd", name="Harbour Union Ltd",
                             kind="organisation", aliases=["Harbour Union Ltd"], mentions=[])
    record.events[0].actor = "harbour-union-ltd"
    for document, record in story:
        outcome = store.write(document, record)
        link_documents(store.db, [outcome.document_id])

    def state() -> tuple:
        return (_partition(store),
                list(store.db.query("select * from story_events order by id")),
                list(store.db.query("select * from actor_merges order by actor_id")))

    incremental = state()
    assert incremental[2]  # the two names of the union were merged on the way
    relink(store.db)
    assert state() == incremental


def test_disagreement_is_kept_and_shown(tmp_path):
    store = Store(tmp_path / "t.db")
    for document, record in _ballot_story():
        store.write(document, record)
    link_documents(store.db)
    row = next(store.db.query("select * from timeline where action_type = 'action'"))
    assert row["document_count"] == 4
    assert row["date_start"] == "2024-07-29"  # the date most sources state
    assert row["date_conflict"] == 1
    assert row["date_spread"] == "29 July 2024: Pulse, PSW · 5 August 2024: Ledger"
    sources = json.loads(row["sources"])
    assert [s["outlet"] for s in sources] == ["Pulse", "PSW", "Wire", "Ledger"]
    assert {"title", "url", "document_id"} <= set(sources[0])
    mentions = list(store.db.query("select outlet, date_start, dated from story_mentions"
                                   " order by outlet"))
    assert [(m["outlet"], m["date_start"], m["dated"]) for m in mentions] == [
        ("Ledger", "2024-08-05", 1), ("PSW", "2024-07-29", 1), ("Pulse", "2024-07-29", 1),
        ("Wire", "2024-07-03", 0)]


def test_a_negated_report_joins_with_strong_evidence_and_is_flagged(tmp_path):
    store = Store(tmp_path / "t.db")
    firm = ("tessa-labs", "Tessa Labs", "organisation")
    for source, negated in (("a", False), ("b", False), ("c", True)):
        store.write(*_record(f"Tessa Labs recalled the pump software ({source}).",
                             source=source, publisher=source.upper(), published="2025-10-10",
                             actors=[firm], events=[{
                                 "actor": "tessa-labs", "action": "recall", "negated": negated,
                                 "content": "recalled the pump software after dosing errors",
                                 "date": ("2025-10-09", "2025-10-09", "2025-10-09",
                                          "occurred")}]))
    link_documents(store.db)
    row = next(store.db.query("select * from timeline"))
    assert row["document_count"] == 3 and row["negation_conflict"] == 1
    assert "(denies)" in row["claimants"]


def test_a_replaced_document_leaves_its_story(tmp_path):
    store = Store(tmp_path / "t.db")
    story = _ballot_story()
    for document, record in story:
        store.write(document, record)
    link_documents(store.db)
    document, record = story[1]
    record.events = []
    store.write(document, record, replace=True)
    link_documents(store.db, [record.document.id])
    row = next(store.db.query("select document_count, reported_by from timeline"))
    assert row["document_count"] == 3 and "PSW" not in row["reported_by"]


# -- actors -------------------------------------------------------------------------------------

def _merged(rows: list[ActorRow], documents: dict[str, set[str]] | None = None,
            registry: Registry | None = None) -> dict[str, str | None]:
    return {m.actor_id: m.canonical_id for m in merge_actors(rows, documents or {}, registry)}


def test_legal_suffixes_and_corp_forms_are_one_organisation():
    assert name_key("General Motors Corp.") == name_key("General Motors Corporation") \
        == name_key("General Motors")
    merged = _merged([ActorRow("general-motors-corp", "General Motors Corp."),
                      ActorRow("general-motors-corporation", "General Motors Corporation")])
    assert merged["general-motors-corp"] == merged["general-motors-corporation"]


def test_an_acronym_defined_in_one_document_joins_the_bare_acronym_elsewhere():
    rows = [ActorRow("general-motors", "General Motors", document_count=2,
                     aliases=[("General Motors", "ner"), ("GM", "acronym")]),
            ActorRow("gm", "GM", aliases=[("GM", "ner")])]
    assert _merged(rows)["gm"] == "general-motors"


def test_two_bodies_sharing_an_acronym_stay_apart_without_context():
    rows = [ActorRow("general-practitioners-committee", "General Practitioners Committee",
                     aliases=[("GPC", "acronym")]),
            ActorRow("grid-planning-council", "Grid Planning Council",
                     aliases=[("GPC", "acronym")])]
    docs = {"general-practitioners-committee": {"d1"}, "grid-planning-council": {"d2"},
            "bma": {"d1"}, "nhs-england": {"d1"}, "ofgem": {"d2"}, "national-grid": {"d2"}}
    assert _merged(rows, docs) == {}
    # The same two names in documents about the same bodies: context joins them.
    docs |= {"bma": {"d1", "d2"}, "nhs-england": {"d1", "d2"}}
    assert len(set(_merged(rows, docs).values())) == 1


def test_role_phrases_are_never_actors():
    assert is_role_phrase("Apple CEO") and is_role_phrase("Northrop Grumman chief executive")
    assert not is_role_phrase("Apple") and not is_role_phrase("General Electric")
    merged = _merged([ActorRow("apple-ceo", "Apple CEO"), ActorRow("apple", "Apple")])
    assert merged == {"apple-ceo": None}


def test_surname_joins_the_only_full_name_and_user_splits_win():
    rows = [ActorRow("barack-obama", "Barack Obama", "person"),
            ActorRow("obama", "Obama", "person")]
    assert _merged(rows)["obama"] == "barack-obama"
    registry = Registry([RegistryEntry("Barack Obama", "person", source="user"),
                         RegistryEntry("Obama", "person", source="user")])
    assert _merged(rows, registry=registry) == {}


def test_surname_alone_joins_the_full_name_of_its_story_and_not_another_bearer():
    rows = [ActorRow("barack-obama", "Barack Obama", "person"),
            ActorRow("michelle-obama", "Michelle Obama", "person"),
            ActorRow("obama", "Obama", "person")]
    # "Obama" alone in d2; d1 (same story: the same bodies) names Barack Obama, d9 Michelle.
    docs = {"barack-obama": {"d1"}, "michelle-obama": {"d9"}, "obama": {"d2"},
            "senate": {"d1", "d2"}, "white-house": {"d1", "d2"},
            "vogue": {"d9"}, "met-gala": {"d9"}}
    merged = _merged(rows, docs)
    assert merged["obama"] == merged["barack-obama"] == "barack-obama"
    assert "michelle-obama" not in merged
    # Context pointing nowhere: two bearers of the surname, so "Obama" joins neither.
    docs |= {"senate": {"d1"}, "white-house": {"d1"}, "hospital": {"d2"}, "police": {"d2"}}
    assert _merged(rows, docs) == {}


def test_an_undefined_acronym_joins_the_initials_of_a_name_in_the_same_story():
    rows = [ActorRow("general-motors", "General Motors Corp."), ActorRow("gm", "GM"),
            ActorRow("general-mills", "General Mills")]
    docs = {"general-motors": {"d1"}, "gm": {"d2"}, "general-mills": {"d7"},
            "uaw": {"d1", "d2"}, "ford": {"d1", "d2"}, "cereal-board": {"d7"}}
    merged = _merged(rows, docs)
    assert merged["gm"] == "general-motors" and "general-mills" not in merged
    # No shared story: the letters alone join nothing.
    docs |= {"uaw": {"d1"}, "ford": {"d1"}, "port-authority": {"d2"}, "customs": {"d2"}}
    assert _merged(rows, docs) == {}


def test_the_timeline_filters_an_actor_by_any_merged_name(tmp_path):
    store = Store(tmp_path / "t.db")
    story = _ballot_story()
    document, record = story[2]
    record.actors[0] = Actor(id="harbour-union-ltd", name="Harbour Union Ltd",
                             kind="organisation", aliases=["Harbour Union Ltd"], mentions=[])
    record.events[0].actor = "harbour-union-ltd"
    for document, record in story:
        store.write(document, record)
    link_documents(store.db)
    from pipeline.publish.queries import TimelineFilter, run, timeline_sql

    sql, params = timeline_sql(TimelineFilter(actor="Harbour Union Ltd"))
    rows = run(store.db.conn, sql, params)
    assert len(rows) == 1 and rows[0]["document_count"] == 4


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_actor_merges_do_not_depend_on_row_order(order):
    rows = [ActorRow("tessa-labs-inc", "Tessa Labs Inc"), ActorRow("tessa-labs", "Tessa Labs"),
            ActorRow("tl", "TL", aliases=[("TL", "ner")])]
    rows[1].aliases.append(("TL", "acronym"))
    assert _merged([rows[i] for i in order]) == _merged(rows)


def test_conflicting_claims_lists_reports_of_one_story_that_disagree(tmp_path):
    from pipeline.publish.metadata import CANNED_QUERIES

    store = Store(tmp_path / "t.db")
    for document, record in _ballot_story():
        store.write(document, record)
    link_documents(store.db)
    rows = list(store.db.query(CANNED_QUERIES["conflicting_claims"]["sql"]))
    assert {(r["denier"], r["claimant"], r["about"]) for r in rows} == {
        ("Ledger", outlet, "29 July 2024: Pulse, PSW · 5 August 2024: Ledger")
        for outlet in ("Pulse", "PSW")}


def test_a_user_split_undoes_a_link_merge_and_survives_relinking(tmp_path):
    from pipeline.actors_cli import split_alias

    db_path = tmp_path / "t.db"
    store = Store(db_path)
    story = _ballot_story()
    document, record = story[2]
    record.actors[0] = Actor(id="harbour-union-ltd", name="Harbour Union Ltd",
                             kind="organisation", aliases=["Harbour Union Ltd"], mentions=[])
    record.events[0].actor = "harbour-union-ltd"
    for document, record in story:
        store.write(document, record)
    link_documents(store.db)
    assert store.db.execute("select canonical_id from actor_merges where actor_id ="
                            " 'harbour-union-ltd'").fetchone()[0] == "harbour-union"
    store.close()
    registry = tmp_path / "t.registry.yaml"
    split_alias(db_path, "Harbour Union Ltd", registry)
    store = Store(db_path)
    assert not store.db.execute(
        "select 1 from actor_merges where actor_id = 'harbour-union-ltd'").fetchone()
    from pipeline.extract.registry import load_registry

    relink(store.db, registry=load_registry(registry))
    assert not store.db.execute(
        "select 1 from actor_merges where actor_id = 'harbour-union-ltd'").fetchone()


def test_ingested_story_joins_gm_and_obama_and_keeps_michelle_obama_apart(tmp_path):
    """End to end, on texts of our own: "GM" (never defined) and "Obama" alone in one report
    join "General Motors" and "Barack Obama" named in another report of the same story."""
    from pipeline.batch import ingest_paths

    folder = tmp_path / "story"
    folder.mkdir()
    bodies = ("the Senate Banking Committee, the United Auto Workers and Ford Motor Co.")
    (folder / "a.txt").write_text(
        "Loan plan\n\nPresident Barack Obama said on Monday that the White House would back a "
        f"loan to General Motors. {bodies[0].upper()}{bodies[1:]} reacted.\n")
    (folder / "b.txt").write_text(
        "Loan approved\n\nObama told the White House press on Tuesday that GM would get the "
        f"loan, and {bodies} welcomed it.\n")
    (folder / "c.txt").write_text(
        "Garden opens\n\nMichelle Obama opened a vegetable garden at Bancroft Elementary "
        "School on Friday. The National Garden Association thanked the pupils.\n")
    db = tmp_path / "t.db"
    ingest_paths(db, [folder], progress="off", published="2009-03-30")
    merged = dict(Store(db).db.execute("select actor_id, canonical_id from actor_merges")
                  .fetchall())
    assert merged.get("gm") == "general-motors"
    assert merged.get("obama") == "barack-obama"
    assert merged.get("michelle-obama") in (None, "michelle-obama")

"""`dateline actors merge|split|ignore` against a real database written by `pipeline.store`,
and the registry file that makes each decision survive re-ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlite_utils import Database

from pipeline.actors_cli import actors
from pipeline.document import Document
from pipeline.extract import document_info
from pipeline.extract.actors import find_actors
from pipeline.extract.registry import Registry, load_registry
from pipeline.record import (
    AnalysisRecord,
    Attribution,
    AttributionSource,
    Event,
    PipelineInfo,
    Span,
)
from pipeline.store import Store

TEXT = ("Northfield Water said prices would rise on Monday. NW Utilities confirmed the rise to "
        "customers. The Pharmacy First Update Record service was launched in March by Medora "
        "Systems. Pharmacy First said it would expand. Kelby Council said it would object. "
        "Medora told Kelby Council it would wait.")


def _sentence(text: str, start_word: str) -> Span:
    start = text.index(start_word)
    end = text.index(".", start) + 1
    return Span(start, end, text[start:end])


def _event(local_id: str, actor: str | None, action: str, sentence: Span,
           targets: list[str] | None = None) -> Event:
    return Event(id=local_id, actor=actor, action=action, action_type="statement",
                 targets=targets or [], content=sentence.text, negated=False,
                 modality="asserted", date=None, attributed_to=None, quote=None,
                 sentence=sentence)


def build_db(nlp, db_path: Path, registry: Registry) -> dict[str, str]:
    """Analyse TEXT with the real actor extractor and write it with the real Store; events
    and an attribution are written by hand so the test does not depend on the events module."""
    document = Document(text=TEXT, title="Test", source="test.txt", published="2024-07-01")
    index = find_actors(nlp(TEXT), registry)
    ids = {a.name: a.id for a in index.actors}

    def at(name: str) -> str | None:
        start = TEXT.index(name)
        return index.actor_for_span(start, start + len(name))

    record = AnalysisRecord(pipeline=PipelineInfo(version="test", model="test"),
                            document=document_info(document))
    record.actors = index.actors
    record.events = [
        _event("e1", at("Northfield Water"), "say", _sentence(TEXT, "Northfield")),
        _event("e2", at("NW Utilities"), "confirm", _sentence(TEXT, "NW Utilities")),
        _event("e3", index.actor_for_span(TEXT.index("Pharmacy First said"),
                                          TEXT.index("Pharmacy First said") + 14),
               "say", _sentence(TEXT, "Pharmacy First said")),
        _event("e4", at("Medora told"), "tell", _sentence(TEXT, "Medora told"),
               targets=[t for t in [at("Kelby Council")] if t]),
    ]
    start = TEXT.index("Pharmacy First said")
    record.attributions = [Attribution(
        source=AttributionSource(start, start + 14, "Pharmacy First",
                                 index.actor_for_span(start, start + 14)),
        cue=Span(start + 15, start + 19, "said"), content=[], kind="indirect", event="e3")]
    ids["NW Utilities@"] = at("NW Utilities") or ""
    store = Store(db_path)
    store.write(document, record)
    store.close()
    return ids


@pytest.fixture()
def db(nlp, tmp_path: Path) -> Path:
    path = tmp_path / "timeline.db"
    build_db(nlp, path, Registry.empty())
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(actors, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_merge_moves_every_reference_and_writes_registry(nlp, db: Path) -> None:
    registry_path = db.with_name("timeline.registry.yaml")
    output = run("merge", str(db), "Northfield Water", "NW Utilities")
    assert "merged nw-utilities into northfield-water" in output
    database = Database(db)
    assert database.execute(
        "select count(*) from actors where id = 'nw-utilities'").fetchone()[0] == 0
    assert database.execute(
        "select count(*) from mentions where actor_id = 'northfield-water'").fetchone()[0] == 2
    assert database.execute(
        "select actor_id from events where local_id = 'e2'").fetchone()[0] == "northfield-water"
    aliases = {r[0]: r[1] for r in database.execute(
        "select alias, source from actor_aliases where actor_id = 'northfield-water'")}
    assert aliases.get("NW Utilities") == "user"
    assert database.execute("select mention_count from actors where id = 'northfield-water'"
                            ).fetchone()[0] == 2
    # The timeline view shows the merged name at once.
    actors_in_timeline = {r[0] for r in database.execute("select actor from timeline")}
    assert "NW Utilities" not in actors_in_timeline and "Northfield Water" in actors_in_timeline
    # The registry keeps it: a fresh analysis gives one actor.
    data = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    entry = next(e for e in data["actors"] if e["name"] == "Northfield Water")
    assert "NW Utilities" in entry["aliases"]
    index = find_actors(nlp(TEXT), load_registry(registry_path))
    water = TEXT.index("Northfield Water"), TEXT.index("NW Utilities")
    assert index.actor_for_span(water[0], water[0] + 16) == \
        index.actor_for_span(water[1], water[1] + 12) == "northfield-water"


def test_split_makes_alias_its_own_actor(nlp, db: Path) -> None:
    database = Database(db)
    pharmacy = database.execute(
        "select actor_id from actor_aliases where alias = 'Pharmacy First'").fetchone()[0]
    assert pharmacy == "pharmacy-first-update-record"  # the prefix rule merged them
    registry_path = db.with_name("timeline.registry.yaml")
    run("split", str(db), "Pharmacy First")
    assert database.execute("select name from actors where id = 'pharmacy-first'"
                            ).fetchone()[0] == "Pharmacy First"
    start = TEXT.index("Pharmacy First said")
    assert database.execute("select actor_id from mentions where start = ?",
                            [start]).fetchone()[0] == "pharmacy-first"
    assert database.execute("select actor_id from events where local_id = 'e3'"
                            ).fetchone()[0] == "pharmacy-first"
    assert database.execute("select source_actor_id from attributions").fetchone()[0] == \
        "pharmacy-first"
    # The long name keeps its own mention.
    assert database.execute("select count(*) from mentions where actor_id = ?",
                            ["pharmacy-first-update-record"]).fetchone()[0] >= 1
    index = find_actors(nlp(TEXT), load_registry(registry_path))
    assert index.actor_for_span(start, start + 14) == "pharmacy-first"
    long_start = TEXT.index("Pharmacy First Update Record")
    assert index.actor_for_span(long_start, long_start + 28) == "pharmacy-first-update-record"


def test_ignore_removes_actor_and_keeps_it_out(nlp, db: Path) -> None:
    registry_path = db.with_name("timeline.registry.yaml")
    run("ignore", str(db), "Kelby Council")
    database = Database(db)
    assert database.execute("select count(*) from actors where id = 'kelby-council'"
                            ).fetchone()[0] == 0
    assert database.execute("select count(*) from mentions where actor_id = 'kelby-council'"
                            ).fetchone()[0] == 0
    assert database.execute("select count(*) from event_targets where actor_id = "
                            "'kelby-council'").fetchone()[0] == 0
    assert database.execute("select count(*) from events").fetchone()[0] == 4
    data = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    assert any(e["name"] == "Kelby Council" and e.get("not_an_actor") for e in data["actors"])
    index = find_actors(nlp(TEXT), load_registry(registry_path))
    assert all(a.id != "kelby-council" for a in index.actors)


def test_reingest_with_registry_keeps_decisions(nlp, db: Path, tmp_path: Path) -> None:
    run("merge", str(db), "northfield-water", "nw-utilities")
    registry_path = db.with_name("timeline.registry.yaml")
    fresh = tmp_path / "fresh.db"
    ids = build_db(nlp, fresh, load_registry(registry_path))
    assert ids["NW Utilities@"] == "northfield-water"
    assert "NW Utilities" not in ids
    database = Database(fresh)
    assert database.execute("select count(*) from actors where id = 'nw-utilities'"
                            ).fetchone()[0] == 0


def test_unknown_actor_is_a_clear_error(db: Path) -> None:
    result = CliRunner().invoke(actors, ["merge", str(db), "Nobody Ltd", "Kelby Council"])
    assert result.exit_code != 0
    assert "no actor with id, name or alias 'Nobody Ltd'" in result.output

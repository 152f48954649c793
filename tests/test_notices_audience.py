"""A notice's audience does what the notice tells it to, and the issuer claims it; a release
named instead of a date is kept with the event. Fictional notices throughout."""

from __future__ import annotations

import sqlite3

import pipeline

PUBLISHED = "2031-03-05"

NOTICE = (
    "Larkfield Hosting is retiring the Tern control panel.\n\n"
    "Users must migrate their sites to the new panel by 15 May 2031.\n\n"
    "Customers should move to the Heron API before 1 July 2031.\n\n"
    "Administrators need to rotate their keys by 20 April 2031.\n\n"
    "Site operators must renew their certificates by 10 June 2031.\n\n"
    "Maintainers of downstream projects must update their pins by 1 August 2031.\n\n"
    "Plugin authors should publish new builds before 1 September 2031.\n\n"
    "Please upgrade to Tern 5.1 before 30 June 2031.\n\n"
    "Action required by 12 June 2031.\n")


def _record(text: str, kind: str = "vendor_notice"):
    record = pipeline.analyze(text, published=PUBLISHED, kind=kind)
    assert not record.failed(), record.errors
    return record


def _event(record, action: str):
    found = [e for e in record.events if e.action == action]
    assert found, [(e.action, e.sentence.text) for e in record.events]
    return found[0]


def test_named_audiences_are_group_actors_of_their_deadlines():
    record = _record(NOTICE)
    kinds = {a.id: a.kind for a in record.actors}
    expected = {"migrate": "users", "move": "customers", "need": "administrators",
                "renew": "site-operators", "update": "maintainers-of-downstream-projects",
                "publish": "plugin-authors"}
    for action, actor in expected.items():
        event = _event(record, action)
        assert event.actor == actor, (action, event.actor)
        assert kinds[actor] == "group"
        assert event.date is not None and event.date.role == "deadline"
        # the notice's issuer is the one who says the audience must do it
        assert event.attributed_to == "larkfield-hosting", (action, event.attributed_to)
    # news keeps its actors: the same text read as news names no group
    news = _record(NOTICE, kind="news")
    assert _event(news, "migrate").actor is None and _event(news, "move").actor is None
    # an audience noun that only receives something does not act
    hosted = _record("Larkfield Hosting is closing its Leeds data centre.\n\n"
                     "Customers hosted in Leeds will receive an email next week.\n")
    assert _event(hosted, "receive").actor is None


def test_imperatives_and_action_required_are_the_readers_deadlines():
    record = _record(NOTICE)
    for action in ("upgrade", "require"):
        event = _event(record, action)
        assert event.actor == "users", (action, event.actor)
        assert event.date is not None and event.date.role == "deadline"
        assert event.attributed_to == "larkfield-hosting"


def test_audience_mentions_cover_the_phrase_once():
    record = _record(NOTICE + "\nSite operators must also check their logs by 11 June 2031.\n")
    operators = next(a for a in record.actors if a.id == "site-operators")
    assert [m.text for m in operators.mentions] == ["Site operators", "Site operators"]
    downstream = next(a for a in record.actors if a.id == "maintainers-of-downstream-projects")
    assert [m.text for m in downstream.mentions] == ["Maintainers of downstream projects"]


def test_release_named_instead_of_a_date_is_kept_with_the_event():
    record = _record("Larkfield Hosting is cleaning up the Tern API.\n\n"
                     "The old endpoints will be removed in version 5.0, and the v1 export "
                     "format will be dropped in 3.0.\n")
    removed, dropped = _event(record, "remove"), _event(record, "drop")
    assert (removed.date, removed.version) == (None, "5.0")
    assert (dropped.date, dropped.version) == (None, "3.0")
    stated = [e["version"] for e in record.to_dict()["events"] if e["action"] == "remove"]
    assert stated == ["5.0"]


def test_version_column_is_stored_and_added_to_old_databases(tmp_path):
    from pipeline.api import text_document
    from pipeline.store import Store

    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    # a database made before the column existed
    connection.execute("create table events (id text primary key, document_id text)")
    connection.commit()
    connection.close()
    store = Store(path)
    text = "Larkfield Hosting is cleaning up the Tern API.\n\nThe old endpoints will be " \
        "removed in version 5.0.\n"
    document = text_document(text, published=PUBLISHED, kind="vendor_notice")
    store.write(document, _record(text))
    rows = sqlite3.connect(path).execute(
        "select action, version from events where version is not null").fetchall()
    assert rows == [("remove", "5.0")]


def test_a_boundary_word_before_a_named_date_makes_a_deadline():
    record = _record("Larkfield Hosting will retire the Tern API on 31 October 2031.\n\n"
                     "We will email account owners each month until the retirement date.\n")
    email = _event(record, "email")
    assert email.date is not None
    assert (email.date.role, email.date.range) == ("deadline", ["2031-10-31", "2031-10-31"])

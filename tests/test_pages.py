"""The timeline page, document page, exports and Datasette tables as a journalist meets them,
through Datasette's own client. The database adds the ferry briefing (tests/test_publish_data.py)
to the seed-like one: undated statements, a speaker who is not the actor, an event with no
resolved actor, a negated claim, an event known only to its year."""

from __future__ import annotations

import asyncio
import csv
import html as html_lib
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from datasette.app import Datasette
from icalendar import Calendar
from test_publish_data import Builder, build_db

from pipeline.publish.compat import make_datasette
from pipeline.store import Store


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Datasette:
    path = build_db(tmp_path_factory.mktemp("pages") / "timeline.db", ferry=True)
    return make_datasette([path])


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def page(ds: Datasette, path: str) -> str:
    response = get(ds, path)
    assert response.status_code == 200, response.text[:300]
    return response.text


def json_rows(ds: Datasette, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    return get(ds, f"{path}{sep}_shape=array&_size=max").json()


def _cards(html: str) -> list[str]:
    """The top-level event cards (not the statements folded inside an article)."""
    return re.findall(r'<li class="dl-event[^"]*"\s+data-event-id="([0-9a-f]+)"', html)


def _folded(html: str) -> list[str]:
    return re.findall(r'<li class="dl-statement[^"]*" data-event-id="([0-9a-f]+)"', html)


def _headings(html: str) -> list[str]:
    return re.findall(r'class="dl-month-label">([^<]+)<', html)


def _ferry_rows(ds: Datasette) -> dict[str, dict]:
    return {r["action"]: r for r in json_rows(ds, "/timeline/timeline.json")
            if r["document_title"] == "Ferry timetable agreed"}


# -- the timeline page ---------------------------------------------------------------------------

def test_undated_statements_fold_under_their_article(ds):
    html = page(ds, "/-/timeline")
    ferry = _ferry_rows(ds)
    statements = {ferry[a]["event_id"] for a in ("agree", "rise", "note", "welcome")}
    assert statements <= set(_folded(html)) and not statements & set(_cards(html))
    assert "+4 more statements in this article" in html
    assert "<details>" in html  # expandable, closed by default
    # Asking for that role shows them as ordinary cards.
    assert statements <= set(_cards(page(ds, "/-/timeline?role=reported")))


def test_default_view_leads_with_dated_events_and_deadlines(ds):
    html = page(ds, "/-/timeline")
    first_entry = re.search(r'<li class="(dl-event|dl-folded)', html).group(1)
    assert first_entry == "dl-event"
    dated = [r for r in json_rows(ds, "/timeline/timeline.json") if r["role"] != "reported"]
    assert {r["event_id"] for r in dated} == set(_cards(html))


def test_year_precision_events_never_head_a_month_window(ds):
    plan = _ferry_rows(ds)["plan"]
    html = page(ds, "/-/timeline?from=2024-07&to=2024-07")
    cards = _cards(html)
    assert plan["event_id"] in cards and cards[0] != plan["event_id"]
    headings = _headings(html)
    assert headings[0] == "July 2024" and headings[-1] == "Some time in 2024"
    assert cards[-1] == plan["event_id"]


def test_an_event_without_an_actor_shows_its_subject_not_someone(ds):
    html = page(ds, "/-/timeline?role=reported")
    assert "Someone" not in html
    assert re.search(r'class="dl-subject">the new ferry timetable</bdi>', html)
    document = page(ds, "/-/timeline/document?id=" + _ferry_rows(ds)["agree"]["document_id"])
    assert "Someone" not in document and "the new ferry timetable</bdi>" in document
    exported = get(ds, "/-/timeline/export.timelinejs?role=reported").text
    assert "Someone" not in exported and "the new ferry timetable" in exported


def test_according_to_on_every_row_that_has_it(ds):
    ferry = _ferry_rows(ds)
    timeline = page(ds, "/-/timeline?role=reported")
    agree = timeline[timeline.index(f'data-event-id="{ferry["agree"]["event_id"]}"'):]
    agree = agree[:agree.index("</li>")]
    assert "according to <bdi>A council spokesperson</bdi>" in agree
    assert "according to <bdi>Harbour Board</bdi>" in timeline  # the negated fares claim
    doc = page(ds, "/-/timeline/document?id=" + ferry["agree"]["document_id"])
    events = doc[doc.index("Events in this document"):]
    assert "according to <bdi>A council spokesperson</bdi>" in events
    assert "according to <bdi>Harbour Board</bdi>" in events


def test_negation_is_shown_in_the_document_event_list(ds):
    tpp = next(r for r in json_rows(ds, "/timeline/timeline.json") if r["actor"] == "TPP")
    doc = page(ds, f"/-/timeline/document?id={tpp['document_id']}&event={tpp['event_id']}")
    events = doc[doc.index("Events in this document"):]
    item = re.search(r'<li aria-current="true" class="is-negated">(.*?)</li>', events, re.S)
    assert item and '<span class="dl-not">not</span> make' in item.group(1)


def _links(html: str) -> dict[str, str]:
    found = {}
    for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html):
        found[label.strip()] = html_lib.unescape(href)
    return found


FILTERS = {"actor": "NHSE", "action_type": "request", "role": "deadline", "from": "2024-06",
           "to": "2024-07", "q": "switch"}


def test_every_export_link_carries_the_filters(ds):
    html = page(ds, "/-/timeline?" + "&".join(f"{k}={v}" for k, v in FILTERS.items()))
    shown = _cards(html)
    assert len(shown) == 1
    links = _links(html)
    for label in ("CSV", "JSON", "deadlines (.ics)", "TimelineJS data", "visual timeline"):
        query = {k: v[0] for k, v in parse_qs(urlsplit(links[label]).query).items()}
        assert query == FILTERS, label
    csv_response = get(ds, links["CSV"])
    assert csv_response.headers["content-disposition"].startswith("attachment;")
    assert csv_response.headers["content-type"].startswith("text/csv")
    exported = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert [r["event_id"] for r in exported] == shown
    assert [r["event_id"] for r in get(ds, links["JSON"]).json()] == shown
    timelinejs = get(ds, links["TimelineJS data"]).json()
    assert [s["unique_id"] for s in timelinejs["events"]] == ["e" + i for i in shown]


def test_ics_link_gives_the_filtered_deadlines_only(ds):
    everything = Calendar.from_ical(get(ds, "/-/timeline/export.ics").content)
    all_deadlines = everything.walk("VEVENT")
    html = page(ds, "/-/timeline?from=2024-07-10")
    ics = get(ds, _links(html)["deadlines (.ics)"])
    assert ics.headers["content-disposition"].startswith("attachment;")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert 0 < len(events) < len(all_deadlines)
    assert all(str(e.decoded("dtstart")) >= "2024-07-10" for e in events)


@pytest.mark.parametrize("bad", ["from=2024-13", "from=July", "to=2024-02-30"])
def test_invalid_filter_dates_give_a_message_and_no_filter(ds, bad):
    html = page(ds, f"/-/timeline?{bad}")
    assert "Date filter ignored" in html and 'aria-invalid="true"' in html
    assert _cards(html) == _cards(page(ds, "/-/timeline"))
    assert len(get(ds, f"/-/timeline/export.json?{bad}").json()) == len(
        get(ds, "/-/timeline/export.json").json())


def test_placeholders_do_not_look_like_values(ds):
    placeholders = re.findall(r'placeholder="([^"]*)"', page(ds, "/-/timeline"))
    assert len(placeholders) == 4
    assert not any(re.search(r"\d", p) for p in placeholders)


def test_visual_page_uses_the_vendored_timelinejs(ds):
    html = page(ds, "/-/timeline/visual?role=deadline")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/-/dateline/static/timelinejs/js/timeline.js" in scripts
    assert all(s.startswith("/") for s in scripts)  # nothing from another origin
    src = html_lib.unescape(re.search(r'data-src="([^"]+)"', html).group(1))
    assert parse_qs(urlsplit(src).query) == {"role": ["deadline"]}
    assert get(ds, "/-/dateline/static/timelinejs/js/timeline.js").status_code == 200
    assert get(ds, "/-/dateline/static/timelinejs/LICENSE").text.startswith(
        "Mozilla Public License")
    assert get(ds, "/-/dateline/static/timelinejs/../pages.py").status_code == 404


def test_document_page_card_has_badges_attribution_and_targets(ds):
    ask = next(r for r in json_rows(ds, "/timeline/timeline.json") if r["action"] == "ask")
    doc = page(ds, f"/-/timeline/document?id={ask['document_id']}&event={ask['event_id']}")
    card = doc[doc.index('class="dl-event-card"'):doc.index("</section>")]
    assert 'dl-badge-deadline' in card
    assert "aimed at <bdi>TPP; EMIS</bdi>" in card
    if ask["attributed_to"]:
        assert f"according to <bdi>{ask['attributed_to']}</bdi>" in card
    assert ">row<" not in doc and "all stored details" in doc


# -- Datasette tables, views and queries ---------------------------------------------------------

def _header_columns(html: str) -> list[str]:
    return re.findall(r'<th [^>]*data-column="([\w]+)"', html)


def test_tables_lead_with_label_columns_and_end_with_ids(ds):
    timeline = _header_columns(page(ds, "/timeline/timeline"))
    assert timeline[:4] == ["date", "date_text", "actor", "action"]
    assert timeline[-1].endswith("id") and timeline.index("document_id") > timeline.index(
        "content")
    events = _header_columns(page(ds, "/timeline/events"))
    assert events[:3] == ["id", "date_start", "actor_id"]  # the row link, then labels
    assert events.index("document_id") > events.index("sentence_text")
    # An explicit choice of columns is left alone.
    assert _header_columns(page(ds, "/timeline/events?_col=action")) == ["id", "action"]


def test_database_page_lists_nothing_twice(ds):
    html = page(ds, "/timeline")
    links = re.findall(r'<a href="/timeline/([\w]+)"', html)
    assert links and len(links) == len(set(links))
    assert "deadlines" in links


def test_canned_query_tabs_show_a_title_not_sql(ds):
    html = page(ds, "/timeline/who_said?actor=TPP")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "What did an actor say?" in title and "select" not in title.lower()


def test_claims_take_the_speaker_from_the_attribution_and_name_the_outlet(ds):
    claims = json_rows(ds, "/timeline/claims.json")
    agree = next(c for c in claims if c["action"] == "agree")
    assert agree["claimant"] == "A council spokesperson" and agree["actor"] is None
    assert agree["outlet"] == "Harbour Gazette"
    ask = next(c for c in claims if c["action"] == "ask")
    assert ask["claimant"] == "GPC England" and ask["actor"] == "NHS England"
    # An event nobody is reported to have said is not a claim by its own actor.
    assert not [c for c in claims if c["action"] in ("tell", "renew", "note")]
    columns = list(claims[0])
    assert columns[:2] == ["claimant", "claim"] and columns[-1] == "document_id"


def test_who_said_includes_unresolved_speakers_as_written(ds):
    said = json_rows(ds, "/timeline/who_said.json?actor=a%20council%20spokesperson")
    assert [c["action"] for c in said] == ["agree"]


def test_superseded_versions_are_kept_out_of_every_view(ds):
    old = [r["id"] for r in json_rows(ds, "/timeline/documents.json?is_latest=0")]
    assert old  # the article has two versions
    for view in ("timeline", "deadlines", "claims"):
        ids = {r["document_id"] for r in json_rows(ds, f"/timeline/{view}.json")}
        assert ids and not ids & set(old), view


def test_reader_comments_follow_the_latest_version_of_their_article(tmp_path: Path):
    def article(extra: str = "") -> Builder:
        return Builder([f"The pier reopens in May.{extra}"], title="Pier",
                       url="https://gazette.example.net/pier", published="2024-04-01",
                       kind="news", source="pier.txt")

    store = Store(tmp_path / "c.db")
    try:
        first = article()
        store.write(first.document, first.record)
        comment = Builder(["About time too."], kind="comment", source="pier-comment-1",
                          parent_id=first.document.id, published="2024-04-02")
        store.write(comment.document, comment.record)
        second = article(" Tickets go on sale in April.")
        store.write(second.document, second.record)
        late = Builder(["Will it be safe?"], kind="comment", source="pier-comment-2",
                       parent_id=first.document.id, published="2024-04-03")
        store.write(late.document, late.record)
        parents = {row[0] for row in store.db.execute(
            "select parent_id from documents where kind = 'comment'")}
    finally:
        store.close()
    assert parents == {second.document.id}


@pytest.mark.parametrize(("row", "expected"), [
    ({"subject_text": "The tram depot", "sentence": "It closed."}, "The tram depot"),
    ({"sentence": "The bridge, closed since May, was reopened on Monday.", "action": "reopen"},
     "The bridge"),
    ({"sentence": "As expected, the new bus lane will open in spring.", "action": "open"},
     "the new bus lane"),
    ({"sentence": "A spokesperson said the levy had been scrapped.", "action": "scrap"},
     "the levy"),
    ({"sentence": "It went quiet after the vote.", "action": "go",
      "content": "went quiet after the vote"}, "It"),
    ({"sentence": "Nothing here matches.", "action": "approve"}, "(no named subject)"),
    ({"sentence": "- old tokens will no longer be accepted", "action": "accept"}, "old tokens"),
])
def test_subject_phrase_stands_in_for_a_missing_actor(row, expected):
    from pipeline.publish.text import subject_phrase

    assert subject_phrase(row) == expected


@pytest.mark.parametrize("name", ["conflicting_claims", "who_said", "deadlines_between"])
def test_canned_queries_lead_with_their_title_and_rows_not_the_sql(ds, name):
    html = page(ds, f"/timeline/{name}")
    assert re.search(r"<h1[^>]*>\s*[A-Z][^<]+</h1>", html)  # a title, not the query's name
    assert "<textarea" not in html and "select " not in html.lower().split("<table")[0]
    shown = page(ds, f"/timeline/{name}?_show_sql=1")  # "show" still gives the SQL
    assert "select" in shown.lower()


def test_asking_for_an_actor_or_words_shows_their_statements_as_cards(ds):
    tpp = {r["event_id"] for r in json_rows(ds, "/timeline/timeline.json?actor=TPP")
           if r["role"] == "reported"}
    assert tpp
    for query in ("actor=TPP", "q=making+this+change"):
        html = page(ds, f"/-/timeline?{query}")
        assert tpp <= set(_cards(html)) and not _folded(html)


def test_a_fold_says_more_only_beside_cards_from_its_article(ds):
    html = page(ds, "/-/timeline")
    assert "+4 more statements in this article" in html  # the ferry briefing has cards too
    alone = page(ds, "/-/timeline?action_type=statement")  # those articles' other events are not
    folds = re.findall(r'<span class="dl-more">([^<]+)</span>', alone)
    assert folds and not [f for f in folds if "more" in f], folds


def test_according_to_names_a_merged_speaker_by_its_canonical_name(tmp_path):
    from pipeline.publish.queries import speakers_sql

    store = Store(tmp_path / "t.db")
    try:
        db = store.db
        db["actors"].insert_all([{"id": "gpc-england", "name": "GPC England"},
                                 {"id": "bma-gp-committee", "name": "BMA GP Committee"}],
                                alter=True)
        db["actor_merges"].insert({"actor_id": "bma-gp-committee",
                                   "canonical_id": "gpc-england", "reason": "acronym"},
                                  alter=True)
        db["attributions"].insert_all([
            {"id": "a1", "event_id": "e1", "source_actor_id": "bma-gp-committee",
             "source_text": "the committee", "source_start": 0},
            {"id": "a2", "event_id": "e2", "source_actor_id": None,
             "source_text": "A spokesperson", "source_start": 0}], alter=True)
        sql, params = speakers_sql(["e1", "e2"])
        speakers = dict(db.execute(sql, params).fetchall())
    finally:
        store.close()
    assert speakers == {"e1": "GPC England", "e2": "A spokesperson"}

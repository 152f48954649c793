"""The published timeline through Datasette's own client: views, canned queries, the plugin
page, renderers, headers and escaping. Databases are built with `tests/test_publish_data.py`."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from datasette.app import Datasette
from icalendar import Calendar
from jsonschema import Draft202012Validator
from test_publish_data import HOSTILE_TITLE, NEWS_URL, RLO, build_db

from pipeline.publish import compat
from pipeline.publish.formats import timelinejs_schema
from pipeline.publish.metadata import (
    CANNED_QUERIES,
    _all_columns,
    build_config,
    build_metadata,
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("publish") / "timeline.db")


@pytest.fixture(scope="module")
def ds(db_path) -> Datasette:
    return compat.make_datasette([db_path])


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path, follow_redirects=True))


def rows(ds: Datasette, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    response = get(ds, f"{path}{sep}_shape=array&_size=max")
    assert response.status_code == 200, response.text[:500]
    return response.json()


# -- metadata ----------------------------------------------------------------------------------

def test_every_table_view_and_column_is_described():
    metadata = build_metadata("timeline")
    tables = metadata["databases"]["timeline"]["tables"]
    for name, columns in _all_columns().items():
        entry = tables[name]
        assert entry["description"], name
        assert entry["source"] and entry["license"], name
        missing = [c for c in columns if not entry["columns"].get(c)]
        assert not missing, f"{name}: undescribed columns {missing}"
    assert tables["timeline"]["facets"] == ["actor", "action_type", "year_month", "role"]
    assert tables["events"]["label_column"] == "content"
    assert tables["actors"]["label_column"] == "name"
    assert tables["documents"]["label_column"] == "title"


def test_canned_queries_include_the_foundation_names():
    queries = build_metadata("x")["databases"]["x"]["queries"]
    assert {"actor_timeline", "deadlines_between", "who_said", "claims_mentioning",
            "conflicting_claims", "what_changed"} <= set(queries)


def test_no_canned_query_shares_a_name_or_title():
    """A canned query shadows a view of the same name in Datasette (`deadlines` did)."""
    queries = build_metadata("x")["databases"]["x"]["queries"]
    assert not set(queries) & set(_all_columns())
    titles = [q["title"] for q in queries.values()]
    assert all(titles) and len(set(titles)) == len(titles)


def test_layout_switch_moves_configuration_to_datasette_yaml():
    old = build_config("timeline", layout="0.65")
    new = build_config("timeline", layout="1.0", public=True)
    assert old["config"] is None and "queries" in old["metadata"]["databases"]["timeline"]
    config_db = new["config"]["databases"]["timeline"]
    # On 1.0 the `deadlines` view wins over a query of that name: the alias is left out.
    assert set(config_db["queries"]) == set(CANNED_QUERIES) - {"deadlines"}
    assert "queries" not in new["metadata"]["databases"]["timeline"]
    assert config_db["tables"]["timeline"]["facets"]
    assert "facets" not in new["metadata"]["databases"]["timeline"]["tables"]["timeline"]
    assert new["config"]["settings"]["default_allow_sql"] is False
    # Descriptions stay metadata in both layouts.
    assert new["metadata"]["databases"]["timeline"]["tables"]["events"]["columns"]["negated"]


# -- views -------------------------------------------------------------------------------------

def test_timeline_view_is_deduplicated_in_date_order(ds):
    timeline = rows(ds, "/timeline/timeline.json")
    starts = [r["date_start"] for r in timeline]
    assert starts == sorted(starts)
    asks = [r for r in timeline if r["action"] == "ask"]
    assert len(asks) == 1 and asks[0]["document_count"] == 2
    assert asks[0]["first_source"] == "Practices switch off GP Connect update"
    # Only the latest version of the article counts: each of its events appears once.
    assert sum(1 for r in timeline if r["action"] == "tell") == 1
    weekend = next(r for r in timeline if r["date_value"] == "2024-W26-WE")
    assert (weekend["date_start"], weekend["date_end"], weekend["precision"]) == (
        "2024-06-29", "2024-06-30", "week")
    early = next(r for r in timeline if r["date_value"] == "2024-07")
    assert early["date_mod"] == "START" and early["year_month"] == "2024-07"


def test_deadlines_view(ds):
    # /timeline/deadlines is the view itself (no canned query shadows it): facets and all.
    view = rows(ds, "/timeline.json?sql=select+*+from+deadlines")
    assert view and all(r["role"] == "deadline" for r in view)
    assert {"2024-07-01", "2024-07-29"} <= {r["date_start"] for r in view}
    page = get(ds, "/timeline/deadlines.json?_shape=objects&_extra=facet_results").json()
    assert "facet_results" in page  # a view's page, not a canned query's
    assert page["rows"] and all(r["role"] == "deadline" for r in page["rows"])
    reached = rows(ds, "/timeline/deadlines.json")
    assert sorted(r["event_id"] for r in reached) == sorted(r["event_id"] for r in view)


def test_claims_view_has_who_said_what_with_quote(ds):
    claims = rows(ds, "/timeline/claims.json")
    tpp = next(r for r in claims if r["claimant"] == "TPP" and r["basis"] == "event")
    assert tpp["quote"] == "not making this change" and tpp["negated"] == 1
    assert tpp["cue"] == "said"
    reported = next(r for r in claims if r["action"] == "ask")
    assert reported["claimant"] == "GPC England" and reported["actor"] == "NHS England"


def test_actor_activity_counts_per_month(ds):
    activity = rows(ds, "/timeline/actor_activity.json")
    nhse = [r for r in activity if r["actor_id"] == "nhs-england"]
    assert [(r["year_month"], r["events"], r["deadlines"]) for r in nhse] == [("2024-07", 1, 1)]


def test_full_text_search_on_events_and_documents(ds):
    hits = rows(ds, "/timeline/timeline.json?_search=weekend")
    assert [r["actor"] for r in hits] == ["practices"]
    docs = rows(ds, "/timeline/documents.json?_search=Pharmacy")
    assert [d["publisher"] for d in docs] == ["Example Supplier Bulletin"]


def test_facets_on_year_month_and_role(ds):
    data = get(ds, "/timeline/timeline.json?_extra=facet_results").json()
    facets = data["facet_results"]
    if compat.DATASETTE_1:  # {"results": {...}, "timed_out": [...]} on 1.0
        facets = facets["results"]
    assert {"actor", "action_type", "year_month", "role"} <= set(facets)
    months = {r["value"]: r["count"] for r in facets["year_month"]["results"]}
    assert months["2024-06"] == 2


def test_foreign_keys_show_labels(ds):
    response = get(ds, "/timeline/events.json?_labels=on&_shape=array&actor_id=tpp")
    event = response.json()[0]
    assert event["actor_id"] == {"value": "tpp", "label": "TPP"}


# -- canned queries ----------------------------------------------------------------------------

def test_actor_timeline_matches_aliases_and_targets(ds):
    by_alias = rows(ds, "/timeline/actor_timeline.json?actor=NHSE")
    by_name = rows(ds, "/timeline/actor_timeline.json?actor=nhs%20england")
    assert [r["event_id"] for r in by_alias] == [r["event_id"] for r in by_name]
    assert [r["involvement"] for r in by_alias] == ["actor"]
    tpp = rows(ds, "/timeline/actor_timeline.json?actor=TPP")
    assert {r["involvement"] for r in tpp} == {"actor", "target"}
    assert rows(ds, "/timeline/actor_timeline.json?actor=nobody") == []


def test_deadlines_between_with_partial_dates_and_alias(ds):
    july = rows(ds, "/timeline/deadlines_between.json?from=2024-07&to=2024-07")
    assert {r["date_start"] for r in july} >= {"2024-07-01", "2024-07-29"}
    late = rows(ds, "/timeline/deadlines_between.json?from=2024-07-10&to=")
    assert {r["date_start"] for r in late} == {"2024-07-29"}


def test_who_said_finds_what_an_actor_said_by_any_alias(ds):
    by_alias = rows(ds, "/timeline/who_said.json?actor=GPC")
    by_name = rows(ds, "/timeline/who_said.json?actor=gpc%20england")
    assert by_alias and [r["claim_id"] for r in by_alias] == [r["claim_id"] for r in by_name]
    assert {r["claimant"] for r in by_alias} == {"GPC England"}
    assert {r["action"] for r in by_alias} == {"ask"}  # NHS England's request, as GPC tells it
    assert rows(ds, "/timeline/who_said.json?actor=") == []


def test_claims_mentioning_a_term(ds):
    said = rows(ds, "/timeline/claims_mentioning.json?term=making%20this%20change")
    assert {r["claimant"] for r in said} == {"TPP"}
    assert rows(ds, "/timeline/claims_mentioning.json?term=") == []


def test_conflicting_claims_pairs_a_denial_with_a_claim(ds):
    pairs = rows(ds, "/timeline/conflicting_claims.json")
    assert any(p["denier"] == "TPP" and p["claimant"] == "GPC England" and "TPP" in p["about"]
               for p in pairs)
    assert all(p["denier"] != p["claimant"] for p in pairs)


def test_what_changed_lists_versions(ds):
    versions = rows(ds, "/timeline/what_changed.json?url=" + NEWS_URL)
    assert [(v["version"], v["is_latest"]) for v in versions] == [(1, 0), (2, 1)]
    assert versions[1]["paragraphs_added"] == 1 and "early July" in versions[1]["diff"]
    by_id = rows(ds, f"/timeline/what_changed.json?url={versions[0]['document_id']}")
    assert len(by_id) == 2


# -- the timeline page ---------------------------------------------------------------------------

def _event_ids(html: str) -> list[str]:
    return re.findall(r'data-event-id="([0-9a-f]+)"', html)


def test_timeline_page_groups_by_month_with_dates_in_words(ds):
    response = get(ds, "/-/timeline")
    assert response.status_code == 200
    html = response.text
    assert html.index("June 2024") < html.index("July 2024")
    assert "week-end of 29–30 June 2024" in html
    assert "early July 2024" in html
    assert 'dl-badge-deadline' in html and 'dl-badge-negated' in html
    assert 'dl-badge-conditional' in html
    dates = re.findall(r'data-date="([^"]*)"', html)
    assert dates == sorted(dates)
    assert "Example Supplier Bulletin" in html  # second source of the deduplicated event


def test_timeline_page_filters(ds):
    everything = _event_ids(get(ds, "/-/timeline").text)
    nhse = _event_ids(get(ds, "/-/timeline?actor=NHSE").text)
    assert 0 < len(nhse) < len(everything)
    deadlines = _event_ids(get(ds, "/-/timeline?role=deadline").text)
    assert set(deadlines) < set(everything)
    ranged = _event_ids(get(ds, "/-/timeline?from=2024-07-02&to=2024-07-31").text)
    expected = [r["event_id"] for r in rows(ds, "/timeline/timeline.json")
                if r["date_end"] >= "2024-07-02" and r["date_start"] <= "2024-07-31"]
    assert ranged and sorted(ranged) == sorted(expected) and len(ranged) < len(everything)
    searched = _event_ids(get(ds, "/-/timeline?q=weekend").text)
    assert len(searched) == 1
    typed = get(ds, "/-/timeline?action_type=request").text
    assert len(_event_ids(typed)) == 1
    bad = get(ds, "/-/timeline?from=yesterday")
    assert bad.status_code == 200 and "from must look like" in bad.text


def test_timeline_page_paginates(ds):
    first = get(ds, "/-/timeline?size=2").text
    second = get(ds, "/-/timeline?size=2&page=2").text
    assert len(_event_ids(first)) == 2 and 'rel="next"' in first
    assert not set(_event_ids(first)) & set(_event_ids(second))


def test_document_page_highlights_sentence_and_quote(ds):
    timeline = rows(ds, "/timeline/timeline.json?actor_id=tpp")
    event = timeline[0]
    html = get(ds, f"/-/timeline/document?id={event['document_id']}"
                   f"&event={event['event_id']}").text
    marked = "".join(re.findall(r'<mark class="evidence"[^>]*>(.*?)</mark>', html))
    assert re.sub(r"<[^>]+>", "", marked) == event["sentence"]
    assert '<span class="quote">not making this change</span>' in html
    assert get(ds, "/-/timeline/document?id=nope").status_code == 404


# -- security ------------------------------------------------------------------------------------

def test_security_headers_on_every_response(ds):
    for path in ("/-/timeline", "/timeline/timeline.json", "/timeline/events",
                 "/-/dateline/static/timeline.js"):
        headers = get(ds, path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_csp_allows_exactly_datasettes_own_inline_scripts(ds):
    import datasette

    menus = (Path(datasette.__file__).parent / "templates" / "_close_open_menus.html").read_text()
    body = re.search(r"<script>(.*?)</script>", menus, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in get(ds, "/").headers["content-security-policy"]


HOSTILE_MARKERS = ("<script>window.__xss", "onerror=\"", "onload=\"", "onmouseover=\"",
                   'href="javascript', "href='javascript", RLO)


@pytest.mark.parametrize("path", ["/-/timeline", "/-/timeline?actor=mallory",
                                  "/timeline/timeline", "/timeline/actors", "/timeline/documents",
                                  "/timeline/claims"])
def test_hostile_values_are_escaped_everywhere(ds, path):
    html = get(ds, path).text
    for marker in HOSTILE_MARKERS:
        assert marker not in html, (path, marker)


def test_hostile_document_page(ds):
    docs = rows(ds, "/timeline/documents.json?publisher__contains=Pub")
    assert docs and docs[0]["title"] == HOSTILE_TITLE
    events = rows(ds, f"/timeline/events.json?document_id={docs[0]['id']}")
    html = get(ds, f"/-/timeline/document?id={docs[0]['id']}&event={events[0]['id']}").text
    for marker in HOSTILE_MARKERS:
        assert marker not in html, marker
    assert "&lt;script&gt;" in html


def test_no_link_from_a_spoofed_url(ds):
    html = get(ds, "/-/timeline?actor=spoof-corp").text
    assert "good.example" not in html
    assert len(_event_ids(html)) == 1


# -- renderers ----------------------------------------------------------------------------------

def test_timelinejs_renderer_validates_against_schema(ds):
    response = get(ds, "/timeline/timeline.timelinejs?_size=max")
    assert response.status_code == 200
    data = response.json()
    Draft202012Validator(timelinejs_schema()).validate(data)
    slides = data["events"]
    assert len(slides) == len(rows(ds, "/timeline/timeline.json"))
    early = next(s for s in slides if s["display_date"] == "early July 2024")
    assert early["start_date"] == {"year": 2024, "month": 7}  # partial date
    few = get(ds, "/timeline/timeline.timelinejs?actor__in=NHS+England,TPP,GPC+England").json()
    assert {s["group"] for s in few["events"]} == {"NHS England", "TPP", "GPC England"}
    text = json.dumps(data)
    for marker in ("<script", "onerror=\\\"", 'href=\\"javascript', "\\u202e"):
        assert marker not in text, marker


def test_timelinejs_on_a_canned_query(ds):
    response = get(ds, "/timeline/actor_timeline.timelinejs?actor=NHSE")
    assert response.status_code == 200
    data = response.json()
    Draft202012Validator(timelinejs_schema()).validate(data)
    assert [s["group"] for s in data["events"]] == ["NHS England"]


def test_ics_renderer_all_day_deadlines(ds):
    response = get(ds, "/timeline/deadlines.ics?_size=max")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    starts = {e.decoded("dtstart") for e in events}
    assert dt.date(2024, 7, 29) in starts
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
    assert len(events) == len(rows(ds, "/timeline/deadlines.json"))


def test_ics_on_timeline_keeps_only_deadlines(ds):
    calendar = Calendar.from_ical(get(ds, "/timeline/timeline.ics?_size=max").content)
    assert len(list(calendar.walk("VEVENT"))) == len(rows(ds, "/timeline/deadlines.json"))


def test_renderer_links_offered_only_where_they_fit(ds):
    timeline_html = get(ds, "/timeline/timeline").text
    actors_html = get(ds, "/timeline/actors").text
    assert ".timelinejs" in timeline_html and ".ics" in timeline_html
    assert ".timelinejs" not in actors_html and ".ics" not in actors_html


@pytest.mark.parametrize("suffix", ["", "&_dl=1", "&_stream=on"])
def test_datasette_csv_is_neutralised(ds, suffix):
    import csv
    import io

    response = get(ds, f"/timeline/events.csv?_size=max{suffix}")
    assert response.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(response.text)) for c in row if c]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c[0] in "=+@" or (c[0] == "-" and not c[1:].isdigit())]


def test_public_settings_refuse_arbitrary_sql_but_answer_canned_queries(db_path, tmp_path):
    from pipeline.publish.serve import snapshot

    copy = snapshot(db_path, tmp_path / "timeline.db")
    public = compat.make_datasette(immutables=[copy], public=True)
    assert get(public, "/timeline.json?sql=select+1").status_code == 403
    assert get(public, "/timeline.db").status_code in (403, 404)
    assert rows(public, "/timeline/actor_timeline.json?actor=NHSE")
    assert get(public, "/-/timeline").status_code == 200


# -- views, FTS and upgrades in the store -------------------------------------------------------

def test_fts_follows_replaced_extractions(tmp_path):
    from test_publish_data import news_article

    from pipeline.store import Store

    store = Store(tmp_path / "t.db")
    builder = news_article()
    store.write(builder.document, builder.record)
    builder.record.events[1].content = "dismantle the widget"
    store.write(builder.document, builder.record, replace=True)

    def hits(word: str) -> int:
        return store.db.execute("select count(*) from events_fts where events_fts match ?",
                                [word]).fetchone()[0]

    assert hits("content:dismantle") == 1 and hits("content:feature") == 0
    store.close()


def test_old_databases_get_new_views_and_a_populated_fts(tmp_path):
    from test_publish_data import news_article

    from pipeline.store import Store
    from pipeline.store.views import ensure_views

    store = Store(tmp_path / "t.db", create_views=False)
    builder = news_article()
    store.write(builder.document, builder.record)
    store.db.execute("create view timeline as select id from events")
    store.close()

    reopened = Store(tmp_path / "t.db")
    columns = [r[1] for r in reopened.db.execute("pragma table_info(timeline)")]
    assert {"actor", "date_role", "document_count", "first_source"} <= set(columns)
    assert reopened.db.execute(
        "select count(*) from events_fts where events_fts match 'weekend'").fetchone()[0] == 1
    before = reopened.db.execute("select sql from sqlite_master where name = 'timeline'")
    ensure_views(reopened.db)  # idempotent: nothing re-created when nothing changed
    after = reopened.db.execute("select sql from sqlite_master where name = 'timeline'")
    assert before.fetchall() == after.fetchall()
    # A view that merely contains today's SQL (an older version with more after it) is replaced.
    from pipeline.store.views import VIEWS

    reopened.db.execute("drop view deadlines")
    reopened.db.execute("drop view timeline")
    reopened.db.execute(f"create view timeline as {VIEWS['timeline'].strip()} order by 1")
    ensure_views(reopened.db)
    sql = reopened.db.execute("select sql from sqlite_master where name = 'timeline'").fetchone()
    assert not sql[0].rstrip().endswith("order by 1")
    reopened.close()


def test_page_export_links_give_the_same_events(ds):
    import html as html_lib

    page = get(ds, "/-/timeline?actor=NHSE").text
    link = re.search(r'<a href="([^"]+\.timelinejs[^"]*)">TimelineJS data</a>', page).group(1)
    data = get(ds, html_lib.unescape(link)).json()
    assert [s["unique_id"] for s in data["events"]] == ["e" + i for i in _event_ids(page)]
    ics = re.search(r'<a href="([^"]+\.ics[^"]*)"', page).group(1)
    assert get(ds, html_lib.unescape(ics)).status_code == 200


def test_conflicting_claims_skip_a_denial_and_its_report_in_one_sentence(tmp_path):
    from test_publish_data import Builder

    from pipeline.link import link_documents
    from pipeline.store import Store

    b = Builder(["The union said the ministry did not want a veto.",
                 "The council said the ministry had asked for a veto."],
                title="Veto row", publisher="Example Wire", url="https://wire.example.org/veto",
                published="2024-05-02", kind="news", source="veto.txt")
    for actor_id, name in (("union", "Harbour Union"), ("ministry", "Ministry of Ports"),
                           ("council", "Harbour Council")):
        b.actor(actor_id, name=name, kind="organisation", aliases=[])
    b.event("did not want a veto", "ministry", "want", "statement", "a veto", negated=True)
    b.event("The union said", "union", "say", "statement", "the ministry did not want a veto",
            targets=["ministry"])
    b.event("The council said", "council", "say", "statement",
            "the ministry had asked for a veto", targets=["ministry"])
    store = Store(tmp_path / "veto.db")
    try:
        store.write(b.document, b.record)
        link_documents(store.db)
        pairs = list(store.db.query(CANNED_QUERIES["conflicting_claims"]["sql"]))
    finally:
        store.close()
    # The council's claim disagrees with the ministry's denial; the union's sentence that
    # carries the denial is the same account, not a second source.
    assert [(p["denier"], p["claimant"]) for p in pairs] == [
        ("Ministry of Ports", "Harbour Council")]

"""The plugin's own pages: `/-/timeline`, its document page, its visual (TimelineJS) page and
its exports. Handlers only gather rows (SQL from `queries`) and hand them to pure helpers
(`formats`, `text`) and the templates; `plugin` registers them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from pipeline.publish import compat, formats
from pipeline.publish.queries import (
    TimelineFilter,
    actor_options_sql,
    folded_ids_sql,
    sources_sql,
    speakers_sql,
    timeline_count_sql,
    timeline_items_sql,
    timeline_rows_sql,
    timeline_sql,
)
from pipeline.publish.text import (
    clean_text,
    group_label,
    highlight_segments,
    month_label,
    safe_url,
    subject_phrase,
    url_label,
)

__all__ = ["timeline_page", "document_page", "visual_page", "export_page", "STATIC_DIR",
           "STATIC_PREFIX", "TEMPLATES_DIR", "EXPORT_FORMATS"]

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
STATIC_PREFIX = "/-/dateline/static/"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# An export is the filtered timeline, not a page of it; this bounds one response.
MAX_EXPORT_ROWS = 20000
ROLES = ("occurred", "deadline", "planned", "reported")
EXPORT_FORMATS = ("csv", "json", "ics", "timelinejs")
# The query-string names of the filters, as the page's form and every export link use them.
FILTER_ARGS = (("actor", "actor"), ("action_type", "action_type"), ("role", "role"),
               ("from", "date_from"), ("to", "date_to"), ("q", "q"))


def _static_url(datasette: Any) -> Callable[[str], str]:
    return lambda name: datasette.urls.path(STATIC_PREFIX + name)


_TEMPLATE_CACHE: dict[str, Any] = {}


def _template(datasette: Any, name: str) -> Any:
    """Our template, compiled in Datasette's Jinja environment so it can extend base.html.
    (Datasette only finds a plugin's templates/ for package plugins; this module is not one.)"""
    key = f"{id(compat.jinja_env(datasette))}:{name}"
    if key not in _TEMPLATE_CACHE:
        source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
        template = compat.jinja_env(datasette).from_string(source)
        template.name = name
        _TEMPLATE_CACHE[key] = template
    return _TEMPLATE_CACHE[key]


async def _render(datasette: Any, request: Any, name: str, context: dict[str, Any]) -> Response:
    context = {**context, "static_url": _static_url(datasette),
               "metadata": await compat.instance_metadata(datasette)}
    html = await datasette.render_template(_template(datasette, name), context, request=request,
                                           view_name=name.removesuffix(".html"))
    return Response.html(html)


async def _timeline_database(datasette: Any, request: Any) -> Any | None:
    """The database to show: `?db=`, else the configured one (`plugins.dateline.database`),
    else the first one with a `timeline` view."""
    configured = (datasette.plugin_config("dateline") or {}).get("database")
    wanted = request.args.get("db") or (configured if configured in datasette.databases
                                        else None)
    for name, db in datasette.databases.items():
        if name == "_internal" or (wanted and name != wanted):
            continue
        if "timeline" in await db.view_names():
            return db
    return None


async def _open(datasette: Any, request: Any) -> Any:
    """The timeline database, after the permission check; a 404 Response when there is none."""
    db = await _timeline_database(datasette, request)
    if db is None:
        return Response.html("<h1>Not found</h1><p>No database here has a timeline view.</p>",
                             status=404)
    await compat.ensure_can_view(datasette, request.actor, db.name, "timeline")
    return db


def _document_href(datasette: Any, database: str, document_id: str, event_id: str | None) -> str:
    query = {"db": database, "id": document_id}
    if event_id:
        query["event"] = event_id
    return datasette.urls.path("/-/timeline/document?" + urlencode(query)) + "#evidence"


def _filter(request: Any, **paging: Any) -> TimelineFilter:
    return TimelineFilter(**{field: request.args.get(arg, "") for arg, field in FILTER_ARGS},
                          **paging)


def _filter_args(flt: TimelineFilter, db_arg: str) -> dict[str, str]:
    """The query string that reproduces a filter (invalid dates already dropped)."""
    args = {"db": db_arg} if db_arg else {}
    args.update({arg: getattr(flt, field) for arg, field in FILTER_ARGS if getattr(flt, field)})
    return args


def _according_to(row: dict[str, Any], speakers: list[str], shown_as: str) -> str:
    """Who the event is reported by, when that is not who it is shown as being about: the
    resolved claimant, else the attribution's speaker as written."""
    actor = shown_as.casefold()
    candidates = [] if row.get("attributed_to_id") and row.get("attributed_to_id") == row.get(
        "actor_id") else [row.get("attributed_to")]
    for name in [*candidates, *speakers]:
        name = clean_text(name).strip()
        if name and name.casefold() != actor:
            return name
    return ""


def _reported_by(sources: list[dict[str, Any]], shown: int = 2) -> str:
    """'Pulse, Practice Systems Weekly (+2)': the outlets of a story event, oldest first."""
    outlets = list(dict.fromkeys(s["publisher"] or s["title"] for s in sources))
    if len(outlets) < 2:
        return ""
    extra = len(outlets) - shown
    return ", ".join(outlets[:shown]) + (f" (+{extra})" if extra > 0 else "")


def _event_view(datasette: Any, database: str, row: dict[str, Any],
                sources: list[dict[str, Any]], speakers: list[str]) -> dict[str, Any]:
    """What the templates show for one event: cleaned text, links already vetted."""
    shown_sources = []
    for source in sources:
        url = safe_url(source.get("url"))
        shown_sources.append({
            "title": clean_text(source.get("title") or source.get("publisher") or "Document"),
            "publisher": clean_text(source.get("publisher")),
            "published": clean_text((source.get("published") or "")[:10]),
            "href": _document_href(datasette, database, source["document_id"],
                                   source.get("event_row_id")),
            "url": url, "url_label": url_label(url) if url else "",
        })
    actor = clean_text(row.get("actor"))
    shown_as = actor or subject_phrase(row)
    return {
        "event_id": clean_text(row.get("event_id") or row.get("id")),
        "date_start": clean_text(row.get("date_start")),
        "date_value": clean_text(row.get("date_value")),
        "date_words": formats.date_words(row),
        "date_text": clean_text(row.get("date_text")),
        # No invented "Someone": the subject phrase stands in, shown as not a resolved actor.
        "actor": shown_as, "is_subject": not actor,
        "action": clean_text(row.get("action")),
        "action_type": clean_text(row.get("action_type")),
        "targets": clean_text(row.get("targets")),
        "content": clean_text(row.get("content")),
        "sentence": clean_text(row.get("sentence") or row.get("sentence_text")),
        "according_to": _according_to(row, speakers, shown_as),
        "role": row.get("role"),
        "negated": bool(row.get("negated")),
        "badges": formats.event_badges(row),
        "sources": shown_sources,
        "reported_by": _reported_by(shown_sources),
        "date_spread": clean_text(row.get("date_spread")),
        "document_href": _document_href(datasette, database, row["document_id"],
                                        row.get("event_id") or row.get("id")),
    }


def _page_args(request: Any) -> tuple[int, int]:
    try:
        size = int(request.args.get("size") or PAGE_SIZE)
    except ValueError:
        size = PAGE_SIZE
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        page = 1
    return max(1, min(size, MAX_PAGE_SIZE)), max(1, page)


def _in_clause_chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


async def _speakers(db: Any, event_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _in_clause_chunks(event_ids):
        sql, params = speakers_sql(chunk)
        for row in (await db.execute(sql, params)).rows:
            found.setdefault(row["event_id"], []).append(row["speaker"])
    return found


async def _timeline_rows(db: Any, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for chunk in _in_clause_chunks(event_ids):
        sql, params = timeline_rows_sql(chunk)
        rows.update({r["event_id"]: dict(r) for r in (await db.execute(sql, params)).rows})
    return rows


async def _sources(db: Any, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    sources: dict[str, list[dict[str, Any]]] = {}
    if not event_ids:
        return sources
    sql, params = sources_sql(event_ids)
    for source in (await db.execute(sql, params)).rows:
        listed = sources.setdefault(source["cluster_id"], [])
        if all(s["document_id"] != source["document_id"] for s in listed):
            listed.append(dict(source))
    return sources


async def _folded_groups(datasette: Any, db: Any, flt: TimelineFilter, document_ids: list[str]
                         ) -> dict[str, dict[str, Any]]:
    """Each document's folded statements (matching the filter), with its title and link."""
    if not document_ids:
        return {}
    sql, params = folded_ids_sql(flt, document_ids)
    ids_by_doc: dict[str, list[str]] = {}
    for row in (await db.execute(sql, params)).rows:
        ids_by_doc.setdefault(row[0], []).append(row[1])
    all_ids = [i for ids in ids_by_doc.values() for i in ids]
    rows = await _timeline_rows(db, all_ids)
    speakers = await _speakers(db, all_ids)
    names = {f"d{i}": d for i, d in enumerate(document_ids)}
    docs = {r["id"]: dict(r) for r in (await db.execute(
        "select id, title, publisher, published from documents where id in ("
        + ", ".join(":" + n for n in names) + ")", names)).rows}
    groups = {}
    for document_id, ids in ids_by_doc.items():
        doc = docs.get(document_id, {})
        events = [_event_view(datasette, db.name, rows[i], [], speakers.get(i, []))
                  for i in ids if i in rows]
        groups[document_id] = {
            "kind": "document", "events": events,
            "title": clean_text(doc.get("title") or doc.get("publisher") or "Untitled document"),
            "publisher": clean_text(doc.get("publisher")),
            "published": clean_text((doc.get("published") or "")[:10]),
            "href": _document_href(datasette, db.name, document_id, None).removesuffix(
                "#evidence"),
            "date_start": min((rows[i]["date_start"] or "" for i in ids if i in rows),
                              default=""),
        }
    return groups


async def timeline_page(datasette: Any, request: Any) -> Response:
    db = await _open(datasette, request)
    if isinstance(db, Response):
        return db
    size, page = _page_args(request)
    flt = _filter(request, limit=size, offset=(page - 1) * size)
    # Undated statements fold under their document unless the reader asked for a role, an
    # actor or words: then the statements are what they came for.
    fold = not (flt.role or flt.actor or flt.q)
    items_sql, items_params = timeline_items_sql(flt, fold_reported=fold)
    items = [(r[0], r[1]) for r in (await db.execute(items_sql, items_params)).rows]
    unpaged = TimelineFilter(**{f: getattr(flt, f) for _, f in FILTER_ARGS})
    count_sql, count_params = timeline_items_sql(unpaged, fold_reported=fold)
    item_total = (await db.execute(f"select count(*) from ({count_sql})", count_params)).first()[0]
    event_ids = [item for kind, item in items if kind == "event"]
    rows = await _timeline_rows(db, event_ids)
    sources = await _sources(db, list(rows))
    speakers = await _speakers(db, list(rows))
    groups = await _folded_groups(datasette, db, flt,
                                  [item for kind, item in items if kind == "document"])

    months: list[dict[str, Any]] = []
    folded_count = 0
    # "+N more" only beside cards from the same article; alone, the fold holds all it shows.
    carded = {row.get("document_id") for row in rows.values()} | {
        source["document_id"] for listed in sources.values() for source in listed}
    for kind, item in items:
        if kind == "event":
            if item not in rows:
                continue
            row = rows[item]
            label = group_label(row)
            entry = {"kind": "event", **_event_view(datasette, db.name, row,
                                                    sources.get(item, []),
                                                    speakers.get(item, []))}
        else:
            if item not in groups:
                continue
            entry = {**groups[item], "beside_cards": item in carded}
            folded_count += len(entry["events"])
            label = month_label(entry["date_start"][:7])
        if not months or months[-1]["label"] != label:
            months.append({"label": label, "events": []})
        months[-1]["events"].append(entry)

    total_sql, total_params = timeline_count_sql(unpaged)
    total = (await db.execute(total_sql, total_params)).first()[0]
    actor_rows = (await db.execute(actor_options_sql())).rows
    action_types = [r[0] for r in (await db.execute(
        "select distinct action_type from events where action_type is not null"
        " order by action_type")).rows]

    db_arg = request.args.get("db", "")
    base_args = _filter_args(flt, db_arg)
    if size != PAGE_SIZE:
        base_args["size"] = str(size)
    page_path = datasette.urls.path("/-/timeline")
    pages = max(1, math.ceil(item_total / size))

    def page_url(number: int) -> str:
        return page_path + "?" + urlencode({**base_args, "page": number})

    return await _render(datasette, request, "dateline_timeline.html", {
        "page_title": clean_text(await compat.instance_metadata(datasette, "title") or db.name),
        "page_path": page_path, "db_arg": db_arg,
        "raw_dates": {arg: request.args.get(arg, "") for arg in ("from", "to")}, "flt": flt,
        "months": months, "total": total, "folded_count": folded_count,
        "fold": fold, "items_shown": len(items), "item_total": item_total,
        "offset": flt.offset,
        "actor_options": [{"name": clean_text(r["name"]), "events": r["events"]}
                          for r in actor_rows],
        "action_types": action_types, "roles": ROLES,
        "filtered": any(k != "db" for k in base_args),
        "reset_url": page_path + ("?" + urlencode({"db": db_arg}) if db_arg else ""),
        "prev_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < pages else None,
        "export_links": export_links(datasette, db.name, flt, db_arg),
    })


def export_links(datasette: Any, database: str, flt: TimelineFilter, db_arg: str
                 ) -> dict[str, str]:
    """Links that give the page's events (every filter kept) in each format."""
    args = _filter_args(flt, db_arg)
    base = datasette.urls.path("/-/timeline/export.")
    links = {fmt: base + fmt + ("?" + urlencode(args) if args else "")
             for fmt in ("csv", "json", "timelinejs")}
    if flt.role in ("", "deadline"):
        # A calendar holds deadlines: the .ics link is the page's deadlines.
        links["ics"] = base + "ics?" + urlencode({**args, "role": "deadline"})
    links["visual"] = datasette.urls.path("/-/timeline/visual") + (
        "?" + urlencode(args) if args else "")
    table_args = {k: v for k, v in [("action_type", flt.action_type), ("role", flt.role),
                                    ("_search", flt.q)] if v}
    table_path = datasette.urls.table(database, "timeline")
    if flt.actor:
        # The actor_timeline query matches aliases and targets, as the page's filter does.
        table_path = datasette.urls.table(database, "actor_timeline")
        table_args = {"actor": flt.actor}
    links["table"] = table_path + ("?" + urlencode(table_args) if table_args else "")
    return links


async def export_page(datasette: Any, request: Any) -> Response:
    """`/-/timeline/export.{csv,json,ics,timelinejs}` with the page's filters."""
    db = await _open(datasette, request)
    if isinstance(db, Response):
        return db
    fmt = request.url_vars["format"]
    flt = _filter(request, limit=MAX_EXPORT_ROWS)
    if fmt == "ics" and not flt.role:
        flt.role = "deadline"
    sql, params = timeline_sql(flt)
    rows = [dict(r) for r in (await db.execute(sql, params)).rows]
    title = clean_text(await compat.instance_metadata(datasette, "title") or "Dateline")
    headers = {"x-dateline-filter-errors": str(len(flt.errors))} if flt.errors else {}
    if fmt == "csv":
        return Response(formats.to_csv(rows), content_type="text/csv; charset=utf-8",
                        headers={**headers,
                                 "content-disposition": 'attachment; filename="timeline.csv"'})
    if fmt == "json":
        return Response.json(rows, headers=headers)
    if fmt == "ics":
        body = formats.to_ics(rows, calendar_name=f"{title} deadlines")
        return Response(body.decode("utf-8"), content_type="text/calendar; charset=utf-8",
                        headers={**headers,
                                 "content-disposition": 'attachment; filename="deadlines.ics"'})
    return Response.json(formats.to_timelinejs(rows, title=f"{title}: timeline"),
                         headers=headers)


async def visual_page(datasette: Any, request: Any) -> Response:
    """The filtered timeline drawn by TimelineJS (vendored under static/timelinejs)."""
    db = await _open(datasette, request)
    if isinstance(db, Response):
        return db
    flt = _filter(request)
    db_arg = request.args.get("db", "")
    links = export_links(datasette, db.name, flt, db_arg)
    return await _render(datasette, request, "dateline_visual.html", {
        "page_title": clean_text(await compat.instance_metadata(datasette, "title") or db.name),
        "flt": flt,
        "data_url": links["timelinejs"],
        "script_path": datasette.urls.path(STATIC_PREFIX + "timelinejs/js/"),
        "timeline_href": datasette.urls.path("/-/timeline") + (
            "?" + urlencode(_filter_args(flt, db_arg)) if _filter_args(flt, db_arg) else ""),
    })


_EVENT_SQL = (
    "select e.*, e.id as event_id, a.name as actor, tm.mod as date_mod, tm.text as date_text,"
    " e.date_precision as precision, e.date_role as role, attr.name as attributed_name,"
    " e.attributed_to as attributed_to_id, e.sentence_text as sentence,"
    " (select group_concat(ta.name, '; ') from event_targets t join actors ta"
    "   on ta.id = t.actor_id where t.event_id = e.id) as targets"
    " from events e left join actors a on a.id = e.actor_id"
    " left join actors attr on attr.id = e.attributed_to"
    " left join timexes tm on tm.id = e.timex_id")


async def document_page(datasette: Any, request: Any) -> Response:
    db = await _open(datasette, request)
    if isinstance(db, Response):
        return db
    document_id = request.args.get("id", "")
    event_id = request.args.get("event", "")
    doc_rows = (await db.execute(
        "select id, title, publisher, url, published, kind, version, is_latest, text"
        " from documents where id = :id", {"id": document_id})).rows
    if not doc_rows:
        return Response.html("<h1>Not found</h1><p>No such document.</p>", status=404)
    doc = dict(doc_rows[0])
    all_events = [dict(r) for r in (await db.execute(
        _EVENT_SQL + " where e.document_id = :doc order by e.sentence_start, e.id limit 500",
        {"doc": document_id})).rows]
    for row in all_events:
        # The same names as the timeline view's columns (events.attributed_to is an id).
        row["attributed_to"] = row.pop("attributed_name")
    speakers = await _speakers(db, [e["id"] for e in all_events])
    event = None
    if event_id:
        matching = [e for e in all_events if e["id"] == event_id] or [
            e for e in all_events if e.get("cluster_id") == event_id]
        event = matching[0] if matching else None
    marks = {}
    if event:
        marks = {"sentence": (event.get("sentence_start"), event.get("sentence_end")),
                 "quote": (event.get("quote_start"), event.get("quote_end"))}
    others = []
    for other in all_events:
        view = _event_view(datasette, db.name, other, [], speakers.get(other["id"], []))
        view["href"] = view["document_href"]
        view["current"] = bool(event) and other["id"] == event["id"]
        others.append(view)
    url = safe_url(doc.get("url"))
    event_view = None
    if event:
        event_view = _event_view(datasette, db.name, event, [], speakers.get(event["id"], []))
        event_view["quote"] = clean_text(event.get("quote_text"))
    return await _render(datasette, request, "dateline_document.html", {
        "doc": {
            "title": clean_text(doc.get("title")), "publisher": clean_text(doc.get("publisher")),
            "published": clean_text(doc.get("published")), "kind": clean_text(doc.get("kind")),
            "version": doc.get("version"), "is_latest": doc.get("is_latest") in (1, None),
            "url": url, "url_label": url_label(url) if url else "",
        },
        "event": event_view, "event_missing": bool(event_id) and not event,
        "paragraphs": highlight_segments(doc.get("text") or "", marks),
        "other_events": others,
        "timeline_href": datasette.urls.path("/-/timeline"),
        "row_href": datasette.urls.row(db.name, "documents", document_id),
    })


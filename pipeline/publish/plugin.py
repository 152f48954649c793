"""The Dateline Datasette plugin (entry point `dateline` in the `datasette` group).

Hooks only gather data and hand it to pure helpers (`queries`, `formats`, `text`):
- `/-/timeline`: a vertical timeline grouped by month, with filters;
- `/-/timeline/document`: a document with an event's evidence sentence highlighted;
- `.timelinejs` and `.ics` output renderers on the timeline, deadlines and their queries;
- security headers on every response, and invisible characters defused in every cell.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import Response, asgi_static

from pipeline.publish import formats
from pipeline.publish.queries import (
    TimelineFilter,
    actor_options_sql,
    sources_sql,
    timeline_count_sql,
    timeline_page_ids_sql,
    timeline_rows_sql,
)
from pipeline.publish.text import (
    clean_text,
    group_label,
    has_invisible,
    highlight_segments,
    neutralise_csv,
    safe_url,
    url_label,
)

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
STATIC_PREFIX = "/-/dateline/static/"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
ROLES = ("occurred", "deadline", "planned", "reported")


# -- security headers ---------------------------------------------------------------------------

def _datasette_inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts Datasette's own templates contain.

    Allowing exactly these (rather than 'unsafe-inline') keeps Datasette's pages working while
    any script injected through data would still be refused by the browser.
    """
    import datasette

    templates = Path(datasette.__file__).parent / "templates"
    # Template variables that appear inside Datasette's inline scripts, and their values.
    variants = {"{{ datasette_allow_facet }}": ["true", "false"]}
    bodies: set[str] = set()
    for path in sorted(templates.glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", path.read_text("utf-8"), re.S):
            expanded = [body]
            for placeholder, values in variants.items():
                if placeholder in body:
                    expanded = [b.replace(placeholder, v) for b in expanded for v in values]
            bodies.update(b for b in expanded if "{{" not in b and "{%" not in b)
    return sorted("'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()
                  + "'" for b in bodies)


_CSP: str | None = None


def content_security_policy() -> str:
    global _CSP
    if _CSP is None:
        scripts = " ".join(["'self'", *_datasette_inline_script_hashes()])
        _CSP = "; ".join([
            "default-src 'self'",
            f"script-src {scripts}",
            # Datasette's pages use style attributes; styles cannot run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ])
    return _CSP


def security_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy().encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]


_OUR_HEADERS = {name for name, _ in security_headers()}


# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) as UTF-8 bytes. An HTML
# page never needs them raw (markup has `dir` and <bdi>); left in data they can reverse how a
# link or a facet label reads, so every HTML response drops them, whichever view made it.
_BIDI_BYTES = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def strip_bidi_controls(body: bytes) -> bytes:
    return _BIDI_BYTES.sub(b"", body)


def _content_type(headers: list[tuple[bytes, bytes]]) -> bytes:
    for key, value in headers:
        if key.lower() == b"content-type":
            return value.lower()
    return b""


def _rewriter(scope: dict, headers: list[tuple[bytes, bytes]]) -> Callable[[bytes], bytes] | None:
    """How a response body must be rewritten before it leaves, if at all."""
    content_type = _content_type(headers)
    if content_type.startswith(b"text/html"):
        return strip_bidi_controls
    # Datasette's .csv (text/plain, or text/csv with _dl): cells must not become formulas.
    if scope.get("path", "").endswith(".csv") and content_type.startswith(
            (b"text/csv", b"text/plain")):
        return neutralise_csv
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable:
    def wrap(app: Callable) -> Callable:
        async def with_headers(scope: dict, receive: Callable, send: Callable) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            held: dict[str, Any] = {}

            async def send_with_headers(message: dict) -> None:
                if message.get("type") == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers") or []
                               if k.lower() not in _OUR_HEADERS]
                    message = {**message, "headers": headers + security_headers()}
                    rewrite = _rewriter(scope, headers)
                    if rewrite is not None:
                        # Hold the start until the whole body is known: its length changes.
                        held.update(start=message, body=[], rewrite=rewrite)
                        return
                elif message.get("type") == "http.response.body" and "start" in held:
                    held["body"].append(message.get("body", b""))
                    if message.get("more_body"):
                        return
                    body = held["rewrite"](b"".join(held["body"]))
                    start = held.pop("start")
                    start["headers"] = [(k, v) for k, v in start["headers"]
                                        if k.lower() != b"content-length"]
                    start["headers"].append((b"content-length", str(len(body)).encode()))
                    await send(start)
                    message = {"type": "http.response.body", "body": body}
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str,
                datasette: Any, row: Any) -> Any:
    """Cells are escaped by Datasette already; here a value hiding bidi or control characters
    is shown without them (and never linkified), and timeline sentences link to the evidence."""
    if isinstance(value, str) and has_invisible(value):
        return markupsafe.Markup(
            '<span class="dl-invisible" title="invisible characters removed">{}</span>'
        ).format(clean_text(value))
    if table in ("timeline", "deadlines") and column == "sentence" and value:
        try:
            document_id, event_id = row["document_id"], row["event_id"]
        except (KeyError, IndexError, TypeError):
            return None
        href = datasette.urls.path("/-/timeline/document?" + urlencode(
            {"db": database, "id": document_id, "event": event_id}))
        return markupsafe.Markup('<a href="{}">{}</a>').format(href, value)
    return None


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/timeline"), "label": "Timeline"}]


# -- pages ---------------------------------------------------------------------------------------

def _static_url(datasette: Any) -> Callable[[str], str]:
    return lambda name: datasette.urls.path(STATIC_PREFIX + name)


_TEMPLATE_CACHE: dict[str, Any] = {}


def _template(datasette: Any, name: str) -> Any:
    """Our template, compiled in Datasette's Jinja environment so it can extend base.html.
    (Datasette only finds a plugin's templates/ for package plugins; this module is not one.)"""
    key = f"{id(datasette.jinja_env)}:{name}"
    if key not in _TEMPLATE_CACHE:
        source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
        template = datasette.jinja_env.from_string(source)
        template.name = name
        _TEMPLATE_CACHE[key] = template
    return _TEMPLATE_CACHE[key]


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


async def _check_view(datasette: Any, request: Any, database: str) -> None:
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "timeline")), ("view-database", database), "view-instance"])


def _not_found(message: str) -> Response:
    return Response.html(f"<h1>Not found</h1><p>{markupsafe.escape(message)}</p>", status=404)


def _document_href(datasette: Any, database: str, document_id: str, event_id: str | None) -> str:
    query = {"db": database, "id": document_id}
    if event_id:
        query["event"] = event_id
    return datasette.urls.path("/-/timeline/document?" + urlencode(query)) + "#evidence"


def _reported_by(sources: list[dict[str, Any]], shown: int = 2) -> str:
    """'Pulse, Practice Systems Weekly (+2)': the outlets of a story event, oldest first."""
    outlets = list(dict.fromkeys(s["publisher"] or s["title"] for s in sources))
    if len(outlets) < 2:
        return ""
    extra = len(outlets) - shown
    return ", ".join(outlets[:shown]) + (f" (+{extra})" if extra > 0 else "")


def _event_view(datasette: Any, database: str, row: dict[str, Any],
                sources: list[dict[str, Any]]) -> dict[str, Any]:
    """What the template shows for one event: cleaned text, links already vetted."""
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
    return {
        "event_id": clean_text(row.get("event_id")),
        "date_start": clean_text(row.get("date_start")),
        "date_value": clean_text(row.get("date_value")),
        "date_words": formats.date_words(row),
        "actor": clean_text(row.get("actor")) or "Someone",
        "action": clean_text(row.get("action")),
        "action_type": clean_text(row.get("action_type")),
        "targets": clean_text(row.get("targets")),
        "content": clean_text(row.get("content")),
        "sentence": clean_text(row.get("sentence")),
        # "according to" only when someone else makes the claim.
        "attributed_to": clean_text(row.get("attributed_to"))
        if row.get("attributed_to_id") != row.get("actor_id") else "",
        "role": row.get("role"),
        "negated": bool(row.get("negated")),
        "badges": formats.event_badges(row),
        "sources": shown_sources,
        "reported_by": _reported_by(shown_sources),
        "date_spread": clean_text(row.get("date_spread")),
        "document_href": _document_href(datasette, database, row["document_id"],
                                        row.get("event_id")),
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


async def timeline_page(datasette: Any, request: Any) -> Response:
    db = await _timeline_database(datasette, request)
    if db is None:
        return _not_found("No database here has a timeline view.")
    await _check_view(datasette, request, db.name)
    size, page = _page_args(request)
    flt = TimelineFilter(
        actor=request.args.get("actor", ""), action_type=request.args.get("action_type", ""),
        role=request.args.get("role", ""), date_from=request.args.get("from", ""),
        date_to=request.args.get("to", ""), q=request.args.get("q", ""),
        limit=size, offset=(page - 1) * size)
    # Page the cheap base tables first, then read the view's full rows for that page only.
    ids_sql, ids_params = timeline_page_ids_sql(flt)
    page_ids = [r[0] for r in (await db.execute(ids_sql, ids_params)).rows]
    rows = []
    if page_ids:
        rows_sql, rows_params = timeline_rows_sql(page_ids)
        by_id = {r["event_id"]: dict(r) for r in (await db.execute(rows_sql, rows_params)).rows}
        rows = [by_id[i] for i in page_ids if i in by_id]
    count_sql, count_params = timeline_count_sql(flt)
    total = (await db.execute(count_sql, count_params)).first()[0]

    sources: dict[str, list[dict[str, Any]]] = {}
    if rows:
        src_sql, src_params = sources_sql([r["event_id"] for r in rows])
        for source in (await db.execute(src_sql, src_params)).rows:
            source = dict(source)
            sources.setdefault(source["cluster_id"], [])
            if all(s["document_id"] != source["document_id"]
                   for s in sources[source["cluster_id"]]):
                sources[source["cluster_id"]].append(source)

    months: list[dict[str, Any]] = []
    for row in rows:
        label = group_label(row)
        if not months or months[-1]["label"] != label:
            months.append({"label": label, "events": []})
        months[-1]["events"].append(
            _event_view(datasette, db.name, row, sources.get(row["event_id"], [])))

    actor_rows = (await db.execute(actor_options_sql())).rows
    actor_options = [{"name": clean_text(r["name"]), "events": r["events"]} for r in actor_rows]
    action_types = [r[0] for r in (await db.execute(
        "select distinct action_type from events where action_type is not null"
        " order by action_type")).rows]

    base_args = {k: v for k, v in [("db", request.args.get("db", "")), ("actor", flt.actor),
                                   ("action_type", flt.action_type), ("role", flt.role),
                                   ("from", flt.date_from), ("to", flt.date_to), ("q", flt.q)]
                 if v}
    if size != PAGE_SIZE:
        base_args["size"] = str(size)
    page_path = datasette.urls.path("/-/timeline")
    pages = max(1, math.ceil(total / size))

    def page_url(number: int) -> str:
        return page_path + "?" + urlencode({**base_args, "page": number})

    table_args = {k: v for k, v in [("action_type", flt.action_type), ("role", flt.role),
                                    ("_search", flt.q)] if v}
    table_path = datasette.urls.table(db.name, "timeline")
    if flt.actor:
        # The actor_timeline query matches aliases and targets, as this page's filter does.
        table_path = datasette.urls.table(db.name, "actor_timeline")
        table_args = {"actor": flt.actor}
    deadline_path = datasette.urls.table(db.name, "deadlines")
    export_links = {
        "timelinejs": table_path + ".timelinejs?" + urlencode({**table_args, "_size": "max"}),
        "ics": deadline_path + ".ics?_size=max",
        "table": table_path + ("?" + urlencode(table_args) if table_args else ""),
    }
    context = {
        "page_title": clean_text(datasette.metadata("title") or db.name),
        "page_path": page_path, "db_arg": request.args.get("db", ""),
        "flt": flt, "months": months, "total": total, "events_shown": len(rows),
        "offset": flt.offset, "actor_options": actor_options, "action_types": action_types,
        "roles": ROLES, "filtered": any(k != "db" for k in base_args),
        "reset_url": page_path + ("?" + urlencode({"db": base_args["db"]})
                                  if "db" in base_args else ""),
        "prev_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < pages else None,
        "export_links": export_links, "static_url": _static_url(datasette),
        "metadata": datasette.metadata(),
    }
    html = await datasette.render_template(
        _template(datasette, "dateline_timeline.html"), context, request=request,
        view_name="dateline_timeline")
    return Response.html(html)


async def document_page(datasette: Any, request: Any) -> Response:
    db = await _timeline_database(datasette, request)
    if db is None:
        return _not_found("No database here has a timeline view.")
    await _check_view(datasette, request, db.name)
    document_id = request.args.get("id", "")
    event_id = request.args.get("event", "")
    doc_rows = (await db.execute(
        "select id, title, publisher, url, published, kind, version, is_latest, text"
        " from documents where id = :id", {"id": document_id})).rows
    if not doc_rows:
        return _not_found("No such document.")
    doc = dict(doc_rows[0])
    event = None
    if event_id:
        found = (await db.execute(
            "select e.*, a.name as actor, tm.mod as date_mod, tm.text as date_text,"
            " e.date_precision as precision, e.date_role as role,"
            " (select group_concat(ta.name, '; ') from event_targets t join actors ta"
            "   on ta.id = t.actor_id where t.event_id = e.id) as targets"
            " from events e left join actors a on a.id = e.actor_id"
            " left join timexes tm on tm.id = e.timex_id"
            " where e.document_id = :doc and (e.id = :event or e.cluster_id = :event)"
            " order by e.id = :event desc limit 1",
            {"doc": document_id, "event": event_id})).rows
        event = dict(found[0]) if found else None
    marks = {}
    if event:
        marks = {"sentence": (event.get("sentence_start"), event.get("sentence_end")),
                 "quote": (event.get("quote_start"), event.get("quote_end"))}
    paragraphs = highlight_segments(doc.get("text") or "", marks)
    others = []
    for other in (await db.execute(
            "select e.id, e.action, e.date_value, e.date_start, e.date_end,"
            " e.date_precision as precision, e.date_role as role, a.name as actor,"
            " tm.mod as date_mod"
            " from events e left join actors a on a.id = e.actor_id"
            " left join timexes tm on tm.id = e.timex_id"
            " where e.document_id = :doc order by e.sentence_start, e.id limit 500",
            {"doc": document_id})).rows:
        other = dict(other)
        others.append({
            "actor": clean_text(other["actor"]) or "Someone",
            "action": clean_text(other["action"]),
            "date_words": formats.date_words(other),
            "href": _document_href(datasette, db.name, document_id, other["id"]),
            "current": bool(event) and other["id"] == event["id"],
        })
    url = safe_url(doc.get("url"))
    event_view = None
    if event:
        event_view = {
            "actor": clean_text(event.get("actor")) or "Someone",
            "action": clean_text(event.get("action")),
            "targets": clean_text(event.get("targets")),
            "content": clean_text(event.get("content")),
            "negated": bool(event.get("negated")), "badges": formats.event_badges(event),
            "date_words": formats.date_words(event),
            "date_text": clean_text(event.get("date_text")),
        }
    context = {
        "doc": {
            "title": clean_text(doc.get("title")), "publisher": clean_text(doc.get("publisher")),
            "published": clean_text(doc.get("published")), "kind": clean_text(doc.get("kind")),
            "version": doc.get("version"), "is_latest": doc.get("is_latest") in (1, None),
            "url": url, "url_label": url_label(url) if url else "",
        },
        "event": event_view, "event_missing": bool(event_id) and not event,
        "paragraphs": paragraphs, "other_events": others,
        "timeline_href": datasette.urls.path("/-/timeline"),
        "row_href": datasette.urls.row(db.name, "documents", document_id),
        "static_url": _static_url(datasette), "metadata": datasette.metadata(),
    }
    html = await datasette.render_template(
        _template(datasette, "dateline_document.html"), context, request=request,
        view_name="dateline_document")
    return Response.html(html)


@hookimpl
def register_routes() -> list[tuple[str, Callable]]:
    return [
        (r"^/-/timeline$", timeline_page),
        (r"^/-/timeline/document$", document_page),
        (r"^/-/dateline/static/(?P<path>[A-Za-z0-9_.-]+)$", asgi_static(str(STATIC_DIR))),
    ]


# -- output renderers ------------------------------------------------------------------------------

def _rows(columns: list[str], rows: list[Any]) -> list[dict[str, Any]]:
    return [dict(zip(columns, list(row), strict=False)) for row in rows]


def _can_render_timelinejs(columns: list[str]) -> bool:
    return {"date_start", "actor", "action"} <= set(columns)


def _can_render_ics(columns: list[str], table: str | None, query_name: str | None) -> bool:
    if not {"date_start", "date_end"} <= set(columns):
        return False
    names = f"{table or ''} {query_name or ''}"
    return "deadline" in names or "role" in columns


def _render_timelinejs(datasette: Any, columns: list[str], rows: list[Any],
                       table: str | None, query_name: str | None) -> Response:
    title = clean_text(datasette.metadata("title") or "Dateline")
    subject = query_name or table or "query"
    data = formats.to_timelinejs(_rows(columns, rows), title=f"{title}: {subject}")
    # No CORS header: a local server's data must not be readable by any site the user visits
    # (`datasette --cors` exists for those who want it).
    return Response.json(data)


def _render_ics(columns: list[str], rows: list[Any], table: str | None,
                query_name: str | None) -> Response:
    body = formats.to_ics(_rows(columns, rows),
                          calendar_name=f"Dateline {query_name or table or 'deadlines'}")
    return Response(body.decode("utf-8"), content_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="deadlines.ics"'})


@hookimpl
def register_output_renderer(datasette: Any) -> list[dict[str, Any]]:
    return [
        {"extension": "timelinejs", "render": _render_timelinejs,
         "can_render": _can_render_timelinejs},
        {"extension": "ics", "render": _render_ics, "can_render": _can_render_ics},
    ]

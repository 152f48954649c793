"""The Dateline Datasette plugin (entry point `dateline` in the `datasette` group).

Hooks only gather data and hand it to pure helpers (`queries`, `formats`, `text`):
- `/-/timeline`: a vertical timeline grouped by month, with filters;
- `/-/timeline/document`: a document with an event's evidence sentence highlighted;
- `.timelinejs` and `.ics` output renderers on the timeline, deadlines and their queries;
- security headers on every response, and invisible characters defused in every cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader

from pipeline.publish import compat, formats
from pipeline.publish.csp import (
    data_script_hashes,
    datasette_event_handler_hashes,
    datasette_inline_script_hashes,
)
from pipeline.publish.metadata import display_order
from pipeline.publish.pages import (
    STATIC_DIR,
    STATIC_PREFIX,
    TEMPLATES_DIR,
    document_page,
    export_page,
    timeline_page,
    visual_page,
)
from pipeline.publish.text import clean_text, has_invisible, neutralise_csv

# -- security headers ---------------------------------------------------------------------------

_CSP: str | None = None


def content_security_policy(extra_hashes: Iterable[str] = ()) -> str:
    global _CSP
    if _CSP is None:
        scripts = " ".join(["'self'", *datasette_inline_script_hashes(),
                            *datasette_event_handler_hashes()])
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
    extra = " ".join(sorted(set(extra_hashes)))
    return _CSP.replace("script-src 'self'", f"script-src 'self' {extra}", 1) if extra else _CSP


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


async def _with_column_order(datasette: Any, scope: dict) -> dict:
    """A table or view page asked for without ?_col/?_nocol gets our reading order as `_col`
    (Datasette 0.65 has no column-order setting). Only HTML pages; nothing is dropped."""
    parts = scope.get("path", "").strip("/").split("/")
    if len(parts) != 2 or scope.get("method", "GET") != "GET" or "." in parts[1]:
        return scope
    query = scope.get("query_string", b"").decode("latin-1")
    if {"_col", "_nocol"} & set(parse_qs(query)):
        return scope
    db = datasette.databases.get(unquote(parts[0]))
    table = unquote(parts[1])
    if db is None or db.name == "_internal" or not (
            await db.table_exists(table) or table in await db.view_names()):
        return scope
    columns = await db.table_columns(table)
    ordered = display_order(table, columns)
    if ordered == columns:
        return scope
    # The primary key always leads (Datasette links rows by it); `_col` must not repeat it.
    pks = set(await db.primary_keys(table))
    extra = urlencode([("_col", c) for c in ordered if c not in pks])
    return {**scope, "query_string": (f"{query}&{extra}" if query else extra).encode("latin-1")}


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
                    extra = data_script_hashes(body) if held["rewrite"] is strip_bidi_controls \
                        else []
                    if extra:
                        start["headers"] = [
                            (k, content_security_policy(extra).encode()
                             if k == b"content-security-policy" else v)
                            for k, v in start["headers"]]
                    await send(start)
                    message = {"type": "http.response.body", "body": body}
                await send(message)

            await app(await _with_column_order(datasette, scope), receive, send_with_headers)

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
def prepare_jinja2_environment(env: Any) -> None:
    """Our few overrides of Datasette's templates (each extends "default:<name>") come first."""
    env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES_DIR / "datasette")), env.loader])


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path(STATIC_PREFIX + "datasette.css")]


@hookimpl
def extra_js_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path(STATIC_PREFIX + "datasette.js")]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/timeline"), "label": "Timeline"}]


# -- pages (in `pages`) -------------------------------------------------------------------------

@hookimpl
def register_routes() -> list[tuple[str, Callable]]:
    return [
        (r"^/-/timeline$", timeline_page),
        (r"^/-/timeline/document$", document_page),
        (r"^/-/timeline/visual$", visual_page),
        (r"^/-/timeline/export\.(?P<format>csv|json|ics|timelinejs)$", export_page),
        # Sub-folders (the vendored TimelineJS); no segment may start with a dot.
        (r"^/-/dateline/static/(?P<path>(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*"
         r"[A-Za-z0-9_-][A-Za-z0-9_.-]*)$", asgi_static(str(STATIC_DIR))),
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


async def _render_timelinejs(datasette: Any, columns: list[str], rows: list[Any],
                             table: str | None, query_name: str | None) -> Response:
    title = clean_text(await compat.instance_metadata(datasette, "title") or "Dateline")
    subject = query_name or table or "query"
    data = formats.to_timelinejs(_rows(columns, rows), title=f"{title}: {subject}")
    # No CORS header: a local server's data must not be readable by any site the user visits
    # (`datasette --cors` exists for those who want it).
    return Response.json(data)


def _render_ics(datasette: Any, columns: list[str], rows: list[Any], table: str | None,
                query_name: str | None) -> Response:
    body = formats.to_ics(_rows(columns, rows),
                          calendar_name=f"Dateline {query_name or table or 'deadlines'}")
    return Response(body.decode("utf-8"), content_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="deadlines.ics"'})


@hookimpl
def register_output_renderer(datasette: Any) -> list[dict[str, Any]]:
    return [
        {"extension": "timelinejs", "render": compat.renderer(_render_timelinejs),
         "can_render": _can_render_timelinejs},
        {"extension": "ics", "render": compat.renderer(_render_ics),
         "can_render": _can_render_ics},
    ]


# Hooks that exist on one Datasette line only (finding Dateline databases, their metadata, the
# `--public` permission rules): compat gives this line's, under their hook names.
globals().update(compat.line_hooks())

"""Everything that differs between Datasette 0.65 and Datasette 1.0, in one place.

The plugin, `dateline serve` and the tests call these helpers instead of asking which Datasette
is installed. What differs:
- configuration: 0.65 reads it all from metadata; 1.0 wants `datasette.yaml` (settings, stored
  queries, facets, plugin config) beside metadata that only describes (`LAYOUT`);
- Jinja environment, instance metadata and permission checks have different APIs;
- `--public` is a `permission_allowed` hook on 0.65 and `permission_resources_sql` rules on 1.0;
- a Dateline database served by plain `datasette DB` is described through `get_metadata` on
  0.65, and through the internal catalogue (`add_query`, `set_*_metadata`) at startup on 1.0;
- 1.0 hands renderers a query's error instead of raising it; we answer with its error body.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, Literal

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.version import __version__ as DATASETTE_VERSION

from pipeline.publish.metadata import build_config

__all__ = ["DATASETTE_VERSION", "DATASETTE_1", "LAYOUT", "PUBLIC_DENIED_ACTIONS",
           "datasette_kwargs", "make_datasette", "jinja_env", "instance_metadata",
           "ensure_can_view", "error_body", "error_response", "renderer", "line_hooks",
           "is_dateline_database", "dateline_databases"]

DATASETTE_1: bool = int(DATASETTE_VERSION.split(".")[0]) >= 1
LAYOUT: Literal["0.65", "1.0"] = "1.0" if DATASETTE_1 else "0.65"

# What `dateline serve --public` refuses, whoever asks: arbitrary SQL, the database file, and
# every write (the snapshot is immutable anyway; refusing keeps the error a clean 403).
PUBLIC_DENIED_ACTIONS = frozenset({
    "execute-sql", "execute-write-sql", "store-query", "view-database-download",
    "create-table", "create-view", "insert-row", "update-row", "delete-row", "alter-table",
    "drop-table", "drop-view", "set-column-type", "update-query", "delete-query",
})

# A database is Dateline's when it has these (the store creates all of them).
_DATELINE_TABLES = frozenset({"documents", "events", "actors"})
_DATELINE_VIEWS = frozenset({"timeline"})


# -- building a Datasette ----------------------------------------------------------------------

def datasette_kwargs(database: str = "timeline", *, public: bool = False) -> dict[str, Any]:
    """Keyword arguments for `Datasette(...)` configuring a Dateline database on this line."""
    built = build_config(database, layout=LAYOUT, public=public)
    if built["config"] is None:
        return {"metadata": built["metadata"], "settings": built["settings"]}
    return {"metadata": built["metadata"], "config": built["config"]}


def make_datasette(files: Iterable[str] = (), *, immutables: Iterable[str] = (),
                   database: str = "timeline", public: bool = False) -> Any:
    """A Datasette over Dateline database files, configured as `dateline serve` would."""
    # Not at module level: datasette.app loads this plugin while it is being imported.
    from datasette.app import Datasette

    return Datasette([str(f) for f in files], immutables=[str(f) for f in immutables],
                     **datasette_kwargs(database, public=public))


# -- API differences -----------------------------------------------------------------------------

def jinja_env(datasette: Any) -> Any:
    """Datasette's Jinja environment (an attribute on 0.65, a method on 1.0)."""
    if DATASETTE_1:
        return datasette.get_jinja_environment()
    return datasette.jinja_env


async def instance_metadata(datasette: Any, key: str | None = None) -> Any:
    """Instance-level metadata: one key, or all of it as a dict."""
    if DATASETTE_1:
        values = await datasette.get_instance_metadata()
    else:
        values = datasette.metadata() or {}
    return values.get(key) if key is not None else values


async def ensure_can_view(datasette: Any, actor: Any, database: str, table: str) -> None:
    """Raise Datasette's Forbidden unless `actor` may see `table` (and its database)."""
    if DATASETTE_1:
        from datasette.resources import TableResource

        await datasette.ensure_permission(action="view-table",
                                          resource=TableResource(database, table), actor=actor)
    else:
        await datasette.ensure_permissions(actor, [
            ("view-table", (database, table)), ("view-database", database), "view-instance"])


def error_body(message: str, status: int) -> dict[str, Any]:
    """Datasette 1.0's one JSON error shape, used for our JSON errors on both lines."""
    return {"ok": False, "error": message, "errors": [message], "status": status}


def error_response(message: str, status: int = 400) -> Response:
    return Response.json(error_body(message, status), status=status)


RenderFn = Callable[[Any, list[str], list[Any], str | None, str | None], Any]


def renderer(render: RenderFn) -> Callable[..., Any]:
    """An output renderer for this line from `render(datasette, columns, rows, table,
    query_name)`. 1.0 calls renderers with a failed query's `error` (and no rows); 0.65 never
    does, and refuses a renderer that asks for `error`."""
    if not DATASETTE_1:
        return render

    async def render_1(datasette: Any, columns: list[str], rows: list[Any] | None,
                       table: str | None, query_name: str | None, error: Any) -> Any:
        if error:
            return error_response(str(error), 400)
        result = render(datasette, columns or [], rows or [], table, query_name)
        return await result if hasattr(result, "__await__") else result

    return render_1


# -- Dateline databases served without `dateline serve` -----------------------------------------

_FOUND: weakref.WeakKeyDictionary[Any, list[str]] = weakref.WeakKeyDictionary()


async def is_dateline_database(db: Any) -> bool:
    names = {row[0] for row in (await db.execute(
        "select name from sqlite_master where type in ('table', 'view')")).rows}
    return _DATELINE_TABLES | _DATELINE_VIEWS <= names


def dateline_databases(datasette: Any) -> list[str]:
    """The Dateline databases found at startup."""
    return list(_FOUND.get(datasette, []))


@lru_cache(maxsize=32)
def _built(database: str) -> str:
    # As JSON so every caller gets its own copy: Datasette merges metadata in place.
    return json.dumps(build_config(database, layout=LAYOUT))


def _config_for(database: str) -> dict[str, Any]:
    return json.loads(_built(database))


async def startup(datasette: Any) -> None:
    """Find the Dateline databases; on 1.0, configure those nobody configured."""
    found = []
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        try:
            if await is_dateline_database(db):
                found.append(name)
        except Exception:  # noqa: BLE001 - an unreadable database is simply not ours
            continue
    _FOUND[datasette] = found
    if DATASETTE_1:
        for name in found:
            await _configure_1(datasette, name)


async def _configure_1(datasette: Any, database: str) -> None:
    """Stored queries, table configuration and descriptions for one database, each only where
    the user's own datasette.yaml / metadata (or `dateline serve`'s) did not set it."""
    built = _config_for(database)
    wanted = built["config"]["databases"][database]
    tables = (datasette.config.setdefault("databases", {}).setdefault(database, {})
              .setdefault("tables", {}))
    for table, entry in wanted["tables"].items():
        for key, value in entry.items():
            tables.setdefault(table, {}).setdefault(key, value)
    for name, query in wanted["queries"].items():
        if await datasette.get_query(database, name) is None:
            await datasette.add_query(database, name, query["sql"], title=query.get("title"),
                                      description=query.get("description"),
                                      hide_sql=bool(query.get("hide_sql")),
                                      is_trusted=True, source="plugin")
    metadata = built["metadata"]
    if not await datasette.get_instance_metadata():
        for key, value in metadata.items():
            if key != "databases":
                await datasette.set_instance_metadata(key, value)
    if await datasette.get_database_metadata(database):
        return
    db_meta = metadata["databases"][database]
    for key, value in db_meta.items():
        if key not in ("tables", "queries"):
            await datasette.set_database_metadata(database, key, value)
    for table, entry in db_meta.get("tables", {}).items():
        for key, value in entry.items():
            if key != "columns":
                await datasette.set_resource_metadata(database, table, key, value)
        for column, description in entry.get("columns", {}).items():
            await datasette.set_column_metadata(database, table, column, "description",
                                                description)


def _public(datasette: Any) -> bool:
    return bool((datasette.plugin_config("dateline") or {}).get("public"))


# -- hooks that exist on one line only ----------------------------------------------------------

def _get_metadata_065(datasette: Any, key: str | None, database: str | None,
                      table: str | None) -> dict[str, Any] | None:
    """0.65: metadata for Dateline databases served by plain `datasette DB`. Local metadata
    (such as `dateline serve`'s) is merged over it, so it only fills gaps."""
    found = _FOUND.get(datasette)
    if not found or key == "plugins":
        return None
    merged: dict[str, Any] = {}
    for name in found:
        metadata = _config_for(name)["metadata"]
        metadata.pop("plugins", None)
        merged = {**metadata, "databases": {**merged.get("databases", {}),
                                            **metadata["databases"]}}
    return merged


def _permission_allowed_065(datasette: Any, actor: Any, action: str,
                            resource: Any) -> bool | None:
    """0.65: `--public` refuses the actions in PUBLIC_DENIED_ACTIONS."""
    if action in PUBLIC_DENIED_ACTIONS and _public(datasette):
        return False
    return None


def _permission_resources_sql_1(datasette: Any, actor: Any, action: str) -> Any:
    """1.0: `--public` as a deny rule at the top of the resource tree for each refused
    action (a deny beats the default allow at the same level)."""
    if action in PUBLIC_DENIED_ACTIONS and _public(datasette):
        from datasette.permissions import PermissionSQL

        return PermissionSQL.deny(reason="dateline serve --public")
    return None


def line_hooks() -> dict[str, Callable[..., Any]]:
    """The hook implementations this Datasette line has, by hook name."""
    hooks: dict[str, Callable[..., Any]] = {"startup": startup}
    if DATASETTE_1:
        hooks["permission_resources_sql"] = _permission_resources_sql_1
    else:
        hooks["get_metadata"] = _get_metadata_065
        hooks["permission_allowed"] = _permission_allowed_065
    return {name: hookimpl(specname=name)(fn) for name, fn in hooks.items()}

"""`dateline actors merge|split|ignore DB …`: the user's corrections to actors.

Each command edits the database in one transaction (`Database.atomic()`), so the timeline
shows the change at once, and writes the same decision to the registry file
(`<db stem>.registry.yaml`, or $DATELINE_REGISTRY, or --registry) so re-ingestion keeps it.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlite_utils import Database

from pipeline.extract.actors import slugify
from pipeline.extract.registry import (
    RegistryEntry,
    alias_key,
    read_entries,
    registry_path_for_db,
    write_entries,
)

__all__ = ["actors", "merge_actors", "split_alias", "ignore_actor", "ActorNotFound"]


class ActorNotFound(click.ClickException):
    """No actor in the database has that id, name or alias."""


def _row_id(*parts: object) -> str:
    import hashlib

    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def _find_actor(db: Database, ref: str) -> dict:
    """An actor by id, then by name, then by alias (case-insensitive)."""
    row = db.execute("select id, name, kind from actors where id = ?", [ref]).fetchone()
    if row is None:
        row = db.execute("select id, name, kind from actors where id = ?",
                         [slugify(ref)]).fetchone()
    if row is None:
        row = db.execute("select id, name, kind from actors where lower(name) = lower(?)",
                         [ref]).fetchone()
    if row is None:
        matches = db.execute(
            "select distinct a.id, a.name, a.kind from actor_aliases al join actors a"
            " on a.id = al.actor_id where lower(al.alias) = lower(?)", [ref]).fetchall()
        if len(matches) > 1:
            raise click.ClickException(
                f"{ref!r} is an alias of several actors ({', '.join(m[0] for m in matches)});"
                " give an actor id")
        row = matches[0] if matches else None
    if row is None:
        raise ActorNotFound(f"no actor with id, name or alias {ref!r}")
    return {"id": row[0], "name": row[1], "kind": row[2]}


def _aliases(db: Database, actor_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "select alias from actor_aliases where actor_id = ? order by alias", [actor_id])]


def _refresh_counts(db: Database, actor_ids: list[str]) -> None:
    for actor_id in actor_ids:
        db.execute(
            "update actors set mention_count = (select count(*) from mentions where actor_id = ?),"
            " document_count = (select count(distinct document_id) from mentions"
            " where actor_id = ?) where id = ?", [actor_id, actor_id, actor_id])


def _retarget(db: Database, old: str, new: str | None) -> None:
    """Point every reference to actor `old` at `new` (None clears it)."""
    for table, column in (("mentions", "actor_id"), ("events", "actor_id"),
                          ("events", "attributed_to"), ("attributions", "source_actor_id"),
                          ("attributions", "addressee_id"), ("actor_roles", "actor_id")):
        if table in db.table_names() and column in db[table].columns_dict:
            db.execute(f"update [{table}] set [{column}] = ? where [{column}] = ?", [new, old])
    if "event_targets" in db.table_names():
        if new is None:
            db.execute("delete from event_targets where actor_id = ?", [old])
        else:
            # A target listed under both actors would become a duplicate row: drop it first.
            db.execute("delete from event_targets where actor_id = ? and event_id in"
                       " (select event_id from event_targets where actor_id = ?)", [old, new])
            db.execute("update event_targets set actor_id = ? where actor_id = ?", [new, old])


# -- registry file edits --------------------------------------------------------------------

def _entry_for(entries: list[RegistryEntry], names: list[str]) -> RegistryEntry | None:
    keys = {alias_key(n) for n in names}
    for entry in entries:
        if {alias_key(n) for n in entry.names()} & keys:
            return entry
    return None


def _drop_alias(entries: list[RegistryEntry], alias: str, keep: RegistryEntry | None) -> None:
    key = alias_key(alias)
    for entry in entries:
        if entry is not keep:
            entry.aliases = [a for a in entry.aliases if alias_key(a) != key]


def _add_aliases(entry: RegistryEntry, names: list[str]) -> None:
    have = {alias_key(n) for n in entry.names()}
    for name in names:
        if alias_key(name) not in have:
            entry.aliases.append(name)
            have.add(alias_key(name))


# -- the operations (also the Python API the tests use) ---------------------------------------

def merge_actors(db_path: str | Path, keep_ref: str, other_ref: str,
                 registry_path: str | Path | None = None) -> dict:
    """Merge actor `other_ref` into `keep_ref`: references, aliases, counts; registry updated."""
    db = Database(db_path)
    registry_path = Path(registry_path) if registry_path else registry_path_for_db(db_path)
    with db.atomic():
        keep, other = _find_actor(db, keep_ref), _find_actor(db, other_ref)
        if keep["id"] == other["id"]:
            raise click.ClickException(f"{keep_ref!r} and {other_ref!r} are the same actor")
        other_aliases = _aliases(db, other["id"])
        _retarget(db, other["id"], keep["id"])
        existing = {alias_key(a) for a in _aliases(db, keep["id"])}
        db.execute("delete from actor_aliases where actor_id = ?", [other["id"]])
        rows = [{"id": _row_id(keep["id"], alias_key(a)), "actor_id": keep["id"], "alias": a,
                 "source": "user"}
                for a in dict.fromkeys([other["name"], *other_aliases])
                if alias_key(a) not in existing]
        if rows:
            db["actor_aliases"].insert_all(rows, pk="id", replace=True)
        db.execute("delete from actors where id = ?", [other["id"]])
        _refresh_counts(db, [keep["id"]])
    entries = read_entries(registry_path)
    entry = _entry_for(entries, [keep["name"]])
    if entry is None:
        entry = RegistryEntry(keep["name"], keep["kind"] or "organisation", source="user")
        entries.append(entry)
    entry.not_an_actor = False
    moved = [other["name"], *other_aliases]
    old_entry = _entry_for(entries, [other["name"]])
    if old_entry is not None and old_entry is not entry:
        moved += old_entry.names()
        entries.remove(old_entry)
    for name in moved:
        _drop_alias(entries, name, entry)
    _add_aliases(entry, moved)
    write_entries(registry_path, entries)
    return {"kept": keep["id"], "merged": other["id"], "aliases": moved,
            "registry": str(registry_path)}


def _linked(db: Database, actor_id: str) -> bool:
    """Whether the link stage made this actor one with others (see pipeline/link/actors.py)."""
    return "actor_merges" in db.table_names() and bool(db.execute(
        "select 1 from actor_merges m join actor_merges o on o.canonical_id = m.canonical_id"
        " and o.actor_id != m.actor_id where m.actor_id = ?", [actor_id]).fetchone())


def _unlink(db: Database, db_path: str | Path, actor_id: str, registry_path: Path) -> dict:
    """Undo the link stage's merge of one actor: pin it and the rest of its group as different
    user entries in the registry, so the rules cannot merge them again, and relink."""
    canonical = db.execute("select canonical_id from actor_merges where actor_id = ?",
                           [actor_id]).fetchone()[0]
    others = [row[0] for row in db.execute(
        "select a.name from actor_merges m join actors a on a.id = m.actor_id"
        " where m.canonical_id = ? and m.actor_id != ? order by m.actor_id",
        [canonical, actor_id])]
    name = db.execute("select name, kind from actors where id = ?", [actor_id]).fetchone()
    entries = read_entries(registry_path)
    for own in [name[0], others[0]] if others else [name[0]]:
        _drop_alias(entries, own, None)
        if _entry_for(entries, [own]) is None:
            entries.append(RegistryEntry(own, name[1] or "organisation", source="user"))
    write_entries(registry_path, entries)
    db.close()
    relink_actors(db_path, registry_path)
    return {"from": canonical, "to": actor_id, "mentions": 0, "registry": str(registry_path)}


def relink_actors(db_path: str | Path, registry_path: str | Path | None = None) -> None:
    """Re-run the link stage after a user decision, so the timeline shows it at once."""
    from pipeline.extract.registry import load_registry
    from pipeline.link import link_documents

    path = Path(registry_path) if registry_path else registry_path_for_db(db_path)
    link_documents(db_path, [], registry=load_registry(path), all_actors=True)


def split_alias(db_path: str | Path, alias: str,
                registry_path: str | Path | None = None) -> dict:
    """Make `alias` its own actor: its mentions, and the events, targets and attributions in
    their sentences, move to it; both actors are pinned in the registry so rules cannot
    re-merge them."""
    db = Database(db_path)
    registry_path = Path(registry_path) if registry_path else registry_path_for_db(db_path)
    key = alias_key(alias)
    named = db.execute("select id from actors where lower(name) = lower(?) order by id",
                       [alias]).fetchone()
    if named and _linked(db, named[0]):
        # A name the link stage merged with others: keep it apart from them.
        return _unlink(db, db_path, named[0], registry_path)
    with db.atomic():
        owners = db.execute(
            "select distinct a.id, a.name, a.kind from actor_aliases al join actors a"
            " on a.id = al.actor_id where lower(al.alias) = lower(?)", [alias]).fetchall()
        if not owners:
            raise ActorNotFound(f"no actor has the alias {alias!r}")
        old_id, old_name, kind = owners[0]
        if alias_key(old_name) == key:
            raise click.ClickException(
                f"{alias!r} is the canonical name of {old_id}; split one of its other aliases")
        new_id = slugify(alias)
        if db.execute("select 1 from actors where id = ?", [new_id]).fetchone() is None:
            db["actors"].insert({"id": new_id, "name": alias, "kind": kind,
                                 "mention_count": 0, "document_count": 0})
        mentions = [m for m in db.execute(
            "select id, document_id, start, end, text from mentions where actor_id = ?",
            [old_id]).fetchall() if alias_key(m[4]) == key]
        for mention_id, _, _, _, _ in mentions:
            db.execute("update mentions set actor_id = ? where id = ?", [new_id, mention_id])
        for _, document_id, start, end, _ in mentions:
            # An event moves when its sentence holds this mention and no mention left with
            # the old actor (otherwise the old actor may still be its agent).
            events = db.execute(
                "select id, sentence_start, sentence_end from events where document_id = ?"
                " and sentence_start <= ? and sentence_end >= ?",
                [document_id, start, end]).fetchall()
            for event_id, sentence_start, sentence_end in events:
                # Pronouns resolved in this sentence follow the name they stood for.
                left = db.execute(
                    "select count(*) from mentions where actor_id = ? and document_id = ?"
                    " and start >= ? and end <= ? and coalesce(how, '') not in"
                    " ('pronoun', 'nominal')",
                    [old_id, document_id, sentence_start, sentence_end]).fetchone()[0]
                if left:
                    continue
                db.execute("update mentions set actor_id = ? where actor_id = ? and"
                           " document_id = ? and start >= ? and end <= ?",
                           [new_id, old_id, document_id, sentence_start, sentence_end])
                db.execute("update events set actor_id = ? where id = ? and actor_id = ?",
                           [new_id, event_id, old_id])
                db.execute("update events set attributed_to = ? where id = ? and"
                           " attributed_to = ?", [new_id, event_id, old_id])
                db.execute("update event_targets set actor_id = ? where event_id = ? and"
                           " actor_id = ?", [new_id, event_id, old_id])
            db.execute("update attributions set source_actor_id = ? where document_id = ?"
                       " and source_actor_id = ? and source_start < ? and source_end > ?",
                       [new_id, document_id, old_id, end, start])
        db.execute("delete from actor_aliases where actor_id = ? and lower(alias) = lower(?)",
                   [old_id, alias])
        db["actor_aliases"].insert({"id": _row_id(new_id, key), "actor_id": new_id,
                                    "alias": alias, "source": "user"}, pk="id", replace=True)
        _refresh_counts(db, [old_id, new_id])
        old_aliases = _aliases(db, old_id)
    entries = read_entries(registry_path)
    _drop_alias(entries, alias, None)
    new_entry = _entry_for(entries, [alias])
    if new_entry is None:
        entries.append(RegistryEntry(alias, kind or "organisation", source="user"))
    old_entry = _entry_for(entries, [old_name])
    if old_entry is None:
        old_entry = RegistryEntry(old_name, kind or "organisation", source="user")
        entries.append(old_entry)
    _add_aliases(old_entry, [a for a in old_aliases if alias_key(a) != key])
    write_entries(registry_path, entries)
    return {"from": old_id, "to": new_id, "mentions": len(mentions),
            "registry": str(registry_path)}


def ignore_actor(db_path: str | Path, name: str,
                 registry_path: str | Path | None = None) -> dict:
    """`name` is not an actor: its mentions go, references to it are cleared, and the registry
    marks it (and its aliases) `not_an_actor`."""
    db = Database(db_path)
    registry_path = Path(registry_path) if registry_path else registry_path_for_db(db_path)
    with db.atomic():
        actor = _find_actor(db, name)
        aliases = _aliases(db, actor["id"])
        mentions = db.execute("select count(*) from mentions where actor_id = ?",
                              [actor["id"]]).fetchone()[0]
        db.execute("delete from mentions where actor_id = ?", [actor["id"]])
        _retarget(db, actor["id"], None)
        db.execute("delete from actor_roles where actor_id = ?", [actor["id"]])
        db.execute("delete from actor_aliases where actor_id = ?", [actor["id"]])
        db.execute("delete from actors where id = ?", [actor["id"]])
    names = list(dict.fromkeys([actor["name"], *aliases]))
    entries = read_entries(registry_path)
    entry = _entry_for(entries, names)
    if entry is None:
        entry = RegistryEntry(actor["name"], actor["kind"] or "organisation", source="user")
        entries.append(entry)
    for alias in names:
        _drop_alias(entries, alias, entry)
    _add_aliases(entry, names)
    entry.not_an_actor = True
    write_entries(registry_path, entries)
    return {"ignored": actor["id"], "mentions": mentions, "names": names,
            "registry": str(registry_path)}


# -- click ------------------------------------------------------------------------------------

_DB = click.argument("db", type=click.Path(exists=True, dir_okay=False))
_REGISTRY = click.option("--registry", type=click.Path(dir_okay=False),
                         help="Registry file (default: $DATELINE_REGISTRY or "
                              "<db stem>.registry.yaml beside the database).")


@click.group()
def actors() -> None:
    """Correct actors: merge duplicates, split a wrong alias, ignore a non-actor."""


@actors.command()
@_DB
@click.argument("keep")
@click.argument("other")
@_REGISTRY
def merge(db: str, keep: str, other: str, registry: str | None) -> None:
    """Merge actor OTHER into KEEP (ids, names or aliases)."""
    result = merge_actors(db, keep, other, registry)
    relink_actors(db, registry)
    click.echo(f"merged {result['merged']} into {result['kept']}; registry: "
               f"{result['registry']}")


@actors.command()
@_DB
@click.argument("alias")
@_REGISTRY
def split(db: str, alias: str, registry: str | None) -> None:
    """Make ALIAS its own actor, apart from the actor it was merged into."""
    result = split_alias(db, alias, registry)
    relink_actors(db, registry)
    click.echo(f"split {alias!r} from {result['from']} into {result['to']} "
               f"({result['mentions']} mentions); registry: {result['registry']}")


@actors.command()
@_DB
@click.argument("name")
@_REGISTRY
def ignore(db: str, name: str, registry: str | None) -> None:
    """NAME is not an actor (a law, a product the model mislabels …)."""
    result = ignore_actor(db, name, registry)
    relink_actors(db, registry)
    click.echo(f"ignored {result['ignored']} ({result['mentions']} mentions); registry: "
               f"{result['registry']}")

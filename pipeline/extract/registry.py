"""The actor registry: canonical names, kinds, aliases and names that are never actors.

Two layers: the small default registry shipped in `resources/actors.yaml`, and a user's YAML
file merged over it (the user wins). `dateline actors merge/split/ignore` write their decisions
to the user file so re-ingestion keeps them.

File shape::

    actors:
      - name: NHS England          # canonical name
        kind: organisation         # organisation | person | group | product | place
        aliases: [NHSE]
      - name: GDPR
        not_an_actor: true         # a law/product the model mislabels: never an actor
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.record import ACTOR_KINDS

DEFAULT_REGISTRY = Path(__file__).parent / "resources" / "actors.yaml"
ENV_VAR = "DATELINE_REGISTRY"

__all__ = [
    "DEFAULT_REGISTRY", "Registry", "RegistryEntry", "RegistryError", "alias_key",
    "load_registry", "registry_path_for_db", "read_entries", "write_entries",
]


class RegistryError(ValueError):
    """A registry file that cannot be read or has an invalid entry; the message says where."""


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def alias_key(text: str) -> str:
    """The comparison key of a name: case, apostrophe style, spacing, a leading "the" and a
    trailing possessive do not distinguish actors ("The BMA's" == "BMA")."""
    key = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold().strip()
    key = re.sub(r"\s+", " ", key)
    key = re.sub(r"^the ", "", key)
    key = re.sub(r"(?:'s|')$", "", key).strip()
    return key


@dataclass
class RegistryEntry:
    name: str
    kind: str = "organisation"
    aliases: list[str] = field(default_factory=list)
    not_an_actor: bool = False
    source: str = "default"  # default | user

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_yaml(self) -> dict:
        data: dict = {"name": self.name}
        if self.not_an_actor:
            data["not_an_actor"] = True
        else:
            data["kind"] = self.kind
        if self.aliases:
            data["aliases"] = list(self.aliases)
        return data


@dataclass
class Registry:
    """Registry entries with an alias index. Later entries (the user's) override earlier ones
    for any name they share."""

    entries: list[RegistryEntry] = field(default_factory=list)
    path: Path | None = None  # the user file, when one was given

    def __post_init__(self) -> None:
        self._index: dict[str, RegistryEntry] = {}
        for entry in self.entries:
            self._add_to_index(entry)

    def _add_to_index(self, entry: RegistryEntry) -> None:
        for name in entry.names():
            key = alias_key(name)
            if key:
                self._index[key] = entry

    @classmethod
    def empty(cls) -> Registry:
        return cls([])

    def lookup(self, name: str) -> RegistryEntry | None:
        return self._index.get(alias_key(name))

    def all_aliases(self) -> list[tuple[str, RegistryEntry]]:
        """(alias as written, entry) for every name the index resolves to that entry."""
        seen = []
        for entry in self.entries:
            for name in entry.names():
                if self._index.get(alias_key(name)) is entry:
                    seen.append((name, entry))
        return seen

    def signature(self) -> str:
        """A stable hash of the content (cache key for compiled matchers, run records)."""
        import hashlib

        text = repr([(e.name, e.kind, tuple(e.aliases), e.not_an_actor) for e in self.entries])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _parse_entries(data: object, origin: str, source: str) -> list[RegistryEntry]:
    if data is None:
        return []
    items = data.get("actors", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RegistryError(f"{origin}: expected a list under 'actors'")
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise RegistryError(f"{origin}: entry {number} needs a 'name'")
        kind = str(item.get("kind") or "organisation")
        if kind not in ACTOR_KINDS:
            raise RegistryError(f"{origin}: entry {number} ({item['name']}): kind {kind!r} "
                                f"is not one of {', '.join(ACTOR_KINDS)}")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        entries.append(RegistryEntry(
            name=str(item["name"]).strip(), kind=kind,
            aliases=[str(a).strip() for a in aliases if str(a).strip()],
            not_an_actor=bool(item.get("not_an_actor", False)), source=source,
        ))
    return entries


def read_entries(path: str | Path, source: str = "user") -> list[RegistryEntry]:
    """The entries of one registry file (a missing file has none)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RegistryError(f"{path}: not valid YAML: {error}") from error
    return _parse_entries(data, str(path), source)


def write_entries(path: str | Path, entries: list[RegistryEntry]) -> None:
    """Write user entries atomically (temp file + rename), so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Dateline actor registry (user decisions: `dateline actors merge/split/ignore` "
              "write here).\n")
    body = yaml.safe_dump({"actors": [e.to_yaml() for e in entries]}, sort_keys=False,
                          allow_unicode=True, width=100)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(header + body, encoding="utf-8")
    tmp.replace(path)


_DEFAULT_CACHE: list[RegistryEntry] | None = None


def _default_entries() -> list[RegistryEntry]:
    global _DEFAULT_CACHE
    if _DEFAULT_CACHE is None:
        _DEFAULT_CACHE = read_entries(DEFAULT_REGISTRY, source="default")
    return [RegistryEntry(e.name, e.kind, list(e.aliases), e.not_an_actor, e.source)
            for e in _DEFAULT_CACHE]


def load_registry(path: str | Path | None = None, *, include_default: bool = True) -> Registry:
    """The shipped default registry merged with the user file at `path` (or $DATELINE_REGISTRY
    when `path` is None). A user entry overrides every default entry sharing one of its names."""
    if path is None and os.environ.get(ENV_VAR):
        path = os.environ[ENV_VAR]
    entries = _default_entries() if include_default else []
    user_path = Path(path) if path else None
    if user_path is not None:
        if user_path.is_dir():
            raise RegistryError(f"{user_path}: is a directory, expected a YAML file")
        user = read_entries(user_path, source="user")
        user_keys = {alias_key(n) for e in user for n in e.names()}
        # A default entry sharing a name with a user entry is dropped whole, so a user "split"
        # or "ignore" is not undone by the default's other aliases.
        entries = [e for e in entries if not ({alias_key(n) for n in e.names()} & user_keys)]
        entries += user
    return Registry(entries, path=user_path)


_SHIPPED_ONLY: Registry | None = None


def current_registry() -> Registry:
    """`load_registry(None)` for one more document. With no $DATELINE_REGISTRY it is the
    shipped registry, the same every time, so it is built once (its index costs more than
    some documents' extraction); a user file is read afresh, since it may have changed."""
    global _SHIPPED_ONLY
    if os.environ.get(ENV_VAR):
        return load_registry(None)
    if _SHIPPED_ONLY is None:
        _SHIPPED_ONLY = load_registry(None)
    return _SHIPPED_ONLY


def registry_path_for_db(db_path: str | Path) -> Path:
    """Where a database's registry lives: $DATELINE_REGISTRY, else `<db stem>.registry.yaml`
    beside the database file (db/timeline.db -> db/timeline.registry.yaml)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.registry.yaml")

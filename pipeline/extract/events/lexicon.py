"""The events package's word lists (`resources/events.yaml`), read once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from pipeline.extract.attribution import RESOURCES


@lru_cache(maxsize=1)
def events_lexicon() -> dict[str, Any]:
    with open(RESOURCES / "events.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {key: set(value) if isinstance(value, list) else value
            for key, value in data.items()}

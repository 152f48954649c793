"""Shared fixtures: the spaCy model (loaded once per session) and paths into ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "pulse-gp-connect-2024-07-01.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared. Missing data fails loudly in CI and skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"shared data missing: {path} (expected ../shared beside the repository)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")

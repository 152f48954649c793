"""Document kind from clear signals, and shared resource loading."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.document import DOCUMENT_KINDS

RESOURCES = Path(__file__).parent / "resources"


@cache
def resources() -> dict[str, Any]:
    with open(RESOURCES / "boilerplate.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def line_patterns(key: str) -> re.Pattern[str]:
    joined = "|".join(f"(?:{p})" for p in resources()[key])
    return re.compile(rf"^\W*(?:{joined})\W*$", re.I)


@cache
def _kind_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile("|".join(patterns), re.I))
            for kind, patterns in resources()["kind_signals"].items()]


def normalise_kind(value: object) -> str | None:
    """A kind from metadata, mapped onto DOCUMENT_KINDS ("press-release" -> press_release)."""
    if not value:
        return None
    text = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    aliases = {"notice": "vendor_notice", "vendor": "vendor_notice", "article": "news",
               "pressrelease": "press_release", "release": "press_release", "reply": "comment"}
    text = aliases.get(text, text)
    return text if text in DOCUMENT_KINDS else None


def kind_from_title(title: str | None) -> str | None:
    if not title:
        return None
    for kind, pattern in _kind_patterns():
        if pattern.search(title):
            return kind
    return None


def registrable_domain(domain: str) -> str:
    """acme-health.co.uk from notices.acme-health.co.uk (enough for sender organisations)."""
    parts = domain.lower().strip(".").split(".")
    if len(parts) >= 3 and parts[-2] in resources()["second_level_suffixes"] \
            and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def is_webmail(domain: str) -> bool:
    return registrable_domain(domain) in set(resources()["webmail_domains"])

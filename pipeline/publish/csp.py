"""Content-Security-Policy hashes for the inline scripts in Datasette's own templates.

Allowing exactly these (rather than 'unsafe-inline') keeps Datasette's pages working on 0.65
and 1.0 while a script injected through data is still refused by the browser. Templates are
read from whichever Datasette is installed: conditionals are expanded into each text they can
render, and scripts that carry page data (`{{ value|tojson }}`) are matched per page, allowed
only when what fills them is JSON.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["datasette_inline_script_hashes", "datasette_event_handler_hashes",
           "data_script_hashes", "data_script_patterns"]


def _script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


_IF_BLOCK = re.compile(r"\{%-?\s*if\b[^%]*%\}(.*?)(?:\{%-?\s*else\s*-?%\}(.*?))?"
                       r"\{%-?\s*endif\s*-?%\}", re.S)


def _branches(body: str) -> list[str]:
    """A script with `{% if %}…{% else %}…{% endif %}` as each text it can render to."""
    found = _IF_BLOCK.search(body)
    if not found:
        return [body]
    return [variant for branch in (found.group(1), found.group(2) or "")
            for variant in _branches(body[:found.start()] + branch + body[found.end():])]


def _template_sources() -> list[str]:
    import datasette

    templates = Path(datasette.__file__).parent / "templates"
    return [path.read_text("utf-8") for path in sorted(templates.glob("*.html"))]


def datasette_event_handler_hashes() -> list[str]:
    """Hashes of the fixed inline event handlers in Datasette's templates (1.0's table page has
    `onclick="openColumnChooser()"`), allowed through 'unsafe-hashes' for exactly those."""
    handlers = {handler for source in _template_sources()
                for handler in re.findall(r'\son[a-z]+="([^"{}<>]*)"', source)}
    return ["'unsafe-hashes'", *sorted(_script_hash(h) for h in handlers)] if handlers else []


@lru_cache(maxsize=1)
def _template_scripts() -> tuple[str, ...]:
    """Every inline script in Datasette's templates, once per branch of its conditionals."""
    return tuple(variant for source in _template_sources()
                 for body in re.findall(r"<script>(.*?)</script>", source, re.S)
                 for variant in _branches(body))


def datasette_inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts Datasette's own templates contain.

    Allowing exactly these (rather than 'unsafe-inline') keeps Datasette's pages working while
    any script injected through data would still be refused by the browser.
    """
    import datasette

    # Template variables that appear inside Datasette's inline scripts, and their values.
    variants = {"{{ datasette_allow_facet }}": ["true", "false"],
                "{{ datasette_version }}": [datasette.__version__, ""]}
    bodies: set[str] = set()
    for body in _template_scripts():
        expanded = [body]
        for placeholder, values in variants.items():
            if placeholder in body:
                expanded = [b.replace(placeholder, v) for b in expanded for v in values]
        bodies.update(b for b in expanded if "{{" not in b and "{%" not in b)
    return sorted(_script_hash(b) for b in bodies)


_PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")


@lru_cache(maxsize=1)
def data_script_patterns() -> tuple[re.Pattern[str], ...]:
    """Datasette's inline scripts that carry page data as `{{ value|tojson }}` (Datasette 1.0's
    `window._datasetteTableData = …`), as patterns whose holes are checked to be JSON."""
    patterns = []
    for body in _template_scripts():
        pieces = _PLACEHOLDER.split(body)
        holes = pieces[1::2]
        if "{%" in body or not holes or not all(
                re.search(r"\|\s*tojson(\(\d*\))?$", h) for h in holes):
            continue
        patterns.append(re.compile("".join(
            re.escape(p) if i % 2 == 0 else "([^<>]*)" for i, p in enumerate(pieces)), re.S))
    return tuple(patterns)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def data_script_hashes(html: bytes) -> list[str]:
    """Hashes of a page's inline scripts that are Datasette's data scripts holding only JSON.
    A script injected through data cannot take that shape (a JSON value runs nothing)."""
    hashes = []
    for raw in re.findall(rb"<script>(.*?)</script>", html, re.S):
        body = raw.decode("utf-8", "replace")
        for pattern in data_script_patterns():
            match = pattern.fullmatch(body)
            if match and all(_is_json(hole) for hole in match.groups()):
                hashes.append(_script_hash(body))
                break
    return hashes

"""Registry names as spans: a spaCy `SpanRuler` per registry, cached, whose matches win over the
model's entities.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.actors.base import _Cand
from pipeline.extract.registry import Registry, RegistryEntry

# ---------------------------------------------------------------------------------------------
# registry spans through a SpanRuler

_RULERS: dict[tuple[str, int], tuple[object, dict[str, RegistryEntry]]] = {}
SPANS_KEY = "dateline_registry"


def _token_pattern(words: list[str]) -> list[dict]:
    pattern = []
    for word in words:
        letters = [c for c in word if c.isalpha()]
        # All-capitals names match case-sensitively so "NICE"/"WHO" never match "nice"/"who".
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            pattern.append({"ORTH": word})
        else:
            pattern.append({"LOWER": word.lower()})
    return pattern


def _ruler_for(doc: Doc, registry: Registry):
    key = (registry.signature(), id(doc.vocab))
    cached = _RULERS.get(key)
    if cached is not None:
        return cached
    import spacy
    from spacy.pipeline import SpanRuler

    blank = spacy.blank("en", vocab=doc.vocab)
    ruler = SpanRuler(blank, name="actor_registry", spans_key=SPANS_KEY, overwrite=True,
                      validate=False)
    patterns, entries = [], {}
    for number, (alias, entry) in enumerate(registry.all_aliases()):
        label = f"R{number}"
        entries[label] = entry
        variants = {alias, alias.replace("'", "’"), alias.replace("’", "'")}
        for variant in variants:
            words = [t.text for t in blank.tokenizer(variant)]
            patterns.append({"label": label, "pattern": _token_pattern(words)})
    ruler.add_patterns(patterns)
    _RULERS[key] = (ruler, entries)
    if len(_RULERS) > 16:  # registries change rarely; keep the cache small anyway
        _RULERS.pop(next(iter(_RULERS)))
    return ruler, entries


def _registry_spans(doc: Doc, registry: Registry) -> list[_Cand]:
    if not registry.entries:
        return []
    ruler, entries = _ruler_for(doc, registry)
    ruler(doc)
    cands = []
    for span in doc.spans[SPANS_KEY]:
        entry = entries[span.label_]
        cands.append(_Cand(span.start, span.end, entry.kind, "registry", entry=entry, prio=2))
    return cands

"""A small trained layer for attribution: which verbs are cues, and which of a cue's dependents
are its content.

PolNeAR counts far more cues than a lexicon can list ("ripped into", "defended", "would rather
see", "don't like"), so two logistic-regression models over hashed sparse features of the
dependency parse complement the rules in `attribution/`:

- the *cue* model scores every verb: is it the head of an attribution cue?
- the *argument* model scores each dependent of a cue (and, for a cue hanging off a clause as in
  "…, officials said", that clause): is its subtree part of the content?

Both are linear (numpy only, a dot product over ~30 hashed features per verb), so they cost a
few milliseconds per document and no second neural model. The weights ship in
`resources/attribution_model.npz` (2 x 2^18 float16); `dateline train attribution
TRAIN.jsonl` rebuilds them from PolNeAR-format training data (never the dev split).
"""

from __future__ import annotations

import json
import logging
import math
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

_log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).parent / "resources" / "attribution_model.npz"
BITS = 18
MASK = (1 << BITS) - 1
CANDIDATE_POS = ("VERB", "AUX")

# Dependents never part of a cue's content (function words of the cue itself).
_SKIP_DEPS = {"aux", "auxpass", "neg", "prt", "punct", "cc", "mark", "det", "expl", "case",
              "predet", "space", ""}


def _hash(features: Iterable[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(f.encode()) & MASK for f in features), dtype=np.int64)


def _lex_section(lemma: str) -> str:
    from pipeline.extract.attribution import lexicon

    lex = lexicon()
    for section in ("speech", "stance", "cognition"):
        if lemma in lex.get(section, {}):
            return section
    if lemma in lex["raising"]:
        return "raising"
    return "none"


def is_candidate(token: Token) -> bool:
    """Verbs are scored (nine in ten PolNeAR cue heads are verbs); auxiliaries only when they
    govern a clause ("was clear that …"). (Scoring nouns too, "his criticism of X", was tried:
    it added as many false cues as true ones, at an eighth more run time.)"""
    if token.pos_ == "VERB":
        return token.dep_ not in ("amod", "aux", "auxpass")
    return token.pos_ == "AUX" and token.dep_ in ("ROOT", "ccomp", "conj", "advcl") and any(
        c.dep_ in ("ccomp", "acomp") for c in token.children)


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    return None


def _shape(token: Token) -> str:
    if token.ent_type_:
        return token.ent_type_
    if token.pos_ == "PRON":
        return token.lower_
    return token.pos_


def cue_features(token: Token, quoted: set[int] | frozenset[int] = frozenset()) -> list[str]:
    lemma = token.lemma_.lower()
    feats = ["b", f"l={lemma}", f"t={token.tag_}", f"d={token.dep_}", f"ld={lemma}|{token.dep_}",
             f"lex={_lex_section(lemma)}", f"q={token.i in quoted}",
             f"hp={token.head.pos_}|{token.dep_}"]
    if token.head.i != token.i:
        feats.append(f"hl={token.head.lemma_.lower()}|{token.dep_}")
    deps = []
    for child in token.children:
        dep = child.dep_
        deps.append(dep)
        feats.append(f"c={dep}")
        feats.append(f"lc={lemma}|{dep}")
        if dep in ("prt", "prep", "mark", "advmod", "neg", "aux", "dative", "agent"):
            feats.append(f"cw={dep}|{child.lower_}")
            feats.append(f"lcw={lemma}|{dep}|{child.lower_}")
        if dep == "ccomp":
            mark = next((g.lower_ for g in child.children if g.dep_ == "mark"), "-")
            feats.append(f"ccm={mark}")
        if dep in ("nsubj", "nsubjpass"):
            feats.append(f"s={dep}|{_shape(child)}")
            feats.append(f"ls={lemma}|{_shape(child)}")
        if dep in ("dobj", "attr", "acomp", "oprd"):
            # "made clear", "voiced confidence", "took aim at": the object names the act.
            feats.append(f"o={dep}|{_shape(child)}")
            feats.append(f"ow={child.lemma_.lower()}")
            feats.append(f"low={lemma}|{child.lemma_.lower()}")
        if dep == "xcomp":
            feats.append(f"lx={lemma}|{child.tag_}")
            feats.append(f"xw={child.lemma_.lower()}")
        if dep == "prep":
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                feats.append(f"pw={child.lower_}|{_shape(pobj)}")
    if not any(d in ("nsubj", "nsubjpass", "csubj") for d in deps):
        feats.append("nosubj")
    feats.append("deps=" + ",".join(sorted(set(deps))))
    doc = token.doc
    if token.i > 0:
        feats.append(f"p1={doc[token.i - 1].lower_}")
    if token.i + 1 < len(doc):
        nxt = doc[token.i + 1]
        feats.append(f"n1={nxt.lower_}")
        feats.append(f"ln1={lemma}|{nxt.lower_}")
    return feats


@dataclass
class Arg:
    """A candidate piece of content: a dependent's subtree (role "child"), or the clause the cue
    hangs from minus the cue's own subtree (role "head"). A noun dependent with a modifier to
    its right is offered in parts, so "voiced discomfort | with Trump", "an interest | in
    debating X", "a truth | Rubio should heed" can be cut: the noun and its left part (role
    "trunk") and each right modifier (role "grand")."""

    token: Token
    role: str  # "child" | "head" | "trunk" | "grand"
    parent: Token | None = None  # the noun of a "grand" (the cue's dependent)
    _tokens: list[int] | None = None

    def tokens(self, cue: Token) -> list[int]:
        if self._tokens is None:
            self._tokens = self._compute(cue)
        return self._tokens

    def _compute(self, cue: Token) -> list[int]:
        if self.role == "head":
            own = {t.i for t in cue.subtree}
            return [t.i for t in self.token.subtree if t.i not in own]
        if self.role == "trunk":
            cut = {t.i for g in _splits(self.token) for t in g.subtree}
            toks = [t for t in self.token.subtree if t.i not in cut]
            # (the "and" or comma that joined a cut-off clause stays with it)
            while len(toks) > 1 and toks[-1].dep_ in ("cc", "punct"):
                toks.pop()
            return [t.i for t in toks]
        if self.token.dep_ == "prep" and self.role == "child":
            # "apologized for X": the preposition belongs to the cue, X is the content.
            return [t.i for t in self.token.subtree if t.i != self.token.i]
        return [t.i for t in self.token.subtree]


# Dependents of a cue whose right modifiers are offered separately: a noun's prepositions and
# clauses ("discomfort | with Trump"), a reported clause's coordinated or adverbial clauses
# ("that X participated … | and says he wants …", "they were separated | after …").
_SPLIT_HEADS = {"NOUN": ("dobj", "attr", "oprd", "nsubjpass", "pobj"),
                "PROPN": ("dobj", "attr", "oprd", "nsubjpass", "pobj"),
                "VERB": ("ccomp", "xcomp"), "AUX": ("ccomp", "xcomp")}
_SPLIT_MODS = {"NOUN": ("prep", "acl", "relcl"), "PROPN": ("prep", "acl", "relcl"),
               "VERB": ("conj", "advcl"), "AUX": ("conj", "advcl")}


def _splits(token: Token) -> list[Token]:
    mods = _SPLIT_MODS.get(token.pos_, ())
    return [g for g in token.rights if g.dep_ in mods]


def arg_candidates(cue: Token) -> Iterator[Arg]:
    for child in cue.children:
        if child.dep_ in _SKIP_DEPS or child.is_space:
            continue
        if child.i > cue.i and child.dep_ in _SPLIT_HEADS.get(child.pos_, ()):
            splits = _splits(child)
            if splits:
                yield Arg(child, "trunk")
                for grand in splits:
                    yield Arg(grand, "grand", child)
                continue
        yield Arg(child, "child")
    if cue.dep_ in ("ccomp", "parataxis", "advcl", "conj", "relcl", "acl", "xcomp") and \
            cue.head.i != cue.i:
        yield Arg(cue.head, "head")


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def arg_features(cue: Token, arg: Arg) -> list[str]:
    lemma = cue.lemma_.lower()
    tok = arg.token
    doc = cue.doc
    side = "L" if tok.i < cue.i else "R"
    if arg.role == "head":
        dep = "HEAD-" + cue.dep_
    elif arg.role == "trunk":
        dep = "T-" + tok.dep_
    elif arg.role == "grand":
        dep = "G-" + tok.dep_
    else:
        dep = tok.dep_
    toks = arg.tokens(cue)
    n = len(toks)
    size = _bucket(n)
    first = doc[min(toks)] if toks else tok.left_edge
    last = doc[max(toks)] if toks else tok.right_edge
    feats = ["b", f"d={dep}", f"ds={dep}|{side}", f"ld={lemma}|{dep}", f"lds={lemma}|{dep}|{side}",
             f"p={tok.pos_}|{dep}", f"sz={dep}|{size}", f"f={dep}|{first.lower_}",
             f"lex={_lex_section(lemma)}|{dep}", f"sh={dep}|{_shape(tok)}",
             f"cd={cue.dep_}|{dep}", f"w={dep}|{tok.lower_}",
             f"ct={cue.tag_}|{dep}", f"hl={dep}|{tok.lemma_.lower()}",
             f"dist={dep}|{_bucket(abs(tok.i - cue.i))}"]
    if arg.role == "grand" and arg.parent is not None:
        noun = arg.parent.lemma_.lower()
        feats += [f"gn={noun}|{tok.lower_}", f"gln={lemma}|{noun}", f"gd={arg.parent.dep_}|{dep}",
                  f"gnd={noun}|{dep}", f"gp={arg.parent.pos_}|{dep}"]
        gap = doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
        if gap is not None:
            feats.append(f"gg={dep}|{gap.lower_ if gap.is_punct or gap.dep_ == 'cc' else '-'}")
    elif arg.role == "trunk":
        feats += [f"tn={tok.lemma_.lower()}", f"tln={lemma}|{tok.lemma_.lower()}",
                  "tm=" + ",".join(g.lower_ if g.dep_ == "prep" else g.dep_
                                   for g in _splits(tok))]
    # What sits just outside the piece: a comma or dash sets off an aside, a quote mark a
    # quotation.
    if first.i > 0:
        before = doc[first.i - 1]
        if before.is_punct:
            feats.append(f"pb={dep}|{before.text}")
    if last.i + 1 < len(doc):
        after = doc[last.i + 1]
        if after.is_punct:
            feats.append(f"pa={dep}|{after.text}")
    if tok.dep_ == "prep" or tok.pos_ == "ADP":
        feats.append(f"lw={lemma}|{tok.lower_}")
        # "on Tuesday", "in 2016" are when, not what: the object's entity type tells.
        pobj = next((g for g in tok.children if g.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            feats.append(f"po={tok.lower_}|{_shape(pobj)}")
            feats.append(f"pos={_shape(pobj)}")
            feats.append(f"pol={tok.lower_}|{pobj.lemma_.lower()}")
    kids = {c.dep_ for c in tok.children}
    if "mark" in kids:
        mark = next(c.lower_ for c in tok.children if c.dep_ == "mark")
        feats.append(f"m={dep}|{mark}")
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        feats.append(f"clause={dep}")
    if arg.role == "child" and tok.i == cue.i + 1:
        feats.append(f"adj={dep}")
    return feats


class LinearModel:
    """Logistic regression over hashed features."""

    def __init__(self, weights: np.ndarray) -> None:
        self.weights = weights.astype(np.float32)
        # feature string -> weight: most features recur (tags, deps, common lemmas), and a
        # dict hit is cheaper than hashing; cleared when it grows past a bound.
        self._memo: dict[str, float] = {}

    def score(self, features: list[str]) -> float:
        memo = self._memo
        z = 0.0
        for feature in features:
            value = memo.get(feature)
            if value is None:
                value = float(self.weights[zlib.crc32(feature.encode()) & MASK])
                if len(memo) > 100_000:  # about 10 MB
                    memo.clear()
                memo[feature] = value
            z += value
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass
class AttributionModel:
    cue: LinearModel
    arg: LinearModel
    cue_threshold: float
    arg_threshold: float


@lru_cache(maxsize=1)
def load_weights(path: str | None = None) -> AttributionModel | None:
    """The shipped model, or None when the resource is missing (the rules still run, and a
    warning says why results differ)."""
    path_ = Path(path) if path else MODEL_PATH
    if not path_.exists():
        _log.warning("attribution model %s not found: lexicon rules only", path_)
        return None
    with np.load(path_) as data:
        meta = json.loads(str(data["meta"]))
        return AttributionModel(LinearModel(data["cue"]), LinearModel(data["arg"]),
                                float(meta["cue_threshold"]), float(meta["arg_threshold"]))


def save_model(path: Path, weights: dict[str, np.ndarray], meta: dict) -> None:
    np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)),
                        **{name: w.astype(np.float16) for name, w in weights.items()})


def cue_probabilities(doc: Doc, model: AttributionModel, quoted: set[int]) -> dict[int, float]:
    """token index -> probability of being a cue head, for every candidate verb."""
    from pipeline.extract.attribution import tokens_with_pos

    return {token.i: model.cue.score(cue_features(token, quoted))
            for token in tokens_with_pos(doc, CANDIDATE_POS) if is_candidate(token)}


def learned_content(cue: Token, model: AttributionModel) -> list[int]:
    """Token indices of the dependents the argument model puts in the cue's content."""
    content: set[int] = set()
    for arg in arg_candidates(cue):
        if model.arg.score(arg_features(cue, arg)) >= model.arg_threshold:
            content.update(arg.tokens(cue))
    content.discard(cue.i)
    if content:
        # A conjunction or comma between two kept pieces ("X did A | and | did B") is kept.
        doc = cue.doc
        lo, hi = min(content), max(content)
        for i in range(lo + 1, hi):
            if i in content:
                continue
            token = doc[i]
            if token.dep_ in ("cc", "punct") and token.head.i in content:
                content.add(i)
            elif token.dep_ == "prep" and token.head.i == cue.i and i > cue.i and any(
                    c.i in content for c in token.children) and any(
                    cue.i < k < i for k in content):
                # "criticized X for Y", "described X as Y": after other content the
                # preposition is part of it (only one right after the cue belongs to the cue).
                content.add(i)
    return sorted(content)


# --- training ------------------------------------------------------------------------------

def _gold_token_sets(doc: Doc, attributions: list[dict]) -> list[tuple[int | None, set[int]]]:
    """(cue head token, content tokens) per gold attribution."""
    out = []
    for a in attributions:
        content: set[int] = set()
        for c in a.get("content", []):
            span = doc.char_span(c["start"], c["end"], alignment_mode="contract")
            if span is not None:
                content.update(t.i for t in span if not t.is_punct)
        cue_toks = []
        for c in a.get("cue", []):
            span = doc.char_span(c["start"], c["end"], alignment_mode="expand")
            if span is not None:
                cue_toks.extend(span)
        ids = {t.i for t in cue_toks}
        roots = [t for t in cue_toks if t.head.i not in ids or t.head.i == t.i]
        head = None
        for t in roots:
            if is_candidate(t):
                head = t.i
                break
        if content:
            out.append((head, content))
    return out


Rows = list[tuple[list[str], int]]


def training_rows(doc: Doc, attributions: list[dict], quoted: set[int]
                  ) -> tuple[Rows, Rows]:
    gold = _gold_token_sets(doc, attributions)
    by_cue: dict[int, set[int]] = {}
    for head, content in gold:
        if head is not None:
            by_cue.setdefault(head, set()).update(content)
    cue_rows: Rows = []
    arg_rows: Rows = []
    for token in doc:
        if token.pos_ not in CANDIDATE_POS or not is_candidate(token):
            continue
        cue_rows.append((cue_features(token, quoted), int(token.i in by_cue)))
        content = by_cue.get(token.i)
        if content is None:
            continue
        for arg in arg_candidates(token):
            toks = [i for i in arg.tokens(token) if not token.doc[i].is_punct and i != token.i]
            if not toks:
                continue
            inside = sum(i in content for i in toks)
            arg_rows.append((arg_features(token, arg), int(inside >= 0.5 * len(toks))))
    return cue_rows, arg_rows


def fit(rows: list[tuple[list[str], int]], l2: float = 3e-5, epochs: int = 300,
        lr: float = 0.1) -> np.ndarray:
    """Full-batch Adam on the L2-regularised logistic loss over hashed features."""
    indptr = [0]
    indices: list[np.ndarray] = []
    y = np.empty(len(rows), dtype=np.float64)
    for k, (feats, label) in enumerate(rows):
        h = _hash(feats)
        indices.append(h)
        indptr.append(indptr[-1] + len(h))
        y[k] = label
    idx = np.concatenate(indices)
    row_of = np.repeat(np.arange(len(rows)), np.diff(indptr))
    w = np.zeros(1 << BITS)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for step in range(1, epochs + 1):
        z = np.bincount(row_of, weights=w[idx], minlength=len(rows))
        p = 1.0 / (1.0 + np.exp(-z))
        g = np.bincount(idx, weights=(p - y)[row_of], minlength=1 << BITS) / len(rows) + l2 * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
    return w

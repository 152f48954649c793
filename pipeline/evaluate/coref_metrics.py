"""Coreference scores over clusters of mention keys: MUC, B³, CEAF-e and their CoNLL mean.

Key and response are lists of sets over the same mentions (a mention missing from the
response counts as a singleton there). Standard definitions (Vilain et al. 1995; Bagga and
Baldwin 1998; Luo 2005, entity-based φ4 similarity, optimal alignment).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["Scores", "muc", "b_cubed", "ceaf_e", "conll"]

Cluster = frozenset


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _complete(key: Sequence[set], response: Sequence[set]) -> tuple[list[Cluster], list[Cluster]]:
    """Response restricted to key mentions, each missing mention its own cluster."""
    mentions = set().union(*key) if key else set()
    out = [Cluster(c & mentions) for c in response if c & mentions]
    covered = set().union(*out) if out else set()
    out += [Cluster({m}) for m in sorted(mentions - covered, key=repr)]
    return [Cluster(c) for c in key if c], out


def _muc_side(a: list[Cluster], b: list[Cluster]) -> float:
    owner: dict[Hashable, int] = {m: i for i, c in enumerate(b) for m in c}
    numerator = denominator = 0
    for cluster in a:
        parts = {owner.get(m, ("alone", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Sequence[set], response: Sequence[set]) -> Scores:
    key_c, resp_c = _complete(key, response)
    return Scores(_muc_side(resp_c, key_c), _muc_side(key_c, resp_c))


def _b3_side(a: list[Cluster], b: list[Cluster]) -> float:
    owner = {m: c for c in b for m in c}
    total = sum(len(c) for c in a)
    score = sum(len(c & owner.get(m, Cluster())) / len(c) for c in a for m in c)
    return score / total if total else 0.0


def b_cubed(key: Sequence[set], response: Sequence[set]) -> Scores:
    key_c, resp_c = _complete(key, response)
    return Scores(_b3_side(resp_c, key_c), _b3_side(key_c, resp_c))


def _best_assignment(weights: list[list[float]]) -> float:
    """The largest total weight of a one-to-one matching of rows to columns (Hungarian
    algorithm, O(n³); rows padded to a square with zero weights)."""
    size = max(len(weights), len(weights[0]))
    cost = [[-(weights[i][j] if i < len(weights) and j < len(weights[0]) else 0.0)
             for j in range(size)] for i in range(size)]
    inf = float("inf")
    u, v = [0.0] * (size + 1), [0.0] * (size + 1)
    match, way = [0] * (size + 1), [0] * (size + 1)
    for i in range(1, size + 1):
        match[0], j0 = i, 0
        low, used = [inf] * (size + 1), [False] * (size + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, size + 1):
                if not used[j]:
                    current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < low[j]:
                        low[j], way[j] = current, j0
                    if low[j] < delta:
                        delta, j1 = low[j], j
            for j in range(size + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    low[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return -sum(cost[match[j] - 1][j - 1] for j in range(1, size + 1) if match[j])


def ceaf_e(key: Sequence[set], response: Sequence[set]) -> Scores:
    key_c, resp_c = _complete(key, response)
    if not key_c or not resp_c:
        return Scores(0.0, 0.0)
    total = _best_assignment(
        [[2 * len(k & r) / (len(k) + len(r)) for r in resp_c] for k in key_c])
    return Scores(total / len(resp_c), total / len(key_c))


def conll(key: Sequence[set], response: Sequence[set]) -> dict[str, float]:
    """F1 (in percent) of each metric and their mean."""
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response),
              "ceaf_e": ceaf_e(key, response)}
    out = {name: round(100 * s.f1, 1) for name, s in scores.items()}
    out["conll"] = round(sum(out.values()) / 3, 1)
    return out

"""Optimal one-to-one assignment over a similarity matrix (Hungarian method), standard library only.

Pure: ``best_pairs(weights)`` where ``weights[i][j]`` is a positive score for an allowed pair and
``None`` for a forbidden one. Returns the pairs (i, j) of a matching with the largest total score;
rows and columns left without an allowed partner stay unpaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

Weights = Sequence[Sequence[Optional[float]]]


def best_pairs(weights: Weights) -> list[tuple[int, int]]:
    rows = len(weights)
    cols = max((len(row) for row in weights), default=0)
    if rows == 0 or cols == 0:
        return []
    size = max(rows, cols)
    top = max((w for row in weights for w in row if w is not None), default=0.0)
    big = top + 1.0
    # Minimise cost = big - weight; forbidden and padding cells cost `big` (the same as leaving
    # both sides unpaired), so any allowed pair beats no pair and the sum of weights is maximal.
    cost = [[big] * size for _ in range(size)]
    for i, row in enumerate(weights):
        for j, w in enumerate(row):
            if w is not None:
                cost[i][j] = big - float(w)
    assignment = _hungarian(cost)
    return sorted(
        (i, j)
        for i, j in enumerate(assignment)
        if i < rows and j < len(weights[i]) and weights[i][j] is not None
    )


def _hungarian(cost: list[list[float]]) -> list[int]:
    """Square min-cost assignment (the classic O(n^3) potentials form); row i gets column result[i]."""
    n = len(cost)
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    match_col = [0] * (n + 1)  # match_col[j] = row (1-based) assigned to column j
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        match_col[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = match_col[j0]
            delta, j1 = inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [0] * n
    for j in range(1, n + 1):
        if match_col[j]:
            result[match_col[j] - 1] = j - 1
    return result

"""Which children of a container moved: those outside the longest common subsequence.

A neighbour inserted or removed leaves the relative order of the others
intact, so it never makes them "moved"; only an element whose order
relative to the rest changed is reported.
"""

from __future__ import annotations

from difflib import SequenceMatcher

_DP_LIMIT = 250_000  # cells; beyond this fall back to difflib's (near-)LCS


def lcs(a: list[str], b: list[str]) -> set[str]:
    """Ids of a longest common subsequence of two id lists (ids unique in each)."""
    common = set(a) & set(b)
    a = [x for x in a if x in common]
    b = [x for x in b if x in common]
    if a == b:
        return set(a)
    n, m = len(a), len(b)
    if n * m > _DP_LIMIT:
        sm = SequenceMatcher(None, a, b, autojunk=False)
        return {x for blk in sm.get_matching_blocks() for x in a[blk.a: blk.a + blk.size]}
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = nxt[j + 1] + 1 if a[i] == b[j] else max(nxt[j], row[j + 1])
    kept: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            kept.add(a[i])
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def moved(before: list[str], after: list[str]) -> set[str]:
    """Ids present in both lists whose relative order changed."""
    common = set(before) & set(after)
    return common - lcs(before, after)

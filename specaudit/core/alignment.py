"""Pairing the removed and added lines of a change block for side-by-side display.

Equal-sized blocks pair line by line (the common case for regenerated code). Unequal
blocks are paired by similarity with difflib, but only when the block is small enough
(``LIMITS.align_max_block_cells``); larger ones pair in order with filler rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from specaudit.settings import LIMITS


def squash_ws(text: str) -> str:
    """The text with all whitespace removed (for ignore-whitespace comparisons)."""
    return "".join(text.split())


def align_block(
    old: Sequence[str], new: Sequence[str], *, ignore_whitespace: bool = False
) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in display order; None marks a filler."""
    n, m = len(old), len(new)
    if n == 0 or m == 0 or (n == m and not ignore_whitespace) or n * m > LIMITS.align_max_block_cells:
        return _in_order(n, m)
    sim = _similarity(old, new, ignore_whitespace)
    # Longest-path DP over the similarity grid: pairs keep their order, unpaired
    # lines become fillers. O(n*m), bounded by the cells limit above.
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(m - 1, -1, -1):
            best = max(below[j], row[j + 1])
            s = sim(i, j)
            if s and below[j + 1] + s > best:
                best = below[j + 1] + s
            row[j] = best
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        s = sim(i, j)
        if s and score[i][j] == score[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i + 1][j] >= score[i][j + 1]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return _merge_fillers(pairs)


def _in_order(n: int, m: int) -> list[tuple[int | None, int | None]]:
    return [(i if i < n else None, i if i < m else None) for i in range(max(n, m))]


def _similarity(old: Sequence[str], new: Sequence[str], ignore_ws: bool):
    cache: dict[tuple[int, int], float] = {}
    a = [squash_ws(x) if ignore_ws else x for x in old]
    b = [squash_ws(x) if ignore_ws else x for x in new]
    floor = LIMITS.align_min_similarity

    def sim(i: int, j: int) -> float:
        key = (i, j)
        if key not in cache:
            if a[i] == b[j]:
                cache[key] = 2.0  # identical (modulo whitespace when ignoring it)
            else:
                sm = SequenceMatcher(None, a[i], b[j], autojunk=False)
                r = sm.ratio() if sm.real_quick_ratio() >= floor and sm.quick_ratio() >= floor else 0.0
                cache[key] = r if r >= floor else 0.0
        return cache[key]

    return sim


def _merge_fillers(pairs: list[tuple[int | None, int | None]]) -> list[tuple[int | None, int | None]]:
    """Put a removed-only line and an adjacent added-only line on one row, so a run of
    unmatched lines reads as a change rather than as two staggered blocks."""
    out: list[tuple[int | None, int | None]] = []
    dels: list[int] = []
    adds: list[int] = []

    def flush() -> None:
        out.extend(_zip_fill(dels, adds))
        dels.clear()
        adds.clear()

    for o, n in pairs:
        if o is not None and n is not None:
            flush()
            out.append((o, n))
        elif o is not None:
            dels.append(o)
        else:
            adds.append(n)  # type: ignore[arg-type]
    flush()
    return out


def _zip_fill(dels: list[int], adds: list[int]) -> list[tuple[int | None, int | None]]:
    k = max(len(dels), len(adds))
    return [(dels[i] if i < len(dels) else None, adds[i] if i < len(adds) else None) for i in range(k)]

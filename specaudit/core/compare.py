"""Clause-by-clause comparison of two versions of a spec (drift detection builds on it).

Matching runs in passes, strongest evidence first:
1. same key and same text  -> unchanged (or moved, when it left its section or its order);
2. same text, different key -> renamed (ordinal keys shift when a clause is inserted);
3. same key, different text -> changed;
4. similar text (>= LIMITS.compare_rename_threshold) -> renamed, with its similarity;
5. the rest -> removed / added.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from difflib import SequenceMatcher

from specaudit.core.fingerprint import normalize_text
from specaudit.core.model import Clause, Spec
from specaudit.settings import LIMITS

STATUSES = ("unchanged", "changed", "moved", "renamed", "added", "removed")


@dataclass(frozen=True)
class ClauseChange:
    status: str
    old_key: str | None
    new_key: str | None
    similarity: float
    old: Clause | None = None
    new: Clause | None = None

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "old_key": self.old_key,
            "new_key": self.new_key,
            "similarity": round(self.similarity, 3),
            "old_lines": list(self.old.span) if self.old else None,
            "new_lines": list(self.new.span) if self.new else None,
        }


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two clause texts after whitespace normalisation."""
    a, b = normalize_text(a), normalize_text(b)
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def compare_specs(old: Spec, new: Spec) -> list[ClauseChange]:
    """Every clause of both versions, in new order, removed clauses last (in old order)."""
    old_c, new_c = old.clauses, new.clauses
    pair: dict[int, tuple[int, str, float]] = {}  # new index -> (old index, status, similarity)
    old_free = set(range(len(old_c)))
    new_free = set(range(len(new_c)))

    def take(i: int, j: int, status: str, sim: float) -> None:
        pair[j] = (i, status, sim)
        old_free.discard(i)
        new_free.discard(j)

    old_by_key = {c.key: i for i, c in enumerate(old_c)}
    for j, c in enumerate(new_c):
        i = old_by_key.get(c.key)
        if i is not None and old_c[i].fingerprint == c.fingerprint:
            take(i, j, "unchanged", 1.0)

    old_by_fp: dict[str, list[int]] = {}
    for i in sorted(old_free):
        old_by_fp.setdefault(old_c[i].fingerprint, []).append(i)
    for j in sorted(new_free):
        cands = old_by_fp.get(new_c[j].fingerprint)
        if cands:
            take(cands.pop(0), j, "renamed", 1.0)

    for j in sorted(new_free):
        i = old_by_key.get(new_c[j].key)
        if i is not None and i in old_free:
            take(i, j, "changed", similarity(old_c[i].text, new_c[j].text))

    for i, j, sim in _fuzzy_pairs(old_c, new_c, sorted(old_free), sorted(new_free)):
        take(i, j, "renamed", sim)

    _mark_moves(old_c, new_c, pair)
    out: list[ClauseChange] = []
    for j, c in enumerate(new_c):
        if j in pair:
            i, status, sim = pair[j]
            out.append(ClauseChange(status, old_c[i].key, c.key, sim, old_c[i], c))
        else:
            out.append(ClauseChange("added", None, c.key, 0.0, None, c))
    for i in sorted(old_free):
        out.append(ClauseChange("removed", old_c[i].key, None, 0.0, old_c[i], None))
    return out


def _fuzzy_pairs(old_c, new_c, old_idx, new_idx):
    """Greedy best-first pairing of the leftovers by text similarity."""
    threshold = LIMITS.compare_rename_threshold
    same_kind_only = len(old_idx) * len(new_idx) > LIMITS.compare_max_fuzzy_pairs
    norm_old = {i: normalize_text(old_c[i].text) for i in old_idx}
    norm_new = {j: normalize_text(new_c[j].text) for j in new_idx}
    scored: list[tuple[float, int, int]] = []
    for j in new_idx:
        sm = SequenceMatcher(None, autojunk=False)
        sm.set_seq2(norm_new[j])
        for i in old_idx:
            if same_kind_only and old_c[i].kind != new_c[j].kind:
                continue
            sm.set_seq1(norm_old[i])
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue
            r = sm.ratio()
            if r >= threshold:
                scored.append((r, i, j))
    scored.sort(key=lambda t: (-t[0], t[2], t[1]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for r, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            yield i, j, r


def _mark_moves(old_c, new_c, pair) -> None:
    """Unchanged clauses that changed their nearest heading, or fall outside the longest
    run kept in order, become ``moved``."""
    js = sorted(j for j, (_, s, _) in pair.items() if s == "unchanged")
    seq = [pair[j][0] for j in js]
    keep = _lis_members(seq)
    for pos, j in enumerate(js):
        i = pair[j][0]
        # The nearest heading decides: retitling the document does not move every clause.
        if pos not in keep or old_c[i].section[-1:] != new_c[j].section[-1:]:
            pair[j] = (i, "moved", 1.0)


def _lis_members(seq: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``seq``."""
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(seq)
    for pos, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(pos)
        else:
            tails[k] = v
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    members: set[int] = set()
    p = tail_pos[-1] if tail_pos else -1
    while p != -1:
        members.add(p)
        p = prev[p]
    return members

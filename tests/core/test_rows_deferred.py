"""Big files compute intra-line spans in a background pass, never inside a paint."""

from __future__ import annotations

from specaudit.core.diff import parse_patch
from specaudit.core.diff.rows import CHANGE, RowModel
from specaudit.settings import LIMITS


def _patch(n: int) -> bytes:
    old = "".join(f"-value_{i} = compute({i}, retries=3)\n" for i in range(n))
    new = "".join(f"+value_{i} = compute({i}, retries=4)\n" for i in range(n))
    return f"diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -1,{n} +1,{n} @@\n".encode() + (old + new).encode()


def test_small_files_compute_spans_on_demand():
    rows = RowModel(parse_patch(_patch(5), "t").files[0])
    assert not rows.intraline_deferred
    row = next(r for r in range(len(rows)) if rows.kind[r] == CHANGE)
    assert rows.intraline(row, compute=False) is None  # nothing computed yet
    assert rows.intraline(row) is not None


def test_big_files_defer_until_warmed():
    n = LIMITS.intraline_sync_rows + 10
    rows = RowModel(parse_patch(_patch(n), "t").files[0])
    assert rows.intraline_deferred
    changed = [r for r in range(len(rows)) if rows.kind[r] == CHANGE]
    assert len(changed) == n
    assert all(rows.intraline(r, compute=False) is None for r in changed)
    rows.warm_intraline()
    spans = [rows.intraline(r, compute=False) for r in changed]
    assert all(s is not None for s in spans)
    old_spans, new_spans = spans[0]
    # "retries=3" -> "retries=4": the highlight covers the digit, not the whole line.
    text_old = rows.text(changed[0], "old")
    assert any(text_old[a:b] == "3" for a, b in old_spans)

"""The row model a diff view paints from: one file, aligned, O(1) per row.

Rows live in flat arrays (kind, old/new line index, old/new line number, hunk), so
any row, the next hunk, or a line number's row is found without walking Python
objects. Side-by-side rows pair removed and added lines (see alignment); unified
rows list them in patch order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from specaudit.core.alignment import align_block, squash_ws
from specaudit.core.diff.model import FileDiff
from specaudit.core.intraline import Span, intraline
from specaudit.settings import LIMITS

HUNK, CONTEXT, CHANGE, DELETE, INSERT, WS_ONLY = range(6)
OLD, NEW = "old", "new"


class RowModel:
    """Rows of one file. ``unified`` lists lines in patch order; otherwise side by side.
    ``ignore_whitespace`` shows lines that differ only in whitespace as unchanged."""

    def __init__(self, fd: FileDiff, *, unified: bool = False, ignore_whitespace: bool = False):
        self.file = fd
        self.unified = unified
        self.ignore_whitespace = ignore_whitespace
        self.texts = fd.text_lines()
        self.kind = array("b")
        self.old = array("i")  # index into texts, -1 for none
        self.new = array("i")
        self.old_no = array("i")  # 1-based line numbers, 0 for none
        self.new_no = array("i")
        self.hunk_of = array("i")
        self.hunk_rows: list[int] = []
        self.partner: dict[int, int] = {}  # unified: paired delete/insert rows
        self.no_newline: set[int] = set()  # text indexes followed by "\\ No newline"
        self._line_index: dict[str, tuple[list[int], list[int]]] = {}
        self._intra: dict[int, tuple[list[Span], list[Span]] | None] = {}
        for hi, h in enumerate(fd.hunks):
            self._add_hunk(hi, h)

    # -- building -------------------------------------------------------------------
    def _push(self, kind: int, o: int, n: int, ono: int, nno: int, hi: int) -> int:
        self.kind.append(kind)
        self.old.append(o)
        self.new.append(n)
        self.old_no.append(ono)
        self.new_no.append(nno)
        self.hunk_of.append(hi)
        return len(self.kind) - 1

    def _add_hunk(self, hi: int, h) -> None:
        self.hunk_rows.append(self._push(HUNK, h.first - 1, -1, 0, 0, hi))
        texts = self.texts
        old_no, new_no = h.old_start, h.new_start
        dels: list[tuple[int, int]] = []  # (text index, line number)
        adds: list[tuple[int, int]] = []
        last = -1
        for i in range(h.first, h.end):
            c = texts[i][:1]
            if c == "-":
                dels.append((i, old_no))
                last = i
                old_no += 1
            elif c == "+":
                adds.append((i, new_no))
                last = i
                new_no += 1
            elif c == "\\":
                self.no_newline.add(last)
            else:
                if dels or adds:
                    self._flush(hi, dels, adds)
                    dels, adds = [], []
                self._push(CONTEXT, i, i, old_no, new_no, hi)
                last = i
                old_no += 1
                new_no += 1
        if dels or adds:
            self._flush(hi, dels, adds)

    def _flush(self, hi: int, dels: list[tuple[int, int]], adds: list[tuple[int, int]]) -> None:
        texts = self.texts
        if self.unified and not self.ignore_whitespace:
            self._flush_unified(hi, dels, adds, None)
            return
        pairs = align_block(
            [texts[i][1:] for i, _ in dels],
            [texts[i][1:] for i, _ in adds],
            ignore_whitespace=self.ignore_whitespace,
        )
        if self.unified:
            self._flush_unified(hi, dels, adds, pairs)
            return
        for o, n in pairs:
            if o is not None and n is not None:
                (oi, ono), (ni, nno) = dels[o], adds[n]
                kind = WS_ONLY if self.ignore_whitespace and self._ws_equal(oi, ni) else CHANGE
                self._push(kind, oi, ni, ono, nno, hi)
            elif o is not None:
                self._push(DELETE, dels[o][0], -1, dels[o][1], 0, hi)
            elif n is not None:  # align_block never yields (None, None)
                self._push(INSERT, -1, adds[n][0], 0, adds[n][1], hi)

    def _flush_unified(self, hi, dels, adds, pairs) -> None:
        if pairs is None:
            pairs = [(k, None) for k in range(len(dels))] + [(None, k) for k in range(len(adds))]
        pend_d: list[int] = []
        pend_a: list[int] = []

        def emit() -> None:
            first_rows = [self._push(DELETE, dels[o][0], -1, dels[o][1], 0, hi) for o in pend_d]
            second_rows = [self._push(INSERT, -1, adds[n][0], 0, adds[n][1], hi) for n in pend_a]
            for a, b in zip(first_rows, second_rows, strict=False):
                self.partner[a], self.partner[b] = b, a
            pend_d.clear()
            pend_a.clear()

        for o, n in pairs:
            if o is not None and n is not None and self._ws_equal(dels[o][0], adds[n][0]):
                emit()
                self._push(WS_ONLY, dels[o][0], adds[n][0], dels[o][1], adds[n][1], hi)
                continue
            if o is not None:
                pend_d.append(o)
            if n is not None:
                pend_a.append(n)
        emit()

    def _ws_equal(self, oi: int, ni: int) -> bool:
        return self.ignore_whitespace and squash_ws(self.texts[oi][1:]) == squash_ws(self.texts[ni][1:])

    # -- reading ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.kind)

    def text(self, row: int, side: str) -> str | None:
        """The line's text on ``side`` ("old"/"new"); None for a filler. HUNK rows give
        the hunk header on the old side."""
        idx = (self.old if side == OLD else self.new)[row]
        if idx < 0:
            return None
        t = self.texts[idx]
        return t if self.kind[row] == HUNK else t[1:]

    def missing_newline(self, row: int, side: str) -> bool:
        """True when the line on ``side`` is the file's last and has no newline."""
        idx = (self.old if side == OLD else self.new)[row]
        return idx >= 0 and self.kind[row] != HUNK and idx in self.no_newline

    def line_no(self, row: int, side: str) -> int:
        return (self.old_no if side == OLD else self.new_no)[row]

    def is_change(self, row: int) -> bool:
        return self.kind[row] in (CHANGE, DELETE, INSERT)

    @property
    def intraline_deferred(self) -> bool:
        """Large files get their intra-line spans from a background pass (warm_intraline)
        rather than from difflib calls inside a paint."""
        return len(self) > LIMITS.intraline_sync_rows

    def warm_intraline(self) -> None:
        """Compute every paired row's spans (off the GUI thread; dict writes are atomic)."""
        for row in range(len(self)):
            if self.kind[row] == CHANGE or row in self.partner:
                self.intraline(row)

    def intraline(self, row: int, *, compute: bool = True) -> tuple[list[Span], list[Span]] | None:
        """Changed spans for a paired row (side-by-side CHANGE, or a unified row with a
        partner); None when there is nothing finer than the whole line, or when
        ``compute`` is False and the spans are not known yet."""
        if row in self._intra:
            return self._intra[row]
        if not compute:
            return None
        result = None
        if self.kind[row] == CHANGE:
            result = intraline(self.text(row, OLD) or "", self.text(row, NEW) or "")
        elif row in self.partner:
            d, a = sorted((row, self.partner[row]))
            result = intraline(self.text(d, OLD) or "", self.text(a, NEW) or "")
        self._intra[row] = result
        return result

    # -- navigation -------------------------------------------------------------------
    def next_hunk(self, row: int) -> int | None:
        hi = self.hunk_of[row] + 1 if 0 <= row < len(self) else 0
        return self.hunk_rows[hi] if hi < len(self.hunk_rows) else None

    def prev_hunk(self, row: int) -> int | None:
        if not self.hunk_rows or row <= 0:
            return None
        hi = self.hunk_of[min(row, len(self) - 1)]
        start = self.hunk_rows[hi]
        if start < row:
            return start
        return self.hunk_rows[hi - 1] if hi > 0 else None

    def row_for_line(self, side: str, line_no: int) -> int | None:
        """The row showing ``line_no`` on ``side``, or the nearest row after it (None
        when the diff shows nothing at or after that line)."""
        nos = self.old_no if side == OLD else self.new_no
        cached = self._line_index.get(side)
        if cached is None:
            rows = [r for r in range(len(nos)) if nos[r]]
            cached = self._line_index[side] = (rows, [nos[r] for r in rows])
        rows, keys = cached
        k = bisect_left(keys, line_no)
        return rows[k] if k < len(rows) else None

    def find(self, needle: str, start: int, *, backwards: bool = False) -> int | None:
        """Next row (wrapping) whose old or new text contains ``needle`` (case-insensitive)."""
        if not needle or not len(self):
            return None
        low = needle.casefold()
        n = len(self)
        order = range(1, n + 1)
        for step in order:
            r = (start - step) % n if backwards else (start + step) % n
            if self.kind[r] == HUNK:
                continue
            for side in (OLD, NEW):
                t = self.text(r, side)
                if t is not None and low in t.casefold():
                    return r
        return None

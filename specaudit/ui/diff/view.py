"""The diff view: a QAbstractScrollArea that paints only the rows in the viewport.

Side-by-side rows share one vertical scrollbar (and one horizontal offset), so the
panes cannot drift apart. Each visible line is drawn as styled slices (syntax
colours, intra-line and find highlights); see ``segments``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QFontDatabase,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
)

from specaudit.core.diff.rows import CHANGE, DELETE, HUNK, INSERT, NEW, OLD, WS_ONLY, RowModel
from specaudit.settings import LIMITS
from specaudit.ui.diff.colors import colors_for
from specaudit.ui.kit import plain
from specaudit.ui.kit.line_drag import lines_mime
from specaudit.ui.kit.line_end import shown_line_end

MARK_W = 4  # px, the marker bar at the left of a gutter
SEGMENT_CACHE_MAX = 4000


class DiffView(QAbstractScrollArea):
    """Paints a RowModel. ``selectionMade(side, first_line, last_line)`` on mouse release."""

    selectionMade = Signal(str, int, int)
    currentRowChanged = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: RowModel | None = None
        self.unified = False
        self.syntax: dict[int, list[tuple[int, int, str]]] = {}
        self.markers: list[tuple[str, int, int, str]] = []  # (side, first, last, kind) for this file
        self.find_text = ""
        self.wrap = False  # long lines wrap onto more screen lines instead of scrolling sideways
        self.current = -1
        self._sel: tuple[str, int, int] | None = None  # side, anchor row, end row
        self._segments: dict[tuple[int, str], list] = {}
        self._max_chars = 0
        self._gutter: tuple[object, int] = (None, 0)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self._colors = colors_for(self.palette())

    # -- content --------------------------------------------------------------------
    def set_rows(self, rows: RowModel | None, syntax: dict | None = None) -> None:
        self.rows = rows
        self._gutter = (None, 0)
        self.unified = bool(rows and rows.unified)
        self.syntax = syntax or {}
        self.current = -1
        self._sel = None
        self._segments.clear()
        self._max_chars = self._longest(rows)
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self._update_scrollbars()
        self.viewport().update()

    def set_syntax(self, syntax: dict) -> None:
        self.syntax = syntax
        self._segments.clear()
        self.viewport().update()

    def set_file_markers(self, markers: list[tuple[str, int, int, str]]) -> None:
        self.markers = markers
        self.viewport().update()

    def set_wrap(self, on: bool) -> None:
        self.wrap = on
        self._update_scrollbars()
        self.viewport().update()

    def _chars_per_line(self) -> int:
        return max(8, min(c[3] for c in self.columns()) // max(1, self.fontMetrics().horizontalAdvance("M")) - 1)

    def row_lines(self, r: int) -> int:
        """Screen lines a row takes: 1, or more when wrapping long lines."""
        if not self.wrap or self.rows is None or self.rows.kind[r] == HUNK:
            return 1
        cpl = self._chars_per_line()
        sides = ("both",) if self.unified else (OLD, NEW)
        longest = 0
        for side in sides:
            shown = self._cell_side(r, side)
            if shown is not None:
                longest = max(longest, len(self.display_text(r, shown)[0].replace("\t", "    ")))
        return max(1, -(-longest // cpl))

    def set_find_text(self, text: str) -> None:
        self.find_text = text
        self.viewport().update()

    @staticmethod
    def _longest(rows: RowModel | None) -> int:
        if rows is None or not len(rows):
            return 0
        return min(max(map(len, rows.texts), default=0), LIMITS.display_line_chars + 20)

    # -- geometry -------------------------------------------------------------------
    def row_height(self) -> int:
        return self.fontMetrics().height() + 2

    def visible_rows(self) -> int:
        return max(1, self.viewport().height() // self.row_height())

    def first_visible(self) -> int:
        return self.verticalScrollBar().value()

    def _digits_w(self) -> int:
        """Gutter width: enough digits for the largest line number (cached per model)."""
        key = id(self.rows)
        if self._gutter[0] != key:
            n = 1
            if self.rows is not None and len(self.rows):
                n = len(str(max(max(self.rows.old_no, default=0), max(self.rows.new_no, default=0))))
            self._gutter = (key, self.fontMetrics().horizontalAdvance("9" * max(n, 3)) + 10 + MARK_W)
        return self._gutter[1]

    def columns(self) -> list[tuple[str, int, int, int]]:
        """(side, gutter x, text x, text width) per pane; unified has one pane ("both")."""
        w = self.viewport().width()
        g = self._digits_w()
        if self.unified:
            text_x = 2 * g + self.fontMetrics().horizontalAdvance("+ ")
            return [("both", 0, text_x, max(10, w - text_x))]
        status = self.rows.file.status if self.rows is not None else ""
        if status in ("A", "D"):  # an added or deleted file has one side: it gets the whole width
            return [(NEW if status == "A" else OLD, 0, g, max(10, w - g))]
        half = w // 2
        return [(OLD, 0, g, max(10, half - g)), (NEW, half, half + g, max(10, w - half - g))]

    def _update_scrollbars(self) -> None:
        n = len(self.rows) if self.rows is not None else 0
        vis = self.visible_rows()
        vs = self.verticalScrollBar()
        vs.setRange(0, max(0, n - vis + 1))
        vs.setPageStep(vis)
        vs.setSingleStep(1)
        text_w = min(c[3] for c in self.columns())
        need = self._max_chars * self.fontMetrics().horizontalAdvance("M") + 20
        hs = self.horizontalScrollBar()
        hs.setRange(0, 0 if self.wrap else max(0, need - text_w))
        hs.setPageStep(text_w)
        hs.setSingleStep(self.fontMetrics().horizontalAdvance("M") * 4)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.FontChange):
            self._colors = colors_for(self.palette())
            self._gutter = (None, 0)
            self._segments.clear()
            self._update_scrollbars()

    def row_at(self, y: int) -> int:
        if not self.wrap or self.rows is None:
            return self.first_visible() + y // self.row_height()
        r, top, rh = self.first_visible(), 0, self.row_height()
        while r < len(self.rows) - 1 and top + self.row_lines(r) * rh <= y:
            top += self.row_lines(r) * rh
            r += 1
        return r

    def row_rect(self, row: int) -> QRect:
        rh = self.row_height()
        if not self.wrap or self.rows is None:
            return QRect(0, (row - self.first_visible()) * rh, self.viewport().width(), rh)
        top = sum(self.row_lines(r) for r in range(self.first_visible(), row)) * rh
        return QRect(0, top, self.viewport().width(), self.row_lines(row) * rh)

    # -- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self.viewport())
        col = self._colors
        p.fillRect(event.rect(), col.base)
        rows = self.rows
        if rows is None or not len(rows):
            p.setPen(col.dim)
            p.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text())
            return
        rh = self.row_height()
        first = self.first_visible()
        cols = self.columns()
        sel = self._selected_rows()
        y, r, bottom = 0, first, self.viewport().height()
        while r < len(rows) and y < bottom:
            h = self.row_lines(r) * rh
            if rows.kind[r] == HUNK:
                self._paint_hunk(p, r, y, rh)
            else:
                for side, gx, tx, tw in cols:
                    self._paint_cell(p, r, side, gx, tx, tw, y, h, sel)
                if r == self.current:
                    p.fillRect(QRect(0, y, self.viewport().width(), h), col.current)
            y += h
            r += 1
        if len(cols) == 2:
            p.setPen(col.dim)
            p.drawLine(cols[1][1], 0, cols[1][1], self.viewport().height())

    def _empty_text(self) -> str:
        return "No changes to show"

    @property
    def _shown(self) -> RowModel:
        """The rows being painted or read (only asked while a file is shown)."""
        assert self.rows is not None
        return self.rows

    def _paint_hunk(self, p: QPainter, r: int, y: int, rh: int) -> None:
        col = self._colors
        p.fillRect(QRect(0, y, self.viewport().width(), rh), col.hunk)
        p.setPen(col.dim)
        p.drawText(QRect(6, y, self.viewport().width() - 12, rh), Qt.AlignmentFlag.AlignVCenter,
                   self._shown.text(r, OLD) or "")

    def _cell_side(self, r: int, side: str) -> str | None:
        """Which side's line a cell shows (unified: the new line if there is one)."""
        rows = self._shown
        if side != "both":
            return side if (rows.old if side == OLD else rows.new)[r] >= 0 else None
        return NEW if rows.new[r] >= 0 else OLD

    def _paint_cell(self, p, r, side, gx, tx, tw, y, rh, sel) -> None:
        rows, col = self._shown, self._colors
        shown = self._cell_side(r, side)
        kind = rows.kind[r]
        bg = self._background(kind, shown, side)
        p.fillRect(QRect(gx, y, tx - gx + tw, rh), bg)
        p.fillRect(QRect(gx, y, tx - gx - 4, rh), col.gutter)
        if shown is None:
            return
        fm = self.fontMetrics()
        baseline = y + 1 + fm.ascent()
        h, rh = rh, self.row_height()  # the row's height (more when wrapped), one line's height
        p.setPen(col.dim)
        g = self._digits_w()
        if side == "both":
            for k, s in enumerate((OLD, NEW)):
                no = rows.line_no(r, s)
                if no:
                    p.drawText(QRect(gx + MARK_W + k * g, y, g - MARK_W - 6, rh),
                               Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(no))
            sign = {DELETE: "-", INSERT: "+"}.get(kind, " ")
            p.drawText(tx - fm.horizontalAdvance("+ "), baseline, sign)
        else:
            p.drawText(QRect(gx + MARK_W, y, g - MARK_W - 6, rh),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(rows.line_no(r, shown)))
        mark = self.marker_kind(r, shown)
        if mark:
            p.fillRect(QRect(gx, y, MARK_W, h), col.markers.get(mark, col.dim))
        if sel is not None and sel[0] in (shown, "both") and sel[1] <= r <= sel[2]:
            # A wash over the gutter and an outline round the lines, never a fill over the
            # code: a selected (or revealed, linked) line keeps its added/removed colour.
            p.fillRect(QRect(gx, y, tx - gx, h), col.selection)
            p.fillRect(QRect(tx - 3, y, 2, h), col.markers["link"])
            if r == sel[1]:
                p.fillRect(QRect(gx, y, tx - gx + tw, 1), col.markers["link"])
            if r == sel[2]:
                p.fillRect(QRect(gx, y + h - 1, tx - gx + tw, 1), col.markers["link"])
        p.save()
        p.setClipRect(QRect(tx, y, tw, h))
        self._draw_text(p, r, shown, tx + 2 - self.horizontalScrollBar().value(), y, tx + tw, rh)
        p.restore()

    def _background(self, kind: int, shown: str | None, side: str) -> QColor:
        col = self._colors
        if shown is None:
            return col.filler
        if kind == CHANGE or (kind == DELETE and shown == OLD) or (kind == INSERT and shown == NEW):
            return col.deleted if shown == OLD else col.added
        if kind == WS_ONLY:
            return col.ws_only
        return col.base

    # -- text segments ------------------------------------------------------------------
    # QTextLayout would take UTF-16 format ranges, but PySide6 6.12 corrupts None's
    # refcount in QTextLayout.beginLayout()/endLayout() (the process aborts at exit).
    # So lines are drawn as styled slices of the Python string: spans stay in code
    # points, and an astral character (emoji) is one slice character, never two.
    def display_text(self, r: int, side: str) -> tuple[str, bool]:
        """The text drawn for a line: CR shown as a glyph, very long lines cut."""
        rows = self._shown
        text = shown_line_end(rows.text(r, side) or "", rows.file.all_crlf())
        cut = len(text) > LIMITS.display_line_chars
        if cut:
            text = text[: LIMITS.display_line_chars]
        return text, cut

    def styled_spans(self, r: int, side: str) -> list[tuple[int, int, str]]:
        """(start, end, style) in code points of display_text; style is a syntax key,
        "intra" (changed words) or "find"."""
        rows = self._shown
        text, _cut = self.display_text(r, side)
        idx = (rows.old if side == OLD else rows.new)[r]
        out = [(a, b, key) for a, b, key in self.syntax.get(idx, ())]
        intra = (rows.intraline(r, compute=not rows.intraline_deferred)
                 if rows.kind[r] in (CHANGE, DELETE, INSERT) else None)
        if intra is not None:
            out += [(a, b, "intra") for a, b in (intra[0] if side == OLD else intra[1])]
        if self.find_text:
            low, needle = text.casefold(), self.find_text.casefold()
            if len(low) == len(text):
                at = low.find(needle)
                while at >= 0:
                    out.append((at, at + len(needle), "find"))
                    at = low.find(needle, at + len(needle))
        return out

    def segments(self, r: int, side: str) -> list[tuple[str, QColor, QColor | None, int]]:
        """The line as drawable pieces: (text, foreground, background or None, width px)."""
        key = (r, side)
        cached = self._segments.get(key)
        if cached is not None:
            return cached
        col = self._colors
        text, cut = self.display_text(r, side)
        n = len(text)
        strong = col.deleted_strong if side == OLD else col.added_strong
        fgs: list[tuple[int, int, QColor | None]] = []
        bgs: list[tuple[int, int, QColor]] = []
        for a, b, style in self.styled_spans(r, side):
            a, b = max(0, a), min(n, b)
            if b <= a:
                continue
            if style == "intra":
                bgs.append((a, b, strong))
            elif style == "find":
                bgs.append((a, b, col.find))
            else:
                fgs.append((a, b, col.syntax.get(style)))
        cuts = sorted({0, n, *(x for a, b, _ in fgs for x in (a, b)), *(x for a, b, _ in bgs for x in (a, b))})
        fm = self.fontMetrics()
        out = []
        for start, end in zip(cuts, cuts[1:], strict=False):
            # Later spans win: find highlights over intra-line, syntax over plain text.
            fg = next((c for a, b, c in reversed(fgs) if a <= start < b), None) or col.text
            bg = next((c for a, b, c in reversed(bgs) if a <= start < b), None)
            piece = text[start:end].replace("\t", "    ")  # fixed-width tabs keep offsets simple
            out.append((piece, fg, bg, fm.horizontalAdvance(piece)))
        tail = ""
        if cut:
            whole = self._shown.text(r, side) or ""
            tail = f"  \u2026 [{len(whole) - n} more characters; double-click to see all]"
        if self._shown.missing_newline(r, side):
            tail += "  \u2300 no newline at end of file"
        if tail:
            out.append((tail, col.dim, None, fm.horizontalAdvance(tail)))
        if len(self._segments) > SEGMENT_CACHE_MAX:
            self._segments.clear()
        self._segments[key] = out
        return out

    def _draw_text(self, p: QPainter, r: int, side: str, x: int, y: int, right: int, rh: int) -> None:
        baseline = y + 1 + self.fontMetrics().ascent()
        if self.wrap:
            self._draw_wrapped(p, r, side, x, baseline, y, rh)
            return
        for piece, fg, bg, w in self.segments(r, side):
            if x > right:
                break
            if x + w >= 0:
                if bg is not None:
                    p.fillRect(QRect(x, y, w, rh), bg)
                p.setPen(fg)
                p.drawText(QPoint(x, baseline), piece)
            x += w

    def _draw_wrapped(self, p: QPainter, r: int, side: str, left: int, baseline: int, y: int, rh: int) -> None:
        """Draw the line's pieces, breaking every ``_chars_per_line`` characters (the font is
        monospaced, so a character is one advance wide)."""
        cpl, cw = self._chars_per_line(), self.fontMetrics().horizontalAdvance("M")
        col = 0
        for piece, fg, bg, _w in self.segments(r, side):
            while piece:
                take = piece[: cpl - col]
                x = left + col * cw
                w = self.fontMetrics().horizontalAdvance(take)
                if bg is not None:
                    p.fillRect(QRect(x, y, w, rh), bg)
                p.setPen(fg)
                p.drawText(QPoint(x, baseline), take)
                piece = piece[len(take):]
                col += len(take)
                if col >= cpl:
                    col, y, baseline = 0, y + rh, baseline + rh

    def invalidate(self) -> None:
        self._segments.clear()
        self.viewport().update()

    # -- markers, selection -------------------------------------------------------------
    def marker_kind(self, r: int, side: str) -> str | None:
        no = self._shown.line_no(r, side)
        if not no:
            return None
        found = None
        for m_side, first, last, kind in self.markers:
            if m_side == side and first <= no <= last:
                if kind == "scar-overwritten":
                    return kind
                found = found or kind
        return found

    def _selected_rows(self) -> tuple[str, int, int] | None:
        if self._sel is None:
            return None
        side, a, b = self._sel
        return side, min(a, b), max(a, b)

    def selection_lines(self) -> tuple[str, int, int] | None:
        """(side, first line, last line) of the selection; None when it holds no line."""
        sel = self._selected_rows()
        if sel is None or self.rows is None:
            return None
        side, a, b = sel
        nos = [self.rows.line_no(r, side) for r in range(a, b + 1) if self.rows.kind[r] != HUNK]
        nos = [n for n in nos if n]
        return (side, min(nos), max(nos)) if nos else None

    def select_rows(self, side: str, first_row: int, last_row: int) -> None:
        self._sel = (side, first_row, last_row)
        self.viewport().update()

    def clear_selection(self) -> None:
        self._sel = None
        self.viewport().update()

    def _side_at(self, x: int, r: int) -> str | None:
        if self.rows is None or not 0 <= r < len(self.rows):
            return None
        if self.unified:
            return self._cell_side(r, "both")
        cols = self.columns()
        return cols[0][0] if len(cols) == 1 else OLD if x < cols[1][1] else NEW

    def _in_selection(self, r: int, side: str | None) -> bool:
        sel = self._selected_rows()
        return sel is not None and sel[0] == side and sel[1] <= r <= sel[2]

    def mousePressEvent(self, event) -> None:
        r = self.row_at(int(event.position().y()))
        side = self._side_at(int(event.position().x()), r)
        if event.button() == Qt.MouseButton.LeftButton and side is not None:
            if self._in_selection(r, side) and self.selection_lines() is not None:
                self._drag_from = event.position().toPoint()  # maybe a drag onto a clause
                return
            self.set_current(r, scroll=False)
            self._sel = (side, r, r)
            self.viewport().update()

    def drag_mime(self):
        """The selected lines as a drag payload (None without a selection)."""
        lines = self.selection_lines()
        if lines is None or self.rows is None:
            return None
        return lines_mime(self.rows.file.path, *lines)

    def mouseMoveEvent(self, event) -> None:
        start = getattr(self, "_drag_from", None)
        if start is not None:
            if (event.position().toPoint() - start).manhattanLength() >= QApplication.startDragDistance():
                self._drag_from = None
                mime = self.drag_mime()
                if mime is not None:
                    drag = QDrag(self)
                    drag.setMimeData(mime)
                    drag.exec(Qt.DropAction.LinkAction | Qt.DropAction.CopyAction)
            return
        if self._sel is not None and self.rows is not None:
            r = max(0, min(len(self.rows) - 1, self.row_at(int(event.position().y()))))
            self._sel = (self._sel[0], self._sel[1], r)
            self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:
        if getattr(self, "_drag_from", None) is not None:  # a click inside the selection
            self._drag_from = None
            r = self.row_at(int(event.position().y()))
            self.set_current(r, scroll=False)
            self._sel = (self._sel[0], r, r) if self._sel is not None else None
            self.viewport().update()
        lines = self.selection_lines()
        if lines is not None:
            self.selectionMade.emit(*lines)

    def mouseDoubleClickEvent(self, event) -> None:
        r = self.row_at(int(event.position().y()))
        side = self._side_at(int(event.position().x()), r)
        if side is not None and self.display_text(r, side)[1]:
            plain.whole_line(self, self._shown.text(r, side) or "")

    # -- navigation -------------------------------------------------------------------
    def set_current(self, r: int, *, scroll: bool = True) -> None:
        if self.rows is None or not len(self.rows):
            return
        self.current = max(0, min(len(self.rows) - 1, r))
        if scroll:
            self.ensure_visible(self.current)
        self.viewport().update()
        self.currentRowChanged.emit(self.current)

    def ensure_visible(self, r: int, *, center: bool = False) -> None:
        vs = self.verticalScrollBar()
        vis = self.visible_rows()
        if center:
            vs.setValue(max(0, r - vis // 3))
        elif r < vs.value():
            vs.setValue(r)
        elif r >= vs.value() + vis:
            vs.setValue(r - vis + 1)

    def next_hunk(self) -> bool:
        if self.rows is None:
            return False
        target = self.rows.next_hunk(self.current)
        if target is None:
            return False
        self.set_current(target)
        self.ensure_visible(target, center=True)
        return True

    def prev_hunk(self) -> bool:
        if self.rows is None:
            return False
        target = self.rows.prev_hunk(self.current if self.current >= 0 else 0)
        if target is None:
            return False
        self.set_current(target)
        self.ensure_visible(target, center=True)
        return True

    def extend_selection(self, step: int) -> None:
        """Shift+Up/Down: grow the line selection from the current row, keyboard only."""
        if self.rows is None or not len(self.rows):
            return
        if self._sel is None:
            start = max(0, self.current)
            side = NEW if self.rows.line_no(start, NEW) else OLD
            self._sel = (side, start, start)
        side, anchor, _end = self._sel
        self.set_current(self.current + step)
        self._sel = (side, anchor, self.current)
        self.viewport().update()
        lines = self.selection_lines()
        if lines is not None:
            self.selectionMade.emit(*lines)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if shift and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.extend_selection(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_J, Qt.Key.Key_K) and self._sel is not None:
            self.clear_selection()  # moving without Shift starts afresh, as in a text editor
        if key in (Qt.Key.Key_N, Qt.Key.Key_F7) and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.next_hunk()
        elif key in (Qt.Key.Key_P,) or (key == Qt.Key.Key_F7 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.prev_hunk()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.set_current(self.current + 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.set_current(self.current - 1)
        elif key == Qt.Key.Key_PageDown:
            self.set_current(self.current + self.visible_rows())
        elif key == Qt.Key.Key_PageUp:
            self.set_current(self.current - self.visible_rows())
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(self.rows) - 1 if self.rows else 0)
        else:
            super().keyPressEvent(event)

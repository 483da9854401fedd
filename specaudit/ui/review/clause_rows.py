"""How a clause row is drawn in the clause list: its key in bold, then its title wrapped
over up to two lines (the rest elided), so a title reads as words rather than as nine
characters and an ellipsis. Section rows are drawn as usual.

Text is drawn line by line with QPainter (no QTextLayout: see diff/view.py on PySide6's
QTextLayout), from the item's plain key and title: nothing is read as markup.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTextBoundaryFinder,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from specaudit.ui.review.clause_filter import ROLE_CONTEXT, ROLE_KEY, ROLE_LABEL, ROLE_TITLE

GAP = "  "  # between the key and the title
LINES = 2  # at most this many lines per clause row
CACHE_MAX = 20_000  # remembered line counts (clause x width) before the cache starts afresh


def wrap_title(key_w: int, title: str, width: int, fm: QFontMetrics) -> tuple[str, str]:
    """(first line's title, second line) for a title after a key ``key_w`` px wide in a
    ``width`` px column; the second line is elided on the right when it overflows, empty
    when everything fits on the first. Lines break where Unicode allows (UAX #14, through
    Qt): between words, and between the characters of a Japanese or Chinese sentence, which
    has no spaces: breaking only at spaces left "When" alone on the first line of
    "When ユーザーがタスク…"."""
    title = " ".join(title.split())
    room = width - key_w - fm.horizontalAdvance(GAP)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, title)
    breaks = list(iter(finder.toNextBoundary, -1))
    # The last break whose line fits (a line's width grows with its end: bisect, as a row
    # is painted again on every scroll).
    fits = bisect_right(breaks, False, key=lambda at: fm.horizontalAdvance(title[:at].rstrip()) > room)
    cut = breaks[fits - 1] if fits else 0
    first, rest = title[:cut].rstrip(), title[cut:].strip()
    return first, fm.elidedText(rest, Qt.TextElideMode.ElideRight, max(0, width)) if rest else ""


class ClauseRowDelegate(QStyledItemDelegate):
    """Paints clause rows of ``tree``'s first column; asks for two lines of height only
    for a row whose title does not fit on one at the column's current width."""

    def __init__(self, tree: QTreeView):
        super().__init__(tree)
        self._tree = tree
        # Qt asks a row's height on every change to any of its cells (a repainted verdict
        # sets several): the answers are cached, so a 1,000-clause list stays fast.
        self._lines: dict[tuple[str, int, str, str], int] = {}
        self._text_w: dict[int, int] = {}  # cell width -> its text's width (the check box aside)
        self._base_h: dict[str, int] = {}  # font -> a one-line row's height
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(tree.doItemsLayout)
        tree.header().sectionResized.connect(lambda col, _old, _new: col == 0 and self._relayout.start())

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFontMetrics(option.font), QFontMetrics(bold)

    def _text_rect(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRect:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget or self._tree
        return widget.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        key = index.data(ROLE_KEY)
        if key is None or index.column() != 0:
            return super().sizeHint(option, index)
        font = option.font.toString()
        base = self._base_h.get(font)
        if base is None:
            base = self._base_h[font] = super().sizeHint(option, index).height()
        # The cell's width: the column less the indentation of the row's depth.
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        cell_w = self._tree.header().sectionSize(0) - depth * self._tree.indentation()
        width = self._text_w.get(cell_w)
        if width is None:
            opt = QStyleOptionViewItem(option)
            opt.rect = QRect(0, 0, cell_w, base)
            width = self._text_w[cell_w] = self._text_rect(opt, index).width()
        title = index.data(ROLE_TITLE) or ""
        key = index.data(ROLE_LABEL) or key
        lines = self._lines.get((font, width, key, title))
        fm = QFontMetrics(option.font)
        if lines is None:
            if len(self._lines) > CACHE_MAX:
                self._lines.clear()
            _bold, _fm, bold_fm = self._fonts(option)
            _first, second = wrap_title(bold_fm.horizontalAdvance(key), title, width, fm)
            lines = self._lines[(font, width, key, title)] = LINES if second else 1
        return QSize(cell_w, max(base, lines * fm.lineSpacing() + 6))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        key = index.data(ROLE_KEY)
        if key is None or index.column() != 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # background, selection, focus and check box as usual; the text below
        widget = opt.widget or self._tree
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = widget.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        bold, fm, bold_fm = self._fonts(option)
        key_shown = bold_fm.elidedText(index.data(ROLE_LABEL) or key, Qt.TextElideMode.ElideRight, rect.width())
        key_w = bold_fm.horizontalAdvance(key_shown)
        first, second = wrap_title(key_w, index.data(ROLE_TITLE) or "", rect.width(), fm)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        group = (QPalette.ColorGroup.Disabled if not opt.state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        # A note beside the requirements is read, not reviewed: quieter, so the clauses stand out.
        quiet = bool(index.data(ROLE_CONTEXT))
        role = (QPalette.ColorRole.HighlightedText if selected
                else QPalette.ColorRole.PlaceholderText if quiet else QPalette.ColorRole.Text)
        painter.setPen(opt.palette.color(group, role))
        height = fm.lineSpacing() * (2 if second else 1)
        top = rect.top() + max(0, (rect.height() - height) // 2)
        line = QRect(rect.left(), top, rect.width(), fm.lineSpacing())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setFont(bold)
        painter.drawText(line, align, key_shown)
        painter.setFont(option.font)
        painter.drawText(line.adjusted(key_w + fm.horizontalAdvance(GAP), 0, 0, 0), align, first)
        if second:
            painter.drawText(line.translated(0, fm.lineSpacing()), align, second)
        painter.restore()

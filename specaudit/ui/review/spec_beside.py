"""The spec's own text, laid beside the whole-change diff.

The current clause's lines are highlighted and scrolled into view; putting the caret
in another clause's lines (click or arrow keys) selects that clause, so the clause
list, this text and the evidence follow each other both ways.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from specaudit.core.model import shown_text


class SpecBeside(QPlainTextEdit):
    clauseChosen = Signal(str, str)  # spec rel, clause key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("specBeside")
        self.setAccessibleName("Spec text beside the diff")
        self.setToolTip("The spec; the current clause is highlighted. Click a clause's lines to select it.")
        self.setReadOnly(True)
        self.setTextInteractionFlags(self.textInteractionFlags() | self.textInteractionFlags().TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self._entry = None
        self._span: tuple[int, int] | None = None
        self._quiet = False
        self.cursorPositionChanged.connect(self._caret_moved)

    def show_clause(self, entry, clause) -> None:
        """Show ``clause``'s spec with the clause highlighted (loads the text once per spec)."""
        self._quiet = True
        try:
            if self._entry is None or self._entry.rel != entry.rel or self._entry.spec is not entry.spec:
                self._entry = entry
                self.setPlainText(shown_text(entry.spec.text))  # a byte that is not UTF-8 as U+FFFD
            self._span = clause.span
            self._highlight()
            block = self.document().findBlockByNumber(max(0, clause.span[0] - 1))
            cursor = QTextCursor(block)
            self.setTextCursor(cursor)
            self.centerCursor()
        finally:
            self._quiet = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Scrolling a hidden view does nothing: centre the clause once it shows."""
        super().showEvent(event)
        if self._span is not None:
            self._quiet = True
            try:
                self.setTextCursor(QTextCursor(self.document().findBlockByNumber(max(0, self._span[0] - 1))))
                self.centerCursor()
            finally:
                self._quiet = False

    def highlighted_lines(self) -> tuple[int, int] | None:
        return self._span

    def _highlight(self) -> None:
        if self._span is None:
            self.setExtraSelections([])
            return
        first, last = self._span
        doc = self.document()
        sel = QTextEdit.ExtraSelection()
        start = doc.findBlockByNumber(max(0, first - 1))
        end = doc.findBlockByNumber(max(0, last - 1))
        cursor = QTextCursor(start)
        cursor.setPosition(end.position() + max(0, end.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        color = QColor(self.palette().highlight().color())
        color.setAlpha(60)
        sel.format.setBackground(color)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.setExtraSelections([sel])

    def _caret_moved(self) -> None:
        if self._quiet or self._entry is None:
            return
        line = self.textCursor().blockNumber() + 1
        inside = [c for c in self._entry.spec.clauses if c.span[0] <= line <= c.span[1]]
        found = min(inside, key=lambda c: c.span[1] - c.span[0], default=None)  # the innermost
        if found is not None and found.span != self._span:
            self.clauseChosen.emit(self._entry.rel, found.key)

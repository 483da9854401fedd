"""Find and replace over a QPlainTextEdit; replacements are undoable like typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from specaudit.ui.kit import plain


class FindBar(QWidget):
    """Hidden until asked for (Ctrl+F / Ctrl+H); Escape hides it again."""

    closed = Signal()

    def __init__(self, edit: QPlainTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self._edit = edit
        self.find_text = QLineEdit(self)
        self.find_text.setPlaceholderText("Find")
        self.find_text.setAccessibleName("Find text")
        self.replace_text = QLineEdit(self)
        self.replace_text.setPlaceholderText("Replace with")
        self.replace_text.setAccessibleName("Replacement text")
        self.case = QCheckBox("Match &case", self)
        self.status = plain.label(self)
        buttons = []
        for label, slot in (("&Next", self.find_next), ("&Previous", self.find_previous),
                            ("&Replace", self.replace_one), ("Replace &all", self.replace_all)):
            b = QPushButton(label, self)
            b.clicked.connect(slot)
            buttons.append(b)
        close = QPushButton("Close", self)
        close.clicked.connect(self.hide_bar)
        # Find on one row, replace on the next: one row of nine was 600 px wide, wider
        # than the editor in a tiled half-screen window.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, w in enumerate((self.find_text, *buttons[:2], self.case, close)):
            grid.addWidget(w, 0, column)
        for column, w in enumerate((self.replace_text, *buttons[2:], self.status)):
            grid.addWidget(w, 1, column, 1, 2 if w is self.status else 1)
        grid.setColumnStretch(0, 1)
        self.find_text.returnPressed.connect(self.find_next)
        self.hide()

    def show_bar(self, replace: bool = False) -> None:
        self.show()
        selected = self._edit.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_text.setText(selected)
        (self.replace_text if replace and self.find_text.text() else self.find_text).setFocus()
        self.find_text.selectAll()

    def hide_bar(self) -> None:
        self.hide()
        self._edit.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.hide_bar()
            return
        super().keyPressEvent(event)

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def find(self, backward: bool = False) -> bool:  # type: ignore[override]  # not QWidget.find(id)
        """Next match from the cursor, wrapping around once."""
        needle = self.find_text.text()
        if not needle:
            return False
        flags = self._flags(backward)
        if self._edit.find(needle, flags):
            self.status.setText("")
            return True
        cursor = self._edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self._edit.setTextCursor(cursor)
        found = self._edit.find(needle, flags)
        self.status.setText("" if found else "not found")
        return found

    def find_next(self) -> bool:
        return self.find()

    def find_previous(self) -> bool:
        return self.find(backward=True)

    def _selection_matches(self) -> bool:
        sel = self._edit.textCursor().selectedText()
        needle = self.find_text.text()
        return bool(needle) and (sel == needle if self.case.isChecked() else sel.lower() == needle.lower())

    def replace_one(self) -> bool:
        """Replace the current match (if selected) and move to the next one."""
        if not self._selection_matches() and not self.find():
            return False
        self._edit.textCursor().insertText(self.replace_text.text())
        self.find()
        return True

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many."""
        needle = self.find_text.text()
        if not needle:
            return 0
        doc = self._edit.document()
        count = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        cursor = doc.find(needle, 0, self._flags())
        while not cursor.isNull():
            cursor.insertText(self.replace_text.text())
            count += 1
            cursor = doc.find(needle, cursor.position(), self._flags())
        edit.endEditBlock()
        self.status.setText(f"{count} replaced")
        return count

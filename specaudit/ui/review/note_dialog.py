"""The note on a clause's verdict: a small dialog made for typing (``dialog_keys``: Tab
moves on, Ctrl+Return saves, Alt+letter never types), in place of Qt's multi-line input
dialog. ``ask_note`` is what the window calls."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from specaudit.ui.kit import plain
from specaudit.ui.kit.dialog_keys import writing_keys
from specaudit.ui.kit.rich_text import clause_title


class NoteDialog(QDialog):
    def __init__(self, key: str, title: str, note: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Note on {key}")
        self.setMinimumSize(480, 240)
        title = clause_title(key, title)  # "**FR-006**: System…" says its key once, as the list does
        heading = plain.label(self, f"{key}: {title}" if title else key)  # spec text: never markup
        heading.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(f"Note on {key}")
        self.text.setPlaceholderText("Why this verdict: what the code does, what is missing, what to ask.")
        self.text.setPlainText(note or "")
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)
        hint = plain.label(self, "Ctrl+Enter saves \u00b7 Tab moves to the buttons \u00b7 Esc cancels")
        hint.setStyleSheet("color:#777")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        writing_keys(self, self.accept)
        self.text.setFocus()

    def note(self) -> str:
        return self.text.toPlainText()


def ask_note(parent: QWidget | None, key: str, note: str | None, title: str = "") -> str | None:
    """The note as edited, or None when the reviewer cancelled."""
    dialog = NoteDialog(key, title, note, parent)
    return dialog.note() if dialog.exec() else None

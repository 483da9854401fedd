"""Asks before the repository's test command runs for the first time (or after it changed).

Everything the command is made of is shown as plain text, one argument per row, each in
quotes with control characters and bidi overrides escaped (``app.trust.describe``, the
same rows `specaudit trust` prints), so ``['<b>cmd</b>', '<!--', 'rm -rf ~', '-->']``
reads exactly as that. Cancel is the default button: Enter or Escape runs nothing.
Accepting means "trust and run": the caller records the trust (app.trust.record_trust).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.testing.trust import TestCommand, describe
from specaudit.ui.kit import plain


class TrustDialog(QDialog):
    """``TrustDialog(command, parent)``: ``accepted`` when the user chose Run."""

    def __init__(self, command: TestCommand, parent: QWidget | None = None):
        super().__init__(parent)
        self.command = command
        self.setWindowTitle("Run this repository's test command?")
        self.setModal(True)
        self.setMinimumSize(700, 380)  # the whole SHA-256 row fits
        self.intro = plain.label(self, f"{command.source} in this repository asks specaudit to run the command "
                                       "below, with your permissions. Whoever wrote the repository chose it. "
                                       "Run it only if you trust every argument.")
        self.intro.setWordWrap(True)
        self.rows = QPlainTextEdit(self)
        self.rows.setReadOnly(True)
        self.rows.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.rows.setAccessibleName("The exact command, one argument per line")
        font: QFont = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.rows.setFont(font)
        self.rows.setPlainText("\n".join(describe(command)))
        self.after = plain.label(self, "Run records your trust in your own configuration (never in the repository); "
                                       "if the command changes, specaudit asks again. "
                                       "`specaudit trust --revoke` forgets it.")
        self.after.setWordWrap(True)
        self.run_button = QPushButton("&Run", self)
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.after)
        layout.addLayout(buttons)
        self.cancel_button.setFocus()

    def shown_rows(self) -> list[str]:
        """The rows as displayed (for tests and accessibility checks)."""
        return self.rows.toPlainText().split("\n")

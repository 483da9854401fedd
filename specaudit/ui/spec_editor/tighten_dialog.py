"""The Tighten dialog: the proposed clause, editable, with a live preview of the spec change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.tighten import Proposal, Tightened, apply_tightening, preview
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS
from specaudit.ui import plain
from specaudit.ui.spec_editor.change_view import SpecChangeView


class TightenDialog(QDialog):
    """``TightenDialog(root, proposal, parent)``. Accept writes the clause through the
    format's write-back API (``app.tighten.apply_tightening``) and emits ``tightened``;
    a failure is shown in the dialog, which stays open with the text intact."""

    tightened = Signal(object)  # app.tighten.Tightened

    def __init__(self, root: Path, proposal: Proposal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tighten the Spec")
        self.setMinimumSize(720, 520)
        self._root, self._proposal = Path(root), proposal
        self.result_value: Tightened | None = None
        source = f"scar {proposal.scar}" if proposal.scar else f"the verdict on {proposal.source_clause}"
        self.where = plain.label(self, f"New constraint from {source}, in {proposal.spec} {proposal.placement}:")
        self.where.setWordWrap(True)
        self.text = QPlainTextEdit(proposal.text, self)
        self.text.setAccessibleName("Proposed clause text")
        self.text.setMaximumHeight(140)
        self.change = SpecChangeView(self)
        self.error = plain.label(self)
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Write clause")
        self.buttons.accepted.connect(self.accept_clause)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.text)
        layout.addWidget(QLabel("The spec change:", self))
        layout.addWidget(self.change, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(LIMITS.reparse_debounce_ms)
        self._debounce.timeout.connect(self.refresh_preview)
        self.text.textChanged.connect(self._debounce.start)
        self.refresh_preview()

    def clause_text(self) -> str:
        return self.text.toPlainText().strip()

    def refresh_preview(self) -> bool:
        """Show what the spec would become; nothing is written."""
        self._debounce.stop()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            before, after, _ = preview(self._root, self._proposal, self.clause_text())
        except SpecauditError as exc:
            self.error.setText(str(exc))
            ok_button.setEnabled(False)
            return False
        self.error.setText("")
        ok_button.setEnabled(True)
        self.change.set_specs(before, after)
        return True

    def accept_clause(self) -> None:
        try:
            self.result_value = apply_tightening(self._root, self._proposal, self.clause_text())
        except SpecauditError as exc:
            self.error.setText(f"{exc}. Nothing was written.")
            return
        self.tightened.emit(self.result_value)
        self.accept()

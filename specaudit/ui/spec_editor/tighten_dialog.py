"""The Tighten dialog: which clause to amend (or add a new one), the clause before and the
proposed text after (editable), with a live preview of the spec change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.tighten import AMEND, Tightened, Tightening, apply_tightening, preview, repropose
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS
from specaudit.ui import plain
from specaudit.ui.spec_editor.change_view import SpecChangeView

ADD_CHOICE = "__add__"


class TightenDialog(QDialog):
    """``TightenDialog(root, proposal, parent, clauses=())``. ``clauses`` (key, title) are the
    other clauses the reviewer may pick to amend. Accept writes through the format's
    write-back (``app.tighten.apply_tightening``) and emits ``tightened``; a failure is
    shown in the dialog, which stays open with the text intact and nothing written."""

    tightened = Signal(object)  # app.tighten.Tightened

    def __init__(self, root: Path, proposal: Tightening, parent: QWidget | None = None,
                 clauses: list[tuple[str, str]] | tuple = (), format_name: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tighten the Spec")
        self.setMinimumSize(760, 600)
        self._root, self._proposal = Path(root), proposal
        self.result_value: Tightened | None = None
        self.where = plain.label(self)  # spec paths and titles are untrusted text
        self.where.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setAccessibleName("Clause to tighten")
        if proposal.mode == AMEND and proposal.target:
            self.target.addItem(f"Amend {proposal.target} (in place: key kept, verdict goes stale)", proposal.target)
        for key, title in clauses:
            if key != proposal.target:
                self.target.addItem(f"Amend {key}: {title}", key)
        self.target.addItem("Add a new clause" + (f" under {proposal.target}" if proposal.target else ""), ADD_CHOICE)
        if proposal.mode != AMEND:
            self.target.setCurrentIndex(self.target.count() - 1)
        self.target.activated.connect(self._retarget)
        self.before = QPlainTextEdit(self)
        self.before.setReadOnly(True)
        self.before.setAccessibleName("Clause before")
        self.before.setMaximumHeight(90)
        self.text = QPlainTextEdit(proposal.text, self)
        self.text.setAccessibleName("Proposed clause text")
        self.text.setMaximumHeight(120)
        # OpenSpec: the amended requirement may go to a change instead of the main spec.
        self.as_change = QCheckBox("Write as an OpenSpec &change:", self)
        self.change_name = QLineEdit(self)
        self.change_name.setPlaceholderText("e.g. tighten-retries")
        self.change_name.setAccessibleName("OpenSpec change name")
        self.as_change.setVisible(format_name == "openspec")
        self.change_name.setVisible(format_name == "openspec")
        self.change_name.setEnabled(False)
        self.as_change.toggled.connect(self._change_toggled)
        self.change_name.textChanged.connect(self._debounce_start)
        self.change = SpecChangeView(self)
        self.error = plain.label(self)
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Write clause")
        self.buttons.accepted.connect(self.accept_clause)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Tighten:", self.target)
        form.addRow("Before:", self.before)
        form.addRow("&After:", self.text)
        form.addRow(self.as_change, self.change_name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(QLabel("The spec change:", self))
        layout.addWidget(self.change, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(LIMITS.reparse_debounce_ms)
        self._debounce.timeout.connect(self.refresh_preview)
        self.text.textChanged.connect(self._debounce.start)
        self._show_proposal()

    def _debounce_start(self, *_args) -> None:
        self._debounce.start()

    def _change_toggled(self, on: bool) -> None:
        self.change_name.setEnabled(on)
        if on:
            self.change_name.setFocus()
        self.refresh_preview()

    def _effective(self) -> Tightening:
        """The proposal with the OpenSpec change name when the reviewer asked for one."""
        name = self.change_name.text().strip() if self.as_change.isChecked() else None
        return replace(self._proposal, change=name or ("" if self.as_change.isChecked() else None))

    def _show_proposal(self) -> None:
        p = self._proposal
        source = f"scar {p.scar}" if p.scar else f"the verdict on {p.source_clause}"
        self.where.setText(f"From {source}, in {p.spec} {p.placement}. The scar id and incident "
                           "are kept in the text; its full story stays in the audit file and the brief.")
        self.before.setPlainText(p.before_text or "(a new clause)")
        self.refresh_preview()

    def _retarget(self, _index: int) -> None:
        choice = self.target.currentData()
        try:
            self._proposal = repropose(self._root, self._proposal, add=choice == ADD_CHOICE,
                                       clause=None if choice == ADD_CHOICE else choice)
        except SpecauditError as exc:
            self.error.setText(str(exc))
            return
        self.text.blockSignals(True)
        self.text.setPlainText(self._proposal.text)
        self.text.blockSignals(False)
        self._show_proposal()

    @property
    def proposal(self) -> Tightening:
        return self._proposal

    def clause_text(self) -> str:
        return self.text.toPlainText().strip()

    def refresh_preview(self) -> bool:
        """Show what the spec would become; nothing is written."""
        self._debounce.stop()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            before, after, _ = preview(self._root, self._effective(), self.clause_text())
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
            self.result_value = apply_tightening(self._root, self._effective(), self.clause_text())
        except SpecauditError as exc:
            message = str(exc)
            self.error.setText(message if "nothing was written" in message.lower() else f"{message}. Nothing was written.")
            return
        self.tightened.emit(self.result_value)
        self.accept()

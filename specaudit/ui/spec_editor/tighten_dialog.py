"""The Tighten dialog: which clause to amend (or add a new one), the proposed text
(editable), what it does to the clause as a word diff (struck red: lost; green: added)
beside the clause as it was, and a live preview of the spec change."""

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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.tighten.tightening import (
    AMEND,
    Tightened,
    Tightening,
    apply_tightening,
    preview,
    repropose,
)
from specaudit.core.errors import SpecauditError
from specaudit.core.escape import terminal_safe
from specaudit.core.model import shown_text
from specaudit.core.word_diff import DELETE, INSERT, word_diff
from specaudit.settings import LIMITS
from specaudit.ui.kit import plain
from specaudit.ui.kit.rich_text import Markup, SafeBrowser, clause_title, markup, markup_join
from specaudit.ui.spec_editor.change_view import SpecChangeView

ADD_CHOICE = "__add__"
_RUN_STYLE = {DELETE: "<s style='color:#b71c1c;background-color:#fde0dc'>{}</s>",
              INSERT: "<span style='color:#1b5e20;background-color:#dcf3e0'>{}</span>"}


def word_diff_html(before: str, after: str) -> tuple[Markup, int, int]:
    """The clause's change as rich text (spec text escaped), and how many words go and come."""
    runs = word_diff(before, after)
    pieces = []
    for k, (op, text) in enumerate(runs):
        pieces.append(markup(_RUN_STYLE.get(op, "{}"), text))
        if op == DELETE and k + 1 < len(runs) and runs[k + 1][0] == INSERT and not text[-1:].isspace():
            pieces.append(markup(" "))  # a replaced word and its replacement, apart (shown only)
    html = markup("<div style='white-space:pre-wrap'>{}</div>", markup_join(pieces))
    lost = sum(len(text.split()) for op, text in runs if op == DELETE)
    added = sum(len(text.split()) for op, text in runs if op == INSERT)
    return html, lost, added


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
                self.target.addItem(f"Amend {key}: {clause_title(key, title)}", key)
        self.target.addItem("Add a new clause" + (f" under {proposal.target}" if proposal.target
                                                  else f" at the end of {proposal.section or 'the spec'}"),
                            ADD_CHOICE)
        if proposal.mode != AMEND:
            self.target.setCurrentIndex(self.target.count() - 1)
        self.target.activated.connect(self._retarget)
        # What the clause becomes, word by word (what is lost is struck through), and the
        # clause as it was, as one row of tabs.
        self.words = SafeBrowser(self)
        self.words.setAccessibleName("The clause's change, word by word")
        self.before = QPlainTextEdit(self)
        self.before.setReadOnly(True)
        self.before.setAccessibleName("Clause before")
        self.compare = QTabWidget(self)
        self.compare.addTab(self.words, "Changes")
        self.compare.addTab(self.before, "Before")
        self.compare.setMaximumHeight(140)
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
        form.addRow("&After:", self.text)
        form.addRow("Clause:", self.compare)
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
        # No scar: nothing of one is kept, and the verdict's note is what the text folds in.
        source, kept = ((f"scar {p.scar}", "The scar id and incident are kept in the text; its full story stays "
                         "in the audit file and the brief.") if p.scar else
                        (f"the verdict on {p.source_clause}", "The reviewer's note is folded into the text; edit it "
                         "to say what the code must do."))
        placement = p.placement
        if p.mode == AMEND and p.target == p.source_clause and not p.change:
            placement = "amending it"  # the clause the verdict is on: its long OpenSpec key once, not twice
        self.where.setText(f"From {source}, in {p.spec}, {placement}. {kept}")
        self.before.setPlainText(shown_text(terminal_safe(p.before_text)) or "(a new clause)")
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
        self.text.setPlainText(self._proposal.text)  # editable: the user's own text, checked on save
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
            before, after, key = preview(self._root, self._effective(), self.clause_text())
        except SpecauditError as exc:
            self.error.setText(str(exc))
            ok_button.setEnabled(False)
            return False
        self.error.setText("")
        ok_button.setEnabled(True)
        self.change.set_specs(before, after)
        self._show_words(before, after, key)
        return True

    def _show_words(self, before, after, key: str) -> None:
        """The clause before and as it would be written (in the spec's own style), word by word."""
        old = before.clause(key) if self._proposal.mode == AMEND else None
        new = after.clause(key)
        html, lost, added = word_diff_html(old.text if old is not None else "", new.text if new is not None else "")
        self.words.setHtml(html)
        self.compare.setTabText(0, f"Changes: \u2212{lost} words, +{added}" if old is not None
                                else f"New clause: {added} words")

    def accept_clause(self) -> None:
        try:
            self.result_value = apply_tightening(self._root, self._effective(), self.clause_text())
        except SpecauditError as exc:
            message = str(exc)
            self.error.setText(message if "nothing was written" in message.lower() else f"{message}. Nothing was written.")
            return
        self.tightened.emit(self.result_value)
        self.accept()

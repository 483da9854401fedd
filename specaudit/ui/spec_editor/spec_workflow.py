"""The spec half of a review: edit the spec, tighten it from scars and verdicts, review
the spec change clause by clause, commit and push it, and write the regeneration brief.

Handed the desk context (never the window): it asks the window to show the editor
(``showEditor``) and to re-read the specs after it wrote one (``specsWritten``); the
contradiction mark is a command through the review controller. Every write goes
through the app layer (write-back, atomic audit saves, hardened git).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.tighten.tightening import Tightening
from specaudit.core.audit import PARTIAL, SCAR_OPEN, VIOLATED
from specaudit.core.errors import SpecauditError
from specaudit.core.model import Problem, Spec
from specaudit.ui.kit import plain
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.review.commands import Command, ContradictionCommand
from specaudit.ui.spec_editor import (
    CommitPushDialog,
    SpecChangeView,
    SpecEditor,
    TightenDialog,
    export_brief,
)


class SpecWorkflow(QObject):
    showEditor = Signal()  # bring the editor tab to the front
    specsWritten = Signal()  # a spec changed on disk through us: re-read the specs

    def __init__(self, context: DeskContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent  # for dialogs only
        self.editor = SpecEditor(parent, runner=context.tasks)
        self.editor.setObjectName("specEditor")
        self._editing: str | None = None  # spec rel open in the editor
        self._following = False
        self.editor.self_check = self._self_check
        self.editor.specParsed.connect(self._spec_parsed)
        self.editor.currentClauseChanged.connect(self._cursor_in_clause)
        context.controller.landed.connect(self._landed)

    def _self_check(self, spec_rel: str) -> Callable[[Spec], list[Problem]] | None:
        """Audit-based problems of the text being edited (superseded clauses, contradictions,
        orphaned scars): a check over a snapshot of the audit, run off the GUI thread."""
        from specaudit.core.spec_checks import spec_self_findings

        entry = self.context.session.entry(spec_rel)
        if entry is None:
            return None
        audit = entry.audit.copy()

        def check(spec: Spec) -> list[Problem]:
            return [Problem(spec.path, f.line or 1, f"{f.kind}: {f.message}") for f in spec_self_findings(spec, audit)]

        return check

    def _say(self, text: str, msecs: int = 5000) -> None:
        self.context.notices.show(text, msecs)

    # -- which spec --------------------------------------------------------------------
    def _spec_rel(self) -> str:
        current = self.context.model.selection
        return current[0] if current else self.context.session.specs[0].rel

    # -- editing -----------------------------------------------------------------------
    def edit_spec(self) -> None:
        rel = self._spec_rel()
        if self._editing != rel and not self._confirm_discard():
            return
        if self._editing != rel or not self.editor.is_modified():
            try:
                self.editor.open_spec(self.context.session.root, rel, self.context.session.spec_format)
            except SpecauditError as exc:
                plain.message(self.parent_widget, "Cannot edit the spec", str(exc))
                return
            self._editing = rel
        self.showEditor.emit()
        current = self.context.model.selection
        if current and current[0] == rel:
            self.editor.goto_clause(current[1])
        self.editor.edit.setFocus()

    def tab_shown(self) -> None:
        """The Spec tab brought forward with no spec open yet: open the selected clause's
        spec, as Edit Spec does, rather than show empty panes."""
        if self._editing is None and self.context.session.specs:
            self.edit_spec()

    def show_clause(self, spec_rel: str, key: str) -> None:
        """The clause list drives the editor while the spec tab is showing."""
        if self._editing == spec_rel and not self._following and self.editor.isVisible():
            self.editor.goto_clause(key)

    def _cursor_in_clause(self, key: str) -> None:
        if key and self._editing:
            self._following = True
            try:
                self.context.model.select(self._editing, key)
            finally:
                self._following = False

    def _spec_parsed(self, spec) -> None:
        """As the text changes (debounced), the clause panel shows the clauses being typed."""
        entry = self.context.session.entry(self._editing) if self._editing else None
        if entry is None or spec is None:
            return
        current = self.context.model.selection
        self.context.model.set_spec_text(entry.rel, spec)
        if current:
            self._following = True
            try:
                self.context.model.select(*current)
            finally:
                self._following = False

    def save_spec(self) -> bool:
        if self._editing is None:
            self._say("No spec is open in the editor (Spec ▸ Edit Spec).", 5000)
            return False
        try:
            self.editor.save()
        except SpecauditError as exc:
            self._save_refused(exc)
            return False
        self._say(f"Saved {self._editing}", 4000)
        self.specsWritten.emit()
        return True

    def _save_refused(self, exc: SpecauditError) -> None:
        """A save refused (the file changed on disk): the reload it advises is a button here,
        and keeps the edits one Ctrl+Z away; Keep Editing (the default) changes nothing."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Spec not saved", "", QMessageBox.StandardButton.NoButton,
                          self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes the repository's path
        box.setText(f"{exc}\n\nReload from Disk shows the file as it is now; Ctrl+Z in the editor then brings "
                    "your text back. Keep Editing leaves your text as it is.")
        reload = box.addButton("&Reload from Disk", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("&Keep Editing", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        if box.clickedButton() is reload:
            try:
                self.editor.reload_from_disk()
            except SpecauditError as again:
                plain.message(self.parent_widget, "Cannot reload the spec", str(again))
                return
            self._say(f"Reloaded {self._editing} from disk; Ctrl+Z in the editor brings your text back.", 8000)
            self.specsWritten.emit()

    def _confirm_discard(self) -> bool:
        if self._editing is None or not self.editor.is_modified():
            return True
        answer = plain.ask(  # the spec's path is the repository's: plain text
            self.parent_widget, "Unsaved spec changes", f"{self._editing} has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_spec()
        return answer == QMessageBox.StandardButton.Discard

    def can_close(self) -> bool:
        return self._confirm_discard()

    def after_disk_change(self) -> None:
        """The spec changed on disk through us (tighten): show it, unless the user has edits."""
        if self._editing and not self.editor.is_modified():
            self.editor.open_spec(self.context.session.root, self._editing, self.context.session.spec_format)

    # -- tightening --------------------------------------------------------------------
    def _unsaved_edits(self) -> bool:
        """Tightening writes the spec on disk: with edits in the editor it would land in text
        other than the one on screen. Said before anything is asked, in the status bar (a
        message box would take the next keys), with the editor and its edits in front."""
        if not (self._editing and self.editor.is_modified()):
            return False
        self._say(f"Tighten: {self._editing} has unsaved edits in the spec editor; save them (Ctrl+S) or "
                  "undo them (Ctrl+Z) first, so the tightened clause lands in the text you reviewed.", 8000)
        self.showEditor.emit()
        self.editor.edit.setFocus()
        return True

    def tighten_from_scar(self) -> None:
        from specaudit.app.tighten.tightening import propose_from_scar

        if self._unsaved_edits():
            return
        entry = self.context.session.entry(self._spec_rel())
        scars = [s for s in entry.audit.scars.values() if s.status == SCAR_OPEN] if entry is not None else []
        if not scars:
            # A hint, as Ctrl+L without a selection gives: a message box would take the next keys.
            self._say("Tighten: this spec has no open scar to fold into it. Record one first: select lines "
                      "in the diff and press Ctrl+M.", 8000)
            return
        current = self.context.model.selection
        scars.sort(key=lambda s: (not (current and s.clause == current[1]), s.id))
        labels = [f"{s.id}  {s.title}" for s in scars]
        choice = plain.choose(self.parent_widget, "Tighten from a Scar", "Fold which scar into the spec?", labels)
        if choice is not None and entry is not None:
            scar, rel = scars[labels.index(choice)], entry.rel
            self._tighten(lambda: propose_from_scar(self.context.session.root, rel, scar.id,
                                                    spec_format=self.context.session.spec_format))

    def tighten_from_verdict(self) -> None:
        from specaudit.app.tighten.tightening import propose_from_verdict

        if self._unsaved_edits():
            return
        current = self.context.model.selection
        entry = self.context.session.entry(current[0]) if current else None
        if entry is None or current is None or entry.audit.review(current[1]).verdict not in (VIOLATED, PARTIAL):
            self._say("Tighten: select a clause marked violated or partial first (Ctrl+3 / Ctrl+2); its note "
                      "becomes the tightened clause.", 8000)
            return
        rel, key = current
        self._tighten(lambda: propose_from_verdict(self.context.session.root, rel, key,  # the dialog edits it
                                                   spec_format=self.context.session.spec_format, draft=True))

    def _tighten(self, propose: Callable[[], Tightening]) -> None:
        if self._unsaved_edits():  # edited while the scar was being chosen
            return
        try:
            proposal = propose()
        except SpecauditError as exc:
            plain.message(self.parent_widget, "Cannot tighten", str(exc))
            return
        entry = self.context.session.entry(proposal.spec)
        clauses = [(c.key, c.title) for c in entry.spec.clauses] if entry is not None else []
        dialog = TightenDialog(self.context.session.root, proposal, self.parent_widget, clauses=clauses,
                               format_name=entry.spec.format if entry is not None else None)
        if dialog.exec() and dialog.result_value is not None:
            result = dialog.result_value
            self.specsWritten.emit()
            self.after_disk_change()
            self.context.model.select(result.spec, result.key)
            verb = "Amended" if result.mode == "amend" else "Added"
            self._say(f"{verb} {result.key} in {result.spec}", 6000)

    def mark_contradiction(self) -> None:
        """The selected clause and one the reviewer picks contradict: a spec-contradiction
        finding (a command: checked at once, written in order, undoable)."""
        current = self.context.model.selection
        entry = self.context.session.entry(current[0]) if current else None
        if entry is None or current is None:
            self._say("Mark Contradiction: select a clause first (Alt+1 goes to the clause list).", 8000)
            return
        key = current[1]
        others = [c for c in entry.spec.clauses if c.key != key]
        labels = [f"{c.key}  {c.title}" for c in others]
        choice = plain.choose(self.parent_widget, "Mark Contradiction", f"Which clause does {key} contradict?",
                              labels)
        if choice is None or not labels:
            return
        other = others[labels.index(choice)]
        self.context.controller.mark_contradiction(entry.rel, key, other.key)

    def _landed(self, command: Command) -> None:
        if isinstance(command, ContradictionCommand) and self._editing == command.spec_rel:
            self.editor.reparse_now()  # its self-check reads the audit as it now is

    # -- the spec change, commit, push, brief ----------------------------------------------
    def review_spec_changes(self) -> None:
        from specaudit.app.tighten.spec_history import load_spec_source
        from specaudit.app.workspace.specs import load_spec

        rel = self._spec_rel()
        root = self.context.session.root
        try:
            after = load_spec(root, rel, self.context.session.spec_format)
            before = load_spec_source(f"HEAD:{rel}", self.context.session.spec_format, repo=root)
        except SpecauditError as exc:
            plain.message(self.parent_widget, "Spec changes", f"Nothing to compare: {exc}", icon=QMessageBox.Icon.Information)
            return
        dialog = QDialog(self.parent_widget)
        dialog.setWindowTitle(f"Spec changes since the last commit — {rel}")
        dialog.resize(860, 560)
        view = SpecChangeView(dialog)
        changes = view.set_specs(before, after)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        if not any(c.status != "unchanged" for c in changes):
            self._say(f"{rel}: no clause changed since the last commit", 5000)
        dialog.exec()

    def commit_and_push(self) -> None:
        if self._editing and self.editor.is_modified() and not self._confirm_discard():
            return
        src = self.context.session.source
        if src.base and src.target and not (src.patch or src.working_tree):
            # The session stays on the reviewed commits: a reload after the commit must not
            # re-read "HEAD~1..HEAD" as the commit just made.
            self.context.session.source = replace(src, range=f"{src.base}..{src.target}")
        dialog = CommitPushDialog(self.context.session.root, [e.rel for e in self.context.session.specs], parent=self.parent_widget,
                                  runner=self.context.tasks)
        dialog.committed.connect(lambda r: self._say(
            f"Committed {r.commit[:10]} on {r.branch}; still reviewing {self.context.session.source.describe()}", 8000))
        dialog.pushed.connect(lambda r: self._say(f"Pushed {r.branch} to {r.remote}", 8000))
        dialog.exec()

    def write_brief(self) -> None:
        path = export_brief(self.parent_widget, self.context.session.root, self._spec_rel())
        if path is not None:
            self._say(f"Regeneration brief written to {path}", 8000)

"""Where the reviewer looks: the centre tabs (the clause with its code, the whole diff,
the spec editor) and the code shown in them, moved by keys, findings and scars."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from specaudit.core.audit import Scar
from specaudit.core.diff import ChangeSet
from specaudit.core.findings import Finding
from specaudit.ui.diff.panel import DiffPanel
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.review.clause_panel import ClausePanel
from specaudit.ui.review.clause_view import ClauseView
from specaudit.ui.review.spec_beside import SpecBeside
from specaudit.ui.shell.presenters import CodePresenter


class Navigator(QObject):
    def __init__(self, context: DeskContext, tabs: QTabWidget, clause_view: ClauseView, diff: DiffPanel,
                 editor: QWidget, spec_beside: SpecBeside, clauses: ClausePanel, code: CodePresenter,
                 side_tabs: QTabWidget):
        super().__init__(tabs)
        self.context, self.tabs, self.clause_view, self.diff = context, tabs, clause_view, diff
        self.editor, self.spec_beside, self.clauses, self.code = editor, spec_beside, clauses, code
        self.side_tabs = side_tabs

    def scar_activated(self, rel: str, scar: Scar) -> None:
        """A scar shows its lines and the clause it belongs to (folded into, or diverges from)."""
        key, entry = scar.folded_into or scar.clause, self.context.session.entry(rel)
        if key and entry is not None and entry.spec.clause(key) is not None:
            self.context.model.select(rel, key)
        self.diff.reveal(scar.path, "new", scar.first, scar.last)

    def reveal_finding(self, finding: Finding | None) -> None:
        if finding is None:
            return
        # Only a clause the list shows becomes current: a removed clause, or one of an
        # orphaned audit's (its spec moved without it), would take the verdict keys unseen.
        entry = self.context.session.entry(finding.spec) if finding.spec else None
        if finding.clause and entry is not None and entry.spec.clause(finding.clause) is not None:
            self.context.model.select(entry.rel, finding.clause)
        if finding.path and finding.line:
            self.diff.reveal(finding.path, "new", finding.line, finding.line)

    def changeset_shown(self, changeset: ChangeSet, interdiff: bool) -> None:
        """The range's change, or only what changed since the verdicts (Ctrl+Shift+R)."""
        self.code.show(changeset, interdiff=interdiff)
        self.tabs.setTabText(self.tabs.indexOf(self.diff), "Diff (since verdicts)" if interdiff else "Diff")
        if interdiff:
            self.tabs.setCurrentWidget(self.diff)

    def show_in_diff(self, path: str, side: str, first: int, last: int) -> None:
        self.tabs.setCurrentWidget(self.diff)
        self.diff.reveal(path, side, first, last)

    def toggle_whole_diff(self) -> None:
        """Ctrl+D: between the clause with its code and the whole change."""
        showing_diff = self.tabs.currentWidget() is self.diff
        self.tabs.setCurrentWidget(self.clause_view if showing_diff else self.diff)
        (self.clause_view.evidence if showing_diff else self.diff.view).setFocus()

    def toggle_spec_beside(self, on: bool) -> None:
        self.diff.show_side_page(self.spec_beside if on else None)
        if on:
            self.tabs.setCurrentWidget(self.diff)
        self.context.settings.setValue("view/specBeside", on)

    # -- the Navigate menu ---------------------------------------------------------------
    def step_hunk(self, forward: bool) -> None:
        """Alt+Down/Up: the next (previous) hunk of the whole diff, which comes to the front."""
        self.tabs.setCurrentWidget(self.diff)
        self.diff.step_hunk(forward)

    def step_file(self, forward: bool) -> None:
        self.tabs.setCurrentWidget(self.diff)
        self.diff.step_file(forward)

    def focus_clauses(self) -> None:
        self.clauses.focus_list()

    def focus_diff(self) -> None:
        self.tabs.setCurrentWidget(self.diff)
        self.diff.focus_code()

    def focus_detail(self) -> None:
        self.tabs.setCurrentWidget(self.clause_view)
        self.clause_view.focus_detail()

    def focus_proposals(self) -> None:
        """The proposal list, in the clause view where it lives, with its first proposal current."""
        self.tabs.setCurrentWidget(self.clause_view)
        self.clause_view.focus_proposals()

    def focus_side_tabs(self) -> None:
        """The findings, scars, unexplained or tests tab in front."""
        page = self.side_tabs.currentWidget()
        if page is not None:
            page.setFocus()

    def find(self) -> None:
        """Ctrl+F finds in the spec editor when it is showing, else across the whole change."""
        if self.tabs.currentWidget() is self.editor:
            self.editor.start_find()  # type: ignore[attr-defined]
            return
        self.tabs.setCurrentWidget(self.diff)
        self.diff.start_find()

    def focus_clause_filter(self) -> None:
        self.clauses.filter.setFocus()
        self.clauses.filter.selectAll()

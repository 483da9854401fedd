"""The review desk's window: it lays out the panels and wires them together.

All the state is the session model's (``ui/kit/session_model.py``), handed with the task
runner, the ordered writer and the review controller to every helper as one desk
context (``ui/kit/context.py``). The helpers and presenters do the work: loading and
checking (``desk_loader``), the panels' subscriptions (``desk_presenters``), the
reviewer's edits as commands (``review_actions``, ``commands``), audits kept in step
with the files (``audit_sync``), the verdicts' revision (``revision_control``), the spec
(``spec_workflow``). Nothing here refreshes a panel by hand.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from specaudit import __version__
from specaudit.app.workspace.session import Session, open_session
from specaudit.core.diff import ChangeSet
from specaudit.core.errors import SpecauditError
from specaudit.core.evidence import Proposal
from specaudit.core.findings import Finding
from specaudit.ui.diff.panel import DiffPanel
from specaudit.ui.evidence.suggestions_panel import SuggestionsPanel
from specaudit.ui.findings.findings_panel import FindingsPanel
from specaudit.ui.findings.unexplained_panel import UnexplainedPanel
from specaudit.ui.kit import plain, theme
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.kit.notice_bar import NoticeBar
from specaudit.ui.kit.rich_text import markup
from specaudit.ui.kit.status_bar import ElidingStatusBar
from specaudit.ui.review.actions import ReviewActions
from specaudit.ui.review.audit_sync import AuditSync
from specaudit.ui.review.clause_panel import ClausePanel
from specaudit.ui.review.clause_view import ClauseView
from specaudit.ui.review.conflict_choice import connect_settling
from specaudit.ui.review.revision_control import RevisionControl
from specaudit.ui.review.spec_beside import SpecBeside
from specaudit.ui.scars.scars_panel import ScarsPanel
from specaudit.ui.shell import recent, window_geometry
from specaudit.ui.shell.desk_actions import DeskActions, UndoHistory
from specaudit.ui.shell.loader import Checker, SessionLoader
from specaudit.ui.shell.navigation import Navigator
from specaudit.ui.shell.open_dialog import OpenDialog
from specaudit.ui.shell.orphaned_audit import offer_to_carry
from specaudit.ui.shell.presenters import (
    ClauseListPresenter,
    CodePresenter,
    CurrentClausePresenter,
    DeskPanels,
    FindingsPresenter,
)
from specaudit.ui.shell.review_state import ReviewStateLine, first_view
from specaudit.ui.shell.shortcut_sheet import ShortcutSheet
from specaudit.ui.shell.window_actions import build_menus, shortcut_sheet
from specaudit.ui.shell.window_layout import WindowLayout, splitter, tab_widget
from specaudit.ui.spec_editor.spec_workflow import SpecWorkflow
from specaudit.ui.testing.clause_tests import ClauseTestsPanel


class MainWindow(QMainWindow):
    loaded = Signal()  # the diff and the check have both arrived (or failed)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = c = DeskContext.create(session, self)
        self.tasks, self.controller, self.model = c.tasks, c.controller, c.model
        self.clauses = ClausePanel(self)
        self.diff = DiffPanel(self)
        self.findings_panel, self.scars_panel = FindingsPanel(self), ScarsPanel(self)
        self.unexplained, self.suggestions = UnexplainedPanel(self), SuggestionsPanel(self)
        self.clause_view = ClauseView(self.suggestions, self)
        self.detail, self.spec_beside = self.clause_view.detail, SpecBeside(self)
        self.tests_panel = ClauseTestsPanel(self.tasks, self)
        self.side_tabs = tab_widget(self, "Findings, scars and unexplained changes", (self.findings_panel, "Findings"),
                                    (self.scars_panel, "Scars"), (self.unexplained, "Unexplained"),
                                    (self.tests_panel, "Tests"))
        self.spec_flow = SpecWorkflow(c, self)
        self.diff.add_side_page(self.spec_beside, "Spec")  # beside the code, in the file list's place
        self.diff_split = self.diff  # the "Diff" tab
        self.center_tabs = tab_widget(self, "Clause and code, whole diff, spec editor", (self.clause_view, "Clause"),
                                      (self.diff, "Diff"), (self.spec_flow.editor, "Spec"))
        # The clause list on the left at full height; in the centre the clause with its
        # code (or the whole diff, Ctrl+D), findings and scars beneath like an IDE's problems.
        left = splitter(self, "leftSplitter", Qt.Orientation.Vertical, self.clauses)
        center = splitter(self, "centerSplitter", Qt.Orientation.Vertical, self.center_tabs, self.side_tabs)
        center.setStretchFactor(0, 3)
        center.setStretchFactor(1, 1)
        self.splitter = splitter(self, "mainSplitter", Qt.Orientation.Horizontal, left, center)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.notice = NoticeBar(self.controller.retry_failure, self)
        self.header = ReviewStateLine(c, self)
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget in (self.notice, self.header):
            column.addWidget(widget)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(page)

        self.setStatusBar(ElidingStatusBar(self))
        self.status = plain.ElidedLabel(self)  # repository and spec paths: never rich text, never wider than the window
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Loading")
        self.statusBar().addWidget(self.status, 1)
        # Qt hides it under a message only if it was visible then (a spec problem is said
        # before the window shows): hide it for every message, or the two overprint.
        self.statusBar().messageChanged.connect(lambda text: self.status.setVisible(not text))
        self.revisions = RevisionControl(c, self)
        self.statusBar().addPermanentWidget(self.revisions.label)
        self.statusBar().addPermanentWidget(self.progress)

        panels = DeskPanels(self.clauses, self.diff, self.clause_view, self.suggestions, self.findings_panel,
                            self.unexplained, self.scars_panel, self.spec_beside, self.tests_panel, self.spec_flow)
        self.code = CodePresenter(c, panels)
        self.presenters = (ClauseListPresenter(c, panels), CurrentClausePresenter(c, panels), self.code,
                           FindingsPresenter(c, panels))
        self.checker = Checker(c, self)
        self.loader = SessionLoader(c, self.checker, self)
        self.sync = AuditSync(c, self)
        self.review = ReviewActions(c, self.diff.selected_range, lambda: self.code.showing_interdiff, self)
        self.nav = Navigator(c, self.center_tabs, self.clause_view, self.diff, self.spec_flow.editor, self.spec_beside,
                             self.clauses, self.code, self.side_tabs)
        self.actions_by_name = build_menus(self.menuBar(), self, self._desk_actions())
        self.layout_memory = WindowLayout(self, c.settings, (self.splitter, left, center, *self.clause_view.splitters,
                                                             self.diff.split), self.splitter, self.diff.split)
        self._wire()
        self._set_tab_order()
        window_geometry.place(self, c.settings.value("window/geometry"))  # fits the screen; remembered
        self._restore_layout()
        self.model.sessionReplaced.connect(self._show_session)
        self.model.announce()
        self.loader.start()

    def _wire(self) -> None:
        c, r, m = self.context, self.review, self.model
        c.notices.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.controller.failed.connect(self.notice.add)
        self.loader.busyChanged.connect(self.progress.setVisible)
        self.loader.loaded.connect(lambda: first_view(c, self.clauses, self.nav.show_in_diff, self.statusBar()))
        self.loader.loaded.connect(self.loaded)
        self.loader.loadFailed.connect(self._load_failed)
        self.checker.failed.connect(self.findings_panel.show_error)
        self.checker.failed.connect(self.header.show_failure)
        self.tests_panel.resultsChanged.connect(self.checker.schedule)
        self.tests_panel.testActivated.connect(lambda path, line: self.diff.reveal(path, "new", line, line))
        self.clauses.verdictRequested.connect(r.set_verdict)
        self.clauses.linesDropped.connect(r.link_dropped)
        self.diff.files.reviewedChanged.connect(r.viewed_changed)
        self.diff.linesSelected.connect(r.lines_selected)
        r.revealRequested.connect(self.diff.reveal)
        r.scarsRequested.connect(lambda: self.side_tabs.setCurrentWidget(self.scars_panel))
        self.findings_panel.findingActivated.connect(self.nav.reveal_finding)
        self.findings_panel.findingActivated.connect(lambda f: offer_to_carry(self, f))
        self.unexplained.findingActivated.connect(self.nav.reveal_finding)
        self.unexplained.markRequested.connect(r.mark_change)
        self.suggestions.previewRequested.connect(self.diff.reveal)
        self.suggestions.acceptRequested.connect(r.accept_proposal)
        self.suggestions.rejectRequested.connect(r.reject_proposal)
        self.suggestions.clauseRequested.connect(m.select)
        self.scars_panel.scarActivated.connect(self.nav.scar_activated)
        self.clause_view.evidence.acceptRequested.connect(self._accept)
        self.clause_view.evidence.revealRequested.connect(self.nav.show_in_diff)
        self.clause_view.wholeDiffRequested.connect(self.toggle_whole_diff)
        connect_settling(self.clause_view.conflict, self.controller)
        self.spec_beside.clauseChosen.connect(m.select)
        self.spec_flow.showEditor.connect(lambda: self.center_tabs.setCurrentWidget(self.spec_flow.editor))
        self.center_tabs.currentChanged.connect(
            lambda _i: self.spec_flow.tab_shown() if self.center_tabs.currentWidget() is self.spec_flow.editor else None)
        self.spec_flow.specsWritten.connect(self.reload_specs)
        since = self.actions_by_name["since-verdicts"]
        self.revisions.toggledOff.connect(lambda: since.setChecked(False))
        self.revisions.changesetShown.connect(self.nav.changeset_shown)
        self.diff.side.currentChanged.connect(lambda _i: self.actions_by_name["spec-beside"].setChecked(
            self.diff.side.currentWidget() is self.spec_beside))

    def _desk_actions(self) -> DeskActions:
        """What each menu item and key does: the helpers' and panels' own slots."""
        r, n, f, ctl = self.review, self.nav, self.spec_flow, self.controller
        return DeskActions(
            open=self.open_dialog, reload=self.reload, quit=self.close,
            history=UndoHistory(ctl.undo_stack, ctl.edited, ctl.undo, ctl.redo),
            find=n.find, filter_clauses=n.focus_clause_filter,
            verdict=r.verdict_for_current, note=r.edit_note,
            next_unreviewed=lambda: self.clauses.select_next_unreviewed(True),
            previous_unreviewed=lambda: self.clauses.select_next_unreviewed(False),
            link=r.link_selection, unlink=r.unlink_selection, accept_top_proposal=self.accept_top_suggestion,
            propose_all=self.propose_links_for_all, scar=r.record_scar,
            edit_spec=f.edit_spec, save_spec=f.save_spec, tighten_from_scar=f.tighten_from_scar,
            tighten_from_verdict=f.tighten_from_verdict, mark_contradiction=f.mark_contradiction,
            review_spec_changes=f.review_spec_changes, commit_and_push=f.commit_and_push, write_brief=f.write_brief,
            next_hunk=lambda: n.step_hunk(True), previous_hunk=lambda: n.step_hunk(False),
            next_file=lambda: n.step_file(True), previous_file=lambda: n.step_file(False),
            focus_clauses=n.focus_clauses, focus_diff=n.focus_diff, focus_detail=n.focus_detail,
            focus_proposals=n.focus_proposals, whole_diff=n.toggle_whole_diff, focus_side_tabs=n.focus_side_tabs,
            view_mode=self.diff.set_view_mode, wrap=self._set_wrap, wrapping=self.diff.wrapping(),
            since_verdicts=self.revisions.toggle, spec_beside=n.toggle_spec_beside, theme=self.set_theme,
            shortcuts=self.show_shortcuts, about=self.about)

    def _set_wrap(self, on: bool) -> None:
        self.diff.set_wrap(on)
        self.clause_view.set_wrap(on)

    def _set_tab_order(self) -> None:
        """Tab follows the layout: the clause column top to bottom, then the diff, then
        the findings tabs."""
        c, d = self.clauses, self.diff
        chain = [c.filter, c.kind_filter, c.verdict_filter, c.stale_filter, c.tree, self.center_tabs,
                 self.detail, self.clause_view.evidence, self.suggestions.tree, d.files, d.view, d.find_box,
                 self.side_tabs]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- the session ------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.model.session

    @property
    def changeset(self) -> ChangeSet | None:
        return self.model.changeset

    @property
    def findings(self) -> list[Finding]:
        return self.model.findings

    @property
    def load_errors(self) -> list[str]:
        return self.loader.load_errors

    def _show_session(self) -> None:
        s = self.session
        self.setWindowTitle(f"specaudit — {s.root.name} — {s.source.describe()}")
        self.status.setText(f"{s.root} · {', '.join(e.rel for e in s.specs)} · {s.source.describe()}")
        said = [*s.notes, *([f"{len(s.problems)} spec problem(s): {s.problems[0]}"] if s.problems else [])]
        if said:
            self.statusBar().showMessage(" · ".join(said), 15000)
        recent.remember({"repo": str(s.root), "spec": s.specs[0].rel if len(s.specs) == 1 else None,
                         "range": s.source.range, "patch": s.source.patch})

    def _load_failed(self, channel: str, message: str) -> None:
        if channel != "check":
            self.statusBar().showMessage(f"Could not load the {channel}: {message}")

    def reload(self) -> None:
        s, kept = self.session, self.model.selection
        self._open(lambda: open_session(s.root, spec=s.specs[0].rel if len(s.specs) == 1 else None,
                                        range=s.source.range, patch=s.source.patch, spec_format=s.spec_format))
        if kept is not None and self.session is not s:
            self.clauses.select(*kept)  # the reviewer stays on their clause (first_view keeps a selection)

    def reload_specs(self) -> None:
        """Re-read the specs and audits from disk (after a save or a tightening); the diff stays."""
        self.loader.reload_specs()

    def open_dialog(self) -> None:
        s = self.session
        dialog = OpenDialog(str(s.root), self, spec=s.specs[0].rel if len(s.specs) == 1 else None,
                            range=s.source.range, patch=s.source.patch)
        if dialog.exec() and dialog.session is not None:
            self.loader.open(dialog.session)

    def _open(self, opener: Callable[[], Session]) -> None:
        try:
            session = opener()
        except SpecauditError as exc:
            plain.message(self, "Cannot open", f"{exc}\n\nChoose a git repository that has a spec, "
                                "and a range both of whose ends exist.")
            return
        self.loader.open(session)

    # -- the reviewer's actions (menus and keys: window_actions.py) ---------------------------
    def set_verdict(self, spec_rel: str, key: str, verdict: str) -> None:
        self.review.set_verdict(spec_rel, key, verdict)

    def accept_top_suggestion(self) -> None:
        self._accept(self.suggestions.top())

    def _accept(self, proposal: Proposal | None) -> None:
        found = self.review.current()
        if proposal is None or found is None:
            self.statusBar().showMessage("No proposal for this clause.", 4000)
            return
        self.review.accept_proposal(found[0].rel, found[1].key, proposal)

    def propose_links_for_all(self) -> None:
        self.side_tabs.setCurrentWidget(self.suggestions)
        self.suggestions.start_walk()

    # -- where to look (desk_navigation.py) ----------------------------------------------------
    def toggle_whole_diff(self) -> None:
        self.nav.toggle_whole_diff()

    def toggle_spec_beside(self, on: bool) -> None:
        self.nav.toggle_spec_beside(on)

    # -- help, settings, the window itself ----------------------------------------------------
    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)
        self.actions_by_name[f"theme:{name}"].setChecked(True)
        self.context.settings.setValue("view/theme", name)

    def show_shortcuts(self) -> None:
        ShortcutSheet(shortcut_sheet(self.menuBar()), self).exec()  # scrolls within the screen (ui/shell/shortcut_sheet.py)

    def about(self) -> None:
        QMessageBox.about(self, "About specaudit",
                          markup("<b>specaudit {}</b><p>Review machine-authored diffs against their spec.</p>",
                                 __version__))

    def _restore_layout(self) -> None:
        beside, name = self.layout_memory.restore(self.center_tabs, {"clause": self.clause_view, "diff": self.diff})
        self.actions_by_name["spec-beside"].setChecked(beside)
        self.diff.show_side_page(self.spec_beside if beside else None)
        self.set_theme(name if name in theme.THEMES else "light")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.layout_memory.first_show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.spec_flow.can_close():
            event.ignore()  # unsaved spec edits: the user chose Cancel
            return
        self.layout_memory.save("diff" if self.center_tabs.currentWidget() is self.diff else "clause")
        self.tests_panel.cancel()
        for channel in ("diff", "check", "suggest", "identity"):
            self.tasks.cancel(channel)  # their workers are daemons: quitting never waits for a read
        self.controller.writer.flush()  # every edit asked for reaches the disk
        self.controller.writer.stop()
        self.tasks.wait(5000, "tests-run")  # a cancelled test run stops its process tree first
        for runner in (self.tasks, self.diff.tasks):
            runner.close()  # nothing more is delivered to a window going away
        super().closeEvent(event)


def save_screenshot(window: MainWindow, path: str) -> bool:
    return window.grab().save(path, "PNG")

"""The review desk's window. It composes panels and wires them to app use cases through
the review controller; the panels themselves know nothing of git or files."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QWidget,
)

from specaudit import __version__

# The use cases the background jobs run are imported here, at start-up: an import inside
# a worker runs PySide's import hook and holds import locks while the GUI waits.
from specaudit.app.checking import run_check
from specaudit.app.diffs import load_range
from specaudit.app.evidence import propose_all
from specaudit.app.session import load_entry, open_session
from specaudit.app.viewed import viewed_keys
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS
from specaudit.ui import plain, recent, theme, verdict_style, window_geometry
from specaudit.ui.audit_sync import AuditSync
from specaudit.ui.clause_panel import ClausePanel
from specaudit.ui.clause_tests import ClauseTestsPanel
from specaudit.ui.clause_view import ClauseView
from specaudit.ui.conflict_choice import connect_settling
from specaudit.ui.diff.panel import DiffPanel
from specaudit.ui.findings_panel import FindingsPanel
from specaudit.ui.open_dialog import OpenDialog
from specaudit.ui.review_controller import ReviewController
from specaudit.ui.revision_control import RevisionControl
from specaudit.ui.rich_text import markup
from specaudit.ui.scar_dialog import ScarDialog
from specaudit.ui.scars_panel import ScarsPanel
from specaudit.ui.shortcut_sheet import ShortcutSheet
from specaudit.ui.spec_beside import SpecBeside
from specaudit.ui.spec_workflow import SpecWorkflow
from specaudit.ui.suggestions_panel import SuggestionsPanel
from specaudit.ui.tasks import TaskRunner
from specaudit.ui.unexplained_panel import UnexplainedPanel
from specaudit.ui.window_actions import build_menus


class MainWindow(QMainWindow):
    loaded = Signal()  # the diff and the check have both arrived (or failed)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.tasks = TaskRunner(self)
        self.controller = ReviewController(lambda: self.session, self)
        self._pending: set[str] = set()
        self.load_errors: list[str] = []
        self.findings: list = []
        self.changeset = None

        self.clauses = ClausePanel(self)
        self.diff = DiffPanel(self)
        self.findings_panel = FindingsPanel(self)
        self.scars_panel = ScarsPanel(self)
        self.unexplained = UnexplainedPanel(self)
        self.suggestions = SuggestionsPanel(self)
        self.clause_view = ClauseView(self.suggestions, self)
        self.detail = self.clause_view.detail
        self.spec_beside = SpecBeside(self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setAccessibleName("Findings, scars and unexplained changes")
        self.side_tabs.addTab(self.findings_panel, "Findings")
        self.side_tabs.addTab(self.scars_panel, "Scars")
        self.side_tabs.addTab(self.unexplained, "Unexplained")
        self.tests_panel = ClauseTestsPanel(self.tasks, self)
        self.side_tabs.addTab(self.tests_panel, "Tests")

        # The clause list on the left at full height; in the centre the clause with
        # its code (or the whole diff, Ctrl+D, with the spec beside it on request),
        # with findings and scars beneath like an IDE's problems panel.
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setObjectName("leftSplitter")
        left.addWidget(self.clauses)
        self.spec_flow = SpecWorkflow(self)
        # The spec goes beside the diff in the file list's place (a tab there), so the
        # code keeps its width.
        self.diff.add_side_page(self.spec_beside, "Spec")
        self.diff_split = self.diff  # the "Diff" tab
        self.center_tabs = QTabWidget(self)
        self.center_tabs.setAccessibleName("Clause and code, whole diff, spec editor")
        self.center_tabs.addTab(self.clause_view, "Clause")
        self.center_tabs.addTab(self.diff_split, "Diff")
        self.center_tabs.addTab(self.spec_flow.editor, "Spec")
        center = QSplitter(Qt.Orientation.Vertical, self)
        center.setObjectName("centerSplitter")
        center.addWidget(self.center_tabs)
        center.addWidget(self.side_tabs)
        center.setStretchFactor(0, 3)
        center.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._sized = False  # default widths are set at first show, from the window's width
        self._splitters = (self.splitter, left, center, *self.clause_view.splitters,
                           self.diff.split)
        self.setCentralWidget(self.splitter)

        self.status = plain.label(self)  # repository and spec paths: never rich text
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Loading")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)

        self.revisions = RevisionControl(self)
        self.actions_by_name = build_menus(self)
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(LIMITS.recheck_debounce_ms)
        self._recheck_timer.timeout.connect(self._recheck)
        self.sync = AuditSync(self)

        self.clauses.clauseSelected.connect(self._show_clause)
        self.clauses.clauseCleared.connect(self.clause_view.show_none)  # a filter hid the clause
        self.clauses.clauseSelected.connect(self.tests_panel.show_clause)
        self.tests_panel.resultsChanged.connect(self._recheck_timer.start)
        self.tests_panel.testActivated.connect(lambda path, line: self.diff.reveal(path, "new", line, line))
        self.clauses.verdictRequested.connect(self.set_verdict)
        self.clauses.linesDropped.connect(self._link_dropped)
        self.controller.edited.connect(self.sync.edited)
        self.controller.auditChanged.connect(self.sync.reload)
        self.controller.auditChanged.connect(lambda _rel: self._recheck_timer.start())
        self.diff.files.reviewedChanged.connect(self.sync.viewed_changed)
        self.controller.failed.connect(lambda title, msg: plain.message(self, title, msg))
        self.findings_panel.findingActivated.connect(self._reveal_finding)
        self.unexplained.findingActivated.connect(self._reveal_finding)
        self.unexplained.markRequested.connect(self._mark_change)
        self.suggestions.previewRequested.connect(self.diff.reveal)
        self.suggestions.acceptRequested.connect(self._accept_proposal)
        self.suggestions.rejectRequested.connect(
            lambda rel, key, p: self.controller.reject_proposal(
                rel, key, p.path, *((p.first, p.last, self._side_commit("new")) if p.side == "new" else ())))
        self.suggestions.changed.connect(self._proposals_to_evidence)
        self.suggestions.clauseRequested.connect(self.clauses.select)
        self.scars_panel.scarActivated.connect(self._scar_activated)
        self.clause_view.evidence.acceptRequested.connect(self._accept_current)
        self.clause_view.evidence.revealRequested.connect(self._show_in_diff)
        self.clause_view.wholeDiffRequested.connect(self.toggle_whole_diff)
        connect_settling(self.clause_view.conflict, self.controller, lambda: self.session.root)
        self.spec_beside.clauseChosen.connect(lambda rel, key: self.clauses.select(rel, key))
        self.diff.side.currentChanged.connect(
            lambda _i: self.actions_by_name["spec-beside"].setChecked(self.diff.side.currentWidget() is self.spec_beside))
        self.diff.linesSelected.connect(self._lines_selected)
        self._set_tab_order()
        window_geometry.place(self, QSettings().value("window/geometry"))  # fits the screen; remembered
        self._restore_layout()
        self._show_session()

    def _set_tab_order(self) -> None:
        """Tab follows the layout: the clause column top to bottom, then the diff, then
        the findings tabs."""
        c, d = self.clauses, self.diff
        chain = [c.filter, c.kind_filter, c.verdict_filter, c.stale_filter, c.tree, self.center_tabs,
                 self.detail, self.clause_view.evidence, self.suggestions, d.files, d.view, d.find_box,
                 self.side_tabs]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- loading --------------------------------------------------------------------
    def _show_session(self) -> None:
        s = self.session
        self.setWindowTitle(f"specaudit — {s.root.name} — {s.source.describe()}")
        self.clauses.set_entries(s.specs)
        self.scars_panel.set_scars(s.specs, set())
        self.status.setText(f"{s.root} · {', '.join(e.rel for e in s.specs)} · {s.source.describe()}")
        if s.problems:
            self.statusBar().showMessage(f"{len(s.problems)} spec problem(s): {s.problems[0]}", 10000)
        self.sync.watch()
        self.tests_panel.set_session(s)
        recent.remember({"repo": str(s.root), "spec": s.specs[0].rel if len(s.specs) == 1 else None,
                         "range": s.source.range, "patch": s.source.patch})
        self._start("diff", self._load_diff, self._diff_loaded)
        self._start("check", self._run_check, self._check_done)

    def _start(self, channel: str, fn, on_done) -> None:
        self._pending.add(channel)
        self.progress.show()
        self.tasks.submit(channel, fn, lambda result: self._finish(channel, on_done, result),
                          lambda exc: self._failed(channel, exc))

    def _finish(self, channel: str, on_done, result) -> None:
        on_done(result)
        self._settle(channel)

    def _failed(self, channel: str, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"
        self.load_errors.append(f"{channel}: {message}")
        if channel == "check":
            self.findings_panel.show_error(message)
        else:
            self.statusBar().showMessage(f"Could not load the {channel}: {message}")
        self._settle(channel)

    def _settle(self, channel: str) -> None:
        self._pending.discard(channel)
        if not self._pending:
            self.progress.hide()
            self._first_view()
            self.loaded.emit()

    def _scar_activated(self, rel: str, scar) -> None:
        """A scar shows its lines and the clause it belongs to (folded into, or diverges from)."""
        key = scar.folded_into or scar.clause
        entry = self.session.entry(rel)
        if key and entry is not None and entry.spec.clause(key) is not None:
            self.clauses.select(rel, key)
        self.diff.reveal(scar.path, "new", scar.first, scar.last)

    def _first_view(self) -> None:
        """Open on what matters most: a clause tightened from a scar (is the scar restored?),
        else an overwritten scar, else the first clause still to review."""
        tightened = [f for f in self.findings if f.kind == "tightened" and f.spec and f.clause]
        if self.clauses.current() is None and tightened:
            self.clauses.select(tightened[0].spec, tightened[0].clause)
            self.statusBar().showMessage(" · ".join(f.message for f in tightened), 15000)
        if self.clauses.current() is None:
            self.clauses.select_next_unreviewed(True)
        lost = next((f for f in self.findings if f.kind == "scar-overwritten"), None)
        if lost is not None and lost.path and lost.line:
            self.center_tabs.setCurrentWidget(self.diff_split)  # loudly, whatever tab was last used
            self.diff.reveal(lost.path, "new", lost.line, lost.line)

    def _load_diff(self):
        src = self.session.source
        return load_range(self.session.repo, src)

    def _diff_loaded(self, changeset) -> None:
        self.changeset = changeset
        self.diff.set_changeset(changeset)
        self.diff.files.set_viewed_marks(viewed_keys(self.session.specs[0].audit))
        self.diff._update_counts()
        self.clause_view.evidence.set_changeset(changeset)
        self.revisions.update()
        self._update_markers()
        self.suggestions.show_pending()
        session = self.session  # evidence (git reads, ranking) runs off the GUI thread
        self._start("suggest", lambda: propose_all(session, changeset), self._suggestions_ready)

    def _suggestions_ready(self, result) -> None:
        self.suggestions.set_results(*result)
        self._refresh_suggestions()

    def _run_check(self):
        # The opened range, exactly as `specaudit check --range` reads it.
        s = self.session
        return run_check(s.repo, [e.rel for e in s.specs], spec_format=s.spec_format, range=s.source)

    def _check_done(self, result) -> None:
        self.findings = list(result.findings)
        self.findings_panel.set_findings(self.findings)
        self.unexplained.set_findings(self.findings)
        self.clauses.set_findings(self.findings)
        self._refresh_scars()
        self._update_markers()

    def _overwritten(self) -> set[str]:
        return {f.scar for f in self.findings if f.kind == "scar-overwritten" and f.scar}

    def _refresh_scars(self) -> None:
        self.scars_panel.set_scars(self.session.specs, self._overwritten())

    def _update_markers(self) -> None:
        overwritten = self._overwritten()
        markers = []
        for entry in self.session.specs:
            for review in entry.audit.reviews.values():
                markers += [(lk.path, lk.side, lk.first, lk.last, "link") for lk in review.links]
            for scar in entry.audit.scars.values():
                markers.append((scar.path, "new", scar.first, scar.last,
                                "scar-overwritten" if scar.id in overwritten else "scar"))
        self.diff.set_markers(markers)

    def reload(self) -> None:
        s = self.session
        self._open(lambda: open_session(s.root, spec=s.specs[0].rel if len(s.specs) == 1 else None,
                                        range=s.source.range, patch=s.source.patch, spec_format=s.spec_format))

    def reload_specs(self) -> None:
        """Re-read the specs and audits from disk (after a save or a tightening); the diff stays."""
        current = self.clauses.current()
        try:
            self.session.specs = [load_entry(self.session.repo, e.rel, self.session.spec_format)
                                  for e in self.session.specs]
        except SpecauditError as exc:
            plain.message(self, "Cannot reload the spec", str(exc))
            return
        self.clauses.set_entries(self.session.specs)
        if current:
            self.clauses.select(*current)
        self._refresh_scars()
        self._update_markers()
        self._recheck_timer.start()

    def open_dialog(self) -> None:
        dialog = OpenDialog(str(self.session.root), self)
        if dialog.exec():
            v = dialog.values()
            self._open(lambda: open_session(v["repo"], spec=v["spec"], range=v["range"], patch=v["patch"]))

    def _open(self, opener) -> None:
        try:
            session = opener()
        except SpecauditError as exc:
            plain.message(self, "Cannot open", f"{exc}\n\nChoose a git repository that has a spec, "
                                "and a range both of whose ends exist.")
            return
        self.session = session
        self.controller.writer.flush()
        self.controller.undo_stack.clear()
        self.revisions.active = False
        self.actions_by_name["since-verdicts"].setChecked(False)
        self.findings = []
        self._show_session()

    # -- reviewing ------------------------------------------------------------------
    def _current_entry_clause(self, *, quiet: bool = False):
        """(spec entry, clause) of the clause list's current row; (None, None) without one,
        with a hint in the status bar unless ``quiet``."""
        current = self.clauses.current()
        if current is None:
            if not quiet:
                self.statusBar().showMessage("Select a clause first (Alt+1 goes to the clause list).", 5000)
            return None, None
        entry = self.session.entry(current[0])
        return entry, entry.spec.clause(current[1]) if entry else None

    def _show_clause(self, spec_rel: str, key: str, reveal: bool = True) -> None:
        entry = self.session.entry(spec_rel)
        clause = entry.spec.clause(key) if entry else None
        if clause is None:
            return
        self.clause_view.show_clause(entry, clause)
        self.spec_beside.show_clause(entry, clause)
        self.spec_flow.show_clause(spec_rel, key)
        review = entry.audit.review(key)
        if reveal and review.links:
            first = review.links[0]
            self.diff.reveal(first.path, first.side, first.first, first.last)
        self._refresh_suggestions()

    def _refresh_suggestions(self) -> None:
        entry, clause = self._current_entry_clause(quiet=True)
        if clause is None:
            return
        linked = {(lk.path, lk.side, lk.first, lk.last) for lk in entry.audit.review(clause.key).links}
        self.suggestions.show_clause(entry.rel, clause.key, linked)
        self._proposals_to_evidence()

    def _proposals_to_evidence(self) -> None:
        """The proposals the panel shows for the current clause, as code in the clause view."""
        self.clause_view.evidence.set_proposals(
            [(p, f"score {p.score:.2f}" + (f" \u00b7 {p.evidence[0]}" if p.evidence else ""))
             for p in self.suggestions.proposals() if p is not None])

    def _accept_current(self, proposal) -> None:
        entry, clause = self._current_entry_clause()
        if clause is not None:
            self.suggestions.forget(entry.rel, clause.key, proposal)
            self._accept_proposal(entry.rel, clause.key, proposal)

    def toggle_whole_diff(self) -> None:
        """Ctrl+D: between the clause with its code and the whole change."""
        showing_diff = self.center_tabs.currentWidget() is self.diff_split
        self.center_tabs.setCurrentWidget(self.clause_view if showing_diff else self.diff_split)
        (self.clause_view.evidence if showing_diff else self.diff.view).setFocus()

    def toggle_spec_beside(self, on: bool) -> None:
        self.diff.show_side_page(self.spec_beside if on else None)
        if on:
            self.center_tabs.setCurrentWidget(self.diff_split)
        QSettings().setValue("view/specBeside", on)

    def _show_in_diff(self, path: str, side: str, first: int, last: int) -> None:
        self.center_tabs.setCurrentWidget(self.diff_split)
        self.diff.reveal(path, side, first, last)

    def verdict_for_current(self, verdict: str) -> None:
        entry, clause = self._current_entry_clause()
        if clause is not None:
            self.set_verdict(entry.rel, clause.key, verdict)

    def set_verdict(self, spec_rel: str, key: str, verdict: str) -> None:
        if self.clauses.current() != (spec_rel, key):
            self.clauses.select(spec_rel, key)  # ticking a box brings that clause into view
        if self.controller.set_verdict(spec_rel, key, verdict):
            label = verdict_style.LABELS.get(verdict, verdict)
            self.statusBar().showMessage(f"{key}: {label} — saved", 4000)
        else:
            self.clauses.refresh()  # put the tick box back as it was

    def edit_note(self) -> None:
        entry, clause = self._current_entry_clause()
        if clause is None:
            return
        review = entry.audit.review(clause.key)
        text, ok = QInputDialog.getMultiLineText(self, f"Note on {clause.key}", "Note:", review.note or "")
        if ok:
            self.controller.set_verdict(entry.rel, clause.key, review.verdict, note=text.strip() or None)

    def link_selection(self) -> None:
        entry, clause = self._current_entry_clause()
        selected = self.diff.selected_range()
        if clause is None:
            return
        if selected is None:
            self.statusBar().showMessage("Select lines in the diff first, then press Ctrl+L.", 5000)
            return
        path, side, first, last = selected
        if self.controller.link(entry.rel, clause.key, path, side, first, last):
            self.statusBar().showMessage(f"Linked {clause.key} → {path}:{first}–{last}", 4000)

    def unlink_selection(self) -> None:
        entry, clause = self._current_entry_clause()
        if clause is None:
            return
        selected = self.diff.selected_range()
        links = entry.audit.review(clause.key).links
        target = None
        if selected is not None:
            path, side, first, last = selected
            target = next((lk for lk in links if lk.path == path and lk.side == side
                           and lk.first <= last and first <= lk.last), None)
        elif len(links) == 1:
            target = links[0]
        if target is None:
            self.statusBar().showMessage("Select lines of one of this clause's links to unlink them.", 5000)
            return
        self.controller.unlink(entry.rel, clause.key, target.path, target.side, target.first, target.last)

    def _link_dropped(self, spec_rel: str, key: str, lines) -> None:
        path, side, first, last = lines
        self.clauses.select(spec_rel, key)
        if self.controller.link(spec_rel, key, path, side, first, last):
            self.statusBar().showMessage(f"Linked {key} → {path}:{first}–{last}", 4000)

    def accept_top_suggestion(self) -> None:
        proposal = self.suggestions.top()
        entry, clause = self._current_entry_clause()
        if proposal is None or clause is None:
            self.statusBar().showMessage("No proposal for this clause.", 4000)
            return
        self.suggestions.forget(entry.rel, clause.key, proposal)
        self._accept_proposal(entry.rel, clause.key, proposal)

    def propose_links_for_all(self) -> None:
        self.side_tabs.setCurrentWidget(self.suggestions)
        self.suggestions.start_walk()

    def _accept_proposal(self, spec_rel: str, key: str, p) -> None:
        """Link exactly the proposal's evidenced lines to the clause."""
        if self.controller.link(spec_rel, key, p.path, p.side, p.first, p.last):
            self.diff.reveal(p.path, p.side, p.first, p.last)
            self.statusBar().showMessage(f"Linked {key} → {p.path}:{p.first}–{p.last}", 4000)

    def record_scar(self) -> None:
        selected = self.diff.selected_range()
        if selected is None:
            self.statusBar().showMessage("Select the scarred lines in the diff first, then press Ctrl+M.", 5000)
            return
        path, side, first, last = selected
        entry, clause = self._current_entry_clause(quiet=True)
        entry = entry or self.session.specs[0]
        dialog = ScarDialog.for_lines(entry, path, side, first, last, self)  # clause: the one linked to these lines
        if not dialog.exec():
            return
        commit = self._side_commit(side)
        scar_id = self.controller.add_scar(entry.rel, path, first, last, commit=commit, **dialog.values())
        if scar_id:
            self.side_tabs.setCurrentWidget(self.scars_panel)
            self.statusBar().showMessage(f"Scar {scar_id} recorded on {path}:{first}–{last}", 5000)

    def _side_commit(self, side: str) -> str | None:
        return self.session.source.side_commit(side)

    def _lines_selected(self, path: str, side: str, first: int, last: int) -> None:
        claims = [f"{e.rel.rsplit('/', 1)[-1]}:{r.clause}" for e in self.session.specs
                  for r in e.audit.reviews.values()
                  if any(lk.path == path and lk.side == side and lk.first <= last and first <= lk.last
                         for lk in r.links)]
        where = f"{path}:{first}–{last}"
        self.statusBar().showMessage(f"{where} claimed by {', '.join(claims)}" if claims
                                     else f"{where}: no clause claims these lines (Ctrl+L links them)")

    def _mark_change(self, finding, status: str) -> None:
        spec_rel = finding.spec or self.session.specs[0].rel
        first, last = finding.line, finding.end_line or finding.line
        if self.controller.mark_change(spec_rel, finding.path, first, last, status):
            self.statusBar().showMessage(f"{finding.path}:{first}–{last} marked {status}", 4000)

    def _recheck(self) -> None:
        """Re-run the check after edits, quietly: a newer run supersedes an older one.
        While the window is still loading, the newer run must also settle the load."""
        if "check" in self._pending:
            self._start("check", self._run_check, self._check_done)
            return
        self.tasks.submit("check", self._run_check, self._check_done,
                          lambda exc: self.findings_panel.show_error(str(exc)))

    def _reveal_finding(self, finding) -> None:
        if finding is None:
            return
        if getattr(finding, "clause", None) and getattr(finding, "spec", None):
            self.clauses.select(finding.spec, finding.clause)
        if finding.path and finding.line:
            self.diff.reveal(finding.path, "new", finding.line, finding.line)

    def diff_nav(self, name: str) -> None:
        method = getattr(self.diff, name, None)
        if method is not None:
            method()

    def find_in_diff(self) -> None:
        """Ctrl+F finds in the spec editor when it is showing, else across the whole change."""
        if self.center_tabs.currentWidget() is self.spec_flow.editor:
            self.spec_flow.editor.start_find()
            return
        self.center_tabs.setCurrentWidget(self.diff_split)
        self.diff.start_find()

    def focus_clause_filter(self) -> None:
        self.clauses.filter.setFocus()
        self.clauses.filter.selectAll()

    # -- help, settings -------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        theme.apply_theme(QApplication.instance(), name)
        self.actions_by_name[f"theme:{name}"].setChecked(True)
        QSettings().setValue("view/theme", name)

    def show_shortcuts(self) -> None:
        ShortcutSheet(self).exec()  # scrolls within the screen (ui/shortcut_sheet.py)

    def about(self) -> None:
        QMessageBox.about(self, "About specaudit",
                          markup("<b>specaudit {}</b><p>Review machine-authored diffs against their spec.</p>",
                                 __version__))

    def _restore_layout(self) -> None:
        settings = QSettings()
        for splitter in self._splitters:
            state = settings.value(f"window/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
                self._sized = self._sized or splitter in (self.splitter, self.diff.split)
        tab = settings.value("view/centerTab")
        if tab in ("clause", "diff"):  # the spec editor tab opens only on request
            self.center_tabs.setCurrentWidget(self.clause_view if tab == "clause" else self.diff_split)
        beside = settings.value("view/specBeside", False) in (True, "true")
        self.actions_by_name["spec-beside"].setChecked(beside)
        self.diff.show_side_page(self.spec_beside if beside else None)
        name = settings.value("view/theme", "light")
        self.set_theme(name if name in theme.THEMES else "light")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._sized:  # no remembered layout: the clause list gets a fifth, the code the rest
            self._sized = True
            width = self.width()
            left = min(LIMITS.clause_list_max_px, max(LIMITS.clause_list_min_px, width // 5))
            self.splitter.setSizes([left, width - left])
            files = min(LIMITS.file_list_max_px, max(LIMITS.file_list_min_px, width // 6))
            self.diff.split.setSizes([files, width - left - files])

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.spec_flow.can_close():
            event.ignore()  # unsaved spec edits: the user chose Cancel
            return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        for splitter in self._splitters:
            settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        settings.setValue("view/centerTab", "diff" if self.center_tabs.currentWidget() is self.diff_split else "clause")
        self.tests_panel.cancel()
        for channel in ("diff", "check", "suggest"):
            self.tasks.cancel(channel)
        self.controller.writer.flush()  # every edit asked for reaches the disk
        self.controller.writer.stop()
        super().closeEvent(event)


def save_screenshot(window: MainWindow, path: str) -> bool:
    return window.grab().save(path, "PNG")

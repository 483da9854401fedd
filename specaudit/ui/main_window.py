"""The review desk's window. It composes panels and wires them to app use cases;
the panels themselves know nothing of git or files."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QWidget,
)

from specaudit import __version__
from specaudit.core.audit import VERDICTS
from specaudit.core.errors import SpecauditError
from specaudit.ui import verdict_style
from specaudit.ui.clause_panel import ClausePanel
from specaudit.ui.detail_pane import DetailPane
from specaudit.ui.diff.panel import DiffPanel
from specaudit.ui.findings_panel import FindingsPanel
from specaudit.ui.tasks import TaskRunner


class MainWindow(QMainWindow):
    loaded = Signal()  # the diff and the check have both arrived (or failed)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.tasks = TaskRunner(self)
        self._pending: set[str] = set()
        self.load_errors: list[str] = []
        self.findings: list = []

        self.clauses = ClausePanel(self)
        self.findings_panel = FindingsPanel(self)
        self.diff = DiffPanel(self)
        self.detail = DetailPane(self)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.clauses)
        left.addWidget(self.findings_panel)
        left.setStretchFactor(0, 4)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.diff)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([360, 620, 300])
        self.setCentralWidget(self.splitter)

        self.status = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Loading")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)

        self._build_menus()
        self.clauses.clauseSelected.connect(self._show_clause)
        self.clauses.verdictRequested.connect(self.set_verdict)
        self.findings_panel.findingActivated.connect(self._reveal_finding)
        self.resize(1280, 720)
        self._restore_layout()
        self._show_session()

    # -- menus ----------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Open Repository…", self._choose_repository, QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Reload", self.reload, QKeySequence.StandardKey.Refresh,
                     "Re-read specs and audits from disk and reload the diff")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        review = bar.addMenu("&Review")
        for verdict in VERDICTS:
            self._action(review, f"Mark {verdict_style.LABELS[verdict]}",
                         lambda _=False, v=verdict: self._verdict_for_current(v), verdict_style.SHORTCUTS[verdict])

        view = bar.addMenu("&View")
        modes = QActionGroup(self)
        for label, mode, key in (("&Side by Side", "side-by-side", "Ctrl+Shift+S"), ("&Unified", "unified", "Ctrl+Shift+U")):
            act = self._action(view, label, lambda _=False, m=mode: self.diff.set_view_mode(m), key)
            act.setCheckable(True)
            act.setChecked(mode == "side-by-side")
            modes.addAction(act)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard Shortcuts", self._show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About specaudit", self._about)

    # -- loading --------------------------------------------------------------------
    def _show_session(self) -> None:
        s = self.session
        self.setWindowTitle(f"specaudit — {s.root.name} — {s.source.describe()}")
        self.clauses.set_entries(s.specs)
        self.status.setText(f"{s.root} · {', '.join(e.rel for e in s.specs)} · {s.source.describe()}")
        if s.problems:
            self.statusBar().showMessage(f"{len(s.problems)} spec problem(s): {s.problems[0]}", 10000)
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
            self.statusBar().showMessage(f"Could not load the diff: {message}")
        self._settle(channel)

    def _settle(self, channel: str) -> None:
        self._pending.discard(channel)
        if not self._pending:
            self.progress.hide()
            self.loaded.emit()

    def _load_diff(self):
        from specaudit.app.diffs import load_changeset

        src = self.session.source
        return load_changeset(self.session.repo, src.range, patch=src.patch)

    def _diff_loaded(self, changeset) -> None:
        self.diff.set_changeset(changeset)
        self._update_markers()

    def _run_check(self):
        from specaudit.app.checking import run_check

        return run_check(self.session.repo, [e.rel for e in self.session.specs],
                         spec_format=self.session.spec_format)

    def _check_done(self, result) -> None:
        self.findings = list(result.findings)
        self.findings_panel.set_findings(self.findings)
        self._update_markers()

    def _update_markers(self) -> None:
        overwritten = {f.scar for f in self.findings if f.kind == "scar-overwritten"}
        markers = []
        for entry in self.session.specs:
            for review in entry.audit.reviews.values():
                markers += [(lk.path, lk.side, lk.first, lk.last, "link") for lk in review.links]
            for scar in entry.audit.scars.values():
                kind = "scar-overwritten" if scar.id in overwritten else "scar"
                markers.append((scar.path, "new", scar.first, scar.last, kind))
        self.diff.set_markers(markers)

    def reload(self) -> None:
        from specaudit.app.session import open_session

        s = self.session
        try:
            self.session = open_session(s.root, spec=s.specs[0].rel if len(s.specs) == 1 else None,
                                        range=s.source.range, patch=s.source.patch, spec_format=s.spec_format)
        except SpecauditError as exc:
            QMessageBox.warning(self, "Cannot reload", str(exc))
            return
        self._show_session()

    def _choose_repository(self) -> None:
        from specaudit.app.session import open_session

        path = QFileDialog.getExistingDirectory(self, "Open Repository", str(self.session.root))
        if not path:
            return
        try:
            self.session = open_session(path)
        except SpecauditError as exc:
            QMessageBox.warning(self, "Cannot open repository", f"{exc}\n\nChoose a git repository that has a spec.")
            return
        self._show_session()

    # -- reviewing ------------------------------------------------------------------
    def _show_clause(self, spec_rel: str, key: str) -> None:
        entry = self.session.entry(spec_rel)
        clause = entry.spec.clause(key) if entry else None
        if clause is None:
            return
        self.detail.show_clause(entry, clause)
        review = entry.audit.review(key)
        if review.links:
            first = review.links[0]
            self.diff.reveal(first.path, first.side, first.first, first.last)

    def _verdict_for_current(self, verdict: str) -> None:
        current = self.clauses.current()
        if current is None:
            self.statusBar().showMessage("Select a clause first.", 4000)
            return
        self.set_verdict(*current, verdict)

    def set_verdict(self, spec_rel: str, key: str, verdict: str) -> None:
        from specaudit.app.audit_store import load_audit
        from specaudit.app.review import record_verdict

        entry = self.session.entry(spec_rel)
        if entry is None:
            return
        try:
            record_verdict(self.session.repo, entry.spec, key, verdict)
        except SpecauditError as exc:
            QMessageBox.warning(self, "Verdict not saved", f"{exc}\n\nNothing was changed on disk.")
        entry.audit = load_audit(self.session.root, spec_rel)
        self.clauses.refresh_verdicts()
        self._show_clause(spec_rel, key)
        label = verdict_style.LABELS.get(verdict, verdict)
        self.statusBar().showMessage(f"{key}: {label} — saved to {spec_rel}'s audit file", 4000)

    def _reveal_finding(self, finding) -> None:
        if finding is None:
            return
        if getattr(finding, "clause", None) and getattr(finding, "spec", None):
            self.clauses.select(finding.spec, finding.clause)
        if finding.path and finding.line:
            self.diff.reveal(finding.path, "new", finding.line, finding.line)

    # -- help, settings -------------------------------------------------------------
    def _show_shortcuts(self) -> None:
        rows = []
        for menu_action in self.menuBar().actions():
            for act in menu_action.menu().actions():
                if not act.shortcut().isEmpty():
                    name = act.text().replace("&", "")
                    rows.append(f"<tr><td>{name}</td><td><b>{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>")
        QMessageBox.information(self, "Keyboard Shortcuts", f"<table cellpadding=3>{''.join(rows)}</table>")

    def _about(self) -> None:
        QMessageBox.about(self, "About specaudit",
                          f"<b>specaudit {__version__}</b><p>Review machine-authored diffs against their spec.</p>")

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        self.tasks.cancel("diff")
        self.tasks.cancel("check")
        super().closeEvent(event)


def save_screenshot(window: MainWindow, path: str) -> bool:
    return window.grab().save(path, "PNG")


__all__ = ["MainWindow", "save_screenshot", "QTimer"]

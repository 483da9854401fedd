"""The selected clause's tests: each with its last result, the revision it ran at and the
evidence that links it; Import JUnit… and Run tests (in the background, with progress,
cancel and the command's output).

Self-contained: the window gives it the session (``set_session``) and the selected
clause (``show_clause``) and listens to ``resultsChanged`` (re-check) and
``testActivated`` (reveal the test's lines). Nothing runs when a repository is opened:
the configured command runs only when Run is pressed, and a command the repository sets
runs only after the trust dialog showed every argument and the user chose Run
(ui/testing/trust_dialog.py, app/testing/trust.py). Output is shown from a bounded tail, polled.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Imported at start-up, not in the worker (an import inside a job holds import locks).
from specaudit.app.testing.evidence import TestsRun, link_test, tests_for
from specaudit.app.testing.run import OutputTail, run_configured_tests
from specaudit.app.testing.trust import TestCommand, command_for, describe, is_trusted, record_trust
from specaudit.app.workspace.session import Session
from specaudit.core.errors import SpecauditError
from specaudit.core.tests_map import NOT_RUN
from specaudit.settings import LIMITS
from specaudit.ui.kit import plain
from specaudit.ui.kit.clause_names import key_label
from specaudit.ui.testing.trust_dialog import TrustDialog

RED, GREEN, GREY = "#c62828", "#2e7d32", "#757575"
RESULT_COLOR = {"failed": RED, "error": RED, "passed": GREEN, "skipped": GREY, "missing": GREY, NOT_RUN: GREY}
ROLE_CASE = Qt.ItemDataRole.UserRole + 1
_PERCENT = re.compile(r"\[\s*(\d{1,3})%\]")  # pytest's progress column


class ClauseTestsPanel(QWidget):
    resultsChanged = Signal()  # results were imported or a run finished: re-check
    testActivated = Signal(str, int)  # path, line
    runFinished = Signal(bool)  # True when results were imported

    def __init__(self, tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clauseTests")
        self.setAccessibleName("Tests of the selected clause")
        self._tasks = tasks
        # (junit, fresh) -> TestsRun: the window maps from its own check (app.analysis)
        self.mapper: Callable[[list[str] | None, bool], TestsRun] | None = None
        self.session: Session | None = None
        self.run_data = None  # app.tests_evidence.TestsRun
        self._clause: tuple[str, str] | None = None
        self._cancel: threading.Event | None = None
        self._can_run = False
        self._started = 0.0
        self._tail = OutputTail()
        self._shown = -1  # the tail version on screen
        self.trust_dialog: TrustDialog | None = None

        self.title = QLabel("Tests", self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel("", self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(f"color:{GREY}")
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Tests with their last result")
        self.tree.setHeaderLabels(["Result", "Test", "Evidence", "Revision"])
        self.tree.setRootIsDecorated(False)
        for col, width in enumerate((70, 330, 190, 90)):
            self.tree.setColumnWidth(col, width)
        # The test's id takes the room the panel has, cut in the middle: its file on the left,
        # its own title on the right ("todo-app/src/…::filter='active': completed=false のタスク…").
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.itemActivated.connect(self._activated)
        self.import_button = QPushButton("Import JUnit…", self)
        self.import_button.setToolTip("Read JUnit XML results (pytest, Jest, Vitest, cargo-nextest, "
                                      "go-junit-report, Maven Surefire)")
        self.import_button.clicked.connect(self.choose_junit)
        self.link_button = QPushButton("Link test…", self)
        self.link_button.setToolTip("Link a test to this clause, or to a scar on it (the test that guards it)")
        self.link_button.clicked.connect(self.choose_link)
        self.run_button = QPushButton("Run tests", self)
        self.run_button.clicked.connect(self.run_tests)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Test run progress")
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        self.output.setAccessibleName("Test command output")
        self.output.setFont(QFont("monospace"))
        self.output.hide()
        buttons = QHBoxLayout()
        for w in (self.import_button, self.link_button, self.run_button, self.cancel_button, self.progress):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.output, 2)
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._tick.timeout.connect(self._show_elapsed)
        self._poll = QTimer(self)  # output arrives in a bounded tail; shown from here
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._show_output)

    # -- data ---------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        """A new session: map its tests (reads git; runs nothing) in the background."""
        self.session = session
        self.run_data = None
        try:
            command = command_for(session.root)
        except SpecauditError as exc:
            command, why = None, str(exc)
        else:
            why = "Set tests.command and tests.junit in .specaudit/config.yaml to run tests from here."
        self._can_run = command is not None
        self.run_button.setEnabled(self._can_run)
        # Plain text, one argument per line: the repository chose these strings.
        tip = f"Run the test command from {command.source}:\n" + "\n".join(describe(command)) if command else why
        self.run_button.setToolTip(plain.tooltip(tip))
        self.refresh()

    def refresh(self, junit: list[str] | None = None, done=None) -> None:
        """Map the session's tests (importing ``junit`` first) in the background."""
        if self.session is None:
            return
        s = self.session
        rels = [e.rel for e in s.specs]
        self._tasks.submit("tests", lambda: self._map(s, rels, junit), done or self._mapped, self._failed)

    def _map(self, s, rels: list[str], junit: list[str] | None = None, fresh: bool = False) -> TestsRun:
        if self.mapper is not None:
            return self.mapper(junit, fresh)
        return tests_for(s.repo, rels, spec_format=s.spec_format, junit=junit, range=s.source)[0]

    def _mapped(self, run) -> None:
        self.run_data = run
        tested = proposed = 0
        for st in run.specs:
            t, p = st.tmap.coverage()
            tested, proposed = tested + t, proposed + p
        failing = sum(1 for st in run.specs for tid, o in st.outcomes.items() if o.result in ("failed", "error"))
        extra = f" · {proposed} more by proposal only" if proposed else ""
        extra += f" · {len(run.unmatched)} result(s) match no test" if run.unmatched else ""
        self.summary.setText(f"{tested} clause(s) have tests · {failing} failing{extra}")
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"
        self.summary.setText(f"Tests: {message}")
        self.summary.setStyleSheet(f"color:{RED}")

    def show_clause(self, spec_rel: str, key: str) -> None:
        self._clause = (spec_rel, key)
        self._fill()

    def _rows(self):
        """(label, LinkedTest, Outcome) for the clause, then for the scars on it."""
        if self.run_data is None or self._clause is None:
            return []
        rel, key = self._clause
        st = next((x for x in self.run_data.specs if x.spec == rel), None)
        if st is None:
            return []
        entry = self.session.entry(rel) if self.session else None
        rows = [(key, lt, st.outcome(lt.case.id)) for lt in st.tmap.tests_of(key)]
        scars = [s for s in entry.audit.scars.values() if s.clause == key] if entry else []
        for scar in scars:
            rows += [(f"scar {scar.id}", lt, st.outcome(lt.case.id)) for lt in st.tmap.scars.get(scar.id, [])]
        return rows

    def _fill(self) -> None:
        self.tree.clear()
        if self._clause is None:
            self.title.setText("Tests — select a clause")
            return
        rows = self._rows()
        self.title.setText(f"Tests of {key_label(self._clause[1])}" + ("" if rows else " — none found"))
        self.title.setToolTip(self._clause[1])
        for label, lt, o in rows:
            rev = (o.revision or "")[:10]
            evidence = f"{lt.evidence} ({label})" if label != self._clause[1] else lt.evidence
            item = QTreeWidgetItem([o.result, lt.case.id, evidence, rev])
            color = QColor(RESULT_COLOR.get(o.result, GREY))
            for col in range(4):
                item.setForeground(col, color)
            if o.result in ("failed", "error"):
                font = QFont()
                font.setBold(True)
                item.setFont(0, font)
                item.setFont(1, font)
                item.setBackground(0, QColor(198, 40, 40, 40))
            tip = f"{lt.case.path}:{lt.case.line}\n{o.result} at {o.revision or 'no run yet'}"
            if o.message:
                tip += f"\n{o.message}"
            item.setToolTip(1, plain.tooltip(tip))
            item.setData(0, ROLE_CASE, (lt.case.path, lt.case.line))
            self.tree.addTopLevelItem(item)

    def rows_text(self) -> list[tuple[str, str, str, str]]:
        """What the table shows (for tests and accessibility checks)."""
        items = [item for i in range(self.tree.topLevelItemCount()) if (item := self.tree.topLevelItem(i))]
        return [(item.text(0), item.text(1), item.text(2), item.text(3)) for item in items]

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, ROLE_CASE)
        if data:
            self.testActivated.emit(*data)

    # -- linking ------------------------------------------------------------------------
    def choose_link(self) -> None:
        """Pick a test, then (when the clause has scars) what it backs: the clause or a scar."""
        if self.session is None or self.run_data is None or self._clause is None:
            return
        rel, key = self._clause
        entry = self.session.entry(rel)
        ids = sorted(self.run_data.test_ids)
        if not ids or entry is None:
            self.summary.setText("No tests found in the repository to link.")
            return
        test_id, ok = QInputDialog.getItem(self, f"Link a test to {key}", "Test:", ids, 0, False)
        if not ok:
            return
        targets = [key] + [f"scar {s.id}: {s.title}" for s in entry.audit.scars.values() if s.clause == key]
        target = targets[0]
        if len(targets) > 1:
            target, ok = QInputDialog.getItem(self, "Link the test to", "Backs:", targets, 0, False)
            if not ok:
                return
        self.link(rel, target.split(":", 1)[0].removeprefix("scar ") if target != key else key, test_id)

    def link(self, spec_rel: str, target: str, test_id: str) -> None:
        """Record the link (in the background) and refresh the tests."""
        s = self.session
        entry = s.entry(spec_rel) if s is not None else None
        if s is None or entry is None:
            return

        def job():
            link_test(s.repo, entry.spec, target, test_id)
            return self._map(s, [e.rel for e in s.specs], fresh=True)

        self._tasks.submit("tests", job, self._imported, self._failed)

    # -- import and run -------------------------------------------------------------
    def choose_junit(self) -> None:
        start = str(self.session.root) if self.session else ""
        paths, _ = QFileDialog.getOpenFileNames(self, "Import JUnit XML results", start, "JUnit XML (*.xml);;All files (*)")
        if paths:
            self.import_junit(paths)

    def import_junit(self, paths: list[str]) -> None:
        """Import ``paths`` (remembered with the revision) and re-check."""
        self.refresh(paths, self._imported)

    def _imported(self, run) -> None:
        self.summary.setStyleSheet(f"color:{GREY}")
        self._mapped(run)
        self.resultsChanged.emit()

    def run_tests(self) -> None:
        """Run the test command in the background; output streams in, Cancel stops it. A
        command the repository sets and the user has not trusted (as it is now) first
        shows the trust dialog; Run there records the trust, then runs."""
        if self.session is None or self._cancel is not None or self.trust_dialog is not None:
            return
        try:
            command = command_for(self.session.root)
            trusted = command is not None and is_trusted(command)
        except SpecauditError as exc:
            self._failed(exc)
            return
        if command is None:
            return
        if trusted:
            self._start(command)
            return
        dialog = self.trust_dialog = TrustDialog(command, self)
        dialog.accepted.connect(lambda: self._trust_and_start(command))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.trust_dialog is not None:
            self.trust_dialog.deleteLater()
            self.trust_dialog = None

    def _trust_and_start(self, command: TestCommand) -> None:
        try:
            record_trust(command)
        except SpecauditError as exc:
            self._failed(exc)
            return
        self._start(command)

    def _start(self, command: TestCommand) -> None:
        s = self.session
        if s is None:
            return
        rels = [e.rel for e in s.specs]
        cancel = self._cancel = threading.Event()
        tail = self._tail = OutputTail()

        def job():
            outcome = run_configured_tests(s.root, command=command, tail=tail, cancel=cancel)
            return self._map(s, rels, [str(outcome.junit)])

        self._shown = -1
        self.output.clear()
        self.output.show()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.run_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.link_button.setEnabled(False)
        self._started = time.monotonic()
        self._tick.start()
        self._poll.start()
        self.summary.setStyleSheet(f"color:{GREY}")
        self.summary.setText("Running the test command…")
        self._tasks.submit("tests-run", job, self._run_done, self._run_failed)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.summary.setText("Stopping the test command…")

    def running(self) -> bool:
        return self._cancel is not None

    def _show_output(self) -> None:
        """The tail as it is now (a note first when earlier output was dropped); very long
        lines cut at LIMITS.display_line_chars. Progress from pytest's last percentage."""
        if self._tail.version == self._shown:
            return
        self._shown = self._tail.version
        text = self._tail.text()
        self.output.setPlainText("\n".join(ln[: LIMITS.display_line_chars] for ln in text.split("\n")))
        self.output.verticalScrollBar().setValue(self.output.verticalScrollBar().maximum())
        found = list(_PERCENT.finditer(text[-4000:]))
        if found:
            self.progress.setRange(0, 100)
            self.progress.setValue(min(100, int(found[-1].group(1))))

    def _show_elapsed(self) -> None:
        if self._cancel is not None and not self._cancel.is_set():
            self.summary.setText(f"Running the test command… {time.monotonic() - self._started:.0f} s")

    def _end_run(self) -> None:
        self._cancel = None
        self._tick.stop()
        self._poll.stop()
        self._show_output()
        self.progress.hide()
        self.cancel_button.hide()
        self.import_button.setEnabled(True)
        self.link_button.setEnabled(True)
        self.run_button.setEnabled(self._can_run)

    def _run_done(self, run) -> None:
        self._end_run()
        self._imported(run)
        if self._tail.dropped:  # the note also heads the output pane, above what was kept
            self.summary.setText(f"{self.summary.text()} · output: {self._tail.note()}")
        self.runFinished.emit(True)

    def _run_failed(self, exc: BaseException) -> None:
        self._end_run()
        self._failed(exc)
        self.runFinished.emit(False)

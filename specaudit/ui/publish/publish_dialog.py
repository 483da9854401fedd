"""Commit and push: an editable message, an optional new branch, a remote, run in the background.

Only the spec and ``.specaudit/`` files are committed (``app.publish``). The bytes shown
when the dialog opened are what gets committed: a file changed on disk meanwhile is
refused. Errors are shown with how to recover; nothing is lost or forced.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from specaudit.app.publish.branch_names import check_new_branch
from specaudit.app.publish.publishing import PublishState, commit_specs, publish_state, push
from specaudit.core.errors import SpecauditError
from specaudit.ui.kit import plain
from specaudit.ui.kit.tasks import TaskRunner


class CommitPushDialog(QDialog):
    """``CommitPushDialog(root, specs=None, expected=None, parent=None, runner=None)``.

    ``expected`` maps paths to the bytes the user reviewed (default: the bytes when the
    dialog loaded). Signals: ``committed(CommitResult)``, ``pushed(PushResult)``,
    ``failed(str)`` (the one-line error shown), ``stateLoaded(PublishState)``.
    """

    committed = Signal(object)
    pushed = Signal(object)
    failed = Signal(str)
    stateLoaded = Signal(object)

    def __init__(self, root: Path, specs: list[str] | None = None, expected: dict[str, bytes] | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None):
        super().__init__(parent)
        self.setWindowTitle("Commit and Push the Spec")
        self.setMinimumSize(640, 520)
        self._root, self._specs, self._expected = Path(root), specs, expected
        self._runner = runner or TaskRunner(self)
        self.state: PublishState | None = None

        self.branch_label = plain.label(self)
        self.files = QListWidget(self)
        self.files.setAccessibleName("Files to commit")
        self.files.setMaximumHeight(100)
        self.message = QPlainTextEdit(self)
        self.message.setAccessibleName("Commit message")
        self.new_branch = QCheckBox("Commit on a &new branch:", self)
        self.branch_name = QLineEdit(self)
        self.branch_name.setPlaceholderText("e.g. spec/tighten-retries")
        self.branch_name.setEnabled(False)
        self.new_branch.toggled.connect(self._branch_toggled)
        self.push_after = QCheckBox("&Push after committing, to:", self)
        self.push_after.setChecked(True)
        self.remote = QComboBox(self)
        self.remote.setAccessibleName("Remote")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = plain.label(self)
        self.status.setWordWrap(True)
        self.commit_button = QPushButton("&Commit", self)
        self.commit_button.setDefault(True)
        self.commit_button.clicked.connect(self.start)
        self.push_button = QPushButton("Push &only", self)
        self.push_button.clicked.connect(self.start_push)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Branch:", self.branch_label)
        form.addRow("Files:", self.files)
        form.addRow("&Message:", self.message)
        branch_row = QHBoxLayout()
        branch_row.addWidget(self.new_branch)
        branch_row.addWidget(self.branch_name, 1)
        push_row = QHBoxLayout()
        push_row.addWidget(self.push_after)
        push_row.addWidget(self.remote, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.push_button, self.commit_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(branch_row)
        layout.addLayout(push_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.reload()

    # -- state -------------------------------------------------------------------------
    def reload(self) -> None:
        self._busy("Reading the repository…")
        root, specs = self._root, self._specs
        self._runner.submit("publish", lambda: publish_state(root, specs), self._loaded, self._error)

    def _loaded(self, state: PublishState) -> None:
        self.state = state
        self._idle()
        # Plain text (the label never reads markup: a branch name is untrusted); the
        # detached state stands out by its font, not by tags.
        font = self.branch_label.font()
        font.setBold(not state.branch)
        self.branch_label.setFont(font)
        if state.branch:
            self.branch_label.setText(state.branch)
        else:
            self.branch_label.setText("detached HEAD: name a new branch to commit on")
            self.new_branch.setChecked(True)
        self.files.clear()
        self.files.addItems(list(state.paths))
        if not self.message.toPlainText().strip():
            self.message.setPlainText(state.message)
        current = self.remote.currentText()
        self.remote.clear()
        for r in state.remotes:
            self.remote.addItem(r.name, r.name)
            self.remote.setItemData(self.remote.count() - 1, r.url, Qt.ItemDataRole.ToolTipRole)
        if current:
            self.remote.setCurrentIndex(max(0, self.remote.findText(current)))
        elif self.remote.findText("origin") >= 0:
            self.remote.setCurrentIndex(self.remote.findText("origin"))
        if not state.remotes:
            self.push_after.setChecked(False)
            self.push_after.setEnabled(False)
            self.push_button.setEnabled(False)
            self.remote.setPlaceholderText("no remote: add one with git remote add")
        self.commit_button.setEnabled(bool(state.paths))
        self.status.setText("" if state.paths else "Nothing to commit: the spec and its audit file already match HEAD.")
        self.stateLoaded.emit(state)

    def _branch_toggled(self, on: bool) -> None:
        self.branch_name.setEnabled(on)
        if on:  # a typed name must land in the field, not on the checkbox
            self.branch_name.setFocus()

    def _checked_branch(self) -> str | None:
        """The new branch name, validated (git check-ref-format, unused); raises SpecauditError."""
        if not self.new_branch.isChecked():
            return None
        return check_new_branch(self._root, self.branch_name.text().strip())

    # -- running -----------------------------------------------------------------------
    def start(self) -> None:
        """Commit (and push if asked) in the background."""
        if self.state is None:
            return
        root, specs = self._root, self._specs
        message = self.message.toPlainText()
        try:
            branch = self._checked_branch()
        except SpecauditError as exc:  # refused before anything runs: never a commit on main
            self._error(exc)
            self.branch_name.setFocus()
            self.branch_name.selectAll()
            return
        expected = self._expected if self._expected is not None else self.state.snapshot
        remote = self.remote.currentData() if self.push_after.isChecked() else None
        do_push = self.push_after.isChecked() and self.push_after.isEnabled()
        self._busy("Committing…")

        def job():
            done = commit_specs(root, specs, message, branch=branch, expected=expected)
            if not do_push:
                return done, None
            try:
                return done, push(root, remote)
            except SpecauditError as exc:  # committed but not pushed: report both
                return done, exc

        self._runner.submit("publish", job, self._finished, self._error)

    def start_push(self) -> None:
        root, remote = self._root, self.remote.currentData()
        self._busy(f"Pushing to {remote}…")
        self._runner.submit("publish", lambda: (None, push(root, remote)), self._finished, self._error)

    def _finished(self, result) -> None:
        done, pushed = result
        self._idle()
        lines = []
        if done is not None:
            lines.append(f"Committed {done.commit[:12]} on {done.branch}: {', '.join(done.paths)}.")
            self.committed.emit(done)
            # Committed: nothing is left to commit, even when the push is refused below
            # (its error re-enables what the state allows; Commit again would fail).
            if self.state is not None:
                self.state = replace(self.state, paths=(), snapshot={})
            self.files.clear()
            self.commit_button.setEnabled(False)
        if isinstance(pushed, BaseException):
            self._error(pushed, prefix=" ".join(lines))
            return
        if pushed is not None:
            lines.append(f"Pushed {pushed.branch} to {pushed.upstream} ({pushed.summary}; upstream set).")
            self.pushed.emit(pushed)
        self.status.setStyleSheet("color:#2e7d32")
        self.status.setText(" ".join(lines))

    def _error(self, exc: BaseException, prefix: str = "") -> None:
        self._idle()
        text = str(exc) if str(exc) else type(exc).__name__
        self.status.setStyleSheet("color:#c62828")
        self.status.setText(f"{prefix} {text}".strip())
        self.failed.emit(text)

    def _busy(self, what: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(what)
        self.progress.show()
        for w in (self.commit_button, self.push_button):
            w.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        has_paths = bool(self.state and self.state.paths)
        self.commit_button.setEnabled(has_paths)
        self.push_button.setEnabled(bool(self.state and self.state.remotes))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._runner.wait(30_000)  # never leave a commit or push half-reported
        super().closeEvent(event)

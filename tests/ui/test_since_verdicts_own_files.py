"""Ctrl+Shift+R after a new commit lands on a range whose verdicts were committed inside
it: the changes since the verdicts are the code's, not specaudit's own audit file (the
header leaves that file out of its counts; the interdiff listed it first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from qt_support import open_window, press, settle_writes
from support import git

from specaudit.app.workspace.session import open_session
from specaudit.ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_changes_since_verdicts_leave_out_the_audit_files(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo, range=f"{demo_repo.base}..HEAD")
    window.clauses.select(demo_repo.spec, "behavior-1")
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)
    git(demo_repo.path, "add", "-A")
    git(demo_repo.path, "commit", "-qm", "verdicts")
    retry = demo_repo.path / "payment_retry" / "retry.py"
    retry.write_text(retry.read_text() + "\n# regenerated again\n")
    git(demo_repo.path, "commit", "-qam", "a second regeneration")

    again = MainWindow(open_session(demo_repo.path, spec=demo_repo.spec, range=f"{demo_repo.base}..HEAD"))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=30000):
        again.show()
    again.activateWindow()
    qtbot.waitUntil(again.revisions.moved, timeout=10000)  # known off the GUI thread
    press(qtbot, again, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: again.code.showing_interdiff, timeout=10000)
    shown = [f.path for f in again.diff.changeset.files] if again.diff.changeset else []
    assert shown == ["payment_retry/retry.py"]

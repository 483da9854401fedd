"""What a keyboard reviewer is told after the keys that change nothing on screen but the
record: undo and redo say what they did (the status bar never keeps claiming the undone
edit "— saved"), and a key with nothing to act on says so in the status bar instead of a
dialog that takes the next keystrokes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import open_window, press, settle_writes

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_undo_and_redo_say_what_they_did(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-4")
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle_writes(qtbot, window)
    assert window.statusBar().currentMessage() == "behavior-4: Partial — saved"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undone: behavior-4: Partial — saved"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Redone: behavior-4: Partial — saved"
    assert QApplication.activeModalWidget() is None

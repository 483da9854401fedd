"""The spec editor's flows in the window, from the keyboard: tightening while the editor
holds unsaved edits, a save that conflicts with a change on disk, the unsaved mark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import open_window, press

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _editing(qtbot, demo_repo, text: str = "XYZ "):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-2")
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    editor = window.spec_flow.editor
    qtbot.keyClicks(editor.edit, text)
    assert editor.is_modified()
    return window, editor


def test_tighten_with_unsaved_edits_says_so_first_without_a_dialog(qtbot, demo_repo):
    """Ctrl+T used to ask which scar, then refuse in a message box: the choice was wasted and
    the box took the next keys. Now it says so at once, in the status bar, and the
    keyboard stays in the editor with the edits."""
    window, editor = _editing(qtbot, demo_repo)
    opened = []
    # Anything modal that opens is recorded and closed, so a regression fails rather than hangs.
    def watch():
        modal = QApplication.activeModalWidget()
        if modal is not None:
            opened.append(type(modal).__name__)
            modal.close()
    from PySide6.QtCore import QTimer
    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    for key, mods in ((Qt.Key.Key_T, CTRL), (Qt.Key.Key_T, CTRL | SHIFT)):
        press(qtbot, window, key, mods)
        qtbot.wait(100)
        assert opened == []
        assert "unsaved" in window.statusBar().currentMessage()
        assert QApplication.focusWidget() is editor.edit
    timer.stop()
    assert editor.text().startswith("XYZ ")
    editor.edit.document().setModified(False)  # closing would ask about the edits

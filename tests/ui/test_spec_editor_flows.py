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
    # Closing the window would ask about unsaved edits: a failed test must not hang there.
    window.spec_flow.can_close = lambda: True
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


def test_a_conflicting_save_offers_the_reload_it_advises_and_undo_keeps_your_text(qtbot, demo_repo):
    """The refusal said "reload the spec", but no key reloaded the editor (Ctrl+Shift+E and
    F5 both kept the edited text): the other change could not be seen without losing yours."""
    from qt_support import on_modal

    window, editor = _editing(qtbot, demo_repo)
    spec = demo_repo.path / demo_repo.spec
    spec.write_text(spec.read_text() + "\n- Someone else's line.\n")
    seen = []

    def reload(box):
        seen.append(box.text())
        box.grab().save("/tmp/uifix/shots/conflict-dialog.png") if __import__("os").path.isdir("/tmp/uifix/shots") \
            else None
        button = next((b for b in box.buttons() if "Reload" in b.text()), None)
        button.click() if button is not None else box.close()

    on_modal(reload)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert seen and "changed on disk" in seen[0]
    assert "Someone else's line." in editor.text() and "XYZ" not in editor.text()
    assert not editor.is_modified()
    assert "Someone else's line." in spec.read_text() and "XYZ" not in spec.read_text()
    qtbot.keyClick(editor.edit, Qt.Key.Key_Z, CTRL)  # your text comes back
    assert editor.text().startswith("XYZ ")
    editor.edit.document().setModified(False)


def test_the_editor_says_when_its_text_is_not_saved(qtbot, demo_repo):
    """Nothing told edited text from saved text: after Ctrl+S then Ctrl+Z the status bar
    still read "Saved …" while the editor differed from the file."""
    window, editor = _editing(qtbot, demo_repo)
    qtbot.waitUntil(lambda: "clauses" in editor.status.text(), timeout=5000)
    assert "unsaved" in editor.status.text()
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "unsaved" not in editor.status.text(), timeout=5000)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "unsaved" in editor.status.text(), timeout=5000)
    editor.edit.document().setModified(False)


def test_edit_spec_opens_at_the_selected_clause(qtbot, demo_repo):
    """Ctrl+Shift+E on a clause left the caret on line 1 the first time: the clause was
    looked up before the text had been parsed, so what one typed landed in the title."""
    window = open_window(qtbot, demo_repo)
    window.spec_flow.can_close = lambda: True
    window.clauses.select(demo_repo.spec, "behavior-2")
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    editor = window.spec_flow.editor
    line = window.session.specs[0].spec.clause("behavior-2").span[0]
    qtbot.waitUntil(lambda: editor.edit.textCursor().blockNumber() + 1 == line, timeout=5000)

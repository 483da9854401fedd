"""Ctrl+Shift+R (Only Changes Since Verdicts) is always there to press: with nothing
new since the last review it says so in the status bar, non-modal, and the view stays
as it was (issue 23 item 8: the action was disabled, so the notice could never show)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import open_window, press, settle_writes

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_r_with_nothing_new_says_so_and_leaves_the_view(qtbot, demo_repo, tmp_path):
    window = open_window(qtbot, demo_repo)
    rel = window.session.specs[0].rel
    # A verdict given now is on the range's target: nothing can be new since it.
    window.clauses.select(rel, "behavior-3")
    window.set_verdict(rel, "behavior-3", "implemented")
    settle_writes(qtbot, window)
    target = window.changeset.target
    qtbot.waitUntil(lambda: window.revisions.revision == target, timeout=10000)
    action = window.actions_by_name["since-verdicts"]
    assert action.isEnabled()

    window.center_tabs.setCurrentWidget(window.clause_view)
    window.clauses.tree.setFocus()
    shown = (window.center_tabs.currentWidget(), window.diff.changeset, window.center_tabs.tabText(1))
    press(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: "Nothing changed since the last review" in window.statusBar().currentMessage(),
                    timeout=5000)
    assert "the verdicts were made on the range's target" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None  # a status-bar notice, never a dialog
    assert not action.isChecked() and not window.revisions.active
    assert (window.center_tabs.currentWidget(), window.diff.changeset, window.center_tabs.tabText(1)) == shown
    assert QApplication.focusWidget() is window.clauses.tree  # the keyboard stays where it was
    window.grab().save(str(tmp_path / "nothing-new.png"))

"""Edits show at once and reach the audit file in the order they were made, none lost,
even when keys come faster than the disk (the background writer)."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt
from qt_support import open_window, settle_writes

CTRL = Qt.KeyboardModifier.ControlModifier


def _review(demo_repo, key) -> dict:
    path = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    return yaml.safe_load(path.read_text())["reviews"].get(key) or {}


def test_quick_verdict_keys_land_in_order(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-2")
    tree = window.clauses.tree
    tree.setFocus()
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):  # no waiting in between
        qtbot.keyClick(tree, key, CTRL)
    # Shown before anything is on disk: the window does not wait for the writes.
    assert window.session.specs[0].audit.review("behavior-2").verdict == "violated"
    settle_writes(qtbot, window)
    review = _review(demo_repo, "behavior-2")
    assert review["verdict"] == "violated"
    assert [h["verdict"] for h in review["history"]] == ["implemented", "partial"]
    assert window.controller.undo_stack.count() == 3


def test_closing_the_window_writes_what_was_queued(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-3")
    window.clauses.tree.setFocus()
    qtbot.keyClick(window.clauses.tree, Qt.Key.Key_2, CTRL)
    window.close()
    assert _review(demo_repo, "behavior-3")["verdict"] == "partial"


def test_undo_right_after_an_edit_undoes_that_edit(qtbot, demo_repo):
    from qt_support import press

    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-5")
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # before the violated verdict is on disk
    settle_writes(qtbot, window)
    assert _review(demo_repo, "behavior-5")["verdict"] == "implemented"

"""Undo in the window never erases what someone else wrote since (issue: a teammate's
verdict, given with the CLI after ours, vanished with its note and history on Ctrl+Z)."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import open_window, press, settle_writes

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _review(demo_repo, key) -> dict:
    path = next((demo_repo.path / ".specaudit").rglob("*.audit.yaml"))
    return yaml.safe_load(path.read_text())["reviews"].get(key) or {}


def _press_and_read_warning(qtbot, window, key, modifiers) -> str:
    """The refusal is named in the window's notice bar (never a dialog that takes the keys)."""
    press(qtbot, window, key, modifiers)
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert QApplication.activeModalWidget() is None
    return window.notice.text.text()


def test_undo_after_a_teammates_verdict_keeps_the_teammates_verdict(qtbot, demo_repo, run_cli):
    window = open_window(qtbot, demo_repo)
    _, key = window.clauses.current()
    window.clauses.tree.setFocus()
    qtbot.keyClick(window.clauses.tree, Qt.Key.Key_Space)
    settle_writes(qtbot, window)
    assert _review(demo_repo, key)["verdict"] == "implemented"

    teammate = run_cli("review", "--repo", str(demo_repo.path), "--spec", demo_repo.spec, "--clause", key,
                       "--verdict", "violated", "--note", "TEAMMATE", "--reviewer", "Teammate <t@example.com>")
    assert teammate.code == 0, teammate

    message = _press_and_read_warning(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert "changed by someone else" in message and key in message
    review = _review(demo_repo, key)
    assert (review["verdict"], review["note"], review["reviewer"]) == ("violated", "TEAMMATE", "Teammate <t@example.com>")
    assert [h["verdict"] for h in review["history"]] == ["implemented"]

    # The refused step left the stack: nothing more to undo or redo that could overwrite it.
    assert not window.controller.undo_stack.canUndo() and not window.controller.undo_stack.canRedo()
    assert window.clauses.tree.currentIndex().isValid()


def test_undo_and_redo_of_one_clause_leave_other_clauses_edited_meanwhile(qtbot, demo_repo, run_cli):
    window = open_window(qtbot, demo_repo)
    _, key = window.clauses.current()
    window.clauses.tree.setFocus()
    qtbot.keyClick(window.clauses.tree, Qt.Key.Key_Space)
    settle_writes(qtbot, window)
    other = "invariants-1" if key != "invariants-1" else "invariants-2"
    assert run_cli("review", "--repo", str(demo_repo.path), "--spec", demo_repo.spec, "--clause", other,
                   "--verdict", "partial", "--note", "TEAMMATE").code == 0

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert _review(demo_repo, key) == {}  # back to no review at all: no placeholder block
    assert _review(demo_repo, other)["note"] == "TEAMMATE"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _review(demo_repo, key)["verdict"] == "implemented"
    assert _review(demo_repo, other)["note"] == "TEAMMATE"


def test_redo_refuses_over_a_teammates_verdict_given_after_the_undo(qtbot, demo_repo, run_cli):
    window = open_window(qtbot, demo_repo)
    _, key = window.clauses.current()
    window.clauses.tree.setFocus()
    qtbot.keyClick(window.clauses.tree, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    settle_writes(qtbot, window)
    assert run_cli("review", "--repo", str(demo_repo.path), "--spec", demo_repo.spec, "--clause", key,
                   "--verdict", "not-applicable", "--note", "TEAMMATE").code == 0

    message = _press_and_read_warning(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert "cannot redo" in message
    assert (_review(demo_repo, key)["verdict"], _review(demo_repo, key)["note"]) == ("not-applicable", "TEAMMATE")


def test_undoing_a_scar_that_was_folded_since_keeps_it_folded(qtbot, demo_repo, run_cli):
    window = open_window(qtbot, demo_repo)
    command = window.controller.add_scar(demo_repo.spec, "payment_retry/retry.py", 1, 2, title="Keep the pause",
                                         why="The bank rate-limits bursts.", clause="behavior-1", incident=None,
                                         severity="high", side="new")
    settle_writes(qtbot, window)
    sid = command.ref.ident
    assert sid
    folded = run_cli("tighten", "--repo", str(demo_repo.path), "--spec", demo_repo.spec, "--scar", sid)
    assert folded.code == 0, folded

    window.clauses.tree.setFocus()  # not a text field, whose own undo Ctrl+Z would be
    message = _press_and_read_warning(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert f"scar {sid} was changed by someone else" in message
    path = next((demo_repo.path / ".specaudit").rglob("*.audit.yaml"))
    scar = yaml.safe_load(path.read_text())["scars"][sid]
    assert scar["status"] == "folded" and scar["title"] == "Keep the pause"

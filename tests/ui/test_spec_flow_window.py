"""The spec half of a review, in the window: edit the spec with the clause panel following,
tighten from the overwritten scar, then commit and push to a real bare remote."""

from __future__ import annotations

import subprocess

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from qt_support import on_modal, open_window, press
from support import git as _git

from specaudit.ui.spec_editor import CommitPushDialog, TightenDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_the_spec_tab_clicked_first_shows_the_spec_at_the_selected_clause(qtbot, demo_repo):
    # Before, the tab showed empty panes until Spec > Edit Spec had been used once.
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "non-goals-2")
    editor = window.spec_flow.editor
    tabs = window.center_tabs
    tab_bar = tabs.tabBar()
    spec_tab = next(i for i in range(tabs.count()) if tabs.widget(i) is editor)
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(spec_tab).center())
    assert tabs.currentWidget() is editor
    assert editor.text() == (demo_repo.path / demo_repo.spec).read_text(encoding="utf-8")
    # At the clause, once the text is parsed (off the GUI thread).
    qtbot.waitUntil(lambda: editor.edit.textCursor().block().text().startswith("- No"), timeout=5000)
    # Leaving and coming back keeps the text being edited, unsaved.
    qtbot.keyClicks(editor.edit, "x")
    tabs.setCurrentWidget(window.clause_view)
    tabs.setCurrentWidget(editor)
    assert editor.is_modified() and "x" in editor.text()
    editor.edit.undo()  # nothing left to ask about when the window closes
    assert not editor.is_modified()


def test_editing_the_spec_updates_the_clause_panel_and_saves(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "non-goals-2")
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    editor = window.spec_flow.editor
    assert window.center_tabs.currentWidget() is editor
    assert "What NOT to build" in editor.text()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, "- No per-merchant retry settings.")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)  # QTest cannot type "\n" as text
    # The clause panel follows the text, debounced, before anything is saved.
    qtbot.waitUntil(lambda: (demo_repo.spec, "non-goals-3") in window.clauses._items, timeout=5000)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    saved = (demo_repo.path / demo_repo.spec).read_text()
    assert saved.endswith("- No per-merchant retry settings.\n")
    assert not editor.is_modified()


def test_tighten_from_the_scar_then_commit_and_push(qtbot, demo_repo, tmp_path):
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    _git(demo_repo.path, "remote", "add", "origin", str(remote))
    (demo_repo.path / "notes.txt").write_text("unrelated work in progress\n")
    window = open_window(qtbot, demo_repo, range="HEAD~1..HEAD")
    scar_id = next(iter(window.session.specs[0].audit.scars))

    # Ctrl+T: choose the scar, accept the proposed constraint.
    on_modal(lambda d: d.accept(), QInputDialog)
    on_modal(lambda d: d.accept_clause(), TightenDialog)
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    spec_text = (demo_repo.path / demo_repo.spec).read_text()
    assert scar_id in spec_text
    audit = yaml.safe_load(next((demo_repo.path / ".specaudit").rglob("*.yaml")).read_text())
    assert audit["scars"][scar_id]["status"] == "folded"
    assert audit["scars"][scar_id]["folded_into"] in window.session.specs[0].spec.by_key()

    # Ctrl+Shift+K: commit only the spec and its audit, push with upstream.
    def commit(dialog: CommitPushDialog):
        qtbot.waitUntil(lambda: dialog.commit_button.isEnabled(), timeout=10000)
        with qtbot.waitSignal(dialog.pushed, timeout=20000):
            dialog.commit_button.click()
        dialog.accept()

    on_modal(commit, CommitPushDialog)
    press(qtbot, window, Qt.Key.Key_K, CTRL | SHIFT)
    committed = _git(demo_repo.path, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(committed) == sorted([demo_repo.spec, ".specaudit/specs/payment-retry.md.audit.yaml"])
    assert "notes.txt" not in committed
    assert _git(remote, "rev-parse", "main").strip() == _git(demo_repo.path, "rev-parse", "HEAD").strip()
    # The session stays on the reviewed range, not on the commit just made.
    assert window.session.source.range == demo_repo.range
    window.reload()
    qtbot.waitUntil(lambda: window.session.source.range == demo_repo.range, timeout=10000)

"""The spec checking itself in the window: a contradiction marked from the Spec menu and a
clause superseded by `tighten --add` are problems in the Spec tab's count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from qt_support import on_modal, open_window, press, settle_writes
from support import tighten_scar

from specaudit.app.store.audit_store import load_audit

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_marked_contradiction_and_superseded_clause_are_spec_tab_problems(qtbot, demo_repo):
    (sid,) = load_audit(demo_repo.path, demo_repo.spec).scars
    tighten_scar(demo_repo.path, demo_repo.spec, sid, add=True)  # behavior-2 still says backoff
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-2")
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    editor = window.spec_flow.editor
    qtbot.waitUntil(lambda: "1 problem" in editor.status.text(), timeout=5000)
    assert "superseded-clause" in editor.problems.item(0).text()

    window.clauses.select(demo_repo.spec, "behavior-1")

    def pick(dialog: QInputDialog):
        dialog.setTextValue(next(i for i in dialog.comboBoxItems() if i.startswith("invariants-2")))
        dialog.accept()

    on_modal(pick, QInputDialog)
    window.actions_by_name["contradiction"].trigger()
    settle_writes(qtbot, window)  # written in order (and undoable) like every other edit
    mark = load_audit(demo_repo.path, demo_repo.spec).contradictions["behavior-1 | invariants-2"]
    assert (mark.first, mark.second) == ("behavior-1", "invariants-2")
    qtbot.waitUntil(lambda: "2 problems" in editor.status.text(), timeout=5000)
    texts = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any("spec-contradiction" in t for t in texts)

"""A real review, start to finish, from the keyboard (issue 23's acceptance).

The Kiro todo app of the corpus, reviewed on a range that ends three commits before HEAD
(the later commits rewrite the very hook being reviewed): eight clauses get verdicts, a
proposal is accepted and one rejected, lines found with Ctrl+F are linked, a note and a
scar are written, a file is ticked viewed, and the window is restarted. Then the window,
`specaudit check --range` and `specaudit report --range` (run as subprocesses) must agree
on every record, line for line, at the range's target, not at HEAD. Last, a write is
refused while the reviewer types, and not one keystroke is lost.
"""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit
from qt_support import on_modal, press, settle_writes
from support import clone_history, git

from specaudit.app.workspace.session import open_session
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.ui.shell.main_window import MainWindow

KIRO = "namidapoo/todo-app-using-kiro"
RANGE = "930497f..b52bb79"  # the spec's commit .. an implementing commit; HEAD is three commits on
TARGET = "b52bb79"
SPEC = ".kiro/specs/modern-todo-app/requirements.md"
HOOK = "app/hooks/useTodos.ts"
CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def kiro(tmp_path):
    return clone_history(KIRO, tmp_path / "repo")


def _open(qtbot, root) -> MainWindow:
    window = MainWindow(open_session(root, spec=SPEC, range=RANGE))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=60000)
    return window


def _go(qtbot, window, key: str) -> None:
    """Ctrl+Shift+F, the clause's key, Down: the clause is current (and shown)."""
    press(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.clauses.filter, key)
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.clauses.current() == (SPEC, key)


def _find(qtbot, window, text: str, path: str) -> int:
    """Ctrl+F, the text, Enter (then F3 until the match is in ``path``): its line."""
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.diff.find_box, text)
    press(qtbot, window, Qt.Key.Key_Return)
    for _ in range(10):
        selected = window.diff.selected_range()
        if selected is not None and selected[0] == path:
            return selected[2]
        press(qtbot, window, Qt.Key.Key_F3)
    raise AssertionError(f"{text!r} not found in {path}")


def _select_down(qtbot, window, path: str, first: int, extra: int) -> None:
    """Alt+2 into the code, Shift+Down ``extra`` times: lines first..first+extra picked."""
    press(qtbot, window, Qt.Key.Key_2, ALT)
    for _ in range(extra):
        press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    assert window.diff.selected_range() == (path, "new", first, first + extra)


def _type_and_save(qtbot, text: str):
    """Type into the note dialog that opens, then save it with the keyboard."""
    def act(dialog) -> None:
        editor = dialog.findChild(QPlainTextEdit)  # where the dialog puts the keyboard
        qtbot.keyClicks(editor, text)
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) or buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.keyClick(ok, Qt.Key.Key_Space)
    return act


def _cli_json(run_cli, root, *args: str) -> dict:
    out = run_cli(*args, "-C", str(root), "--range", RANGE, "--format", "json")
    assert out.code in (0, 1), out
    return json.loads(out.out)


def test_a_keyboard_review_of_a_range_before_head_is_recorded_as_seen(qtbot, kiro, run_cli):
    root = kiro
    target = git(root, "rev-parse", TARGET).strip()
    window = _open(qtbot, root)
    audit = window.session.specs[0].audit
    analysis = window.model.analysis
    with_proposals = [c.key for c in window.session.specs[0].spec.clauses
                      if len(analysis.proposals_for(SPEC, audit).get(c.key, [])) >= 2]
    assert len(with_proposals) >= 2, "the corpus change proposes code for its clauses"
    accepted_key, rejected_key = with_proposals[:2]

    # 1. Accept the top proposal of one clause (Ctrl+Return), and mark it implemented.
    _go(qtbot, window, accepted_key)
    top = window.suggestions.top()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)

    # 2. Reject another clause's top proposal (the walk: Ctrl+Shift+Return, Delete, Escape).
    _go(qtbot, window, rejected_key)
    rejected = window.suggestions.top()
    press(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)
    assert QApplication.focusWidget() is window.suggestions.tree
    press(qtbot, window, Qt.Key.Key_Delete)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_1, ALT)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle_writes(qtbot, window)

    # 3. Link lines found with Ctrl+F (the target's text, which HEAD has rewritten).
    free = [c.key for c in window.session.specs[0].spec.clauses if c.key not in (accepted_key, rejected_key)
            and "." in c.key]
    linked_key, noted_key, na_key, *rest = free
    _go(qtbot, window, linked_key)
    line = _find(qtbot, window, "addTodoHelper(todos, text)", HOOK)
    _select_down(qtbot, window, HOOK, line, 2)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    press(qtbot, window, Qt.Key.Key_1, ALT)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)

    # 4. A violated verdict with a note (Ctrl+3, Ctrl+E), a not-applicable one (Ctrl+4),
    # and three more, one of them pressed twice (no second history entry).
    _go(qtbot, window, noted_key)
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    on_modal(_type_and_save(qtbot, "empty input is accepted silently"))
    press(qtbot, window, Qt.Key.Key_E, CTRL)
    _go(qtbot, window, na_key)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    for key, verdict_key in zip(rest[:3], (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1), strict=True):
        _go(qtbot, window, key)
        press(qtbot, window, verdict_key, CTRL)
    press(qtbot, window, Qt.Key.Key_1, CTRL)  # the same verdict again
    settle_writes(qtbot, window)
    reviewed = [accepted_key, rejected_key, linked_key, noted_key, na_key, *rest[:3]]
    assert len(set(reviewed)) == 8

    # 5. A scar on lines found with Ctrl+F.
    scar_line = _find(qtbot, window, "toggleTodoHelper(todos, id)", HOOK)
    _select_down(qtbot, window, HOOK, scar_line, 1)

    def write_story(dialog) -> None:
        qtbot.keyClicks(dialog.title, "Toggle passes the raw list")
        qtbot.keyClicks(dialog.why, "A corrupted localStorage value is not an array; the hook was hardened later.")
        qtbot.keyClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.Key.Key_Space)

    on_modal(write_story)
    press(qtbot, window, Qt.Key.Key_M, CTRL)
    settle_writes(qtbot, window)

    # 6. The hook's file ticked viewed: Alt+2 into the code, Shift+Tab to the file list, Space.
    press(qtbot, window, Qt.Key.Key_2, ALT)
    press(qtbot, window, Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is window.diff.files
    press(qtbot, window, Qt.Key.Key_Space)
    settle_writes(qtbot, window)
    assert window.diff.files.is_reviewed(HOOK)

    # 7. Restart: everything is still there.
    window.close()
    window = _open(qtbot, root)
    entry = window.session.specs[0]
    audit = entry.audit
    assert {k for k, r in audit.reviews.items() if r.verdict != "unreviewed"} == set(reviewed)
    assert audit.review(noted_key).note == "empty input is accepted silently", audit.review(noted_key)
    assert audit.review(rest[2]).history == ()  # pressed twice, recorded once
    assert [(lk.path, lk.first, lk.last) for lk in audit.review(accepted_key).links] == [(top.path, top.first,
                                                                                          top.last)]
    assert [(lk.path, lk.first, lk.last) for lk in audit.review(linked_key).links] == [(HOOK, line, line + 2)]
    assert [(r.path, r.first, r.last, r.commit) for r in audit.rejected.get(rejected_key, ())] == \
        [(rejected.path, rejected.first, rejected.last, target)]  # the span, at the target
    assert rejected not in window.model.analysis.proposals_for(SPEC, audit).get(rejected_key, [])
    (scar,) = audit.scars.values()
    assert (scar.path, scar.first, scar.last) == (HOOK, scar_line, scar_line + 1)
    assert window.diff.files.is_reviewed(HOOK)

    # Every record is anchored at the target and holds the target's lines (HEAD's differ).
    records = [lk for r in audit.reviews.values() for lk in r.links] + [scar]
    for rec in records:
        assert rec.commit == target
        picked = git(root, "show", f"{TARGET}:{rec.path}").splitlines()[rec.first - 1:rec.last]
        assert rec.fingerprint == lines_fingerprint(picked)
    head_lines = git(root, "show", f"HEAD:{HOOK}").splitlines()[line - 1:line + 2]
    assert lines_fingerprint(head_lines) != audit.review(linked_key).links[0].fingerprint
    assert all(r.commit == target for r in audit.reviews.values() if r.verdict != "unreviewed")
    # The status bar names the target the verdicts were made on, steadily (it flipped
    # between HEAD and the target when verdicts were recorded at HEAD).
    qtbot.waitUntil(lambda: window.revisions.label.text() == f"Verdicts on {target[:10]}", timeout=10000)
    assert audit.viewed[HOOK].commit == target

    # 8. The window, check --range and report --range agree on every record.
    check = _cli_json(run_cli, root, "check", "--proposals")  # placed on proposed clauses, as the window does
    assert {(f.kind, f.clause, f.path, f.line, f.message) for f in window.findings} == \
        {(f["kind"], f.get("clause"), f.get("path"), f.get("line"), f["message"]) for f in check["findings"]}
    assert not [f for f in check["findings"] if f["kind"] in ("stale-code", "scar-overwritten")]
    report = _cli_json(run_cli, root, "report", "--proposals")
    (spec,) = report["specs"]
    by_key = {c["key"]: c for c in spec["clauses"]}
    for key, review in audit.reviews.items():
        shown = by_key[key]
        assert (shown["verdict"], shown["note"], shown["commit"]) == (review.verdict, review.note, review.commit)
        assert [(lk["path"], lk["lines"], lk["now"]["lines"], lk["stale"]) for lk in shown["links"]] == \
            [(lk.path, [lk.first, lk.last], [lk.first, lk.last], False) for lk in review.links]
    assert [(s["id"], s["path"], s["lines"], s["now"]["lines"], s["overwritten"]) for s in spec["scars"]] == \
        [(scar.id, scar.path, [scar.first, scar.last], [scar.first, scar.last], False)]
    assert report["summary"] is not None and report["passed"] == check["passed"]

    # 9. A write refused in the middle of typing: no keystroke lost, no dialog, focus kept.
    audit_dir = root / ".specaudit"
    shutil.move(str(audit_dir), str(root.parent / "kept"))
    audit_dir.write_text("a file where the audit folder belongs\n")
    _go(qtbot, window, rest[0])
    box = window.clauses.filter
    press(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(box, "WHEN ")
    qtbot.keyClick(box, Qt.Key.Key_3, CTRL)  # a verdict on the current clause, refused on disk
    qtbot.keyClicks(box, "the user")
    qtbot.waitUntil(window.notice.isVisible, timeout=10000)
    qtbot.keyClicks(box, " types")
    assert box.text() == "WHEN the user types" and QApplication.focusWidget() is box
    assert QApplication.activeModalWidget() is None
    assert "not saved" in window.notice.text.text() and rest[0] in window.notice.text.text()
    assert window.session.specs[0].audit.review(rest[0]).verdict == "implemented"  # what is on disk

"""What a keyboard reviewer is told after the keys that change nothing on screen but the
record: undo and redo say what they did (the status bar never keeps claiming the undone
edit "— saved"), and a key with nothing to act on says so in the status bar instead of a
dialog that takes the next keystrokes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from qt_support import open_on_clause, open_window, press, settle_writes

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _close_modal(seen: list[str]) -> None:
    if (dialog := QApplication.activeModalWidget()) is not None:
        seen.append(dialog.windowTitle())
        dialog.close()


def test_undo_and_redo_say_what_they_did(qtbot, demo_repo):
    window = open_on_clause(qtbot, demo_repo, "behavior-4")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle_writes(qtbot, window)
    assert window.statusBar().currentMessage() == "behavior-4: Partial — saved"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undone: behavior-4: Partial — saved"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Redone: behavior-4: Partial — saved"
    assert QApplication.activeModalWidget() is None


def test_tighten_with_nothing_to_fold_says_so_without_a_dialog(qtbot, tmp_path):
    """Ctrl+T on a spec with no open scar, Ctrl+Shift+T on a clause with no violated or
    partial verdict: a hint in the status bar, as Ctrl+L without a selection gives. A
    message box here took the next keystroke (Space dismissed it unread, Ctrl+2 was lost)."""
    from specaudit.app.workspace.demo import build_demo
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    demo = build_demo(tmp_path / "demo")
    audit = demo.path / ".specaudit" / "specs" / "payment-retry.md.audit.yaml"
    audit.write_text(audit.read_text().replace("status: open", "status: folded"))  # no open scar
    window = MainWindow(open_session(demo.path, spec=demo.spec, range=demo.range))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    window.activateWindow()
    window.clauses.select(demo.spec, "behavior-4")
    window.clauses.tree.setFocus()
    dialogs: list[str] = []
    for keys, hint in (((Qt.Key.Key_T, CTRL), "no open scar"), ((Qt.Key.Key_T, CTRL | SHIFT), "violated or partial")):
        QTimer.singleShot(200, lambda: _close_modal(dialogs))  # a dialog fails the test, never hangs it
        press(qtbot, window, *keys)
        qtbot.wait(100)
        assert dialogs == []
        assert hint in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_2, CTRL)  # the next key still goes to the clause
    settle_writes(qtbot, window)
    assert window.statusBar().currentMessage() == "behavior-4: Partial — saved"


def test_a_lone_clause_finding_names_its_clause(qtbot, demo_repo):
    """One violated clause sits alone under its kind, with no clause group above it: the
    row read "specs/payment-retry.md:NN  clause is violated", naming no clause (the CLI
    says "violated [behavior-4]")."""
    window = open_on_clause(qtbot, demo_repo, "behavior-4")
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    settle_writes(qtbot, window)
    panel = window.findings_panel
    qtbot.waitUntil(lambda: any(f.kind == "violated" for f in window.findings), timeout=30000)
    qtbot.waitUntil(lambda: any("violated" in t for t in panel.finding_texts()), timeout=30000)
    row = next(t for t in panel.finding_texts() if "clause is violated" in t)
    assert "behavior-4" in row, row


def test_a_partial_verdict_keypress_lists_the_clause_in_findings_and_implemented_clears_it(qtbot, demo_repo):
    """The reviewer's own word that something is missing is a finding, kept current on
    every keypress like a violated one (the gate only fails on it when configured)."""
    window = open_on_clause(qtbot, demo_repo, "behavior-4")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle_writes(qtbot, window)
    panel = window.findings_panel
    qtbot.waitUntil(lambda: any("clause is implemented in part" in t for t in panel.finding_texts()), timeout=30000)
    assert [f.clause for f in window.findings if f.kind == "partial"] == ["behavior-4"]
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)
    qtbot.waitUntil(lambda: not any(f.kind == "partial" for f in window.findings), timeout=30000)
    assert not any("implemented in part" in t for t in panel.finding_texts())


def test_tab_passes_through_the_code_to_the_proposals(qtbot, demo_repo):
    """Tab from the clause list walks the layout: the clause text, its code, then the
    proposals list (Enter accepts there). The code pane kept Tab for itself, stepping
    through every Accept and Show-in-diff link of every proposal first."""
    window = open_window(qtbot, demo_repo)
    window.center_tabs.setCurrentWidget(window.clause_view)  # the demo opens on its overwritten scar
    window.clauses.select(demo_repo.spec, "behavior-1")
    qtbot.waitUntil(lambda: len(window.clause_view.evidence.proposals()) > 1, timeout=30000)
    window.clauses.tree.setFocus()
    chain = []
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_Tab)
        chain.append(QApplication.focusWidget())
    assert chain == [window.center_tabs.tabBar(), window.detail, window.clause_view.evidence,
                     window.suggestions.tree], chain


def test_reload_keeps_the_clause_under_review(qtbot, demo_repo):
    """F5 (after a git pull, an edit in another program) reads everything again; the
    reviewer stays on the clause they were reviewing rather than being sent back to the
    first unreviewed one."""
    window = open_on_clause(qtbot, demo_repo, "behavior-3")
    with qtbot.waitSignal(window.loaded, timeout=30000):
        press(qtbot, window, Qt.Key.Key_F5)
    assert window.model.selection == (demo_repo.spec, "behavior-3")
    assert window.clauses.current() == (demo_repo.spec, "behavior-3")


def test_escape_leaves_the_find_box_and_clears_the_clause_filter(qtbot, demo_repo):
    """Esc did nothing in either box: the reviewer had to reach for the mouse (or Alt+2)
    to get back to the code after a find, and to the clear button of the filter."""
    window = open_window(qtbot, demo_repo)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.diff.find_box, "retry")
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.diff.view
    assert window.diff.find_box.text() == "retry"  # F3 goes on from there

    press(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.clauses.filter, "behavior-3")
    press(qtbot, window, Qt.Key.Key_Escape)  # first Esc: the filter empties, the list is whole
    assert window.clauses.filter.text() == "" and QApplication.focusWidget() is window.clauses.filter
    press(qtbot, window, Qt.Key.Key_Escape)  # second: back to the list
    assert QApplication.focusWidget() is window.clauses.tree


def test_the_clause_code_follows_a_theme_change(qtbot, demo_repo):
    """View ▸ Dark Theme: the clause view's code kept the light theme's colours on the
    dark background (a near-white file header under white text, pale red and green rows),
    until another clause was picked."""
    from specaudit.ui.diff.colors import colors_for

    window = open_window(qtbot, demo_repo)
    window.center_tabs.setCurrentWidget(window.clause_view)
    window.clauses.select(demo_repo.spec, "behavior-2")
    evidence = window.clause_view.evidence
    qtbot.waitUntil(lambda: len(evidence.proposals()) > 0, timeout=30000)
    light = colors_for(evidence.palette()).hunk.name()
    qtbot.waitUntil(lambda: light in evidence.toHtml(), timeout=5000)
    qtbot.wait(300)  # everything the selection started has settled
    try:
        window.set_theme("dark")
        dark = colors_for(evidence.palette()).hunk.name()
        assert dark != light
        qtbot.waitUntil(lambda: dark in evidence.toHtml(), timeout=5000)
        assert light not in evidence.toHtml()
    finally:
        window.set_theme("light")


def test_open_starts_from_the_review_on_screen(qtbot, demo_repo):
    """Ctrl+O to change only the range: the dialog named the repository but not the spec
    or the range, so Enter reopened every spec at HEAD~1..HEAD instead of this review."""
    from specaudit.ui.shell.open_dialog import OpenDialog

    window = open_window(qtbot, demo_repo)
    seen: dict = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OpenDialog):
            QTimer.singleShot(30, look)
            return
        seen.update(dialog.values())
        dialog.reject()

    QTimer.singleShot(0, look)
    press(qtbot, window, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen["spec"] == demo_repo.spec
    base, head = window.session.source.range.split("..")
    assert seen["range"] == f"{base[:10]}..{head[:10]}"  # the demo's range is two full ids


def test_a_recent_session_names_its_commits_short():
    """The recent list showed a range of two 40-digit ids, cut off at the first one, with
    a horizontal scroll bar under a one-line list (the demo's session)."""
    from specaudit.ui.shell import recent

    base, head = "2eb4fc7c5decbb3ee58bb139d90fe100fc706a59", "b14f9d564d75c13ec6f16106185ba244f725e888"
    line = recent.describe({"repo": "/r/demo", "spec": "specs/payment-retry.md", "range": f"{base}..{head}"})
    assert line == "/r/demo — specs/payment-retry.md — 2eb4fc7c5d..b14f9d564d"

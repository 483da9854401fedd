"""The proposals list says what the reviewer should know of a spec's evidence: over a
range that holds another spec's work, that spec's commits were set aside."""

from __future__ import annotations

from PySide6.QtCore import Qt
from qt_support import press
from two_specs_repo import two_specs_repo

PALETTE_SPEC = ".kiro/specs/palette/requirements.md"


def test_the_list_says_other_specs_commits_were_set_aside(qtbot, tmp_path):
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    root, base = two_specs_repo(tmp_path)
    window = MainWindow(open_session(root, spec=PALETTE_SPEC, range=f"{base}..HEAD"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=60000)
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.clauses.filter, "1.1")
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.clauses.current() == (PALETTE_SPEC, "1.1")
    notes = window.suggestions.notes
    qtbot.waitUntil(notes.isVisible, timeout=5000)
    assert "set aside: 1 of the range's 2 commits did another spec's work" in notes.text()
    cited = [e for p in window.suggestions.proposals() for e in p.evidence if e.kind in ("citation", "commit")]
    assert cited == []  # the todo spec's `Requirements: 1.1` and its commit are not this spec's

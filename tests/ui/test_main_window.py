"""The window on the demo: real widgets, real signals, the audit file on disk."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt
from qt_support import open_window, settle_writes

from specaudit.ui.review.clause_panel import COL_CLAUSE


def _audit(demo_repo) -> dict:
    path = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    return yaml.safe_load(path.read_text())


def _clause_index(window, key):
    item = window.clauses._items[(window.session.specs[0].rel, key)]
    return window.clauses.proxy.mapFromSource(item.index())


def test_ticking_a_clause_writes_implemented_to_the_audit_file(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    assert window.load_errors == []
    index = _clause_index(window, "behavior-4")
    tree = window.clauses.tree
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    # Click the check box itself: it sits at the left edge of the clause cell.
    box = rect.adjusted(0, 0, -(rect.width() - rect.height()), 0)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    settle_writes(qtbot, window)
    if _audit(demo_repo)["reviews"].get("behavior-4", {}).get("verdict") != "implemented":
        # Platform styles put the indicator at different offsets; the keyboard works everywhere.
        tree.setCurrentIndex(index)
        qtbot.keyClick(tree, Qt.Key.Key_Space)
        settle_writes(qtbot, window)
    assert _audit(demo_repo)["reviews"]["behavior-4"]["verdict"] == "implemented"
    assert "1 reviewed " in window.clauses.progress.text()
    assert "Implemented" in window.detail.toPlainText()


def test_verdict_shortcut_marks_the_current_clause_violated(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.tree.setCurrentIndex(_clause_index(window, "non-goals-1"))
    window.clauses.tree.setFocus()
    qtbot.keyClick(window.clauses.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    settle_writes(qtbot, window)
    assert _audit(demo_repo)["reviews"]["non-goals-1"]["verdict"] == "violated"
    item = window.clauses._items[(demo_repo.spec, "non-goals-1")]
    assert item.checkState() == Qt.CheckState.Unchecked
    parent = item.parent()
    assert parent.child(item.row(), COL_CLAUSE + 1).text() == "Violated"


def test_the_overwritten_scar_is_shown_loudly(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    first = window.findings_panel.finding_items()[0]  # the loudest group comes first
    assert window.findings_panel.current_finding().kind == "scar-overwritten"
    assert first.text(0).startswith("⚠ ") and "payment_retry/retry.py" in first.text(0)


def _open_at(qtbot, demo_repo, width: int, height: int):
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    window = MainWindow(open_session(demo_repo.path, spec=demo_repo.spec, range=demo_repo.range))
    qtbot.addWidget(window)
    window.resize(width, height)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    return window


def test_at_1920_each_side_of_the_diff_shows_80_columns_and_the_layout_is_remembered(qtbot, demo_repo):
    window = _open_at(qtbot, demo_repo, 1920, 1080)
    window.center_tabs.setCurrentWidget(window.diff_split)
    qtbot.waitUntil(lambda: window.diff.view.isVisible())
    view = window.diff.view
    char = view.fontMetrics().horizontalAdvance("M")
    assert all(text_w // char >= 80 for _side, _g, _x, text_w in view.columns()), view.columns()
    assert window.diff.path_header.text()  # the file's path above its diff
    # The reviewer widens the file list and the clause list; both come back next time.
    window.splitter.setSizes([450, 1466])
    window.diff.split.setSizes([400, 1100])
    window.close()
    again = _open_at(qtbot, demo_repo, 1920, 1080)
    again.center_tabs.setCurrentWidget(again.diff_split)  # sizes are only real on a shown tab
    assert abs(again.splitter.sizes()[0] - 450) <= 2
    assert abs(again.diff.split.sizes()[0] - 400) <= 2


def test_clause_titles_show_in_full_on_hover(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    clause = window.session.specs[0].spec.clause("behavior-4")
    tip = window.clauses._items[(demo_repo.spec, "behavior-4")].toolTip()
    assert clause.title.split()[-1] in tip and "behavior-4" in tip


def test_a_repository_with_no_commit_yet_says_why_the_review_is_not_checked(qtbot, tmp_path):
    # A new project, its spec written and nothing committed: the line above the desk said
    # "Checking the review…" for ever.
    from support import init_repo

    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    root = init_repo(tmp_path / "r")
    (root / "specs").mkdir()
    (root / "specs/a.md").write_text("# S\n\n## Behavior\n\n- The export retries once.\n")
    window = MainWindow(open_session(root))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    qtbot.waitUntil(lambda: "could not be checked" in window.header.text(), timeout=10000)
    assert window.header.text() == f"The review could not be checked: the repository has no commits yet: {root}"
    assert window.load_errors == [window.header.text()[0].lower() + window.header.text()[1:]]
    qtbot.waitUntil(lambda: window.clauses.model.rowCount() == 1, timeout=10000)

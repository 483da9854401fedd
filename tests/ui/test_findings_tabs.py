"""The Findings and Unexplained tabs on a real corpus change: grouped with counts, walked by
keyboard, Enter jumps to the code, marks per hunk and per file (issue 21 items 1 and 4)."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt
from qt_support import open_window, settle_writes
from support import CORPUS, git

from specaudit.app.check.checking import run_check
from specaudit.app.workspace.demo import DemoRepo
from specaudit.ui.findings.findings_panel import ROLE_FINDING
from specaudit.ui.findings.unexplained_panel import ROLE_RUNS
from specaudit.vcs.runner import open_repo

BUNDLE = CORPUS / "history" / "sunfmin+todo2.bundle"
RANGE = "a8c9a6430458..3252e011568c"
SPEC = "specs/001-todo-app/spec.md"

pytestmark = pytest.mark.skipif(not BUNDLE.is_file(), reason="needs the real-world corpus")


@pytest.fixture
def todo2(tmp_path):
    root = tmp_path / "todo2"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(root)], check=True)
    git(root, "checkout", "-q", "3252e011568c")
    git(root, "config", "user.name", "R")
    git(root, "config", "user.email", "r@example.invalid")
    return DemoRepo(path=root, spec=SPEC, base="a8c9a6430458", head="3252e011568c")


def _top(panel, path: str):
    return next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                if panel.topLevelItem(i).text(0).startswith(path + "  "))


def test_unexplained_tree_marks_a_hunk_and_a_whole_file(qtbot, todo2, run_cli):
    # A link in the middle of a new file leaves it one file, one hunk, two open runs.
    r = run_cli("review", "-C", str(todo2.path), "--spec", SPEC, "--clause", "FR-001", "--verdict", "implemented",
                "--link", "static/index.html:100-120")
    assert r.code == 0, r
    window = open_window(qtbot, todo2, range=RANGE)
    panel = window.unexplained
    checked = run_check(open_repo(todo2.path), [SPEC], range=RANGE)
    files = [f for f in checked.findings if f.kind == "unexplained-change"]
    assert panel.file_count() == len(files) == 24
    top = _top(panel, "handlers/todo_handler.go")
    assert "1 hunk, 151 lines linked to no clause" in top.text(0)
    assert top.childCount() == 1 and top.child(0).text(0) == "lines 1–151 · 151 unexplained"

    # E on the hunk row: that hunk's lines are explained, the file leaves the tree.
    window.side_tabs.setCurrentWidget(panel)
    panel.setFocus()
    panel.setCurrentItem(top.child(0))
    qtbot.keyClick(panel, Qt.Key.Key_E)
    settle_writes(qtbot, window)
    qtbot.waitUntil(lambda: panel.file_count() == 23, timeout=30000)
    assert not any(panel.topLevelItem(i).text(0).startswith("handlers/todo_handler.go")
                   for i in range(panel.topLevelItemCount()))

    # O on a file row: every open run of the file is marked out of scope.
    top = _top(panel, "static/index.html")
    assert top.child(0).text(0) == "lines 1–457 · 436 of 457 unexplained (1–99, 121–457)"
    panel.setCurrentItem(top)
    runs = top.data(0, ROLE_RUNS)
    assert runs == [(1, 99), (121, 457)]
    qtbot.keyClick(panel, Qt.Key.Key_O)
    settle_writes(qtbot, window)
    qtbot.waitUntil(lambda: panel.file_count() == 22, timeout=30000)
    out_of_scope = [f for f in window.findings if f.kind == "out-of-scope" and f.path == "static/index.html"]
    assert [(f.line, f.end_line) for f in out_of_scope] == [tuple(r) for r in runs]


def test_findings_grouped_by_kind_walked_by_keyboard_and_enter_jumps_to_the_code(qtbot, todo2):
    window = open_window(qtbot, todo2, range=RANGE)
    panel = window.findings_panel
    heads = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    counts = {}
    for f in window.findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    assert sorted(heads) == sorted(f"{k} ({n})" for k, n in counts.items())
    window.side_tabs.setCurrentWidget(panel)
    panel.setFocus()
    first = panel.current_finding()
    assert first is not None and first.path
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    second = panel.current_finding()
    assert second is not None and second != first
    qtbot.keyClick(panel, Qt.Key.Key_Up)
    assert panel.current_finding() == first
    with qtbot.waitSignal(panel.findingActivated, timeout=5000) as blocker:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert blocker.args[0] == first
    current = window.diff.current_file()
    assert current is not None and current.new_path == first.path


def test_code_findings_show_their_evidence_and_enter_on_it_jumps_there(qtbot, tmp_path):
    from code_fixtures import SPEC as FIXTURE_SPEC
    from code_fixtures import build

    base, head = build(tmp_path / "py", "python")
    window = open_window(qtbot, DemoRepo(path=tmp_path / "py", spec=FIXTURE_SPEC, base=base, head=head))
    panel = window.findings_panel
    heads = {panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())}
    assert {"phantom-task (1)", "stub-code (2)", "unwired-code (3)"} <= heads
    item = next(it for it in panel.finding_items()
                if it.data(0, ROLE_FINDING).kind == "phantom-task")
    assert item.childCount() == 2 and item.child(1).text(0).startswith("code: app/importer.py:2")
    window.side_tabs.setCurrentWidget(panel)
    panel.setFocus()
    panel.setCurrentItem(item.child(1))
    with qtbot.waitSignal(panel.findingActivated, timeout=5000) as blocker:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert (blocker.args[0].path, blocker.args[0].line) == ("app/importer.py", 2)


def test_a_finding_on_an_openspec_scenario_names_it_without_the_capability():
    """'expense_tracker/...:10  category-breakdown-visualization#Category Spending Aggregation/
    Handle month wit…' was cut before the scenario's name: a finding names an OpenSpec
    clause as "Requirement / Scenario" (the capability is the spec's own name)."""
    from specaudit.core.findings import Finding
    from specaudit.ui.findings.findings_panel import finding_text, group_of

    key = "category-breakdown-visualization#Category Spending Aggregation/Handle month with no expenses"
    f = Finding("untested", "scar 'shows zero bars' has no test guarding it", spec="openspec/x/spec.md",
                clause=key, path="stats.py", line=10)
    assert finding_text(f, alone=True) == ("stats.py:10  Category Spending Aggregation / Handle month with no "
                                           "expenses: scar 'shows zero bars' has no test guarding it")
    assert group_of(f)[1] == "Category Spending Aggregation / Handle month with no expenses  (openspec/x/spec.md)"
    plain_key = Finding("untested", "no test", spec="specs/001/spec.md", clause="FR-001", path="a.py", line=1)
    assert finding_text(plain_key, alone=True) == "a.py:1  FR-001: no test"

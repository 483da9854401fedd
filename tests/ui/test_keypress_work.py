"""What a verdict keypress costs: no git process, no diff reload, nothing re-ranked, and
only the clause it touched re-checked; the findings it leaves are exactly what
`specaudit check --range` finds afterwards.

Git processes are counted where every one starts (``vcs.runner.SPAWN_OBSERVERS``), on
every thread: the keypress, the ordered writer and any check it would set off. Before
the desk computed once (issue 19) a verdict keypress ran 13 git processes on the demo,
19 once test results were recorded.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from qt_support import open_window, settle_writes

from specaudit.app.workspace.demo import DEMO_JUNIT_REL
from specaudit.app.workspace.session import open_session
from specaudit.settings import LIMITS
from specaudit.ui.shell.main_window import MainWindow
from specaudit.vcs import runner

CTRL = Qt.KeyboardModifier.ControlModifier


def _quiet(qtbot, window) -> None:
    """Everything the window started has finished: jobs, writes, and the checks they set off."""
    settle_writes(qtbot, window)
    qtbot.wait(LIMITS.recheck_debounce_ms + 100)  # a full check, if any was scheduled, has started
    qtbot.waitUntil(lambda: not window.tasks.busy() and window.controller.writer.pending() == 0, timeout=30000)


def _press_and_count(qtbot, window, key: str, qt_key) -> tuple[list[list[str]], dict]:
    analysis = window.model.analysis
    window.clauses.select(window.session.specs[0].rel, key)
    window.clauses.tree.setFocus()
    _quiet(qtbot, window)
    loads, ranked = [], []
    window.model.changesetLoaded.connect(loads.append)
    window.model.proposalsReady.connect(lambda: ranked.append(1))
    before = {"full": analysis.full_checks, "rechecked": len(window.checker.rechecked),
              "proposals": analysis.proposals()}
    calls: list[list[str]] = []
    runner.SPAWN_OBSERVERS.append(calls.append)
    try:
        qtbot.keyClick(window.clauses.tree, qt_key, CTRL)
        _quiet(qtbot, window)
    finally:
        runner.SPAWN_OBSERVERS.remove(calls.append)
    return calls, {
        "full checks": analysis.full_checks - before["full"],
        "clauses re-checked": set(window.checker.rechecked[before["rechecked"]:]),
        "diff reloads": len(loads), "re-ranked": len(ranked) + (analysis.proposals() is not before["proposals"]),
    }


def _cli_findings(run_cli, demo_repo) -> set[tuple]:
    out = run_cli("check", "-C", str(demo_repo.path), "--range", demo_repo.range, "--format", "json")
    return {(f["kind"], f.get("clause"), f.get("path"), f.get("line"), f["message"])
            for f in json.loads(out.out)["findings"]}


def _window_findings(window) -> set[tuple]:
    return {(f.kind, f.clause, f.path, f.line, f.message) for f in window.findings}


@pytest.mark.parametrize("with_results", [False, True], ids=["demo", "with-test-results"])
def test_a_verdict_keypress_runs_no_git_and_rechecks_only_its_clause(qtbot, demo_repo, run_cli, with_results):
    if with_results:
        imported = run_cli("tests", "-C", str(demo_repo.path), "--junit", str(demo_repo.path / DEMO_JUNIT_REL))
        assert imported.code in (0, 1), imported
    window = open_window(qtbot, demo_repo)
    rel = window.session.specs[0].rel

    for key, qt_key, verdict in (("behavior-3", Qt.Key.Key_1, "implemented"),  # unreviewed -> implemented
                                 ("behavior-3", Qt.Key.Key_3, "violated"),  # a new call on the same clause
                                 ("invariants-1", Qt.Key.Key_2, "partial")):
        calls, work = _press_and_count(qtbot, window, key, qt_key)
        assert calls == [], f"{key}: a verdict keypress ran git: {calls}"
        assert work == {"full checks": 0, "clauses re-checked": {(rel, key)}, "diff reloads": 0, "re-ranked": 0}
        assert window.session.specs[0].audit.review(key).verdict == verdict
        # What the keypress left is exactly what a full check finds now.
        assert _window_findings(window) == _cli_findings(run_cli, demo_repo)


def test_a_link_keypress_checks_in_full_but_reads_the_change_once(qtbot, demo_repo):
    """A link changes what the change's lines are explained by: a full check follows,
    with the change set, the proposals and the anchors' git reads computed once."""
    window = open_window(qtbot, demo_repo)
    analysis = window.model.analysis
    cs = analysis.changeset()
    path = "payment_retry/retry.py"
    line = next(ln.new_no for h in cs.file(path).hunks for ln in cs.file(path).hunk_lines(h) if ln.kind == "+")
    window.clauses.select(window.session.specs[0].rel, "behavior-4")
    window.diff.reveal(path, "new", line, line)
    qtbot.waitUntil(lambda: window.diff.selected_range() == (path, "new", line, line), timeout=10000)
    _quiet(qtbot, window)
    full = analysis.full_checks
    calls: list[list[str]] = []
    runner.SPAWN_OBSERVERS.append(calls.append)
    try:
        window.clauses.tree.setFocus()
        qtbot.keyClick(window.clauses.tree, Qt.Key.Key_L, CTRL)
        _quiet(qtbot, window)
    finally:
        runner.SPAWN_OBSERVERS.remove(calls.append)
    assert analysis.full_checks == full + 1
    assert analysis.changeset() is cs
    # The diff of the range is not read again (the check's anchors keep it), nor is the
    # linked line (its text came from the change on screen).
    assert not [c for c in calls if "diff" in c and cs.base in c]
    assert not [c for c in calls if "cat-file" in c and any(path in a for a in c)]


# Git processes opening the demo with recorded test results: 27 before the check's line
# tracking took the loaded change set (the range's diff was read twice, once -U0); 25 before
# the task lists at a commit were read once for the evidence, the check and the tests map.
OPEN_GIT_PROCESSES = 24


def test_opening_with_test_results_reads_the_range_once(qtbot, demo_repo, run_cli):
    """Opening the window computes each product once: the range's diff is read once
    (line tracking and coverage take its -U0 view), the check runs once, the evidence
    is gathered once (one read of the range's commit messages)."""
    imported = run_cli("tests", "-C", str(demo_repo.path), "--junit", str(demo_repo.path / DEMO_JUNIT_REL))
    assert imported.code in (0, 1), imported
    calls: list[list[str]] = []
    runner.SPAWN_OBSERVERS.append(calls.append)
    try:
        window = MainWindow(open_session(demo_repo.path, spec=demo_repo.spec, range=demo_repo.range))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=30000):
            window.show()
        qtbot.waitUntil(lambda: window.suggestions.ready, timeout=30000)
        _quiet(qtbot, window)
    finally:
        runner.SPAWN_OBSERVERS.remove(calls.append)
    cs, analysis = window.model.changeset, window.model.analysis
    assert cs is not None and cs.base and cs.target
    range_diffs = [c for c in calls if "diff" in c and cs.base in c and cs.target in c]
    assert len(range_diffs) == 1, range_diffs
    assert "--unified=0" not in range_diffs[0]
    assert analysis.full_checks == 1
    assert window.model.check is not None and window.model.check.result.tests  # the results were evaluated
    messages = [c for c in calls if "log" in c and "--format=commit %H%n%B" in c]
    assert len(messages) == 1, messages  # the evidence's one read of the range's commits
    assert len(calls) <= OPEN_GIT_PROCESSES, [" ".join(c[-4:]) for c in calls]

"""The Tests tab on the demo: a clause's tests with their last result and revision;
importing JUnit turns the scar's clause red; the configured command runs only on Run,
in the background, with output, progress and a working Cancel."""

from __future__ import annotations

import sys

import yaml
from qt_support import open_window

from specaudit.app.testing.trust import command_for, record_trust
from specaudit.app.workspace.demo import DEMO_JUNIT_REL
from specaudit.ui.findings.findings_panel import ROLE_FINDING

FLAT = "tests/test_retry.py::test_flat_spacing"


def _linked(panel) -> list[tuple[str, str, str, str]]:
    """The rows but the evidence engine's proposals (listed after a clause's own tests)."""
    return [r for r in panel.rows_text() if r[2] != "proposal"]


def _tests_tab(qtbot, window, key="behavior-2"):
    panel = window.tests_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.run_data is not None, timeout=30000)
    assert window.clauses.select(window.session.specs[0].rel, key)
    return panel


def test_importing_results_shows_the_failing_test_red_beside_the_scar(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    panel = _tests_tab(qtbot, window)
    assert not panel.run_button.isEnabled(), "no command configured: nothing can run"
    assert "tests.command" in panel.run_button.toolTip()
    assert _linked(panel) == [("not run", FLAT, "citation", ""),
                              ("not run", FLAT, f"citation (scar {next(iter(window.session.specs[0].audit.scars))})",
                               "")]
    proposed = [r for r in panel.rows_text() if r[2] == "proposal"]
    assert proposed and all(r[1] != FLAT for r in proposed)  # a cited test is not proposed again

    with qtbot.waitSignal(panel.resultsChanged, timeout=30000):
        panel.import_junit([str(demo_repo.path / DEMO_JUNIT_REL)])
    rows = _linked(panel)
    assert [r[0] for r in rows] == ["failed", "failed"] and rows[0][3] == demo_repo.head[:10]
    item = panel.tree.topLevelItem(0)
    assert item.foreground(1).color().name() == "#c62828" and item.font(1).bold()
    assert "retry waits differ" in item.toolTip(1)
    # The re-check brings the finding into the findings list, named after the test.
    qtbot.waitUntil(lambda: any(f.kind == "test-failing" for f in window.findings), timeout=30000)
    failing = next(f for f in window.findings if f.kind == "test-failing")
    assert failing.clause == "behavior-2" and FLAT in failing.message
    # Loud, right under the overwritten scar it belongs to.
    items = window.findings_panel.finding_items()
    texts = [item.data(0, ROLE_FINDING).kind for item in items]
    assert texts[:2] == ["scar-overwritten", "test-failing"] and FLAT in items[1].text(0)
    assert items[1].foreground(0).color().name() == "#c62828"

    # A clause with no tests says so (Retry-After: the demo honours it, no test exercises it).
    assert window.clauses.select(window.session.specs[0].rel, "edge-cases-2")
    assert panel.rows_text() == [] and panel.title.text().endswith("none found")


SCRIPT = """\
import pathlib, sys, time
for pct in (50, 100):
    print(f"tests/test_retry.py . [{pct:3d}%]", flush=True)
    time.sleep(float(sys.argv[2]))
out = pathlib.Path(sys.argv[1])
out.write_text('<testsuite name="pytest"><testcase classname="tests.test_retry" name="test_flat_spacing"/></testsuite>')
"""


def _configure(demo_repo, pause: float, trusted: bool = True) -> None:
    (demo_repo.path / "run_tests.py").write_text(SCRIPT)
    (demo_repo.path / ".specaudit" / "config.yaml").write_text(yaml.safe_dump({"tests": {
        "command": [sys.executable, "run_tests.py", "build-junit.xml", str(pause)],
        "junit": "build-junit.xml", "timeout": 60}}))
    if trusted:  # as `specaudit trust --yes` would; the dialog's own tests are in tests/reliability
        record_trust(command_for(demo_repo.path))


def test_run_streams_output_and_progress_then_imports(qtbot, demo_repo):
    _configure(demo_repo, 0.3)
    window = open_window(qtbot, demo_repo)
    assert not (demo_repo.path / "build-junit.xml").exists(), "opening the window runs nothing"
    panel = _tests_tab(qtbot, window)
    assert panel.run_button.isEnabled()
    with qtbot.waitSignal(panel.runFinished, timeout=30000) as done:
        panel.run_tests()
        assert panel.cancel_button.isVisibleTo(panel) and panel.progress.isVisibleTo(panel)
        qtbot.waitUntil(lambda: panel.progress.value() == 50, timeout=10000)
    assert done.args == [True]
    assert "[ 50%]" in panel.output.toPlainText() and "[100%]" in panel.output.toPlainText()
    assert [r[0] for r in _linked(panel)] == ["passed", "passed"]
    assert not panel.cancel_button.isVisibleTo(panel) and panel.run_button.isEnabled()


def test_cancel_stops_a_long_run_and_imports_nothing(qtbot, demo_repo):
    _configure(demo_repo, 60)
    window = open_window(qtbot, demo_repo)
    panel = _tests_tab(qtbot, window)
    with qtbot.waitSignal(panel.runFinished, timeout=20000) as done:
        panel.run_tests()
        qtbot.waitUntil(lambda: "[ 50%]" in panel.output.toPlainText(), timeout=10000)
        panel.cancel_button.click()
    assert done.args == [False]
    assert "cancelled" in panel.summary.text()
    assert not (demo_repo.path / "build-junit.xml").exists()
    assert [r[0] for r in _linked(panel)] == ["not run", "not run"]


def test_a_scar_links_its_own_test_from_the_tab(qtbot, demo_repo):
    from PySide6.QtWidgets import QInputDialog
    from qt_support import on_modal

    window = open_window(qtbot, demo_repo)
    panel = _tests_tab(qtbot, window)
    scar_id = next(iter(window.session.specs[0].audit.scars))
    guard = "tests/test_retry.py::test_gives_up_after_three_retries"

    def pick_target(dialog):
        dialog.setTextValue(next(item for item in dialog.comboBoxItems() if item.startswith(f"scar {scar_id}")))
        dialog.accept()

    def pick_test(dialog):
        dialog.setTextValue(guard)
        on_modal(pick_target, QInputDialog)
        dialog.accept()

    on_modal(pick_test, QInputDialog)
    with qtbot.waitSignal(panel.resultsChanged, timeout=30000):
        panel.link_button.click()
    assert ("not run", guard, f"link (scar {scar_id})", "") in panel.rows_text()
    assert (demo_repo.path / ".specaudit" / "test-links.yaml").is_file()


def test_a_tests_id_takes_the_panels_width_and_keeps_its_title_in_view(qtbot, demo_repo):
    """task-lens's test ids are a long path then a Japanese title: cut at a fixed 330 px on
    the right, every row read "todo-app/src/features/todos/hooks/useFilteredSorte…"."""
    from PySide6.QtCore import Qt

    window = open_window(qtbot, demo_repo)
    panel = _tests_tab(qtbot, window)
    assert panel.rows_text()
    widths = []
    for width in (1280, 1920):
        window.resize(width, 900)
        qtbot.wait(50)
        widths.append(panel.tree.columnWidth(1))
    assert widths[1] > widths[0] > 0, widths
    assert panel.tree.columnWidth(1) + sum(panel.tree.columnWidth(c) for c in (0, 2, 3)) <= panel.tree.viewport().width() + 2
    assert panel.tree.textElideMode() == Qt.TextElideMode.ElideMiddle  # the file on the left, the title on the right

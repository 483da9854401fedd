"""The clause filter never changes, behind the reviewer's back, which clause the verdict
keys apply to: tested on the real Spec Kit spec of sunfmin/todo2, whose FR-006 has a
neighbour FR-006a (added by a /speckit.clarify edit after the implementing range)."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import press, settle_writes
from support import CORPUS, clone_history, git

from specaudit.app.workspace.session import SpecEntry, open_session
from specaudit.core.audit import Audit
from specaudit.formats import parse_spec
from specaudit.ui.review.clause_panel import ClausePanel
from specaudit.ui.shell.main_window import MainWindow

LOCAL = CORPUS / "speckit" / "sunfmin__todo2"
SPEC = "specs/001-todo-app/spec.md"
TASKS = "specs/001-todo-app/tasks.md"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

pytestmark = pytest.mark.skipif(not LOCAL.is_dir(), reason="the real-world corpus is not available")


def _entry(rel: str, name: str) -> SpecEntry:
    spec = parse_spec(rel, (LOCAL / name).read_text(encoding="utf-8"), None)
    return SpecEntry(rel, spec, Audit(rel))


@pytest.fixture
def panel(qtbot):
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.resize(380, 700)
    panel.set_entries([_entry(SPEC, "specs__001-todo-app__spec.md")])
    panel.show()
    qtbot.waitExposed(panel)
    panel.events = []
    panel.clauseSelected.connect(lambda rel, key: panel.events.append(key))
    panel.clauseCleared.connect(lambda: panel.events.append(None))
    return panel


def _shown_keys(panel: ClausePanel) -> list[str]:
    return [index.data(Qt.ItemDataRole.UserRole + 2) for index in panel._results()]


def test_typing_an_id_never_makes_a_neighbour_current(qtbot, panel):
    assert {"FR-005", "FR-006", "FR-006a"} <= {c.key for c in panel._entries[0].spec.clauses}
    panel.select(SPEC, "FR-005")
    panel.events.clear()
    panel.filter.setFocus()
    qtbot.keyClicks(panel.filter, "FR-006")  # one keystroke at a time, as a reviewer types
    assert _shown_keys(panel) == ["FR-006", "FR-006a"]
    # FR-005 is filtered out: no clause is current (not FR-006, FR-006a or any other
    # neighbour the proxy would move to), the window is told, and the panel says so.
    assert panel.current() is None
    assert panel.events == [None]
    assert panel.filter_note.isVisible()
    assert panel.filter_note.text() == "2 of 48 clauses shown \u00b7 no clause selected: Down or Enter picks the first"


def test_a_current_clause_the_filter_still_shows_stays_current(qtbot, panel):
    panel.select(SPEC, "FR-006a")
    panel.events.clear()
    qtbot.keyClicks(panel.filter, "FR-00")
    assert panel.current() == (SPEC, "FR-006a") and panel.events == []
    assert panel.tree.selectionModel().isRowSelected(panel.tree.currentIndex().row(),
                                                     panel.tree.currentIndex().parent())


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_down_or_enter_goes_to_the_first_result_exact_id_first(qtbot, panel, key):
    panel.select(SPEC, "FR-006a")  # the neighbour is current and stays shown
    panel.events.clear()
    panel.filter.setFocus()
    qtbot.keyClicks(panel.filter, "fr-006")
    assert panel.current() == (SPEC, "FR-006a")
    qtbot.keyClick(panel.filter, key)
    assert panel.current() == (SPEC, "FR-006") and panel.events == ["FR-006"]
    assert QApplication.focusWidget() is panel.tree
    assert panel.tree.selectionModel().isSelected(panel.tree.currentIndex())  # visibly current


def test_an_exact_id_ranks_above_earlier_clauses_that_mention_it(qtbot):
    panel = ClausePanel()
    qtbot.addWidget(panel)
    # tasks.md first: its tasks tagged [US1] come before spec.md's US1 in document order.
    panel.set_entries([_entry(TASKS, "specs__001-todo-app__tasks.md"), _entry(SPEC, "specs__001-todo-app__spec.md")])
    panel.show()
    qtbot.keyClicks(panel.filter, "US1")
    shown = [(i.data(Qt.ItemDataRole.UserRole + 1), i.data(Qt.ItemDataRole.UserRole + 2)) for i in panel._results()]
    assert shown[0] == (SPEC, "US1")
    assert any(rel == TASKS for rel, _k in shown)  # tasks mentioning US1 are still there, after it
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    assert panel.current() == (SPEC, "US1")
    panel.filter.clear()  # no filter text: document order again
    assert panel._results()[0].data(Qt.ItemDataRole.UserRole + 1) == TASKS


def test_a_verdict_filter_that_hides_the_current_clause_leaves_none_current(qtbot, panel):
    entry = panel._entries[0]
    panel.verdict_filter.setCurrentIndex(panel.verdict_filter.findData("unreviewed"))
    panel.select(SPEC, "FR-006")
    panel.events.clear()
    from specaudit.core.audit import Review

    entry.audit.put_review(Review(clause="FR-006", verdict="implemented"))
    panel.refresh_clause(SPEC, "FR-006")  # the row no longer passes the filter
    assert panel.current() is None and panel.events == [None]
    assert "FR-006" not in _shown_keys(panel) and "FR-006a" in _shown_keys(panel)


def test_clause_titles_read_in_full_without_the_repeated_key(qtbot, panel):
    for size in (380, 300):  # a clause list at 1920 and at 1280 wide (less the splitter's share)
        panel.resize(size, 700)
        qtbot.wait(20)
        row = panel._items[(SPEC, "FR-006a")]
        clause = panel._entries[0].spec.clause("FR-006a")
        assert clause.title.startswith("FR-006a: System MUST enforce")  # the title repeats the key
        assert row.text() == "FR-006a  " + clause.title.removeprefix("FR-006a: ")
        index = panel.proxy.mapFromSource(row.index())
        line = panel.fontMetrics().lineSpacing()
        # Wrapped over two lines, not cut after nine characters on one.
        assert panel.tree.visualRect(index).height() >= 2 * line
    # A scenario's title repeats its id in the spec's own style (US1-AS1 beside US1/AC1).
    scenario = panel._entries[0].spec.clause("US1/AC1")
    assert scenario.title.startswith("US1-AS1")
    assert panel._items[(SPEC, "US1/AC1")].text() == "US1/AC1  " + scenario.title.split(":", 1)[1].strip()


def _todo2_range() -> tuple[str, str]:
    """sunfmin/todo2's implementing commit (the spec-only clarify edit that added FR-006a
    came after it, so the range ends before HEAD)."""
    manifest = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text())
    repo = next(r for r in manifest["repositories"] if r["repo"] == "sunfmin/todo2")
    alt = repo["spec_sets"][0]["alt_range"]
    return alt["base"], alt["head"]


@pytest.fixture
def todo2_window(qtbot, tmp_path):
    path = clone_history("sunfmin/todo2", tmp_path / "todo2")
    base, head = _todo2_range()
    assert git(path, "rev-parse", "HEAD").strip() != head
    window = MainWindow(open_session(path, spec=SPEC, range=f"{base}..{head}"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    window.activateWindow()
    window.repo_path = path
    return window


def _verdicts(path) -> dict[str, str]:
    audit = path / ".specaudit" / (SPEC + ".audit.yaml")
    reviews = yaml.safe_load(audit.read_text())["reviews"] if audit.exists() else {}
    return {key: r["verdict"] for key, r in reviews.items()}


def test_the_verdict_goes_to_the_clause_the_filter_showed(qtbot, todo2_window):
    window = todo2_window
    window.clauses.select(SPEC, "FR-005")
    press(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)  # Filter Clauses
    assert QApplication.focusWidget() is window.clauses.filter
    qtbot.keyClicks(window.clauses.filter, "FR-006")
    # FR-005 is filtered away: nothing is current and the clause view says so, rather
    # than keep showing FR-005 (or a neighbour) while the list shows FR-006 and FR-006a.
    assert window.clauses.current() is None
    assert window.detail.toPlainText().startswith("No clause selected")
    press(qtbot, window, Qt.Key.Key_2, CTRL)  # a verdict key now records nothing
    settle_writes(qtbot, window)
    assert _verdicts(window.repo_path) == {}
    press(qtbot, window, Qt.Key.Key_Return)  # into the results: FR-006, the exact match
    assert window.clauses.current() == (SPEC, "FR-006")
    assert window.detail.toPlainText().startswith("FR-006\n")
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle_writes(qtbot, window)
    assert _verdicts(window.repo_path) == {"FR-006": "implemented"}

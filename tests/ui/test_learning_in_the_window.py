"""Learning within a review, in the window where the review happens: the reviewer accepts
a proposal for a user story with Enter, and its scenario's proposals follow at once (the
accepted lines first, saying why), without ranking the change again; Delete on a
scenario's proposal lets the next one take its place."""

from __future__ import annotations

from types import SimpleNamespace

from parent_child_repo import SCENARIO, SPEC, STORY, build
from PySide6.QtCore import Qt
from qt_support import open_window, press, settle_writes


def _select(qtbot, window, key):
    window.clauses.select(SPEC, key)
    qtbot.waitUntil(lambda: window.suggestions.header.text().startswith(f"{key}:"), timeout=5000)
    window.suggestions.tree.setFocus()


def _spans(proposals) -> list[tuple[str, int, int]]:
    return [(p.path, p.first, p.last) for p in proposals]


def _open(qtbot, tmp_path):
    """The window on the change, its proposals in, the clause's code and proposals in view."""
    root, rng = build(tmp_path / "r")
    window = open_window(qtbot, SimpleNamespace(path=root, spec=SPEC, range=rng))
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)
    return window, window.suggestions


def test_a_link_accepted_for_a_story_moves_its_scenarios_proposals(qtbot, tmp_path):
    window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, SCENARIO)
    assert _spans(panel.proposals())[:2] == [("src/a.py", 1, 2), ("src/b.py", 1, 2)]
    ranked: list[int] = []
    window.model.proposalsReady.connect(lambda: ranked.append(1))

    _select(qtbot, window, STORY)
    assert _spans(panel.proposals())[:2] == [("src/a.py", 1, 2), ("src/b.py", 1, 2)]
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)  # the second: src/b.py
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    settle_writes(qtbot, window)
    assert [(lk.path, lk.first, lk.last) for lk in window.session.entry(SPEC).audit.review(STORY).links] == [
        ("src/b.py", 1, 2)]

    _select(qtbot, window, SCENARIO)
    shown = panel.proposals()
    assert _spans(shown)[:2] == [("src/b.py", 1, 2), ("src/a.py", 1, 2)]
    assert "review: src/b.py:1-2 these lines accepted for US1 (its parent)" in [
        panel.tree.topLevelItem(0).child(i).text(0) for i in range(panel.tree.topLevelItem(0).childCount())]
    pane = [(p.path, p.first, p.last) for p in window.clause_view.evidence.proposals()]
    assert pane[:2] == _spans(shown)[:2]  # the code under the clause shows the same order
    assert ranked == [] and window.model.analysis.proposals()[0].by_spec[SPEC].weighed == 1

    # Undone: the first ranking again.
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle_writes(qtbot, window)
    assert not window.session.entry(SPEC).audit.review(STORY).links
    _select(qtbot, window, STORY)
    _select(qtbot, window, SCENARIO)
    assert _spans(panel.proposals())[:2] == [("src/a.py", 1, 2), ("src/b.py", 1, 2)]


def test_delete_on_a_scenarios_first_proposal_brings_up_the_next(qtbot, tmp_path):
    window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, SCENARIO)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    settle_writes(qtbot, window)
    qtbot.waitUntil(lambda: _spans(panel.proposals())[:1] == [("src/b.py", 1, 2)], timeout=5000)
    assert ("src/a.py", 1, 2) not in _spans(panel.proposals())
    _select(qtbot, window, STORY)  # the story still gets the span rejected for its scenario
    assert ("src/a.py", 1, 2) in _spans(panel.proposals())

"""Proposals in the window, driven by real keys: preview without linking, Enter links
exactly the evidenced lines, Delete rejects those lines for good (in the audit file),
the walk over all clauses, and the proposals list and the code pane agreeing after every
accept and reject."""

from __future__ import annotations

from types import SimpleNamespace

import yaml
from evidence_repo import SPEC, build
from PySide6.QtCore import Qt
from qt_support import open_window, press, settle_writes

from specaudit.ui.evidence.suggestions_panel import ROLE_PROPOSAL as ROLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open(qtbot, tmp_path):
    repo = build(tmp_path / "r")
    window = open_window(qtbot, SimpleNamespace(path=repo.path, spec=SPEC, range=repo.range))
    panel = window.suggestions
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)  # the panel sits under the clause's code
    return repo, window, panel


def _audit(repo, window=None, qtbot=None) -> dict:
    if window is not None:  # edits are written in the background, in order
        settle_writes(qtbot, window)
    path = repo.path / ".specaudit" / (SPEC + ".audit.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _select(qtbot, window, key):
    window.clauses.select(SPEC, key)
    qtbot.waitUntil(lambda: window.suggestions.header.text().startswith(f"{key}:"), timeout=5000)
    window.suggestions.tree.setFocus()


def test_proposals_grouped_by_file_with_evidence_preview_then_accept(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    top = panel.tree.topLevelItem(0)
    assert top.text(0).startswith("src/rates.py")
    evidence = [top.child(i).text(0) for i in range(top.childCount())]
    assert any(e.startswith("task: specs/001-pay/tasks.md:6 T002 names src/rates.py") for e in evidence), evidence
    assert any(e.startswith("commit: commit ") and "T002" in e for e in evidence), evidence
    shown = panel.proposals()
    assert not any(a is not b and a.path == b.path and a.first <= b.last and b.first <= a.last
                   for a in shown for b in shown), "no two proposals overlap"

    # Space previews in the diff and links nothing.
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.diff.current_file() is not None
                    and window.diff.current_file().path == "src/rates.py", timeout=5000)
    assert not _audit(repo, window, qtbot).get("reviews", {}).get("FR-002", {}).get("links")

    # Enter links exactly the evidenced lines.
    p = panel.proposals()[0]
    press(qtbot, window, Qt.Key.Key_Return)
    links = _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [("src/rates.py", f"{p.first}-{p.last}")]
    assert (p.path, p.first, p.last) not in _spans(panel.proposals())


def _spans(proposals) -> list[tuple[str, int, int]]:
    return [(p.path, p.first, p.last) for p in proposals]


def _agree(qtbot, window) -> list:
    """The proposals list and the code pane show the same proposals, in the same order."""
    panel, pane = window.suggestions, window.clause_view.evidence
    qtbot.waitUntil(lambda: _spans(pane.proposals()) == _spans(panel.proposals()), timeout=5000)
    return panel.proposals()


def test_delete_rejects_the_lines_into_the_audit_and_they_stay_gone(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    before = _agree(qtbot, window)
    # The best span first; the file's second span after the other files (one file each first).
    assert before[0].path == "src/rates.py" and [p.path for p in before].count("src/rates.py") == 2
    rejected = before[0]
    press(qtbot, window, Qt.Key.Key_Delete)
    entry = _audit(repo, window, qtbot)["rejected"]["FR-002"]
    assert entry == [{"path": rejected.path, "lines": f"{rejected.first}-{rejected.last}",
                      "commit": entry[0]["commit"]}]
    assert len(entry[0]["commit"]) == 40  # the revision the lines were seen at
    after = _agree(qtbot, window)
    assert (rejected.path, rejected.first, rejected.last) not in _spans(after)
    assert len(after) == len(before) - 1
    assert "src/rates.py" in [p.path for p in after]  # right file, wrong lines: its other span stays
    # Away and back: still gone. Undo brings it back into the audit's keeping.
    _select(qtbot, window, "FR-003")
    _select(qtbot, window, "FR-002")
    assert (rejected.path, rejected.first, rejected.last) not in _spans(panel.proposals())
    window.controller.undo_stack.undo()
    assert "rejected" not in _audit(repo, window, qtbot)


def test_a_rejected_span_leaves_the_files_other_proposals(tmp_path):
    """Right file, wrong lines: rejecting one span of a file keeps its other spans."""
    from specaudit.app.evidence.proposals import prepare_reject, proposals_for
    from specaudit.app.workspace.session import open_session

    repo = build(tmp_path / "r")
    session = open_session(repo.path, spec=SPEC, range=repo.range)
    entry = session.specs[0]
    from specaudit.app.workspace.diffs import load_range

    cs = load_range(session.repo, session.source)
    before = proposals_for(session.repo, entry.spec, entry.audit, cs)[0].proposals["FR-002"]
    same_file = [p for p in before if p.path == before[0].path]
    assert len(same_file) >= 2, before
    prepare_reject(SPEC, "FR-002", before[0].path, before[0].first, before[0].last).apply(repo.path)
    session = open_session(repo.path, spec=SPEC, range=repo.range)
    after = proposals_for(session.repo, session.specs[0].spec, session.specs[0].audit, cs)[0].proposals["FR-002"]
    # Only that span goes: the file's other span is now its best, the rest stay.
    assert sorted(_spans(after)) == sorted(_spans(before[1:]))
    assert after[0].path == before[0].path


def test_propose_links_for_all_clauses_walks_from_the_keyboard(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    press(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)
    assert panel.walking
    first = window.clauses.current()
    assert first == (SPEC, "US1")  # the first clause with proposals
    panel.tree.setFocus()
    expected = panel.proposals()[0]
    press(qtbot, window, Qt.Key.Key_Return)  # accept: the walk moves on by itself
    assert _audit(repo, window, qtbot)["reviews"]["US1"]["links"][0]["path"] == expected.path
    assert window.clauses.current() == (SPEC, "US1/AC1")
    press(qtbot, window, Qt.Key.Key_N)  # skip
    assert window.clauses.current() == (SPEC, "FR-001")
    press(qtbot, window, Qt.Key.Key_Delete)  # reject the top one; more remain, stay
    assert window.clauses.current() == (SPEC, "FR-001")
    # FR-009 has no evidence: the walk never stops there.
    keys = [window.clauses.current()[1]]
    for _ in range(6):
        press(qtbot, window, Qt.Key.Key_N)
        if not panel.walking:
            break
        keys.append(window.clauses.current()[1])
    assert "FR-009" not in keys
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not panel.walking


def test_ctrl_return_accepts_the_top_proposal_from_anywhere_and_never_twice(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    shown = _agree(qtbot, window)
    top = shown[0]
    assert (top.path, top.first, top.last) == ("src/rates.py", 6, 10)  # def cached_rate
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    links = _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [(top.path, f"{top.first}-{top.last}")]
    after = _agree(qtbot, window)
    assert _spans(after) == _spans(shown[1:])  # it left both the list and the code pane
    # A second Ctrl+Return takes the next proposal, never the same one again.
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    links = _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [
        (top.path, f"{top.first}-{top.last}"), (shown[1].path, f"{shown[1].first}-{shown[1].last}")]
    assert _spans(_agree(qtbot, window)) == _spans(shown[2:])


def test_a_clause_nothing_implements_says_so(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-009")
    assert panel.proposals() == [] and window.clause_view.evidence.proposals() == []
    assert panel.header.text() == "FR-009: No evidence found in this change."
    panel.grab().save(str(tmp_path / "no-evidence.png"))


def test_weak_guesses_show_apart_and_ctrl_return_never_takes_one(qtbot, tmp_path):
    from evidence_repo import WEAK_FILES, build

    repo = build(tmp_path / "r", extra=WEAK_FILES)
    window = open_window(qtbot, SimpleNamespace(path=repo.path, spec=SPEC, range=repo.range))
    panel = window.suggestions
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)
    _select(qtbot, window, "FR-009")
    assert panel.header.text() == "FR-009: No evidence found in this change. 1 weak guess below."
    labels = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert labels[0].startswith("Weak guesses") and labels[1].startswith("weak guess · src/app.py")
    heading = panel.tree.topLevelItem(0)
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    guess = panel.tree.topLevelItem(1)
    assert guess.font(0).italic() and guess.foreground(0).color() != panel.tree.palette().text().color()
    assert [p.weak for p in panel.proposals()] == [True] and panel.top() is None
    # Not preselected: Enter alone takes no guess.
    assert panel.tree.currentItem() in (None, heading), panel.tree.currentItem().text(0)
    pane = window.clause_view.evidence
    qtbot.waitUntil(lambda: [p.weak for p in pane.proposals()] == [True], timeout=5000)
    pane._render_now()
    html = pane.toHtml()
    assert "No evidence found in this change." in html and "Weak guesses (1)" in html
    panel.resize(900, 360)
    panel.grab().save(str(tmp_path / "weak-guesses.png"))
    # Ctrl+Return takes the top proposal: there is none, so nothing is linked.
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert not _audit(repo, window, qtbot).get("reviews", {}).get("FR-009", {}).get("links")
    panel.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Return)  # Enter on the list as shown: no guess taken either
    assert not _audit(repo, window, qtbot).get("reviews", {}).get("FR-009", {}).get("links")
    # A reviewer who judges the guess right may still take it, explicitly.
    panel.tree.setCurrentItem(guess)
    press(qtbot, window, Qt.Key.Key_Return)
    links = _audit(repo, window, qtbot)["reviews"]["FR-009"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [("src/app.py", "1-3")]


def test_proposals_follow_the_audit_an_undo_brings_one_back(qtbot, tmp_path):
    """An accepted or rejected proposal reaches the list through the session model, like
    every other change: one recorded elsewhere leaves at once, an undone one comes back."""
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    shown = _agree(qtbot, window)
    top, second = shown[0], shown[1]

    # Rejected by a command the list did not send: gone from both at once, no reselect.
    window.controller.reject_proposal(SPEC, "FR-002", second.path, second.first, second.last)
    assert _spans(panel.proposals()) == _spans([p for p in shown if p is not second])
    assert _spans(_agree(qtbot, window)) == _spans([p for p in shown if p is not second])
    window.controller.undo()  # the rejection undone: it is proposed again, in its place
    assert _spans(_agree(qtbot, window)) == _spans(shown)

    # Delete in the list, then undo: back again. Rejected, the span is never proposed
    # again and the list closes up, as `suggest` ranks with that rejection: the file's
    # other unit (the TTL constant, third) is no longer held below README by it.
    panel.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert _spans(shown) == [("src/rates.py", 6, 10), ("README.md", 3, 3), ("src/rates.py", 3, 3)]
    assert _spans(_agree(qtbot, window)) == [("src/rates.py", 3, 3), ("README.md", 3, 3)]
    window.controller.undo()
    assert _spans(_agree(qtbot, window)) == _spans(shown)

    # Ctrl+Return accepts the top one; undoing the link proposes it again.
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert _spans(_agree(qtbot, window)) == _spans(shown[1:])
    assert [(lk["path"], lk["lines"]) for lk in _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]] == \
        [(top.path, f"{top.first}-{top.last}")]
    window.controller.undo()
    assert _spans(_agree(qtbot, window)) == _spans(shown)
    assert not _audit(repo, window, qtbot).get("reviews", {}).get("FR-002", {}).get("links")


def test_up_and_down_step_from_proposal_to_proposal_and_every_one_stays_in_view(qtbot, tmp_path):
    """One row per proposal with its evidence kinds; the current one opens on its evidence
    only where the list still shows every proposal then; Up/Down never stop on an
    evidence row, and Enter takes the proposal the keys reached."""
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    items = panel._items()
    assert len(items) >= 2
    first, second = items[0], items[1]
    assert first.text(0).endswith(", ".join(dict.fromkeys(e.kind for e in first.data(0, ROLE).evidence)))
    tree = panel.tree

    def opened() -> list[bool]:
        return [it.isExpanded() for it in items]

    # A short window: every proposal a row of its own, none opened.
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: not any(opened()), timeout=5000)
    assert tree.viewport().height() < 10 * tree.fontMetrics().lineSpacing()
    # A tall one: the current proposal opens on its evidence, the others stay closed.
    window.resize(1280, 2400)
    qtbot.waitUntil(lambda: opened()[0] and not any(opened()[1:]), timeout=5000)
    tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Down)
    assert tree.currentItem() is second  # past the first one's evidence rows
    assert opened()[1] and not opened()[0]
    press(qtbot, window, Qt.Key.Key_Up)
    assert tree.currentItem() is first
    press(qtbot, window, Qt.Key.Key_Down)
    p = second.data(0, ROLE)  # the list is built again once it is taken
    press(qtbot, window, Qt.Key.Key_Return)
    links = _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [(p.path, f"{p.first}-{p.last}")]


def test_a_link_hides_its_row_and_the_others_stay_as_they_were(qtbot, tmp_path):
    """Accepting a proposal hides its row: the list is not built again (deleting Qt items
    waits for the GIL once per item while a background check runs, docs/performance.md),
    yet says what a fresh list would: one proposal fewer, the first one current; undone,
    the row is back in its place."""
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    shown = _agree(qtbot, window)
    rows = list(panel._items())
    assert len(rows) == len(shown) >= 2
    panel.tree.setCurrentItem(rows[1])
    press(qtbot, window, Qt.Key.Key_Return)  # the second one
    assert _spans(_agree(qtbot, window)) == _spans([shown[0], *shown[2:]])
    assert panel._items() == [rows[0], *rows[2:]] and panel.tree.currentItem() is rows[0]
    assert panel.header.text() == f"FR-002: {len(shown) - 1} proposal{'s' if len(shown) != 2 else ''}"
    opened = [row.isExpanded() for row in panel._items()]
    _select(qtbot, window, "FR-001")
    _select(qtbot, window, "FR-002")  # built afresh: the same rows, opened the same way
    assert _spans(panel.proposals()) == _spans([shown[0], *shown[2:]])
    assert [row.isExpanded() for row in panel._items()] == opened
    rows = panel._items()
    window.controller.undo()
    assert _spans(_agree(qtbot, window)) == _spans(shown) and all(row in panel._items() for row in rows)


def test_a_clause_shown_again_after_no_clause_lists_its_proposals(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    shown = _agree(qtbot, window)
    window.clause_view.show_none()
    assert panel.proposals() == [] and panel.header.text() == "No clause selected."
    panel.show_clause(SPEC, "FR-002")
    assert _spans(panel.proposals()) == _spans(shown)


def test_a_hidden_row_leaves_room_to_open_the_current_proposal(qtbot):
    """A linked proposal's hidden row takes no room: the current proposal opens on its
    evidence when the rows left fit, as in a list built afresh without it."""
    from specaudit.core.evidence.model import Evidence, Proposal
    from specaudit.ui.evidence.suggestions_panel import SuggestionsPanel

    ps = [Proposal(path=f"src/{name}.py", side="new", first=1, last=2, score=score,
                   evidence=[Evidence("definition", f"src/{name}.py:1", "function"),
                             Evidence("text", f"src/{name}.py:1-2", "shares: retry")])
          for name, score in (("a", 2.0), ("b", 1.0))]
    panels = []
    for _ in range(2):
        panel = SuggestionsPanel()
        qtbot.addWidget(panel)
        panel.show()
        row = panel.tree.fontMetrics().lineSpacing() + 4
        panel.tree.setFixedHeight(panel.tree.height() - panel.tree.viewport().height() + 3 * row + row // 2)
        qtbot.waitUntil(lambda p=panel, r=row: 3 * r <= p.tree.viewport().height() < 4 * r, timeout=5000)
        panel.set_results({"s.md": {"US1": ps}}, {"s.md": ["US1"]})
        panels.append(panel)
    linked = {("src/a.py", "new", 1, 2)}
    fresh, hidden = panels
    fresh.show_clause("s.md", "US1", linked)  # built with the link: one row and its two evidence rows
    hidden.show_clause("s.md", "US1")
    hidden.show_clause("s.md", "US1", linked)  # the same list, its first row hidden
    assert [p.path for p in hidden.proposals()] == [p.path for p in fresh.proposals()] == ["src/b.py"]
    assert fresh._items()[0].isExpanded()
    assert hidden._items()[0].isExpanded()

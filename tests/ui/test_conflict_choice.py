"""The window offers both sides of a review conflict and keeps the one chosen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qt_support import open_window, settle_writes

from specaudit.app.store.audit_store import EntryRef, load_audit, update_entry
from specaudit.core.audit import Review


def _conflict(demo_repo):
    alice = Review("behavior-2", "implemented", note="flat retries are fine", reviewer="Alice <alice@example.com>",
                   at="2026-12-01T10:00:00Z")
    bob = Review("behavior-2", "violated", note="the scar was overwritten", reviewer="Bob <bob@example.com>",
                 at="2026-12-01T11:00:00Z")
    update_entry(Path(demo_repo.path), EntryRef(demo_repo.spec, "review", "behavior-2"),
                 lambda _old: replace(alice, conflict=(bob,)))


def test_both_verdicts_are_offered_and_the_choice_is_saved_and_undoable(qtbot, demo_repo, tmp_path):
    _conflict(demo_repo)
    window = open_window(qtbot, demo_repo)
    window.resize(1280, 720)
    window.center_tabs.setCurrentWidget(window.clause_view)
    assert window.clauses.select(demo_repo.spec, "behavior-2")
    choice = window.clause_view.conflict
    qtbot.waitUntil(choice.isVisible, timeout=5000)
    assert [b.text() for b in choice.buttons] == ["Keep ours: Implemented (Alice)", "Keep theirs: Violated (Bob)"]
    window.clause_view.grab().save(str(tmp_path / "conflict-choice.png"))

    choice.buttons[1].click()
    assert not any(b.isEnabled() for b in choice.buttons)  # a second click cannot queue a second choice
    settle_writes(qtbot, window)
    review = load_audit(Path(demo_repo.path), demo_repo.spec).reviews["behavior-2"]
    assert (review.verdict, review.reviewer) == ("violated", "Bob <bob@example.com>") and not review.conflict
    assert [p.verdict for p in review.history] == ["implemented"]
    qtbot.waitUntil(lambda: not choice.isVisible(), timeout=5000)

    window.controller.undo()
    settle_writes(qtbot, window)
    back = load_audit(Path(demo_repo.path), demo_repo.spec).reviews["behavior-2"]
    assert back.verdict == "implemented" and [c.reviewer for c in back.conflict] == ["Bob <bob@example.com>"]


def test_a_clause_without_conflict_shows_no_choice(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.center_tabs.setCurrentWidget(window.clause_view)
    assert window.clauses.select(demo_repo.spec, "behavior-3")
    assert window.clause_view.conflict.isHidden()

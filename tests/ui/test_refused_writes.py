"""A write that can be refused is checked before the window claims it, and one refused
later is named in a notice that takes no keystroke (issue 23 item 2: an error dialog
popped up seconds after "Linked …" and swallowed Ctrl+2, Ctrl+E and a note's letters)."""

from __future__ import annotations

import shutil

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_support import open_window, settle_writes

CTRL = Qt.KeyboardModifier.ControlModifier


def _audit_file(demo_repo):
    return next((demo_repo.path / ".specaudit").rglob("*.audit.yaml"))


def test_a_link_that_cannot_exist_is_refused_at_once_and_nothing_is_claimed(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    before = _audit_file(demo_repo).read_bytes()
    rel = window.session.specs[0].rel
    added = next(f for f in window.changeset.files if f.status == "A")
    length = max(ln.new_no for h in added.hunks for ln in added.hunk_lines(h))
    refusals: list[str] = []
    window.controller.refused.connect(lambda _command, why: refusals.append(why))
    assert not window.controller.link(rel, "behavior-1", added.path, "new", length, length + 3)
    assert not window.controller.link(rel, "behavior-1", added.path, "old", 1, 2)  # an added file has no old side
    assert not window.controller.link(rel, "no-such-clause", added.path, "new", 1, 1)
    assert len(refusals) == 3 and f"has {length} lines" in refusals[0]
    assert "not done" in window.statusBar().currentMessage()
    assert window.session.specs[0].audit.review("behavior-1").links == ()  # nothing shown as linked
    settle_writes(qtbot, window)
    assert _audit_file(demo_repo).read_bytes() == before
    assert QApplication.activeModalWidget() is None


def test_a_write_refused_later_is_a_notice_and_no_keystroke_is_lost(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    rel = window.session.specs[0].rel
    window.clauses.select(rel, "behavior-3")
    audit_dir = demo_repo.path / ".specaudit"
    kept = demo_repo.path.parent / "kept-audits"
    shutil.move(str(audit_dir), str(kept))
    audit_dir.write_text("not a directory\n")  # every write is refused now

    box = window.clauses.filter
    box.setFocus()
    qtbot.keyClicks(box, "beha")
    qtbot.keyClick(box, Qt.Key.Key_3, CTRL)  # a verdict while typing: shown, queued, refused
    qtbot.keyClicks(box, "vior")
    qtbot.waitUntil(window.notice.isVisible, timeout=10000)
    qtbot.keyClicks(box, "-3")
    assert box.text() == "behavior-3" and QApplication.focusWidget() is box
    assert QApplication.activeModalWidget() is None
    assert "not saved" in window.notice.text.text() and "behavior-3" in window.notice.text.text()
    # The status bar said "saving…" on the press: it no longer does.
    assert window.statusBar().currentMessage() == "behavior-3: Violated: not saved (see the banner above)"
    assert window.session.specs[0].audit.review("behavior-3").verdict == "unreviewed"  # not claimed any more

    # Put the folder back; Retry saves it.
    audit_dir.unlink()
    shutil.move(str(kept), str(audit_dir))
    window.notice.retry_button.click()
    settle_writes(qtbot, window)
    assert yaml.safe_load(_audit_file(demo_repo).read_text())["reviews"]["behavior-3"]["verdict"] == "violated"
    assert not window.notice.isVisible()
    assert QApplication.focusWidget() is box

"""A whole review of the demo, driven through real key presses and mouse drags, checked
against the audit file on disk after every step."""

from __future__ import annotations

import yaml
from PySide6.QtCore import QPoint, Qt
from qt_support import on_modal, open_window, press, settle_writes

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _audit(demo_repo) -> dict:
    path = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    return yaml.safe_load(path.read_text())


def _review(demo_repo, key) -> dict:
    return _audit(demo_repo)["reviews"].get(key) or {}




def _drag_select(qtbot, window, path: str, first: int, last: int, side: str = "new"):
    """Select new-side lines first..last of ``path`` in the diff with the mouse."""
    window.diff.reveal(path, side, first, last)
    view = window.diff.view
    qtbot.waitUntil(lambda: view.rows is not None and view.rows.file.path == path, timeout=10000)
    r1, r2 = view.rows.row_for_line(side, first), view.rows.row_for_line(side, last)
    view.ensure_visible(r1)
    x = view.columns()[1][1] + 40 if side == "new" else 60
    y1 = view.row_rect(r1).center().y()
    y2 = view.row_rect(r2).center().y()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y1))
    qtbot.mouseMove(view.viewport(), QPoint(x, y2))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y2))
    assert window.diff.selected_range() == (path, side, first, last)


def _line_of(demo_repo, path: str, needle: str) -> int:
    lines = (demo_repo.path / path).read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)






def test_a_whole_review_from_the_keyboard(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    tree = window.clauses.tree

    # Alt+1 goes to the clauses; the first unreviewed clause is already current.
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.clauses.current() == (demo_repo.spec, "intent-1")

    # Ctrl+J walks to the next unreviewed clause; Space ticks it (implemented).
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert window.clauses.current() == (demo_repo.spec, "behavior-4")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    settle_writes(qtbot, window)
    assert _review(demo_repo, "behavior-4")["verdict"] == "implemented"

    # Link the line that passes the idempotency key: drag over it, Ctrl+L.
    line = _line_of(demo_repo, "payment_retry/retry.py", "idempotency_key=charge.idempotency_key")
    _drag_select(qtbot, window, "payment_retry/retry.py", line, line)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    settle_writes(qtbot, window)
    links = _review(demo_repo, "behavior-4")["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [("payment_retry/retry.py", f"{line}-{line}")]
    assert window.clauses._items[(demo_repo.spec, "behavior-4")].parent().child(
        window.clauses._items[(demo_repo.spec, "behavior-4")].row(), 2).text() == "1"

    # Selecting those lines again names the clause that claims them.
    _drag_select(qtbot, window, "payment_retry/retry.py", line, line)
    assert "behavior-4" in window.statusBar().currentMessage()

    # Unlink with Ctrl+Shift+L, then undo brings the link back and redo removes it again.
    press(qtbot, window, Qt.Key.Key_L, CTRL | SHIFT)
    settle_writes(qtbot, window)
    assert not _review(demo_repo, "behavior-4").get("links")
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    settle_writes(qtbot, window)
    assert len(_review(demo_repo, "behavior-4")["links"]) == 1
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    settle_writes(qtbot, window)
    assert not _review(demo_repo, "behavior-4").get("links")

    # Record a scar on the cache lookup with Ctrl+M, typing its story into the dialog.
    start = _line_of(demo_repo, "payment_retry/retry.py", "cached = _results.get")
    _drag_select(qtbot, window, "payment_retry/retry.py", start, start + 2)
    scars_before = set(_audit(demo_repo)["scars"])

    def write_story(dialog):
        qtbot.keyClicks(dialog.title, "Cache kept for the replay storm")
        qtbot.keyClicks(dialog.why, "Duplicate webhooks replayed charges; the cache absorbed them.")
        qtbot.keyClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.Key.Key_Space)

    on_modal(write_story)
    press(qtbot, window, Qt.Key.Key_M, CTRL)
    settle_writes(qtbot, window)  # a scar is written in order, like every other edit
    scars = _audit(demo_repo)["scars"]
    (new_id,) = set(scars) - scars_before
    assert scars[new_id]["title"] == "Cache kept for the replay storm"
    assert scars[new_id]["lines"] == f"{start}-{start + 2}"
    assert window.side_tabs.currentWidget() is window.scars_panel

    # Undo the scar: it leaves the audit file; the older scar stays.
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    settle_writes(qtbot, window)
    assert set(_audit(demo_repo)["scars"]) == scars_before

    # Verdict keys on the non-goal the cache breaks: Ctrl+3 = violated.
    assert window.clauses.select(demo_repo.spec, "non-goals-1")
    tree.setFocus()
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    settle_writes(qtbot, window)
    assert _review(demo_repo, "non-goals-1")["verdict"] == "violated"
    assert "2 reviewed " in window.clauses.progress.text()
    assert "11 unreviewed" in window.clauses.progress.text()


def test_lines_can_be_selected_and_linked_without_a_mouse(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-4")
    line = _line_of(demo_repo, "payment_retry/retry.py", "idempotency_key=charge.idempotency_key")
    window.diff.reveal("payment_retry/retry.py", "new", line, line)
    view = window.diff.view
    qtbot.waitUntil(lambda: view.rows is not None and view.rows.file.path == "payment_retry/retry.py")
    view.set_current(view.rows.row_for_line("new", line))
    view.setFocus()
    view.clear_selection()
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)  # two lines: the call and the log after it
    assert window.diff.selected_range() == ("payment_retry/retry.py", "new", line, line + 1)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    settle_writes(qtbot, window)
    links = _review(demo_repo, "behavior-4")["links"]
    assert [lk["lines"] for lk in links] == [f"{line}-{line + 1}"]


def test_dragging_selected_lines_onto_a_clause_links_them(qtbot, demo_repo):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    window = open_window(qtbot, demo_repo)
    line = _line_of(demo_repo, "payment_retry/retry.py", "idempotency_key=charge.idempotency_key")
    _drag_select(qtbot, window, "payment_retry/retry.py", line, line)
    mime = window.diff.view.drag_mime()  # what the view's QDrag carries
    assert mime is not None and mime.text() == f"payment_retry/retry.py:{line}-{line}"
    tree = window.clauses.tree
    target = window.clauses.proxy.mapFromSource(window.clauses._items[(demo_repo.spec, "behavior-4")].index())
    tree.scrollTo(target)
    pos = QPointF(tree.visualRect(target).center())
    # Qt routes drag events only during a real platform drag: hand the drop to the
    # viewport's event filter, which is where the clause panel handles it.
    drop = QDropEvent(pos, Qt.DropAction.LinkAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.clauses.eventFilter(tree.viewport(), drop) is True
    assert drop.isAccepted()
    settle_writes(qtbot, window)
    links = _review(demo_repo, "behavior-4")["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [("payment_retry/retry.py", f"{line}-{line}")]
    assert window.clauses.current() == (demo_repo.spec, "behavior-4")
    heading = window.clauses.proxy.mapFromSource(window.clauses._items[(demo_repo.spec, "behavior-4")].parent().index())
    miss = QDropEvent(QPointF(tree.visualRect(heading).center()), Qt.DropAction.LinkAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.clauses.eventFilter(tree.viewport(), miss)
    assert not miss.isAccepted()
    # A drop on a section heading is refused: it names no clause.
    heading = window.clauses.proxy.mapFromSource(
        window.clauses._items[(demo_repo.spec, "behavior-4")].parent().index())
    miss = QDropEvent(QPointF(tree.visualRect(heading).center()), Qt.DropAction.LinkAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.clauses.eventFilter(tree.viewport(), miss)
    assert not miss.isAccepted()

"""The diff panel under pytest-qt: real widgets, real signals, pixels read back."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from specaudit.core.diff import parse_patch
from specaudit.core.diff.model import ChangeSet
from specaudit.core.diff.rows import CHANGE, NEW, OLD
from specaudit.settings import LIMITS
from specaudit.ui.diff import DiffPanel


def _patch(n_files: int = 3, hunks: int = 3) -> bytes:
    out = []
    for f in range(n_files):
        out.append(f"diff --git a/src/mod{f}.py b/src/mod{f}.py\n--- a/src/mod{f}.py\n+++ b/src/mod{f}.py\n")
        for h in range(hunks):
            start = 1 + h * 40
            out.append(f"@@ -{start},4 +{start},5 @@ def f{h}():\n")
            out.append(f" def f{h}():\n-    return retry({h}, delay=1)\n+    return retry({h}, delay=backoff({h}))\n")
            out.append("+    # added\n     pass\n     pass\n")
    return "".join(out).encode()


@pytest.fixture
def panel(qtbot):
    p = DiffPanel()
    qtbot.addWidget(p)
    p.resize(1100, 500)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.cancel_loading()
    p.tasks.wait(5000)


def show(qtbot, panel, cs: ChangeSet) -> None:
    with qtbot.waitSignal(panel.loadingFinished, timeout=5000):
        panel.set_changeset(cs)


def test_shows_file_list_and_first_file(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    assert panel.files.topLevelItemCount() == 3
    assert panel.current_file().path == "src/mod0.py"
    rows = panel.view.rows
    assert rows is not None and len(rows) == 3 * 6  # header + 5 aligned rows per hunk
    assert not rows.unified


def test_empty_changeset_still_finishes(qtbot, panel):
    show(qtbot, panel, ChangeSet(source="nothing"))
    assert panel.view.rows is None and panel.selected_range() is None


def test_reveal_selects_range_and_scrolls(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(n_files=2, hunks=60), "test"))
    panel.reveal("src/mod1.py", "new", 2001, 2002)  # hunk 50: new lines 2001..2005
    assert panel.current_file().path == "src/mod1.py"
    assert panel.selected_range() == ("src/mod1.py", "new", 2001, 2002)
    view = panel.view
    assert view.first_visible() <= view.current < view.first_visible() + view.visible_rows()
    assert view.first_visible() > 0


def test_mouse_drag_emits_lines_selected(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    view = panel.view
    rh = view.row_height()
    x_new = view.columns()[1][2] + 20  # in the right-hand (new) text pane
    with qtbot.waitSignal(panel.linesSelected, timeout=2000) as sig:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x_new, rh * 1 + 2))
        qtbot.mouseMove(view.viewport(), QPoint(x_new, rh * 3 + 2))
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x_new, rh * 3 + 2))
    assert sig.args == ["src/mod0.py", "new", 1, 3]


def test_keyboard_hunk_and_file_navigation(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    view = panel.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N)
    first = view.current
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.current == view.rows.hunk_rows[1] and first == view.rows.hunk_rows[0]
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert view.current == view.rows.hunk_rows[0]
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert panel.current_file().path == "src/mod1.py"
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    assert panel.current_file().path == "src/mod0.py"


def test_unified_mode_and_ignore_whitespace(qtbot, panel):
    patch = b"diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n-if x:\n-  go()\n+if  x:\n+    stop()\n"
    show(qtbot, panel, parse_patch(patch, "t"))
    assert len(panel.view.rows) == 3
    panel.set_view_mode("unified")
    assert panel.view.rows.unified and len(panel.view.rows) == 5
    assert panel.mode_box.currentText() == "unified"
    panel.set_ignore_whitespace(True)
    assert len(panel.view.rows) == 4  # "if x:" is now one unchanged row
    with pytest.raises(ValueError):
        panel.set_view_mode("three-way")


def test_find_moves_to_matching_row(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    panel.find_box.setText("BACKOFF(2)")
    assert panel.find_next()
    assert "backoff(2)" in panel.view.rows.text(panel.view.current, NEW)
    panel.find_box.setText("no such thing")
    assert not panel.find_next()


def _pixel(panel, x: int, row: int):
    img = panel.view.viewport().grab().toImage()
    y = (row - panel.view.first_visible()) * panel.view.row_height() + panel.view.row_height() // 2
    return img.pixelColor(x, y)


def test_paints_changed_rows_and_markers(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    view = panel.view
    change = next(r for r in range(len(view.rows)) if view.rows.kind[r] == CHANGE)
    far = view.columns()[1][2] + view.columns()[1][3] - 5  # right end of the new pane, past the text
    assert _pixel(panel, far, change).name() == view._colors.added.name()
    assert _pixel(panel, view.columns()[0][2] + view.columns()[0][3] - 5, change).name() == view._colors.deleted.name()
    panel.set_markers([("src/mod0.py", "new", 2, 2, "scar-overwritten")])
    gx = view.columns()[1][1] + 1
    assert _pixel(panel, gx, change).name() == view._colors.markers["scar-overwritten"].name()
    assert _pixel(panel, gx, change + 2).name() != view._colors.markers["scar-overwritten"].name()


def test_highlight_after_an_emoji_lands_on_the_changed_character(qtbot, panel):
    patch = "diff --git a/e.txt b/e.txt\n--- a/e.txt\n+++ b/e.txt\n@@ -1 +1 @@\n-a😀b = 1\n+a😀b = 2\n".encode()
    show(qtbot, panel, parse_patch(patch, "t"))
    view = panel.view
    strong = view._colors.added_strong
    pieces = [(text, bg) for text, _fg, bg, _w in view.segments(1, NEW)]
    assert pieces == [("a😀b = ", None), ("2", strong)]
    # And on screen: the strong background starts where "a😀b = " ends.
    x = view.columns()[1][2] + 2 + view.fontMetrics().horizontalAdvance("a😀b = ")
    img = view.viewport().grab().toImage()
    y = view.row_height() * 1 + 1
    assert img.pixelColor(x + 1, y).name() == strong.name()
    assert img.pixelColor(x - 2, y).name() != strong.name()


def test_syntax_colours_arrive_from_the_worker(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    qtbot.waitUntil(lambda: bool(panel.view.syntax), timeout=5000)
    row = 1
    keys = {k for _s, _n, k in panel.view.syntax[panel.view.rows.old[row]]}
    assert "Keyword" in keys  # "def"


def test_long_lines_are_cut_for_display(qtbot, panel):
    long = "x" * 50_000
    patch = f"diff --git a/l.txt b/l.txt\n--- a/l.txt\n+++ b/l.txt\n@@ -1 +1 @@\n-{long}\n+{long}y\n".encode()
    show(qtbot, panel, parse_patch(patch, "t"))
    text, cut = panel.view.display_text(1, NEW)
    assert cut and len(text) < len(long)
    assert panel.view.rows.text(1, NEW) == long + "y"  # the whole line is still there


def test_reviewed_mark_resets_when_content_changes(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    panel.files.set_reviewed(0, True)
    assert panel.files.is_reviewed("src/mod0.py")
    show(qtbot, panel, parse_patch(_patch(), "same again"))
    assert panel.files.is_reviewed("src/mod0.py")
    show(qtbot, panel, parse_patch(_patch().replace(b"backoff(0)", b"jitter(0)"), "regenerated"))
    assert not panel.files.is_reviewed("src/mod0.py")
    assert panel.files.is_reviewed("src/mod1.py") is False


def test_stale_load_never_overwrites_newer(qtbot, panel):
    slow_cs = parse_patch(_patch(n_files=1), "slow")
    fast_cs = parse_patch(_patch(n_files=2), "fast")

    def slow():
        time.sleep(0.5)
        return slow_cs

    panel.load_async(slow)
    with qtbot.waitSignal(panel.loadingFinished, timeout=5000):
        panel.load_async(lambda: fast_cs)
    panel.tasks.wait(5000)
    QApplication.processEvents()
    assert panel.changeset is fast_cs


def test_cancel_drops_the_result(qtbot, panel):
    cs = parse_patch(_patch(), "late")

    def slow():
        time.sleep(0.3)
        return cs

    panel.load_async(slow)
    assert panel.cancel_button.isVisibleTo(panel)
    panel.cancel_loading()
    panel.tasks.wait(5000)
    QApplication.processEvents()
    assert panel.changeset is None and not panel.cancel_button.isVisibleTo(panel)


def test_dropping_a_patch_file_loads_it(qtbot, panel, tmp_path):
    path = tmp_path / "change.diff"
    path.write_bytes(_patch(n_files=2))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)  # Qt only routes drag events during a real drag: call the handlers
    assert enter.isAccepted()
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(panel.loadingFinished, timeout=5000):
        panel.dropEvent(event)
    assert panel.changeset.source == "patch: change.diff" and len(panel.changeset.files) == 2


def test_dropping_garbage_reports_instead_of_crashing(qtbot, panel, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just words\n")
    with qtbot.waitSignal(panel.loadFailed, timeout=5000) as sig:
        panel.load_patch(str(path))
    assert "not a unified diff" in sig.args[0] and "notes.txt" in sig.args[0]


def test_dark_palette_changes_colours(qtbot, panel):
    from PySide6.QtGui import QColor, QPalette

    show(qtbot, panel, parse_patch(_patch(), "test"))
    light_added = panel.view._colors.added.name()
    pal = QPalette(panel.view.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    panel.view.setPalette(pal)
    assert panel.view._colors.added.name() != light_added
    assert panel.view._colors.base.name() == "#1e1f22"


def test_old_side_click_selects_old_lines(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    view = panel.view
    rh = view.row_height()
    x_old = view.columns()[0][2] + 20
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x_old, rh * 2 + 2))
    assert panel.selected_range() == ("src/mod0.py", OLD, 2, 2)


def test_double_click_shows_a_cut_line_whole(qtbot, panel):
    from PySide6.QtWidgets import QDialog, QPlainTextEdit

    long = "y" * (LIMITS.display_line_chars + 500)
    patch = f"diff --git a/l.txt b/l.txt\n--- a/l.txt\n+++ b/l.txt\n@@ -1 +1 @@\n-x\n+{long}\n".encode()
    show(qtbot, panel, parse_patch(patch, "t"))
    view = panel.view
    x_new = view.columns()[1][2] + 20
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x_new, view.row_height() + 2))
    dialogs = [d for d in view.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].findChild(QPlainTextEdit).toPlainText() == long


def test_overview_strip_marks_changes_and_jumps(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(n_files=1, hunks=80), "test"))
    strip = panel.overview
    rows = panel.view.rows
    buckets = strip.bucket_kinds(len(rows))  # one pixel per row: exactly the changed rows
    assert [bool(b) for b in buckets] == [rows.is_change(r) for r in range(len(rows))]
    assert panel.view.first_visible() == 0
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(5, strip.height() - 3))
    assert panel.view.first_visible() > len(panel.view.rows) // 2


def _big_and_small() -> ChangeSet:
    body = "".join(f"-old line {i} {'x' * 60}\n+new line {i} {'y' * 60}\n" for i in range(20_000))
    big = f"diff --git a/big.txt b/big.txt\n--- a/big.txt\n+++ b/big.txt\n@@ -1,20000 +1,20000 @@\n{body}"
    assert len(big) > LIMITS.max_patch_bytes_eager  # this file's rows are built in the background
    return parse_patch(big.encode() + _patch(n_files=1), "mixed")


def test_big_file_loads_in_background(qtbot, panel):
    cs = _big_and_small()
    with qtbot.waitSignal(panel.loadingFinished, timeout=20000):
        panel.set_changeset(cs)
    assert panel.current_file().path == "big.txt" and len(panel.view.rows) == 20_001


def test_late_rows_for_an_old_file_are_dropped(qtbot, panel):
    cs = _big_and_small()
    panel.set_changeset(cs)  # starts aligning big.txt in the background
    assert panel.view.rows is None or panel.view.rows.file.path != "big.txt"
    panel.files.select_index(1)  # the reviewer moves on before it finishes
    assert panel.current_file().path == "src/mod0.py"
    panel.tasks.wait(20000)
    QApplication.processEvents()
    assert panel.view.rows.file.path == "src/mod0.py"
    assert panel.current_file().path == "src/mod0.py"


def test_wrap_shows_a_long_line_on_several_screen_lines(qtbot, panel):
    long = "word " * 400
    patch = f"diff --git a/l.txt b/l.txt\n--- a/l.txt\n+++ b/l.txt\n@@ -1 +1 @@\n-{long}\n+{long}y\n".encode()
    show(qtbot, panel, parse_patch(patch, "t"))
    assert panel.view.row_lines(1) == 1 and panel.view.horizontalScrollBar().maximum() > 0
    panel.wrap_box.setChecked(True)
    lines = panel.view.row_lines(1)
    assert lines >= len(long) // panel.view._chars_per_line()
    assert panel.view.horizontalScrollBar().maximum() == 0
    assert panel.view.row_rect(1).height() == lines * panel.view.row_height()
    assert panel.view.row_at(panel.view.row_rect(1).bottom() - 1) == 1
    panel.view.grab()  # paints wrapped rows without error


def test_file_list_filters_sorts_and_groups(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    files = panel.files
    panel.file_filter.setText("mod1")
    assert files.shown_count() == 1 and files.shown_order() == [1]
    panel.file_filter.setText("")
    files.sortItems(2, Qt.SortOrder.DescendingOrder)  # by size (+ column: lines changed)
    sizes = [panel.changeset.files[i].added + panel.changeset.files[i].removed for i in files.shown_order()]
    assert sizes == sorted(sizes, reverse=True)
    panel.tree_box.setChecked(True)
    assert files.topLevelItem(0).text(0) == "src/"
    assert sorted(files.shown_order()) == [0, 1, 2]
    panel.next_file()  # follows the list's order
    assert panel.current_file() is not None
    assert panel.path_header.text() and panel.current_file().path.rsplit("/", 1)[-1] in panel.path_header.text()


def test_five_hundred_files_filter_and_tick(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(n_files=500, hunks=1), "big"))
    files = panel.files
    assert files.file_count() == 500 and files.shown_count() == 500
    qtbot.keyClicks(panel.file_filter, "mod49")
    assert sorted(files.shown_order()) == [49, *range(490, 500)]
    assert "11 shown" in panel.files_count.text()
    files.set_reviewed(495, True)
    assert files.is_reviewed("src/mod495.py") and panel.files_count.text().startswith("1/500 viewed")
    # The path column takes the spare width when the list is widened.
    before = files.columnWidth(0)
    panel.split.setSizes([600, 500])
    assert files.columnWidth(0) > before


def test_a_selected_added_line_stays_green(qtbot, panel):
    show(qtbot, panel, parse_patch(_patch(), "test"))
    view = panel.view
    row = next(r for r in range(len(view.rows)) if view.rows.kind[r] == CHANGE)
    view.select_rows(NEW, row, row)
    image = view.viewport().grab().toImage()
    side, _gx, text_x, text_w = view.columns()[1]
    pixel = image.pixelColor(text_x + text_w - 5, view.row_rect(row).center().y())
    assert pixel.green() > pixel.red() and pixel.green() > pixel.blue(), pixel.name()  # added, still visible


def test_find_in_a_huge_change_runs_off_the_gui_thread(qtbot, panel, monkeypatch):
    from dataclasses import replace

    import specaudit.ui.diff.panel as panel_module

    monkeypatch.setattr(panel_module, "LIMITS", replace(panel_module.LIMITS, find_sync_bytes=0))
    show(qtbot, panel, parse_patch(_patch(), "test"))
    panel.find_box.setText("retry(")
    assert panel.find_next() is False and panel.status.text().startswith("Searching")
    qtbot.waitUntil(lambda: panel.status.text().startswith("Match 1 of 18 in 3 files"), timeout=5000)


def test_a_file_of_crlf_lines_says_crlf_in_its_header(qtbot, panel):
    """The whole diff marks no line of an all-CRLF file (ui/kit/line_end): the header says it once."""
    head = b"diff --git a/api.ts b/api.ts\n--- a/api.ts\n+++ b/api.ts\n@@ -1,2 +1,2 @@\n"
    show(qtbot, panel, parse_patch(head + b" /**\r\n-  old();\r\n+  deleteTodo(id);\r\n", "crlf"))
    assert panel.path_header.text().count("CRLF") == 1 and "CR LF" in panel.path_header.toolTip()
    show(qtbot, panel, parse_patch(head + b" /**\n-  old();\n+  deleteTodo(id);\n", "lf"))
    assert "CRLF" not in panel.path_header.text()

"""DiffPanel: the file list, the diff view, its toolbar and overview strip, composed.

Heavy work (building a big file's rows, lexing, reading a dropped patch) runs on the
shared TaskRunner; a result that arrives for an older request is dropped there, so
a slow file can never paint over the one the reviewer has moved on to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from specaudit.core.diff.model import ChangeSet, FileDiff
from specaudit.core.diff.rows import NEW, OLD, RowModel
from specaudit.core.diff.search import find_in_change
from specaudit.settings import LIMITS
from specaudit.ui.diff.filelist import FileList
from specaudit.ui.diff.highlight import lex_file
from specaudit.ui.diff.overview import OverviewStrip
from specaudit.ui.diff.view import DiffView
from specaudit.ui.kit import plain
from specaudit.ui.kit.rich_text import markup
from specaudit.ui.kit.tasks import TaskRunner

MODES = ("side-by-side", "unified")


class DiffPanel(QWidget):
    linesSelected = Signal(str, str, int, int)  # path, side "old"|"new", first, last (1-based)
    loadingFinished = Signal()  # a change set (its first file) is shown
    fileShown = Signal(str)
    loadFailed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.changeset: ChangeSet | None = None
        self.mode = "side-by-side"
        self.ignore_whitespace = False
        self.markers: dict[str, list[tuple[str, int, int, str]]] = {}
        self._index = -1
        self._pending_reveal: tuple[str, str, int, int] | None = None
        self._announce = False
        self._matches: tuple[str, list] | None = None  # (needle, matches across the change)
        self._match_at = -1
        self.tasks = TaskRunner(self)
        self._build()
        self.setAcceptDrops(True)

    # -- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        self.files = FileList(self)
        self.view = DiffView(self)
        self.overview = OverviewStrip(self)
        self.mode_box = QComboBox(self)
        self.mode_box.addItems(MODES)
        self.ws_box = QCheckBox("Ignore whitespace", self)
        self.wrap_box = QCheckBox("Wrap", self)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in the whole change (Enter: next, Shift+Enter: previous)")
        self.find_box.setClearButtonEnabled(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.cancel_button = QPushButton("Cancel", self)
        self.status = plain.label(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_header = QLabel(self)  # rich text: the path inside is escaped (_set_path_header)
        self.path_header.setTextFormat(Qt.TextFormat.RichText)
        self.path_header.setObjectName("diffPathHeader")
        self.path_header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_header.setStyleSheet("QLabel { padding: 3px 6px; background: palette(alternate-base);"
                                       " border-bottom: 1px solid palette(mid); }")
        self.file_filter = QLineEdit(self)
        self.file_filter.setPlaceholderText("Filter files…")
        self.file_filter.setClearButtonEnabled(True)
        self.tree_box = QCheckBox("Folders", self)
        self.files_count = plain.label(self)
        for widget, name, tip in (
            (self.path_header, "File shown", "The file whose change is shown below"),
            (self.file_filter, "Filter files", "Show only files whose path contains this text"),
            (self.tree_box, "Folder tree", "Group the files by folder"),
            (self.files_count, "Files viewed", None),
            (self.files, "Changed files", "Files of the change; tick a file once you have reviewed it"),
            (self.view, "Diff lines", "Drag or Shift+Up/Down to select lines; Ctrl+L links them, Ctrl+M scars them"),
            (self.overview, "Change overview", "Where the changes are; click to jump"),
            (self.mode_box, "View mode", "Side by side (Ctrl+Shift+S) or unified (Ctrl+Shift+U)"),
            (self.ws_box, "Ignore whitespace", "Treat lines that differ only in whitespace as unchanged"),
            (self.wrap_box, "Wrap long lines", "Wrap long lines instead of scrolling sideways (Alt+Z)"),
            (self.find_box, "Find in the whole change",
             "Ctrl+F; Enter (F3) for the next match in any file, Shift+Enter (Shift+F3) for the previous"),
            (self.cancel_button, "Cancel loading", "Stop loading this change"),
            (self.status, "Diff summary", None),
        ):
            widget.setAccessibleName(name)
            if tip:
                widget.setToolTip(tip)
        # A visible focus frame: the diff is a custom-painted area with no caret to show focus.
        self.view.setStyleSheet("DiffView { border: 1px solid palette(mid); }"
                                "DiffView:focus { border: 2px solid palette(highlight); }")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        for text, tip, slot in (("\u25b2", "Previous hunk (P, Alt+Up)", self.view.prev_hunk),
                                ("\u25bc", "Next hunk (N, Alt+Down)", self.view.next_hunk),
                                ("\u2190", "Previous file ([, Alt+PgUp)", self.prev_file),
                                ("\u2192", "Next file (], Alt+PgDown)", self.next_file)):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.clicked.connect(lambda _=False, s=slot: s())
            bar.addWidget(b)
        bar.addWidget(self.mode_box)
        bar.addWidget(self.ws_box)
        bar.addWidget(self.wrap_box)
        bar.addWidget(self.find_box, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(0)
        rv.addWidget(self.path_header)
        rl = QHBoxLayout()
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.view, 1)
        rl.addWidget(self.overview)
        rv.addLayout(rl, 1)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(2)
        fbar = QHBoxLayout()
        fbar.addWidget(self.file_filter, 1)
        fbar.addWidget(self.tree_box)
        lv.addLayout(fbar)
        lv.addWidget(self.files, 1)
        lv.addWidget(self.files_count)
        self.side = QTabWidget(self)  # the files, or pages laid beside the code (the spec)
        self.side.setDocumentMode(True)
        self.side.setAccessibleName("Files, or the spec beside the diff")
        self.side.addTab(left, "Files")
        self.files_page = left
        split = self.split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("diffFilesSplitter")
        split.addWidget(self.side)
        split.addWidget(right)
        split.setStretchFactor(0, 0)  # extra width goes to the code; drag the handle for longer paths
        split.setStretchFactor(1, 1)
        split.setSizes([280, 680])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(bar)
        outer.addWidget(split, 1)
        outer.addWidget(self.status)
        self._set_busy(False)

        self.files.fileChosen.connect(self.show_file)
        self.files.reviewedChanged.connect(lambda *_a: self._update_counts())
        self.file_filter.textChanged.connect(self._filter_files)
        self.tree_box.toggled.connect(self.files.set_tree_mode)
        self.view.selectionMade.connect(self._selection_made)
        self.view.verticalScrollBar().valueChanged.connect(self._sync_overview)
        self.overview.rowClicked.connect(lambda r: self.view.ensure_visible(r, center=True))
        self.mode_box.currentTextChanged.connect(self.set_view_mode)
        self.ws_box.toggled.connect(self.set_ignore_whitespace)
        self.wrap_box.setChecked(QSettings().value("diff/wrap", False) in (True, "true"))
        self.view.set_wrap(self.wrap_box.isChecked())
        self.wrap_box.toggled.connect(self._wrap_toggled)
        self.find_box.returnPressed.connect(self.find_next)
        # Esc goes back to the code, the text kept (F3 goes on): the box is always there.
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_box)
        leave.setContext(Qt.ShortcutContext.WidgetShortcut)  # the find box's own, not the window's
        leave.activated.connect(self.view.setFocus)
        self.find_box.textChanged.connect(self.view.set_find_text)
        self.find_box.textChanged.connect(self._forget_matches)
        self.cancel_button.clicked.connect(self.cancel_loading)
        # Ctrl+F belongs to the window's Find action (it routes to the visible tab); a second
        # Ctrl+F here would make the key ambiguous and neither would fire.
        for keys, slot in (("]", self.next_file), ("[", self.prev_file),
                           ("F3", self.find_next), ("Shift+F3", lambda: self.find_next(backwards=True)),
                           ("Shift+Return", lambda: self.find_next(backwards=True))):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def add_side_page(self, widget: QWidget, title: str) -> None:
        self.side.addTab(widget, title)

    def show_side_page(self, widget: QWidget | None) -> None:
        """Show ``widget`` beside the code in the file list's place (None: the files)."""
        self.side.setCurrentWidget(widget or self.files_page)

    # -- the contract -------------------------------------------------------------------
    def set_changeset(self, changeset: ChangeSet) -> None:
        self.changeset = changeset
        self.files.set_changeset(changeset)
        self._forget_matches()
        self._update_counts()
        self._index = -1
        self._announce = True
        n = len(changeset.files)
        self.status.setText(self._summary())
        if n:
            self.files.select_index(0)
            if self._index != 0:
                self.show_file(0)
        else:
            self.view.set_rows(None)
            self.overview.set_rows(None)
            self._finished()

    def reveal(self, path: str, side: str, first: int, last: int) -> None:
        idx = self._file_index(path)
        if idx is None:
            self.status.setText(f"{path} is not part of this change")
            return
        self._pending_reveal = (path, side, first, last)
        if idx != self._index:
            self.files.select_index(idx)
            if idx != self._index:
                self.show_file(idx)
        elif self.view.rows is not None and self.changeset is not None \
                and self.view.rows.file is self.changeset.files[idx]:
            self._apply_reveal()

    def set_viewed_marks(self, marks: dict[str, str]) -> None:
        """Tick the files marked viewed (path -> change key) and count them."""
        self.files.set_viewed_marks(marks)
        self._update_counts()

    def set_markers(self, markers: list[tuple[str, str, int, int, str]]) -> None:
        self.markers = {}
        for path, side, first, last, kind in markers:
            self.markers.setdefault(path, []).append((side, first, last, kind))
        self._apply_markers()

    def selected_range(self) -> tuple[str, str, int, int] | None:
        f = self.current_file()
        lines = self.view.selection_lines()
        if f is None or lines is None:
            return None
        return (f.path, *lines)

    def set_view_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown view mode {mode!r}; expected one of {', '.join(MODES)}")
        if self.mode_box.currentText() != mode:
            self.mode_box.setCurrentText(mode)  # comes back here through the signal
            return
        if mode != self.mode:
            self.mode = mode
            self._rebuild_keeping_place()

    # -- more public API ---------------------------------------------------------------------
    def set_ignore_whitespace(self, on: bool) -> None:
        if self.ws_box.isChecked() != on:
            self.ws_box.setChecked(on)
            return
        if on != self.ignore_whitespace:
            self.ignore_whitespace = on
            self._rebuild_keeping_place()

    def current_file(self) -> FileDiff | None:
        if self.changeset is None or not 0 <= self._index < len(self.changeset.files):
            return None
        return self.changeset.files[self._index]

    def next_file(self) -> None:
        self._step_file(+1)

    def prev_file(self) -> None:
        self._step_file(-1)

    def step_file(self, forward: bool) -> None:
        self._step_file(+1 if forward else -1)

    def step_hunk(self, forward: bool) -> bool:
        """The next (previous) hunk of the file shown; False at the last (first)."""
        return self.view.next_hunk() if forward else self.view.prev_hunk()

    def focus_code(self) -> None:
        self.view.setFocus()

    def wrapping(self) -> bool:
        return self.wrap_box.isChecked()

    def set_wrap(self, on: bool) -> None:
        """Wrap long lines (remembered); the Wrap box follows."""
        self.wrap_box.setChecked(on)

    def _step_file(self, step: int) -> None:
        """The next file as the list shows it: sorted, filtered, grouped."""
        order = self.files.shown_order()
        if self._index in order:
            k = order.index(self._index) + step
            if 0 <= k < len(order):
                self.files.select_index(order[k])
        elif order:
            self.files.select_index(order[0])

    def start_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self, *, backwards: bool = False) -> bool:
        """The next (previous) match anywhere in the change, moving across files."""
        text = self.find_box.text()
        if self.changeset is None or not text:
            return False
        if self._matches is None or self._matches[0] != text:
            cs = self.changeset
            if len(cs.data) > LIMITS.find_sync_bytes:  # a huge change: search off the GUI thread
                self.status.setText(f"Searching the change for {text}\u2026")
                self.tasks.submit("find", lambda: find_in_change(cs, text),
                                  lambda found: self._found(cs, text, found, backwards))
                return False
            self._matches = (text, find_in_change(cs, text))
            self._match_at = -1
        matches = self._matches[1]
        if not matches:
            self.status.setText(f"Not found in the change: {text}")
            return False
        if self._match_at < 0:  # start from where the reviewer is
            after = [k for k, m in enumerate(matches) if m.file > self._index or
                     (m.file == self._index and not backwards)]
            self._match_at = (after[0] if after else 0) if not backwards else ((after[0] if after else 0) - 1)
        else:
            self._match_at += -1 if backwards else 1
        self._match_at %= len(matches)
        m = matches[self._match_at]
        path = self.changeset.files[m.file].path
        files = len({x.file for x in matches})
        self.find_status = (f"Match {self._match_at + 1} of {len(matches)} in {files} file{'s' if files != 1 else ''}"
                            f" — {path}:{m.line}")
        self.reveal(path, m.side, m.line, m.line)
        self.status.setText(self.find_status)
        return True

    def _wrap_toggled(self, on: bool) -> None:
        QSettings().setValue("diff/wrap", on)
        self.view.set_wrap(on)

    def _found(self, cs, text: str, found: list, backwards: bool) -> None:
        if cs is self.changeset and text == self.find_box.text():
            self._matches = (text, found)
            self._match_at = -1
            self.find_next(backwards=backwards)

    def _forget_matches(self, *_args) -> None:
        self._matches = None
        self._match_at = -1

    def _filter_files(self, text: str) -> None:
        self.files.set_filter(text)
        self._update_counts()

    def _update_counts(self) -> None:
        n, shown, viewed = self.files.file_count(), self.files.shown_count(), self.files.viewed_count()
        self.files_count.setText(f"{viewed}/{n} viewed" + (f" · {shown} shown" if shown != n else ""))
        f = self.current_file()
        if f is not None:
            self._set_path_header(f)

    def _set_path_header(self, fd: FileDiff) -> None:
        name = f"{fd.old_path} → {fd.new_path}" if fd.status in ("R", "C") else fd.path
        viewed = " · ✓ viewed" if self.files.is_reviewed(fd.path) else ""
        crlf = fd.all_crlf()  # said once here, not marked on each line
        self.path_header.setText(markup("<b>{}&nbsp; {}</b>&nbsp; <span style='color:#1a7f37'>+{}</span> "
                                        "<span style='color:#cf222e'>−{}</span>{}{}",
                                        fd.status, name, fd.added, fd.removed, " · CRLF" if crlf else "", viewed))
        self.path_header.setToolTip(plain.tooltip(name + ("\nEvery line shown ends in CR LF (Windows line ends)"
                                                          if crlf else "")))

    def load_async(self, loader, description: str = "Loading\u2026") -> None:
        """Run ``loader() -> ChangeSet`` in the background and show the result, unless a
        newer load (or a cancel) has come since."""
        self._set_busy(True, description)
        self.tasks.submit("changeset", loader, self._loaded, self._load_failed)

    def load_patch(self, path: str) -> None:
        from specaudit.app.workspace.diffs import load_patch_file

        self.load_async(lambda: load_patch_file(path), f"Reading {Path(path).name}\u2026")

    def cancel_loading(self) -> None:
        for channel in ("changeset", "rows", "syntax"):
            self.tasks.cancel(channel)
        self._set_busy(False)
        self.status.setText("Loading cancelled")

    # -- showing a file -------------------------------------------------------------------
    def show_file(self, index: int) -> None:
        if self.changeset is None or not 0 <= index < len(self.changeset.files):
            return
        previous = self.current_file()
        self._index = index
        fd = self.changeset.files[index]
        if previous is not None and previous is not fd:
            previous.release_lines()  # its rows go with it; keep memory to one file
        unified, ws = self.mode == "unified", self.ignore_whitespace
        if fd.body_size <= LIMITS.max_patch_bytes_eager:
            self.tasks.cancel("rows")
            self._rows_ready(RowModel(fd, unified=unified, ignore_whitespace=ws))
        else:
            self._set_busy(True, f"Aligning {fd.path}\u2026")
            self.tasks.submit("rows", lambda: RowModel(fd, unified=unified, ignore_whitespace=ws),
                              self._rows_ready, self._load_failed)

    def _rows_ready(self, rows: RowModel) -> None:
        self._set_busy(False)
        fd = rows.file
        self.view.set_rows(rows)
        self.overview.set_rows(rows)
        self._apply_markers()
        self._sync_overview()
        self.tasks.submit("syntax", lambda: _lex_and_warm(rows), lambda spans: self._syntax_ready(fd, spans))
        self.status.setText(self._describe(fd) or self._summary())
        self._set_path_header(fd)
        self.fileShown.emit(fd.path)
        if self._pending_reveal and self._pending_reveal[0] == fd.path:
            self._apply_reveal()
            if self._matches is not None and self._match_at >= 0:
                self.status.setText(self.find_status)
        self._finished()

    def _syntax_ready(self, fd: FileDiff, spans: dict) -> None:
        if self.view.rows is not None and self.view.rows.file is fd:
            self.view.set_syntax(spans)

    def _summary(self) -> str:
        return self.changeset.summary() if self.changeset is not None else ""

    def _describe(self, fd: FileDiff) -> str:
        if fd.binary:
            return f"{fd.path}: binary file, {_size(fd.old_size)} \u2192 {_size(fd.new_size)}"
        if fd.submodule:
            return f"{fd.path}: submodule"
        if fd.non_utf8:
            return f"{fd.path}: not valid UTF-8; shown decoded as Windows-1252"
        if not fd.hunks:
            what = "renamed" if fd.status == "R" else "mode changed" if fd.old_mode != fd.new_mode else "no text change"
            return f"{fd.path}: {what}"
        return ""

    def _rebuild_keeping_place(self) -> None:
        f = self.current_file()
        rows = self.view.rows
        if f is None:
            return
        keep = None
        if rows is not None and 0 <= self.view.current < len(rows):
            side = NEW if rows.line_no(self.view.current, NEW) else OLD
            keep = (side, rows.line_no(self.view.current, side))
        first_no = None
        if rows is not None and len(rows):
            top = self.view.first_visible()
            first_no = next(((s, rows.line_no(r, s)) for r in range(top, len(rows)) for s in (NEW, OLD)
                             if rows.line_no(r, s)), None)
        self.show_file(self._index)
        new_rows = self.view.rows
        if new_rows is None:
            return
        if first_no:
            r = new_rows.row_for_line(*first_no)
            if r is not None:
                self.view.verticalScrollBar().setValue(max(0, r - 1))
        if keep and keep[1]:
            r = new_rows.row_for_line(*keep)
            if r is not None:
                self.view.set_current(r, scroll=False)

    def _apply_reveal(self) -> None:
        if self._pending_reveal is None or self.view.rows is None:
            return
        path, side, first, last = self._pending_reveal
        self._pending_reveal = None
        rows = self.view.rows
        r1 = rows.row_for_line(side, first)
        if r1 is None:
            self.status.setText(f"{path}:{first} is outside the changed hunks")
            return
        r2 = r1
        for r in range(r1, len(rows)):
            no = rows.line_no(r, side)
            if no and no > last:
                break
            if no:
                r2 = r
        self.view.select_rows(side, r1, r2)
        self.view.set_current(r1, scroll=False)
        self.view.ensure_visible(r1, center=True)

    def _apply_markers(self) -> None:
        f = self.current_file()
        self.view.set_file_markers(self.markers.get(f.path, []) if f else [])

    # -- plumbing -------------------------------------------------------------------
    def _file_index(self, path: str) -> int | None:
        if self.changeset is None:
            return None
        for i, f in enumerate(self.changeset.files):
            if path == f.path:
                return i
        for i, f in enumerate(self.changeset.files):
            if path in (f.old_path, f.new_path):
                return i
        return None

    def _finished(self) -> None:
        if self._announce:
            self._announce = False
            self.loadingFinished.emit()

    def _loaded(self, cs: ChangeSet) -> None:
        self._set_busy(False)
        self.set_changeset(cs)

    def _load_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(f"Could not load: {exc}")
        self.loadFailed.emit(str(exc))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.status.setText(text)

    def _selection_made(self, side: str, first: int, last: int) -> None:
        f = self.current_file()
        if f is not None:
            self.linesSelected.emit(f.path, side, first, last)

    def _sync_overview(self, *_args) -> None:
        self.overview.set_window(self.view.first_visible(), self.view.visible_rows())

    # -- drag and drop of a patch file ---------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.load_patch(urls[0].toLocalFile())


def _lex_and_warm(rows: RowModel) -> dict:
    """Background pass for a file just shown: syntax spans, and intra-line spans when
    the file is too big to compute them during paint. Both arrive with one repaint."""
    spans = lex_file(rows.file)
    if rows.intraline_deferred:
        rows.warm_intraline()
    return spans


def _size(n: int | None) -> str:
    return "\u2014" if n is None else f"{n:,} bytes"

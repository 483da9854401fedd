"""The spec editor: highlighted text, a clause outline that follows the cursor, live
re-parse (debounced, off the GUI thread) with problems shown inline, find/replace, undo.

Loading and saving go through ``specaudit.app.tighten.tightening`` (the UI never touches files);
parsing is the formats' pure ``parse_spec`` on the text in the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPalette,
    QShortcut,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from specaudit.core.errors import SpecauditError
from specaudit.core.model import Problem, Spec, encoding_problem, shown_text
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS
from specaudit.ui.kit import plain
from specaudit.ui.kit.clause_names import is_nested, row_label
from specaudit.ui.kit.tasks import TaskRunner
from specaudit.ui.spec_editor.find_bar import FindBar
from specaudit.ui.spec_editor.highlight import highlighter_for

KEY_ROLE = Qt.ItemDataRole.UserRole


def _parse(path: str, text: str, fmt: str | None, self_check=None) -> tuple[Spec | None, list[Problem]]:
    try:
        spec = parse_spec(path, text, fmt)
    except SpecauditError as exc:
        return None, [Problem(path, exc.line or 1, exc.message, "error")]
    return spec, list(spec.problems) + (list(self_check(spec)) if self_check else [])


class SpecEditor(QWidget):
    """Signals: ``specParsed(Spec)`` after each (debounced) re-parse that is still current;
    ``currentClauseChanged(str)`` when the cursor enters another clause ('' outside any);
    ``problemsChanged(int)`` with the number of parse problems."""

    specParsed = Signal(object)
    currentClauseChanged = Signal(str)
    problemsChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None, runner: TaskRunner | None = None):
        super().__init__(parent)
        self._runner = runner or TaskRunner(self)
        self._path: str = ""
        self._format: str | None = None
        self._root = None
        self._loaded_digest: str | None = None
        self._spec: Spec | None = None
        self._problems: list[Problem] = []
        self._undecodable: Problem | None = None  # the opened file's bytes that are not UTF-8
        self._current_key = ""
        self._problem_marks: list[QTextEdit.ExtraSelection] = []
        # path -> (spec -> [Problem]) or None: the spec checking itself against its audit (set
        # by the workflow). Asked on the GUI thread at each re-parse; what it returns runs
        # off it, on a snapshot.
        self.self_check: Callable[[str], Callable[[Spec], list[Problem]] | None] | None = None

        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName("Spec text")
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.edit.setFont(font)
        self.outline = QTreeWidget(self)
        self.outline.setHeaderLabels(["Clause", "Title"])
        self.outline.setAccessibleName("Clause outline")
        self.outline.setRootIsDecorated(False)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName("Parse problems")
        self.problems.setMaximumHeight(90)
        self.status = plain.label(self)
        self.find_bar = FindBar(self.edit, self)
        self._highlighter: QSyntaxHighlighter | None = None

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.outline)
        text_side = QWidget(split)
        col = QVBoxLayout(text_side)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.edit, 1)
        col.addWidget(self.find_bar)
        col.addWidget(self.problems)
        split.addWidget(text_side)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(LIMITS.reparse_debounce_ms)
        self._debounce.timeout.connect(self.reparse_now)
        self.edit.textChanged.connect(self._debounce.start)
        self._parsed_text = ""
        self._pending_clause = ""  # goto_clause asked before the text was parsed
        self.edit.document().modificationChanged.connect(self._show_status)
        self.edit.cursorPositionChanged.connect(self._follow_cursor)
        self.outline.itemActivated.connect(self._outline_clicked)
        self.outline.itemClicked.connect(self._outline_clicked)
        self.problems.itemActivated.connect(self._problem_clicked)
        self.problems.itemClicked.connect(self._problem_clicked)
        # Find (Ctrl+F) is the window's action, routed here by start_find(): one owner per key.
        # The platform's Replace key plus Ctrl+H, registered once each: two shortcuts on one
        # key (Replace *is* Ctrl+H on Linux) would be ambiguous and never fire.
        replace_keys = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Replace)}
        for key in sorted(replace_keys | {"Ctrl+H"}):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda: self.find_bar.show_bar(True))

    # -- content ---------------------------------------------------------------------
    def set_text(self, path: str, text: str, spec_format: str | None = None) -> None:
        """Show ``text`` (a new undo history) and parse it at once."""
        self._path, self._format = path, spec_format
        self._highlighter = highlighter_for(spec_format, path, self.edit.document())
        self.edit.blockSignals(True)
        self.edit.setPlainText(shown_text(text))  # Qt would drop a byte that is not UTF-8 unseen
        self.edit.blockSignals(False)
        self.edit.document().setModified(False)
        self._spec = None  # the last parse was of other text: goto_clause waits for this one's
        self.reparse_now()

    def open_spec(self, root, spec_rel: str, spec_format: str | None = None) -> None:
        from specaudit.app.tighten.tightening import read_spec_for_editing

        text, self._loaded_digest = read_spec_for_editing(root, spec_rel)
        self._root = root
        self._undecodable = encoding_problem(spec_rel, text)
        self.set_text(spec_rel, text, spec_format)

    def save(self) -> None:
        """Write the text back (atomically); refused if the file changed on disk since it was
        opened (raises SpecError; the edits stay in the editor)."""
        from specaudit.app.tighten.tightening import save_spec_text

        if self._root is None:
            raise SpecauditError("this editor has no file to save to (open_spec first)")
        self._loaded_digest = save_spec_text(self._root, self._path, self.text(), self._loaded_digest)
        self.edit.document().setModified(False)

    def reload_from_disk(self) -> None:
        """The file's text replaces the editor's as one edit: Ctrl+Z brings the edits back
        (nothing typed is lost), and a save after that is the reviewer's own choice."""
        from specaudit.app.tighten.tightening import read_spec_for_editing

        if self._root is None:
            return
        text, self._loaded_digest = read_spec_for_editing(self._root, self._path)
        self._undecodable = encoding_problem(self._path or "", text)
        cursor = QTextCursor(self.edit.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(shown_text(text))
        cursor.endEditBlock()
        self.edit.document().setModified(False)

    def text(self) -> str:
        return self.edit.toPlainText()

    def spec(self) -> Spec | None:
        """The last successful parse (may trail the text by the debounce interval)."""
        return self._spec

    def problem_list(self) -> list[Problem]:
        return list(self._problems)

    def is_modified(self) -> bool:
        return self.edit.document().isModified()

    def _show_status(self, *_args) -> None:
        """The parse's counts, and whether the text differs from the file (after Ctrl+S then
        Ctrl+Z it does, while the status bar may still say "Saved")."""
        unsaved = " · unsaved changes (Ctrl+S saves)" if self.is_modified() else ""
        self.status.setText(self._parsed_text + unsaved if self._parsed_text else self.status.text())

    # -- parsing ---------------------------------------------------------------------
    def reparse_now(self) -> None:
        self._debounce.stop()
        path, text, fmt = self._path or "spec.md", self.text(), self._format
        check = self.self_check(path) if self.self_check is not None else None
        self.status.setText("parsing…")
        self._runner.submit("reparse", lambda: _parse(path, text, fmt, check), self._parsed)

    def _parsed(self, result) -> None:
        spec, problems = result
        if spec is not None:
            self._spec = spec
            if self._format is None:
                self._format = spec.format
        if self._undecodable is not None and "\ufffd" in self.text():  # the file's bytes, still unsaved over
            problems = [self._undecodable, *problems]
        self._problems = problems
        self._fill_outline()
        self._show_problems()
        n = len(spec.clauses) if spec else 0
        self._parsed_text = f"{n} clauses, {len(problems)} problem{'s' if len(problems) != 1 else ''}"
        self._show_status()
        self._select_in_outline(self._current_key)  # the refill lost the selection
        pending, self._pending_clause = self._pending_clause, ""
        if pending and spec is not None and not self.is_modified():
            self.goto_clause(pending)
        self._follow_cursor()
        if spec is not None:
            self.specParsed.emit(spec)
        self.problemsChanged.emit(len(problems))

    def _fill_outline(self) -> None:
        self.outline.clear()
        for c in self._spec.clauses if self._spec else []:
            # An OpenSpec key repeats its capability and requirement: every row read
            # "debug-console#Debug console MUST be a…". Its own name, a scenario indented.
            name, said = row_label(c)
            item = QTreeWidgetItem([("    " if is_nested(c) else "") + name, said])
            item.setData(0, KEY_ROLE, c.key)
            item.setToolTip(0, c.key)
            item.setToolTip(1, plain.tooltip(c.text))
            self.outline.addTopLevelItem(item)
        self.outline.resizeColumnToContents(0)

    def _show_problems(self) -> None:
        self.problems.clear()
        marks = []
        for p in self._problems:
            item = QListWidgetItem(f"line {p.line}: {p.severity}: {p.message}")
            item.setData(KEY_ROLE, p.line)
            item.setForeground(QColor("#c62828" if p.severity == "error" else "#b35900"))
            self.problems.addItem(item)
            block = self.edit.document().findBlockByNumber(max(0, p.line - 1))
            if block.isValid():
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#c62828"))
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                fmt.setToolTip(plain.tooltip(p.message))
                sel.format = fmt
                sel.cursor = QTextCursor(block)
                sel.cursor.select(QTextCursor.SelectionType.LineUnderCursor)
                marks.append(sel)
        self._problem_marks = marks
        self._show_marks()
        self.problems.setVisible(bool(self._problems))

    def _show_marks(self) -> None:
        """The problems' wavy lines, over a soft band on the lines of the clause the caret is
        in: the clause list's selection, found in the text at a glance."""
        marks = list(self._problem_marks)
        clause = self._spec.clause(self._current_key) if self._spec and self._current_key else None
        if clause is not None:
            fmt = QTextCharFormat()
            tint = QColor(self.edit.palette().color(QPalette.ColorRole.Highlight))
            tint.setAlpha(64)
            fmt.setBackground(tint)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            band = []
            for n in range(clause.span[0] - 1, clause.span[1]):  # one per line: an empty cursor spans the width
                block = self.edit.document().findBlockByNumber(n)
                if block.isValid():
                    line = QTextEdit.ExtraSelection()
                    line.format, line.cursor = fmt, QTextCursor(block)
                    band.append(line)
            marks = band + marks
        self.edit.setExtraSelections(marks)

    # -- navigation ------------------------------------------------------------------
    def clause_at_line(self, line: int) -> str:
        for c in self._spec.clauses if self._spec else []:
            if c.span[0] <= line <= c.span[1]:
                return c.key
        return ""

    def _follow_cursor(self) -> None:
        key = self.clause_at_line(self.edit.textCursor().blockNumber() + 1)
        if key == self._current_key:
            return
        self._current_key = key
        self._select_in_outline(key)
        self._show_marks()
        self.currentClauseChanged.emit(key)

    def _select_in_outline(self, key: str) -> None:
        self.outline.blockSignals(True)
        try:
            for i in range(self.outline.topLevelItemCount()):
                item = self.outline.topLevelItem(i)
                if key and item is not None and item.data(0, KEY_ROLE) == key:
                    self.outline.setCurrentItem(item)
                    self.outline.scrollToItem(item)
                    return
            self.outline.clearSelection()
        finally:
            self.outline.blockSignals(False)

    def start_find(self) -> None:
        self.find_bar.show_bar()

    def goto_line(self, line: int) -> None:
        block = self.edit.document().findBlockByNumber(max(0, line - 1))
        self.edit.setTextCursor(QTextCursor(block))
        self.edit.centerCursor()
        self.edit.setFocus()

    def goto_clause(self, key: str) -> bool:
        """The caret to clause ``key``; asked before the new text is parsed, it goes there
        when the parse lands (unless the reviewer has typed by then)."""
        if self._spec is None:
            self._pending_clause = key
            return False
        clause = self._spec.clause(key)
        if clause is None:
            return False
        self.goto_line(clause.span[0])
        return True

    def _outline_clicked(self, item: QTreeWidgetItem) -> None:
        self.goto_clause(item.data(0, KEY_ROLE))

    def _problem_clicked(self, item: QListWidgetItem) -> None:
        self.goto_line(int(item.data(KEY_ROLE)))

"""The spec editor under pytest-qt: live re-parse, an outline that follows the cursor,
problems shown inline, find/replace with undo, and saving through the app layer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from specaudit.app.workspace.specs import load_spec
from specaudit.core.errors import SpecError
from specaudit.ui.spec_editor import SpecEditor
from specaudit.ui.spec_editor.highlight import MarkdownHighlighter, YamlHighlighter

SPEC = "specs/payment-retry.md"


def _editor(qtbot, demo_repo) -> SpecEditor:
    editor = SpecEditor()
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.specParsed, timeout=10_000):
        editor.open_spec(demo_repo.path, SPEC)
    editor.resize(1000, 600)
    editor.show()
    return editor


def _put_cursor(editor: SpecEditor, line: int) -> None:
    block = editor.edit.document().findBlockByNumber(line - 1)
    editor.edit.setTextCursor(QTextCursor(block))


def test_outline_lists_the_clauses_and_follows_the_cursor(qtbot, demo_repo):
    editor = _editor(qtbot, demo_repo)
    spec = load_spec(demo_repo.path, SPEC)
    keys = [editor.outline.topLevelItem(i).text(0) for i in range(editor.outline.topLevelItemCount())]
    assert keys == [c.key for c in spec.clauses]
    assert isinstance(editor._highlighter, MarkdownHighlighter)
    target = spec.clauses[4]
    with qtbot.waitSignal(editor.currentClauseChanged) as sig:
        _put_cursor(editor, target.span[1])
    assert sig.args == [target.key]
    assert editor.outline.currentItem().text(0) == target.key
    # Clicking the outline moves the cursor to the clause.
    item = editor.outline.topLevelItem(1)
    qtbot.mouseClick(editor.outline.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.outline.visualItemRect(item).center())
    assert editor.edit.textCursor().blockNumber() + 1 == spec.clauses[1].span[0]


def test_typing_reparses_after_the_debounce(qtbot, demo_repo):
    editor = _editor(qtbot, demo_repo)
    before = len(editor.spec().clauses)
    cursor = editor.edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.edit.setTextCursor(cursor)
    parsed = []
    editor.specParsed.connect(parsed.append)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.edit, "- No retries on weekends either.")
    assert parsed == []  # nothing until the typing pauses
    qtbot.waitUntil(lambda: bool(parsed), timeout=10_000)
    assert len(parsed) == 1  # one parse for the whole burst of keystrokes
    assert len(editor.spec().clauses) == before + 1
    assert editor.spec().clauses[-1].text.startswith("No retries on weekends")
    # Undo takes the typing back out.
    while editor.edit.document().isUndoAvailable():
        editor.edit.undo()
    assert editor.text() == load_spec(demo_repo.path, SPEC).text


def test_parse_problems_are_shown_inline_and_clear_when_fixed(qtbot):
    editor = SpecEditor()
    qtbot.addWidget(editor)
    broken = "title: X\nclauses:\n  - id: R1\n    text: [unclosed\n"
    with qtbot.waitSignal(editor.problemsChanged, timeout=10_000):
        editor.set_text("specs/x.yaml", broken)
    (problem,) = editor.problem_list()
    assert problem.severity == "error" and "YAML" in problem.message
    assert editor.problems.count() == 1 and f"line {problem.line}" in editor.problems.item(0).text()
    assert editor.edit.extraSelections()  # the line is marked in the text itself
    # Fixing the text clears them after the debounce.
    cursor = editor.edit.document().find("[unclosed")
    cursor.insertText("unclosed no more")
    with qtbot.waitSignal(editor.specParsed, timeout=10_000):
        pass
    assert editor.problem_list() == [] and editor.problems.isHidden() and not editor.edit.extraSelections()
    assert [c.key for c in editor.spec().clauses] == ["R1"]


def test_yaml_specs_get_yaml_colours(qtbot):
    editor = SpecEditor()
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.problemsChanged, timeout=10_000):
        editor.set_text("specs/x.yaml", "title: X\nclauses:\n  - id: R1\n    text: It works.\n")
    assert isinstance(editor._highlighter, YamlHighlighter)
    block = editor.edit.document().findBlockByNumber(0)
    colours = {r.format.foreground().color().name() for r in block.layout().formats()}
    assert "#1565c0" in colours  # the key is coloured


def test_find_and_replace_all_is_one_undo_step(qtbot, demo_repo):
    editor = _editor(qtbot, demo_repo)
    original = editor.text()
    n = original.count("gateway")
    assert n >= 3
    editor.find_bar.show_bar(replace=True)
    editor.find_bar.find_text.setText("gateway")
    assert editor.find_bar.find_next()
    assert editor.edit.textCursor().selectedText() == "gateway"
    editor.find_bar.replace_text.setText("processor")
    assert editor.find_bar.replace_all() == n
    assert "gateway" not in editor.text() and editor.text().count("processor") == n + original.count("processor")
    editor.edit.undo()
    assert editor.text() == original
    editor.find_bar.find_text.setText("no such words")
    assert not editor.find_bar.find_next() and editor.find_bar.status.text() == "not found"


def test_save_writes_and_refuses_a_file_changed_on_disk(qtbot, demo_repo):
    editor = _editor(qtbot, demo_repo)
    path = demo_repo.path / SPEC
    cursor = editor.edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("- Saved from the editor.\n")
    assert editor.is_modified()
    editor.save()
    assert path.read_text().endswith("- Saved from the editor.\n") and not editor.is_modified()
    path.write_text(path.read_text() + "- Someone else's line.\n")
    editor.edit.textCursor().insertText("x")
    with pytest.raises(SpecError, match="changed on disk"):
        editor.save()
    assert path.read_text().endswith("- Someone else's line.\n")  # their edit survives
    assert editor.is_modified()  # and ours stays in the editor


def _banded_lines(editor: SpecEditor) -> set[int]:
    """The lines painted with the full-width band (the problems' wavy lines are not)."""
    from PySide6.QtGui import QTextFormat

    return {sel.cursor.blockNumber() + 1 for sel in editor.edit.extraSelections()
            if sel.format.property(QTextFormat.Property.FullWidthSelection) and sel.format.background().color().alpha()}


def test_the_clause_under_review_is_banded_in_the_text(qtbot, demo_repo):
    """Selected in the clause list, a clause was only the caret's line: in task-lens's
    spec the eye had to find "1. The Todo App shall ..." among four numbered criteria."""
    editor = _editor(qtbot, demo_repo)
    spec = load_spec(demo_repo.path, SPEC)
    long = next(c for c in spec.clauses if c.span[1] > c.span[0])  # a clause of several lines
    editor.goto_clause(long.key)
    assert _banded_lines(editor) == set(range(long.span[0], long.span[1] + 1))
    other = next(c for c in spec.clauses if c.key != long.key)
    _put_cursor(editor, other.span[0])  # the caret moves into another clause: the band follows
    assert _banded_lines(editor) == set(range(other.span[0], other.span[1] + 1))


def test_the_outline_names_an_openspec_scenario_by_its_own_name(qtbot, tmp_path):
    # PineSnap's debug console: every outline row read "debug-console#Debug console MUST be a…".
    from support import commit_files, init_repo

    rel = "openspec/changes/add-debug/specs/debug-console/spec.md"
    root = init_repo(tmp_path / "r")
    commit_files(root, {rel: "## ADDED Requirements\n\n### Requirement: Debug console MUST be admin-only\n"
                             "Only admins MAY open it.\n\n#### Scenario: Non-admin user accesses /debug\n"
                             "- **WHEN** a user opens `/debug`\n- **THEN** the system MUST answer 403\n"}, "spec")
    editor = SpecEditor()
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.specParsed, timeout=10_000):
        editor.open_spec(root, rel)
    rows = [(editor.outline.topLevelItem(i).text(0), editor.outline.topLevelItem(i).text(1))
            for i in range(editor.outline.topLevelItemCount())]
    assert rows == [("Debug console MUST be admin-only", "Only admins MAY open it."),
                    ("    Non-admin user accesses /debug", "WHEN a user opens /debug")]
    first = editor.outline.topLevelItem(0)
    assert first.toolTip(0) == "debug-console#Debug console MUST be admin-only"

"""The window's one table of menus and keys binds each item to one typed command of
``DeskActions``: it is built here on a bare window with no desk at all, every item runs
exactly its own command, and the menus and keys are the ones the window always had.
The Navigate menu's hunk and file keys move through the diff (bound by name to the diff
panel before, three of the four did nothing)."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow
from qt_support import open_window, press

from specaudit.ui.shell.desk_actions import DeskActions, UndoHistory
from specaudit.ui.shell.window_actions import build_menus, shortcut_sheet

SK = QKeySequence.StandardKey
ALT = Qt.KeyboardModifier.AltModifier

# (menu, item, keys): the table as it was before it was bound to DeskActions. A
# StandardKey stands for the platform's key for it; ("all", key): every one it has.
TABLE = [
    ("&File", "&Open…", SK.Open), ("&File", "&Reload", SK.Refresh), ("&File", "&Quit", SK.Quit),
    ("&Edit", "&Undo", ("all", SK.Undo)), ("&Edit", "&Redo", ("all", SK.Redo)), ("&Edit", "&Find…", SK.Find),
    ("&Edit", "Filter &Clauses", ("Ctrl+Shift+F",)),
    ("&Review", "Mark Implemented", ("Ctrl+1",)), ("&Review", "Mark Partial", ("Ctrl+2",)),
    ("&Review", "Mark Violated", ("Ctrl+3",)), ("&Review", "Mark N/A", ("Ctrl+4",)),
    ("&Review", "Mark Unreviewed", ("Ctrl+0",)), ("&Review", "Edit &Note…", ("Ctrl+E",)),
    ("&Review", "&Next Unreviewed Clause", ("Ctrl+J", "F8")),
    ("&Review", "&Previous Unreviewed Clause", ("Ctrl+K", "Shift+F8")),
    ("&Review", "&Link Selected Lines", ("Ctrl+L",)), ("&Review", "&Unlink Selected Lines", ("Ctrl+Shift+L",)),
    ("&Review", "&Accept Top Proposal", ("Ctrl+Return",)),
    ("&Review", "&Propose Links for All Clauses", ("Ctrl+Shift+Return",)),
    ("&Review", "Record &Scar…", ("Ctrl+M",)),
    ("&Spec", "&Edit Spec", ("Ctrl+Shift+E",)), ("&Spec", "&Save Spec", SK.Save),
    ("&Spec", "&Tighten from Scar…", ("Ctrl+T",)), ("&Spec", "Tighten from &Verdict…", ("Ctrl+Shift+T",)),
    ("&Spec", "Mark Contra&diction…", ()), ("&Spec", "Review Spec &Changes…", ("Ctrl+Shift+D",)),
    ("&Spec", "&Commit and Push…", ("Ctrl+Shift+K",)), ("&Spec", "Write Regeneration &Brief…", ("Ctrl+Shift+B",)),
    ("&Navigate", "Next &Hunk", ("Alt+Down", "F7")), ("&Navigate", "Previous H&unk", ("Alt+Up", "Shift+F7")),
    ("&Navigate", "Next &File", ("Alt+PgDown",)), ("&Navigate", "Previous F&ile", ("Alt+PgUp",)),
    ("&Navigate", "Go to &Clauses", ("Alt+1",)), ("&Navigate", "Go to &Diff", ("Alt+2",)),
    ("&Navigate", "Go to the Clause and Its &Code", ("Alt+3",)), ("&Navigate", "Go to &Proposals", ("Alt+P",)),
    ("&Navigate", "&Whole Diff / Clause and Code", ("Ctrl+D",)),
    ("&Navigate", "Go to F&indings and Scars", ("Alt+4",)),
    ("&View", "&Side by Side", ("Ctrl+Shift+S",)), ("&View", "&Unified", ("Ctrl+Shift+U",)),
    ("&View", "&Wrap Long Lines", ("Alt+Z",)), ("&View", "Only Changes Since &Verdicts", ("Ctrl+Shift+R",)),
    ("&View", "Spec &Beside Diff", ("Ctrl+Shift+P",)), ("&View", "Light Theme", ()), ("&View", "Dark Theme", ()),
    ("&Help", "&Keyboard Shortcuts", SK.HelpContents), ("&Help", "&About specaudit", ()),
]

# Which command each item runs (the verdicts, modes and themes with their argument).
COMMANDS = [
    "open", "reload", "quit", "undo", "redo", "find", "filter_clauses",
    "verdict:implemented", "verdict:partial", "verdict:violated", "verdict:not-applicable", "verdict:unreviewed", "note",
    "next_unreviewed", "previous_unreviewed", "link", "unlink", "accept_top_proposal", "propose_all", "scar",
    "edit_spec", "save_spec", "tighten_from_scar", "tighten_from_verdict", "mark_contradiction",
    "review_spec_changes", "commit_and_push", "write_brief",
    "next_hunk", "previous_hunk", "next_file", "previous_file", "focus_clauses", "focus_diff", "focus_detail",
    "focus_proposals", "whole_diff", "focus_side_tabs",
    "view_mode:side-by-side", "view_mode:unified", "wrap:True", "since_verdicts:True", "spec_beside:True",
    "theme:light", "theme:dark", "shortcuts", "about",
]


class _Edits(QObject):
    edited = Signal(object)


def _recording(ran: list[str], stack: QUndoStack, edits: _Edits) -> DeskActions:
    def slot(name: str):
        return lambda: ran.append(name)

    def with_argument(name: str):  # a toggle's checked state, or the verdict, mode or theme
        return lambda value: ran.append(f"{name}:{value}")

    values: dict[str, object] = {}
    for f in fields(DeskActions):
        if f.name == "history":
            values[f.name] = UndoHistory(stack, edits.edited, slot("undo"), slot("redo"))
        elif f.name == "wrapping":
            values[f.name] = False
        elif f.name in ("verdict", "view_mode", "theme", "wrap", "since_verdicts", "spec_beside"):
            values[f.name] = with_argument(f.name)
        else:
            values[f.name] = slot(f.name)
    return DeskActions(**values)  # type: ignore[arg-type]


def _keys(keys) -> tuple[str, ...]:
    if isinstance(keys, tuple) and keys[:1] == ("all",):
        keys = QKeySequence.keyBindings(keys[1])
    listed = (keys,) if isinstance(keys, QKeySequence.StandardKey) else keys
    return tuple(k for k in (QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in listed) if k)


def test_every_item_runs_its_own_command_with_no_window_behind_it(qtbot):
    host = QMainWindow()  # a bare window: the table reaches nothing but the commands
    qtbot.addWidget(host)
    ran: list[str] = []
    stack, edits = QUndoStack(host), _Edits(host)
    actions = build_menus(host.menuBar(), host, _recording(ran, stack, edits))

    items = [(m.text(), a) for m in host.menuBar().actions() for a in m.menu().actions() if not a.isSeparator()]
    assert [(menu, a.text(), _keys(a.shortcuts())) for menu, a in items] == \
        [(menu, text, _keys(keys)) for menu, text, keys in TABLE]
    assert len(actions) == len(items)
    undo = actions["undo"]
    assert not undo.isEnabled()  # the undo item follows the history, and each queued edit
    edits.edited.emit(object())
    assert undo.isEnabled()
    actions["redo"].setEnabled(True)
    for _menu, a in items:
        a.trigger()
    assert ran == COMMANDS
    # The F1 sheet lists the same table: every item with a key, in menu order.
    assert shortcut_sheet(host.menuBar()) == [
        (menu.replace("&", ""), text.replace("&", ""), ", ".join(_keys(keys)))
        for menu, text, keys in TABLE if _keys(keys)]


def test_the_navigate_keys_move_through_the_whole_diff(qtbot, demo_repo, tmp_path):
    window = open_window(qtbot, demo_repo)
    window.center_tabs.setCurrentWidget(window.clause_view)
    window.clauses.tree.setFocus()
    diff = window.diff
    qtbot.waitUntil(lambda: diff.current_file() is not None and diff.view.rows is not None, timeout=10000)
    files = diff.files.shown_order()
    assert len(files) >= 2
    diff.files.select_index(files[0])
    qtbot.waitUntil(lambda: diff.current_file() is window.changeset.files[files[0]], timeout=5000)
    hunks = list(diff.view.rows.hunk_rows)
    assert hunks, "the first file has hunks"
    diff.view.set_current(0)

    press(qtbot, window, Qt.Key.Key_Down, ALT)  # Next Hunk: the whole diff comes to the front
    assert window.center_tabs.currentWidget() is diff
    assert diff.view.current == hunks[0]
    if len(hunks) > 1:
        press(qtbot, window, Qt.Key.Key_F7)
        assert diff.view.current == hunks[1]
        press(qtbot, window, Qt.Key.Key_Up, ALT)  # Previous Hunk
        assert diff.view.current == hunks[0]
    press(qtbot, window, Qt.Key.Key_PageDown, ALT)  # Next File
    qtbot.waitUntil(lambda: diff.current_file() is window.changeset.files[files[1]], timeout=5000)
    press(qtbot, window, Qt.Key.Key_PageUp, ALT)  # Previous File
    qtbot.waitUntil(lambda: diff.current_file() is window.changeset.files[files[0]], timeout=5000)
    window.grab().save(str(tmp_path / "navigate.png"))

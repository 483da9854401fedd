"""The note and scar dialogs from the keyboard (QTest key events on the real dialogs):
Tab moves between fields, Ctrl+Return saves, an Alt+letter never types its letter; the
proposal list and the shortcut sheet are a key away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from qt_support import on_modal, open_window, press

from specaudit.ui.review.note_dialog import NoteDialog, ask_note
from specaudit.ui.scars.scar_dialog import ScarDialog
from specaudit.ui.shell.shortcut_sheet import ShortcutSheet
from specaudit.ui.shell.window_actions import shortcut_sheet

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def _shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def _focus() -> object:
    return QApplication.focusWidget()


def test_note_dialog_tab_moves_on_alt_never_types_ctrl_return_saves(qtbot, tmp_path):
    dialog = _shown(qtbot, NoteDialog("FR-006", "System MUST validate todo input", "Checks trim()"))
    assert _focus() is dialog.text
    qtbot.keyClicks(dialog.text, " but not NBSP")
    qtbot.keyClick(_focus(), Qt.Key.Key_O, ALT)  # no button is Alt+O: nothing happens
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)  # to the buttons, not a tab character
    assert dialog.note() == "Checks trim() but not NBSP"
    assert _focus() is not dialog.text
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab, SHIFT)
    assert _focus() is dialog.text
    dialog.grab().save(str(tmp_path / "note-dialog.png"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted


def _on_note_dialog(qtbot, act) -> None:
    """``act`` on the next note dialog, active as a desktop makes it; a dialog ``act`` left
    open is cancelled, so a key that failed fails the test instead of hanging it."""

    def active(dialog) -> bool:
        # Asked again while waiting: under a loaded CI run one request was once not
        # honoured within 5 s (the window of the test before still held activation).
        if not dialog.isActiveWindow():
            dialog.activateWindow()
        return dialog.isActiveWindow()

    def run(dialog):
        dialog.activateWindow()
        qtbot.waitUntil(lambda: active(dialog), timeout=10000)
        act(dialog)
        if dialog.isVisible():
            dialog.reject()

    on_modal(run, NoteDialog)


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Return, CTRL), (Qt.Key.Key_Enter, CTRL | KEYPAD)])
def test_ask_note_returns_the_text_on_ctrl_return_and_none_on_escape(qtbot, keys):
    def type_and_save(dialog):
        qtbot.keyClicks(dialog.text, "Edge cases untested")
        qtbot.keyClick(dialog.text, *keys)

    _on_note_dialog(qtbot, type_and_save)
    assert ask_note(None, "FR-006", None, "System MUST validate") == "Edge cases untested"
    _on_note_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.text, Qt.Key.Key_Escape))
    assert ask_note(None, "FR-006", "kept") is None


def test_scar_dialog_from_the_keyboard(qtbot, tmp_path):
    clauses = [("FR-006", "**FR-006**: System MUST validate todo input"), ("FR-006a", "FR-006a: at most 500")]
    dialog = _shown(qtbot, ScarDialog("services/todo_service.go:50–55 (new)", clauses, None))
    assert _focus() is dialog.title
    qtbot.keyClicks(dialog.title, "Trimmed before validation")
    qtbot.keyClick(_focus(), Qt.Key.Key_O, ALT)
    assert dialog.title.text() == "Trimmed before validation"  # Alt+O typed nothing
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    assert _focus() is dialog.why
    qtbot.keyClicks(dialog.why, "Clients send NBSP padding; the raw check rejected real titles.")
    qtbot.keyClick(_focus(), Qt.Key.Key_O, ALT)
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)  # moves on: the story keeps no tab character
    assert dialog.why.toPlainText() == "Clients send NBSP padding; the raw check rejected real titles."
    assert _focus() is dialog.incident
    # The clause list shows each title once, without the key it repeats.
    assert dialog.clause.itemText(1) == "FR-006  System MUST validate todo input"
    dialog.grab().save(str(tmp_path / "scar-dialog.png"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return, CTRL)
    assert dialog.values()["why"].endswith("real titles.")


def test_ctrl_return_on_an_incomplete_scar_keeps_the_dialog_open(qtbot):
    dialog = _shown(qtbot, ScarDialog("a.go:1–2 (new)", [], None))
    qtbot.keyClicks(dialog.title, "No story yet")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "story" in dialog.error.text() and _focus() is dialog.why


def test_alt_p_goes_to_the_proposals(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=30000)
    window.clauses.select(demo_repo.spec, "behavior-2")
    window.center_tabs.setCurrentWidget(window.diff_split)
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_P, ALT)
    assert window.center_tabs.currentWidget() is window.clause_view
    assert _focus() is window.suggestions.tree
    if window.suggestions.proposals():
        assert window.suggestions.tree.currentItem() is window.suggestions.tree.topLevelItem(0)
    assert any(a == "Go to Proposals" and k == "Alt+P" for _m, a, k in shortcut_sheet(window.menuBar()))


def test_the_shortcut_sheet_scrolls_within_the_screen(qtbot, demo_repo, tmp_path):
    window = open_window(qtbot, demo_repo)
    rows = shortcut_sheet(window.menuBar())
    seen = {}

    def look(sheet):
        seen["rows"] = sheet.table.rowCount()
        seen["height"] = sheet.frameGeometry().height()
        seen["scrolls"] = sheet.table.verticalScrollBar().maximum() > 0
        sheet.grab().save(str(tmp_path / "shortcut-sheet.png"))
        qtbot.keyClicks(sheet.filter, "proposal")
        seen["filtered"] = [sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())
                            if not sheet.table.isRowHidden(r)]
        qtbot.keyClick(sheet.filter, Qt.Key.Key_Escape)

    def look_then_close(sheet):
        look(sheet)
        if sheet.isVisible():
            sheet.reject()

    on_modal(look_then_close, ShortcutSheet)
    press(qtbot, window, Qt.Key.Key_F1)
    screen = window.screen().availableGeometry().height()
    assert seen["rows"] == len(rows) > 30
    assert seen["height"] <= screen  # the message box it replaces was 998 px tall
    assert seen["scrolls"]  # this screen (800 px) is too short for every row: the table scrolls
    assert "Go to Proposals" in seen["filtered"] and "Accept Top Proposal" in seen["filtered"]



def test_note_dialog_names_the_clause_once(qtbot):
    """Spec Kit titles start with their key ("FR-006: System MUST…"): the note's heading
    reads "FR-006: System MUST…", as the clause list does, not "FR-006: FR-006: …"."""
    dialog = _shown(qtbot, NoteDialog("FR-006", "**FR-006**: System MUST validate todo input", None))
    heading = dialog.findChildren(QLabel)[0]
    assert heading.text() == "FR-006: System MUST validate todo input"


def test_an_openspec_clause_in_the_scar_dialog_is_its_requirement_and_scenario(qtbot):
    """The clause list offered 'capability#Requirement/Scenario  Scenario' and the dialog
    grew to 1,320 px for it; now 'Requirement / Scenario', the key in the tooltip, and the
    dialog as wide as for a Spec Kit spec."""
    key = "category-breakdown-visualization#Category Spending Aggregation/Handle month with no expenses"
    dialog = _shown(qtbot, ScarDialog("stats.py:10–20 (new)", [(key, "Handle month with no expenses")], key))
    assert dialog.clause.currentText() == "Category Spending Aggregation / Handle month with no expenses"
    assert dialog.clause.currentData() == key
    assert dialog.clause.itemData(dialog.clause.currentIndex(), Qt.ItemDataRole.ToolTipRole) == key
    assert dialog.sizeHint().width() < 800

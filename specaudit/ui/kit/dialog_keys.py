"""Keyboard behaviour for the window's small writing dialogs (note, scar): Tab and
Shift+Tab move between fields (never a tab character in the text), Ctrl+Return (or
Ctrl+Enter) saves, and an Alt+letter is a mnemonic or nothing: it never types its
letter into a field (Qt's text fields insert the letter of an Alt+key that no button
claims, so Alt+O typed "o" where a reviewer meant OK)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit, QTextEdit

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class _NoAltLetters(QObject):
    """Eats Alt+key presses (without Ctrl: AltGr arrives as Ctrl+Alt on some systems and
    must still type its character) before a text field inserts their letter."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.AltModifier and not mods & Qt.KeyboardModifier.ControlModifier \
                    and event.text():
                return True
        return False


def writing_keys(dialog: QDialog, save: Callable[[], None]) -> None:
    """Give ``dialog`` (built, with its fields) the keys above; ``save`` is what its Save
    button does (it may refuse and keep the dialog open)."""
    guard = _NoAltLetters(dialog)
    for field in dialog.findChildren(QPlainTextEdit) + dialog.findChildren(QTextEdit):
        field.setTabChangesFocus(True)
        field.installEventFilter(guard)
    for line in dialog.findChildren(QLineEdit):
        line.installEventFilter(guard)
    for keys in SAVE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(save)

"""Untrusted text (specs, code, paths, branch names, scar stories, error messages that
quote them) shown in places Qt would otherwise sniff for rich text. A QLabel or a
QMessageBox whose text looks like HTML is drawn as HTML (fonts, colours, hidden text,
and an <img> would be loaded); these helpers keep such text plain. A tooltip is always
rich text, so it is escaped and wrapped in a pre-wrap block instead.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>" if text else ""


def label(parent: QWidget | None, text: str = "") -> QLabel:
    """A QLabel that always shows its text as text."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


def message(parent: QWidget | None, title: str, text: str, *,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
    """A modal message (warning by default) whose text is never read as HTML."""
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, buttons: QMessageBox.StandardButton,
        default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    """A modal question whose text is never read as HTML; the button pressed."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    box.exec()
    return box.standardButton(box.clickedButton()) if box.clickedButton() is not None \
        else QMessageBox.StandardButton.Cancel


def choose(parent: QWidget | None, title: str, text: str, items: list[str]) -> str | None:
    """One of ``items`` picked in a modal list (None: cancelled); the question ``text``
    (it may quote a clause key) is never read as HTML, nor are the items."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setLabelText(text)
    for shown in dialog.findChildren(QLabel):
        shown.setTextFormat(Qt.TextFormat.PlainText)
    return dialog.textValue() if dialog.exec() else None

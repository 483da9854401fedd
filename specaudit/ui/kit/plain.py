"""Untrusted text (specs, code, paths, branch names, scar stories, error messages that
quote them) shown in places Qt would otherwise sniff for rich text. A QLabel or a
QMessageBox whose text looks like HTML is drawn as HTML (fonts, colours, hidden text,
and an <img> would be loaded); these helpers keep such text plain. A tooltip is always
rich text, so it is escaped and wrapped in a pre-wrap block instead.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from specaudit.core.model import shown_text


def tooltip(text: str) -> str:
    return f"<p style='white-space:pre-wrap'>{escape(shown_text(text))}</p>" if text else ""


def label(parent: QWidget | None, text: str = "") -> QLabel:
    """A QLabel that always shows its text as text (a spec's byte that is not UTF-8 as
    U+FFFD: Qt would drop it unseen)."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(shown_text(text))
    return widget


class ElidedLabel(QLabel):
    """One line of plain text that never widens the window: drawn elided in the middle
    when narrower than the text (a repository path keeps its end; a sentence passes
    ``elide=ElideRight`` to keep its start), the whole text in the tooltip and in
    ``text()``. A QLabel's minimum width is its text's, which held the main window wider
    than half a 1920 px screen."""

    def __init__(self, parent: QWidget | None = None, text: str = "",
                 elide: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle):
        super().__init__(parent)
        self._elide = elide
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(shown_text(text))
        self.setToolTip(tooltip(text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().horizontalAdvance("\u2026") * 4, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """What fits: the text, elided where ``elide`` says."""
        return self.fontMetrics().elidedText(self.text(), self._elide, self.contentsRect().width())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())
        painter.end()


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


def whole_line(parent: QWidget, text: str) -> None:
    """A long line, whole, in a read-only box (the code views show it cut)."""
    dlg = QDialog(parent)
    dlg.setWindowTitle(f"Whole line ({len(text)} characters)")
    box = QPlainTextEdit(dlg)
    box.setReadOnly(True)
    box.setFont(QFont(parent.font()))
    box.setPlainText(text)
    lay = QVBoxLayout(dlg)
    lay.addWidget(box)
    dlg.resize(800, 400)
    dlg.show()

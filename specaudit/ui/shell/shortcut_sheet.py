"""The keyboard shortcut sheet (F1): every action with a key, from the window's one
table of actions (``window_actions.shortcut_sheet`` of its menu bar), in a table that
scrolls within the screen (a message box grew to 998 px on a 720 px screen) and filters
as you type."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SCREEN_SHARE = 0.85  # of the available screen height, at most


class ShortcutSheet(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget):
        """``rows``: (menu, action, keys), as ``window_actions.shortcut_sheet`` lists them."""
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter shortcuts…")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)  # plain text, whatever the action's name
                if c == 2:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self._fit(parent)

    def _fit(self, window: QWidget) -> None:
        """As tall as the rows need, within the screen; as wide as the columns."""
        screen = window.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        table = self.table
        rows_h = sum(table.rowHeight(r) for r in range(table.rowCount())) + table.horizontalHeader().height()
        chrome = self.sizeHint().height() - table.sizeHint().height()
        height = min(int(area.height() * SCREEN_SHARE), rows_h + chrome + 2 * table.frameWidth())
        width = sum(table.columnWidth(c) for c in range(3)) + table.verticalScrollBar().sizeHint().width() + 60
        self.resize(min(width, area.width() - 40), height)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for r in range(self.table.rowCount()):
            cells = " ".join(item.text() for c in range(3) if (item := self.table.item(r, c))).casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in cells)

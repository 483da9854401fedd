"""The change overview strip: where the changes are in the whole file, and where the
viewport is. The strip is rendered once per model and height into an image, so a
million-row file costs one pass, not one per paint."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from specaudit.core.diff.rows import CHANGE, DELETE, INSERT, RowModel
from specaudit.ui.diff.colors import colors_for


class OverviewStrip(QWidget):
    rowClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: RowModel | None = None
        self.window_rows = (0, 0)
        self._image: QImage | None = None
        self.setFixedWidth(14)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(14, 100)

    def set_rows(self, rows: RowModel | None) -> None:
        self.rows = rows
        self._image = None
        self.update()

    def set_window(self, first: int, count: int) -> None:
        self.window_rows = (first, count)
        self.update()

    def bucket_kinds(self, height: int) -> list[int]:
        """Per pixel row: 0 nothing, 1 deletion, 2 insertion, 3 change."""
        rows = self.rows
        out = [0] * max(1, height)
        if rows is None or not len(rows):
            return out
        n = len(rows)
        kinds = rows.kind
        for r in range(n):
            k = kinds[r]
            if k in (CHANGE, DELETE, INSERT):
                y = r * height // n
                out[y] |= 3 if k == CHANGE else (1 if k == DELETE else 2)
        return out

    def _render(self) -> QImage:
        h = max(1, self.height())
        img = QImage(self.width(), h, QImage.Format.Format_ARGB32_Premultiplied)
        col = colors_for(self.palette())
        img.fill(col.gutter)
        p = QPainter(img)
        colours = {1: col.deleted_strong, 2: col.added_strong, 3: col.markers["link"]}
        for y, k in enumerate(self.bucket_kinds(h)):
            if k:
                p.fillRect(QRect(2, y, self.width() - 4, 1), colours[k])
        p.end()
        return img

    def paintEvent(self, event) -> None:
        if self._image is None or self._image.height() != max(1, self.height()):
            self._image = self._render()
        p = QPainter(self)
        p.drawImage(0, 0, self._image)
        if self.rows is not None and len(self.rows):
            n = len(self.rows)
            first, count = self.window_rows
            y0 = first * self.height() // n
            y1 = max(y0 + 3, (first + count) * self.height() // n)
            p.setPen(colors_for(self.palette()).dim)
            p.drawRect(QRect(0, y0, self.width() - 1, y1 - y0))

    def resizeEvent(self, event) -> None:
        self._image = None
        super().resizeEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.rows is not None and len(self.rows) and self.height():
            self.rowClicked.emit(int(event.position().y()) * len(self.rows) // self.height())

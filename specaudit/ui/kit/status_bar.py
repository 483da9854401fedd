"""The main window's status bar: a message longer than the room left of the permanent
widgets is cut with "…" (QStatusBar clips it against them mid-letter: "to the last tNo
verdicts yet"), cut again when the window is resized, the whole text in the tooltip and
in ``currentMessage()``."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar, QWidget

from specaudit.ui.kit.plain import tooltip

GAP = 24  # px between the message's "…" and the first permanent widget


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._full = ""
        self._shown = ""  # what the bar shows of it (a menu's status tip, set by Qt itself, is not ours)
        self._until = 0.0  # when the message goes (time.monotonic()), 0 for never
        self.messageChanged.connect(self._cleared)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:  # noqa: N802 - Qt override
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 - Qt override
        self._full = text
        timeout = timeout or 0
        self._until = time.monotonic() + timeout / 1000 if timeout > 0 else 0.0
        self._show(timeout)

    def currentMessage(self) -> str:  # noqa: N802 - Qt override
        shown = super().currentMessage()
        return self._full if shown and shown == self._shown else shown

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._full and super().currentMessage() == self._shown:  # said before the window had its size: cut it again
            left = round((self._until - time.monotonic()) * 1000) if self._until else 0
            if not self._until or left > 0:
                self._show(left)

    def _show(self, timeout: int) -> None:
        # Before the window shows, no widget is visible and none has its width yet: what is
        # not hidden takes at least its size hint.
        taken = sum(max(w.width(), w.sizeHint().width()) for w in self._permanent if not w.isHidden())
        room = self.width() - taken - GAP
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room) if room > 0 else self._full
        self.setToolTip(tooltip(self._full) if shown != self._full else "")
        self._shown = shown
        super().showMessage(shown, timeout)

    def _cleared(self, text: str) -> None:
        if not text:  # the timeout ran out, or clearMessage()
            self._full = self._shown = ""
            self.setToolTip("")

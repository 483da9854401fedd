"""Where the main window opens: on first start it fills the screen's available area (a
fixed 1280x720 put the status bar below the bottom of a 1280x720 screen, under the
title bar and the taskbar); afterwards where the user left it, which Qt's
``restoreGeometry`` brings inside the screen it opens on now (a window saved on a
bigger or a now-absent monitor comes back whole)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget


def place(window: QWidget, saved: QByteArray | bytes | None) -> None:
    """Restore ``saved`` (``saveGeometry()``), else fill the available screen area."""
    if saved and window.restoreGeometry(QByteArray(saved)):
        return
    area = _area(window)
    # The window manager's frame is unknown until the window is shown: leave a title
    # bar's height, then correct by the real frame once shown (_FitOnShow).
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    window.setGeometry(area.adjusted(0, title, 0, 0))
    window.installEventFilter(_FitOnShow(window, window.geometry()))


def _area(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit(window: QWidget) -> None:
    """Shrink and move ``window`` so its frame (title bar included) lies inside the
    available area; a window that fits is left as it is."""
    area, frame = _area(window), window.frameGeometry()
    if area.contains(frame):
        return
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    w, h = min(frame.width(), area.width()), min(frame.height(), area.height())
    x = min(max(frame.x(), area.x()), area.right() + 1 - w)
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - h)
    window.resize(w - extra_w, h - extra_h)
    window.move(x, y)


class _FitOnShow(QObject):
    """Once, after the first show: the frame is known, so correct the first-start guess
    (unless the window was sized on purpose since)."""

    def __init__(self, window: QWidget, guess: QRect):
        super().__init__(window)
        self._guess = guess

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget):
            obj.removeEventFilter(self)
            if obj.geometry() == self._guess:
                QTimer.singleShot(0, lambda: fit(obj))
        return False

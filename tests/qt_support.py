"""Helpers for the pytest-qt tests: open the window on a demo, press keys as a user would,
and act on a modal dialog once it is up (importable as ``qt_support``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from specaudit.app.workspace.session import open_session
from specaudit.ui.shell.main_window import MainWindow


def open_window(qtbot, demo_repo, range: str | None = None) -> MainWindow:  # noqa: A002 - the CLI's name
    """The main window on the demo (or on ``range`` of it), after the diff and check loaded."""
    window = MainWindow(open_session(demo_repo.path, spec=demo_repo.spec, range=range or demo_repo.range))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    window.activateWindow()
    return window


def press(qtbot, window: QWidget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the focus is, in an active window."""
    # The offscreen platform has no window manager to re-activate the window after a
    # dialog closes; a desktop does, and window shortcuts need an active window.
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def on_modal(act, kind: type | None = None) -> None:
    """Run ``act(dialog)`` on the next modal dialog (of ``kind``, if given) once it is up:
    the code under test blocks in ``exec()`` until then."""

    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None or (kind is not None and not isinstance(dialog, kind)):
            QTimer.singleShot(30, attempt)
            return
        act(dialog)

    QTimer.singleShot(0, attempt)


def settle_writes(qtbot, window: MainWindow) -> None:
    """Wait until every queued audit write reached the disk and its reload was shown."""
    window.controller.writer.flush()
    qtbot.waitUntil(lambda: window.controller.writer.pending() == 0, timeout=10000)
    qtbot.waitUntil(lambda: not any(c.startswith("audit:") for c in window.tasks._current), timeout=10000)


def open_on_clause(qtbot, demo_repo, key: str) -> MainWindow:
    """The window on the demo with clause ``key`` current and the clause list focused,
    as a reviewer is before a verdict key."""
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, key)
    window.clauses.tree.setFocus()
    return window

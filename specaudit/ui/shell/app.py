"""Start the Qt application on an opened session."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from specaudit.resources_path import resource

if TYPE_CHECKING:  # the session is opened lazily, after Qt starts
    from specaudit.app.workspace.session import Session

SCREENSHOT_SIZE = (1280, 720)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
GIL_SWITCH_INTERVAL_S = 0.001


def make_application() -> QApplication:
    # Background jobs (diff, check, suggestions) are Python threads sharing the GIL; a
    # shorter switch interval than the default 5 ms lets the GUI thread get it back
    # sooner, so painting never queues behind a busy worker for long.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("specaudit")
    QCoreApplication.setApplicationName("specaudit")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """Every rendered size, so the taskbar's small icon is crisp rather than a scaled SVG."""
    icon = QIcon()
    for n in ICON_SIZES:
        png = resource("icons", "hicolor", f"{n}x{n}", "apps", "specaudit.png")
        if png.exists():
            icon.addFile(str(png))
    if icon.isNull():
        icon.addFile(str(resource("icons", "specaudit.svg")))
    return icon


def restore_last_session():
    """The most recent session, reopened as it was; None if there is none or it no longer
    opens (a deleted repository, a vanished range): the chooser then takes over."""
    from specaudit.app.workspace.session import open_session
    from specaudit.core.errors import SpecauditError
    from specaudit.ui.shell import recent

    for entry in recent.load_recent()[:1]:
        try:
            return open_session(entry["repo"], spec=entry.get("spec"), range=entry.get("range"),
                                patch=entry.get("patch"))
        except SpecauditError:
            return None
    return None


def choose_session(start: str):
    """The open dialog, until the user opens something that works (the dialog says why one
    does not, keeping what was typed) or cancels (None)."""
    from specaudit.ui.shell.open_dialog import OpenDialog

    dialog = OpenDialog(start)
    dialog.setWindowTitle("specaudit — Open a Review")
    return dialog.session if dialog.exec() else None


def run_app(session: Session | None, screenshot: str | None = None) -> int:
    from specaudit.core.escape import terminal_safe
    from specaudit.ui.shell.main_window import MainWindow, save_screenshot

    app = make_application()
    if session is None:
        session = restore_last_session() or choose_session(str(Path.home()))
        if session is None:
            return 0
    window = MainWindow(session)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)  # reproducible pictures, whatever layout was saved
    window.show()
    if screenshot:
        outcome = {"code": 0}

        def capture() -> None:
            app.processEvents()
            if not save_screenshot(window, screenshot):
                sys.stderr.write(terminal_safe(f"specaudit: error: cannot write screenshot {screenshot}") + "\n")
                outcome["code"] = 2
            elif window.load_errors:
                sys.stderr.write(terminal_safe(f"specaudit: error: {window.load_errors[0]}") + "\n")
                outcome["code"] = 2
            window.close()
            app.quit()

        window.loaded.connect(lambda: QTimer.singleShot(100, capture))
    code = app.exec()
    return outcome["code"] if screenshot else code

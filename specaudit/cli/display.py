"""Decide, before Qt starts, whether a window can be shown at all.

Qt aborts the process (exit 134, a multi-line message) when its platform plugin cannot
load. On Linux the usual cause is a missing X11 library of Qt's xcb plugin, so they are
checked first and the user is told exactly which packages to install.
"""

from __future__ import annotations

import ctypes
import os
import sys

from specaudit.core.errors import UsageError

# Libraries Qt's xcb platform plugin loads (Qt >= 6.5), with their Debian/Ubuntu packages.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_xcb_libraries() -> list[str]:
    missing = []
    for soname in XCB_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return sys.platform.startswith("linux") and bool(os.environ.get("DISPLAY")) \
        and not os.environ.get("WAYLAND_DISPLAY")


def ensure_display(offscreen_ok: bool) -> None:
    if sys.platform in ("win32", "darwin"):
        return
    if not (os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if offscreen_ok:
            # A screenshot needs no screen: render offscreen.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            return
        raise UsageError("no display available (set DISPLAY, or QT_QPA_PLATFORM=offscreen, or use --no-gui)")
    if _uses_xcb():
        missing = missing_xcb_libraries()
        if missing:
            packages = " ".join(XCB_LIBRARIES[m] for m in missing)
            raise UsageError(f"Qt's X11 platform needs {', '.join(missing)} (Debian/Ubuntu: "
                             f"sudo apt install {packages}); or use QT_QPA_PLATFORM=offscreen --screenshot PNG")

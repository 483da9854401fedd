"""Decide, before Qt starts, whether a window can be shown at all."""

from __future__ import annotations

import os
import sys

from specaudit.core.errors import UsageError


def ensure_display(offscreen_ok: bool) -> None:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    if offscreen_ok:
        # A screenshot needs no screen: render offscreen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return
    raise UsageError("no display available (set DISPLAY, or QT_QPA_PLATFORM=offscreen, or use --no-gui)")

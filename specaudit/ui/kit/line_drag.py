"""Dragging selected diff lines onto a clause links them: the payload both ends agree on."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

MIME_TYPE = "application/x-specaudit-lines"


def lines_mime(path: str, side: str, first: int, last: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps({"path": path, "side": side, "first": first, "last": last}).encode())
    mime.setText(f"{path}:{first}-{last}")  # dropping into a text field gives the location
    return mime


def lines_from_mime(mime: QMimeData) -> tuple[str, str, int, int] | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        d = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return str(d["path"]), str(d["side"]), int(d["first"]), int(d["last"])
    except (ValueError, KeyError, TypeError):
        return None

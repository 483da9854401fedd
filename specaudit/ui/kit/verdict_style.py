"""How verdicts look: one place for labels, colours and keyboard keys."""

from __future__ import annotations

from PySide6.QtGui import QColor

from specaudit.core.audit import IMPLEMENTED, NOT_APPLICABLE, PARTIAL, UNREVIEWED, VIOLATED

LABELS = {
    IMPLEMENTED: "Implemented",
    PARTIAL: "Partial",
    VIOLATED: "Violated",
    NOT_APPLICABLE: "N/A",
    UNREVIEWED: "Unreviewed",
}

# Shortcut per verdict (Review menu): Ctrl+digit so plain digits stay free for typing in filters.
SHORTCUTS = {
    IMPLEMENTED: "Ctrl+1",
    PARTIAL: "Ctrl+2",
    VIOLATED: "Ctrl+3",
    NOT_APPLICABLE: "Ctrl+4",
    UNREVIEWED: "Ctrl+0",
}

_COLORS = {
    IMPLEMENTED: "#2e7d32",
    PARTIAL: "#b26a00",
    VIOLATED: "#c62828",
    NOT_APPLICABLE: "#607d8b",
    UNREVIEWED: "#757575",
}


def color(verdict: str) -> QColor:
    return QColor(_COLORS.get(verdict, "#757575"))

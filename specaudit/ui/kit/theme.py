"""Light and dark palettes on the Fusion style, so both look the same on every platform."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from specaudit.resources_path import resource

THEMES = ("light", "dark")


def apply_theme(app: QApplication, name: str) -> None:
    app.setStyle("Fusion")
    if name == "dark":
        p = QPalette()
        base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
        p.setColor(QPalette.ColorRole.Window, window)
        p.setColor(QPalette.ColorRole.WindowText, text)
        p.setColor(QPalette.ColorRole.Base, base)
        p.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282b"))
        p.setColor(QPalette.ColorRole.Text, text)
        p.setColor(QPalette.ColorRole.Button, window)
        p.setColor(QPalette.ColorRole.ButtonText, text)
        p.setColor(QPalette.ColorRole.ToolTipBase, window)
        p.setColor(QPalette.ColorRole.ToolTipText, text)
        p.setColor(QPalette.ColorRole.Highlight, QColor("#2f65ca"))
        p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8c8f94"))
        p.setColor(QPalette.ColorRole.Link, QColor("#6ea8fe"))
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
            p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f737a"))
        app.setPalette(p)
        app.setStyleSheet(_dark_indicators())
    else:
        app.setPalette(app.style().standardPalette())
        app.setStyleSheet("")
    app.setProperty("specauditTheme", name)


def _dark_indicators() -> str:
    """Fusion draws check-box frames in a shade of the window colour, which vanishes on a
    dark base; give them a visible outline and a filled, ticked checked state."""
    tick = resource("icons", "check-light.svg").as_posix()
    return (
        "QTreeView::indicator, QCheckBox::indicator {"
        " width: 12px; height: 12px; border: 1px solid #8c8f94; border-radius: 2px; background: #1e1f22; }"
        "QTreeView::indicator:checked, QCheckBox::indicator:checked {"
        f" background: #2f65ca; border-color: #2f65ca; image: url({tick}); }}"
    )

"""Diff colours for light and dark palettes, picked from the widget's own palette."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class DiffColors:
    base: QColor
    text: QColor
    dim: QColor  # line numbers, hunk headers
    gutter: QColor
    hunk: QColor
    filler: QColor
    deleted: QColor
    added: QColor
    deleted_strong: QColor  # intra-line
    added_strong: QColor
    ws_only: QColor
    selection: QColor
    current: QColor
    find: QColor
    markers: dict
    syntax: dict


LIGHT_SYNTAX = {
    "Keyword": "#0033b3", "Name.Function": "#00627a", "Name.Class": "#000000", "Name.Builtin": "#0033b3",
    "Name.Decorator": "#9e880d", "String": "#067d17", "Comment": "#8c8c8c", "Number": "#1750eb",
    "Operator": "#000000", "Name.Tag": "#0033b3", "Name.Attribute": "#174ad4", "Literal": "#1750eb",
}
DARK_SYNTAX = {
    "Keyword": "#cf8e6d", "Name.Function": "#56a8f5", "Name.Class": "#e0e0e0", "Name.Builtin": "#8888c6",
    "Name.Decorator": "#b3ae60", "String": "#6aab73", "Comment": "#7a7e85", "Number": "#2aacb8",
    "Operator": "#bcbec4", "Name.Tag": "#d5b778", "Name.Attribute": "#bababa", "Literal": "#2aacb8",
}
MARKERS_LIGHT = {"link": "#2f65ca", "scar": "#c77d00", "scar-overwritten": "#d0021b"}
MARKERS_DARK = {"link": "#6ea8fe", "scar": "#e0a040", "scar-overwritten": "#ff5a5f"}


def colors_for(palette: QPalette) -> DiffColors:
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    c = QColor
    if dark:
        return DiffColors(
            base=base, text=palette.color(QPalette.ColorRole.Text), dim=c("#7a7e85"), gutter=c("#26282b"),
            hunk=c("#2c3440"), filler=c("#25272a"), deleted=c("#4a2628"), added=c("#233a2a"),
            deleted_strong=c("#7a2f33"), added_strong=c("#2f6b3c"), ws_only=c("#2d2f33"),
            selection=c(47, 101, 202, 90), current=c(255, 255, 255, 18), find=c("#6b5a1e"),
            markers={k: c(v) for k, v in MARKERS_DARK.items()},
            syntax={k: c(v) for k, v in DARK_SYNTAX.items()},
        )
    return DiffColors(
        base=base, text=palette.color(QPalette.ColorRole.Text), dim=c("#8c8c8c"), gutter=c("#f4f4f4"),
        hunk=c("#eaf2fb"), filler=c("#f0f0f0"), deleted=c("#ffebe9"), added=c("#e6ffec"),
        deleted_strong=c("#ffb3ad"), added_strong=c("#9ff0b3"), ws_only=c("#f7f7f2"),
        selection=c(47, 101, 202, 60), current=c(0, 0, 0, 12), find=c("#fff2a8"),
        markers={k: c(v) for k, v in MARKERS_LIGHT.items()},
        syntax={k: c(v) for k, v in LIGHT_SYNTAX.items()},
    )

"""The window's remembered layout: geometry, splitter positions, the centre tab, the
spec beside the diff, the theme; and the first-show widths when nothing is remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from specaudit.settings import LIMITS


class WindowLayout:
    def __init__(self, window: QMainWindow, settings: QSettings, splitters: tuple[QSplitter, ...],
                 main: QSplitter, files: QSplitter):
        self.window, self.settings, self.splitters = window, settings, splitters
        self.main, self.files = main, files
        self.sized = False  # default widths are set at first show, from the window's width

    def restore(self, tabs: QTabWidget, pages: dict[str, QWidget]) -> tuple[bool, str]:
        """Put back what was remembered (the geometry: ui/window_geometry.place); returns
        (spec beside the diff, theme name)."""
        for splitter in self.splitters:
            state = self.settings.value(f"window/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)  # type: ignore[arg-type]
                splitter.setProperty("restored", True)  # a panel's own first-show widths yield to these
                self.sized = self.sized or splitter in (self.main, self.files)
        tab = self.settings.value("view/centerTab")
        if isinstance(tab, str) and tab in pages:  # the spec editor tab opens only on request
            tabs.setCurrentWidget(pages[tab])
        beside = self.settings.value("view/specBeside", False) in (True, "true")
        theme = self.settings.value("view/theme", "light")
        return beside, theme if isinstance(theme, str) else "light"

    def first_show(self) -> None:
        """No remembered layout: the clause list gets a fifth, the code the rest."""
        if self.sized:
            return
        self.sized = True
        width = self.window.width()
        left = min(LIMITS.clause_list_max_px, max(LIMITS.clause_list_min_px, width // 5))
        left = min(left, width * 3 // 8)  # a narrow (tiled) window: the clause and its code keep the rest
        self.main.setSizes([left, width - left])
        files = min(LIMITS.file_list_max_px, max(LIMITS.file_list_min_px, width // 6))
        self.files.setSizes([files, width - left - files])

    def save(self, center_tab: str) -> None:
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        for splitter in self.splitters:
            self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.setValue("view/centerTab", center_tab)


def tab_widget(parent: QWidget, name: str, *pages: tuple[QWidget, str]) -> QTabWidget:
    tabs = QTabWidget(parent)
    tabs.setAccessibleName(name)
    for widget, title in pages:
        tabs.addTab(widget, title)
    return tabs


def splitter(parent: QWidget, name: str, orientation: Qt.Orientation, *widgets: QWidget) -> QSplitter:
    """A splitter whose position is remembered under ``name``."""
    split = QSplitter(orientation, parent)
    split.setObjectName(name)
    for widget in widgets:
        split.addWidget(widget)
    return split

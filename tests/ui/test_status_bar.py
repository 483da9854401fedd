"""A long status message is cut with "…" before the permanent widgets (QStatusBar clipped
it against them mid-letter: "to the last tNo verdicts yet"), also when said before the
window had its size, and the whole text stays readable."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar

from specaudit.ui.kit.status_bar import GAP, ElidingStatusBar

LONG = ("this spec's work is ae1d99bc249d..e84e20a8c598, open --range ae1d99bc249d..e84e20a8c598 to review it: "
        "the 2 commits since specs/001-ai-native-portfolio/spec.md was written, to the last that changed code")


def test_a_long_message_said_before_the_window_shows_is_cut_before_the_permanent_widgets(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = ElidingStatusBar(window)
    window.setStatusBar(bar)
    verdicts = QLabel("No verdicts yet")
    bar.addPermanentWidget(verdicts)
    bar.showMessage(LONG, 15000)  # as a session's note is: before show()
    window.resize(700, 300)
    window.show()
    qtbot.waitExposed(window)
    shown = QStatusBar.currentMessage(bar)
    assert shown.endswith("\u2026") and LONG.startswith(shown[:-1]), shown
    assert bar.fontMetrics().horizontalAdvance(shown) + GAP <= bar.width() - verdicts.width()
    assert bar.currentMessage() == LONG and "specs/001-ai-native-portfolio/spec.md" in bar.toolTip()
    window.resize(1400, 300)  # wider: more of it, the same message
    qtbot.waitUntil(lambda: len(QStatusBar.currentMessage(bar)) > len(shown))
    assert bar.currentMessage() == LONG
    bar.clearMessage()
    assert bar.currentMessage() == "" and bar.toolTip() == ""
    bar.showMessage("Saved.", 1000)  # a short one is shown as it is, no tooltip
    assert QStatusBar.currentMessage(bar) == "Saved." and bar.toolTip() == ""
    bar.showMessage(LONG)
    QStatusBar.showMessage(bar, "Find in the diff")  # a menu's status tip: Qt calls the base class
    assert bar.currentMessage() == "Find in the diff"

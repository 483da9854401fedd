"""Where the review stands, in one line above the desk ("1 of 83 clauses reviewed; 52 of
66 changed files linked": the check's own ``ReviewState``, as `check` and `report` print
it, then how many changed files are not counted and why, so the numbers add up), and what
the window opens on first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from specaudit.ui.kit import plain
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.review.clause_panel import ClausePanel


class ReviewStateLine(QLabel):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("reviewState")
        self.setAccessibleName("Review progress")
        self.setContentsMargins(8, 2, 8, 2)
        self.setWordWrap(True)  # a long coverage line wraps rather than widen the window
        self.context = context
        self._failure = ""  # why the last check could not run, until one does
        self._soon = QTimer(self)  # after a burst of edits, once
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.update_text)
        context.model.findingsChanged.connect(self._soon.start)
        context.model.sessionReplaced.connect(self._soon.start)
        self.update_text()

    def show_failure(self, message: str) -> None:
        """The check could not run: say so here, not "Checking the review…" for ever (a
        repository with no commit yet)."""
        self._failure = message
        self.update_text()

    def update_text(self) -> None:
        check = self.context.model.check
        state = check.result.state if check is not None else None
        if state is not None:
            self._failure = ""
        waiting = f"The review could not be checked: {self._failure}" if self._failure else "Checking the review…"
        self.setText(state.sentence() if state is not None else waiting)
        self.setToolTip(plain.tooltip(state.accounting()) if state is not None else "")


def first_view(context: DeskContext, clauses: ClausePanel, show_in_diff: Callable[[str, str, int, int], None],
               status: QStatusBar) -> None:
    """Open on what matters most: a clause tightened from a scar (is the scar restored?),
    else an overwritten scar, else the first clause still to review."""
    model = context.model
    findings = model.findings
    tightened = [f for f in findings if f.kind == "tightened" and f.spec and f.clause]
    if model.selection is None and tightened and tightened[0].spec and tightened[0].clause:
        model.select(tightened[0].spec, tightened[0].clause)
        status.showMessage(" · ".join(f.message for f in tightened), 15000)
    if model.selection is None:
        clauses.select_next_unreviewed(True)
    lost = next((f for f in findings if f.kind == "scar-overwritten"), None)
    if lost is not None and lost.path and lost.line:
        show_in_diff(lost.path, "new", lost.line, lost.line)  # loudly, whatever tab was last used

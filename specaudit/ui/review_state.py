"""Where the review stands, in one line above the desk ("1 of 83 clauses reviewed; 52 of
66 changed files linked"), and what the window opens on first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from specaudit.core.audit import UNREVIEWED
from specaudit.ui.clause_panel import ClausePanel
from specaudit.ui.context import DeskContext


def review_state(context: DeskContext) -> str:
    """Clauses with a verdict, and the change's files that a link, scar or change mark
    accounts for (from the session model; no git)."""
    specs = context.session.specs
    total = sum(len(e.spec.clauses) for e in specs)
    reviewed = sum(1 for e in specs for c in e.spec.clauses if e.audit.review(c.key).verdict != UNREVIEWED)
    line = f"{reviewed} of {total} clause{'s' if total != 1 else ''} reviewed"
    changeset = context.model.changeset
    if changeset is not None and changeset.files:
        claimed = {lk.path for e in specs for r in e.audit.reviews.values() for lk in r.links}
        claimed |= {s.path for e in specs for s in e.audit.scars.values()}
        claimed |= {m.path for e in specs for m in e.audit.changes.values()}
        files = {f.path for f in changeset.files}
        line += f"; {len(files & claimed)} of {len(files)} changed files linked"
    return line


class ReviewStateLine(QLabel):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("reviewState")
        self.setAccessibleName("Review progress")
        self.setContentsMargins(8, 2, 8, 2)
        self.context = context
        self._soon = QTimer(self)  # after a burst of edits, once
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.update_text)
        m = context.model
        for signal in (m.reviewChanged, m.linksChanged, m.scarsChanged, m.marksChanged, m.auditReplaced,
                       m.changesetLoaded):
            signal.connect(self._soon.start)
        for plain_signal in (m.sessionReplaced, m.specsReloaded, m.findingsChanged):
            plain_signal.connect(self._soon.start)
        self.update_text()

    def update_text(self) -> None:
        self.setText(review_state(self.context))


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

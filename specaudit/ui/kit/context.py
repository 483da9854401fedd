"""The desk context: what every helper and panel of the window is handed instead of the
window itself (after git-cola's ``ApplicationContext``).

- ``model``: the observable session (session, change set, findings, selection);
- ``tasks``: background jobs with stale-result dropping;
- ``writer``: the ordered audit writer every edit goes through;
- ``controller``: runs edits as commands (do/undo) through the writer;
- ``notices``: what the user is told, without a dialog that takes the keyboard;
- ``settings``: the user's remembered preferences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from specaudit.app.workspace.session import Session
from specaudit.ui.kit.audit_writer import AuditWriter
from specaudit.ui.kit.session_model import SessionModel
from specaudit.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from specaudit.ui.review.review_controller import ReviewController


class Notices(QObject):
    """Messages for the status bar. A failure that arrives after the fact goes to the
    controller's ``failed`` signal, which the window shows as a non-modal banner."""

    message = Signal(str, int)  # text, milliseconds (0: until replaced)

    def show(self, text: str, msecs: int = 5000) -> None:
        self.message.emit(text, msecs)


@dataclass
class DeskContext:
    model: SessionModel
    tasks: TaskRunner
    writer: AuditWriter
    notices: Notices
    settings: QSettings = field(default_factory=QSettings)
    controller: ReviewController = field(init=False)  # built from this context (create)

    @property
    def session(self) -> Session:
        return self.model.session

    @classmethod
    def create(cls, session: Session, parent: QObject | None = None) -> DeskContext:
        from specaudit.ui.review.review_controller import ReviewController

        context = cls(SessionModel(session, parent), TaskRunner(parent), AuditWriter(parent), Notices(parent))
        context.controller = ReviewController(context, parent)
        return context

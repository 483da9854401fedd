"""Which revision the verdicts belong to, and the switch to see only what changed since.

A permanent status-bar label names the revision the latest verdicts (and viewed
marks) were made on and says when the range's target has moved past it. The
"Changes Since Verdicts" toggle swaps the whole-change diff for the interdiff from
that revision to the target, limited to the range's files (``app.revisions``). It is
always there to press: with nothing new since the last review it says so in the status
bar and the view stays as it is.
Every record is anchored at the revision on screen, so the label names one revision.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from specaudit.app.workspace.revisions import load_interdiff, revision_moved, verdict_revision
from specaudit.core.diff import ChangeSet
from specaudit.ui.kit import plain
from specaudit.ui.kit.context import DeskContext


class RevisionControl(QObject):
    changesetShown = Signal(object, bool)  # the change set the diff should show; True: the interdiff
    toggledOff = Signal()  # the toggle was refused or ended: uncheck it

    def __init__(self, context: DeskContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.active = False
        self.revision: str | None = None
        self.interdiff: ChangeSet | None = None
        self._moved: dict[tuple[str, str], bool] = {}  # (revision, target) -> target moved past it
        self.label = plain.label(parent)
        self.label.setObjectName("verdictRevision")
        self.label.setAccessibleName("Revision the verdicts belong to")
        self._soon = QTimer(self)  # after the keypress returns, once per burst of edits
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.update)
        model = context.model
        for signal in (model.reviewChanged, model.viewedChanged, model.auditReplaced):
            signal.connect(lambda *_args: self._soon.start())
        model.changesetLoaded.connect(self.update)
        model.specsReloaded.connect(self.update)
        model.sessionReplaced.connect(self._new_session)

    def _new_session(self) -> None:
        self.active, self.interdiff = False, None
        self.toggledOff.emit()
        self.update()

    def _target(self) -> str | None:
        cs = self.context.model.changeset
        return cs.target if cs is not None else None

    def moved(self) -> bool:
        target = self._target()
        return bool(self.revision and target and self._moved.get((self.revision, target), False))

    def update(self, *_args: object) -> None:
        """Re-read the verdicts' revision from the in-memory audits; ancestry is asked
        of git once per (revision, target), in the background."""
        self.revision = verdict_revision([e.audit for e in self.context.session.specs])
        target = self._target()
        if self.revision and target and (self.revision, target) not in self._moved:
            key, repo = (self.revision, target), self.context.session.repo
            if self.revision == target:
                self._moved[key] = False  # on the target itself: nothing to ask git
            else:
                self.context.tasks.submit("revision", lambda: revision_moved(repo, *key),
                                          lambda moved: self._known(key, moved))
        if self.revision is None:
            text, tip = "No verdicts yet", "Verdicts record the commit they were made on"
        elif self.moved() and target:
            text = f"Verdicts on {self.revision[:10]} \u00b7 target moved to {target[:10]} (Ctrl+Shift+R: changes since)"
            tip = "A newer revision landed since the verdicts; Ctrl+Shift+R shows only what changed"
        else:
            text, tip = f"Verdicts on {self.revision[:10]}", "The verdicts were made on the range's target"
        if self.active and self.interdiff is not None and self.revision and target:
            n = len(self.interdiff.files)
            text = f"Showing changes since verdicts ({self.revision[:10]}\u2192{target[:10]}): {n} file{'s' if n != 1 else ''}"
        self.label.setText(text)
        self.label.setToolTip(tip)

    def _known(self, key: tuple[str, str], moved: bool) -> None:
        self._moved[key] = moved
        self.update()

    def toggle(self, on: bool) -> None:
        if on and not self.moved():
            target = self._target()
            if self.revision and target and (self.revision, target) not in self._moved:
                text = "Still finding out whether the target moved since the verdicts; press Ctrl+Shift+R again."
            else:
                why = ("no verdicts yet" if self.revision is None else
                       "the verdicts were made on the range's target" if self.revision == target else
                       "the target has not moved past the verdicts' revision")
                text = f"Nothing changed since the last review: {why}."
            self.context.notices.show(text, 6000)
            self.toggledOff.emit()
            return
        self.active = on
        cs = self.context.model.changeset
        if not on:
            self.interdiff = None
            if cs is not None:
                self.changesetShown.emit(cs, False)
            self.update()
            return
        repo, revision = self.context.session.repo, self.revision
        if cs is None or revision is None:
            return
        self.context.tasks.submit("interdiff", lambda: load_interdiff(repo, cs, revision), self._interdiff_ready,
                                  lambda exc: self.context.notices.show(f"Could not compare revisions: {exc}", 10000))

    def _interdiff_ready(self, interdiff: ChangeSet) -> None:
        if not self.active:
            return
        self.interdiff = interdiff
        self.changesetShown.emit(interdiff, True)
        self.update()

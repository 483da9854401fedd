"""Which revision the verdicts belong to, and the switch to see only what changed since.

A permanent status-bar label names the revision the latest verdicts (and viewed
marks) were made on and says when the range's target has moved past it. The
"Changes Since Verdicts" toggle swaps the whole-change diff for the interdiff from
that revision to the target, limited to the range's files (``app.revisions``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from specaudit.app.revisions import load_interdiff, revision_moved, verdict_revision
from specaudit.ui import plain


class RevisionControl(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.active = False
        self.revision: str | None = None
        self.interdiff = None
        self._moved: dict[tuple[str, str], bool] = {}  # (revision, target) -> target moved past it
        self.label = plain.label(window)
        self.label.setObjectName("verdictRevision")
        self.label.setAccessibleName("Revision the verdicts belong to")
        window.statusBar().addPermanentWidget(self.label)

    def moved(self) -> bool:
        cs = self.w.changeset
        return bool(self.revision and cs is not None and cs.target
                    and self._moved.get((self.revision, cs.target), False))

    def update(self) -> None:
        """Re-read the verdicts' revision from the in-memory audits; ancestry is asked
        of git once per (revision, target), in the background."""
        self.revision = verdict_revision([e.audit for e in self.w.session.specs])
        cs = self.w.changeset
        if self.revision and cs is not None and cs.target and (self.revision, cs.target) not in self._moved:
            key, repo = (self.revision, cs.target), self.w.session.repo
            self.w.tasks.submit("revision", lambda: revision_moved(repo, *key), lambda moved: self._known(key, moved))
        if self.revision is None:
            text, tip = "No verdicts yet", "Verdicts record the commit they were made on"
        elif self.moved() and cs is not None:
            text = f"Verdicts on {self.revision[:10]} \u00b7 target moved to {cs.target[:10]} (Ctrl+Shift+R: changes since)"
            tip = "A newer revision landed since the verdicts; Ctrl+Shift+R shows only what changed"
        else:
            text, tip = f"Verdicts on {self.revision[:10]}", "The verdicts were made on the range's target"
        if self.active and self.interdiff is not None:
            n = len(self.interdiff.files)
            text = f"Showing changes since verdicts ({self.revision[:10]}\u2192{cs.target[:10]}): {n} file{'s' if n != 1 else ''}"
        self.label.setText(text)
        self.label.setToolTip(tip)
        action = self.w.actions_by_name.get("since-verdicts")
        if action is not None:
            action.setEnabled(self.moved() or self.active)

    def _known(self, key: tuple[str, str], moved: bool) -> None:
        self._moved[key] = moved
        self.update()

    def toggle(self, on: bool) -> None:
        w = self.w
        if on and not self.moved():
            w.statusBar().showMessage("The verdicts were made on the range's target: nothing changed since.", 6000)
            w.actions_by_name["since-verdicts"].setChecked(False)
            return
        self.active = on
        index = w.center_tabs.indexOf(w.diff_split)
        w.center_tabs.setTabText(index, "Diff (since verdicts)" if on else "Diff")
        if not on:
            self.interdiff = None
            if w.changeset is not None:
                w.diff.set_changeset(w.changeset)
                w.diff.files.set_viewed_marks(w.diff.files.reviewed)
            self.update()
            return
        repo, cs, revision = w.session.repo, w.changeset, self.revision
        w.tasks.submit("interdiff", lambda: load_interdiff(repo, cs, revision), self._interdiff_ready,
                       lambda exc: w.statusBar().showMessage(f"Could not compare revisions: {exc}", 10000))

    def _interdiff_ready(self, interdiff) -> None:
        if not self.active:
            return
        self.interdiff = interdiff
        self.w.diff.set_changeset(interdiff)
        self.w.center_tabs.setCurrentWidget(self.w.diff_split)
        self.update()

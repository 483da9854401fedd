"""Keeping the window's audits in step with the files when another program changes them
(an editor, a ``git pull``, a teammate's ``specaudit review``).

The window's own edits are shown by the session model as they are made and as they
land; this only reads an audit file again when it changed on disk, or when a write
failed (to drop what was shown but did not stick). The read runs off the GUI thread
once no write is queued; the model then announces only what differs, so our own
writes, read back, change nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject

from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.core.audit import Audit
from specaudit.ui.kit.context import DeskContext


class AuditSync(QObject):
    def __init__(self, context: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._waiting: set[str] = set()  # reloads put off until the writer is idle
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed_on_disk)
        self.watcher.directoryChanged.connect(self._changed_on_disk)
        context.model.sessionReplaced.connect(self.watch)
        context.model.specsReloaded.connect(self.watch)
        context.controller.reloadRequested.connect(self.reload)
        context.writer.idle.connect(self._writer_idle)

    def watch(self) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        session = self.context.session
        for entry in session.specs:
            path = audit_path(session.root, entry.rel)
            target = path if path.exists() else path.parent if path.parent.exists() else None
            if target is not None:
                self.watcher.addPath(str(target))

    def _changed_on_disk(self, _path: str) -> None:
        for entry in self.context.session.specs:
            self.reload(entry.rel)
        self.watch()  # editors replace files by rename: watch the new inode

    def reload(self, spec_rel: str) -> None:
        """Read an audit file again in the background, once no write of ours is queued."""
        if self.context.session.entry(spec_rel) is None:
            return
        if self.context.writer.pending():
            self._waiting.add(spec_rel)
            return
        root = self.context.session.root
        self.context.tasks.submit(f"audit:{spec_rel}", lambda: load_audit(root, spec_rel),
                                  lambda audit: self._loaded(spec_rel, audit),
                                  lambda exc: self.context.notices.show(
                                      f"Audit file unreadable, keeping the last good copy: {exc}", 10000))

    def _writer_idle(self) -> None:
        waiting, self._waiting = self._waiting, set()
        for rel in sorted(waiting):
            self.reload(rel)

    def _loaded(self, spec_rel: str, audit: Audit) -> None:
        if self.context.writer.pending():  # an edit was made meanwhile: read again after it
            self._waiting.add(spec_rel)
            return
        self.context.model.replace_audit(spec_rel, audit)

"""Keeping the window's audits in step with the files: after our own (queued) writes,
and when another program changes them (an editor, a ``git pull``).

Edits show from memory at once (``edited``); each write that lands, and each change
seen on disk, re-reads the file off the GUI thread and repaints only the clauses whose
review changed. While writes are still queued a reload is skipped: the newest edit in
memory wins until its own write lands and reloads again.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject

from specaudit.app.audit_store import audit_path, load_audit
from specaudit.app.viewed import viewed_keys


class AuditSync(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed_on_disk)
        self.watcher.directoryChanged.connect(self._changed_on_disk)

    def watch(self) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        for entry in self.w.session.specs:
            path = audit_path(self.w.session.root, entry.rel)
            target = path if path.exists() else path.parent if path.parent.exists() else None
            if target is not None:
                self.watcher.addPath(str(target))

    def _changed_on_disk(self, _path: str) -> None:
        for entry in self.w.session.specs:
            self.reload(entry.rel)
        self.watch()  # editors replace files by rename: watch the new inode

    def reload(self, spec_rel: str) -> None:
        """Re-read an audit file in the background (after our write, or someone else's)."""
        if self.w.session.entry(spec_rel) is None:
            return
        root = self.w.session.root
        self.w.tasks.submit(f"audit:{spec_rel}", lambda: load_audit(root, spec_rel),
                            lambda audit: self._loaded(spec_rel, audit),
                            lambda exc: self.w.statusBar().showMessage(
                                f"Audit file unreadable, keeping the last good copy: {exc}", 10000))

    def _loaded(self, spec_rel: str, audit) -> None:
        entry = self.w.session.entry(spec_rel)
        if entry is None or self.w.controller.writer.pending():
            return  # a queued write will land and reload again; keep showing the newest edit
        old, entry.audit = entry.audit, audit
        changed = {k for k in old.reviews.keys() | audit.reviews.keys() if old.reviews.get(k) != audit.reviews.get(k)}
        if len(changed) > 50:
            self.w.clauses.refresh()
        else:
            for key in changed:
                self.w.clauses.refresh_clause(spec_rel, key)
        if old.scars != audit.scars:
            self.w._refresh_scars()
        if changed or old.scars != audit.scars:
            self.w._update_markers()
        if entry is self.w.session.specs[0] and old.viewed != audit.viewed and not self.w.revisions.active:
            self.w.diff.files.set_viewed_marks(viewed_keys(audit))
            self.w.diff._update_counts()
        self.w.revisions.update()
        current = self.w.clauses.current()
        if current is not None and current[0] == spec_rel and current[1] in changed:
            self.edited(*current)

    def edited(self, spec_rel: str, key: str) -> None:
        """An edit is in memory (its write queued): repaint just what shows it."""
        self.w.clauses.refresh_clause(spec_rel, key)
        current = self.w.clauses.current()
        entry = self.w.session.entry(spec_rel)
        if current == (spec_rel, key) and entry is not None and entry.spec.clause(key) is not None:
            self.w.clause_view.show_clause(entry, entry.spec.clause(key))

    def viewed_changed(self, path: str, viewed: bool) -> None:
        if self.w.revisions.active:  # ticks belong to the range's change, not to an interdiff
            self.w.statusBar().showMessage("Viewed marks apply to the whole change: Ctrl+Shift+R goes back to it.", 6000)
            return
        fd = self.w.changeset.file(path) if self.w.changeset is not None else None
        if fd is not None:
            self.w.controller.set_viewed(self.w.session.specs[0].rel, path, fd.content_key, viewed,
                                       self.w.changeset.target)

"""Parsed code for a change, cached per blob: the definitions evidence and findings read.

``core.code.parse`` is pure and costs tens of milliseconds per thousand lines, so a file
is parsed once per (path, blob id): the window's evidence job, the check's findings and
``suggest`` all share ``CODE_CACHE``, which keeps parses in memory for the process and on
disk between processes (``code_store``: the user's cache directory, read back in a tenth
of the time a parse takes). Blobs come from git in one ``cat-file --batch``
(``vcs.blobs.batch_blobs``), only for the files neither cache holds; a working-tree file
(no blob id in the diff) is read with the one safe reader and keyed by its content hash.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from specaudit.app.evidence.code_store import CodeStore, default_store
from specaudit.core.code import MAX_PARSE_BYTES, CodeFile, language_of, parse
from specaudit.core.diff import ChangeSet
from specaudit.core.evidence.tokens import DERIVED
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import batch_blobs
from specaudit.vcs.runner import SafeGit

_NULL_OID = frozenset({"0" * 40, "0" * 64})


class CodeCache:
    """Parsed files keyed by (path, blob id or content hash); thread-safe, bounded (LRU),
    backed by a ``CodeStore`` on disk: ``disk=True`` is the user's (``default_store``, as
    the environment says at each use), None none."""

    def __init__(self, limit: int = LIMITS.code_cache_files, disk: CodeStore | bool | None = True) -> None:
        self._files: OrderedDict[tuple[str, str], CodeFile | None] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()
        self._disk = disk
        self.parsed = 0  # files actually parsed (for tests and benchmarks)

    def store(self) -> CodeStore | None:
        if self._disk is True:
            return default_store()
        return self._disk or None

    def get(self, path: str, blob: str) -> tuple[bool, CodeFile | None]:
        with self._lock:
            key = (path, blob)
            if key in self._files:
                self._files.move_to_end(key)
                return True, self._files[key]
        store = self.store()
        cf = store.load(path, blob) if store is not None else None
        if cf is None:
            return False, None
        return True, self.put(path, blob, cf)

    def put(self, path: str, blob: str, cf: CodeFile | None) -> CodeFile | None:
        """Keep ``cf`` as the parse of ``path`` at ``blob`` (marked with its source, which
        what ranking derives from it is kept under)."""
        if cf is not None and cf.source != f"{path}\0{blob}":
            cf = replace(cf, source=f"{path}\0{blob}")
        with self._lock:
            self._files[(path, blob)] = cf
            self._files.move_to_end((path, blob))
            while len(self._files) > self._limit:
                self._files.popitem(last=False)
        return cf

    def parse(self, path: str, data: bytes, blob: str | None = None) -> CodeFile | None:
        """``core.code.parse`` of ``data``, cached under ``blob`` (or the content's hash)."""
        blob = blob or content_id(data)
        hit, cf = self.get(path, blob)
        if hit:
            return cf
        cf = parse(path, data)
        self.parsed += 1
        cf = self.put(path, blob, cf)
        store = self.store()
        if cf is not None and store is not None:
            store.save(path, blob, cf)
        return cf

    def clear(self) -> None:
        with self._lock:
            self._files.clear()


CODE_CACHE = CodeCache()


def content_id(data: bytes) -> str:
    return "sha1:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()


def parse_change(repo: SafeGit, changeset: ChangeSet, *, paths: Iterable[str] | None = None,
                 cache: CodeCache = CODE_CACHE) -> dict[str, CodeFile]:
    """The new side of each changed file the parser reads (added, modified, renamed;
    not deleted, binary or submodule), parsed once per blob. ``paths`` limits it."""
    wanted = set(paths) if paths is not None else None
    DERIVED.backing = cache.store()  # what ranking derives from these files lives beside their parses
    out: dict[str, CodeFile] = {}
    missing: list[tuple[str, str | None]] = []  # (path, blob id or None for the working tree)
    for fd in changeset.files:
        if fd.status == "D" or fd.binary or fd.submodule or fd.symlink or not fd.new_path:
            continue
        path = fd.new_path
        if (wanted is not None and path not in wanted) or language_of(path) is None:
            continue
        if fd.new_size is not None and fd.new_size > MAX_PARSE_BYTES:
            continue
        oid = fd.new_oid if fd.new_oid and fd.new_oid not in _NULL_OID and len(fd.new_oid) >= 40 else None
        if oid is not None:
            hit, cf = cache.get(path, oid)
            if hit:
                if cf is not None:
                    out[path] = cf
                continue
        missing.append((path, oid))
    by_oid = [oid for _p, oid in missing if oid is not None]
    blobs = batch_blobs(repo, by_oid) if by_oid else {}
    for path, oid in missing:
        data = blobs.get(oid) if oid is not None else None
        if data is None:  # the working tree's side: git hashed the file but did not store it
            data = _worktree_bytes(repo.root, path)
            oid = None
        if data is None:
            continue
        cf = cache.parse(path, data, oid)
        if cf is not None:
            out[path] = cf
    return out


def _worktree_bytes(root: Path, path: str) -> bytes | None:
    """A working-tree file through the one safe reader (a FIFO, a symlink out of the
    repository or a file over the limit is not parsed: its hunks still count)."""
    from specaudit.app.store.files import read_regular
    from specaudit.core.errors import SpecauditError

    try:
        return read_regular(Path(root) / path, MAX_PARSE_BYTES, what="source file", root=Path(root),
                            missing_ok=True)
    except SpecauditError:
        return None

"""Parsed files kept on disk between runs, one entry per (extractor version, path, blob id),
and beside them what ranking derives from each changed file (``core.evidence.tokens.DERIVED``).

Parsing a large change costs about ten times ``git diff`` of it (docs/evidence.md,
"Speed"); a second ``suggest``, ``check`` or window on the same blobs reads the parse back
instead. The store lives in the user's cache directory (``$XDG_CACHE_HOME/specaudit/code``,
default ``~/.cache/specaudit/code``), never in the reviewed repository, whose paths only
ever reach a file name through a hash.

An entry is ``MAGIC``, the version digest, the payload's length and BLAKE2b digest, then
the payload: ``marshal`` of plain tuples (``core.code.plain``), which runs no code when
read. An entry that is truncated, corrupt, from another version or for another (path,
blob) is a miss: the file is parsed again and the entry rewritten. Writers write a
temporary file and rename it, so concurrent processes never read half an entry. The
store is bounded (``LIMITS.code_disk_cache_bytes``): past it, the entries used least
recently go. Derived entries (a change's units, terms and defined names, one entry each
for all its files; a file's candidate citation lines) are keyed by digests of the files'
changed lines and their parses' (path, blob), under a version
that also covers the evidence engine's source and the settings; its shape is trusted once
its version and digest match (the directory is the user's own, never the repository's).
``SPECAUDIT_CODE_CACHE=off`` (or a limit of 0) turns it off. Every error
of the disk is swallowed: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import marshal
import os
import struct
import sys
import threading
import time
from pathlib import Path
from typing import Any

from specaudit.app.store.files import read_regular
from specaudit.app.store.user_dirs import user_cache_dir
from specaudit.core.code import MAX_PARSE_BYTES, CodeFile
from specaudit.core.code.plain import PLAIN_VERSION, from_plain, to_plain
from specaudit.settings import LIMITS

MAGIC = b"SACF"
_HEADER = struct.Struct(">4s32sQ16s")  # magic, version digest, payload length, payload digest
ENV = "SPECAUDIT_CODE_CACHE"
_OFF = frozenset({"0", "off", "no", "false", "disabled"})
TOUCH_AFTER_S = 3600  # a hit refreshes an entry's time (its rank for eviction) at most this often
MAX_ENTRY_BYTES = 8 * MAX_PARSE_BYTES  # a parse's plain data is at most a few times its source
MAX_DERIVED_SHARE = 8  # one derived entry (a change's units, say) takes at most 1/8 of the store
EVICT_TO = 0.8  # eviction leaves the store at this share of its limit


_versions: dict[str, bytes] = {}


def _package_modules(package) -> list:
    """A package's modules, by name: what its source digest reads."""
    import importlib
    import pkgutil

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    return [package, *(importlib.import_module(f"{package.__name__}.{n}") for n in names)]


def _sources(h, modules) -> None:
    for module in modules:
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # a frozen build without sources: its package version stands in
            from specaudit import __version__

            h.update(__version__.encode())


def extractor_version() -> bytes:
    """What a parse depends on besides the blob: the extractor's source, the tree-sitter
    and grammar packages, the parse limit, this format and the Python (``marshal``) version."""
    v = _versions.get("code")
    if v is None:
        import specaudit.core.code as code
        from specaudit.core.code import languages

        h = hashlib.sha256()
        h.update(f"{PLAIN_VERSION} {MAX_PARSE_BYTES} {sys.version_info[:2]} {marshal.version}".encode())
        _sources(h, _package_modules(code))  # every module of the extractor: a new one is never left out
        dists = sorted({m.split(".")[0].replace("_", "-") for m, _f in languages._MODULES.values()} | {"tree-sitter"})
        for dist in dists:
            try:
                h.update(f"{dist} {importlib.metadata.version(dist)}".encode())
            except importlib.metadata.PackageNotFoundError:
                h.update(f"{dist} ?".encode())
        v = _versions["code"] = h.digest()
    return v


def derived_version() -> bytes:
    """What ranking's per-file data (``core.evidence.tokens.DERIVED``) depends on besides
    the file: the parse's version, the evidence engine's source and the settings."""
    v = _versions.get("derived")
    if v is None:
        import specaudit.core.evidence as evidence
        from specaudit import settings

        h = hashlib.sha256(extractor_version())
        _sources(h, [settings, *_package_modules(evidence)])
        v = _versions["derived"] = h.digest()
    return v


class CodeStore:
    """Parsed files on disk under ``root`` (thread- and process-safe, bounded by ``limit`` bytes)."""

    def __init__(self, root: Path, limit: int = LIMITS.code_disk_cache_bytes) -> None:
        self.root = Path(root)
        self.limit = limit
        self._lock = threading.Lock()
        self._written = 0  # bytes written since the store's size was last checked
        self._checked = False
        self._dirs: set[Path] = set()  # fan-out folders known to exist
        self.hits = 0
        self.misses = 0

    def _entry(self, path: str, blob: str) -> Path:
        key = hashlib.sha256(extractor_version() + b"\0" + path.encode("utf-8", "surrogateescape") + b"\0"
                             + blob.encode("ascii", "replace")).hexdigest()
        return self.root / key[:2] / key[2:]

    def load(self, path: str, blob: str) -> CodeFile | None:
        """The stored parse of ``path`` at ``blob``, or None (absent, unreadable, stale, foreign)."""
        plain = self._read(self._entry(path, blob), extractor_version(), (path, blob))
        try:
            return from_plain(plain) if plain is not None else None
        except Exception:  # a payload of the wrong shape: a miss
            return None

    def save(self, path: str, blob: str, cf: CodeFile) -> None:
        self._write(self._entry(path, blob), extractor_version(), (path, blob), to_plain(cf))

    def load_derived(self, key: bytes) -> Any:
        """What ranking derived from one changed file (``core.evidence.tokens.DERIVED``), or None."""
        return self._read(self._derived_entry(key), derived_version(), ("derived", key.hex()))

    def save_derived(self, key: bytes, value: Any) -> None:
        self._write(self._derived_entry(key), derived_version(), ("derived", key.hex()), value)

    def _derived_entry(self, key: bytes) -> Path:
        name = hashlib.sha256(derived_version() + b"\0derived\0" + key).hexdigest()
        return self.root / name[:2] / name[2:]

    def _max_bytes(self, tag: tuple) -> int:
        return max(MAX_ENTRY_BYTES, self.limit // MAX_DERIVED_SHARE) if tag[0] == "derived" else MAX_ENTRY_BYTES

    def _read(self, entry: Path, version: bytes, tag: tuple) -> Any:
        try:
            raw = read_regular(entry, self._max_bytes(tag), what="cache entry", missing_ok=True)
            if raw is None:
                self.misses += 1
                return None
            plain = _decode(raw, version, tag)
            mtime = os.stat(entry).st_mtime
        except Exception:  # whatever is wrong with an entry (or the disk), it is a miss
            self.misses += 1
            return None
        self.hits += 1
        if mtime < time.time() - TOUCH_AFTER_S:
            with contextlib.suppress(OSError):
                os.utime(entry)
        return plain

    def _write(self, entry: Path, version: bytes, tag: tuple, plain: Any) -> None:
        try:
            raw = _encode(version, tag, plain)
        except ValueError:  # not plain data (marshal refuses it): not kept
            return
        if len(raw) > self._max_bytes(tag):
            return
        # A temporary name of this process and thread alone, then one atomic rename.
        name = os.path.join(entry.parent, f".tmp-{entry.name}-{os.getpid()}-{threading.get_ident()}")
        tmp: str | None = name
        try:
            if entry.parent not in self._dirs:
                entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._dirs.add(entry.parent)
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.replace(name, entry)
            tmp = None
        except OSError:
            self._dirs.discard(entry.parent)  # removed under us (evicted, cleaned): made again next time
            return
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        with self._lock:
            self._written += len(raw)
            due = not self._checked or self._written > self.limit // 16
            if due:
                self._checked, self._written = True, 0
        if due:
            self.evict()

    def evict(self) -> None:
        """Past the limit, remove the entries used least recently until the store holds
        ``EVICT_TO`` of it; a temporary file left by a writer that died goes after an hour."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        stale = time.time() - 3600
        try:
            subdirs = [d.path for d in os.scandir(self.root) if d.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for sub in subdirs:
            try:
                for e in os.scandir(sub):
                    st = e.stat(follow_symlinks=False)
                    if e.name.startswith(".tmp-"):
                        if st.st_mtime < stale:
                            _unlink(e.path)
                        continue
                    entries.append((st.st_mtime, st.st_size, e.path))
                    total += st.st_size
            except OSError:
                continue
        if total <= self.limit:
            return
        entries.sort()
        for _mtime, size, p in entries:
            if total <= self.limit * EVICT_TO:
                break
            _unlink(p)
            total -= size

    def size(self) -> int:
        """Bytes of the entries in the store (for tests and benchmarks)."""
        total = 0
        for dirpath, _dirs, files in os.walk(self.root):
            for f in files:
                with contextlib.suppress(OSError):
                    total += os.stat(os.path.join(dirpath, f)).st_size
        return total


def _unlink(p: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(p)


def _encode(version: bytes, tag: tuple, plain: Any) -> bytes:
    payload = marshal.dumps((tag, plain))
    return _HEADER.pack(MAGIC, version, len(payload), hashlib.blake2b(payload, digest_size=16).digest()) + payload


def _decode(raw: bytes, version: bytes, tag: tuple) -> Any:
    magic, got_version, length, digest = _HEADER.unpack_from(raw)
    payload = raw[_HEADER.size:]
    if magic != MAGIC or got_version != version or length != len(payload):
        raise ValueError("not an entry of this version")
    if hashlib.blake2b(payload, digest_size=16).digest() != digest:
        raise ValueError("corrupt entry")
    got_tag, plain = marshal.loads(payload)
    if got_tag != tag:
        raise ValueError("another file's entry")
    return plain


_stores: dict[Path, CodeStore] = {}


def default_store() -> CodeStore | None:
    """The user's store, or None when ``SPECAUDIT_CODE_CACHE`` is off or the limit is 0
    (read at each use: tests and callers may change the environment)."""
    if os.environ.get(ENV, "").strip().lower() in _OFF or LIMITS.code_disk_cache_bytes <= 0:
        return None
    root = user_cache_dir() / "code"
    store = _stores.get(root)
    if store is None:
        store = _stores.setdefault(root, CodeStore(root))
    return store

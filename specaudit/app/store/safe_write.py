"""Writing files the user owns: atomic replacement, an exclusive lock, and one-line errors.

``write_atomic`` writes a temporary file in the same directory, fsyncs it, renames it over
the target and fsyncs the directory: a crash or ``kill -9`` at any moment leaves the old
file or the new one, never a torn one. Temporary files are named ``.<name>.<random>.tmp``.

``exclusive_lock`` serialises the writers of one file across processes and threads. It
takes ``flock(LOCK_EX)`` on a lock file beside the target (``.<name>.lock``, like git's
``index.lock``). The kernel drops the lock when its holder exits, even on ``kill -9``, so
a lock is never stale: a lock file left behind by a killed writer is empty and harmless,
and the next writer locks it and removes it. The holder removes the lock file while still
holding it; a waiter that then gets the lock on the removed file notices (the path no
longer names that inode) and starts again, so two holders never overlap.

Disk full, permission denied and similar failures become ``FileWriteError``: one line
naming the file and what to do, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: msvcrt byte-range locks, same protocol
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class FileWriteError(SpecauditError):
    """A file could not be written (disk full, no permission, read-only...); nothing changed."""


class LockTimeout(SpecauditError):
    """Another writer held the file's lock for longer than ``LIMITS.write_lock_timeout_s``."""


_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "the disk quota is exhausted: free some space, then run the command again",
    errno.EACCES: "permission denied: make the file and its folder writable (ls -l), then run the command again",
    errno.EPERM: "operation not permitted (an immutable file or folder? see lsattr): make it writable, "
                 "then run the command again",
    errno.EROFS: "the file system is read-only: run the command where it can write",
    errno.EFBIG: "the file system refused the file's size (ulimit -f?): raise the limit, then run the command again",
}


def describe_os_error(exc: OSError, display: str, doing: str = "write") -> FileWriteError:
    """``OSError`` -> one line: what could not be done, to which file, and what to do."""
    advice = _ADVICE.get(exc.errno or 0) or f"{exc.strerror or exc}: fix that, then run the command again"
    return FileWriteError(f"cannot {doing} this file: {advice} (nothing was changed)", path=display)


def write_atomic(path: Path, data: bytes, *, display: str | None = None, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` atomically (an existing file keeps its permissions)."""
    path = Path(path)
    display = display or str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise describe_os_error(exc, display) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            mode = path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise describe_os_error(exc, display) from None
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """The rename itself must survive a power cut (not possible on every platform)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dfd)
    finally:
        os.close(dfd)


def lock_path(path: Path) -> Path:
    return Path(path).with_name("." + Path(path).name + ".lock")


def temp_files(path: Path) -> list[Path]:
    """Temporary files ``write_atomic`` left beside ``path`` when its writer was killed."""
    folder = Path(path).parent
    # mkstemp's random part is 8 of [a-z0-9_]: exact, so another file's temp never matches.
    mine = re.compile(re.escape("." + Path(path).name + ".") + r"[a-z0-9_]{8}\.tmp")
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / n for n in names if mine.fullmatch(n)]


_held = threading.local()  # lock paths this thread holds: re-locking one would deadlock


@contextlib.contextmanager
def exclusive_lock(path: Path, display: str | None = None, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock of ``path`` (a file that need not exist yet), waiting
    up to ``timeout`` seconds (default ``LIMITS.write_lock_timeout_s``) for another writer."""
    path = Path(path)
    display = display or str(path)
    lock = lock_path(path)
    held: set[str] = _held.__dict__.setdefault("paths", set())
    if str(lock) in held:
        raise RuntimeError(f"{display}: write lock taken twice by one thread")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, display) from None
    fd = _acquire(lock, display, LIMITS.write_lock_timeout_s if timeout is None else timeout)
    held.add(str(lock))
    try:
        yield
    finally:
        held.discard(str(lock))
        with contextlib.suppress(OSError):
            os.unlink(lock)  # still holding it: see the module docstring
        _release(fd)


def _acquire(lock: Path, display: str, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        try:
            # O_NOFOLLOW: a planted symlink must not make us open (or create) a file elsewhere.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(lock, flags, 0o644)
        except OSError as exc:
            raise describe_os_error(exc, display) from None
        try:
            locked = _try_lock(fd)
        except OSError as exc:  # e.g. no locks on this file system
            os.close(fd)
            raise describe_os_error(exc, display, "lock") from None
        if locked:
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock))
            except FileNotFoundError:
                same = False
            if same:
                return fd
            _release(fd)  # the previous holder removed this lock file; lock the new one
            continue
        os.close(fd)
        if time.monotonic() > deadline:
            raise LockTimeout(
                f"another specaudit has been writing this file for over {timeout:g} s; "
                "let it finish, then run the command again (nothing was changed)", path=display)
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except BlockingIOError:
        return False  # held by another writer
    except PermissionError:
        if fcntl is not None:
            raise
        return False  # pragma: no cover - msvcrt reports a held lock this way
    return True


def _release(fd: int) -> None:
    # Closing the descriptor releases the lock (flock and msvcrt alike).
    with contextlib.suppress(OSError):
        os.close(fd)

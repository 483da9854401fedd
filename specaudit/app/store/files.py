"""Reading a user's file safely: the one helper every spec, audit, config, patch and
story read goes through.

``st_size`` is 0 for ``/dev/zero`` and a FIFO, so a size check before reading lets them
through, and reading one then hangs or fills memory. Here the file is opened without
blocking (a FIFO with no writer would block ``open`` itself), ``fstat``-ed on the open
descriptor (no race with a swapped path), refused unless it is a regular file, and read
up to ``limit + 1`` bytes at most. With ``root``, a path that resolves outside the
repository (a symlink pointing elsewhere) is refused before it is opened.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from specaudit.core.errors import SpecauditError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def inside(root: Path, path: Path) -> bool:
    """True when ``path``, with every symlink followed, is ``root`` or below it."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False


def _blocker(path: Path) -> Path:
    """The file that sits where a folder on ``path``'s way belongs."""
    return next((p for p in reversed(path.parents) if p.is_file()), path.parent)


def _open_regular(p: Path, limit: int, what: str, error: type[SpecauditError], name: str,
                  root: Path | None, missing_ok: bool) -> int | None:
    """An open descriptor on a regular file of at most ``limit`` bytes (or None if missing)."""
    if root is not None and not inside(root, p):
        raise error(f"{what} is outside the repository (a symlink to {_target(p)}); refused", path=name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise error(f"{what} not found", path=name) from None
    except NotADirectoryError:
        raise error(f"cannot read {what}: {_blocker(p).name} is a file, not a directory", path=name) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what}", path=name) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"cannot read {what}: too many levels of symbolic links", path=name) from None
        raise error(f"cannot read {what}: {exc.strerror}", path=name) from None
    try:
        st = os.fstat(fd)
        for test, kind in _KINDS:
            if test(st.st_mode):
                if kind == "a directory":
                    raise error(f"is a directory, not a {what}", path=name)
                raise error(f"is {kind}, not a regular file; refused", path=name)
        if st.st_size > limit:
            raise error(f"{what} is too large ({st.st_size} bytes; limit {limit})", path=name)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_regular(path: str | os.PathLike, limit: int, *, what: str,
                  error: type[SpecauditError] = SpecauditError, display: str | None = None) -> None:
    """Raise what :func:`read_regular` would raise before reading (for early validation)."""
    fd = _open_regular(Path(path), limit, what, error, display or str(path), None, False)
    if fd is not None:
        os.close(fd)


def read_regular(
    path: str | os.PathLike,
    limit: int,
    *,
    what: str,
    error: type[SpecauditError] = SpecauditError,
    display: str | None = None,
    root: Path | None = None,
    missing_ok: bool = False,
) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, or one clear error naming
    ``display`` (default: the path). ``what`` names the file for messages ("spec",
    "audit file"...). A missing file is None with ``missing_ok``, else an error."""
    name = display or str(path)
    fd = _open_regular(Path(path), limit, what, error, name, root, missing_ok)
    if fd is None:
        return None
    try:
        chunks, got = [], 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", path=name) from None
    finally:
        os.close(fd)
    if got > limit:  # grew while we read, or a file that lies about its size
        raise error(f"{what} is too large (over {limit} bytes)", path=name)
    return b"".join(chunks)


def _target(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):
        return "elsewhere"

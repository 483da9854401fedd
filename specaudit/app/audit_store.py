"""Audit files on disk: where they live, atomic saves, and noticing changes made by others.

Saves are atomic (temp file in the same directory, fsync, rename, fsync of the
directory), so a crash at any moment leaves either the old or the new file. A corrupt
file is reported and never rewritten. ``Stamp`` lets the app notice that the file
changed on disk since it was loaded (another editor, a ``git pull``) and merge
instead of overwriting.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from specaudit.app.files import read_regular
from specaudit.core.audit import Audit, merge_audits
from specaudit.core.auditfile import dump_audit, parse_audit
from specaudit.core.errors import AuditFileError, UsageError
from specaudit.settings import LIMITS

AUDIT_DIR = ".specaudit"
AUDIT_SUFFIX = ".audit.yaml"


def audit_path(root: Path, spec_rel: str) -> Path:
    """``.specaudit/<spec relpath>.audit.yaml`` under the repository root."""
    rel = Path(spec_rel)
    if rel.is_absolute() or ".." in rel.parts or not spec_rel:
        raise UsageError(f"spec path must be relative to the repository: {spec_rel!r}")
    return Path(root) / AUDIT_DIR / (rel.as_posix() + AUDIT_SUFFIX)


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_bytes(root: Path, path: Path, display: str) -> bytes | None:
    """The file's bytes, None if absent; not a regular file, too large or outside the
    repository (a symlinked ``.specaudit``) is an error naming it."""
    return read_regular(path, LIMITS.max_audit_bytes, what="audit file", error=AuditFileError,
                        display=display, root=Path(root), missing_ok=True)


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AuditFileError("audit file is not valid UTF-8", path=display, line=line) from None


@dataclass(frozen=True)
class Stamp:
    """What the audit file looked like when loaded: its content hash, or None if absent."""

    digest: str | None


def _stamp_of(raw: bytes | None) -> Stamp:
    return Stamp(hashlib.sha256(raw).hexdigest() if raw is not None else None)


def load_audit_stamped(root: Path, spec_rel: str) -> tuple[Audit, Stamp]:
    path = audit_path(root, spec_rel)
    display = _display(Path(root), path)
    raw = _read_bytes(root, path, display)
    if raw is None:
        return Audit(spec=spec_rel), _stamp_of(None)
    audit = parse_audit(_decode(raw, display), display)
    if audit.spec != spec_rel:
        raise AuditFileError(f"audit file names spec {audit.spec!r}, expected {spec_rel!r}", path=display)
    return audit, _stamp_of(raw)


def load_audit(root: Path, spec_rel: str) -> Audit:
    """The spec's audit, or an empty Audit if none was written yet."""
    return load_audit_stamped(root, spec_rel)[0]


def current_stamp(root: Path, spec_rel: str) -> Stamp:
    path = audit_path(root, spec_rel)
    return _stamp_of(_read_bytes(root, path, _display(Path(root), path)))


def changed_on_disk(root: Path, spec_rel: str, stamp: Stamp) -> bool:
    """True when the file differs from what was loaded with ``stamp``."""
    return current_stamp(root, spec_rel) != stamp


class AuditChangedOnDisk(AuditFileError):
    """The file changed since it was loaded; the save was refused so nothing is lost."""


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # The rename itself must survive a power cut.
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dfd)
    finally:
        os.close(dfd)


def save_audit(root: Path, audit: Audit, *, expected: Stamp | None = None) -> Stamp:
    """Write atomically. With ``expected``, refuse (AuditChangedOnDisk) if the file
    changed since that stamp; callers then ``reload_and_merge``. Returns the new stamp.

    An existing file that does not parse is never overwritten: the error is raised.
    """
    root = Path(root)
    path = audit_path(root, audit.spec)
    display = _display(root, path)
    raw = _read_bytes(root, path, display)
    if raw is not None:
        # Refuse to clobber a file we cannot read: the user's data comes first.
        parse_audit(_decode(raw, display), display)
    if expected is not None and _stamp_of(raw) != expected:
        raise AuditChangedOnDisk("audit file changed on disk since it was loaded; reload first", path=display)
    try:
        data = dump_audit(audit).encode("utf-8")
    except AuditFileError as exc:  # a value that cannot be written; name the file it was for
        raise AuditFileError(exc.message, path=display) from None
    if raw != data:
        _write_atomic(path, data)
    return _stamp_of(data)


def reload_and_merge(root: Path, base: Audit, ours: Audit) -> tuple[Audit, Stamp]:
    """Three-way merge of our in-memory edits (``ours``, made on top of ``base``) with
    whatever is on disk now. Entries only one side touched are taken from that side;
    entries both changed differently keep ours (the user's latest action) and the
    other side's verdict is kept in the review's history."""
    theirs, stamp = load_audit_stamped(root, ours.spec)
    return merge_audits(base, ours, theirs), stamp


def spec_paths_with_audits(root: Path) -> list[str]:
    """The ``spec:`` of every readable audit file under .specaudit/, sorted."""
    base = Path(root) / AUDIT_DIR
    if not base.is_dir():
        return []
    found: set[str] = set()
    for path in sorted(base.rglob("*" + AUDIT_SUFFIX)):
        if not path.is_file():
            continue
        display = _display(Path(root), path)
        try:
            raw = _read_bytes(root, path, display)
            if raw is None:
                continue
            spec = parse_audit(_decode(raw, display), display).spec
        except AuditFileError:
            # Fall back to the file name so a corrupt audit is still checked (and reported).
            spec = path.relative_to(base).as_posix()[: -len(AUDIT_SUFFIX)]
        found.add(spec)
    return sorted(found)

"""Audit files on disk: where they live, reading them, and the one path that writes them.

Every write -- the window, the CLI, undo and redo, tighten, scars, change marks -- is an
``update``: lock the file, re-read it, apply a change function, write atomically (see
``specaudit.app.store.safe_write``). So a crash at any moment leaves the old or the new file,
two writers never lose each other's edits, and a corrupt file is reported, never
rewritten. ``update_entry`` is the same for one entry (a review, scar, mark...) and returns
the entry before and after (the ``Edit`` that undo and redo are built from).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from specaudit.app.store.files import inside
from specaudit.app.store.safe_write import exclusive_lock, temp_files, write_atomic
from specaudit.app.store.side_files import AuditFile
from specaudit.core.audit import Audit, ChangeMark, Contradiction, Review, Scar, ViewedMark
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


def _not_a_folder(path: Path, display: str) -> AuditFileError:
    # A file sits where a folder on the way belongs (usually .specaudit itself): name it.
    blocker = next((p for p in reversed(path.parents) if p.is_file()), path.parent)
    return AuditFileError(f"cannot read audit file: {blocker.name} is a file, not a directory", path=display)


def _read_bytes(root: Path, path: Path, display: str) -> bytes | None:
    """The file's bytes, None if absent. Not a regular file (a FIFO, a symlink to a
    device), too large, or outside the repository (a symlinked ``.specaudit``): an error
    naming it (app/store/side_files.py, the one base of .specaudit/ files)."""
    return AuditFile(root, display, "")._read()


def _decode(raw: bytes, display: str) -> str:
    return AuditFile(Path(), display, "")._decode(raw)


class _Recent:
    """The audits this process last read or wrote, by their file's exact bytes and the
    spec they were read for (the spec check still runs on each). The window's check reads
    the file its own edit has just written, and the next edit reads it again under the
    lock: each costs a hash (0.4 ms for a 312 KB file of 1,000 reviews) instead of a
    parse (110 ms holding the GIL, beside the keypresses). An audit written is as good as
    one read back: ``parse_audit(dump_audit(a)) == a`` (tests/core/test_audit_file.py).
    Each caller gets its own copy to edit; the entries themselves are immutable."""

    KEEP = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._audits: OrderedDict[tuple[str, bytes], Audit] = OrderedDict()

    @staticmethod
    def _key(spec_rel: str, raw: bytes) -> tuple[str, bytes]:
        return spec_rel, hashlib.sha256(raw).digest()

    def get(self, spec_rel: str, raw: bytes) -> Audit | None:
        key = self._key(spec_rel, raw)
        with self._lock:
            got = self._audits.get(key)
            if got is not None:
                self._audits.move_to_end(key)
        return None if got is None else got.copy()

    def put(self, spec_rel: str, raw: bytes, audit: Audit) -> None:
        key, kept = self._key(spec_rel, raw), audit.copy()
        with self._lock:
            self._audits[key] = kept
            self._audits.move_to_end(key)
            while len(self._audits) > self.KEEP:
                self._audits.popitem(last=False)


_RECENT = _Recent()


def _parse(raw: bytes, display: str, spec_rel: str, adopt: str | None = None) -> Audit:
    audit = _RECENT.get(spec_rel, raw)
    if audit is None:
        audit = AuditFile(Path(), display, spec_rel)._load(raw)
        _RECENT.put(spec_rel, raw, audit)
    if audit.spec != spec_rel and audit.spec != adopt:
        raise AuditFileError(f"audit file names spec {audit.spec!r}, expected {spec_rel!r} (moved by hand? "
                             f"mend it with: specaudit move-audit --spec {audit.spec} --to {spec_rel})", path=display)
    return audit


def load_audit(root: Path, spec_rel: str) -> Audit:
    """The spec's audit, or an empty Audit if none was written yet."""
    path = audit_path(root, spec_rel)
    display = _display(Path(root), path)
    raw = _read_bytes(root, path, display)
    return Audit(spec=spec_rel) if raw is None else _parse(raw, display, spec_rel)


def _text_chars(audit: Audit) -> int:
    """A lower bound of the dumped size: every note, title and story is written whole."""
    reviews = sum(len(r.note or "") + sum(len(p.note or "") for p in r.history) for r in audit.reviews.values())
    scars = sum(len(s.title) + len(s.why) for s in audit.scars.values())
    return reviews + scars + sum(len(c.note or "") for c in audit.changes.values())


def _too_large(size: int, display: str, *, at_least: bool = False) -> AuditFileError:
    # Written, it could never be read again: every later command would fail on it.
    return AuditFileError(
        f"not saved: the audit file would grow to {'at least ' if at_least else ''}{size} bytes, over the "
        f"{LIMITS.max_audit_bytes}-byte limit it can be read back with; shorten what you are adding "
        "(nothing was written)", path=display)


def _encode(audit: Audit, display: str) -> bytes:
    estimate = _text_chars(audit)
    if estimate > LIMITS.max_audit_bytes:  # refuse before spending seconds on dumping it
        raise _too_large(estimate, display, at_least=True)
    try:
        data = dump_audit(audit).encode("utf-8")
    except AuditFileError as exc:  # a value that cannot be written; name the file it was for
        raise AuditFileError(exc.message, path=display) from None
    if len(data) > LIMITS.max_audit_bytes:
        raise _too_large(len(data), display)
    return data


def update(root: Path, spec_rel: str, change: Callable[[Audit], Audit | None], *, adopt: str | None = None) -> Audit:
    """The one way to change an audit file; returns what was saved.

    Holds the file's exclusive lock from load to save, so concurrent writers (two CLI
    runs, the window and a script) queue up and none loses another's edit. Under the lock
    it reads the file as it is now, calls ``change(audit)`` -- which edits that fresh
    Audit in place, or returns a new Audit to save instead -- and writes the result
    atomically. ``change`` should only touch what it means to change and be quick (do
    slow work such as reading git before calling ``update``). If it raises, nothing is
    written. A file that does not parse is never overwritten; a result too large to be
    read back is refused. Temporary files of killed writers are removed. ``adopt``: the
    file may still name that spec (an audit moved by hand with its spec: ``move_audit``).
    """
    root = Path(root)
    path = audit_path(root, spec_rel)
    display = _display(root, path)
    if any(p.is_file() for p in path.parents):
        raise _not_a_folder(path, display)
    if not inside(root, path.parent):  # before the lock file: nothing may be created out there
        raise AuditFileError("the audit folder is outside the repository (a symlinked .specaudit?); "
                             "refused", path=display)
    with exclusive_lock(path, display):
        for stale in temp_files(path):  # only a killed writer leaves one while we hold the lock
            with contextlib.suppress(OSError):
                stale.unlink()
        raw = _read_bytes(root, path, display)
        audit = Audit(spec=spec_rel) if raw is None else _parse(raw, display, spec_rel, adopt)
        result = change(audit)
        new = audit if result is None else result
        if new.spec != spec_rel:
            raise ValueError(f"an update of {spec_rel}'s audit returned the audit of {new.spec}")
        data = _encode(new, display)
        if raw != data:
            write_atomic(path, data, display=display)
        _RECENT.put(spec_rel, data, new)
    return new


def audit_naming(root: Path, spec_rel: str) -> tuple[Path, Audit] | None:
    """The audit file of ``spec_rel`` and what it holds: the one at its place, else one
    moved by hand (``git mv``) whose ``spec:`` still names it; None when there is none."""
    root = Path(root)
    home = audit_path(root, spec_rel)
    raw = _read_bytes(root, home, _display(root, home))
    if raw is not None:
        return home, _parse(raw, _display(root, home), spec_rel)
    base = root / AUDIT_DIR
    for path in sorted(base.rglob("*" + AUDIT_SUFFIX)) if base.is_dir() else ():
        display = _display(root, path)
        try:
            raw = _read_bytes(root, path, display)
            audit = None if raw is None else AuditFile(Path(), display, spec_rel)._load(raw)
        except AuditFileError:
            continue  # a corrupt audit is reported where it is checked
        if audit is not None and audit.spec == spec_rel:
            return path, audit
    return None


def move_audit(root: Path, old_rel: str, new_rel: str, anchors: dict[str, str] | None = None) -> Audit:
    """Carry a spec's audit to where the spec moved (an OpenSpec change archived, a folder
    renamed): the audit is written at the new spec's place naming it, then the old file
    is removed. Verdicts, links, scars and marks are kept as they are: they name clauses
    and code, not the spec's path. Also mends an audit moved by hand, whose ``spec:``
    still names the old path. Refused when the new spec already has an audit with
    entries of its own: nothing is merged or overwritten. ``anchors``: scar id -> the
    commit to write into a scar recorded without one (``app.review.carry``)."""
    root = Path(root)
    if old_rel == new_rel:
        raise UsageError(f"{old_rel}: the audit is already the spec's")
    found = audit_naming(root, old_rel)
    if found is None:
        raise UsageError(f"no audit file names {old_rel} ({_display(root, audit_path(root, old_rel))} does "
                         "not exist)")
    source, carried = found
    new_path = audit_path(root, new_rel)
    in_place = source == new_path  # moved by hand to the right place: only its spec: to mend
    pins = anchors or {}

    def moved(audit: Audit) -> Audit:
        return replace(audit, spec=new_rel, scars={
            sid: replace(s, commit=pins[sid]) if s.commit is None and sid in pins else s
            for sid, s in audit.scars.items()})

    def take(current: Audit) -> Audit:
        if in_place:
            return moved(current)
        # A move cut short after the write (both files there, the same entries) just finishes.
        if not current.is_empty() and current != moved(carried):
            raise UsageError(f"{new_rel} already has an audit with entries ({_display(root, new_path)}); "
                             f"{_display(root, source)} was left as it is (merge the two by hand)")
        return moved(carried)

    saved = update(root, new_rel, take, adopt=old_rel if in_place else None)
    if not in_place:
        with exclusive_lock(source, _display(root, source)):
            source.unlink()
    return saved


def save_audit(root: Path, audit: Audit) -> Audit:
    """Replace the whole audit file with ``audit`` (generated files, tests). Edits of a
    file others may write too go through ``update``/``update_entry``, which keep theirs."""
    return update(root, audit.spec, lambda _on_disk: audit)


# -- one entry at a time: what the window and the CLI edit, and what undo puts back ----

# a tuple: the files rejected for a clause
Entry = Review | Scar | ChangeMark | ViewedMark | Contradiction | tuple

# kind -> the Audit table holding that kind of entry
_TABLES: dict[str, Callable[[Audit], dict]] = {
    "review": lambda a: a.reviews,
    "scar": lambda a: a.scars,
    "change": lambda a: a.changes,
    "rejected": lambda a: a.rejected,
    "viewed": lambda a: a.viewed,
    "contradiction": lambda a: a.contradictions,
}
_KIND_NAMES = {"review": "the review of clause", "scar": "scar", "change": "the mark on",
               "rejected": "the rejected proposals of clause", "viewed": "the viewed mark on",
               "contradiction": "the contradiction mark on"}


@dataclass(frozen=True)
class EntryRef:
    """One review (``kind="review"``, ident = clause key), scar (``"scar"``, ident = scar
    id), change mark (``"change"``, ident = ``path:first-last``), the files rejected as
    a clause's implementation (``"rejected"``, ident = clause key), viewed mark
    (``"viewed"``, ident = path) or contradiction mark (``"contradiction"``, ident = the
    pair's key) of one spec's audit."""

    spec_rel: str
    kind: str
    ident: str

    def table(self, audit: Audit) -> dict:
        return _TABLES[self.kind](audit)

    def describe(self) -> str:
        return f"{_KIND_NAMES.get(self.kind, self.kind)} {self.ident}"


@dataclass(frozen=True)
class Edit:
    """One entry as it was just before an edit and as the edit left it (None: absent),
    both read under the lock: what undo and redo need."""

    ref: EntryRef
    before: Entry | None
    after: Entry | None


@dataclass(frozen=True)
class EntryChange:
    """A prepared edit of one entry: checked, git already read, not yet applied. The use
    cases build these (``review.verdict_change``...); the CLI and the window apply them."""

    ref: EntryRef
    change: Callable[[Entry | None], Entry | None]

    def apply(self, root: Path) -> Edit:
        return update_entry(root, self.ref, self.change)


def update_entry(root: Path, ref: EntryRef, change: Callable[[Entry | None], Entry | None]) -> Edit:
    """``update`` of one entry: ``change(current entry or None)`` returns the entry to
    keep (None removes it). Every other entry of the file stays as it is on disk."""
    edits: list[Edit] = []

    def apply(audit: Audit) -> None:
        table = ref.table(audit)
        before = table.get(ref.ident)
        after = change(before)
        if after is None:
            table.pop(ref.ident, None)
        else:
            table[ref.ident] = after
        edits.append(Edit(ref, before, after))

    update(root, ref.spec_rel, apply)
    return edits[0]


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

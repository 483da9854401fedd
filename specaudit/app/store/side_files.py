"""The files specaudit keeps beside the code in ``.specaudit/``, on one base.

Doorstop's shape: ``_read`` the bytes (``app/files.read_regular``: regular files only,
size-limited, never through a symlink out of the repository), ``_load`` them (UTF-8,
then ``core/sidefile``: safe YAML, no aliases, duplicate keys and newer schemas refused,
every error naming the file and line), ``_dump`` a value, ``_write`` it atomically. A
change is ``update``: under the file's write lock, re-read, change, write only if the
bytes differ. A file that does not parse is reported and never overwritten.

The audit files (``app/audit_store``), ``config.yaml`` (``app/config``),
``test-links.yaml`` (``app/test_links``) and ``test-results.yaml`` (``app/test_results``)
are subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from specaudit.app.store.files import read_regular
from specaudit.app.store.safe_write import exclusive_lock, write_atomic
from specaudit.core import sidefile
from specaudit.core.audit import Audit
from specaudit.core.auditfile import dump_audit, parse_audit
from specaudit.core.errors import AuditFileError, SpecauditError
from specaudit.settings import LIMITS

T = TypeVar("T")


class SideFile(Generic[T]):
    """One YAML file under the repository root. Subclasses set the class attributes and
    implement ``empty``, ``parse`` (the top mapping's entries) and ``document``."""

    what: str = "file"  # names the file in messages ("config file", "test results file")
    limit: int = LIMITS.max_yaml_bytes
    schema: int = 1
    schema_required: bool = False  # hand-written files (config.yaml) may leave it out
    error: type[SpecauditError] = AuditFileError
    header: str = ""  # comment lines written above the YAML

    def __init__(self, root: Path, rel: str):
        self.root = Path(root)
        self.rel = rel
        self.path = self.root / rel

    # -- the four steps --------------------------------------------------------------
    def _read(self) -> bytes | None:
        return read_regular(self.path, self.limit, what=self.what, error=self.error, display=self.rel,
                            root=self.root, missing_ok=True)

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.error(f"{self.what} is not valid UTF-8", path=self.rel,
                             line=raw[: exc.start].count(b"\n") + 1) from None

    def _load(self, raw: bytes) -> T:
        reader, root = sidefile.compose(self._decode(raw), self.rel, what=self.what, limit=self.limit,
                                        error=self.error)
        if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
            return self.empty()  # empty, comments only, or a bare "~"
        top = reader.mapping(root, f"the {self.what}")
        sidefile.check_schema(reader, root, top, current=self.schema, what=self.what,
                              required=self.schema_required)
        return self.parse(reader, root, top)

    def _dump(self, value: T) -> bytes:
        return sidefile.dump({"schema": self.schema, **self.document(value)}, self.header).encode("utf-8")

    def _write(self, data: bytes) -> None:
        write_atomic(self.path, data, display=self.rel)

    # -- what callers use ------------------------------------------------------------
    def load(self) -> T:
        """The file's content, or ``empty()`` when it does not exist (or is empty)."""
        raw = self._read()
        return self.empty() if raw is None else self._load(raw)

    def loads(self, raw: bytes) -> T:
        """The content of bytes read elsewhere (the merge driver's temporary files),
        checked exactly as ``load`` checks the file; errors name ``rel``."""
        return self._load(raw)

    def dumps(self, value: T) -> bytes:
        return self._dump(value)

    def update(self, change: Callable[[T], T | None]) -> T:
        """Re-read under the write lock, apply ``change`` (edit in place, or return a new
        value), write atomically when the bytes differ; return what was saved."""
        with exclusive_lock(self.path, self.rel):
            raw = self._read()
            value = self.empty() if raw is None else self._load(raw)  # raises on a corrupt file
            result = change(value)
            new = value if result is None else result
            data = self._dump(new)
            if data != raw:
                self._write(data)
        return new

    # -- per file --------------------------------------------------------------------
    def empty(self) -> T:
        raise NotImplementedError

    def parse(self, reader: sidefile.NodeReader, root: yaml.Node, top: dict) -> T:
        """The value from the top mapping ``top`` ({key: (key node, value node)})."""
        raise NotImplementedError

    def document(self, value: T) -> dict:
        """The mapping written below ``schema:``."""
        raise NotImplementedError


class PlainFile(SideFile[object]):
    """A YAML file whose caller checks the shape itself (the user's own trust file and
    configuration, outside any repository): the same safe reading, plain values out
    (None when the file is absent or empty)."""

    def __init__(self, root: Path, rel: str, *, what: str, error: type[SpecauditError]):
        super().__init__(root, rel)
        self.what = what
        self.error = error

    def empty(self) -> object:
        return None

    def parse(self, reader: sidefile.NodeReader, root: yaml.Node, top: dict) -> object:
        return reader.plain(root, f"the {self.what}")


class AuditFile(SideFile[Audit]):
    """``.specaudit/<spec>.audit.yaml``: parsed by ``core/auditfile`` (on ``core/sidefile``);
    ``app/audit_store`` holds the one write path (lock, size checks, undo entries)."""

    what = "audit file"
    limit = LIMITS.max_audit_bytes
    schema_required = True

    def __init__(self, root: Path, rel: str, spec: str):
        super().__init__(root, rel)
        self.spec = spec

    def empty(self) -> Audit:
        return Audit(spec=self.spec)

    def _load(self, raw: bytes) -> Audit:
        return parse_audit(self._decode(raw), self.rel)

    def _dump(self, value: Audit) -> bytes:
        return dump_audit(value).encode("utf-8")

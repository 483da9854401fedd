"""The diff side of the data model: ChangeSet, FileDiff, Hunk.

A ChangeSet keeps the patch bytes it was parsed from; files and hunks hold offsets
into them. Counting and boundaries are done by C-level byte scans, and a file's lines
are split and decoded only when somebody asks for them, so a million-line range costs
little more than the bytes git wrote.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

# Git's file modes that change how a file is shown.
MODE_SYMLINK = "120000"
MODE_SUBMODULE = "160000"


class DiffLine(NamedTuple):
    """One body line of a hunk. ``kind`` is " ", "-" or "+"; numbers are 1-based or 0."""

    kind: str
    old_no: int
    new_no: int
    text: str
    no_newline: bool = False  # followed by "\ No newline at end of file"


# An added body line of a hunk: "+" at a line start (hunk headers start with "@@").
_ADDED = re.compile(rb"^\+(.*)$", re.MULTILINE)


def decode_line(raw: bytes) -> tuple[str, bool]:
    """Decode one line; invalid UTF-8 falls back to cp1252/latin-1 and is flagged."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252"), True
        except UnicodeDecodeError:
            return raw.decode("latin-1"), True


@dataclass(eq=False, slots=True)
class Hunk:
    old_start: int
    old_lines: int
    new_start: int
    new_lines: int
    section: str = ""  # the function context git prints after the second @@
    pos: int = 0  # byte offset of the header line within the file's body
    # Body line indexes into the owning file's ``raw_lines()`` (half-open); set when
    # the file's lines are first split (see FileDiff._index_hunks).
    first: int = -1
    end: int = -1
    # A weak back-reference: a strong one would make every file a reference cycle, which
    # only the cyclic GC frees, and full GC passes over a 1M-line change stall the GUI.
    _file: weakref.ref | None = field(default=None, repr=False)

    @property
    def header(self) -> str:
        return f"@@ -{self.old_start},{self.old_lines} +{self.new_start},{self.new_lines} @@"

    @property
    def lines(self) -> list[DiffLine]:
        owner = self._file() if self._file is not None else None
        assert owner is not None, "a hunk's lines need the FileDiff it came from"
        return owner.hunk_lines(self)


@dataclass(eq=False)
class FileDiff:
    status: str  # A M D R C T
    old_path: str | None
    new_path: str | None
    added: int = 0
    removed: int = 0
    binary: bool = False
    similarity: int | None = None  # percent, for renames and copies
    old_mode: str | None = None
    new_mode: str | None = None
    old_oid: str | None = None
    new_oid: str | None = None
    old_size: int | None = None  # bytes; filled for binary files when known
    new_size: int | None = None
    hunks: list[Hunk] = field(default_factory=list)
    # Where this file's hunk bodies live in the change set's patch bytes.
    _data: bytes = field(default=b"", repr=False)
    _body: tuple[int, int] = (0, 0)
    _raw: list[bytes] | None = field(default=None, repr=False)
    _decoded: list[str] | None = field(default=None, repr=False)
    non_utf8: bool = False  # some line needed the fallback decoding
    _crlf: bool | None = field(default=None, repr=False)

    @property
    def path(self) -> str:
        return self.new_path if self.status != "D" and self.new_path else (self.old_path or "")

    @property
    def symlink(self) -> bool:
        return MODE_SYMLINK in (self.old_mode, self.new_mode)

    @property
    def submodule(self) -> bool:
        return MODE_SUBMODULE in (self.old_mode, self.new_mode)

    @cached_property
    def content_key(self) -> str:
        """Changes whenever the file's change changes (for 'reviewed' marks). Hashes the
        file's patch bytes once, on first use: never for every file of a huge change."""
        import hashlib

        h = hashlib.sha1(usedforsecurity=False)
        h.update(f"{self.status}\0{self.old_path}\0{self.new_path}\0{self.old_oid}\0{self.new_oid}\0".encode())
        a, b = self._body
        h.update(memoryview(self._data)[a:b])
        return h.hexdigest()

    @property
    def body_size(self) -> int:
        """Bytes of this file's hunks in the patch (headers included)."""
        return self._body[1] - self._body[0]

    def body_bytes(self) -> bytes:
        """This file's hunks as git wrote them: each ``Hunk.pos`` is an offset in here."""
        a, b = self._body
        return self._data[a:b]

    def raw_lines(self) -> list[bytes]:
        """Hunk-header and body lines of this file, split on demand (cached)."""
        if self._raw is None:
            a, b = self._body
            self._raw = self._data[a:b].split(b"\n") if b > a else []
            self._index_hunks()
        return self._raw

    def release_lines(self) -> None:
        """Drop the split/decoded lines cache (a view calls this when it moves on)."""
        self._raw = None
        self._decoded = None

    def _index_hunks(self) -> None:
        if not self.hunks or self.hunks[0].first >= 0:
            return
        a, b = self._body
        data, line, prev = self._data, 0, a
        for h in self.hunks:
            line += data.count(b"\n", prev, a + h.pos)
            prev = a + h.pos
            h.first = line + 1
        for h, nxt in zip(self.hunks, self.hunks[1:], strict=False):
            h.end = nxt.first - 1
        self.hunks[-1].end = data.count(b"\n", a, b) + 1

    def all_crlf(self) -> bool:
        """Every line the diff shows ends in CR LF (a Windows-written file): its carriage
        returns are the file's way, not a change worth a mark on each line."""
        if self._crlf is None:
            lines = [t for t in self.text_lines() if t[:1] in ("+", "-", " ")]
            self._crlf = bool(lines) and all(t.endswith("\r") for t in lines)
        return self._crlf

    def text_lines(self) -> list[str]:
        """Decoded raw lines (prefix char included), decoded once per file."""
        self._index_hunks()
        if self._decoded is None:
            a, b = self._body
            chunk = self._data[a:b]
            try:
                self._decoded = chunk.decode("utf-8").split("\n") if b > a else []
            except UnicodeDecodeError:
                out = []
                for raw in self.raw_lines():
                    text, fell_back = decode_line(raw)
                    self.non_utf8 |= fell_back
                    out.append(text)
                self._decoded = out
        return self._decoded

    def added_texts(self) -> list[tuple[str, ...]]:
        """The text of each hunk's added lines, in hunk order, cut from the patch bytes by
        one C-level scan per hunk: no DiffLine per line (a rewritten 200 MB file has
        millions) and no decoding of the removed and context lines."""
        a, b = self._body
        data = self._data
        bounds = [a + h.pos for h in self.hunks] + [b]
        out: list[tuple[str, ...]] = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            raw = _ADDED.findall(data, start, end)
            try:
                out.append(tuple(b"\n".join(raw).decode("utf-8").split("\n")) if raw else ())
            except UnicodeDecodeError:
                self.non_utf8 = True
                out.append(tuple(decode_line(r)[0] for r in raw))
        return out

    def _numbered(self, hunk: Hunk) -> Iterator[tuple[str, int, int, str]]:
        """(kind, old line number, new line number, text) of each line of a hunk: the one
        place a hunk's lines are numbered (a "\\ No newline" marker has kind "\\")."""
        texts = self.text_lines()
        old_no, new_no = hunk.old_start, hunk.new_start
        for i in range(hunk.first, hunk.end):
            t = texts[i]
            kind = t[:1] or " "
            yield kind, old_no, new_no, t[1:]
            if kind == " ":
                old_no += 1
                new_no += 1
            elif kind == "-":
                old_no += 1
            elif kind == "+":
                new_no += 1

    def hunk_lines(self, hunk: Hunk) -> list[DiffLine]:
        out: list[DiffLine] = []
        for kind, old_no, new_no, text in self._numbered(hunk):
            if kind == "\\":
                if out:
                    out[-1] = out[-1]._replace(no_newline=True)
            elif kind == " ":
                out.append(DiffLine(" ", old_no, new_no, text))
            elif kind == "-":
                out.append(DiffLine("-", old_no, 0, text))
            elif kind == "+":
                out.append(DiffLine("+", 0, new_no, text))
        return out

    def sides(self, hunk: Hunk) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(line number, text) of the hunk's added lines and of its removed lines, without a
        DiffLine per line (evidence reads every line of a change)."""
        added: list[tuple[int, str]] = []
        removed: list[tuple[int, str]] = []
        for kind, old_no, new_no, text in self._numbered(hunk):
            if kind == "+":
                added.append((new_no, text))
            elif kind == "-":
                removed.append((old_no, text))
        return added, removed

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "added": self.added,
            "removed": self.removed,
            "binary": self.binary,
            "similarity": self.similarity,
            "old_mode": self.old_mode,
            "new_mode": self.new_mode,
            "old_size": self.old_size,
            "new_size": self.new_size,
            "symlink": self.symlink,
            "submodule": self.submodule,
            "hunks": [
                {
                    "old_start": h.old_start,
                    "old_lines": h.old_lines,
                    "new_start": h.new_start,
                    "new_lines": h.new_lines,
                }
                for h in self.hunks
            ],
        }


@dataclass(eq=False)
class ChangeSet:
    source: str  # "HEAD~1..HEAD", "working tree (unstaged)", "patch: fix.diff"
    files: list[FileDiff] = field(default_factory=list)
    data: bytes = field(default=b"", repr=False)
    base: str | None = None  # resolved old commit, when there is one
    target: str | None = None  # resolved new commit; None for the working tree or a patch

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def removed(self) -> int:
        return sum(f.removed for f in self.files)

    def summary(self) -> str:
        """"HEAD~1..HEAD: 2 files, +12 -3" (long commit ids in the source shortened)."""
        from specaudit.core.commits import short_commit_ids

        n = len(self.files)
        return f"{short_commit_ids(self.source)}: {n} file{'s' if n != 1 else ''}, +{self.added} -{self.removed}"

    def file(self, path: str) -> FileDiff | None:
        for f in self.files:
            if path in (f.new_path, f.old_path):
                return f
        return None

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "base": self.base,
            "target": self.target,
            "files": [f.to_json() for f in self.files],
        }

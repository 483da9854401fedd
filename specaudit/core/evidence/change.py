"""The change as evidence sees it: per file, the lines the change added (or, for a file it
only deletes from, the lines removed), its hunks, and the names it defines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from specaudit.core.evidence.paths import is_spec_document, path_role
from specaudit.core.evidence.tokens import DERIVED, digest, lines_digest
from specaudit.settings import LIMITS

_TODO = re.compile(r"\b(TODO|FIXME|XXX|HACK)\b")
_ASSIGN_OR_CALL = re.compile(r"[=(]")


def todo_mark(text: str) -> bool:
    """The line holds a TODO, FIXME, XXX or HACK mark."""
    return _TODO.search(text) is not None


def todo_note(text: str) -> bool:
    """A short line that is a to-do note, not code (``// TODO: retry with backoff``, not
    ``status = "TODO"``): it says what is not done, so it is no evidence that anything is."""
    return todo_mark(text) and len(text.strip()) < 120 and not _ASSIGN_OR_CALL.search(text)


# A name being defined: "def x", "class X", "func (r *T) X", "const x =", "fn x", "type X".
# Matched over a file's joined lines, so no part of it may cross a line end.
_DEF = re.compile(
    r"\b(?:function\*?|class|def|const|let|var|type|interface|func|struct|enum|fn|trait|impl|module|"
    r"object|record|protocol|macro)[^\S\n]+(?:\([^)\n]*\)[^\S\n]*)?([A-Za-z_$][\w$]*)")


@dataclass
class FileLines:
    path: str
    side: str  # "new", or "old" for a file the change only removes lines from
    role: str
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    hunks: list[tuple[int, int]] = field(default_factory=list)  # (first, last) of those lines, per hunk
    size: int = 0  # lines added plus removed: the "biggest hunks first" baseline's measure
    _text: dict[int, str] | None = field(default=None, repr=False, compare=False)
    _firsts: list[int] | None = field(default=None, repr=False, compare=False)
    _key: bytes | None = field(default=None, repr=False, compare=False)

    def key(self) -> bytes:
        """A digest of everything the file's derived data (units, terms, definitions) reads."""
        if self._key is None:
            self._key = digest(self.path, self.side, tuple(self.hunks),
                               lines_digest([t for _no, t in self.lines], [no for no, _t in self.lines]))
        return self._key

    def text_of(self) -> dict[int, str]:
        """Line number -> text (built once: units, spans and evidence lines all look lines up)."""
        if self._text is None:
            self._text = dict(self.lines)
        return self._text

    def said(self) -> str:
        """The file's changed text as evidence reads it as a whole (its text rank, the words
        a proposal's file shares): to-do notes left out, at most ``evidence_max_file_chars``."""
        return "\n".join(t for _no, t in self.lines if not todo_note(t))[:LIMITS.evidence_max_file_chars]

    def hunk_of(self, line: int) -> tuple[int, int] | None:
        # Hunks come in order and never overlap: bisect instead of a scan per line.
        if self._firsts is None:
            ordered = all(a[1] < b[0] for a, b in zip(self.hunks, self.hunks[1:], strict=False))
            self._firsts = [h[0] for h in self.hunks] if ordered else []
        if self._firsts or not self.hunks:
            i = bisect_right(self._firsts, line) - 1
            if i >= 0 and self.hunks[i][0] <= line <= self.hunks[i][1]:
                return self.hunks[i]
            return None
        for first, last in self.hunks:
            if first <= line <= last:
                return first, last
        return None


def unread(fd) -> bool:
    """A file whose change is too big to read line by line for evidence (generated, vendored):
    millions of lines no reviewer reads; their text would cost seconds and gigabytes."""
    return fd.added + fd.removed > LIMITS.evidence_max_file_lines


def _hunks_only(fd, path: str) -> FileLines:
    new = [(h.new_start, h.new_start + h.new_lines - 1) for h in fd.hunks if h.new_lines]
    old = [(h.old_start, h.old_start + h.old_lines - 1) for h in fd.hunks if h.old_lines]
    fl = FileLines(path, "new" if new else "old", path_role(path), [], new or old)
    fl.size = fd.added + fd.removed
    return fl


class ChangeIndex:
    """Files of a ``core.diff.ChangeSet``, the spec's own documents left out."""

    def __init__(self, changeset, spec_roots: tuple[str, ...]) -> None:
        self.files: dict[str, FileLines] = {}
        self.spec_documents: list[str] = []
        self.renamed_from: dict[str, str] = {}
        for fd in changeset.files:
            if fd.binary or fd.submodule:
                continue
            path = fd.path
            if is_spec_document(path, spec_roots):
                self.spec_documents.append(path)
                continue
            if fd.old_path and fd.new_path and fd.old_path != fd.new_path:
                self.renamed_from[fd.old_path] = path
            if unread(fd):  # still a changed file (tasks naming it), its hunks without their lines
                self.files[path] = _hunks_only(fd, path)
                continue
            added: list[tuple[int, str]] = []
            removed: list[tuple[int, str]] = []
            hunks_new: list[tuple[int, int]] = []
            hunks_old: list[tuple[int, int]] = []
            for hunk in fd.hunks:
                a, r = fd.sides(hunk)
                if a:
                    added += a
                    hunks_new.append((a[0][0], a[-1][0]))
                if r:
                    removed += r
                    hunks_old.append((r[0][0], r[-1][0]))
            if added:
                fl = FileLines(path, "new", path_role(path), added, hunks_new)
            elif removed:
                fl = FileLines(path, "old", path_role(path), removed, hunks_old)
            else:
                continue
            fl.size = len(added) + len(removed)
            self.files[path] = fl
        self._defs: dict[str, list[tuple[str, int]]] | None = None
        self._by_base: dict[str, list[str]] | None = None
        self._by_stem: dict[str, list[str]] | None = None

    @classmethod
    def from_paths(cls, paths, spec_roots: tuple[str, ...]) -> ChangeIndex:
        """Only which files changed (for task-list findings, where lines do not matter)."""
        index = cls.__new__(cls)
        index.files, index.spec_documents, index.renamed_from = {}, [], {}
        for path in paths:
            if is_spec_document(path, spec_roots):
                index.spec_documents.append(path)
            else:
                index.files[path] = FileLines(path, "new", path_role(path))
        index._defs, index._by_base, index._by_stem = None, None, None
        return index

    def definitions(self, name: str) -> list[tuple[str, int]]:
        """(path, line) of the added lines that define ``name``."""
        if self._defs is None:
            defs: dict[str, list[tuple[str, int]]] = {}
            file_of = {digest("defs", fl.key()): fl for fl in self.files.values() if fl.side == "new"}
            held = DERIVED.fetch_all(list(file_of), lambda key: _defined(file_of[key]))
            for key, fl in file_of.items():
                for n, no in held[key]:
                    defs.setdefault(n, []).append((fl.path, no))
            self._defs = defs
        return self._defs.get(name, [])

    def resolve_path(self, token: str) -> list[str]:
        """Changed files a path named in prose refers to: exact, a suffix of the path, or
        (for a bare file name) the files with that name."""
        token = token.strip().strip("`'\"").removeprefix("./").rstrip(":,.")
        if not token or token.endswith("/"):
            return []
        if token in self.files:
            return [token]
        token = self.renamed_from.get(token, token)
        if token in self.files:
            return [token]
        if "/" in token:
            tail = "/" + token
            return [p for p in self.files if p.endswith(tail)]
        if self._by_base is None:
            self._by_base = {}
            for p in self.files:
                self._by_base.setdefault(p.rsplit("/", 1)[-1], []).append(p)
        return self._by_base.get(token, [])[:4]

    def files_named(self, ident: str) -> list[str]:
        """Files whose name is the identifier (``useTodos`` -> ``useTodos.ts``, its test too)."""
        want = _fold(ident)
        if len(want) < 4:
            return []
        if self._by_stem is None:  # folded file stem -> files, built once
            self._by_stem = {}
            for p in self.files:
                self._by_stem.setdefault(_fold(p.rsplit("/", 1)[-1].split(".", 1)[0]), []).append(p)
        found = {p for f in (want, want + "test", "test" + want, want + "spec") for p in self._by_stem.get(f, ())}
        return [p for p in self.files if p in found]


def _defined(fl: FileLines) -> list[tuple[str, int]]:
    """(name, line) of each definition on the file's lines, in order: one regex pass over
    the joined lines, each match placed by bisection."""
    starts = [0]
    for _no, text in fl.lines:
        starts.append(starts[-1] + len(text) + 1)
    return [(m.group(1), fl.lines[bisect_right(starts, m.start()) - 1][0])
            for m in _DEF.finditer("\n".join(text for _no, text in fl.lines))]


def _fold(name: str) -> str:
    return re.sub(r"[-_.]", "", name).lower()

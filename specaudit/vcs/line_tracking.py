"""Following line ranges through history with git's own diff (renames included).

Reads only, through SafeGit. ``TreeDiff`` is one ``git diff -M -U0 A B`` parsed into
per-file hunks; ``Tracker`` caches those diffs and blobs so a check that follows
thousands of anchors from a handful of commits runs one diff per distinct commit.
The range arithmetic itself is pure (``specaudit.core.drift.map_range``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specaudit.core.drift import Hunk, Tracked, find_block, map_range
from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, check_ref

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"n": b"\n", b"t": b"\t", b'"': b'"', b"\\": b"\\", b"a": b"\a", b"b": b"\b",
            b"f": b"\f", b"r": b"\r", b"v": b"\v"}

DIFF_OPTS: tuple[str, ...] = (
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--unified=0",
    "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules",
)


def unquote_path(raw: bytes) -> str:
    """Undo git's C-style quoting of unusual paths ("a/tab\\there")."""
    if not raw.startswith(b'"') or not raw.endswith(b'"') or len(raw) < 2:
        return raw.decode("utf-8", "surrogateescape")
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i:i + 1]
        if ch == b"\\" and i + 1 < len(body):
            nxt = body[i + 1:i + 2]
            if nxt.isdigit():
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += ch
        i += 1
    return bytes(out).decode("utf-8", "surrogateescape")


def _strip_prefix(path: str, prefix: str) -> str:
    return path[len(prefix):] if path.startswith(prefix) else path


@dataclass
class FileChange:
    """One file's change between two commits. ``old_path`` None = added, ``new_path`` None = deleted."""

    old_path: str | None
    new_path: str | None
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


def _paths_from_git_line(line: bytes) -> tuple[str, str] | None:
    rest = line[len(b"diff --git "):]
    if rest.startswith(b'"'):
        end = rest.index(b'" ', 1) + 1 if b'" ' in rest[1:] else -1
        if end <= 0:
            return None
        return unquote_path(rest[:end])[2:], unquote_path(rest[end + 1:])[2:]
    # Unquoted: "a/P b/P" -- unambiguous when both halves name the same path.
    half = (len(rest) - 1) // 2
    a, b = rest[:half], rest[half + 1:]
    if a.startswith(b"a/") and b.startswith(b"b/") and a[2:] == b[2:]:
        p = a[2:].decode("utf-8", "surrogateescape")
        return p, p
    return None


def parse_diff(out: bytes) -> list[FileChange]:
    """Parse ``git diff -U0`` output (see DIFF_OPTS) into FileChanges with hunks and added text."""
    files: list[FileChange] = []
    lines = out.split(b"\n")
    i, n = 0, len(lines)
    cur: FileChange | None = None
    while i < n:
        line = lines[i]
        if line.startswith(b"diff --git "):
            pair = _paths_from_git_line(line)
            cur = FileChange(*(pair or (None, None)))
            files.append(cur)
        elif cur is None:
            pass
        elif line.startswith(b"new file mode"):
            cur.old_path = None
        elif line.startswith(b"deleted file mode"):
            cur.new_path = None
        elif line.startswith(b"rename from "):
            cur.old_path = unquote_path(line[len(b"rename from "):])
        elif line.startswith(b"rename to "):
            cur.new_path = unquote_path(line[len(b"rename to "):])
        elif line.startswith((b"--- ", b"+++ ")):
            # git ends a name containing spaces with a TAB here (for GNU patch).
            p = line[4:].removesuffix(b"\t") if not line[4:].startswith(b'"') else line[4:]
            name = None if p == b"/dev/null" else unquote_path(p)
            if line.startswith(b"-"):
                cur.old_path = None if name is None else _strip_prefix(name, "a/")
            else:
                cur.new_path = None if name is None else _strip_prefix(name, "b/")
        elif line.startswith(b"Binary files "):
            cur.binary = True
        elif m := _HUNK.match(line):
            old_start, new_start = int(m.group(1)), int(m.group(3))
            old_count = int(m.group(2)) if m.group(2) is not None else 1
            new_count = int(m.group(4)) if m.group(4) is not None else 1
            added: list[str] = []
            i += 1
            seen_old = seen_new = 0
            while i < n and (seen_old < old_count or seen_new < new_count or lines[i].startswith(b"\\")):
                body = lines[i]
                if body.startswith(b"-"):
                    seen_old += 1
                elif body.startswith(b"+"):
                    seen_new += 1
                    added.append(body[1:].decode("utf-8", "surrogateescape"))
                elif not body.startswith(b"\\"):
                    break
                i += 1
            cur.hunks.append(Hunk(old_start, old_count, new_start, new_count, tuple(added)))
            continue
        i += 1
    return files


def split_lines(raw: bytes) -> list[str]:
    """Lines as git numbers them: split on LF only (not form feed or U+2028), CR dropped."""
    text = raw.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines]


def lines_at(repo: SafeGit, commit: str, path: str) -> list[str] | None:
    """The file's lines at ``commit`` (None if it does not exist there)."""
    check_ref(commit)
    try:
        raw = repo.run("cat-file", "blob", f"{commit}:{path}")
    except GitError:
        return None
    return split_lines(raw)


def batch_lines(repo: SafeGit, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str] | None]:
    """Many (commit, path) blobs through one ``git cat-file --batch``."""
    wanted = [(c, p) for c, p in pairs if "\n" not in p and "\r" not in p]
    out: dict[tuple[str, str], list[str] | None] = {}
    if wanted:
        for c, _ in wanted:
            check_ref(c)
        data = repo.run("cat-file", "--batch", stdin="".join(f"{c}:{p}\n" for c, p in wanted).encode(
            "utf-8", "surrogateescape"))
        pos = 0
        for key in wanted:
            end = data.index(b"\n", pos)
            header = data[pos:end].split(b" ")
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                out[key] = split_lines(data[pos:pos + size])
                pos += size + 1
            else:
                if len(header) == 3:  # a tree or commit named by mistake: skip its body
                    pos += int(header[2]) + 1
                out[key] = None
    for c, p in pairs:
        if (c, p) not in out:
            out[(c, p)] = lines_at(repo, c, p)
    return out


class Tracker:
    """Follows ranges from anchor commits to one target commit, caching diffs and blobs."""

    def __init__(self, repo: SafeGit, target: str):
        self.repo = repo
        self.target = target
        self._diffs: dict[str, dict[str, FileChange]] = {}
        self._blobs: dict[tuple[str, str], list[str] | None] = {}
        self._ancestry: dict[tuple[str, str], bool] = {}
        self._hints: set[tuple[str, str]] = set()

    def diff(self, base: str) -> list[FileChange]:
        return list(self._by_old_path(base).values())

    def _by_old_path(self, base: str) -> dict[str, FileChange]:
        if base not in self._diffs:
            check_ref(base)
            out = self.repo.run("diff", *DIFF_OPTS, base, self.target, "--")
            self._diffs[base] = {
                (fc.old_path if fc.old_path is not None else "\0new:" + (fc.new_path or "")): fc
                for fc in parse_diff(out)
            }
        return self._diffs[base]

    def hint(self, commit: str, path: str) -> None:
        """Announce an anchor that will be tracked, so the blobs it may need (when its
        lines changed) are fetched together with the others in one git process."""
        self._hints.add((commit, path))

    def blob(self, commit: str, path: str) -> list[str] | None:
        key = (commit, path)
        if key not in self._blobs:
            batch = {key}
            for c, p in self._hints:
                fc = self._by_old_path(c).get(p)
                if fc is not None and fc.new_path is not None and not fc.binary:
                    batch |= {(c, p), (self.target, fc.new_path)}
            self._hints.clear()
            self._blobs.update(batch_lines(self.repo, sorted(batch - self._blobs.keys())))
        return self._blobs[key]

    def is_ancestor(self, older: str, newer: str) -> bool:
        key = (older, newer)
        if key not in self._ancestry:
            base = self.repo.run("merge-base", older, newer, ok_codes=(0, 1)).decode().strip()
            self._ancestry[key] = base == older
        return self._ancestry[key]

    def track(self, commit: str, path: str, first: int, last: int) -> Tracked:
        """Where lines ``first..last`` of ``path`` at ``commit`` are at the target, and
        whether their content changed. A range that only moved (lines inserted above,
        the file renamed, the block cut and pasted elsewhere) is not changed."""
        if commit == self.target:
            return Tracked(path, first, last, changed=False, moved=False, deleted=False)
        fc = self._by_old_path(commit).get(path)
        if fc is None:
            if self.blob(commit, path) is None:
                return Tracked(None, first, last, changed=True, moved=False, deleted=True)
            return Tracked(path, first, last, changed=False, moved=False, deleted=False)
        if fc.new_path is None:
            return Tracked(None, first, last, changed=True, moved=False, deleted=True)
        renamed = fc.new_path != path
        if fc.binary:
            return Tracked(fc.new_path, first, last, changed=True, moved=renamed, deleted=False)
        new_first, new_last, changed = map_range(fc.hunks, first, last)
        if changed:
            old_lines = self.blob(commit, path) or []
            new_lines = self.blob(self.target, fc.new_path) or []
            found = find_block(old_lines[first - 1:last], new_lines, near=new_first)
            if found is not None:
                return Tracked(fc.new_path, found, found + (last - first), changed=False, moved=True, deleted=False)
        moved = renamed or (new_first, new_last) != (first, last)
        return Tracked(fc.new_path, new_first, new_last, changed=changed, moved=moved, deleted=False)


def oldest_commit_containing(repo: SafeGit, path: str, needle: str) -> str | None:
    """The oldest commit whose change to ``path`` added ``needle`` (git's pickaxe)."""
    if not needle or "\n" in needle:
        return None
    out = repo.text("log", "--format=%H", "--no-textconv", "--no-ext-diff", f"-S{needle}", "--", path)
    hashes = out.split()
    return hashes[-1] if hashes else None

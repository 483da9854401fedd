"""Following line ranges through history with git's own diff (renames included).

Reads only, through SafeGit. ``parse_diff`` turns one ``git diff -M -U0 A B`` into
per-file hunks with the one diff parser (``specaudit.core.diff``); ``Tracker`` caches
those diffs and blobs so a check that follows thousands of anchors from a handful of
commits runs one diff per distinct commit.
The range arithmetic itself is pure (``specaudit.core.drift.map_range``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specaudit.core.diff import parse_patch
from specaudit.core.drift import Hunk, Tracked, find_block, map_range
from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit, check_ref, split_lines

__all__ = ["DIFF_OPTS", "FileChange", "Tracker", "batch_blobs", "batch_lines", "lines_at", "oldest_commit_containing",
           "parse_diff", "split_lines"]

DIFF_OPTS: tuple[str, ...] = (
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--unified=0",
    "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules",
)


@dataclass
class FileChange:
    """One file's change between two commits. ``old_path`` None = added, ``new_path`` None = deleted."""

    old_path: str | None
    new_path: str | None
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


def parse_diff(out: bytes) -> list[FileChange]:
    """``git diff -U0`` output (see DIFF_OPTS), parsed by the one diff parser
    (:mod:`specaudit.core.diff`), as per-file hunks with their added text."""
    changes = []
    for fd in parse_patch(out, "line tracking", trusted=True).files:
        hunks = [Hunk(h.old_start, h.old_lines, h.new_start, h.new_lines, added)
                 for h, added in zip(fd.hunks, fd.added_texts(), strict=True)]
        changes.append(FileChange(fd.old_path, fd.new_path, hunks, fd.binary))
    return changes


def lines_at(repo: SafeGit, commit: str, path: str) -> list[str] | None:
    """The file's lines at ``commit`` (None if it does not exist there)."""
    check_ref(commit)
    try:
        raw = repo.run("cat-file", "blob", f"{commit}:{path}")
    except GitError:
        return None
    return split_lines(raw)


def batch_blobs(repo: SafeGit, names: list[str]) -> dict[str, bytes | None]:
    """Many objects named ``commit:path`` (or by blob id) through one ``git cat-file
    --batch``; a name that is not a blob maps to None."""
    wanted = [n for n in dict.fromkeys(names) if "\n" not in n and "\r" not in n]
    out: dict[str, bytes | None] = {}
    if not wanted:
        return out
    for n in wanted:
        check_ref(n)
    data = repo.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in wanted).encode("utf-8", "surrogateescape"))
    pos = 0
    for key in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[key] = data[pos:pos + size]
            pos += size + 1
        else:
            if len(header) == 3:  # a tree or commit named by mistake: skip its body
                pos += int(header[2]) + 1
            out[key] = None
    return out


def batch_lines(repo: SafeGit, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str] | None]:
    """Many (commit, path) blobs through one ``git cat-file --batch``."""
    wanted = [(c, p) for c, p in pairs if "\n" not in p and "\r" not in p]
    for c, _ in wanted:
        check_ref(c)
    blobs = batch_blobs(repo, [f"{c}:{p}" for c, p in wanted])
    out: dict[tuple[str, str], list[str] | None] = {}
    for c, p in wanted:
        raw = blobs.get(f"{c}:{p}")
        out[(c, p)] = split_lines(raw) if raw is not None else None
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

"""Following line ranges through history with git's own diff (renames included).

Reads only, through SafeGit. One ``git diff -M -U0 A B`` is parsed by the one diff
parser into the one diff model (``specaudit.core.diff``: FileDiff, Hunk); ``Tracker``
caches those diffs and blobs so a check that follows thousands of anchors from a handful of
commits runs one diff per distinct commit. The diff algorithm is the one the window shows
(histogram), so a change set already loaded for the same two commits stands in for that
diff (``adopt``: its ``-U0`` view, ``core/diff/zero_context``) and git is not asked twice.
The range arithmetic itself is pure (``specaudit.core.drift.map_range``).
"""

from __future__ import annotations

from specaudit.core.diff import ChangeSet, FileDiff, parse_patch
from specaudit.core.diff.zero_context import zero_context
from specaudit.core.drift import Tracked, find_block, map_range
from specaudit.vcs.blobs import batch_lines
from specaudit.vcs.queries import merge_base
from specaudit.vcs.runner import SafeGit, check_ref

__all__ = ["DIFF_OPTS", "Tracker", "oldest_commit_containing"]

DIFF_OPTS: tuple[str, ...] = (
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--unified=0",
    "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules", "--diff-algorithm=histogram",
)


# A block at least this long (its characters, spaces aside) is followed into another file
# that the same change pasted it into whole; shorter ones could be anywhere.
MOVED_MIN_CHARS = 24


class Tracker:
    """Follows ranges from anchor commits to one target commit, caching diffs and blobs."""

    def __init__(self, repo: SafeGit, target: str):
        self.repo = repo
        self.target = target
        self._diffs: dict[str, dict[str, FileDiff]] = {}
        self._blobs: dict[tuple[str, str], list[str] | None] = {}
        self._ancestry: dict[tuple[str, str], bool] = {}
        self._hints: set[tuple[str, str]] = set()
        self._added: dict[str, tuple[dict[str, list[tuple[str, int]]], dict[tuple[str, int], str]]] = {}

    def diff(self, base: str) -> list[FileDiff]:
        return list(self._by_old_path(base).values())

    def _by_old_path(self, base: str) -> dict[str, FileDiff]:
        if base not in self._diffs:
            check_ref(base)
            out = self.repo.run("diff", *DIFF_OPTS, base, self.target, "--")
            self._diffs[base] = _keyed(parse_patch(out, "line tracking", trusted=True).files)
        return self._diffs[base]

    def adopt(self, change: ChangeSet) -> bool:
        """Take a loaded change set of (base, this target) as the diff from its base.
        Its hunks are git's with context (the same algorithm and renames); without the
        context they are what DIFF_OPTS would print. Not when it found copies (tracking
        detects renames only: a copy is a new file there) or is another pair's."""
        base = change.base
        if base is None or change.target != self.target or any(fd.status == "C" for fd in change.files):
            return False
        if base not in self._diffs:
            self._diffs[base] = _keyed([zero_context(fd) for fd in change.files if not fd.submodule])
        return True

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
            self._ancestry[key] = merge_base(self.repo, older, newer) == older
        return self._ancestry[key]

    def track(self, commit: str, path: str, first: int, last: int) -> Tracked:
        """Where lines ``first..last`` of ``path`` at ``commit`` are at the target, and
        whether their content changed. A range that only moved (lines inserted above,
        the file renamed, the block cut and pasted elsewhere in the file or, whole and in
        one place, into another file) is not changed."""
        if commit == self.target:
            return Tracked(path, first, last, changed=False, moved=False, deleted=False)
        fc = self._by_old_path(commit).get(path)
        if fc is None:
            if self.blob(commit, path) is None:
                return Tracked(None, first, last, changed=True, moved=False, deleted=True)
            return Tracked(path, first, last, changed=False, moved=False, deleted=False)
        if fc.new_path is None:
            elsewhere = None if fc.binary else self._pasted(commit, (self.blob(commit, path) or [])[first - 1:last], None)
            if elsewhere is not None:
                return _moved_to(elsewhere, last - first)
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
            elsewhere = self._pasted(commit, old_lines[first - 1:last], fc.new_path)
            if elsewhere is not None:
                return _moved_to(elsewhere, last - first)
        moved = renamed or (new_first, new_last) != (first, last)
        return Tracked(fc.new_path, new_first, new_last, changed=changed, moved=moved, deleted=False)


    def _pasted(self, base: str, block: list[str], left: str | None) -> tuple[str, int] | None:
        """Where lines cut from one file were pasted whole into another by the diff from
        ``base`` (a regeneration that moved a function to a new module): the one place in
        another file whose added lines are the block (trailing whitespace aside), as (path,
        first line). None if nowhere, if in two places (which one holds the scar is a
        guess), or if the block is too short to tell (``return None`` is everywhere)."""
        want = [ln.rstrip() for ln in block]
        if sum(len(ln.strip()) for ln in want) < MOVED_MIN_CHARS:
            return None
        starts, added = self._added_lines(base)
        places = [(path, no) for path, no in starts.get(want[0], ()) if path != left and
                  all(added.get((path, no + i)) == line for i, line in enumerate(want))]
        return places[0] if len(places) == 1 else None

    def _added_lines(self, base: str) -> tuple[dict[str, list[tuple[str, int]]], dict[tuple[str, int], str]]:
        """The lines the diff from ``base`` adds: by text -> where, and where -> text."""
        got = self._added.get(base)
        if got is None:
            starts: dict[str, list[tuple[str, int]]] = {}
            added: dict[tuple[str, int], str] = {}
            for fc in self._by_old_path(base).values():
                if fc.new_path is None or fc.binary:
                    continue
                for h in fc.hunks:
                    for dl in h.lines:
                        if dl.kind == "+":
                            text = dl.text.rstrip()
                            starts.setdefault(text, []).append((fc.new_path, dl.new_no))
                            added[(fc.new_path, dl.new_no)] = text
            got = self._added[base] = (starts, added)
        return got


def _moved_to(place: tuple[str, int], span: int) -> Tracked:
    path, first = place
    return Tracked(path, first, first + span, changed=False, moved=True, deleted=False)


def _keyed(files: list[FileDiff]) -> dict[str, FileDiff]:
    return {(fc.old_path if fc.old_path is not None else "\0new:" + (fc.new_path or "")): fc for fc in files}


def oldest_commit_containing(repo: SafeGit, path: str, needle: str) -> str | None:
    """The oldest commit whose change to ``path`` added ``needle`` (git's pickaxe)."""
    if not needle or "\n" in needle:
        return None
    out = repo.text("log", "--format=%H", "--no-textconv", "--no-ext-diff", f"-S{needle}", "--", path)
    hashes = out.split()
    return hashes[-1] if hashes else None

"""Whose work a commit is. One range can hold the work of several specs (a release's
range, two Kiro specs built one after the other), and their numbering collides: every
Kiro spec has a criterion ``1.1``, every Spec Kit spec an ``FR-001``. A commit that ticks
another spec's task list, and touches nothing of this spec's, was doing that spec's work:
its message and the citations in the files only such commits wrote are that spec's."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from specaudit.core.evidence.model import Commit


@dataclass(frozen=True)
class OthersWork:
    """What of a range was another spec's work (empty: none, or nothing known of it)."""

    commits: frozenset[str] = frozenset()  # shas of commits doing another spec's work
    files: frozenset[str] = frozenset()  # changed paths that only such commits touched
    mixed: frozenset[str] = frozenset()  # changed paths such commits and others touched
    # In a mixed path, the lines (stripped) only commits doing another spec's work added.
    lines: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.commits)

    def theirs(self, path: str, text: str) -> bool:
        """Whether a citation on this line of ``path`` is another spec's."""
        return path in self.files or (path in self.lines and text.strip() in self.lines[path])

    def with_lines(self, added: dict[str, dict[str, tuple[str, ...]]]) -> OthersWork:
        """``added``: sha -> path -> the lines it added, for the commits touching mixed paths."""
        theirs: dict[str, set[str]] = {}
        ours: dict[str, set[str]] = {}
        for sha, files in added.items():
            into = theirs if sha in self.commits else ours
            for path, texts in files.items():
                if path in self.mixed:
                    into.setdefault(path, set()).update(t.strip() for t in texts)
        lines = {p: frozenset(t - ours.get(p, set())) for p, t in theirs.items()}
        return replace(self, lines={p: t for p, t in lines.items() if t})


# Folders that hold one folder per spec: Spec Kit's specs/, Kiro's .kiro/specs/, OpenSpec's
# changes/ and changes/archive/. A spec written as one file (specs/payments.md) has no
# siblings: a tasks.md elsewhere in the repository is not known to be another spec's.
_SPEC_CONTAINERS = frozenset({"specs", "changes", "archive"})


def _siblings(own: set[str]) -> Callable[[str], bool]:
    names = {PurePosixPath(p).name for p in own}
    roots = {r for p in own if (r := PurePosixPath(p).parent.parent).name in _SPEC_CONTAINERS}
    return lambda p: p not in own and PurePosixPath(p).name in names and PurePosixPath(p).parent.parent in roots


def ticked_elsewhere(commits: Iterable[Commit], own_task_lists: Iterable[str]) -> set[str]:
    """The other specs' task lists the commits touched: a ``tasks.md`` beside this spec's
    own (``.kiro/specs/b/tasks.md`` beside ``.kiro/specs/a/tasks.md``)."""
    sibling = _siblings(set(own_task_lists))
    return {p for cm in commits for p in cm.paths if sibling(p)}


def others_work(commits: Iterable[Commit], own_task_lists: Iterable[str], theirs: Collection[str]) -> OthersWork:
    """``own_task_lists``: where this spec's task lists are (or would be); ``theirs``: the
    task lists of other specs (those of ``ticked_elsewhere`` that still exist: one that
    went may be this spec's own under an earlier name)."""
    folders = tuple(str(PurePosixPath(p).parent) + "/" for p in own_task_lists)
    if not folders or not theirs:
        return OthersWork()
    commits = list(commits)
    lists = set(theirs)
    foreign = {cm.sha for cm in commits
               if not any(p.startswith(folders) for p in cm.paths) and not lists.isdisjoint(cm.paths)}
    if not foreign:
        return OthersWork()
    mine: set[str] = set()  # paths some commit not doing another spec's work touched
    for cm in commits:
        if cm.sha not in foreign:
            mine.update(cm.paths)
    touched = {p for cm in commits if cm.sha in foreign for p in cm.paths}
    return OthersWork(frozenset(foreign), frozenset(touched - mine), frozenset(touched & mine))

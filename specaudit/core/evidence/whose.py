"""Whose work a commit is. One range can hold the work of several specs (a release's
range, two Kiro specs built one after the other), and their numbering collides: every
Kiro spec has a criterion ``1.1``, every Spec Kit spec an ``FR-001``. A commit that ticks
another spec's task list, and touches nothing of this spec's, was doing that spec's work:
its message and the citations in the files only such commits wrote are that spec's."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePosixPath

from specaudit.core.evidence.model import Commit


@dataclass(frozen=True)
class OthersWork:
    """What of a range was another spec's work (empty: none, or nothing known of it)."""

    commits: frozenset[str] = frozenset()  # shas of commits doing another spec's work
    files: frozenset[str] = frozenset()  # changed paths that only such commits touched
    mixed: frozenset[str] = frozenset()  # changed paths such commits and others touched
    specs: tuple[str, ...] = ()  # the other specs' names (their folders), in order
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
# changes/ (whose archive/ holds the same changes, renamed DATE-name once built). A spec
# written as one file (specs/payments.md) has no siblings: a tasks.md elsewhere in the
# repository is not known to be another spec's.
_SPEC_CONTAINERS = frozenset({"specs", "changes"})
_ARCHIVED = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@lru_cache(maxsize=8192)  # a range's paths are asked about once per commit and per spec
def _set_of(path: str) -> tuple[str, str] | None:
    """(the folder of spec folders, the spec's name) a path belongs to, or None: the first
    folder from the top whose parent holds one folder per spec. An archived OpenSpec change
    (changes/archive/2025-11-30-add-x/) is the change it was (changes/, add-x)."""
    parts = PurePosixPath(path).parts
    for i in range(1, len(parts) - 1):
        if parts[i - 1] not in _SPEC_CONTAINERS:
            continue
        name = parts[i]
        if parts[i - 1] == "changes" and name == "archive":
            if i + 1 < len(parts) - 1:
                return "/".join(parts[:i]), _ARCHIVED.sub("", parts[i + 1])
            return None
        return "/".join(parts[:i]), name
    return None


@dataclass(frozen=True)
class _Own:
    """This spec's task lists, as both functions below read them."""

    lists: frozenset[str]
    names: frozenset[str]  # their file names (tasks.md)
    sets: frozenset[tuple[str, str]]  # (folder of spec folders, name) they belong to
    folders: tuple[str, ...]  # their folders, "/"-ended

    @staticmethod
    def of(task_lists: Iterable[str]) -> _Own:
        lists = frozenset(task_lists)
        return _Own(lists, frozenset(PurePosixPath(p).name for p in lists),
                    frozenset(k for p in lists if (k := _set_of(p)) is not None),
                    tuple(sorted(str(PurePosixPath(p).parent) + "/" for p in lists)))


def ticked_elsewhere(commits: Iterable[Commit], own_task_lists: Iterable[str]) -> set[str]:
    """The other specs' task lists the commits touched: a ``tasks.md`` of another spec in
    the same folder of spec folders (``.kiro/specs/b/tasks.md`` beside
    ``.kiro/specs/a/tasks.md``; ``openspec/changes/add-y/tasks.md`` and its archived copy
    beside ``openspec/changes/add-x``)."""
    own = _Own.of(own_task_lists)
    homes = {home for home, _name in own.sets}
    return {p for cm in commits for p in cm.paths
            if p not in own.lists and PurePosixPath(p).name in own.names and (k := _set_of(p)) is not None
            and k[0] in homes and k not in own.sets}


def others_work(commits: Iterable[Commit], own_task_lists: Iterable[str], theirs: Collection[str]) -> OthersWork:
    """``own_task_lists``: where this spec's task lists are (or would be); ``theirs``: the
    task lists of other specs (those of ``ticked_elsewhere`` that still exist: one that
    went may be this spec's own under an earlier name; an OpenSpec change's list counts
    when its archived copy exists)."""
    own = _Own.of(own_task_lists)
    others = {k for p in theirs if (k := _set_of(p)) is not None} - own.sets
    if not own.folders or not others:
        return OthersWork()
    commits = list(commits)

    def foreign_work(cm: Commit) -> bool:  # ticked another spec's list, touched nothing of this one's
        if any(p.startswith(own.folders) for p in cm.paths) or not own.sets.isdisjoint(map(_set_of, cm.paths)):
            return False
        return any(PurePosixPath(p).name in own.names and _set_of(p) in others for p in cm.paths)

    foreign = {cm.sha for cm in commits if foreign_work(cm)}
    if not foreign:
        return OthersWork()
    touched_mine: set[str] = set()  # paths some commit not doing another spec's work touched
    for cm in commits:
        if cm.sha not in foreign:
            touched_mine.update(cm.paths)
    touched = {p for cm in commits if cm.sha in foreign for p in cm.paths}
    return OthersWork(frozenset(foreign), frozenset(touched - touched_mine), frozenset(touched & touched_mine),
                      tuple(sorted({name for _home, name in others})))

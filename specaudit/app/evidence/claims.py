"""Which done tasks a range claims: the one rule for `check`'s code findings and task notes
and for `suggest`'s task notes.

A task list says "done" of work some commit did. A range claims the tasks it ticked (a
done line that is not, as it is, in the list at the range's base), and every done task of
a spec it implements (one whose done tasks name a file the range adds: the list was
ticked before the code was written), except a task done at the base whose files were all
there already: its work predates the range (backoffice-app's one-commit range adds a file
of T408 and so claimed 67 tasks done and written weeks before). "Task T012 is done but
the change touches none of its files" is said only of a claimed task: of the others, the
change is not the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher, matcher_for
from specaudit.core.evidence.tasks import Task, read_tasks
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.core.phantom_tasks import named
from specaudit.vcs.blobs import batch_blobs
from specaudit.vcs.runner import SafeGit

if TYPE_CHECKING:
    from specaudit.core.diff import FileDiff


@dataclass
class SpecTasks:
    spec: Spec
    lists: list[Spec]
    tasks: list[Task]
    ticked_here: set[tuple[str, str]]
    matcher: KeyMatcher
    before: set[tuple[str, str]] = field(default_factory=set)  # (list, task id) done at the base, files there too


def spec_tasks(repo: SafeGit, base: str, specs: list[Spec], task_lists: dict[str, list[Spec]]) -> list[SpecTasks]:
    """Each spec's task lists as the range reads them (``range_task_lists``: at the target),
    and which tasks this change ticked done (a done task whose line is not, as it is, in
    the list at ``base``)."""
    out = []
    names = [tl.path for spec in specs for tl in task_lists.get(spec.path, [])]
    blobs = batch_blobs(repo, [f"{base}:{p}" for p in names]) if names else {}
    for spec in specs:
        lists = task_lists.get(spec.path, [])
        matcher = matcher_for(spec, lists)
        tasks: list[Task] = []
        ticked: set[tuple[str, str]] = set()
        for tl in lists:
            now = read_tasks(tl, matcher, [])
            old = blobs.get(f"{base}:{tl.path}")
            before = set(decode_spec_bytes(old).split("\n")) if old is not None else set()
            rows = tl.text.split("\n")
            tasks += now
            ticked |= {(tl.path, t.id) for t in now
                       if t.done and (t.line > len(rows) or rows[t.line - 1] not in before)}
        out.append(SpecTasks(spec, lists, tasks, ticked, matcher, _done_before(repo, base, tasks, ticked)))
    return out


def _done_before(repo: SafeGit, base: str, tasks: list[Task], ticked: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """(list, task id) of the tasks done at ``base`` (not ticked since) whose named files
    all exist there (one ``cat-file``): work the range found done."""
    done = [t for t in tasks if t.done and (t.list_path, t.id) not in ticked and _files(t)]
    paths = sorted({p for t in done for p in _files(t)})
    there = batch_blobs(repo, [f"{base}:{p}" for p in paths]) if paths else {}
    return {(t.list_path, t.id) for t in done if all(there.get(f"{base}:{p}") is not None for p in _files(t))}


def _files(t: Task) -> list[str]:
    return [p for p in named(t) if p in t.paths]


def claimed(spec_tasks: list[SpecTasks], changes: Iterable[FileDiff]) -> set[tuple[str, int]]:
    """(task list, line) of the done tasks the range claims: the ones it ticked, and every
    done task of a spec it implements, one whose done tasks name a file the range adds (the
    list was ticked before the code was written). A list whose tasks only name files the
    range edits belongs to other work (hibi: a colour palette restyling the components a
    refactoring spec named)."""
    created = ChangeIndex.from_paths([fc.new_path for fc in changes if fc.status in ("A", "C") and fc.new_path], ())
    out: set[tuple[str, int]] = set()
    for st in spec_tasks:
        done = [t for t in st.tasks if t.done]
        implements = any(created.resolve_path(p) for t in done for p in _files(t))
        out |= {(t.list_path, t.line) for t in done if (t.list_path, t.id) in st.ticked_here
                or (implements and (t.list_path, t.id) not in st.before)}
    return out

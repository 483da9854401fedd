"""Where a spec's work is, when the default range holds none of it.

A new reviewer opens a repository and gets the default range, the last commit (often a
README edit): every clause then says "no evidence found in this change", and nothing says
why. Said only of a default range that changes no code. The task list beside the spec
knows better: the commits that wrote and ticked it are the spec's work. When the default
range touches none of them, the session says where they are, once, as a note (the
window's status bar, ``suggest``, ``open``, ``check`` and ``report`` on stderr). One
commit that wrote the task list with the code (a whole app in one commit) is named alone.
With no task list to say (none, or one written after the code), a default range of
documents names the commits from the one that added the spec to the last that changed code.
The spec's own folder (its contracts, its checklists) is documents, never code.
"""

from __future__ import annotations

from specaudit.app.workspace.ranges import ChangeRange
from specaudit.core.evidence.paths import (
    SOURCE,
    TEST,
    is_spec_document,
    path_role,
    spec_document_roots,
)
from specaudit.vcs.queries import (
    commits_adding,
    commits_touching,
    count_commits,
    first_parent,
    first_parent_line,
)
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.tree import paths_changed_between

MIN_COMMITS = 2  # a range of commits that worked through the task list (one commit: its own change)


def default_range_hint(repo: SafeGit, spec_rel: str, source: ChangeRange) -> str | None:
    """``spec_work_hint`` for a change the reviewer did not choose: ``source`` is the default
    range, and no ``coverage.base`` made it theirs. The window, ``suggest``, ``open``,
    ``check`` and ``report`` say it, each of one spec."""
    from specaudit.app.store.config import load_config

    if load_config(repo.root).coverage_base:
        return None
    return spec_work_hint(repo, spec_rel, source)


def spec_work_hint(repo: SafeGit, spec_rel: str, source: ChangeRange) -> str | None:
    """A note naming the range of the commits that worked through ``spec_rel``'s task
    list, when ``source`` (the default range) changed none of them; else None."""
    from specaudit.app.evidence.proposals import worktree_task_lists

    if source.range is None or not source.base or not source.target:
        return None  # the working tree or a patch: nothing to compare with
    lists = worktree_task_lists(repo.root, spec_rel)
    # A range with code in it may be the spec's work that ticked nothing (backoffice-app's
    # last commit merges a pull request of 43 files): only one of documents is no review.
    roots = spec_document_roots([spec_rel, *lists])  # the spec's own folder: its contracts are no code
    if _holds_code(paths_changed_between(repo, source.base, source.target), roots):
        return None
    # The range's own commits first (one or a few): the history is read only when they
    # leave the task list alone.
    if lists and not commits_touching(repo, lists, f"{source.base}..{source.target}", limit=1):
        hint = _task_list_hint(repo, lists, source, roots)
        if hint:
            return hint
    return _since_written_hint(repo, spec_rel, source, roots)


def _task_list_hint(repo: SafeGit, lists: list[str], source: ChangeRange, roots: tuple[str, ...]) -> str | None:
    work = commits_touching(repo, lists)
    if len(work) == 1:
        return _one_commit_hint(repo, work[0], lists[0], source, roots)
    if len(work) < MIN_COMMITS:
        return None
    first, last = work[-1][:12], work[0][:12]
    # What to do first: the window shows it on one line, cut at the right.
    return (f"this spec's work is {first}..{last}, open --range {first}..{last} to review it: the {len(work)} "
            f"commits that wrote and ticked {lists[0]}; {source.describe()} leaves it as it was")


LOOK_BACK = 200  # commits before the range searched for the last one that changed code


def _since_written_hint(repo: SafeGit, spec_rel: str, source: ChangeRange, roots: tuple[str, ...]) -> str | None:
    """No task list says where the work is (ai-native-portfolio generated its tasks.md after
    the code, in the last commit): the commits from the one that added the spec to the last
    one that changed code are its work."""
    added = commits_adding(repo, spec_rel)
    if not added or not source.base:
        return None
    first = added[-1]
    for commit in first_parent_line(repo, first, source.base, LOOK_BACK):
        if _commit_holds_code(repo, commit, roots):
            a, b = first[:12], commit[:12]
            count = count_commits(repo, first, commit)
            return (f"this spec's work is {a}..{b}, open --range {a}..{b} to review it: the {count} "
                    f"commit{'s' if count != 1 else ''} since {spec_rel} was written, to the last that changed "
                    f"code; {source.describe()} changes only documents")
    return None


def _holds_code(paths, roots: tuple[str, ...]) -> bool:
    return any(path_role(p) in (SOURCE, TEST) and not is_spec_document(p, roots) for p in paths)


def _commit_holds_code(repo: SafeGit, commit: str, roots: tuple[str, ...]) -> bool:
    """Whether ``commit``'s own change (from its first parent) changed code; a root commit's says nothing."""
    parent = first_parent(repo, commit)
    return parent is not None and _holds_code(paths_changed_between(repo, parent, commit), roots)


def _one_commit_hint(repo: SafeGit, commit: str, task_list: str, source: ChangeRange,
                     roots: tuple[str, ...]) -> str | None:
    """A task list written and ticked in one commit (sunfmin/todo2: the spec's whole work
    in one commit of 41 files): that commit is the work when it changes code too; a
    commit of documents alone (the tasks planned, already ticked) names no range."""
    if not _commit_holds_code(repo, commit, roots):
        return None
    c = commit[:12]
    return (f"this spec's work is {c}, open --range {c} to review it: the commit that wrote {task_list} with the "
            f"code; {source.describe()} leaves it as it was")

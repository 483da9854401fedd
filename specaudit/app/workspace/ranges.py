"""What "the change under review" means: the one place a range is resolved.

``open``, ``diff``, ``check``, ``report`` and the window all ask :func:`resolve_range`,
so the diff a reviewer reads, the findings, the unexplained lines, coverage and every
count describe the same two commits.

- ``A..B``: from A to B. An empty side is ``HEAD``.
- ``A...B``: from the merge base of A and B to B (what B added since it forked from A).
- ``C`` (one revision), or git's ``C^!``: C's own change, from its first parent (the empty
  tree for a root).
- a patch file: the patch; no commits (links and scars made on it anchor to the working tree).
- nothing given (the default): ``coverage.base..HEAD`` when ``.specaudit/config.yaml``
  sets ``coverage.base``; else ``HEAD~1..HEAD``; in a repository whose HEAD has no parent
  (or no commits), the working tree (staged and unstaged) against HEAD.
- the working tree: from HEAD (or nothing) to the files on disk.

Commits are resolved to full ids once, when the range is resolved: a commit made during
the session does not move the range under the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specaudit.core.commits import short_commit_ids
from specaudit.core.errors import GitError, SpecauditError, UsageError
from specaudit.settings import LIMITS
from specaudit.vcs.diffread import empty_tree
from specaudit.vcs.queries import first_parent, merge_base
from specaudit.vcs.runner import SafeGit, check_ref
from specaudit.vcs.shallow import missing_history, require_parents, resolve_commit, shallow_boundary

_RANGE_RE = re.compile(r"^(?P<a>.*?)(?P<dots>\.\.\.?)(?P<b>.*)$")


@dataclass(frozen=True)
class ChangeRange:
    """A resolved change. ``range`` is the text as given (or the default's text),
    ``base``/``target`` full commit ids (``base`` may be the empty tree for a root
    commit). A patch has neither; the working tree has a ``base`` (HEAD, if any) only."""

    range: str | None = None
    base: str | None = None
    target: str | None = None
    patch: str | None = None
    working_tree: bool = False
    base_is_tree: bool = False  # a root commit's own change starts from the empty tree

    def describe(self) -> str:
        if self.patch:
            return f"patch {self.patch}"
        if self.working_tree:
            return "working tree"
        return short_commit_ids(self.range) if self.range else "working tree"

    def side_commit(self, side: str) -> str | None:
        """The commit a line on ``side`` ("old" or "new") of this change belongs to;
        None means the working tree (a patch's lines, or the working tree's new side)."""
        if self.patch:
            return None
        if side == "old":
            return None if self.base_is_tree else self.base
        return None if self.working_tree else self.target


def _check_text(text: str) -> None:
    if not text or text.startswith("-") or "\0" in text or "\n" in text:
        raise UsageError(f"invalid range: {text!r} (expected A..B, A...B or a commit)")


def _resolve_text(repo: SafeGit, text: str) -> ChangeRange:
    _check_text(text)
    m = _RANGE_RE.match(text)
    if m is None:
        rev = text.removesuffix("^!") or text  # git's "C^!": C without its parents, C's own change
        new = resolve_commit(repo, check_ref(rev, "range"), "the range's commit")
        parent = first_parent(repo, new)
        if parent is None:  # a root commit, or a shallow clone's boundary (vcs/shallow.py)
            require_parents(repo, new, "the range's commit")
        return ChangeRange(range=text, base=parent or empty_tree(repo), target=new, base_is_tree=parent is None)
    a, b = m.group("a") or "HEAD", m.group("b") or "HEAD"
    old = resolve_commit(repo, check_ref(a, "range"), "the range's base")
    new = resolve_commit(repo, check_ref(b, "range"), "the range's end")
    if m.group("dots") == "...":
        base = merge_base(repo, old, new)
        if not base and shallow_boundary(repo):
            raise missing_history("the merge base of", text)
        if not base:
            raise GitError(f"no merge base between {a} and {b}: {text} has no common ancestor")
        old = base
    return ChangeRange(range=text, base=old, target=new)


def default_range(repo: SafeGit) -> str:
    """The text of the default range (see the module doc); "" for the working tree."""
    from specaudit.app.store.config import load_config

    config = load_config(repo.root)
    if config.coverage_base:
        return f"{config.coverage_base}..HEAD"
    head = repo.head()
    if head is None or first_parent(repo, head) is None:
        if head is not None:  # no parent because the clone is shallow: not "no history"
            require_parents(repo, head, "HEAD")
        return ""
    return "HEAD~1..HEAD"


def _resolve_default(repo: SafeGit, at: str | None = None) -> ChangeRange:
    """The default range, ending at ``at`` (a commit) instead of HEAD when given."""
    from specaudit.app.store.config import CONFIG_REL, ConfigError, load_config

    config = load_config(repo.root)
    if config.coverage_base:
        try:
            return _resolve_text(repo, f"{config.coverage_base}..{at or 'HEAD'}")
        except SpecauditError as exc:
            raise ConfigError(f"coverage.base {config.coverage_base!r}: {exc.message}",
                              path=CONFIG_REL, line=config.coverage_base_line) from None
    if at:
        return _resolve_text(repo, at)
    text = default_range(repo)
    if text:
        return _resolve_text(repo, text)
    return working_tree(repo)


def working_tree(repo: SafeGit) -> ChangeRange:
    return ChangeRange(range=None, base=repo.head(), working_tree=True)


def resolve_range(repo: SafeGit | None, range: str | None = None, *,  # noqa: A002 - the CLI's name
                  patch: str | None = None, at: str | None = None) -> ChangeRange:
    """The change named by ``range`` or ``patch`` (at most one), else the default
    (ending at ``at`` when given: ``coverage.base..at``, else ``at``'s own change)."""
    if range and patch:
        raise UsageError("give either --range or --patch, not both")
    if patch:
        from specaudit.app.store.files import check_regular

        check_regular(patch, LIMITS.max_patch_file_bytes, what="patch file", error=UsageError)
        return ChangeRange(patch=patch)
    if repo is None:
        raise UsageError("a repository is needed for a range or the working tree")
    return _resolve_text(repo, range) if range else _resolve_default(repo, at)

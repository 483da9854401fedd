"""Shallow clones, the default checkout in CI: the gate needs the range's base and the
commits verdicts and scars were recorded at. When one of them was not fetched, say so in
one line with the way to fetch it, instead of an obscure git error or, worse, a check
that silently follows less history than it should."""

from __future__ import annotations

from specaudit.core.errors import GitError
from specaudit.vcs.runner import SafeGit

FETCH_HINT = ("fetch the history: git fetch --unshallow (in CI: fetch-depth: 0 for GitHub's actions/checkout, "
              "GIT_DEPTH: 0 for GitLab)")


def shallow_boundary(repo: SafeGit) -> frozenset[str]:
    """The commits whose parents this clone lacks; empty for a complete clone."""
    where = repo.text("rev-parse", "--git-path", "shallow").strip()
    path = repo.root / where
    try:
        return frozenset(path.read_text("ascii", "replace").split())
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise GitError(f"cannot read {path}: {exc.strerror}") from None


def missing_history(what: str, rev: str) -> GitError:
    return GitError(f"{what} {rev} is not in this clone: it is shallow; {FETCH_HINT}")


def resolve_commit(repo: SafeGit, rev: str, what: str) -> str:
    """``repo.rev_parse(rev)``; in a shallow clone that lacks it, the one-line reason."""
    try:
        return repo.rev_parse(rev)
    except GitError:
        if shallow_boundary(repo):
            raise missing_history(what, rev) from None
        raise


def require_parents(repo: SafeGit, commit: str, what: str) -> None:
    """Refuse to treat a shallow clone's boundary commit as having no history."""
    if commit in shallow_boundary(repo):
        raise missing_history(f"the history before {what}", commit[:12])

"""Small named questions to git that the use cases in app/ ask, so that no git command
line is written outside vcs/. Each runs through ``runner.SafeGit`` (hardened, refs and
paths passed as data after ``--end-of-options`` / ``--``)."""

from __future__ import annotations

from specaudit.vcs.runner import SafeGit


def first_parent(repo: SafeGit, commit: str) -> str | None:
    """``commit``'s first parent; None for a root commit (or a shallow clone's boundary)."""
    parents = repo.text("rev-list", "--parents", "-n", "1", "--end-of-options", commit).split()
    return parents[1] if len(parents) > 1 else None


def merge_base(repo: SafeGit, a: str, b: str) -> str | None:
    """The best common ancestor of two commits, None when they have none."""
    return repo.run("merge-base", "--end-of-options", a, b, ok_codes=(0, 1)).decode().strip() or None


def count_commits(repo: SafeGit, older: str, newer: str) -> int:
    """How many commits ``older..newer`` holds (GitError for an unknown commit)."""
    out = repo.text("rev-list", "--count", "--end-of-options", f"{older}..{newer}").strip()
    return int(out) if out.isdigit() else 0


def is_tracked(repo: SafeGit, path: str) -> bool:
    """Whether the index holds ``path`` (or anything under it)."""
    return bool(repo.run("ls-files", "-z", "--", path).strip(b"\0"))


def tracked_paths(repo: SafeGit) -> list[str]:
    """Every path the index holds (pathspecs are literal in the hardened runner: filter here)."""
    out = repo.run("ls-files", "-z")
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def is_unmerged(repo: SafeGit, path: str) -> bool:
    """Whether the index holds ``path`` as unmerged (a conflict git waits on ``git add`` for)."""
    return bool(repo.run("ls-files", "--unmerged", "-z", "--", path).strip(b"\0"))


def author_ident(repo: SafeGit) -> str | None:
    """``Name <email>`` as git would sign a commit (config or GIT_AUTHOR_* variables)."""
    out = repo.run("var", "GIT_AUTHOR_IDENT", ok_codes=(0, 128)).decode("utf-8", "replace").strip()
    return out[: out.rindex(">") + 1] if ">" in out else None


def local_config(repo: SafeGit, name: str) -> str:
    """The value of ``name`` in this clone's own .git/config ("" when unset)."""
    return repo.run("config", "--local", "--get", name, ok_codes=(0, 1)).decode("utf-8", "replace").strip()


def set_local_config(repo: SafeGit, name: str, value: str) -> None:
    repo.run("config", "--local", name, value)


def merge_file(repo: SafeGit, ours: str, base: str, theirs: str) -> None:
    """git's three-way line merge of files into ``ours``, conflict markers labelled
    ours/base/theirs (any exit code: the caller reads the result)."""
    repo.run("merge-file", "-L", "ours", "-L", "base", "-L", "theirs", "--", ours, base, theirs,
             ok_codes=tuple(range(256)))


def renames_since(repo: SafeGit, commit: str) -> list[tuple[str, str]]:
    """(path at ``commit``, path at HEAD) of each file git's rename detection pairs
    between the two trees."""
    raw = repo.run("diff", "-M", "--name-status", "-z", "--diff-filter=R", "--end-of-options", commit, "HEAD")
    parts = raw.decode("utf-8", "surrogateescape").split("\0")
    return [(old, new) for status, old, new in zip(parts[0::3], parts[1::3], parts[2::3], strict=False)
            if status.startswith("R")]


def moved_after(repo: SafeGit, path: str, commit: str) -> str | None:
    """Where ``path`` of ``commit`` sits at HEAD when a later commit moved it (an OpenSpec
    change archived after it was built), else None."""
    return next((new for old, new in renames_since(repo, commit) if old == path), None)


def moved_from(repo: SafeGit, path: str, commit: str) -> str | None:
    """Where ``path`` of HEAD sat at ``commit`` when a later commit moved it there, else
    None: the reverse of ``moved_after``."""
    return next((old for old, new in renames_since(repo, commit) if new == path), None)


def last_touched(repo: SafeGit, path: str, since: str | None = None) -> str | None:
    """The newest commit (after ``since``, when given; up to HEAD) that changed ``path``,
    else None."""
    return next(iter(commits_touching(repo, [path], f"{since}..HEAD" if since else "HEAD", limit=1)), None)


def commits_touching(repo: SafeGit, paths: list[str], rev: str = "HEAD", limit: int = 2000) -> list[str]:
    """The commits up to ``rev`` (or in the range ``rev``) that changed any of ``paths``,
    newest first, at most ``limit``."""
    if not paths:
        return []
    return repo.text("log", f"-n{limit}", "--format=%H", "--end-of-options", rev, "--", *paths).split()


def commits_adding(repo: SafeGit, path: str) -> list[str]:
    """The commits up to HEAD that added ``path``, newest first."""
    return repo.text("log", "--format=%H", "--diff-filter=A", "--end-of-options", "HEAD", "--", path).split()


def first_parent_line(repo: SafeGit, older: str, newer: str, limit: int) -> list[str]:
    """The commits of ``older..newer`` along ``newer``'s first parents, newest first, at most ``limit``."""
    return repo.text("rev-list", "--first-parent", f"--max-count={limit}", "--end-of-options",
                     f"{older}..{newer}").split()

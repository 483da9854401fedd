"""A hardened git runner: reading a machine-authored repository executes nothing from it.

Every command gets config overrides that switch off hooks, fsmonitor, pagers,
external diff drivers and textconv; refs and paths from users are passed after
``--end-of-options`` / ``--`` (or validated) so they are data, never options.
"""

from __future__ import annotations

import os
from pathlib import Path

import git

from specaudit.core.errors import GitError

# Options placed before the subcommand on every invocation.
SAFE_CONFIG: tuple[str, ...] = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.fsmonitor=false",
    "-c", "core.pager=cat",
    "-c", "core.untrackedCache=false",
    "-c", "diff.external=",
    "-c", "protocol.ext.allow=never",
    "-c", "color.ui=false",
)

SAFE_ENV: dict[str, str] = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EXTERNAL_DIFF": "",
    "LC_ALL": "C",
}


def check_ref(ref: str, what: str = "revision") -> str:
    """Refuse a user-supplied ref that git could mistake for an option."""
    if not ref or ref.startswith("-") or "\0" in ref or "\n" in ref:
        raise GitError(f"invalid {what}: {ref!r}")
    return ref


class SafeGit:
    """One repository. ``run`` returns bytes; ``text`` decodes with a lossless fallback."""

    def __init__(self, repo: git.Repo):
        self.repo = repo
        self.root = Path(repo.working_tree_dir or repo.git_dir).resolve()

    # -- running ------------------------------------------------------------------
    def _filter_overrides(self) -> list[str]:
        """Blank out every configured clean/smudge/process filter so none can run."""
        out: list[str] = []
        try:
            reader = self.repo.config_reader()
            for section in reader.sections():
                if section.startswith('filter "'):
                    name = section[len('filter "'):-1]
                    for opt in ("clean", "smudge", "process"):
                        out += ["-c", f"filter.{name}.{opt}="]
        except Exception:  # noqa: BLE001 - unreadable config: git itself will complain
            pass
        return out

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> bytes:
        cmd = ["git", *SAFE_CONFIG, *self._filter_overrides(), *args]
        env = {**os.environ, **SAFE_ENV}
        try:
            status, out, err = self.repo.git.execute(
                cmd,
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                env=env,
            )
        except git.GitCommandNotFound as exc:
            raise GitError("git is not installed or not on PATH") from exc
        if status not in ok_codes:
            msg = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
            first = next((ln for ln in msg.splitlines() if ln.strip()), f"git {args[0]} failed")
            raise GitError(first.removeprefix("fatal: ").strip())
        return out

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "surrogateescape")

    # -- common reads -------------------------------------------------------------
    def rev_parse(self, rev: str) -> str:
        check_ref(rev)
        try:
            return self.text("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
        except GitError:
            raise GitError(f"unknown revision: {rev}") from None

    def head(self) -> str | None:
        try:
            return self.rev_parse("HEAD")
        except GitError:
            return None

    def show_file(self, rev: str, path: str) -> bytes:
        check_ref(rev)
        return self.run("cat-file", "blob", f"{rev}:{path}")


def open_repo(path: str | os.PathLike) -> SafeGit:
    p = Path(path)
    if not p.exists():
        raise GitError(f"no such directory: {p}")
    try:
        repo = git.Repo(p, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"not a git repository: {p}") from None
    if repo.bare:
        raise GitError(f"bare repository has no working tree: {p}")
    return SafeGit(repo)

"""A hardened git runner: reading a machine-authored repository executes nothing from it.

Every command gets config overrides that switch off hooks, fsmonitor, pagers,
external diff drivers and textconv; refs and paths from users are passed after
``--end-of-options`` / ``--`` (or validated) so they are data, never options.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git

from specaudit.core.errors import GitError

# Switches the repository's hooks off. Writes the user asked for (commit, push) run
# without it, via ``run(..., hooks=True)``, so their hooks and checks still apply.
HOOKS_OFF: tuple[str, ...] = ("-c", "core.hooksPath=/dev/null")

# Options placed before the subcommand on every invocation.
SAFE_CONFIG: tuple[str, ...] = (
    *HOOKS_OFF,
    "-c", "core.fsmonitor=false",
    "-c", "core.pager=cat",
    "-c", "core.untrackedCache=false",
    "-c", "diff.external=",
    "-c", "protocol.ext.allow=never",
    "-c", "color.ui=false",
    "-c", "log.showSignature=false",  # would run gpg.program
    "-c", "core.quotePath=false",
    "-c", "diff.noprefix=false",
    "-c", "diff.mnemonicPrefix=false",
    "-c", "diff.relative=false",
    "-c", "submodule.recurse=false",
)

SAFE_ENV: dict[str, str] = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EXTERNAL_DIFF": "",
    "LC_ALL": "C",
    "GIT_NO_REPLACE_OBJECTS": "1",
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
        self._filters: tuple[int | None, list[str]] | None = None

    # -- running ------------------------------------------------------------------
    def _filter_overrides(self) -> list[str]:
        """Blank out every configured clean/smudge/process filter so none can run.

        Asked of git itself (so ``include.path`` files count), cached until the
        repository's config file changes.
        """
        cfg = Path(self.repo.git_dir) / "config"
        try:
            stamp = cfg.stat().st_mtime_ns
        except OSError:
            stamp = None
        if self._filters is not None and self._filters[0] == stamp:
            return self._filters[1]
        out: list[str] = []
        raw = self._execute(["git", *SAFE_CONFIG, "config", "--null", "--get-regexp", r"^filter\."], (0, 1))
        names = set()
        for entry in raw.split(b"\0"):
            key = entry.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
            if key.count(".") >= 2:
                names.add(key[len("filter."):].rsplit(".", 1)[0])
        for name in sorted(names):
            for opt in ("clean", "smudge", "process"):
                out += ["-c", f"filter.{name}.{opt}="]
            out += ["-c", f"filter.{name}.required=false"]  # else an emptied filter is an error
        self._filters = (stamp, out)
        return out

    def _execute(self, cmd: list[str], ok_codes: tuple[int, ...], stdin: bytes | None = None) -> bytes:
        env = {**os.environ, **SAFE_ENV}
        try:
            if stdin is not None:
                proc = subprocess.run(cmd, input=stdin, capture_output=True, env=env, cwd=self.root)
                status, out, err = proc.returncode, proc.stdout, proc.stderr
            else:
                status, out, err = self.repo.git.execute(
                    cmd,
                    with_extended_output=True,
                    with_exceptions=False,
                    stdout_as_string=False,
                    strip_newline_in_stdout=False,
                    env=env,
                )
        except (git.GitCommandNotFound, FileNotFoundError) as exc:
            raise GitError("git is not installed or not on PATH") from exc
        if status not in ok_codes:
            msg = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
            first = next((ln for ln in msg.splitlines() if ln.strip()), f"git {cmd[len(SAFE_CONFIG) + 1]} failed")
            error = GitError(first.removeprefix("fatal: ").removeprefix("error: ").strip())
            error.stderr = msg  # the whole output, for callers that classify failures
            raise error
        return out

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,), stdin: bytes | None = None,
            hooks: bool = False) -> bytes:
        """``hooks=True`` only for writes the user asked for (commit, push, switch):
        the repository's hooks then run, as they would from the user's own shell."""
        config = SAFE_CONFIG[len(HOOKS_OFF):] if hooks else SAFE_CONFIG
        cmd = ["git", "--no-pager", *config, *self._filter_overrides(), *args]
        return self._execute(cmd, ok_codes, stdin)

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "surrogateescape")

    # -- common reads -------------------------------------------------------------
    def rev_parse(self, rev: str) -> str:
        check_ref(rev)
        try:
            return self.text("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
        except GitError:
            # In a shallow clone the commit may exist upstream but not here: say so.
            hint = (" (this clone is shallow, so older history is missing: git fetch --unshallow)"
                    if (Path(self.repo.git_dir) / "shallow").exists() else "")
            raise GitError(f"unknown revision: {rev}{hint}") from None

    def head(self) -> str | None:
        try:
            return self.rev_parse("HEAD")
        except GitError:
            return None

    def show_file(self, rev: str, path: str) -> bytes:
        check_ref(rev)
        return self.run("cat-file", "blob", f"{rev}:{path}")

    def read_lines(self, rev: str, path: str, first: int, last: int) -> list[str]:
        """Lines ``first..last`` (1-based, inclusive, clamped) of ``path`` at ``rev``,
        without line endings. Invalid UTF-8 is kept as surrogate escapes."""
        if first < 1 or last < first:
            raise GitError(f"invalid line range {first}-{last} for {path}")
        text = self.show_file(rev, path).decode("utf-8", "surrogateescape")
        # Split on "\n" only: str.splitlines() would also split on form feeds, U+2028...
        lines = text.split("\n")[first - 1 : last]
        if last >= text.count("\n") + 1 and text.endswith("\n") and lines and lines[-1] == "":
            lines.pop()
        return [ln.removesuffix("\r") for ln in lines]

    def blob_sizes(self, oids: list[str]) -> dict[str, int]:
        """Sizes in bytes of the given blobs; unknown objects are left out."""
        wanted = [o for o in oids if o and set(o) != {"0"}]
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch-check=%(objectname) %(objectsize)",
                       stdin="".join(o + "\n" for o in wanted).encode())
        sizes: dict[str, int] = {}
        for line in out.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                sizes[parts[0]] = int(parts[1])
        return sizes


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

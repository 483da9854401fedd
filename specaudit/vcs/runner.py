"""A hardened git runner: reading a machine-authored repository executes nothing from it.

Every command runs with a scrubbed environment (no GIT_DIR, GIT_INDEX_FILE, injected
config... from the caller's shell) and with configuration overrides that switch off
hooks, fsmonitor, pagers, external diff drivers, textconv and every filter driver the
repository configures. Overrides go through ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/
``GIT_CONFIG_VALUE_n``, which git takes verbatim: ``-c filter.ev=il.clean=`` would be
read as the key ``filter.ev``. Refs and paths from users are passed after
``--end-of-options`` / ``--`` (or validated) so they are data, never options.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from specaudit.core.errors import GitError

# Switches the repository's hooks off. Writes the user asked for (commit, push) run
# without it, via ``run(..., hooks=True)``, so their hooks and checks still apply.
HOOKS_OFF: tuple[tuple[str, str], ...] = (("core.hooksPath", "/dev/null"),)

# Configuration set on every invocation (after the repository's own, so it wins).
SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    *HOOKS_OFF,
    ("core.fsmonitor", "false"),
    ("core.pager", "cat"),
    ("core.untrackedCache", "false"),
    ("diff.external", ""),
    ("protocol.ext.allow", "never"),
    ("color.ui", "false"),
    ("log.showSignature", "false"),  # would run gpg.program
    ("core.quotePath", "false"),
    ("diff.noprefix", "false"),
    ("diff.mnemonicPrefix", "false"),
    ("diff.relative", "false"),
    ("submodule.recurse", "false"),
)

SAFE_ENV: dict[str, str] = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "LC_ALL": "C",
    "GIT_NO_REPLACE_OBJECTS": "1",
}

# The caller's GIT_* variables that describe the user rather than a repository: who
# they are, how they reach remotes, which global/system config files are theirs.
# Everything else (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
# GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_CONFIG_PARAMETERS/COUNT/KEY_n, GIT_EXEC_PATH,
# GIT_NAMESPACE, GIT_DIFF_OPTS, GIT_TRACE...) would point git at another repository or
# change what it prints, so it is dropped.
USER_GIT_ENV: frozenset[str] = frozenset({
    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE",
    "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_ASKPASS",
    "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
    "GIT_SSL_NO_VERIFY", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH", "GIT_SSL_CERT", "GIT_SSL_KEY",
    "GIT_SSL_CERT_PASSWORD_PROTECTED", "GIT_SSL_VERSION", "GIT_SSL_CIPHER_LIST", "GIT_HTTP_USER_AGENT",
    "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_HTTP_LOW_SPEED_LIMIT", "GIT_HTTP_LOW_SPEED_TIME", "GIT_PROXY_COMMAND",
    "GIT_PROXY_SSL_CERT", "GIT_PROXY_SSL_KEY", "GIT_PROXY_SSL_CAINFO", "GIT_ALLOW_PROTOCOL",
    "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_DEFAULT_HASH",
})

# Attribute-driven programs, blanked for every driver name the configuration defines.
# An emptied filter passes content through; an emptied diff command or textconv fails
# rather than runs (and every diff we read passes --no-ext-diff --no-textconv anyway).
_DRIVER_KEYS = {"filter": ("clean", "smudge", "process"), "diff": ("command", "textconv")}

_DUBIOUS = "detected dubious ownership"


def git_env(config: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
            extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without repository-selecting GIT_* variables, plus
    ``config`` as verbatim key/value pairs and ``extra`` variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in USER_GIT_ENV}
    env.update(SAFE_ENV)
    env.update(extra or {})
    env["GIT_CONFIG_COUNT"] = str(len(config))
    for i, (key, value) in enumerate(config):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


def check_ref(ref: str, what: str = "revision") -> str:
    """Refuse a user-supplied ref that git could mistake for an option."""
    if not ref or ref.startswith("-") or "\0" in ref or "\n" in ref:
        raise GitError(f"invalid {what}: {ref!r}")
    return ref


def _git_failure(cmd: list[str], err: bytes, where: Path) -> GitError:
    msg = err.decode("utf-8", "replace")
    if _DUBIOUS in msg:
        error = GitError(
            "git refuses this repository: it is owned by another user (safe.directory). If you trust "
            f"it: git config --global --add safe.directory {where}", path=str(where))
    else:
        first = next((ln for ln in msg.splitlines() if ln.strip()), f"git {_subcommand(cmd)} failed")
        error = GitError(first.removeprefix("fatal: ").removeprefix("error: ").strip())
    error.stderr = msg  # the whole output, for callers that classify failures
    return error


def _subcommand(cmd: list[str]) -> str:
    return next((a for a in cmd[1:] if not a.startswith("-")), "")


# Called with the command line of every git process about to start: how the tests count
# the git calls a keypress makes (tests/ui/test_keypress_work.py). Empty otherwise.
SPAWN_OBSERVERS: list[Callable[[list[str]], None]] = []


def _spawn(cmd: list[str], cwd: Path, env: dict[str, str], stdin: bytes | None) -> subprocess.CompletedProcess:
    for observe in SPAWN_OBSERVERS:
        observe(cmd)
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    try:
        return subprocess.run(cmd, capture_output=True, env=env, cwd=cwd, **feed)
    except FileNotFoundError as exc:
        if not cwd.is_dir():
            raise GitError(f"no such directory: {cwd}") from None
        raise GitError("git is not installed or not on PATH") from exc
    except NotADirectoryError:
        raise GitError(f"not a git repository: {cwd}") from None
    except OSError as exc:  # E2BIG: a configuration with an absurd number of drivers
        raise GitError(f"cannot run git in {cwd}: {exc.strerror}") from None


# Subcommands that never consult attributes (so never run a filter or diff driver):
# they skip the per-call driver lookup, which would double the number of processes.
_NO_ATTRIBUTES = frozenset({"rev-parse", "cat-file", "config", "symbolic-ref", "check-ref-format", "show-ref",
                            "var", "merge-base", "rev-list", "remote", "for-each-ref"})


# "HEAD~7", "main~12": a revision some commits back along the first parent.
_ANCESTOR = re.compile(r"(.+?)~(\d+)")
_COMMIT_ID = re.compile(r"[0-9a-fA-F]{4,64}")
_DEFAULT_BRANCH = {"main": "master", "master": "main"}  # a repository has one or the other


class SafeGit:
    """One repository (its working tree ``root``). ``run`` returns bytes; ``text``
    decodes with a lossless fallback."""

    def __init__(self, root: Path, git_dir: Path):
        self.root = root
        self.git_dir = git_dir

    # -- running ------------------------------------------------------------------
    def _driver_overrides(self) -> list[tuple[str, str]]:
        """Blank every configured filter and diff driver so none can run.

        Asked of git itself on every call (so ``include.path`` files and edits made
        while the app is open count): a cache keyed on one file's mtime missed both.
        """
        raw = self._execute([*SAFE_CONFIG], ["config", "--show-origin", "--null", "--get-regexp",
                                             r"^(filter|diff)\."], (0, 1))
        drivers: set[tuple[str, str]] = set()
        fields = raw.split(b"\0")
        for entry in fields[1::2]:  # origin, entry, origin, entry...
            key = entry.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
            section, dot, rest = key.partition(".")
            name = rest.rpartition(".")[0]
            if dot and name and section in _DRIVER_KEYS:
                drivers.add((section, name))
        out: list[tuple[str, str]] = []
        for section, name in sorted(drivers):
            out += [(f"{section}.{name}.{opt}", "") for opt in _DRIVER_KEYS[section]]
            if section == "filter":
                out.append((f"filter.{name}.required", "false"))  # else an emptied filter is an error
        return out

    def _execute(self, config: list[tuple[str, str]] | tuple[tuple[str, str], ...], args: list[str] | tuple[str, ...],
                 ok_codes: tuple[int, ...], stdin: bytes | None = None,
                 env: Mapping[str, str] | None = None) -> bytes:
        cmd = ["git", "--no-pager", *args]
        proc = _spawn(cmd, self.root, git_env(config, env), stdin)
        if proc.returncode not in ok_codes:
            raise _git_failure(cmd, proc.stderr, self.root)
        return proc.stdout

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,), stdin: bytes | None = None,
            hooks: bool = False, config: tuple[tuple[str, str], ...] = (),
            env: Mapping[str, str] | None = None) -> bytes:
        """``hooks=True`` only for writes the user asked for (commit, push, switch):
        the repository's hooks then run, as they would from the user's own shell.
        ``config`` adds key/value pairs, applied last and taken verbatim; ``env`` adds
        variables (the push guard's GIT_PROXY_COMMAND)."""
        base = SAFE_CONFIG[len(HOOKS_OFF):] if hooks else SAFE_CONFIG
        reads_attributes = _subcommand(["git", *args]) not in _NO_ATTRIBUTES or {"--textconv", "--filters"} & set(args)
        drivers = self._driver_overrides() if reads_attributes else []
        # A path named "specs/[x].md" is that file, not a glob. Not for hook-running
        # writes: the setting would reach the user's hooks through the environment.
        literal = () if hooks else ("--literal-pathspecs",)
        return self._execute([*base, *drivers, *config], [*literal, *args], ok_codes, stdin, env)

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "surrogateescape")

    # -- common reads -------------------------------------------------------------
    def rev_parse(self, rev: str) -> str:
        check_ref(rev)
        found = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}",
                         ok_codes=(0, 1)).decode("utf-8", "replace").strip()
        if not found:
            # In a shallow clone the commit may exist upstream but not here: say so.
            shallow = self.text("rev-parse", "--is-shallow-repository").strip() == "true"
            hint = " (this clone is shallow, so older history is missing: git fetch --unshallow)" if shallow else ""
            back = _ANCESTOR.fullmatch(rev)
            if back and not shallow and (base := self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                                                          f"{back.group(1)}^{{commit}}", ok_codes=(0, 1)).strip()):
                # "HEAD~7" past the first commit: say how far back the history goes.
                count = self.text("rev-list", "--count", "--first-parent", base.decode("ascii", "replace")).strip()
                hint = f" ({back.group(1)} has {count} commit{'s' if count != '1' else ''} on its first-parent line)"
            raise GitError(f"unknown revision: {rev}{hint or self._names_near(rev)}")
        return found

    def _names_near(self, rev: str) -> str:
        """For a name no ref has: " (did you mean main?)", else the branches there are
        when they are few. "master" where the repository's branch is "main" is the usual
        slip; a commit id gets no hint."""
        name = re.split(r"[~^@:]", rev, maxsplit=1)[0]
        if not name or _COMMIT_ID.fullmatch(name):
            return ""
        refs = [r for r in self.text("for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags",
                                     "refs/remotes").splitlines() if r and not r.endswith("/HEAD")]
        near = difflib.get_close_matches(name, refs, n=3, cutoff=0.6)
        prefix, _, last = name.rpartition("/")
        other = _DEFAULT_BRANCH.get(last)
        if other and (swapped := f"{prefix}/{other}" if prefix else other) in refs:
            near = [swapped, *(r for r in near if r != swapped)][:3]
        if near:
            return f" (did you mean {' or '.join(near)}?)"
        branches = self.text("for-each-ref", "--format=%(refname:short)", "refs/heads").split()
        return f" (branches here: {', '.join(branches)})" if 0 < len(branches) <= 8 else ""

    def head(self) -> str | None:
        """HEAD's commit, or None on an unborn branch. Any other failure is raised."""
        found = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok_codes=(0, 1))
        return found.decode("ascii", "replace").strip() or None

    def show_file(self, rev: str, path: str) -> bytes:
        """The file at ``rev`` (``cat-file blob``: no filter or textconv runs); GitError
        when it is missing. The one single-blob read (``vcs/blobs.py`` builds on it)."""
        check_ref(rev)
        return self.run("cat-file", "blob", f"{rev}:{path}")

    def refuse_submodules(self, path: str) -> None:
        """Refuse a directory that is, or contains, a submodule (a gitlink in the index or
        a nested repository on disk, which ``git add`` would make one): git status and
        commit recurse into it and run that repository's own filters and hooks."""
        found = [entry.split(b"\t", 1)[1].decode("utf-8", "surrogateescape")
                 for entry in self.run("ls-files", "--stage", "-z", "--", path).split(b"\0")
                 if entry.startswith(b"160000 ") and b"\t" in entry]
        top = self.root / path
        for here, dirs, files in os.walk(top):
            if ".git" in dirs or ".git" in files:
                found.append(Path(here).relative_to(self.root).as_posix())
            dirs[:] = [d for d in dirs if d != ".git"]
        if found:
            where = sorted(set(found))[0]
            what = "is a submodule" if where == path else f"contains a submodule ({where})"
            raise GitError(f"{what}: specaudit will not commit it, because git would run that repository's "
                           f"own filters and hooks; move it out (git rm --cached {where})", path=path)

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


def in_progress(repo: SafeGit) -> str | None:
    """'a merge' / 'a rebase' / ... when git is in the middle of one, else None."""
    for ref, what in (("MERGE_HEAD", "a merge"), ("CHERRY_PICK_HEAD", "a cherry-pick"),
                      ("REVERT_HEAD", "a revert")):
        if repo.run("rev-parse", "--quiet", "--verify", ref, ok_codes=(0, 1)).strip():
            return what
    for folder in ("rebase-merge", "rebase-apply"):
        git_path = repo.run("rev-parse", "--git-path", folder).decode("utf-8", "surrogateescape").strip()
        if (repo.root / git_path).exists():
            return "a rebase"
    return None


def split_lines(raw: bytes) -> list[str]:
    """A blob's lines as git numbers them: split on LF only (not form feed or U+2028),
    CR dropped, invalid UTF-8 kept as surrogate escapes."""
    lines = raw.decode("utf-8", "surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines]


def open_repo(path: str | os.PathLike) -> SafeGit:
    """The repository containing ``path`` (a directory), found by git itself."""
    p = Path(path)
    if not p.exists():
        raise GitError(f"no such directory: {p}")
    if not p.is_dir():
        raise GitError(f"not a git repository: {p}")
    found = _spawn(["git", "rev-parse", "--is-bare-repository", "--absolute-git-dir"], p, git_env(SAFE_CONFIG), None)
    if found.returncode != 0:
        err = found.stderr.decode("utf-8", "replace")
        if "not a git repository" in err.lower():
            raise GitError(f"not a git repository: {p}")
        raise _git_failure(["git", "rev-parse"], found.stderr, p.resolve())
    bare, git_dir = found.stdout.decode("utf-8", "surrogateescape").splitlines()[:2]
    top = _spawn(["git", "rev-parse", "--show-toplevel"], p, git_env(SAFE_CONFIG), None)
    if bare == "true":
        raise GitError(f"bare repository has no working tree: {p}")
    if top.returncode != 0 or not top.stdout.strip():
        raise GitError(f"not inside the repository's working tree (inside its .git directory?): {p}")
    root = Path(top.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))
    return SafeGit(root.resolve(), Path(git_dir))


def init_repo(path: Path, initial_branch: str = "main") -> SafeGit:
    """Create a repository at ``path`` (with the same scrubbed environment)."""
    path.mkdir(parents=True, exist_ok=True)
    made = _spawn(["git", "init", "--quiet", f"--initial-branch={initial_branch}", "--", str(path)],
                  path, git_env(SAFE_CONFIG), None)
    if made.returncode != 0:
        raise GitError(f"cannot create a repository in {path}: {made.stderr.decode('utf-8', 'replace').strip()}")
    return open_repo(path)

"""Commit the tightened spec and its audit file, then push: the use cases behind
`specaudit commit` / `specaudit push` and the app's Commit and push dialog.

Only the spec(s) and ``.specaudit/`` files are ever committed; other changes in the
working tree stay where they are. The generated message is a suggestion the user edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from specaudit.app.publish.commit_message import spec_message_lines
from specaudit.app.store.audit_store import AUDIT_DIR, AUDIT_SUFFIX, audit_path
from specaudit.app.store.config import CONFIG_REL
from specaudit.app.store.files import inside, read_regular
from specaudit.app.store.side_files import AuditFile
from specaudit.app.workspace.specs import find_specs
from specaudit.core.errors import AuditFileError, GitError, SpecauditError, SpecError
from specaudit.settings import LIMITS
from specaudit.vcs.queries import is_tracked
from specaudit.vcs.remote import PushResult, Remote, list_remotes, push_branch
from specaudit.vcs.runner import SafeGit, open_repo
from specaudit.vcs.writes import CommitResult, changed_paths, commit_reviewed, current_branch


@dataclass(frozen=True)
class PublishState:
    """What the Commit and push dialog shows before anything is done."""

    branch: str | None  # None: detached HEAD
    paths: tuple[str, ...]  # what would be committed
    remotes: tuple[Remote, ...]
    message: str
    snapshot: dict[str, bytes]  # the bytes of ``paths`` now: pass as ``expected`` when committing


def as_repo(repo: SafeGit | Path | str) -> SafeGit:
    """The UI hands in a repository root; scripts may hand in an open SafeGit."""
    return repo if isinstance(repo, SafeGit) else open_repo(repo)


def publish_paths(repo: SafeGit, specs: list[str] | None = None) -> list[str]:
    """Changed files a publish commit would take: the specs and their audit files, or with
    no ``specs`` every changed ``.specaudit/`` file and every changed spec."""
    root = repo.root
    repo.refuse_submodules(AUDIT_DIR)
    audits = {s: audit_path(root, s).relative_to(root).as_posix() for s in specs or ()}  # spec -> its audit file
    if specs:
        wanted = [p for s, a in audits.items() for p in (s, a)]
    else:
        wanted = list(find_specs(root)) + ([AUDIT_DIR] if (root / AUDIT_DIR).exists() else [])
    tracked_or_present = [p for p in wanted if (root / p).exists() or is_tracked(repo, p)]
    for s, a in audits.items():
        if s not in tracked_or_present and a not in tracked_or_present:
            # A mistyped name would otherwise commit "nothing" and say no more.
            raise SpecError("spec not found: no such file, tracked or in the working tree, and no audit file "
                            "(nothing was committed)", path=s)
    specs_named = set(specs) if specs else set(find_specs(root))
    paths = [p for p in changed_paths(repo, tracked_or_present) if p in specs_named or is_specaudit_file(p)]
    for p in paths:
        if p in specs_named:
            refuse_spec_outside(root, p)
    return paths


def refuse_spec_outside(root: Path, spec_rel: str) -> None:
    """A spec that is a symlink out of the repository is refused, as `check` refuses it:
    its text must not reach a commit message (nor the spec be committed as reviewed)."""
    if not inside(root, Path(root) / spec_rel):
        raise SpecError("spec is a symlink to outside the repository; refused (nothing was committed)",
                        path=spec_rel)


def is_specaudit_file(path: str) -> bool:
    """A file specaudit writes for the repository: an audit file or the config. Never the
    temporary or lock files of a writer, nor anything else someone put under .specaudit/."""
    if not path.startswith(AUDIT_DIR + "/"):
        return False
    return path == CONFIG_REL or path.endswith(AUDIT_SUFFIX)


def _specs_in(paths: list[str], repo: SafeGit) -> list[str]:
    """The specs a commit of ``paths`` touches: a changed spec, or the spec of a changed
    audit file (a verdict on one spec beside a new second spec names both)."""
    specs = set(find_specs(repo.root))
    prefix = AUDIT_DIR + "/"
    audited = [p[len(prefix):-len(AUDIT_SUFFIX)] for p in paths if p.startswith(prefix) and p.endswith(AUDIT_SUFFIX)]
    return sorted({*(p for p in paths if p in specs), *audited})


def _labels(specs: list[str]) -> str:
    """The specs for a subject line: by file name, with its folder when names repeat
    (every Spec Kit spec is a spec.md)."""
    names = [Path(s).name for s in specs]
    return ", ".join(n if names.count(n) == 1 else "/".join(Path(s).parts[-2:]) for s, n in zip(specs, names, strict=True))


def default_message(repo: SafeGit, specs: list[str] | None = None, paths: list[str] | None = None) -> str:
    """Subject plus a bullet per change; the user edits it before committing."""
    paths = publish_paths(repo, specs) if paths is None else paths
    named = specs or _specs_in(paths, repo)
    body: list[str] = []
    for spec_rel in named:
        refuse_spec_outside(repo.root, spec_rel)
        try:
            lines = spec_message_lines(repo, spec_rel)
        except SpecauditError:
            continue  # an unparsable spec still gets committed; only the summary is shorter
        # Several specs: each one's bullets under its path, so a verdict count says whose.
        body += ([f"{spec_rel}:"] if len(named) > 1 and lines else []) + lines
    spec_changed = any(p in paths for p in named)
    what = _labels(named) or "the audit"
    subject = f"Tighten spec {what}" if spec_changed else f"Record the review of {what}"
    return subject + ("\n\n" + "\n".join(body) if body else "") + "\n"


def _read(repo: SafeGit, path: str) -> bytes | None:
    """A spec or audit file as the user reviewed it (None when deleted)."""
    return read_regular(repo.root / path, max(LIMITS.max_spec_bytes, LIMITS.max_audit_bytes), what="file",
                        display=path, root=repo.root, missing_ok=True)


def publish_state(repo: SafeGit | Path, specs: list[str] | None = None) -> PublishState:
    repo = as_repo(repo)
    paths = publish_paths(repo, specs)
    message = default_message(repo, specs, paths) if paths else ""
    snapshot = {p: raw for p in paths if (raw := _read(repo, p)) is not None}
    return PublishState(current_branch(repo), tuple(paths), tuple(list_remotes(repo)), message, snapshot)


def commit_specs(
    repo: SafeGit | Path,
    specs: list[str] | None = None,
    message: str | None = None,
    *,
    branch: str | None = None,
    expected: Mapping[str, bytes] | None = None,
) -> CommitResult:
    """Commit the spec(s) and audit files only. ``expected`` maps paths to the bytes the user
    reviewed: a file that changed on disk since is refused. ``branch`` creates a new branch."""
    repo = as_repo(repo)
    paths = publish_paths(repo, specs)
    if not paths:
        raise GitError("nothing to commit: the spec and its audit file already match HEAD")
    _refuse_unreadable_audits(repo, paths)
    msg = message if message is not None else default_message(repo, specs, paths)
    return commit_reviewed(repo, paths, msg, expected=expected, branch=branch)


def _refuse_unreadable_audits(repo: SafeGit, paths: list[str]) -> None:
    """Never commit an audit file specaudit cannot read back (conflict markers, bad YAML)."""
    for path in paths:
        full = repo.root / path
        if not (path.startswith(AUDIT_DIR + "/") and path.endswith(AUDIT_SUFFIX) and full.is_file()):
            continue
        try:
            AuditFile(repo.root, path, "").load()
        except AuditFileError as exc:
            raise AuditFileError(f"not committed: {exc.message}", path=path, line=exc.line) from None


def push(repo: SafeGit | Path, remote: str | None = None) -> PushResult:
    """Push the current branch to ``remote`` (default: its upstream, else origin) and set upstream."""
    return push_branch(as_repo(repo), remote)

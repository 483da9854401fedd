"""Loading a spec from the working tree or from a git revision (``REV:PATH``)."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.workspace.specs import read_spec_text, repository_of
from specaudit.core.errors import SpecError
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS


def read_spec_source(source: str, repo: str | Path = ".") -> tuple[str, str]:
    """Text of a spec named by a file path or ``REV:PATH``. Returns (display path, text).

    An existing file wins over the ``REV:PATH`` reading, so a file name with a colon works.
    A file path is relative to the current directory, else to ``repo``; a ``REV:PATH`` path
    is relative to the repository root, or to the current directory when it starts with ``./``.
    """
    p = Path(source)
    if not p.exists() and not p.is_absolute() and (Path(repo) / p).exists():
        p = Path(repo) / p  # `clauses -C REPO specs/x.md`: the path in the repository, as every command reads it
    if p.exists() or ":" not in source:
        return source, read_spec_text(p, display=source, root=repository_of(p))
    rev, _, path = source.partition(":")
    if not rev or not path:
        raise SpecError("expected a file or REV:PATH", path=source)
    from specaudit.vcs import open_repo

    git = open_repo(repo)
    if path.startswith(("./", "../")):
        try:
            path = (Path.cwd() / path).resolve().relative_to(git.root).as_posix()
        except ValueError:
            raise SpecError("path is outside the repository", path=source) from None
    raw = git.show_file(rev, path)
    if len(raw) > LIMITS.max_spec_bytes:
        raise SpecError(f"spec is too large ({len(raw)} bytes; limit {LIMITS.max_spec_bytes})", path=source)
    if b"\0" in raw[:8192]:
        raise SpecError("binary file, not a spec", path=source)
    return path, decode_spec_bytes(raw)


def load_spec_source(source: str, spec_format: str | None = None, repo: str | Path = ".") -> Spec:
    """Parse a spec from a file or ``REV:PATH``; the format is detected from the path."""
    path, text = read_spec_source(source, repo)
    return parse_spec(path, text, spec_format)


def spec_before_fold(root: Path, spec_rel: str, scar_id: str, spec_format: str | None = None) -> Spec | None:
    """The spec as it read before scar ``scar_id`` was folded into it: HEAD's version while
    the fold is not committed, else the parent of the oldest commit whose spec mentions the
    scar. None when git has no such version (a spec outside history)."""
    from specaudit.core.errors import GitError, SpecauditError
    from specaudit.vcs import open_repo
    from specaudit.vcs.line_tracking import oldest_commit_containing

    try:
        git = open_repo(root)
        if git.head() is None:
            return None
        introduced = oldest_commit_containing(git, spec_rel, f"scar {scar_id}")
        rev = f"{introduced}^" if introduced else "HEAD"
        raw = git.show_file(git.rev_parse(rev), spec_rel)
    except (GitError, SpecauditError):
        return None
    return parse_spec(spec_rel, decode_spec_bytes(raw), spec_format)


def scar_lines(root: Path, spec_rel: str, scar) -> tuple[str | None, list[str]]:
    """(commit, lines) of a scar where it was recorded: the lines a regeneration must keep."""
    from specaudit.app.store.audit_store import audit_path
    from specaudit.core.errors import GitError, SpecauditError
    from specaudit.vcs import open_repo
    from specaudit.vcs.blobs import lines_at
    from specaudit.vcs.line_tracking import oldest_commit_containing

    try:
        git = open_repo(root)
        audit_rel = audit_path(Path(root), spec_rel).relative_to(Path(root)).as_posix()
        commit = scar.commit or oldest_commit_containing(git, audit_rel, scar.id)
        if commit is None:
            return None, []
        commit = git.rev_parse(commit)
        lines = lines_at(git, commit, scar.path) or []
    except (GitError, SpecauditError):
        return None, []
    return commit, [ln.rstrip("\r\n") for ln in lines[scar.first - 1: scar.last]]

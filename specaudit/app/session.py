"""Open a review session: a repository, its specs with their audits, and a diff source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specaudit.core.commits import short_commit_ids
from specaudit.core.errors import SpecError, UsageError
from specaudit.core.model import Spec
from specaudit.vcs.runner import SafeGit, check_ref, open_repo


@dataclass
class SpecEntry:
    rel: str
    spec: Spec
    audit: object  # specaudit.core.audit.Audit


@dataclass
class DiffSource:
    """Where the change under review comes from: a git range or a patch file."""

    range: str | None = None
    patch: str | None = None

    def describe(self) -> str:
        if self.patch:
            return f"patch {self.patch}"
        return short_commit_ids(self.range) if self.range else "working tree"


@dataclass
class Session:
    repo: SafeGit
    specs: list[SpecEntry]
    source: DiffSource
    spec_format: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.repo.root

    def entry(self, rel: str) -> SpecEntry | None:
        return next((e for e in self.specs if e.rel == rel), None)


def validate_range(repo: SafeGit, range_: str) -> None:
    """Resolve both ends of A..B / A...B (or a single commit) now, for a one-line error."""
    for sep in ("...", ".."):
        if sep in range_:
            left, right = range_.split(sep, 1)
            for end in (left or "HEAD", right or "HEAD"):
                repo.rev_parse(check_ref(end, "range"))
            return
    repo.rev_parse(check_ref(range_, "range"))


def pinned_range(repo: SafeGit, range_: str | None) -> str | None:
    """``range_`` with both ends as commit ids, so a commit made during the session (a
    tightened spec) does not move the review to another range."""
    if not range_:
        return range_
    for sep in ("...", ".."):
        if sep in range_:
            left, right = range_.split(sep, 1)
            return sep.join(repo.rev_parse(check_ref(end or "HEAD", "range")) for end in (left, right))
    return repo.rev_parse(check_ref(range_, "range"))


def load_entry(repo: SafeGit, rel: str, spec_format: str | None) -> SpecEntry:
    from specaudit.app.audit_store import load_audit
    from specaudit.app.workspace import load_spec

    spec = load_spec(repo.root, rel, spec_format)
    return SpecEntry(rel=rel, spec=spec, audit=load_audit(repo.root, rel))


def open_session(
    path: str | Path,
    spec: str | None = None,
    range: str | None = None,
    patch: str | None = None,
    spec_format: str | None = None,
) -> Session:
    from specaudit.app.diffs import default_range
    from specaudit.app.workspace import find_specs, relpath_in

    repo = open_repo(path)
    if range and patch:
        raise UsageError("give either --range or --patch, not both")
    if patch and not Path(patch).is_file():
        raise UsageError(f"patch file not found: {patch}")
    rels = [relpath_in(repo.root, spec)] if spec else find_specs(repo.root)
    if not rels:
        raise SpecError(
            "no specs found (looked in .specaudit/ and the usual spec locations; use --spec)",
            path=str(repo.root),
        )
    entries = [load_entry(repo, rel, spec_format) for rel in rels]
    if range:
        validate_range(repo, range)
    source = DiffSource(range=range or (None if patch else default_range(repo)), patch=patch)
    problems = [str(p) for e in entries for p in e.spec.problems]
    return Session(repo=repo, specs=entries, source=source, spec_format=spec_format, problems=problems)

"""Use case: gather the evidence for a spec's clauses in one change, and rank it.

Git reads go through ``vcs.evidence_read`` (the hardened runner); task lists are read
beside the spec, at the range's new commit when reviewing a range (that is the spec
state the change was built against), otherwise from the working tree. Nothing in the
repository is executed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from specaudit.app.audit_store import Entry, EntryChange, EntryRef
from specaudit.core.evidence import SuggestResult, propose
from specaudit.core.evidence.change import unread
from specaudit.core.evidence.keys import matcher_for
from specaudit.core.evidence.model import Commit
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS
from specaudit.vcs.evidence_read import range_commits, read_blob
from specaudit.vcs.runner import SafeGit

TASK_FILE = "tasks.md"


@dataclass
class EvidenceInput:
    spec: Spec
    changeset: object  # core.diff.ChangeSet
    task_lists: list[Spec] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def task_list_paths(spec_rel: str) -> list[str]:
    """Where a spec's task list lives: beside it (Spec Kit, Kiro), or in the OpenSpec
    change folder above a delta spec (``openspec/changes/<name>/specs/<cap>/spec.md``)."""
    p = PurePosixPath(spec_rel)
    out = [str(p.parent / TASK_FILE)] if p.name != TASK_FILE else []
    parts = p.parts
    if "changes" in parts:
        i = parts.index("changes")
        j = i + 2 if i + 1 < len(parts) and parts[i + 1] != "archive" else i + 3
        if j <= len(parts) - 1:
            out.append(str(PurePosixPath(*parts[:j]) / TASK_FILE))
    return [x for x in dict.fromkeys(out) if x != spec_rel]


def read_task_lists(spec_rel: str, read: Callable[[str], bytes | None], warnings: list[str]) -> list[Spec]:
    """The task lists beside the spec; an unreadable, binary or huge one is skipped with one warning."""
    out: list[Spec] = []
    for rel in task_list_paths(spec_rel):
        try:
            raw = read(rel)
        except OSError as exc:
            warnings.append(f"{rel}: skipped, cannot read ({exc.strerror or exc})")
            continue
        if raw is None:
            continue
        if len(raw) > LIMITS.evidence_max_task_bytes:
            warnings.append(f"{rel}: skipped, too large ({len(raw)} bytes; limit {LIMITS.evidence_max_task_bytes})")
            continue
        if b"\0" in raw[:8192]:
            warnings.append(f"{rel}: skipped, binary")
            continue
        try:
            out.append(parse_spec(rel, decode_spec_bytes(raw)))
        except Exception as exc:  # noqa: BLE001 - a task list we cannot parse only loses its evidence
            warnings.append(f"{rel}: skipped, cannot parse ({exc})")
    return out


def worktree_reader(root: Path) -> Callable[[str], bytes | None]:
    def read(rel: str) -> bytes | None:
        p = root / rel
        if not p.is_file():
            return None
        with p.open("rb") as f:  # a huge file is read only far enough to see that it is too large
            return f.read(LIMITS.evidence_max_task_bytes + 1)
    return read


def commit_reader(repo: SafeGit, rev: str) -> Callable[[str], bytes | None]:
    return lambda rel: read_blob(repo, rev, rel)


def gather(repo: SafeGit, spec: Spec, changeset) -> EvidenceInput:
    """Task lists and the range's commits for ``spec`` and a change loaded from ``repo``."""
    warnings: list[str] = []
    new = getattr(changeset, "target", None)
    old = getattr(changeset, "base", None)
    read = commit_reader(repo, new) if new else worktree_reader(repo.root)
    task_lists = read_task_lists(spec.path, read, warnings)
    if not task_lists and not warnings and new:  # not in the commit: a list written since
        task_lists = read_task_lists(spec.path, worktree_reader(repo.root), warnings)
    matcher = matcher_for(spec, task_lists)
    commits = range_commits(repo, old, new, lambda msg: bool(matcher.cites(msg, subject=True))) if old and new else []
    for fd in getattr(changeset, "files", ()):
        if unread(fd):
            warnings.append(f"{fd.path}: not read for evidence: {fd.added + fd.removed} changed lines "
                            f"(limit {LIMITS.evidence_max_file_lines}); its hunks can still be proposed")
    return EvidenceInput(spec, changeset, task_lists, commits, warnings)


def suggest(inp: EvidenceInput, *, clause: str | None = None, limit: int | None = None) -> SuggestResult:
    return propose(inp.spec, inp.changeset, task_lists=inp.task_lists, commits=inp.commits, limit=limit,
                   clause_keys=[clause] if clause else None)


def suggest_in_session(session, entry, *, clause: str | None = None, limit: int | None = None,
                       changeset=None):
    """Proposals for one spec of a session over its diff source (or ``changeset`` when
    already loaded), rejected ones left out. Returns (SuggestResult, warnings)."""
    from specaudit.app.diffs import load_range

    if changeset is None:
        changeset = load_range(session.repo, session.source)
    inp = gather(session.repo, entry.spec, changeset)
    result = suggest(inp, clause=clause, limit=None)
    drop_rejected(result, entry.audit)
    cut = LIMITS.evidence_limit if limit is None else limit
    result.proposals = {k: ps[:cut] for k, ps in result.proposals.items()}
    return result, inp.warnings


def drop_rejected(result: SuggestResult, audit) -> None:
    """Leave out the files the reviewer rejected for a clause (the audit's ``rejected``)."""
    rejected = getattr(audit, "rejected", {}) or {}
    for key, proposals in result.proposals.items():
        gone = set(rejected.get(key, ()))
        if gone:
            result.proposals[key] = [p for p in proposals if p.path not in gone]


def prepare_reject(spec_rel: str, clause: str, path: str) -> EntryChange:
    """Record that ``path`` does not implement ``clause``: it is not proposed again."""
    def add(old: Entry | None) -> Entry:
        files = old if isinstance(old, tuple) else ()  # the "rejected" table holds tuples
        return tuple(sorted({*files, path}))

    return EntryChange(EntryRef(spec_rel, "rejected", clause), add)


def reject_proposal(root: Path, spec_rel: str, clause: str, path: str) -> None:
    prepare_reject(spec_rel, clause, path).apply(root)


def propose_all(session, changeset) -> tuple[dict[str, dict[str, list]], dict[str, list[str]]]:
    """Every open spec's proposals over a loaded change (for the window's background job):
    (spec rel -> clause key -> proposals, spec rel -> clause keys in spec order)."""
    results: dict[str, dict[str, list]] = {}
    order: dict[str, list[str]] = {}
    for entry in session.specs:
        result, _warnings = suggest_in_session(session, entry, changeset=changeset)
        results[entry.rel] = result.proposals
        order[entry.rel] = [c.key for c in entry.spec.clauses]
    return results, order

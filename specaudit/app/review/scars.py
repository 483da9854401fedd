"""Recording scars: code that deliberately diverges from the spec, with its story.

A scar can sit on any file at any commit, not only on the reviewed change. With
``commit=None`` the lines are read from the working tree and the scar is anchored at
the commit that adds it to the audit file (resolved later from history).
"""

from __future__ import annotations

from dataclasses import replace

from specaudit.app.review.verdicts import (
    git_identity,
    missing_path,
    now_utc,
    repo_path,
    require_one_line,
)
from specaudit.app.store.audit_store import EntryChange, EntryRef, load_audit, update
from specaudit.app.store.files import read_regular
from specaudit.core.audit import SEVERITIES, Audit, Scar, check_range, new_scar_id
from specaudit.core.errors import UsageError
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import lines_at
from specaudit.vcs.runner import SafeGit, split_lines


def _lines(repo: SafeGit, path: str, commit: str | None) -> list[str]:
    if commit is None:
        raw = read_regular(repo.root / path, LIMITS.max_scarred_file_bytes, what="file", error=UsageError,
                           display=path, root=repo.root, missing_ok=True)
        if raw is None:
            raise missing_path(repo.root, path, "the working tree")
        return split_lines(raw)
    lines = lines_at(repo, commit, path)
    if lines is None:
        raise missing_path(repo.root, path, commit[:12])
    return lines


def prepare_scar(
    repo: SafeGit,
    spec_rel: str,
    path: str,
    first: int,
    last: int,
    title: str,
    why: str,
    *,
    clause: str | None = None,
    incident: str | None = None,
    severity: str = "high",
    commit: str | None = "HEAD",
    author: str | None = None,
) -> EntryChange:
    """A new scar on ``path`` lines ``first..last`` at ``commit`` (None: the working
    tree, anchored at the commit that adds the scar)."""
    check_range(first, last)
    if severity not in SEVERITIES:
        raise UsageError(f"unknown severity {severity!r} (one of: {', '.join(SEVERITIES)})")
    if not title.strip():
        raise UsageError("a scar needs a title")
    require_one_line("a scar's title", title)
    require_one_line("a scar's incident", incident)
    require_one_line("the author", author)
    if not why.strip():
        raise UsageError("a scar needs its story (why the code diverges from the spec)")
    path = repo_path(repo.root, path)
    resolved = repo.rev_parse(commit) if commit is not None else None
    lines = _lines(repo, path, resolved)
    if last > len(lines):
        raise UsageError(f"{path} has only {len(lines)} lines; cannot scar {first}-{last}")
    scar = Scar(
        id=new_scar_id(set(load_audit(repo.root, spec_rel).scars)),
        path=path, first=first, last=last, title=title.strip(), why=why.strip() + "\n",
        commit=resolved, fingerprint=lines_fingerprint(lines[first - 1:last]),
        clause=clause, incident=incident, severity=severity,
        created=now_utc(), author=author or git_identity(repo),
    )

    def change(old):
        if old is not None:  # 2^-32 per scar: someone else took the id meanwhile
            raise UsageError(f"scar id {scar.id} was just taken by another writer; run the command again")
        return scar

    return EntryChange(EntryRef(spec_rel, "scar", scar.id), change)


def add_scar(repo: SafeGit, spec_rel: str, path: str, first: int, last: int, title: str, why: str,
             *, clause: str | None = None, incident: str | None = None, severity: str = "high",
             commit: str | None = "HEAD") -> Scar:
    """Record a scar (see ``prepare_scar``) and save it; returns the scar."""
    change = prepare_scar(repo, spec_rel, path, first, last, title, why, clause=clause, incident=incident,
                          severity=severity, commit=commit)
    after = change.apply(repo.root).after
    assert isinstance(after, Scar)
    return after


def reanchor_scars(repo: SafeGit, spec_rel: str) -> list[Scar]:
    """Move intact scars whose lines only moved (shifted, file renamed, block moved) to
    where they are at HEAD. Overwritten scars are left alone: they must stay visible."""
    from specaudit.app.check.checking import Anchors
    from specaudit.app.store.audit_store import audit_path

    head = repo.head()
    if head is None:
        return []
    anchors = Anchors(repo, head, None)
    audit_rel = audit_path(repo.root, spec_rel).relative_to(repo.root).as_posix()
    moved: list[Scar] = []
    original = load_audit(repo.root, spec_rel).scars
    for sid, scar in sorted(original.items()):
        commit = anchors.resolve(anchors.scar_anchor(audit_rel, sid, scar.commit))
        if commit is None:
            continue
        now = anchors.follow(commit, scar.path, scar.first, scar.last)
        if now.changed or not now.moved or now.path is None:
            continue
        lines = _lines(repo, now.path, head)[now.first - 1:now.last]
        moved.append(replace(scar, path=now.path, first=now.first, last=now.last, commit=head,
                             fingerprint=lines_fingerprint(lines)))
    if not moved:
        return []

    def move(audit: Audit) -> None:
        # Following history is slow, so it ran before the lock: move only scars nobody
        # changed meanwhile.
        for new in moved:
            if audit.scars.get(new.id) == original[new.id]:
                audit.put_scar(new)

    saved = update(repo.root, spec_rel, move)
    return [s for s in moved if saved.scars.get(s.id) == s]

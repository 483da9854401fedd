"""Recording scars: code that deliberately diverges from the spec, with its story.

A scar can sit on any file at any commit, not only on the reviewed change. With
``commit=None`` the lines are read from the working tree and the scar is anchored at
the commit that adds it to the audit file (resolved later from history).
"""

from __future__ import annotations

from dataclasses import replace

from specaudit.app.audit_store import load_audit, save_audit
from specaudit.app.review import git_identity, now_utc, repo_path
from specaudit.core.audit import SEVERITIES, Scar, check_range, new_scar_id
from specaudit.core.errors import UsageError
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.vcs.line_tracking import lines_at, split_lines
from specaudit.vcs.runner import SafeGit


def _lines(repo: SafeGit, path: str, commit: str | None) -> list[str]:
    if commit is None:
        target = repo.root / path
        if not target.is_file():
            raise UsageError(f"no such file in the working tree: {path}")
        return split_lines(target.read_bytes())
    lines = lines_at(repo, commit, path)
    if lines is None:
        raise UsageError(f"{path} does not exist at {commit[:12]}")
    return lines


def add_scar(
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
) -> Scar:
    """Record a scar on ``path`` lines ``first..last`` at ``commit`` (None: the working
    tree, anchored at the commit that adds the scar) and save the audit atomically."""
    check_range(first, last)
    if severity not in SEVERITIES:
        raise UsageError(f"unknown severity {severity!r} (one of: {', '.join(SEVERITIES)})")
    if not title.strip():
        raise UsageError("a scar needs a title")
    if not why.strip():
        raise UsageError("a scar needs its story (why the code diverges from the spec)")
    path = repo_path(repo.root, path)
    resolved = repo.rev_parse(commit) if commit is not None else None
    lines = _lines(repo, path, resolved)
    if last > len(lines):
        raise UsageError(f"{path} has only {len(lines)} lines; cannot scar {first}-{last}")
    audit = load_audit(repo.root, spec_rel)
    scar = Scar(
        id=new_scar_id(set(audit.scars)),
        path=path, first=first, last=last, title=title.strip(), why=why.strip() + "\n",
        commit=resolved, fingerprint=lines_fingerprint(lines[first - 1:last]),
        clause=clause, incident=incident, severity=severity,
        created=now_utc(), author=git_identity(repo),
    )
    audit.put_scar(scar)
    save_audit(repo.root, audit)
    return scar


def set_scar_status(repo: SafeGit, spec_rel: str, scar_id: str, status: str) -> Scar:
    """E.g. ``folded:<clause key>`` once the scar became a clause of the spec."""
    audit = load_audit(repo.root, spec_rel)
    if scar_id not in audit.scars:
        raise UsageError(f"no scar {scar_id!r} in the audit of {spec_rel}")
    scar = replace(audit.scars[scar_id], status=status)
    audit.put_scar(scar)
    save_audit(repo.root, audit)
    return scar


def remove_scar(repo: SafeGit, spec_rel: str, scar_id: str) -> None:
    audit = load_audit(repo.root, spec_rel)
    if audit.scars.pop(scar_id, None) is None:
        raise UsageError(f"no scar {scar_id!r} in the audit of {spec_rel}")
    save_audit(repo.root, audit)


def reanchor_scars(repo: SafeGit, spec_rel: str) -> list[Scar]:
    """Move intact scars whose lines only moved (shifted, file renamed, block moved) to
    where they are at HEAD. Overwritten scars are left alone: they must stay visible."""
    from specaudit.app.audit_store import audit_path
    from specaudit.app.checking import Anchors

    head = repo.head()
    if head is None:
        return []
    anchors = Anchors(repo, head, None)
    audit = load_audit(repo.root, spec_rel)
    audit_rel = audit_path(repo.root, spec_rel).relative_to(repo.root).as_posix()
    moved: list[Scar] = []
    for sid, scar in sorted(audit.scars.items()):
        commit = anchors.resolve(anchors.scar_anchor(audit_rel, sid, scar.commit))
        if commit is None:
            continue
        now = anchors.follow(commit, scar.path, scar.first, scar.last)
        if now.changed or not now.moved or now.path is None:
            continue
        lines = _lines(repo, now.path, head)[now.first - 1:now.last]
        new = replace(scar, path=now.path, first=now.first, last=now.last, commit=head,
                      fingerprint=lines_fingerprint(lines))
        audit.put_scar(new)
        moved.append(new)
    if moved:
        save_audit(repo.root, audit)
    return moved

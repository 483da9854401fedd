"""Recording verdicts and links: the use case behind `specaudit review` and the app's tick box."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from specaudit.app.audit_store import Entry, EntryChange, EntryRef
from specaudit.core.audit import SIDES, Link, Review, check_range, check_verdict
from specaudit.core.errors import GitError, UsageError
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.core.model import Spec
from specaudit.vcs.blobs import lines_at
from specaudit.vcs.line_tracking import Tracker
from specaudit.vcs.runner import SafeGit


def now_utc() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def git_identity(repo: SafeGit) -> str | None:
    """``Name <email>`` as git would sign a commit (config or GIT_AUTHOR_* variables)."""
    out = repo.run("var", "GIT_AUTHOR_IDENT", ok_codes=(0, 128)).decode("utf-8", "replace").strip()
    if ">" not in out:
        return None
    return out[: out.rindex(">") + 1]


def repo_path(root: Path, path: str) -> str:
    """A user-supplied code path as a clean repository-relative POSIX path."""
    # A backslash is a separator only on Windows; elsewhere it is part of a file name
    # ("back\\slash.py" is a legal name git tracks).
    p = PurePosixPath(path.replace("\\", "/") if os.sep == "\\" else path)
    if p.is_absolute():
        try:
            p = PurePosixPath(Path(path).resolve().relative_to(Path(root).resolve()).as_posix())
        except ValueError:
            raise UsageError(f"path is outside the repository: {path}") from None
    if not str(p) or str(p) == "." or ".." in p.parts:
        raise UsageError(f"invalid path in the repository: {path!r}")
    return p.as_posix()


def _clause(spec: Spec, key: str):
    clause = spec.clause(key)
    if clause is None:
        raise UsageError(f"unknown clause {key!r} in {spec.path}")
    return clause


def make_link(repo: SafeGit, path: str, first: int, last: int, side: str = "new") -> Link:
    """A link anchored at HEAD (new side) or HEAD's parent (old side), fingerprinted."""
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r} (one of: {', '.join(SIDES)})")
    check_range(first, last)
    path = repo_path(repo.root, path)
    head = repo.head()
    if head is None:
        raise UsageError("the repository has no commits yet; commit the code before linking to it")
    commit = head
    if side == "old":
        try:
            commit = repo.rev_parse(head + "^")
        except GitError:
            raise UsageError("HEAD has no parent, so there is no old side to link to") from None
    lines = lines_at(repo, commit, path)
    if lines is None:
        raise UsageError(f"{path} does not exist at {commit[:12]}")
    if last > len(lines):
        raise UsageError(f"{path} has {len(lines)} lines at {commit[:12]}; cannot link {first}-{last}")
    return Link(path, first, last, side, commit, lines_fingerprint(lines[first - 1:last]))


def refresh_links(repo: SafeGit, links: tuple[Link, ...]) -> tuple[Link, ...]:
    """Re-anchor links at HEAD: a new verdict vouches for the lines as they are now, so
    each link follows its lines to HEAD and is fingerprinted afresh. Links to deleted
    files and old-side links are kept as they were (still visibly stale)."""
    head = repo.head()
    if head is None or not links:
        return links
    tracker = Tracker(repo, head)
    out = []
    for link in links:
        if link.side != "new" or not link.commit:
            out.append(link)
            continue
        try:
            commit = repo.rev_parse(link.commit)
        except GitError:
            out.append(link)
            continue
        now = tracker.track(commit, link.path, link.first, link.last)
        lines = tracker.blob(head, now.path) if now.path else None
        if now.deleted or now.path is None or lines is None or now.last > len(lines):
            out.append(link)
            continue
        out.append(Link(now.path, now.first, now.last, "new", head, lines_fingerprint(lines[now.first - 1:now.last])))
    return tuple(out)


def _review_of(key: str, change: Callable[[Review], Review]) -> Callable[[Entry | None], Entry | None]:
    """An entry change for a review, given ``change(old review) -> new review``."""
    return lambda old: change(old if isinstance(old, Review) else Review(clause=key))


def prepare_verdict(
    repo: SafeGit,
    spec: Spec,
    clause_key: str,
    verdict: str,
    *,
    note: str | None = None,
    links: list[tuple[str, int, int]] | None = None,
    reviewer: str | None = None,
) -> EntryChange:
    """A verdict on one clause at HEAD. The previous verdict moves into the review's
    history; given links are added to the clause's existing ones (same range twice is
    kept once), and the kept links are re-anchored at HEAD."""
    check_verdict(verdict)
    clause = _clause(spec, clause_key)
    new_links = [make_link(repo, p, a, b) for p, a, b in (links or [])]
    who, at, head = reviewer or git_identity(repo), now_utc(), repo.head()

    def change(old: Review) -> Review:
        kept = refresh_links(repo, old.links)
        kept = tuple(lk for lk in kept if not any(lk.same_place(n.path, n.first, n.last, n.side) for n in new_links))
        return old.superseded_by(
            verdict,
            note=note if note is not None else (old.note if verdict == old.verdict else None),
            reviewer=who, at=at, commit=head, clause_fingerprint=clause.fingerprint,
            links=kept + tuple(new_links),
        )

    return EntryChange(EntryRef(spec.path, "review", clause_key), _review_of(clause_key, change))


def prepare_link(
    repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int, side: str = "new",
) -> EntryChange:
    """Link a clause to lines (without changing its verdict)."""
    _clause(spec, clause_key)
    link = make_link(repo, path, first, last, side)

    def change(old: Review) -> Review:
        kept = tuple(lk for lk in old.links if not lk.same_place(link.path, link.first, link.last, link.side))
        return replace(old, links=kept + (link,))

    return EntryChange(EntryRef(spec.path, "review", clause_key), _review_of(clause_key, change))


def prepare_unlink(
    repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int, side: str = "new",
) -> EntryChange:
    """Remove a clause's link to exactly this range; an unknown link is a UsageError."""
    _clause(spec, clause_key)
    path = repo_path(repo.root, path)

    def change(old: Review) -> Review:
        kept = tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))
        if len(kept) == len(old.links):
            raise UsageError(f"clause {clause_key!r} has no link to {path}:{first}-{last}")
        return replace(old, links=kept)

    return EntryChange(EntryRef(spec.path, "review", clause_key), _review_of(clause_key, change))


# The same, applied at once (the CLI and scripts): each returns the review as saved.

def _saved(change: EntryChange, root: Path) -> Review:
    after = change.apply(root).after
    assert isinstance(after, Review)
    return after


def record_verdict(repo: SafeGit, spec: Spec, clause_key: str, verdict: str, *, note: str | None = None,
                   links: list[tuple[str, int, int]] | None = None, reviewer: str | None = None) -> Review:
    return _saved(prepare_verdict(repo, spec, clause_key, verdict, note=note, links=links, reviewer=reviewer),
                  repo.root)


def add_link(repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int,
             side: str = "new") -> Review:
    return _saved(prepare_link(repo, spec, clause_key, path, first, last, side), repo.root)


def remove_link(repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int,
                side: str = "new") -> Review:
    return _saved(prepare_unlink(repo, spec, clause_key, path, first, last, side), repo.root)

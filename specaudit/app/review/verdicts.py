"""Recording verdicts and links: the use case behind `specaudit review` and the app's tick box.

Every record is anchored to the revision the reviewer is looking at (``at``: the range's
target, or the working tree when the range ends there; HEAD without a range), so the
check and the report show exactly the lines that were picked. The rules of a review
(which note is kept, how links replace each other) are the pure functions below; the
window shows an edit in memory with the same functions before it is saved."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath

from specaudit.app.store.audit_store import Entry, EntryChange, EntryRef, load_audit
from specaudit.app.store.files import read_regular
from specaudit.app.workspace.ranges import ChangeRange
from specaudit.core.audit import SIDES, Link, Review, check_range, check_verdict
from specaudit.core.errors import GitError, UsageError
from specaudit.core.escape import line_break_at, one_line
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.core.model import Spec
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import lines_at
from specaudit.vcs.line_tracking import Tracker
from specaudit.vcs.queries import author_ident
from specaudit.vcs.runner import SafeGit, split_lines


def now_utc() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def require_one_line(field: str, value: str | None) -> None:
    """Refuse a field shown on one line (a scar's title and incident, a reviewer's name, a
    change mark's note) holding a line break or control character: in `check`'s text
    output or a CI log it would start a line of its own. The CLI and the window's
    dialogs both come through here. (A hand-edited audit file is escaped on output.)"""
    at = None if value is None else line_break_at(value)
    if value is not None and at is not None:
        raise UsageError(f"{field} must be one line: it holds {one_line(value[at])} at character {at + 1}")


def git_identity(repo: SafeGit) -> str | None:
    """``Name <email>`` as git would sign a commit (config or GIT_AUTHOR_* variables)."""
    return author_ident(repo)


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


def missing_path(root: Path, path: str, where: str) -> UsageError:
    """"PATH does not exist at C"; when PATH was typed from a folder below the root (a code
    path is the repository's, while --spec is read from the current folder) and the path
    from there exists, it is named."""
    try:
        here = Path.cwd().resolve().relative_to(Path(root).resolve()).as_posix()
    except (OSError, ValueError):
        here = "."
    guess = f"{here}/{path}"
    hint = (f"; paths are from the repository's root: did you mean {guess}?"
            if here != "." and (Path(root) / guess).is_file() else "")
    at = "in" if where == "the working tree" else "at"
    return UsageError(f"{path} does not exist {at} {where}{hint}")


def _clause(spec: Spec, key: str):
    return spec.require(key)


def anchor_commit(repo: SafeGit, at: ChangeRange | None, side: str = "new") -> str | None:
    """The commit lines on ``side`` belong to: the revision the reviewer is looking at.

    With a range (``at``), the new side is its target and the old side its base; None
    means the working tree (a range that ends there). Without one (the CLI's default),
    HEAD and HEAD's parent. A patch has no commits: HEAD, as without a range."""
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r} (one of: {', '.join(SIDES)})")
    if at is not None and not at.patch:
        if side == "new":
            return None if at.working_tree else at.target
        if at.base is None or at.base_is_tree:
            raise UsageError("the change starts from nothing, so there is no old side to link to")
        return at.base
    head = repo.head()
    if head is None:
        raise UsageError("the repository has no commits yet; commit the code before linking to it")
    if side == "old":
        try:
            return repo.rev_parse(head + "^")
        except GitError:
            raise UsageError("HEAD has no parent, so there is no old side to link to") from None
    return head


def review_commit(repo: SafeGit, at: ChangeRange | None) -> str | None:
    """The commit a verdict is given at: the range's target (its base, HEAD, when the
    range ends at the working tree), else HEAD."""
    if at is not None and not at.patch:
        return at.base if at.working_tree else at.target
    return repo.head()


def worktree_lines(repo: SafeGit, path: str) -> list[str] | None:
    """The file's lines in the working tree, read with the one safe reader (None if absent)."""
    raw = read_regular(Path(repo.root) / path, LIMITS.max_spec_bytes, what="file", error=UsageError,
                       display=path, root=Path(repo.root), missing_ok=True)
    return None if raw is None else split_lines(raw)


# (path, side, first, last) -> the lines, when the caller already has them (the window's
# loaded change set); None: read them from git.
KnownLines = Callable[[str, str, int, int], "list[str] | None"]


def make_link(repo: SafeGit, path: str, first: int, last: int, side: str = "new", *,
              at: ChangeRange | None = None, known: KnownLines | None = None) -> Link:
    """A link to lines as they are at the revision being reviewed (``anchor_commit``),
    fingerprinted. Lines of the working tree are anchored at HEAD when the file is as
    committed there, else left unanchored (None), like a scar on the working tree."""
    check_range(first, last)
    path = repo_path(repo.root, path)
    commit = anchor_commit(repo, at, side)
    span = known(path, side, first, last) if known is not None and commit is not None else None
    if span is None:
        lines = lines_at(repo, commit, path) if commit is not None else worktree_lines(repo, path)
        where = commit[:12] if commit is not None else "the working tree"
        if lines is None:
            raise missing_path(repo.root, path, where)
        if last > len(lines):
            raise UsageError(f"{path} has {len(lines)} lines at {where}; cannot link {first}-{last}")
        span = lines[first - 1:last]
        if commit is None and at is not None and at.base and lines_at(repo, at.base, path) == lines:
            commit = at.base  # unchanged since HEAD: anchored there, so the check can follow it
    return Link(path, first, last, side, commit, lines_fingerprint(span))


def refresh_links(repo: SafeGit, links: tuple[Link, ...], target: str | None = None) -> tuple[Link, ...]:
    """Re-anchor links at ``target`` (default HEAD): a new verdict vouches for the lines
    as they are there, so each link follows its lines and is fingerprinted afresh. Links
    already anchored there cost nothing; links to deleted files and old-side links are
    kept as they were (still visibly stale)."""
    target = target or repo.head()
    if target is None or all(lk.side != "new" or not lk.commit or lk.commit == target for lk in links):
        return links
    tracker = Tracker(repo, target)
    out = []
    for link in links:
        if link.side != "new" or not link.commit or link.commit == target:
            out.append(link)
            continue
        try:
            commit = repo.rev_parse(link.commit)
        except GitError:
            out.append(link)
            continue
        now = tracker.track(commit, link.path, link.first, link.last)
        lines = tracker.blob(target, now.path) if now.path else None
        if now.deleted or now.path is None or lines is None or now.last > len(lines):
            out.append(link)
            continue
        out.append(Link(now.path, now.first, now.last, "new", target,
                        lines_fingerprint(lines[now.first - 1:now.last])))
    return tuple(out)


# -- the rules of a review, pure: the window shows an edit with these before it is saved --

def verdict_review(old: Review, verdict: str, *, note: str | None, reviewer: str | None, at: str | None,
                   commit: str | None, clause_fingerprint: str | None, new_links: tuple[Link, ...] = (),
                   refreshed: Mapping[Link, Link] | None = None) -> Review:
    """``old`` with a new verdict. A note given replaces the old one; without one the old
    note stays only while the verdict stays the same. The same verdict again (or a note
    edited) adds no history entry (``Review.superseded_by``). New links replace old ones
    at the same place; the others become ``refreshed`` (re-anchored) where known."""
    kept = tuple((refreshed or {}).get(lk, lk) for lk in old.links)
    kept = tuple(lk for lk in kept if not any(lk.same_place(n.path, n.first, n.last, n.side) for n in new_links))
    return old.superseded_by(
        verdict,
        note=note if note is not None else (old.note if verdict == old.verdict else None),
        reviewer=reviewer, at=at, commit=commit, clause_fingerprint=clause_fingerprint,
        links=kept + tuple(new_links),
    )


def linked_review(old: Review, link: Link) -> Review:
    """``old`` linked to ``link`` (a link to the same lines is replaced, never doubled)."""
    kept = tuple(lk for lk in old.links if not lk.same_place(link.path, link.first, link.last, link.side))
    return replace(old, links=kept + (link,))


def unlinked_review(old: Review, path: str, first: int, last: int, side: str = "new") -> Review:
    """``old`` without its link to exactly these lines; an unknown link is a UsageError."""
    kept = tuple(lk for lk in old.links if not lk.same_place(path, first, last, side))
    if len(kept) == len(old.links):
        raise UsageError(f"clause {old.clause!r} has no link to {path}:{first}-{last}")
    return replace(old, links=kept)


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
    at: ChangeRange | None = None,
    current_links: tuple[Link, ...] | None = None,
    known: KnownLines | None = None,
) -> EntryChange:
    """A verdict on one clause at the revision being reviewed (``at``'s target, else
    HEAD). The previous verdict moves into the review's history; given links are added
    to the clause's existing ones, and the kept links are re-anchored at that revision.

    Everything slow (git) happens here, before the lock: the links re-anchored are the
    clause's ``current_links`` (the window's copy; else read from the file now). A link
    someone adds meanwhile is kept as it is."""
    check_verdict(verdict)
    require_one_line("the reviewer", reviewer)
    clause = _clause(spec, clause_key)
    clause_key = clause.key  # as the spec writes it (a scenario may be named by its own name)
    new_links = tuple(make_link(repo, p, a, b, at=at, known=known) for p, a, b in (links or []))
    who, when, commit = reviewer or git_identity(repo), now_utc(), review_commit(repo, at)
    if current_links is None:
        current_links = load_audit(repo.root, spec.path).review(clause_key).links
    refreshed = dict(zip(current_links, refresh_links(repo, current_links, commit), strict=True))

    def change(old: Review) -> Review:
        return verdict_review(old, verdict, note=note, reviewer=who, at=when, commit=commit,
                              clause_fingerprint=clause.fingerprint, new_links=new_links, refreshed=refreshed)

    return EntryChange(EntryRef(spec.path, "review", clause_key), _review_of(clause_key, change))


def prepare_link(
    repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int, side: str = "new", *,
    at: ChangeRange | None = None, known: KnownLines | None = None,
) -> EntryChange:
    """Link a clause to lines (without changing its verdict)."""
    clause_key = _clause(spec, clause_key).key
    link = make_link(repo, path, first, last, side, at=at, known=known)
    return EntryChange(EntryRef(spec.path, "review", clause_key),
                       _review_of(clause_key, lambda old: linked_review(old, link)))


def prepare_unlink(
    repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int, side: str = "new",
) -> EntryChange:
    """Remove a clause's link to exactly this range; an unknown link is a UsageError."""
    clause_key = _clause(spec, clause_key).key
    path = repo_path(repo.root, path)
    return EntryChange(EntryRef(spec.path, "review", clause_key),
                       _review_of(clause_key, lambda old: unlinked_review(old, path, first, last, side)))


# The same, applied at once (the CLI and scripts): each returns the review as saved.

def _saved(change: EntryChange, root: Path) -> Review:
    after = change.apply(root).after
    assert isinstance(after, Review)
    return after


def record_verdict(repo: SafeGit, spec: Spec, clause_key: str, verdict: str, *, note: str | None = None,
                   links: list[tuple[str, int, int]] | None = None, reviewer: str | None = None,
                   at: ChangeRange | None = None) -> Review:
    return _saved(prepare_verdict(repo, spec, clause_key, verdict, note=note, links=links, reviewer=reviewer,
                                  at=at), repo.root)


def add_link(repo: SafeGit, spec: Spec, clause_key: str, path: str, first: int, last: int,
             side: str = "new", *, at: ChangeRange | None = None) -> Review:
    return _saved(prepare_link(repo, spec, clause_key, path, first, last, side, at=at), repo.root)


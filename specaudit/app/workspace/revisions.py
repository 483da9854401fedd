"""Review by revision: which revision the verdicts were made on, and what changed since.

When a regeneration lands, the range's target moves. Rather than re-read the whole
change, the reviewer can look at the interdiff from the revision their verdicts (and
viewed marks) were made on to the new target, limited to the range's files, as
Reviewable and Gerrit compare patch sets.
"""

from __future__ import annotations

from specaudit.app.store.audit_store import AUDIT_DIR
from specaudit.core.commits import short_commit_ids
from specaudit.core.diff import ChangeSet
from specaudit.core.errors import GitError
from specaudit.vcs.diffread import read_between
from specaudit.vcs.queries import count_commits
from specaudit.vcs.runner import SafeGit


def verdict_revision(audits) -> str | None:
    """The commit of the latest recorded verdict or viewed mark across ``audits``
    (None when nothing was recorded with a commit)."""
    stamped = [(r.at or "", r.commit) for a in audits for r in a.reviews.values()
               if r.commit and not r.is_placeholder]
    stamped += [(m.at or "", m.commit) for a in audits for m in a.viewed.values() if m.commit]
    return max(stamped)[1] if stamped else None


def revision_moved(repo: SafeGit, revision: str | None, target: str | None) -> bool:
    """True when the range's target moved past the verdicts' revision: the revision is
    a strict ancestor of the target (verdicts given later, e.g. after committing the
    spec on top, do not count as the change having moved)."""
    if not revision or not target:
        return False
    try:
        ahead = count_commits(repo, revision, target)
        behind = count_commits(repo, target, revision)
    except GitError:
        return False
    return ahead > 0 and behind == 0


def load_interdiff(repo: SafeGit, changeset: ChangeSet, revision: str) -> ChangeSet:
    """What changed from ``revision`` to the range's target, in the range's files only
    (not ``.specaudit/``)."""
    if changeset.target is None:
        raise GitError("only a git range has a target to compare revisions against")
    # specaudit's own files are left out, as the review's counts leave them out: committing
    # the verdicts inside the range is not a change since the verdicts.
    own = AUDIT_DIR + "/"
    paths = sorted({p for f in changeset.files for p in (f.old_path, f.new_path) if p and not p.startswith(own)})
    desc = f"since verdicts: {short_commit_ids(revision + '..' + changeset.target)}"
    return read_between(repo, revision, changeset.target, paths, desc)

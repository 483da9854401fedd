"""`specaudit settle`: keep one of two verdicts a merge found on one clause."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_clause_arg, add_repo_arg, add_spec_arg
from specaudit.cli.output import emit
from specaudit.core.audit import Review
from specaudit.core.escape import one_line


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "settle",
        help="settle a review conflict: keep one of the verdicts two branches gave a clause",
        description="After a merge kept two verdicts on one clause (a review-conflict finding), "
        "keep one as it was given; the other moves into the clause's history. Without --keep, "
        "list the sides. A new `specaudit review` verdict settles it too.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "spec file (path in the repository)")
    add_clause_arg(p, "the clause in conflict")
    p.add_argument("--keep", metavar="SIDE", help="ours, theirs, or the number of a side as listed")
    p.set_defaults(func=run)


def _side(n: int, r: Review) -> str:
    who = f" by {r.reviewer}" if r.reviewer else ""
    when = f" at {r.at}" if r.at else ""
    note = f": {r.note}" if r.note else ""
    return one_line(f"  {n}. {'ours' if n == 1 else 'theirs'}: {r.verdict}{who}{when}{note}")


def run(args: argparse.Namespace) -> int:
    from specaudit.app.review.conflicts import after_settle, prepare_settle, side_index
    from specaudit.app.store.audit_store import load_audit
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.core.errors import UsageError
    from specaudit.core.model import ending_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    spec = relpath_in(repo.root, args.spec)
    audit = load_audit(repo.root, spec)
    if args.clause not in audit.reviews:  # a scenario by its name; the audit holds the keys (the spec may be mid-merge)
        args.clause = ending_in(audit.reviews, args.clause, spec) or args.clause
    review = audit.review(args.clause)
    if not review.conflict:
        raise UsageError(f"{spec}: clause {args.clause} has no review conflict to settle")
    if not args.keep:
        emit(f"{spec}: clause {args.clause}: {len(review.sides())} verdicts to choose from:")
        for n, side in enumerate(review.sides(), 1):
            emit(_side(n, side))
        return 0
    choice = side_index(review, args.keep)
    after = prepare_settle(spec, args.clause, choice, review.sides()).apply(repo.root).after
    assert isinstance(after, Review)  # the settled entry is the clause's review
    emit(one_line(f"{spec}: clause {args.clause}: kept {after.verdict}"
                  f"{' by ' + after.reviewer if after.reviewer else ''}; the other verdict is in its history"))
    hint = after_settle(repo, spec)
    if hint:
        emit(hint)
    return 0

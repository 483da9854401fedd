"""`specaudit review`: record a verdict on one clause in the spec's audit file."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_clause_arg,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
    parse_location,
)
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    from specaudit.core.audit import VERDICTS

    p: argparse.ArgumentParser = sub.add_parser(
        "review",
        help="record a verdict on a clause",
        description="Record a verdict on one clause of a spec in its audit file "
        "(.specaudit/<spec>.audit.yaml), at HEAD (or at the end of --range), written atomically. The "
        "previous verdict is kept in the clause's history (the same verdict again adds none).",
    )
    add_repo_arg(p)
    add_spec_arg(p, "spec file (path in the repository); with --range, one a later commit moved is followed")
    add_clause_arg(p, "clause key (see `specaudit clauses`), or its end after # or / when one clause ends so")
    p.add_argument("--verdict", required=True, choices=VERDICTS, help="the verdict")
    p.add_argument("--note", metavar="TEXT", help="why (shown in reports)")
    p.add_argument("--link", action="append", default=[], metavar="PATH:START-END",
                   help="link the clause to these lines at HEAD, or at B with --range (repeatable)")
    p.add_argument("--range", metavar="A..B",
                   help="the change being reviewed: the verdict and --link lines are B's (default: HEAD)")
    p.add_argument("--reviewer", metavar="NAME", help="default: git user.name <user.email>")
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.review.verdicts import record_verdict
    from specaudit.app.workspace.ranges import resolve_range
    from specaudit.app.workspace.specs import follow_spec, load_spec, relpath_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    links = [parse_location(v, "--link") for v in args.link]
    at = resolve_range(repo, args.range) if args.range else None
    rel = relpath_in(repo.root, args.spec)
    if at is not None:
        rel, note = follow_spec(repo, rel, at)
        if note:
            emit(f"note: {note}", err=True)
    spec = load_spec(repo.root, rel, args.spec_format)
    review = record_verdict(repo, spec, args.clause, args.verdict, note=args.note, links=links,
                            reviewer=args.reviewer, at=at)
    extra = f" with {len(review.links)} link(s)" if review.links else ""
    emit(f"{spec.path}: {review.clause}: {review.verdict}{extra}")  # the spec's own key, however it was named
    return 0

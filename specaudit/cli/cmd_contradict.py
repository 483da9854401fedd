"""`specaudit contradict`: mark (or unmark) two clauses of a spec as contradicting."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
    spec_or_sole,
)
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "contradict",
        help="mark two clauses as contradicting each other (a spec-contradiction finding)",
        description="Record in the audit file that two clauses of a spec contradict each other. "
        "`specaudit check` and the Spec tab report it as spec-contradiction until either clause is "
        "reworded, or the mark is removed with --remove.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "spec file (path in the repository; default: the repository's one spec)", required=False)
    p.add_argument("first", metavar="KEY", help="one clause")
    p.add_argument("second", metavar="OTHER", help="the clause it contradicts")
    p.add_argument("--note", metavar="TEXT", help="how they contradict")
    p.add_argument("--remove", action="store_true", help="remove the mark")
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.review.contradictions import mark_contradiction, unmark_contradiction
    from specaudit.app.workspace.specs import load_spec, relpath_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    spec = load_spec(repo.root, relpath_in(repo.root, spec_or_sole(args, repo)), args.spec_format)
    if args.remove:
        unmark_contradiction(repo, spec, args.first, args.second)
        emit(f"{spec.path}: {args.first} and {args.second} no longer marked as contradicting")
    else:
        mark = mark_contradiction(repo, spec, args.first, args.second, args.note)
        emit(f"{spec.path}: {mark.first} and {mark.second} marked as contradicting")
    return 0

"""`specaudit change`: the headless twin of the Unexplained panel's marks."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
    parse_location,
    spec_or_sole,
)
from specaudit.cli.output import emit
from specaudit.core.audit import CHANGE_STATUSES


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "change",
        help="mark changed lines no clause explains as explained or out of scope",
        description="Record a reviewer's call on an unexplained change. 'explained' lines stop being "
                    "reported; 'out-of-scope' lines are reported (and fail the gate by default) as scope "
                    "the spec did not ask for. Only lines the range adds or changes can be marked (without "
                    "--range, the default range ending at HEAD); others are refused. A mark stops applying "
                    "when its lines change again.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "spec whose audit records the mark (default: the repository's one spec)", required=False,
                 lines="where")
    p.add_argument("where", nargs="?", metavar="PATH:START-END", help="the changed lines, as at HEAD (or at B with --range)")
    p.add_argument("--range", metavar="A..B", help="the change being reviewed: the lines are B's (default: HEAD)")
    p.add_argument("--as", dest="status", required=True, choices=(*CHANGE_STATUSES, "unmarked"),
                   help="the call ('unmarked' removes an earlier mark)")
    p.add_argument("--note", help="why")
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.review.change_marks import mark_change, unmark_change
    from specaudit.app.workspace.ranges import resolve_range
    from specaudit.app.workspace.specs import spec_named
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    if not args.where:
        raise UsageError("the changed lines are missing: give PATH:START-END (e.g. src/retry.py:12-20)")
    path, first, last = parse_location(args.where, "the change")
    repo = open_repo(args.repo)
    spec_rel = spec_named(repo.root, spec_or_sole(args, repo), args.spec_format).path
    if args.status == "unmarked":
        unmark_change(repo, spec_rel, path, first, last)
        emit(f"unmarked {path}:{first}-{last}")
    else:
        at = resolve_range(repo, args.range) if args.range else None
        mark = mark_change(repo, spec_rel, path, first, last, args.status, note=args.note, at=at)
        emit(f"{mark.status}: {mark.key}")
    return 0

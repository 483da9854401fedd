"""`specaudit scar add|list`: the headless twin of recording a scar in the app."""

from __future__ import annotations

import argparse
import sys

from specaudit.cli.common import (
    SubParsers,
    add_output_format_arg,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
    parse_location,
    spec_or_sole,
)
from specaudit.cli.output import emit, emit_json
from specaudit.core.escape import one_line


def register(sub: SubParsers) -> None:
    from specaudit.core.audit import SEVERITIES

    p: argparse.ArgumentParser = sub.add_parser(
        "scar",
        help="record or list scars (code that deliberately diverges from the spec)",
        description="A scar marks lines that diverge from the spec on purpose, with the story of why. "
        "`specaudit check` reports scar-overwritten when a later commit changes them.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    add = actions.add_parser("add", help="record a scar on PATH:START-END",
                             description="Record a scar on lines of any file at any commit (default HEAD).")
    add_repo_arg(add)
    add_spec_arg(add, "the spec the code diverges from (default: the repository's one spec)", required=False,
                 lines="location")
    add.add_argument("location", nargs="?", metavar="PATH:START-END", help="the scarred lines")
    add.add_argument("--path", metavar="P", help="the scarred file (with --lines; instead of PATH:START-END)")
    add.add_argument("--lines", metavar="A-B", help="the scarred lines of --path, e.g. 12-20")
    add.add_argument("--title", required=True, help="one line: what the code does instead")
    why = add.add_mutually_exclusive_group(required=True)
    why.add_argument("--why", metavar="TEXT", help="the story: what production taught")
    why.add_argument("--why-file", metavar="FILE", help="read the story from FILE ('-' for stdin)")
    add.add_argument("--clause", metavar="KEY", help="the clause it diverges from")
    add.add_argument("--incident", metavar="REF", help="incident or ticket reference")
    add.add_argument("--severity", choices=SEVERITIES, default="high")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--commit", default="HEAD", metavar="C", help="commit the line numbers refer to (default HEAD)")
    where.add_argument("--working-tree", action="store_true",
                       help="lines of the working tree; anchored at the commit that adds the scar")
    where.add_argument("--range", metavar="A..B",
                       help="the change being reviewed: the lines are B's (the working tree's when it ends there)")
    add_spec_format_arg(add)
    add.set_defaults(func=run_add)

    re_ = actions.add_parser("reanchor", help="move intact scars whose lines only moved to where they are at HEAD")
    add_repo_arg(re_)
    add_spec_arg(re_, "the spec whose scars to move")
    re_.set_defaults(func=run_reanchor)

    ls = actions.add_parser("list", help="list a spec's scars")
    add_repo_arg(ls)
    add_spec_arg(ls, "the spec whose scars to list")
    add_output_format_arg(ls)
    ls.set_defaults(func=run_list)


def run_add(args: argparse.Namespace) -> int:
    from specaudit.app.review.scars import add_scar
    from specaudit.app.workspace.specs import spec_named
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import check_ref, open_repo

    repo = open_repo(args.repo)
    if bool(args.location) == bool(args.path or args.lines):
        raise UsageError("give the scarred lines once: PATH:START-END, or --path P --lines A-B")
    if args.location is None and not (args.path and args.lines):
        raise UsageError("--path and --lines go together (e.g. --path app/retry.py --lines 12-20)")
    path, first, last = parse_location(args.location or f"{args.path}:{args.lines}", "the scarred lines")
    if args.why_file:
        why = sys.stdin.read() if args.why_file == "-" else _read_why_file(args.why_file)
    else:
        why = args.why
    if args.range:
        from specaudit.app.workspace.ranges import resolve_range

        commit = resolve_range(repo, args.range).side_commit("new")
    else:
        commit = None if args.working_tree else check_ref(args.commit)
    spec = spec_named(repo.root, spec_or_sole(args, repo), args.spec_format)
    if args.clause:
        args.clause = spec.require(args.clause).key
    spec_rel = spec.path
    scar = add_scar(repo, spec_rel, path, first, last, args.title, why, clause=args.clause,
                    incident=args.incident, severity=args.severity, commit=commit)
    emit(scar.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from specaudit.app.store.audit_store import load_audit
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    audit = load_audit(repo.root, relpath_in(repo.root, args.spec))
    scars = [audit.scars[k] for k in sorted(audit.scars)]
    if args.format == "json":
        emit_json({"spec": audit.spec, "scars": [
            {"id": s.id, "path": s.path, "lines": [s.first, s.last], "commit": s.commit, "title": s.title,
             "why": s.why, "clause": s.clause, "incident": s.incident, "severity": s.severity, "status": s.status}
            for s in scars]})
        return 0
    for s in scars:
        emit(one_line(f"{s.id}  {s.path}:{s.first}-{s.last}  {s.severity:<8} {s.title}"))
    if not scars:
        emit("no scars")
    return 0


def run_reanchor(args: argparse.Namespace) -> int:
    from specaudit.app.review.scars import reanchor_scars
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    moved = reanchor_scars(repo, relpath_in(repo.root, args.spec))
    for s in moved:
        emit(one_line(f"{s.id}  now {s.path}:{s.first}-{s.last}"))
    emit(f"{len(moved)} scar(s) re-anchored")
    return 0


def _read_why_file(path: str) -> str:
    from specaudit.app.store.files import read_regular
    from specaudit.core.errors import UsageError
    from specaudit.settings import LIMITS

    raw = read_regular(path, LIMITS.max_why_file_bytes, what="--why-file", error=UsageError)
    assert raw is not None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError("--why-file is not valid UTF-8", path=path,
                         line=raw[: exc.start].count(b"\n") + 1) from None

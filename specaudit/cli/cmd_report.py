"""`specaudit report`: per spec, progress, verdicts, links, staleness, scars, unexplained changes."""

from __future__ import annotations

import argparse
import sys

from specaudit.cli.common import add_repo_arg, add_spec_format_arg


def register(sub) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="write an audit report (Markdown, HTML or JSON)",
        description="Per spec: review progress by clause kind, every clause with its verdict, note, "
        "links and staleness, the scars with their stories, and the unexplained changes. The HTML "
        "is one self-contained file.",
    )
    add_repo_arg(p)
    p.add_argument("--spec", action="append", default=[], metavar="S",
                   help="spec to report on (repeatable; default: every spec found)")
    p.add_argument("--format", choices=("md", "html", "json"), default="md", help="output format (default: md)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--since", metavar="COMMIT", help="measure drift after COMMIT only")
    p.add_argument("--at", metavar="COMMIT", help="measure drift up to COMMIT instead of HEAD")
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.reporting import build_report, render_report, write_output
    from specaudit.app.workspace import relpath_in
    from specaudit.vcs.runner import check_ref, open_repo

    repo = open_repo(args.repo)
    for opt in ("since", "at"):
        if getattr(args, opt):
            check_ref(getattr(args, opt), f"--{opt} commit")
    specs = [relpath_in(repo.root, s) for s in args.spec] or None
    report = build_report(repo, specs, since=args.since, spec_format=args.spec_format, at=args.at)
    text = render_report(report, args.format)
    if args.output:
        write_output(args.output, text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0

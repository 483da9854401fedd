"""`specaudit report`: per spec, progress, verdicts, links, staleness, scars, unexplained changes."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_drift_scope_args, open_drift_scope, say_range_hint
from specaudit.cli.output import emit, emit_document


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="write an audit report (Markdown, HTML or JSON)",
        description="Per spec: review progress by clause kind, every clause with its verdict, note, "
        "links and staleness, the scars with their stories, and the unexplained changes. The HTML "
        "is one self-contained file.",
    )
    add_drift_scope_args(p, "report on")
    p.add_argument("--format", choices=("md", "html", "json"), default="md", help="output format (default: md)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--junit", nargs="+", metavar="FILE", default=None,
                   help="JUnit XML results to import first: the report then has a Tests section (docs/tests.md)")
    p.add_argument("--proposals", action="store_true",
                   help="place code findings on the clause the evidence proposes them for, as check --proposals")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.check.reporting import build_report, render_report, write_output

    repo, specs = open_drift_scope(args)
    report = build_report(repo, specs, since=args.since, spec_format=args.spec_format, at=args.at,
                          range=args.range, junit=args.junit, propose=args.proposals)
    say_range_hint(args, repo, [section["spec"] for section in report["specs"]])
    text = render_report(report, args.format)
    if args.output:
        write_output(args.output, text)
        emit(f"wrote {args.output}")
    else:
        emit_document(text, args.format)
    return 0

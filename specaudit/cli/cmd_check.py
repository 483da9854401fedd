"""`specaudit check`: drift, scars, coverage and the gate (exit 1 when it fails)."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_drift_scope_args,
    add_output_format_arg,
    open_drift_scope,
    say_range_hint,
)
from specaudit.cli.output import emit, emit_document, emit_json

FORMATS = ("text", "json", "md", "sarif", "codequality")  # codequality: GitLab's report


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check verdicts, drift and scars (the CI gate)",
        description="Report violated and unreviewed clauses, verdicts gone stale (spec or code "
        "changed since the review), scars whose lines were overwritten, changed lines linked to "
        "no clause, and code a non-goal forbids. Exit 1 when a finding the gate policy "
        "(.specaudit/config.yaml, gate.fail_on) names is present, 0 when the gate holds.",
    )
    add_drift_scope_args(p, "check")
    add_output_format_arg(p, choices=FORMATS)
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--junit", nargs="+", metavar="FILE", default=None,
                   help="JUnit XML results to import: adds test-failing and untested findings (docs/tests.md)")
    p.add_argument("--proposals", action="store_true",
                   help="place code findings that no link, task or comment places on the clause the evidence "
                   "proposes them for, as the window does (ranks the change: seconds on a large one; "
                   "docs/findings.md)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.check.checking import check_details
    from specaudit.app.check.reporting import render_check
    from specaudit.core.model import encoding_problem

    repo, specs = open_drift_scope(args)
    result, checked = check_details(repo, specs, since=args.since, spec_format=args.spec_format, at=args.at,
                                    range=args.range, junit=args.junit, propose=args.proposals)
    say_range_hint(args, repo, [cs.spec.path for cs in checked])
    for cs in checked:  # a spec's bytes that are not UTF-8 read as "caf?" in every finding: say so
        if (undecodable := encoding_problem(cs.spec.path, cs.spec.text)) is not None:
            emit(undecodable, err=True)
    if args.format == "json" and not args.output:
        emit_json(result.to_json())
    else:
        text = render_check(result, args.format)
        if args.output:
            from specaudit.app.check.reporting import write_output

            write_output(args.output, text)
        else:
            emit_document(text, args.format)
    return 0 if result.passed else 1

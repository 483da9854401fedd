"""`specaudit brief`: the regeneration brief (Markdown) for the generating agent."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_repo_arg, add_spec_arg, add_spec_format_arg
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "brief",
        help="write the regeneration brief: tightened clauses, findings, scars, non-goals",
        description="A Markdown hand-off for the agent that regenerates the code from the spec.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "the spec to brief")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from specaudit.app.tighten.brief import build_brief, write_brief
    from specaudit.app.workspace.specs import spec_named
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    spec_rel = spec_named(repo.root, args.spec, args.spec_format).path
    if args.output:
        out = Path(args.output)
        if out.is_dir():
            raise UsageError(f"-o names a directory: {out}")
        try:
            write_brief(repo.root, spec_rel, out, spec_format=args.spec_format)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror}") from None
        emit(f"wrote {out}")
    else:
        emit(build_brief(repo.root, spec_rel, spec_format=args.spec_format), end="")
    return 0

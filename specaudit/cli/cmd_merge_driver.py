"""`specaudit merge-driver`: the git merge driver for .specaudit/ files, and its installation."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_repo_arg
from specaudit.cli.output import emit
from specaudit.core.errors import UsageError


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "merge-driver",
        help="merge audit files entry by entry in git merges (opt-in per clone: --install)",
        description="With --install: write the .gitattributes lines naming the driver for "
        ".specaudit/ audit, test-links and test-results files, and this clone's "
        "merge.specaudit.driver setting (git never takes a driver from a repository, so each "
        "clone opts in). Called by git as `specaudit merge-driver %O %A %B %P`: merges "
        "entry by entry (docs/team.md); exit 1, naming the clause, when two sides gave one "
        "clause different verdicts (both are kept for `specaudit settle` or the window); a side "
        "that cannot be read falls back to git's line merge, with the reason.",
    )
    add_repo_arg(p)
    p.add_argument("--install", action="store_true",
                   help="write .gitattributes and this clone's merge.specaudit.* settings (idempotent)")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="as git calls it: BASE OURS THEIRS PATH (%%O %%A %%B %%P); the result is written to OURS")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.vcs.runner import open_repo

    if args.install:
        if args.files:
            raise UsageError("--install takes no files")
        from specaudit.app.publish.merge_driver import install

        for line in install(open_repo(args.repo)):
            emit(line)
        return 0
    if len(args.files) != 4:
        raise UsageError("give BASE OURS THEIRS PATH (git's %O %A %B %P), or --install")
    from specaudit.app.publish.merge_driver import merge

    base, ours, theirs, rel = args.files
    result = merge(open_repo(args.repo), base, ours, theirs, rel)
    for line in result.messages:
        emit(f"specaudit merge-driver: {line}", err=True)
    return result.code

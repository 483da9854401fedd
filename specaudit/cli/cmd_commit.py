"""`specaudit commit`: commit the spec and its .specaudit/ files, nothing else."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_repo_arg, add_specs_arg
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "commit",
        help="commit the spec and its audit files (never other changes)",
        description="Commit only the spec(s), their audit files and .specaudit/config.yaml, with a "
        "generated message you can replace (-m). Your git hooks, identity and signing settings apply. Other changes in the working "
        "tree are left as they are.",
    )
    add_repo_arg(p)
    add_specs_arg(p, "the spec to commit with its audit file (default: every changed spec, audit file "
                  "and the config)")
    p.add_argument("-m", "--message", metavar="MSG", help="commit message (default: generated)")
    p.add_argument("--branch", metavar="NAME", help="create branch NAME at HEAD and commit there")
    p.add_argument("--show-message", action="store_true",
                   help="print the generated message and the files it would commit; commit nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.publish.publishing import commit_specs, default_message, publish_paths
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    specs = [relpath_in(repo.root, s) for s in args.spec] if args.spec else None
    if args.show_message:
        paths = publish_paths(repo, specs)
        emit(default_message(repo, specs, paths) if paths else "nothing to commit\n", end="")
        for path in paths:
            emit(f"  {path}")
        return 0
    done = commit_specs(repo, specs, args.message, branch=args.branch)
    where = f" on {done.branch}" if done.branch else ""
    emit(f"committed {done.commit[:12]}{where}: {', '.join(done.paths)}")
    return 0

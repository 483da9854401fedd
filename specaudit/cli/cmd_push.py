"""`specaudit push`: push the current branch and set its upstream. Never forces."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_repo_arg
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "push",
        help="push the current branch to a remote and set upstream (never forces)",
        description="Push the current branch to the same name on the remote and set it as upstream. "
        "specaudit never force-pushes: a rejected push says how to recover.",
    )
    add_repo_arg(p)
    p.add_argument("--remote", metavar="NAME", help="remote to push to (default: upstream, else origin)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.publish.publishing import push
    from specaudit.vcs.runner import open_repo

    done = push(open_repo(args.repo), args.remote)
    emit(f"{done.summary}: {done.branch} -> {done.upstream} (upstream set)")
    return 0

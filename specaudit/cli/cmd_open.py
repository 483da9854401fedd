"""`specaudit [open] [REPO]`: open the review window."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from specaudit.cli.common import SubParsers, add_spec_format_arg
from specaudit.cli.output import emit

if TYPE_CHECKING:
    from specaudit.app.workspace.session import Session


def add_gui_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--screenshot", metavar="PNG", help="render the window once loaded, save it as PNG and exit")


def register(sub: SubParsers) -> None:
    p = sub.add_parser("open", help="open the review window (the default command)",
                       description="Open a repository in the review window.")
    p.add_argument("repo", nargs="?", default=None, metavar="REPO",
                   help="repository (default: the current directory; outside a repository, a chooser opens)")
    p.add_argument("--spec", metavar="S", help="spec to review (default: every spec the repository has); "
                   "one a commit after the range moved is opened where it is now")
    p.add_argument("--range", metavar="A..B", help="commit range to review: A..B, A...B (from the merge base) or one commit "
                        "(default: coverage.base..HEAD if configured, else HEAD~1..HEAD)")
    p.add_argument("--patch", metavar="FILE", help="review a patch file instead of a git range")
    add_spec_format_arg(p)
    add_gui_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.workspace.session import open_session
    from specaudit.core.errors import GitError

    # Validate everything before Qt starts, so bad input is one line and exit 2.
    try:
        session = open_session(args.repo or ".", spec=args.spec, range=args.range, patch=args.patch,
                               spec_format=args.spec_format)
    except GitError:
        # Started with no repository from somewhere that is not one (a desktop launcher
        # runs in $HOME): let the user choose instead of failing. Named input still fails.
        if args.repo is not None or args.screenshot or args.spec or args.range or args.patch:
            raise
        session = None
    for n in session.notes if session is not None else ():
        emit(f"note: {n}", err=True)
    return launch(session, screenshot=args.screenshot)


def launch(session: Session | None, screenshot: str | None) -> int:
    from specaudit.cli.display import ensure_display

    ensure_display(offscreen_ok=bool(screenshot))
    from specaudit.ui.shell.app import run_app

    return run_app(session, screenshot=screenshot)

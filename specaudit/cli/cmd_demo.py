"""`specaudit demo`: build the bundled demo repository and open it."""

from __future__ import annotations

import argparse
from pathlib import Path

from specaudit.cli.cmd_open import add_gui_args
from specaudit.cli.common import SubParsers
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "demo",
        help="create the demo repository (a spec, a scar, a machine regeneration) and open it",
        description="Create a git repository that tells specaudit's story, print its path, and open it.",
    )
    p.add_argument("--dir", metavar="DIR", help="create it here (must be new or empty; default: a temp dir)")
    p.add_argument("--no-gui", action="store_true", help="only create the repository and print its path")
    add_gui_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.workspace.demo import build_demo

    demo = build_demo(Path(args.dir) if args.dir else None)
    emit(demo.path, flush=True)
    if args.no_gui:
        return 0
    from specaudit.app.workspace.session import open_session
    from specaudit.cli.cmd_open import launch

    session = open_session(demo.path, spec=demo.spec, range=demo.range)
    return launch(session, screenshot=args.screenshot)

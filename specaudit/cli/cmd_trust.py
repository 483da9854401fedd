"""`specaudit trust`: read the repository's test command and trust it (or revoke trust)."""

from __future__ import annotations

import argparse
import sys

from specaudit.cli.common import SubParsers


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "trust",
        help="show the repository's test command, one argument per line, and trust it to run",
        description="A test command set in the repository's .specaudit/config.yaml (tests.command) runs "
        "only once you trust it: this prints exactly what would run (every argument quoted, control "
        "characters escaped, the directory, timeout and JUnit path) and records your trust in "
        "$XDG_CONFIG_HOME/specaudit/trust.yaml (default ~/.config/specaudit), keyed by the repository's "
        "path and a SHA-256 of the command. A changed command needs trust again. On a terminal it asks "
        "first; elsewhere give --yes after reading the command. A command you set yourself in "
        "$XDG_CONFIG_HOME/specaudit/config.yaml needs no trust.",
    )
    from specaudit.cli.common import add_repo_arg

    add_repo_arg(p)
    p.add_argument("--yes", action="store_true", help="trust without asking (for scripts; read the command first)")
    p.add_argument("--revoke", action="store_true", help="forget the trust given to this repository's command")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.testing.trust import command_for, describe, is_trusted, record_trust, revoke
    from specaudit.cli.output import emit
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    root = open_repo(args.repo).root
    if args.revoke:
        n = revoke(root)
        emit(f"trust revoked for {n} command(s) of {root}")
        return 0
    command = command_for(root)
    if command is None:
        raise UsageError("nothing to trust: .specaudit/config.yaml sets no tests.command", path=str(root))
    emit(f"Test command from {command.source}:")
    emit("".join(f"  {row}\n" for row in describe(command)), end="")
    if command.from_user:
        emit("It is your own setting: it runs without asking.")
        return 0
    if is_trusted(command):
        emit("Already trusted.")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("not trusted: after reading the command above, run again with --yes "
                             "(stdin is not a terminal, so specaudit cannot ask)")
        emit("Trust this command to run in this repository? [y/N] ", end="", flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            emit("Not trusted; nothing recorded.")
            return 1
    record_trust(command)
    emit("Trusted: `specaudit tests --run` and the window's Run button will run it.")
    return 0

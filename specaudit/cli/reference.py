"""Render the CLI reference (docs/cli.md) from the argument parser itself, so the
documentation cannot drift from the code. ``python -m specaudit.cli.reference > docs/cli.md``."""

from __future__ import annotations

import argparse
import os

from specaudit.cli import COMMAND_MODULES, build_parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps no public list of sub-commands
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(parser: argparse.ArgumentParser) -> str:
    # A fixed width so the output does not depend on the terminal it was made in.
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        return parser.format_help().rstrip()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def render() -> str:
    parser = build_parser()
    parts = [
        "# CLI reference",
        "",
        "Generated from the argument parser by `python -m specaudit.cli.reference`; a test fails",
        "when this file and the code disagree. Exit codes: 0 success, 1 findings (the gate",
        "failed), 2 usage or input error (one line on stderr).",
        "",
        "```text",
        _help(parser),
        "```",
    ]
    commands = _subparsers(parser)
    for name in (m.replace("_", "-") for m in COMMAND_MODULES):
        sub = commands[name]
        parts += ["", f"## specaudit {name}", "", "```text", _help(sub), "```"]
        for sub_name, nested in _subparsers(sub).items():
            parts += ["", f"### specaudit {name} {sub_name}", "", "```text", _help(nested), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    from specaudit.cli.output import write

    write(render())

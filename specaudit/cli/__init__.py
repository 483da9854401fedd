"""Command-line front end. Every GUI action has a headless twin here.

Exit codes: 0 success, 1 findings (the gate failed), 2 usage or input error with one
line naming what was wrong. Each command lives in its own ``cmd_*`` module exposing
``register(subparsers)``, which adds a parser whose ``func(args) -> int`` runs it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from specaudit import __version__
from specaudit.cli.common import one_spec
from specaudit.cli.output import emit
from specaudit.core.errors import SpecauditError

EXIT_OK, EXIT_USAGE = 0, 2  # 1: the gate failed (check's own return)

# Order here is the order in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "open",
    "demo",
    "clauses",
    "diff",
    "suggest",
    "review",
    "scar",
    "change",
    "check",
    "tests",
    "trust",
    "report",
    "tighten",
    "contradict",
    "commit",
    "push",
    "brief",
    "merge_driver",
    "settle",
    "move_audit",
)

SUBCOMMANDS = {name.replace("_", "-") for name in COMMAND_MODULES}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2, and never reads an
    abbreviation (`--spe` is an error, not `--spec`: a typo must not pick an option)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        emit(f"{self.prog}: error: {message}", err=True)
        emit(f"(see '{self.prog} --help')", err=True)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="specaudit",
        description="Review machine-authored diffs against the spec they were generated from.",
    )
    parser.add_argument("--version", action="version", version=f"specaudit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"specaudit.cli.cmd_{name}")
        module.register(sub)
    return parser


def _tolerant_output() -> None:
    """Spec text may hold undecodable bytes (kept as surrogate escapes); printing one to a
    strict UTF-8 stream would crash half-way through the output. Show U+FFFD-style '?'."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) in ("strict", "surrogateescape"):
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `specaudit [REPO]` with no subcommand opens the app, like `specaudit open [REPO]`.
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list = ["open", *args_list]
    parser = build_parser()
    args = parser.parse_args(args_list)
    one_spec(args)
    try:
        return int(args.func(args) or 0)
    except SpecauditError as exc:
        emit(f"specaudit: error: {exc}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        emit("specaudit: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        from specaudit.cli.crashlog import write_crash_log

        where = write_crash_log(exc)
        emit(f"specaudit: internal error: {type(exc).__name__}: {exc} (details: {where})", err=True)
        return EXIT_USAGE

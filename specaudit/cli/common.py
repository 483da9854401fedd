"""Arguments shared by several commands, defined once."""

from __future__ import annotations

import argparse
import json
import sys


def add_repo_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", "-C", default=".", metavar="R", help="repository (default: current directory)")


def add_spec_format_arg(p: argparse.ArgumentParser) -> None:
    from specaudit.formats import format_names

    p.add_argument(
        "--spec-format",
        choices=format_names(),
        default=None,
        help="spec format (default: detected from path and content)",
    )


def add_output_format_arg(p: argparse.ArgumentParser, choices=("text", "json"), default="text") -> None:
    p.add_argument("--format", choices=choices, default=default, help=f"output format (default: {default})")


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")

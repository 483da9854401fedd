"""``specaudit diff``: the change set of a range, the working tree or a patch file."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_output_format_arg, add_repo_arg
from specaudit.cli.output import emit, emit_json
from specaudit.core.diff import FileDiff


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "diff",
        help="show the files and hunks of a change",
        description="Show the files and hunks of a commit range (A..B, A...B, or one commit), "
        "the working tree, or a patch file. Nothing from the repository is executed.",
    )
    add_repo_arg(p)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--range", metavar="A..B", help="commit range (default: coverage.base..HEAD if configured, else HEAD~1..HEAD)")
    src.add_argument("--patch", metavar="FILE", help="read a unified diff from FILE instead of git")
    src.add_argument("--staged", action="store_true", help="changes staged in the index")
    src.add_argument("--unstaged", action="store_true", help="changes in the working tree not yet staged")
    add_output_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.workspace.diffs import load_changeset, load_range
    from specaudit.app.workspace.ranges import resolve_range

    repo = None
    if not args.patch:
        from specaudit.vcs import open_repo

        repo = open_repo(args.repo)
    if args.staged or args.unstaged:
        cs = load_changeset(repo, staged=args.staged, unstaged=args.unstaged)
    else:
        cs = load_range(repo, resolve_range(repo, args.range, patch=args.patch))
    if args.format == "json":
        emit_json(cs.to_json())
        return 0
    emit(cs.summary())
    for f in cs.files:
        emit(describe_file(f))
        for h in f.hunks:
            emit(f"    {h.header}{' ' + h.section if h.section else ''}")
    return 0


def describe_file(f: FileDiff) -> str:
    name = f"{f.old_path} -> {f.new_path}" if f.status in ("R", "C") else f.path
    extra = []
    if f.similarity is not None and f.status in ("R", "C"):
        extra.append(f"{f.similarity}% similar")
    if f.old_mode and f.new_mode and f.old_mode != f.new_mode:
        extra.append(f"mode {f.old_mode} -> {f.new_mode}")
    if f.binary:
        extra.append(f"binary {_size(f.old_size)} -> {_size(f.new_size)}")
    if f.symlink:
        extra.append("symlink")
    if f.submodule:
        extra.append("submodule")
    tail = f"  ({', '.join(extra)})" if extra else ""
    return f"{f.status}  +{f.added} -{f.removed}  {name}{tail}"


def _size(n: int | None) -> str:
    return "-" if n is None else f"{n} B"

"""`specaudit clauses SPEC` lists a spec's clauses; `--compare OLD NEW` diffs two versions."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_output_format_arg,
    add_spec_arg,
    add_spec_format_arg,
)
from specaudit.cli.output import emit, emit_json
from specaudit.core.model import Problem


def register(subparsers: SubParsers) -> None:
    p = subparsers.add_parser(
        "clauses",
        help="list a spec's clauses, or compare two versions of a spec",
        description=(
            "List the clauses of SPEC with their keys, kinds, lines and fingerprints. "
            "With --compare OLD NEW, report each clause as unchanged, changed, moved, "
            "renamed, added or removed; OLD and NEW are files or REV:PATH in the repository."
        ),
    )
    add_spec_arg(p, "spec file", required=False)
    p.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="compare two versions (file or REV:PATH)")
    p.add_argument("--repo", "-C", default=".", metavar="R", help="repository for REV:PATH (default: .)")
    add_output_format_arg(p)
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.core.errors import UsageError

    if args.compare:
        if args.spec:
            raise UsageError("give either SPEC or --compare OLD NEW, not both")
        return _compare(args)
    if not args.spec:
        raise UsageError("missing SPEC (or --compare OLD NEW)")
    from specaudit.app.tighten.spec_history import load_spec_source

    spec = load_spec_source(args.spec, args.spec_format, args.repo)
    if args.format == "json":
        emit_json({
            "spec": args.spec,
            "format": spec.format,
            "title": spec.title,
            "clauses": [c.to_json() for c in spec.clauses],
            "problems": [_problem_json(p) for p in spec.problems],
        })
        return 0
    emit(f"{args.spec} ({spec.format}): {len(spec.clauses)} clauses")
    width = max((len(c.key) for c in spec.clauses), default=0)
    for c in spec.clauses:
        flags = f"  [{', '.join(c.flags)}]" if c.flags else ""
        emit(f"  {c.key:<{width}}  {c.kind:<17} {c.span[0]:>5}-{c.span[1]:<5} {c.title}{flags}")
    for p in spec.problems:
        emit(p)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from specaudit.app.tighten.spec_history import load_spec_source
    from specaudit.core.compare import compare_specs

    old_src, new_src = args.compare
    old = load_spec_source(old_src, args.spec_format, args.repo)
    new = load_spec_source(new_src, args.spec_format or old.format, args.repo)
    changes = compare_specs(old, new)
    if args.format == "json":
        emit_json({"old": old_src, "new": new_src, "format": new.format,
                    "changes": [ch.to_json() for ch in changes]})
        return 0
    counts: dict[str, int] = {}
    for ch in changes:
        counts[ch.status] = counts.get(ch.status, 0) + 1
        if ch.status == "unchanged":
            continue
        key = ch.new_key if ch.old_key in (None, ch.new_key) else f"{ch.old_key} -> {ch.new_key or ''}"
        key = key if ch.new_key else ch.old_key
        sim = f"  ({ch.similarity:.0%})" if ch.status in ("changed", "renamed") else ""
        emit(f"  {ch.status:<9} {key}{sim}")
    emit(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no clauses")
    return 0


def _problem_json(p: Problem) -> dict:
    return {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}

"""`specaudit suggest SPEC [CLAUSE...]` proposes, for each clause (or those named), the lines of the
change that implement it, each proposal with its evidence (tasks, commits, citations, identifiers, text)."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_clause_arg,
    add_output_format_arg,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
)
from specaudit.cli.output import emit, emit_json
from specaudit.core.evidence.model import CONTEXT_NOTE, NO_EVIDENCE, Proposal
from specaudit.settings import LIMITS


def register(subparsers: SubParsers) -> None:
    p = subparsers.add_parser(
        "suggest",
        help="propose the lines of the change that implement each clause, with evidence",
        description=(
            "For each clause of SPEC, rank the places in the change that implement it, best first. "
            "Evidence comes from the task list beside the spec, commit messages in the range, clause "
            "keys and task ids cited in code and tests, identifiers the clause names, and text "
            "similarity; the spec's own documents are never proposed. A clause with no evidence gets "
            "no proposal; what its text alone points at is listed apart as weak guesses. So does a "
            "success criterion (SC-xxx) nothing cites: it is an outcome measured, not code. A note beside "
            "the spec's requirements (a PRD's author line) is context, not code: no weak guesses for it. Proposals "
            "the reviewer rejected in the window are left out. Nothing in the repository is executed."
        ),
    )
    add_repo_arg(p)
    add_spec_arg(p, "spec file (one a commit after the range moved is followed to where it is now)")
    p.add_argument("--range", metavar="A..B", help="commit range (default: as for open, HEAD~1..HEAD)")
    add_clause_arg(p, "only these clauses (default: every clause)", many=True)
    p.add_argument("--limit", type=int, default=LIMITS.evidence_limit, metavar="N",
                   help=f"proposals per clause (default: {LIMITS.evidence_limit})")
    add_output_format_arg(p)
    add_spec_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.evidence.proposals import suggest_in_session
    from specaudit.app.workspace.session import open_session
    from specaudit.core.errors import UsageError

    if args.limit < 1:
        raise UsageError(f"--limit must be at least 1, got {args.limit}")
    session = open_session(args.repo, spec=args.spec, range=args.range, spec_format=args.spec_format)
    entry = session.specs[0]
    for n in session.notes:
        emit(f"note: {n}", err=True)
    args.clause = [entry.spec.require(key).key for key in args.clause]
    result, warnings = suggest_in_session(session, entry, clauses=args.clause, limit=args.limit)
    for w in warnings:
        emit(f"warning: {w}", err=True)
    for n in result.notes:
        emit(f"{n.where()}: note: {n.message} [{n.kind}]", err=True)
    rng = session.source.range or ""
    if args.format == "json":
        emit_json({"spec": entry.rel, "range": rng,
                    "clauses": [{"key": k, "proposals": [p.to_json() for p in ps],
                                 "weak": [p.to_json() for p in result.weak.get(k, [])]}
                                for k, ps in result.proposals.items()]})
        return 0
    titles = {c.key: c.title for c in entry.spec.clauses}
    context = entry.spec.context_keys()
    for key, proposals in result.proposals.items():
        emit(f"{key}  {titles.get(key, '')}")
        if not proposals:
            emit(f"    ({CONTEXT_NOTE if key in context else NO_EVIDENCE})")
        for i, p in enumerate(proposals, 1):
            _show(f"  {i}.", p)
        weak = result.weak.get(key, [])
        if weak:
            emit("    weak guesses (text alone, below the evidence threshold):")
        for i, p in enumerate(weak, 1):
            _show(f"  w{i}.", p)
    return 0


def _show(label: str, p: Proposal) -> None:
    emit(f"{label} {p.path}:{p.first}-{p.last} ({p.side})  score {p.score:.2f}")
    for e in p.evidence:
        emit(f"       {e.kind:<10} {e}")

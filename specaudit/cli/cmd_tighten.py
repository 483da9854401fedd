"""`specaudit tighten`: fold a scar (or a violated / partial verdict) into the spec."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    SubParsers,
    add_output_format_arg,
    add_repo_arg,
    add_spec_arg,
    add_spec_format_arg,
)
from specaudit.cli.output import emit, emit_json


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tighten",
        help="amend the spec from a scar (or a violated / partial verdict) and mark the scar folded",
        description="Rewrite the clause a scar diverged from (or a clause reviewed violated / partial) in "
        "place, in the spec's own style, carrying the scar id and incident: the clause keeps its key, its "
        "verdict goes stale and its history records the tightening. --add writes a separate clause instead. "
        "The spec and the audit file change together or not at all; no other byte of the spec changes.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "the spec to tighten")
    p.add_argument("--scar", metavar="ID", help="the open scar to fold into the spec")
    p.add_argument("--clause", metavar="KEY",
                   help="with --scar: the clause to amend (default: the scar's clause); alone: a clause "
                   "reviewed violated or partial")
    p.add_argument("--add", action="store_true",
                   help="add a new clause (under the clause) instead of amending it")
    p.add_argument("--change", metavar="NAME",
                   help="OpenSpec: write the amended requirement as change NAME "
                   "(openspec/changes/NAME/specs/CAPABILITY/spec.md, MODIFIED Requirements)")
    p.add_argument("--text", metavar="TEXT",
                   help="the clause text to write (default: the proposal); the scar id and incident are "
                   "appended when missing")
    p.add_argument("--dry-run", action="store_true", help="print the proposal, write nothing")
    add_spec_format_arg(p)
    add_output_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.tighten.tightening import (
        AMEND,
        apply_tightening,
        folded_scar,
        preview,
        propose_from_scar,
        propose_from_verdict,
    )
    from specaudit.app.workspace.specs import spec_named
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    if not args.scar and not args.clause:
        raise UsageError("name what to tighten from: --scar ID, or --clause KEY of a violated / partial clause")
    repo = open_repo(args.repo)
    spec_rel = spec_named(repo.root, args.spec, args.spec_format).path
    if args.scar and (done_before := folded_scar(repo.root, spec_rel, args.scar)) is not None:
        # Idempotent: the same tighten again changes nothing.
        if args.format == "json":
            emit_json({"spec": spec_rel, "key": done_before.folded_into, "scar": done_before.id,
                        "written": [], "already_folded": True})
        else:
            emit(f"scar {done_before.id} is already folded into clause {done_before.folded_into} of "
                  f"{spec_rel}; nothing to do")
        return 0
    if args.scar:
        proposal = propose_from_scar(repo.root, spec_rel, args.scar, add=args.add, clause=args.clause,
                                     change=args.change, spec_format=args.spec_format)
    else:
        proposal = propose_from_verdict(repo.root, spec_rel, args.clause, add=args.add, change=args.change,
                                        spec_format=args.spec_format, draft=args.text is not None)
    if args.dry_run:
        before, after, key = preview(repo.root, proposal, args.text)
        text = now.text if (now := after.clause(key)) else proposal.text
        old = was.text if proposal.mode == AMEND and (was := before.clause(key)) else None
        if args.format == "json":
            emit_json({"spec": spec_rel, "key": key, "mode": proposal.mode, "placement": proposal.placement,
                        "before": old, "text": text})
        elif old is not None:
            from specaudit.formats.openspec import change_path

            # As the run says it: an OpenSpec change is written to its own file.
            where = f" (written as {change_path(spec_rel, now, proposal.change)})" if proposal.change and now else ""
            emit(f"would amend clause {key} of {spec_rel}{where}:\n- before: {old}\n+ after:  {text}")
        else:
            emit(f"would add clause {key} to {spec_rel} {proposal.placement}:\n{text}")
        return 0
    done = apply_tightening(repo.root, proposal, args.text)
    if args.format == "json":
        emit_json({"spec": spec_rel, "key": done.key, "mode": done.mode, "scar": done.scar,
                    "before": done.before_text, "text": done.text, "rekeyed": done.rekeyed,
                    "written": list(done.written)})
    else:
        folded = f"; scar {done.scar} folded" if done.scar else ""
        verb = f"amended clause {done.key} of" if done.mode == AMEND else f"added clause {done.key} to"
        where = f" (written as {', '.join(done.written)})" if args.change else ""
        emit(f"{verb} {spec_rel}{where}{folded}")
    return 0

"""`specaudit tighten`: fold a scar (or a violated / partial verdict) into the spec."""

from __future__ import annotations

import argparse

from specaudit.cli.common import (
    add_output_format_arg,
    add_repo_arg,
    add_spec_format_arg,
    print_json,
)


def register(sub) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tighten",
        help="write a constraint clause into the spec from a scar and mark the scar folded",
        description="Propose a constraint clause from a scar's story (or from a violated / partial "
        "verdict's note), in the spec's own format, under the clause it belongs to or in the edge-cases "
        "/ constraints section, and write it. No other byte of the spec changes.",
    )
    add_repo_arg(p)
    p.add_argument("--spec", required=True, metavar="S", help="the spec to tighten")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--scar", metavar="ID", help="the open scar to fold into the spec")
    source.add_argument("--clause", metavar="KEY", help="a clause reviewed violated or partial")
    p.add_argument("--text", metavar="TEXT", help="the clause text to write (default: the proposal)")
    p.add_argument("--dry-run", action="store_true", help="print the proposal, write nothing")
    add_spec_format_arg(p)
    add_output_format_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specaudit.app.tighten import (
        apply_tightening,
        preview,
        propose_from_scar,
        propose_from_verdict,
    )
    from specaudit.app.workspace import relpath_in
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    spec_rel = relpath_in(repo.root, args.spec)
    if not (repo.root / spec_rel).is_file():
        raise UsageError(f"spec not found: {spec_rel}")
    if args.scar:
        proposal = propose_from_scar(repo.root, spec_rel, args.scar, spec_format=args.spec_format)
    else:
        proposal = propose_from_verdict(repo.root, spec_rel, args.clause, spec_format=args.spec_format)
    if args.dry_run:
        _, after, key = preview(repo.root, proposal, args.text)
        text = after.clause(key).text if after.clause(key) else proposal.text
        if args.format == "json":
            print_json({"spec": spec_rel, "key": key, "placement": proposal.placement, "text": text})
        else:
            print(f"would add clause {key} to {spec_rel} {proposal.placement}:\n{text}")
        return 0
    done = apply_tightening(repo.root, proposal, args.text)
    if args.format == "json":
        print_json({"spec": spec_rel, "key": done.key, "scar": done.scar, "text": done.text,
                    "rekeyed": done.rekeyed})
    else:
        folded = f"; scar {done.scar} folded" if done.scar else ""
        print(f"added clause {done.key} to {spec_rel} {proposal.placement}{folded}")
    return 0

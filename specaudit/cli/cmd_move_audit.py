"""`specaudit move-audit --spec OLD`: carry a spec's audit to where the spec moved."""

from __future__ import annotations

import argparse

from specaudit.cli.common import SubParsers, add_repo_arg, add_spec_arg
from specaudit.cli.output import emit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "move-audit",
        help="carry a spec's audit file to where the spec moved (an archived OpenSpec change)",
        description="When a spec file moves (`openspec archive`, a renamed folder), its audit file "
        "(.specaudit/<spec>.audit.yaml) stays behind and `check` reports its verdicts as removed. This "
        "writes the audit at the new path, naming the new spec, and removes the old file; verdicts, "
        "links, scars and marks are kept as they are. Without --to, the new path is the one git's "
        "rename detection finds for the commit that moved the spec. Refused when the new spec "
        "already has an audit with entries. Also mends an audit file moved by hand (`git mv`), whose "
        "spec: key still names the old path. Commit the result with `specaudit commit`.",
    )
    add_repo_arg(p)
    add_spec_arg(p, "the spec's old path (the audit's spec:)")
    p.add_argument("--to", metavar="NEW", help="the spec's new path (default: found in git history)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    from specaudit.app.review.carry import carry_audit
    from specaudit.app.store.audit_store import audit_path
    from specaudit.app.workspace.specs import relpath_in, where_moved
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    old = relpath_in(repo.root, args.spec)
    if args.to:
        new = relpath_in(repo.root, args.to)
    else:
        went = where_moved(repo, old) if not os.path.lexists(repo.root / old) else None
        if went is None:
            raise UsageError(f"{old}: git history shows no move of this spec to a file that exists now; "
                             "name the new path with --to")
        new = went[0]
    if not os.path.isfile(repo.root / new):
        raise UsageError(f"{new}: no such spec file in the working tree")
    saved = carry_audit(repo, old, new)
    emit(f"{old} -> {new}: {len(saved.reviews)} verdict(s), {len(saved.scars)} scar(s) now in "
         f"{audit_path(repo.root, new).relative_to(repo.root).as_posix()}")
    return 0

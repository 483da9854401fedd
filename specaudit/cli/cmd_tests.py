"""`specaudit tests`: the tests behind each clause, with their last results."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from specaudit.cli.common import (
    SubParsers,
    add_output_format_arg,
    add_repo_arg,
    add_spec_format_arg,
    add_specs_arg,
)
from specaudit.cli.output import emit, emit_json
from specaudit.core.escape import one_line

if TYPE_CHECKING:
    from pathlib import Path
    from types import FrameType

    from specaudit.app.check.checking import CheckedSpec
    from specaudit.app.testing.evidence import TestsRun
    from specaudit.vcs.runner import SafeGit


def register(sub: SubParsers) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tests",
        help="tests per clause and their results (JUnit import, or run the configured command)",
        description="Find the test cases in the repository (pytest/unittest, Jest/Vitest, cargo test, "
        "go test, JUnit) and link them to clauses: by a reviewer's link to the test's lines, a citation "
        "of the clause key in a marker, docstring or comment, the key in the test's name, or a proposal. "
        "--junit imports results; --run runs the command set in .specaudit/config.yaml (tests.command), "
        "once you trusted it (specaudit trust), and imports its JUnit file. Results are remembered with the revision they ran at in "
        ".specaudit/test-results.yaml. Exit 1 when a test linked to a clause or scar fails.",
    )
    add_repo_arg(p)
    add_specs_arg(p, "spec to map tests onto (default: every spec found)")
    p.add_argument("--range", metavar="A..B",
                   help="the change under review, as check and the window take it: tests are read at B and the "
                        "evidence engine's proposals over A..B count (default: as for check)")
    p.add_argument("--junit", nargs="+", metavar="FILE", default=None, help="JUnit XML result files to import")
    p.add_argument("--run", action="store_true",
                   help="run tests.command from .specaudit/config.yaml first (never done without this flag, "
                        "and only once trusted: specaudit trust)")
    link = p.add_mutually_exclusive_group()
    link.add_argument("--link", nargs=2, metavar=("TARGET", "TEST_ID"),
                      help="link TEST_ID to TARGET, a clause key or a scar id (a scar's own test), then list")
    link.add_argument("--unlink", nargs=2, metavar=("TARGET", "TEST_ID"), help="remove such a link, then list")
    add_spec_format_arg(p)
    add_output_format_arg(p)
    p.set_defaults(func=run)


def _text(run: TestsRun, checked: list[CheckedSpec]) -> str:
    from specaudit.core.findings import context_aside
    from specaudit.core.junit import ERROR, FAILED

    out = []
    for cs, st in zip(checked, run.specs, strict=True):
        tested, proposed = st.tmap.coverage()
        # Notes beside the requirements are read, not tested: aside, unless a test backs one.
        aside = sum(1 for k in cs.spec.context_keys() if not st.tmap.tests_of(k))
        said = [f"{proposed} more by proposal only"] if proposed else []
        said += [context_aside(aside)] if aside else []
        extra = f" ({'; '.join(said)})" if said else ""
        out.append(f"{cs.spec.path}: {tested} of {len(cs.spec.clauses) - aside} clauses have tests{extra}")
        groups = [(c.key, st.tmap.tests_of(c.key)) for c in cs.spec.clauses]
        groups += [(f"scar {sid}", tests) for sid, tests in sorted(st.tmap.scars.items())]
        for key, tests in groups:
            for lt in tests:
                o = st.outcome(lt.case.id)
                mark = o.result.upper() if o.result in (FAILED, ERROR) else o.result
                rev = f" at {o.revision[:12]}" if o.revision else ""
                out.append(f"  {key}: {mark}{rev}  {lt.case.id}  ({lt.evidence}, {lt.case.path}:{lt.case.line})")
    if run.unmatched:
        out.append(f"{len(run.unmatched)} result(s) match no test in the repository:")
        out += [f"  {r.result}  {r.label()}" for r in run.unmatched]
    findings = [f for st in run.specs for f in st.findings]
    out += [f"{f.where()}: {f.kind}: {f.message}" for f in findings]
    return "\n".join(one_line(line) for line in out) + "\n"  # a test id or message never makes two lines


def _echo(chunk: str) -> None:
    emit(chunk, err=True, end="")  # escaped: the command's output is the repository's


class _Terminated(KeyboardInterrupt):
    """SIGTERM while the test command runs: unwinds like Ctrl-C, so the run stops its tree."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated()


def _run_command(root: Path) -> str:
    """Run the test command (echoing its output, escaped); its JUnit path."""
    import signal

    from specaudit.app.testing.run import run_configured_tests

    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return str(run_configured_tests(root, on_output=_echo).junit)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _link(repo: SafeGit, specs: list[str] | None, args: argparse.Namespace) -> None:
    from specaudit.app.testing.evidence import link_test
    from specaudit.app.workspace.specs import find_specs, load_spec
    from specaudit.core.errors import UsageError

    paths = specs or find_specs(repo.root)
    if len(paths) != 1:
        raise UsageError("name the spec with --spec (--link and --unlink change one spec's links)")
    target, test_id = args.link or args.unlink
    link_test(repo, load_spec(repo.root, paths[0], args.spec_format), target, test_id, linked=bool(args.link))


def run(args: argparse.Namespace) -> int:
    from specaudit.app.testing.evidence import spec_tests_json, tests_for, unmatched_json
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.core.tests_map import failing
    from specaudit.vcs.runner import open_repo

    repo = open_repo(args.repo)
    specs = [relpath_in(repo.root, s) for s in args.spec] or None
    if args.link or args.unlink:
        _link(repo, specs, args)
    junit = list(args.junit or [])
    if args.run:
        try:
            junit.append(_run_command(repo.root))
        except _Terminated:
            emit("specaudit: terminated; the test command and everything it started were stopped", err=True)
            return 143
    run_, checked = tests_for(repo, specs, spec_format=args.spec_format, junit=junit or None, range=args.range)
    if args.format == "json":
        docs = [spec_tests_json(st, cs.spec.clauses) for cs, st in zip(checked, run_.specs, strict=True)]
        for d in docs:
            d["unmatched_tests"] = unmatched_json(run_.unmatched)
        emit_json(docs[0] if len(docs) == 1 else docs)
    else:
        emit(_text(run_, checked), end="")
    bad = any(failing(st.outcomes.get(lt.case.id)) and st.outcome(lt.case.id).revision == run_.target
              for st in run_.specs for group in (*st.tmap.clauses.values(), *st.tmap.scars.values()) for lt in group)
    return 1 if bad else 0

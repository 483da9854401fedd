"""Arguments shared by several commands, defined once."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from specaudit.vcs.runner import SafeGit

# What ``register(sub)`` of each command module receives (argparse has no public name for it).
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

_LOCATION = re.compile(r"^(?P<path>.+):(?P<first>\d+)(?:-(?P<last>\d+))?$")


def add_repo_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", "-C", default=".", metavar="R", help="repository (default: current directory)")


class _FormatNames:
    """The spec formats' names, read when argparse first needs them (an option given, or
    --help): loading the formats (Markdown parser, YAML) is most of a command's start-up,
    and every command offers --spec-format. argparse only asks ``in`` and iterates."""

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    @staticmethod
    def _names() -> list[str]:
        from specaudit.formats import format_names

        return format_names()


def add_spec_arg(p: argparse.ArgumentParser, help: str, required: bool = True, lines: str | None = None) -> None:
    """The spec a command works on, as ``SPEC`` or ``--spec S`` (``specaudit suggest
    spec.md`` as ``specaudit clauses spec.md``); ``one_spec`` joins them after parsing.
    ``lines`` names an optional PATH:START-END positional declared after it (``scar add
    [SPEC] PATH:START-END``): given alone, argparse hands that word to SPEC."""
    p.add_argument("spec_path", nargs="?", metavar="SPEC", help=help)
    p.add_argument("--spec", metavar="S", help="the same as SPEC")
    p.set_defaults(spec_parser=p, spec_required=required, spec_lines=lines)


def add_specs_arg(p: argparse.ArgumentParser, help: str) -> None:
    """The specs a command works on, as ``SPEC ...`` or ``--spec S`` repeated (``specaudit
    check spec.md`` as ``specaudit suggest spec.md``); ``one_spec`` joins them into
    ``args.spec``, a list (empty: every spec found)."""
    p.add_argument("spec_paths", nargs="*", metavar="SPEC", help=f"{help} (or --spec S, repeated)")
    p.add_argument("--spec", action="append", default=[], metavar="S", help="the same as SPEC")
    p.set_defaults(specs_parser=p)


def add_clause_arg(p: argparse.ArgumentParser, help: str, many: bool = False) -> None:
    """The clause a command works on, as ``CLAUSE`` after SPEC or ``--clause KEY``
    (``specaudit review spec.md FR-001 --verdict implemented``); ``one_spec`` joins them.
    With ``many``, any number of them, none meaning every clause (``specaudit suggest
    spec.md FR-001 FR-002``): ``args.clause`` is then a list."""
    if many:
        p.add_argument("clause_key", nargs="*", metavar="CLAUSE", help=f"{help} (or --clause KEY, repeated)")
        p.add_argument("--clause", metavar="KEY", action="append", default=[], help="the same as CLAUSE")
    else:
        p.add_argument("clause_key", nargs="?", metavar="CLAUSE", help=f"{help} (or --clause KEY)")
        p.add_argument("--clause", metavar="KEY", help="the same as CLAUSE")
    p.set_defaults(clause_parser=p, clause_many=many)


def one_spec(args: argparse.Namespace) -> None:
    """Join SPEC and --spec of a command declared with add_spec_arg into ``args.spec``
    (of one declared with add_specs_arg, SPEC... and --spec into a list)
    (and CLAUSE and --clause of one declared with add_clause_arg into ``args.clause``);
    both given and different, or neither where one is required, is a usage error."""
    if getattr(args, "specs_parser", None) is not None:
        junit = getattr(args, "junit", None)
        if junit:  # "check --junit out.xml spec.md": --junit takes every word after it; a spec is no JUnit file
            args.spec_paths = [*args.spec_paths, *filter(_names_a_file, junit)]
            args.junit = [f for f in junit if not _names_a_file(f)] or None
        args.spec = list(dict.fromkeys([*args.spec_paths, *args.spec]))  # in order, each once
        return
    parser = getattr(args, "spec_parser", None)
    if parser is None:
        return
    lines = args.spec_lines
    if lines and args.spec_path and getattr(args, lines) is None and (args.spec or _LOCATION.match(args.spec_path)):
        setattr(args, lines, args.spec_path)  # the one word given is the lines (--spec named the spec)
        args.spec_path = None
    clauses = getattr(args, "clause_parser", None) is not None
    if (clauses and args.spec and args.spec_path and args.spec != args.spec_path and not _names_a_file(args.spec_path)
            and (args.clause_many or not args.clause_key)):
        # "review --spec S FR-001": the positional is the clause, not a second spec.
        args.clause_key = [args.spec_path, *args.clause_key] if args.clause_many else args.spec_path
        args.spec_path = None
    if args.spec and args.spec_path and args.spec != args.spec_path:
        parser.error(f"give the spec once: SPEC {args.spec_path!r} and --spec {args.spec!r} differ")
    args.spec = args.spec or args.spec_path
    if not args.spec and args.spec_required:
        parser.error("the spec is missing: give SPEC (or --spec S)")
    if clauses:
        _one_clause(args, parser)


def _one_clause(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    if args.clause_many:
        args.clause = list(dict.fromkeys([*args.clause_key, *args.clause]))  # in order, each once
        return
    if args.clause and args.clause_key and args.clause != args.clause_key:
        parser.error(f"give the clause once: CLAUSE {args.clause_key!r} and --clause {args.clause!r} differ")
    args.clause = args.clause or args.clause_key
    if not args.clause:
        parser.error("the clause is missing: give CLAUSE after SPEC (or --clause KEY; see `specaudit clauses`)")


def spec_or_sole(args: argparse.Namespace, repo: SafeGit) -> str:
    """The spec a write names (SPEC or --spec), else the repository's one spec; with none
    or several found, a usage error naming them (nothing is written)."""
    if args.spec:
        return args.spec
    from specaudit.app.workspace.specs import find_specs, no_specs
    from specaudit.core.errors import UsageError

    found = find_specs(repo.root)
    if not found:
        raise UsageError(f"the spec is missing: give SPEC (or --spec S); {no_specs(repo)}")
    if len(found) > 1:
        shown = ", ".join(found[:6]) + (f", ... ({len(found)} in all)" if len(found) > 6 else "")
        raise UsageError(f"which spec? give SPEC (or --spec S): {shown}")
    return found[0]


def _names_a_file(word: str) -> bool:
    """A positional that reads as a spec file (``spec.md``), not a clause key (``US1/AC2``):
    given beside --spec, it is a second spec, not a clause."""
    return Path(word).suffix.lower() in (".md", ".markdown", ".yaml", ".yml", ".txt")


def add_spec_format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--spec-format",
        choices=_FormatNames(),
        default=None,
        metavar="F",  # a metavar of the choices would read them when the parser is built
        help="spec format: %(choices)s (default: detected from path and content)",
    )


def add_output_format_arg(p: argparse.ArgumentParser, choices: Sequence[str] = ("text", "json"),
                          default: str = "text") -> None:
    p.add_argument("--format", choices=choices, default=default, help=f"output format (default: {default})")


def parse_location(value: str, what: str) -> tuple[str, int, int]:
    """``PATH:START-END`` (or ``PATH:LINE``) -> (path, start, end); ``what`` names the
    option in the error (--link, the scarred lines, the change)."""
    from specaudit.core.errors import UsageError

    m = _LOCATION.match(value)
    if not m:
        raise UsageError(f"{what} must look like PATH:START-END, got {value!r}")
    first = int(m.group("first"))
    last = int(m.group("last") or first)
    if first < 1 or last < first:
        raise UsageError(f"{what} {value!r}: lines are 1-based and START <= END")
    return m.group("path"), first, last


def add_drift_scope_args(p: argparse.ArgumentParser, what: str) -> None:
    """--spec (repeatable), --range or --since/--at, and --spec-format: which specs, over
    which change (resolved by app/workspace/ranges.py, the same rule the window uses)."""
    add_repo_arg(p)
    add_specs_arg(p, f"spec to {what} (default: every spec found)")
    p.add_argument("--range", metavar="A..B",
                   help="the change to check, as the window opens it: A..B, A...B (from the merge base) or "
                        "one commit; drift up to B, coverage of the range (default: coverage.base..HEAD if "
                        "configured, else HEAD~1..HEAD)")
    p.add_argument("--since", metavar="COMMIT", help="only drift after COMMIT counts (and coverage of COMMIT..HEAD)")
    p.add_argument("--at", metavar="COMMIT", help="measure drift up to COMMIT instead of HEAD")
    add_spec_format_arg(p)


def say_range_hint(args: argparse.Namespace, repo: SafeGit, spec_paths: list[str]) -> None:
    """check and report on the default range of one spec: where its work is, on stderr, when
    that range holds none of it (as the window, ``open`` and ``suggest`` say)."""
    if args.range or args.since or args.at or len(spec_paths) != 1:
        return
    from specaudit.app.workspace.range_hint import default_range_hint
    from specaudit.app.workspace.ranges import resolve_range
    from specaudit.cli.output import emit

    hint = default_range_hint(repo, spec_paths[0], resolve_range(repo))
    if hint:
        emit(f"note: {hint}", err=True)


def open_drift_scope(args: argparse.Namespace) -> tuple[SafeGit, list[str] | None]:
    """(repository, spec paths or None) for a command declared with add_drift_scope_args."""
    from specaudit.app.workspace.specs import relpath_in
    from specaudit.core.errors import UsageError
    from specaudit.vcs.runner import check_ref, open_repo

    if args.range and (args.since or args.at):
        raise UsageError("give --range, or --since/--at, not both")
    repo = open_repo(args.repo)
    for opt in ("since", "at"):
        if getattr(args, opt):
            check_ref(getattr(args, opt), f"--{opt} commit")
    return repo, [relpath_in(repo.root, s) for s in args.spec] or None

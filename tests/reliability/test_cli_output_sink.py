"""Every CLI command, run on a hostile repository, writes no raw control character
(issue 19 item 6, issue 18 item 5).

The repository's file names, spec title and clause text, scar title and story, review
note and reviewer, commit messages, branch name, JUnit test names and the test command's
own output carry ESC sequences, CR, BEL, U+202E (right-to-left override), U+009B (a
one-byte CSI) and, where git allows, NUL. Each command runs as a subprocess in every
output format it offers; stdout and stderr are read as bytes (text mode would turn CR
into a newline) and must hold no C0/C1 control but tab and newline, and no bidi override.

The table below is checked against the argument parser: a new command (or sub-action)
without a row fails ``test_every_command_has_a_row``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from support import PACKAGE_PARENT, git

from specaudit.app.store.audit_store import EntryRef, update_entry
from specaudit.app.workspace.demo import build_demo
from specaudit.cli import build_parser
from specaudit.core.audit import Review

# What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1, and the
# bidi marks, embeddings, overrides and isolates. Written out here, not imported from
# core/escape, so the test does not share the code under test's idea of "unsafe".
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Hostile text shown as an escape: how a reader sees that something odd was there.
SHOWN = re.compile(r"\\x1b|\\x9b|\\u202e|\\u009b|\\u001b|\\x0d|\\u000d|\\r")

ESC_SEQ = "\x1b[2J\x1b[31m"
H = f"{ESC_SEQ}red\x1b[0m\rover\u202eevil\u009b6n\x07"  # for text fields
H_PATH = "ev\x1b[2Jil\r\u202e\u009b"  # for file names: no NUL or '/'
SPEC = f"specs/pay{H_PATH}.md"
CODE = f"payment_retry/{H_PATH}.py"
AUDIT = f".specaudit/{SPEC}.audit.yaml"
BRANCH = "rev\u202eiew\u009b"  # git refuses ASCII controls in ref names, not these

SPEC_TEXT = f"""# Payment {H}

## Behavior

- A charge that fails with a transient gateway error is retried {H} three times.
- Every retry is logged with the charge id {H}.
"""

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="s&#13;\u202e" tests="2" failures="1">
<testcase classname="tests.test_retry" name="test_flat&#13;\u202e\u009bspacing" file="tests/test_retry.py">
<failure message="over&#13;written \u202e\u009b">boom&#13;\u202e</failure></testcase>
<testcase classname="tests.ev&#13;il" name="test_\u202e\u009b&#13;x" file="tests/ev.py"/>
</testsuite></testsuites>
"""


def _run(root: Path | None, *args: str, cwd: Path | None = None) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT), "COLUMNS": "100"}
    argv = [sys.executable, "-m", "specaudit", *args]
    if root is not None:
        argv += ["-C", str(root)]
    proc = subprocess.run(argv, cwd=cwd or root, env=env, capture_output=True, timeout=180)
    return proc.returncode, proc.stdout, proc.stderr


def _commit(root: Path, message: str) -> None:
    msg = root.parent / "msg.txt"
    msg.write_bytes(message.encode())
    git(root, "add", "-A")
    git(root, "commit", "-q", "--cleanup=verbatim", "-F", str(msg))


@dataclass
class Hostile:
    root: Path
    scar: str


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    root = build_demo(base / "repo").path
    (root / SPEC).write_text(SPEC_TEXT)
    _commit(root, f"spec {H}\n\nbody {H}\n")
    code, out, err = _run(root, "review", "--spec", SPEC, "--clause", "behavior-1", "--verdict", "violated",
                          "--note", H, "--reviewer", "Eve", "--link", "payment_retry/retry.py:7-11")
    assert code == 0, err
    # One-line fields (reviewer, scar title, incident) are refused at input: hostile ones
    # arrive from the audit file, as a hand edit would bring them.
    # Two branches' verdicts on one clause, kept by the merge driver until settled.
    update_entry(root, EntryRef(SPEC, "review", "behavior-1"), lambda r: replace(
        r, reviewer=f"\x1b]0;pwned\x07Eve{H}",
        conflict=(Review("behavior-1", "implemented", note=H, reviewer=f"Mallory{H}"),)))
    why = base / "why.txt"
    why.write_bytes(f"story\0with NUL {H}\n".encode())
    code, out, err = _run(root, "scar", "add", "--spec", SPEC, "payment_retry/retry.py:7-11", "--title", "flat",
                          "--why-file", str(why), "--clause", "behavior-1", "--incident", "PAY-1")
    assert code == 0, err
    scar = out.decode().strip()
    update_entry(root, EntryRef(SPEC, "scar", scar), lambda s: replace(s, title=H, incident=H))
    # The regeneration overwrites the scarred lines, adds a hostile file and cites the clause.
    retry = root / "payment_retry/retry.py"
    lines = retry.read_text().splitlines(keepends=True)
    lines[7:11] = [f"# {H}\n", "RETRY_DELAYS = (0.2, 0.4, 0.8)\n"]
    retry.write_text("".join(lines))
    (root / CODE).write_text(f"# behavior-2: {H}\ndef log_retry(charge_id):\n    return charge_id\n")
    (root / "junit-hostile.xml").write_text(JUNIT)
    (root / "emit.py").write_text(
        "import shutil, sys\n"
        f"sys.stdout.write({H!r} + '\\n')\n"
        "shutil.copy('junit-hostile.xml', 'out.xml')\n")
    (root / ".specaudit/config.yaml").write_text(
        f"tests:\n  command: [{sys.executable!r}, emit.py]\n  junit: out.xml\n")
    _commit(root, f"behavior-1 {H}\n\nregenerated {H}\n")
    code, out, err = _run(root, "tests", "--junit", "junit-hostile.xml", "--spec", SPEC)
    assert code in (0, 1), err
    code, out, err = _run(root, "tests", "--spec", SPEC, "--link", "behavior-2", "tests/test_retry.py::test_flat_spacing")
    assert code in (0, 1), err
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(root, "remote", "add", "origin", str(remote))
    git(root, "checkout", "-q", "-b", BRANCH)
    return Hostile(root, scar)


@dataclass(frozen=True)
class Row:
    args: tuple[str, ...]
    codes: tuple[int, ...] = (0, 1)
    shows: bool = True  # the output carries repository text (so escapes must be visible)
    repo: bool = True  # append -C ROOT
    copy: bool = False  # the command writes: run it on a copy
    before: tuple[str, ...] = ()  # a command run first (on the copy)


def _rows(h: Hostile, tmp: Path) -> dict[str, list[Row]]:
    verdict = ("review", "--spec", SPEC, "--clause", "behavior-2", "--verdict", "implemented", "--note", H)
    return {
        "open": [Row(("open", "--spec", SPEC, "--screenshot", str(tmp / "shot.png"), "--range", "HEAD~1..HEAD"),
                     shows=False, repo=False),
                 Row(("open", "--spec", SPEC, "--screenshot", str(tmp / f"no{H_PATH}" / "shot.png")),
                     codes=(2,), repo=False)],
        "demo": [Row(("demo", "--no-gui", "--dir", str(tmp / f"demo{H_PATH}")), codes=(0,), repo=False)],
        "clauses": [Row(("clauses", SPEC)), Row(("clauses", "--compare", "HEAD~1:" + SPEC, SPEC))],
        "diff": [Row(("diff",)), Row(("diff", "--range", "HEAD~2..HEAD"))],
        "suggest": [Row(("suggest", "--spec", SPEC))],
        "review": [Row(("review", "--spec", SPEC, "--clause", "behavior-2", "--verdict", "partial", "--note", H,
                        "--link", f"{CODE}:1-2"), copy=True)],
        "scar add": [Row(("scar", "add", "--spec", SPEC, f"{CODE}:1-2", "--title", "flat", "--why", H), copy=True,
                         shows=False),
                     # A one-line field holding controls is refused, the refusal escaped.
                     Row(("scar", "add", "--spec", SPEC, f"{CODE}:1-2", "--title", H, "--why", H), codes=(2,),
                         copy=True, shows=False)],
        "scar list": [Row(("scar", "list", "--spec", SPEC))],
        "scar reanchor": [Row(("scar", "reanchor", "--spec", SPEC), copy=True, shows=False)],
        "change": [Row(("change", "--spec", SPEC, "--as", "explained", "--note", "ok", f"{CODE}:1-3"), copy=True),
                   Row(("change", "--spec", SPEC, "--as", "explained", "--note", H, f"{CODE}:1-3"), codes=(2,),
                       copy=True, shows=False)],
        "check": [Row(("check",)), Row(("check", "--spec", SPEC, "--junit", "junit-hostile.xml"))],
        "tests": [Row(("tests", "--spec", SPEC)),
                  # The test command's own output is echoed, once trusted (a command not yet trusted is refused).
                  Row(("tests", "--spec", SPEC, "--run"), codes=(0, 1), copy=True, before=("trust", "--yes"))],
        "trust": [Row(("trust",), codes=(2,), shows=False), Row(("trust", "--yes"), copy=True, shows=False)],
        "report": [Row(("report",))],
        "tighten": [Row(("tighten", "--spec", SPEC, "--scar", h.scar, "--dry-run"), codes=(0, 2)),
                    Row(("tighten", "--spec", SPEC, "--scar", h.scar, "--add"), codes=(0, 2), copy=True,
                        shows=False)],
        "contradict": [Row(("contradict", "--spec", SPEC, "--note", H, "behavior-1", "behavior-2"), copy=True)],
        "commit": [Row(("commit", "--show-message"), copy=True, before=verdict),
                   Row(("commit", "-m", H, "--branch", f"b{BRANCH}"), copy=True, before=verdict)],
        "push": [Row(("push",), copy=True)],
        "brief": [Row(("brief", "--spec", SPEC))],
        "merge-driver": [Row(("merge-driver", "--install"), copy=True, shows=False),
                         # A side that is not an audit file: git's line merge, the reason names the path.
                         Row(("merge-driver", AUDIT, AUDIT, CODE, AUDIT), codes=(1,), copy=True)],
        "settle": [Row(("settle", "--spec", SPEC, "--clause", "behavior-1")),
                   Row(("settle", "--spec", SPEC, "--clause", "behavior-1", "--keep", "theirs"), copy=True),
                   # No conflict to settle: one line naming the spec and clause.
                   Row(("settle", "--spec", SPEC, "--clause", "behavior-2"), codes=(2,))],
        # The spec is where it was (nothing to carry), or the new path is no file: one line naming it.
        "move-audit": [Row(("move-audit", "--spec", SPEC), codes=(2,)),
                       Row(("move-audit", "--spec", SPEC, "--to", f"specs/new{H_PATH}.md"), codes=(2,), copy=True)],
        # argparse's own errors echo what was typed.
        "usage error": [Row(("review", "--spec", SPEC, "--clause", "x", "--verdict", H), codes=(2,))],
    }


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:  # argparse keeps no public list of sub-commands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _subcommands(sub, f"{prefix}{name} ")
                found.update(nested or {f"{prefix}{name}": sub})
    return found


def _formats(parser: argparse.ArgumentParser) -> tuple[str | None, ...]:
    for action in parser._actions:
        if "--format" in action.option_strings:
            return tuple(action.choices or ())
    return (None,)


def test_every_command_has_a_row(tmp_path):
    rows = _rows(Hostile(tmp_path, "S-x"), tmp_path)
    missing = set(_subcommands(build_parser())) - set(rows)
    assert not missing, f"add a row for {sorted(missing)} to this table"


def _cases():
    fake = _rows(Hostile(Path("/"), "S-x"), Path("/"))
    return [(name, i) for name, rows in fake.items() for i in range(len(rows))]


@pytest.mark.parametrize(("name", "index"), _cases(), ids=[f"{n}-{i}" for n, i in _cases()])
def test_no_raw_control_character_reaches_the_terminal(hostile, tmp_path, name, index):
    row = _rows(hostile, tmp_path)[name][index]
    root = hostile.root
    if row.copy:
        root = tmp_path / "copy"
        shutil.copytree(hostile.root, root, symlinks=True)
    if row.before:
        code, out, err = _run(root, *row.before)
        assert code == 0, err
    parsers = _subcommands(build_parser())
    sub = parsers["review" if name == "usage error" else name]
    seen_shown = False
    for fmt in _formats(sub):
        args = row.args + (("--format", fmt) if fmt else ())
        code, out, err = _run(root if row.repo else None, *args, cwd=root)
        where = f"{' '.join(args)!r}: exit {code}\nstdout: {out[-1500:]!r}\nstderr: {err[-1500:]!r}"
        assert code in row.codes, where
        assert b"Traceback" not in err and b"internal error" not in err, where
        for stream, data in (("stdout", out), ("stderr", err)):
            text = data.decode("utf-8", errors="surrogateescape")
            bad = RAW.search(text)
            assert bad is None, f"raw {bad.group()!r} on {stream} of {where}"
        seen_shown = seen_shown or bool(SHOWN.search((out + err).decode("utf-8", "replace")))
    if row.shows:
        assert seen_shown, f"{name}: the hostile text never reached the output, so this row tests nothing"


def test_a_note_never_continues_a_line_of_results():
    """stdout and stderr merged into one pipe (``2>&1 | less``): a note written after a
    partial line of results starts on its own line, after the results written before it
    (issue 23 item 8: suggest's note was glued to stdout's last line)."""
    code = ("from specaudit.cli.output import emit\n"
            "emit('first line'); emit('partial', end=''); emit('note \\x1b[2J', err=True); emit(' rest')\n")
    proc = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=True)
    assert proc.stdout == b"first line\npartial\nnote \\x1b[2J\n rest\n"


def test_the_cli_writes_only_through_the_sink():
    """ruff's T201 bans print in cli/; this catches direct stream writes too."""
    cli = Path(PACKAGE_PARENT) / "specaudit" / "cli"
    direct = re.compile(r"sys\.std(out|err)\.(write|buffer)|\bprint\(|pprint\(")
    offenders = [f"{p.name}:{n}" for p in sorted(cli.glob("*.py")) if p.name != "output.py"
                 for n, line in enumerate(p.read_text().splitlines(), 1)
                 if direct.search(line)]
    assert offenders == []

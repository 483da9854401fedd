"""The named bad-input corpus (bad_inputs/MANIFEST.yaml) run through the real CLI.

Every entry asserts: the exit code; for exit 2 one line on stderr naming the file (and
line where there is one) and no traceback; and that nothing was lost: every file under
the work directory, the repository's .git included, is byte-identical afterwards unless
the entry says a successful write may change it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml
from bad_git_states import BUILDERS

from specaudit.settings import LIMITS

BAD = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = yaml.safe_load((BAD / "MANIFEST.yaml").read_text(encoding="utf-8"))
SPEC = "specs/payment-retry.md"
AUDIT = f".specaudit/{SPEC}.audit.yaml"

DEFAULT_COMMANDS = {
    "spec": [["clauses", "{input}"]],
    "patch": [["diff", "--patch", "{input}"]],
    "audit": [["scar", "list", "--spec", SPEC],
              ["review", "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented"]],
    "config": [["check"]],
}
DEFAULT_TARGET = {"audit": AUDIT, "config": ".specaudit/config.yaml"}


def _replace(path: Path) -> None:
    if path.is_file() or path.is_symlink():
        path.unlink()


def _generate(kind: str, path: Path, outside: Path) -> None:
    """Inputs too big (or too odd) to keep in git. ``outside``: the test's directory,
    outside every repository."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "one_line_5mb":
        path.write_bytes(b"# Title " + b"x" * (5 * 1024 * 1024))
    elif kind == "spec_over_limit":
        line = b"- a requirement that is repeated until the file is too large\n"
        path.write_bytes(b"# Spec\n\n## Behavior\n\n" + line * (LIMITS.max_spec_bytes // len(line) + 1))
    elif kind == "yaml_over_limit":
        item = b"  - id: C\n    text: " + b"y" * 80 + b"\n"
        path.write_bytes(b"title: big\nclauses:\n" + item * (LIMITS.max_yaml_bytes // len(item) + 1))
    elif kind == "audit_over_limit":
        path.write_bytes(b"schema: 1\nspec: specs/payment-retry.md\n" + b"# padding\n" * (LIMITS.max_audit_bytes // 10 + 1))
    elif kind == "directory":
        if path.is_file():
            path.unlink()
        path.mkdir()
    elif kind == "symlink_dev_zero":  # st_size is 0: a size check lets it through
        _replace(path)
        path.symlink_to("/dev/zero")
    elif kind == "fifo":  # opening it for reading blocks until a writer comes
        _replace(path)
        os.mkfifo(path)
    elif kind == "symlink_outside":  # a file of the test directory, outside the repository
        _replace(path)
        path.symlink_to(outside / "outside.md")
    elif kind == "specaudit_symlink_outside":  # the whole .specaudit folder lives elsewhere
        shutil.copytree(path, outside / "elsewhere", symlinks=True)
        shutil.rmtree(path)
        path.symlink_to(outside / "elsewhere", target_is_directory=True)
    elif kind != "nothing":
        raise AssertionError(f"unknown generator {kind}")


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[p.relative_to(root).as_posix() + "/"] = "dir"
    return out


def _prepare(entry: dict, tmp: Path, template: Path) -> tuple[Path, str, Path | None]:
    """Place the input; -> (cwd for the commands, the input's path there, repo for {repo})."""
    kind = entry["kind"]
    work = tmp / "work"
    work.mkdir()
    if kind in ("spec", "patch"):
        cwd, repo = work, None
    elif kind in ("audit", "config"):
        cwd = repo = BUILDERS["demo"](work, template)
    else:
        cwd, repo = work, BUILDERS[entry["state"]](work, template)
    target = entry.get("target") or DEFAULT_TARGET.get(kind) or entry.get("input") or ""
    dest = (repo if kind in ("audit", "config", "git") else work) / target
    dest.parent.mkdir(parents=True, exist_ok=True)
    if "input" in entry:
        shutil.copyfile(BAD / entry["input"], dest)
    elif "generate" in entry:
        _generate(entry["generate"], dest, tmp)
    (tmp / "outside.md").write_text("# Outside\n\n## Behavior\n\n- A rule.\n\nSECRET-OUTSIDE-TEXT\n")
    return cwd, target, repo


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_bad_input(entry, run_cli, demo_template, tmp_path):
    cwd, target, repo = _prepare(entry, tmp_path, demo_template)
    # {undecodable}: an argument whose bytes are not UTF-8 (YAML cannot hold it literally).
    fill = {"input": target, "repo": str(repo or ""), "tmp": str(tmp_path), "undecodable": "caf\udce9"}
    before = _snapshot(tmp_path)
    printed = ""
    for command in entry.get("commands") or DEFAULT_COMMANDS[entry["kind"]]:
        args = [a.format(**fill) for a in command]
        result = run_cli(*args, cwd=cwd, timeout=entry.get("timeout", 60))
        assert result.code == entry["exit"], (args, result)
        assert "Traceback" not in result.err + result.out, result
        assert "internal error" not in result.err, result
        if entry["exit"] == 2:
            lines = [ln for ln in result.err.splitlines() if ln.strip()]
            assert len(lines) == 1, result
            for words in entry["message"]:
                assert words in lines[0], (args, words, result)
        printed += result.out
    if entry["exit"] != 2:
        for words in entry["message"]:
            assert words in printed, (words, printed[-3000:])
    after = _snapshot(tmp_path)
    allowed = {(repo / p).relative_to(tmp_path).as_posix() for p in entry.get("changes", [])} if repo else set()
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed <= allowed, f"files changed or appeared: {sorted(changed - allowed)}"
    if entry.get("keeps"):
        kept = (repo / AUDIT).read_text(encoding="utf-8")
        for words in entry["keeps"]:
            assert words in kept, kept


def test_manifest_is_well_formed_and_big_enough():
    names = [e["name"] for e in MANIFEST]
    assert len(names) == len(set(names))
    assert len(names) >= 40
    for e in MANIFEST:
        assert e["kind"] in ("spec", "patch", "audit", "config", "git"), e
        assert e["exit"] in (0, 1, 2) and e["message"] and e.get("why"), e
        if "input" in e:
            assert (BAD / e["input"]).is_file(), e
        if e["kind"] == "git":
            assert e["state"] in BUILDERS and e["commands"], e
    on_disk = {p.relative_to(BAD).as_posix() for p in BAD.rglob("*") if p.is_file() and p.name != "MANIFEST.yaml"}
    assert on_disk <= {e["input"] for e in MANIFEST if "input" in e}, "a bad input without an expectation"

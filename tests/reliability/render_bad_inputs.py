"""Render the bad-input table of docs/reliability.md from bad_inputs/MANIFEST.yaml.

    python tests/reliability/render_bad_inputs.py          # rewrite the table in place
    python tests/reliability/render_bad_inputs.py --check  # exit 1 if the doc is stale
    SPECAUDIT_RELIABILITY_RESULTS=/tmp/r.json python -m pytest tests/reliability
    python tests/reliability/render_bad_inputs.py --results /tmp/r.json  # the counts table

test_reliability_doc.py runs the check, so the doc cannot drift from the manifest, and
checks that the counts table tried every manifest entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "bad_inputs" / "MANIFEST.yaml"
DOC = HERE.parents[1] / "docs" / "reliability.md"
START, END = "<!-- bad-inputs:start (generated) -->", "<!-- bad-inputs:end -->"
RSTART, REND = "<!-- results:start (generated from a run) -->", "<!-- results:end -->"
KINDS = ("spec", "patch", "audit", "config", "git")
# Test files other than the manifest run, by category (test ids are grouped by file).
FILE_CATEGORIES = {
    "test_ranges.py": "ranges: one resolver, window = check --range",
    "test_untrusted_output.py": "untrusted output: terminal, Markdown, SARIF, window labels",
    "test_repository_edges.py": "repository edges: spec editor and symlinks out",
    "test_concurrent_writes.py": "concurrent writers: nothing lost",
    "test_kill_during_writes.py": "kill -9 during writes",
    "test_undo_keeps_external_edits.py": "undo keeps a teammate's edit",
    "test_tighten_keeps_everything.py": "tighten keeps change marks and the rest",
    "test_commit_safety.py": "commit: no temp files, a failed commit leaves the index",
    "test_write_failures.py": "write failures: disk full, permissions, size",
    "test_repo_config_commands.py": "repository configuration runs nothing",
    "test_push_runs_nothing.py": "push runs nothing the repository names",
    "test_test_command_trust.py": "test command: runs only once trusted",
    "test_test_process_tree.py": "test command: no process outlives specaudit",
    "test_test_output_bounded.py": "test command: output read in bounded chunks",
    "test_git_environment.py": "git environment and ownership",
    "test_git_states_messages.py": "git states and odd file names",
    "test_fuzz_specs.py": "fuzzing: specs (each test runs the profile's examples)",
    "test_fuzz_diff.py": "fuzzing: diff parser",
    "test_fuzz_audit.py": "fuzzing: audit loader",
    "test_fuzz_config.py": "fuzzing: config",
    "test_tighten_refusals.py": "tighten writes text only, one clause only",
    "test_tighten_interrupted.py": "tighten --add killed between its writes",
    "test_symlinks_out.py": "symlinks out: tighten --change, commit, clauses",
    "test_scale.py": "scale: linear in the input",
    "test_cli_output_sink.py": "untrusted output: every command through the one sink",
    "test_side_files.py": "side files: one reader, duplicate keys and schema refused",
    "test_safe_reads.py": "user files read through the one safe reader",
    "test_fuzz_tests.py": "fuzzing: JUnit and test files",
}
DEFAULT = {"spec": "clauses", "patch": "diff --patch", "audit": "scar list; review", "config": "check"}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(entries: list[dict]) -> str:
    kinds = {k: sum(e["kind"] == k for e in entries) for k in ("spec", "patch", "audit", "config", "git")}
    rows = [f"{len(entries)} inputs: " + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ".", "",
            "| # | name | kind | input | command | exit | message contains | what it is |",
            "|---|---|---|---|---|---|---|---|"]
    for i, e in enumerate(entries, 1):
        source = e.get("input") or (f"generated: {e['generate']}" if "generate" in e else f"state: {e.get('state')}")
        commands = e.get("commands")
        cmd = "; ".join(" ".join(c[:2]) for c in commands) if commands else DEFAULT[e["kind"]]
        rows.append("| " + " | ".join(_cell(x) for x in (
            i, e["name"], e["kind"], f"`{source}`", f"`{cmd}`", e["exit"],
            ", ".join(f"`{m}`" for m in e["message"]), e["why"])) + " |")
    return "\n".join(rows)


def category(nodeid: str, kinds: dict[str, str]) -> str:
    """The docs/reliability.md category of a test id."""
    name = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    if "::test_bad_input[" in nodeid:
        entry = nodeid.split("[", 1)[1][:-1]
        return f"bad input: {kinds.get(entry, '?')}"
    return FILE_CATEGORIES.get(name, "suite self-checks")


def render_results(entries: list[dict], outcomes: dict[str, str], when: str) -> str:
    kinds = {e["name"]: e["kind"] for e in entries}
    order = [f"bad input: {k}" for k in KINDS] + list(FILE_CATEGORIES.values()) + ["suite self-checks"]
    counts: dict[str, dict[str, int]] = {c: {"tried": 0, "passed": 0, "failed": 0, "skipped": 0} for c in order}
    for nodeid, outcome in outcomes.items():
        c = counts.setdefault(category(nodeid, kinds), {"tried": 0, "passed": 0, "failed": 0, "skipped": 0})
        c["tried"] += 1
        c[outcome] = c.get(outcome, 0) + 1
    rows = [f"Run on {when}: `SPECAUDIT_RELIABILITY_RESULTS=FILE python -m pytest tests/reliability` "
            "(ci profile), then `render_bad_inputs.py --results FILE`. Every bad input also checks that "
            "nothing was lost (byte-identical files, `.git` included).", "",
            "| category | tried | passed | failed |", "|---|---|---|---|"]
    total = {"tried": 0, "passed": 0, "failed": 0}
    for name, c in counts.items():
        if c["tried"]:
            rows.append(f"| {name} | {c['tried']} | {c['passed']} | {c['failed']} |")
            for k in total:
                total[k] += c[k]
    rows.append(f"| **total** | {total['tried']} | {total['passed']} | {total['failed']} |")
    return "\n".join(rows)


def tried_per_kind(doc: str) -> dict[str, int]:
    """The 'tried' column of the results table for each manifest kind."""
    block = doc.partition(RSTART)[2].partition(REND)[0]
    out = {}
    for line in block.splitlines():
        for k in KINDS:
            if line.startswith(f"| bad input: {k} |"):
                out[k] = int(line.split("|")[2])
    return out


def with_results(doc: str, outcomes: dict[str, str], when: str) -> str:
    head, sep, rest = doc.partition(RSTART)
    _, sep2, tail = rest.partition(REND)
    if not (sep and sep2):
        raise SystemExit(f"{DOC}: markers {RSTART!r} / {REND!r} not found")
    entries = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return f"{head}{RSTART}\n{render_results(entries, outcomes, when)}\n{REND}{tail}"


def updated(doc: str) -> str:
    head, sep, rest = doc.partition(START)
    _, sep2, tail = rest.partition(END)
    if not (sep and sep2):
        raise SystemExit(f"{DOC}: markers {START!r} / {END!r} not found")
    entries = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return f"{head}{START}\n{render(entries)}\n{END}{tail}"


def main(argv: list[str]) -> int:
    doc = DOC.read_text(encoding="utf-8")
    new = updated(doc)
    if "--results" in argv:
        import datetime
        import json

        outcomes = json.loads(Path(argv[argv.index("--results") + 1]).read_text(encoding="utf-8"))
        new = with_results(new, outcomes, datetime.date.today().isoformat())
    if "--check" in argv:
        return 0 if new == doc else 1
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Render the bad-input table of docs/reliability.md from bad_inputs/MANIFEST.yaml.

    python tests/reliability/render_bad_inputs.py          # rewrite the table in place
    python tests/reliability/render_bad_inputs.py --check  # exit 1 if the doc is stale

test_reliability_doc.py runs the check, so the doc cannot drift from the manifest.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "bad_inputs" / "MANIFEST.yaml"
DOC = HERE.parents[1] / "docs" / "reliability.md"
START, END = "<!-- bad-inputs:start (generated) -->", "<!-- bad-inputs:end -->"
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
    if "--check" in argv:
        return 0 if new == doc else 1
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""A leading YAML front matter block (BMAD's planning artifacts open with one: stepsCompleted,
inputDocuments, editHistory) is metadata, not clauses. It used to yield "preamble-N" notes,
its closing ``---`` read as a setext heading over the whole block."""

from __future__ import annotations

import json
import shutil

import pytest
from support import CORPUS

BMAD = CORPUS / "bmad" / "AlessioScarfone__bmad-todo-app"
pytestmark = pytest.mark.skipif(not BMAD.is_dir(), reason="spec corpus not available")


def _clauses(run_cli, tmp_path, local_name: str) -> tuple[list[dict], list[str]]:
    rel = local_name.replace("__", "/")
    dest = tmp_path / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BMAD / local_name, dest)
    result = run_cli("clauses", rel, "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    return json.loads(result.out)["clauses"], dest.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", ["_bmad-output__planning-artifacts__prd.md",
                                  "_bmad-output__planning-artifacts__epics.md"])
def test_front_matter_of_real_bmad_files_is_no_clause(run_cli, tmp_path, name):
    clauses, lines = _clauses(run_cli, tmp_path, name)
    closing = lines.index("---", 1) + 1  # 1-based line of the closing marker
    assert clauses and all(c["lines"][0] > closing for c in clauses)
    assert not [c["key"] for c in clauses if c["key"].startswith("preamble-")]
    assert not [c for c in clauses if "stepsCompleted" in c["text"] or "inputDocuments" in c["text"]]


def test_a_leading_rule_that_is_not_front_matter_stays_markdown(run_cli, tmp_path):
    spec = tmp_path / "notes.md"
    spec.write_text("---\n\nA paragraph after a rule.\n\n---\n\n- a bullet\n", encoding="utf-8")
    result = run_cli("clauses", "notes.md", "--format", "json", cwd=tmp_path)
    assert [c["title"] for c in json.loads(result.out)["clauses"]] == ["A paragraph after a rule.", "a bullet"]


def test_epics_requirement_inventory_lines_are_one_clause_each(run_cli, tmp_path):
    """BMAD's epics.md lists the PRD's requirements as plain "FR1: ..." lines in one
    paragraph (MANIFEST: 29 FR and 17 NFR inventory lines); each is its own clause."""
    clauses, lines = _clauses(run_cli, tmp_path, "_bmad-output__planning-artifacts__epics.md")
    by_key = {c["key"]: c for c in clauses}
    frs = [k for k in by_key if k.startswith("FR")]
    nfrs = [k for k in by_key if k.startswith("NFR")]
    assert frs == [f"FR{n}" for n in range(1, 30)] and nfrs == [f"NFR{n}" for n in range(1, 18)]
    fr3 = by_key["FR3"]
    assert fr3["lines"][0] == fr3["lines"][1] and lines[fr3["lines"][0] - 1] == fr3["text"]
    assert "functional-requirements-1" not in by_key

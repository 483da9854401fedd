"""unwired-code, stub-code and phantom-task on a fixture repository per language (issue 21
item 3): each planted gap is found with its evidence, and no entry point is flagged."""

from __future__ import annotations

import json

import pytest
from code_fixtures import LANGUAGES, SPEC, build

KINDS = ("unwired-code", "stub-code", "phantom-task")


def _check(run_cli, root, base, head) -> list[dict]:
    r = run_cli("check", "-C", str(root), "--range", f"{base}..{head}", "--spec", SPEC, "--format", "json")
    assert r.code == 0, r  # warnings by default: the gate holds
    return [f for f in json.loads(r.out)["findings"] if f["kind"] in KINDS]


def _name(f: dict) -> str:
    return f["message"].split("`")[1].rsplit(".", 1)[-1]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_each_planted_gap_is_found_and_no_entry_point_is_flagged(language, run_cli, tmp_path):
    _files, _export, importer, unwired, stubbed = LANGUAGES[language]
    base, head = build(tmp_path / language, language)
    found = _check(run_cli, tmp_path / language, base, head)
    by_kind: dict[str, list[dict]] = {}
    for f in found:
        by_kind.setdefault(f["kind"], []).append(f)
        assert f["severity"] == "warning" and not f["gating"]
    assert {_name(f) for f in by_kind.get("unwired-code", [])} == unwired
    assert {_name(f) for f in by_kind.get("stub-code", [])} == stubbed
    (phantom,) = by_kind["phantom-task"]
    assert phantom["path"] == "specs/001-demo/tasks.md" and phantom["line"] == 4
    assert phantom["clause"] == "FR-002" and "T002" in phantom["message"]
    task, code = phantom["evidence"]
    assert task["what"] == "task" and task["text"].startswith("- [x] T002")
    assert code["what"] == "code" and code["path"] == importer and "TODO(T002)" in code["text"]
    # Every unwired finding says where it is defined and where (if anywhere) it is used.
    for f in by_kind["unwired-code"]:
        what = [e["what"] for e in f["evidence"]]
        assert what[0] == "defined" and f["evidence"][0]["line"] == f["line"]
        assert "referenced from tests only" in what or "referenced nowhere in product code at the target" in what


def test_the_gate_can_fail_on_them(run_cli, tmp_path):
    base, head = build(tmp_path / "go", "go")
    (tmp_path / "go" / ".specaudit").mkdir()
    (tmp_path / "go" / ".specaudit/config.yaml").write_text("gate:\n  fail_on: [stub-code, phantom-task]\n")
    r = run_cli("check", "-C", str(tmp_path / "go"), "--range", f"{base}..{head}", "--spec", SPEC)
    assert r.code == 1, r
    assert "FAIL: phantom-task [FR-002]" in r.out and "FAIL: stub-code" in r.out
    assert "warning: unwired-code" in r.out

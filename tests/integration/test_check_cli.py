"""`specaudit check` on the demo: the regeneration that erased a scar fails the gate."""

from __future__ import annotations

import json
import subprocess

from support import assert_one_line_error

SPEC = "specs/payment-retry.md"


def _git(root, *args) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_demo_reports_overwritten_scar_and_forbidden_cache(demo_repo, run_cli):
    r = run_cli("check", "--repo", str(demo_repo.path), "--format", "json")
    assert r.code == 1, r
    data = json.loads(r.out)
    assert data["passed"] is False
    by_kind: dict[str, list[dict]] = {}
    for f in data["findings"]:
        assert {"kind", "clause", "scar", "path", "line", "message"} <= set(f)
        by_kind.setdefault(f["kind"], []).append(f)
    (scar,) = by_kind["scar-overwritten"]
    assert scar["path"] == "payment_retry/retry.py" and scar["line"] >= 1 and scar["scar"].startswith("S-")
    assert scar["clause"] == "behavior-2" and scar["gating"] is True
    # The scarred lines really are gone at HEAD.
    assert "SPACING_SECONDS" not in _git(demo_repo.path, "show", "HEAD:payment_retry/retry.py")
    hits = {f["path"] for f in by_kind["non-goal-hit"]}
    assert "payment_retry/cache.py" in hits
    assert all(f["clause"] == "non-goals-1" for f in by_kind["non-goal-hit"])
    unexplained = {f["path"] for f in by_kind["unexplained-change"]}
    assert "payment_retry/cache.py" in unexplained and not any(p.startswith(".specaudit/") for p in unexplained)
    assert {f["clause"] for f in by_kind["unreviewed"]} == {"invariants-1", "invariants-2", "non-goals-1", "non-goals-2"}

    text = run_cli("check", "-C", str(demo_repo.path))
    assert text.code == 1
    assert f"payment_retry/retry.py:{scar['line']}: FAIL: scar-overwritten" in text.out
    assert text.out.rstrip().splitlines()[-1].endswith("gate FAILED (5 gating)")


def test_gate_passes_once_reviewed_and_scar_drift_is_before_since(demo_repo, run_cli):
    root = str(demo_repo.path)
    for clause in ("invariants-1", "invariants-2", "non-goals-2"):
        assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", clause, "--verdict", "implemented").code == 0
    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "non-goals-1", "--verdict", "violated",
                   "--note", "adds a result cache").code == 0
    r = run_cli("check", "-C", root, "--format", "json")
    kinds = {f["kind"] for f in json.loads(r.out)["findings"] if f["gating"]}
    assert kinds == {"violated", "scar-overwritten"}
    assert r.code == 1

    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "non-goals-1", "--verdict", "implemented").code == 0
    # --since HEAD: the scar was overwritten before HEAD, so no drift counts.
    r = run_cli("check", "-C", root, "--since", "HEAD", "--format", "json")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert data["passed"] is True and not [f for f in data["findings"] if f["gating"]]
    # Without --since the overwritten scar still fails the gate.
    assert run_cli("check", "-C", root).code == 1


def test_gate_policy_from_config(demo_repo, run_cli):
    root = demo_repo.path
    (root / ".specaudit" / "config.yaml").write_text(
        "gate:\n  fail_on: [violated]\n  unreviewed_kinds: []\n"
    )
    r = run_cli("check", "-C", str(root), "--format", "json")
    assert r.code == 0, r
    kinds = {f["kind"] for f in json.loads(r.out)["findings"]}
    assert "scar-overwritten" in kinds and "unreviewed" not in kinds
    (root / ".specaudit" / "config.yaml").write_text("gate:\n  fail_on: [scar-overwritten, nonsense]\n")
    r = run_cli("check", "-C", str(root))
    assert_one_line_error(r)
    assert ".specaudit/config.yaml:2:" in r.err and "nonsense" in r.err


def test_sarif_and_markdown_outputs(demo_repo, run_cli, tmp_path):
    out = tmp_path / "check.sarif"
    r = run_cli("check", "-C", str(demo_repo.path), "--format", "sarif", "-o", str(out))
    assert r.code == 1, r
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert results and all(rule_ids[res["ruleIndex"]] == res["ruleId"] for res in results)
    assert "of 3 changed files linked" in run["properties"]["summary"]["text"]
    assert run["properties"]["gate"]["default"] is True
    scar = next(res for res in results if res["ruleId"] == "scar-overwritten")
    assert scar["level"] == "error"
    loc = scar["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "payment_retry/retry.py" and loc["region"]["startLine"] >= 1

    md = run_cli("check", "-C", str(demo_repo.path), "--format", "md")
    assert md.code == 1
    assert md.out.startswith("## specaudit check: gate **failed**")
    assert "| FAIL | `scar-overwritten` |" in md.out


def test_bad_input_gives_one_line(demo_repo, tmp_path, run_cli):
    r = run_cli("check", "-C", str(demo_repo.path), "--since", "no-such-commit")
    assert_one_line_error(r)
    assert "no-such-commit" in r.err
    r = run_cli("check", "-C", str(demo_repo.path), "--spec", "specs/missing.md")
    assert_one_line_error(r)
    assert "specs/missing.md" in r.err
    r = run_cli("check", "-C", str(tmp_path))
    assert_one_line_error(r)
    assert "not a git repository" in r.err


def test_drift_up_to_an_earlier_commit_with_at(demo_repo, run_cli):
    r = run_cli("check", "-C", str(demo_repo.path), "--at", "HEAD~1", "--format", "json")
    data = json.loads(r.out)
    assert data["target"] == demo_repo.base
    assert not [f for f in data["findings"] if f["kind"] == "scar-overwritten"]
    r = run_cli("check", "-C", str(demo_repo.path), "--at", "HEAD", "--format", "json")
    assert [f["kind"] for f in json.loads(r.out)["findings"]].count("scar-overwritten") == 1


def test_require_reviewed_fails_the_gate_while_any_clause_is_unreviewed(demo_repo, run_cli):
    root = demo_repo.path
    r = run_cli("check", "-C", str(root), "--since", "HEAD")
    lines = r.out.splitlines()
    # The review's state first, then the policy in force, said plainly.
    assert lines[0] == "specaudit check: 0 of 13 clauses reviewed; 0 of 0 changed files linked"
    assert lines[1].startswith("specaudit check: gate (the default policy) fails on: violated, unreviewed,")
    assert "gate.require_reviewed: false" in lines[1]
    (root / ".specaudit" / "config.yaml").write_text("gate:\n  fail_on: [violated]\n  require_reviewed: true\n")
    r = run_cli("check", "-C", str(root), "--since", "HEAD", "--format", "json")
    assert r.code == 1, r
    data = json.loads(r.out)
    total, reviewed = data["summary"]["clauses"], data["summary"]["reviewed"]
    gating = [f for f in data["findings"] if f["gating"]]
    assert {f["kind"] for f in gating} == {"unreviewed"} and len(gating) == total - reviewed > 2
    assert data["gate"]["require_reviewed"] is True and "every clause must be reviewed" in data["gate"]["text"]
    for f in gating:
        assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", f["clause"], "--verdict",
                       "not-applicable").code == 0
    r = run_cli("check", "-C", str(root), "--since", "HEAD")
    assert r.code == 0, r
    assert r.out.splitlines()[0] == f"specaudit check: {total} of {total} clauses reviewed; 0 of 0 changed files linked"
    (root / ".specaudit" / "config.yaml").write_text("gate:\n  require_reviewed: maybe\n")
    r = run_cli("check", "-C", str(root))
    assert_one_line_error(r)
    assert ".specaudit/config.yaml:2:" in r.err and "require_reviewed" in r.err


def test_a_clause_reviewed_partial_is_listed_with_its_note_and_can_gate(demo_repo, run_cli):
    root = str(demo_repo.path)
    (demo_repo.path / ".specaudit" / "config.yaml").write_text("gate:\n  unreviewed_kinds: []\n  fail_on: [violated]\n")
    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "behavior-1", "--verdict", "partial",
                   "--note", "no jitter yet").code == 0
    r = run_cli("check", "-C", root)
    assert r.code == 0, r  # the reviewer's own call: said, not failing the default gate
    line = next(ln for ln in r.out.splitlines() if "partial" in ln and "[behavior-1]" in ln)
    assert line.startswith(f"{SPEC}:") and "warning" in line and line.endswith("no jitter yet"), line
    assert "1 partial" in r.out.rstrip().splitlines()[-1]
    (demo_repo.path / ".specaudit" / "config.yaml").write_text("gate:\n  unreviewed_kinds: []\n  fail_on: [partial]\n")
    r = run_cli("check", "-C", root, "--format", "json")
    assert r.code == 1, r
    (gating,) = [f for f in json.loads(r.out)["findings"] if f["gating"]]
    assert (gating["kind"], gating["clause"]) == ("partial", "behavior-1")
    # Implemented now: nothing left to say.
    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented").code == 0
    r = run_cli("check", "-C", root)
    assert r.code == 0 and "partial [" not in r.out, r

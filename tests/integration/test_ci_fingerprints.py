"""SARIF and GitLab fingerprints that code scanning can track: stable across an unrelated
edit that shifts lines, different across kinds, clauses and hunks."""

from __future__ import annotations

import json
from pathlib import Path

from support import git

from specaudit.core.findings import CheckResult, Finding
from specaudit.core.report_sarif import stable_fingerprints


def _run(run_cli, root, rng, fmt="sarif"):
    r = run_cli("check", "--repo", str(root), "--range", rng, "--format", fmt)
    assert r.code == 1, r
    return json.loads(r.out)


def _by_fingerprint(sarif) -> dict[str, dict]:
    results = sarif["runs"][0]["results"]
    fps = [r["partialFingerprints"]["specaudit/v1"] for r in results]
    assert len(set(fps)) == len(fps), "every result its own fingerprint"
    return dict(zip(fps, results, strict=True))


def _line(result) -> int | None:
    loc = result.get("locations", [{}])[0].get("physicalLocation", {})
    return loc.get("region", {}).get("startLine")


def test_fingerprints_survive_an_edit_that_shifts_lines(demo_repo, run_cli):
    root = Path(demo_repo.path)
    before = _by_fingerprint(_run(run_cli, root, f"{demo_repo.base}..HEAD"))
    spec = root / demo_repo.spec
    lines = spec.read_text().splitlines(keepends=True)
    spec.write_text("".join([lines[0], "\n", "<!-- an unrelated note -->\n", "\n", *lines[1:]]))
    retry = root / "payment_retry" / "retry.py"
    retry.write_text("# unrelated comment\n# another one\n" + retry.read_text())
    git(root, "commit", "-q", "-am", "an unrelated edit that shifts lines")
    after = _by_fingerprint(_run(run_cli, root, f"{demo_repo.base}..HEAD"))
    assert set(before) <= set(after), [before[k]["message"]["text"] for k in set(before) - set(after)]
    # Unexplained changes are one finding per file: the two comment lines join retry.py's
    # alert (its message counts them) rather than opening a new one.
    assert set(after) == set(before)
    retry_alert = [k for k in after if after[k]["ruleId"] == "unexplained-change"
                   and after[k]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                   == "payment_retry/retry.py"]
    assert len(retry_alert) == 1
    assert after[retry_alert[0]]["message"]["text"] != before[retry_alert[0]]["message"]["text"]
    moved = [k for k in before if _line(before[k]) != _line(after[k])]
    kinds = {before[k]["ruleId"] for k in moved}
    assert {"unreviewed", "scar-overwritten", "unexplained-change"} <= kinds, kinds
    gitlab = _run(run_cli, root, f"{demo_repo.base}..HEAD", "codequality")
    assert {i["fingerprint"] for i in gitlab} == set(after)
    assert all(i["location"]["path"] and i["location"]["lines"]["begin"] >= 1 for i in gitlab)


def test_fingerprints_differ_across_kinds_clauses_and_hunks():
    findings = [
        Finding("violated", "m", spec="s.md", clause="a", path="s.md", line=3),
        Finding("stale-spec", "m", spec="s.md", clause="a", path="s.md", line=3),
        Finding("violated", "m", spec="s.md", clause="b", path="s.md", line=3),
        Finding("violated", "m", spec="t.md", clause="a", path="t.md", line=3),
        Finding("unexplained-change", "m", spec="s.md", path="x.py", line=3, end_line=5),
        Finding("unexplained-change", "m", spec="s.md", path="x.py", line=9, end_line=11),
        Finding("unexplained-change", "m", spec="s.md", path="x.py", line=20, end_line=20),
    ]
    fps = stable_fingerprints(findings)
    assert len(set(fps)) == len(fps)
    shifted = [Finding(f.kind, "other words", spec=f.spec, clause=f.clause, path=f.path,
                       line=(f.line or 0) + 7, end_line=(f.end_line or f.line or 0) + 7) for f in findings]
    assert stable_fingerprints(shifted) == fps
    assert CheckResult(passed=False, findings=findings).counts()["violated"] == 3

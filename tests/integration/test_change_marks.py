"""Marking unexplained changes: explained ones leave the findings, out-of-scope ones gate,
and a mark stops applying once its lines change again."""

from __future__ import annotations

import json
import subprocess

import yaml
from support import assert_one_line_error


def _findings(run_cli, repo, kind):
    out = run_cli("check", "--repo", str(repo), "--format", "json")
    assert out.code in (0, 1), out
    return [f for f in json.loads(out.out)["findings"] if f["kind"] == kind]


def _cache_lines(repo) -> int:
    return len((repo / "payment_retry/cache.py").read_text().splitlines())


def test_explained_lines_leave_the_unexplained_findings(demo_repo, run_cli):
    repo = demo_repo.path
    n = _cache_lines(repo)
    before = [f for f in _findings(run_cli, repo, "unexplained-change") if f["path"] == "payment_retry/cache.py"]
    assert before, "the demo's cache is unexplained at first"
    result = run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                     f"payment_retry/cache.py:1-{n}", "--as", "explained", "--note", "helper module")
    assert result.code == 0, result
    after = [f for f in _findings(run_cli, repo, "unexplained-change") if f["path"] == "payment_retry/cache.py"]
    assert after == []
    audit = yaml.safe_load(next((repo / ".specaudit").rglob("*.yaml")).read_text())
    mark = audit["changes"][f"payment_retry/cache.py:1-{n}"]
    assert mark["status"] == "explained" and mark["note"] == "helper module" and len(mark["commit"]) == 40


def test_out_of_scope_is_reported_and_fails_the_gate(demo_repo, run_cli):
    repo = demo_repo.path
    n = _cache_lines(repo)
    assert run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                   f"payment_retry/cache.py:1-{n}", "--as", "out-of-scope").code == 0
    (finding,) = _findings(run_cli, repo, "out-of-scope")
    assert finding["path"] == "payment_retry/cache.py" and finding["line"] == 1 and finding["gating"] is True
    # Unmarking brings back the plain unexplained finding.
    assert run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                   f"payment_retry/cache.py:1-{n}", "--as", "unmarked").code == 0
    assert _findings(run_cli, repo, "out-of-scope") == []


def test_a_mark_stops_applying_when_its_lines_change(demo_repo, run_cli):
    repo = demo_repo.path
    n = _cache_lines(repo)
    assert run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                   f"payment_retry/cache.py:1-{n}", "--as", "explained").code == 0
    path = repo / "payment_retry/cache.py"
    path.write_text(path.read_text().replace("OrderedDict()", "OrderedDict()  # regenerated"))
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "regenerate again"], check=True)
    again = [f for f in _findings(run_cli, repo, "unexplained-change") if f["path"] == "payment_retry/cache.py"]
    assert again, "a changed mark no longer explains the lines"


def test_bad_change_arguments(demo_repo, run_cli):
    repo = demo_repo.path
    assert_one_line_error(run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                                  "payment_retry/cache.py", "--as", "explained"))
    assert_one_line_error(run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                                  "payment_retry/cache.py:1-99999", "--as", "explained"))
    assert_one_line_error(run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                                  "payment_retry/cache.py:1-2", "--as", "unmarked"))


def test_lines_the_range_does_not_change_are_refused(demo_repo, run_cli):
    """A mark is a call on changed lines: lines the range leaves as they were are refused,
    named, and nothing is written (an out-of-scope mark on them would fail the gate)."""
    repo = demo_repo.path
    audit = next((repo / ".specaudit").rglob("*.yaml"))
    before = audit.read_bytes()
    untouched = run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                        "payment_retry/gateway.py:1-3", "--as", "out-of-scope")
    assert_one_line_error(untouched)
    assert "payment_retry/gateway.py:1-3" in untouched.err and "does not change this file" in untouched.err
    # retry.py's line 1 is context; lines 5 and 8 of 1-8 are the range's.
    partly = run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec, "--range", "HEAD~1..HEAD",
                     "payment_retry/retry.py:1-8", "--as", "explained")
    assert_one_line_error(partly)
    assert "payment_retry/retry.py:1-8: lines 1-4, 6-7 are not changed by HEAD~1..HEAD, only 5, 8" in partly.err
    assert audit.read_bytes() == before
    assert run_cli("change", "--repo", str(repo), "--spec", demo_repo.spec,
                   "payment_retry/retry.py:8-12", "--as", "explained").code == 0

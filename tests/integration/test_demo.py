"""`specaudit demo` builds a real repository that tells the story, run as the user would."""

from __future__ import annotations

import json
import subprocess

import yaml
from support import assert_one_line_error


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def test_demo_builds_two_commits_with_spec_scar_and_regeneration(tmp_path, run_cli):
    target = tmp_path / "demo"
    result = run_cli("demo", "--dir", str(target), "--no-gui")
    assert result.code == 0, result
    assert result.out.strip() == str(target)

    log = _git(target, "log", "--format=%an|%s").splitlines()
    assert len(log) == 2
    assert log[0] == "codegen-agent|machine-authored regeneration from the spec"
    assert log[1].startswith("Dana Okafor|")

    spec = (target / "specs" / "payment-retry.md").read_text()
    for heading in ("## Intent", "## Behavior", "## Edge cases", "## Invariants", "## What NOT to build"):
        assert heading in spec

    # Commit 1: flat retries, and a scar on exactly those lines with its story.
    base_retry = _git(target, "show", "HEAD~1:payment_retry/retry.py").splitlines()
    audit_files = _git(target, "ls-tree", "-r", "--name-only", "HEAD~1", ".specaudit").split()
    assert audit_files, "commit 1 carries an audit file"
    audit = yaml.safe_load(_git(target, "show", f"HEAD~1:{audit_files[0]}"))
    assert audit["schema"] == 1 and audit["spec"] == "specs/payment-retry.md"
    (scar,) = audit["scars"].values()
    assert "backoff" in scar["why"] and scar["path"] == "payment_retry/retry.py"
    first, last = (int(n) for n in str(scar["lines"]).split("-"))
    scarred = "\n".join(base_retry[first - 1:last])
    assert "ATTEMPTS = 3" in scarred and "SPACING_SECONDS" in scarred

    # Commit 2: exponential backoff over the scarred lines, and a forbidden cache.
    changed = _git(target, "diff", "--name-status", "HEAD~1..HEAD").split("\n")
    assert "A\tpayment_retry/cache.py" in changed
    head_retry = _git(target, "show", "HEAD:payment_retry/retry.py")
    assert "2 ** (retry - 1)" in head_retry and "ATTEMPTS = 3" not in head_retry
    assert "test_" in _git(target, "show", "HEAD:tests/test_retry.py")


def test_demo_refuses_a_non_empty_directory(tmp_path, run_cli):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = run_cli("demo", "--dir", str(target), "--no-gui")
    assert_one_line_error(result)
    assert "not empty" in result.err
    assert (target / "keep.txt").read_text() == "mine"
    assert not (target / ".git").exists()


def test_check_on_the_fresh_demo_reports_the_overwritten_scar(demo_repo, run_cli):
    result = run_cli("check", "--repo", str(demo_repo.path), "--format", "json")
    assert result.code == 1, result
    report = json.loads(result.out)
    assert report["passed"] is False
    scars = [f for f in report["findings"] if f["kind"] == "scar-overwritten"]
    assert len(scars) == 1
    assert scars[0]["path"] == "payment_retry/retry.py" and scars[0]["line"] >= 1
    text = run_cli("check", "--repo", str(demo_repo.path))
    assert text.code == 1
    assert "scar-overwritten" in text.out and "payment_retry/retry.py" in text.out

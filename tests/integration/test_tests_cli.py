"""`specaudit tests` and `check --junit`, run as the user would: real repositories, the
CLI as a subprocess, a real configured test command (and one that hangs)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
import yaml
from support import assert_one_line_error, git

from specaudit.app.testing.trust import command_for, record_trust

SPEC = "specs/payment-retry.md"
RESULTS = ".specaudit/test-results.yaml"


def _junit(demo) -> str:
    from specaudit.app.workspace.demo import DEMO_JUNIT_REL

    return str(demo.path / DEMO_JUNIT_REL)


def _def_line(demo) -> int:
    text = git(demo.path, "show", "HEAD:tests/test_retry.py").splitlines()
    return text.index("def test_flat_spacing():") + 1


def test_demo_results_show_the_scar_and_behavior_2_red_with_the_failing_test(demo_repo, run_cli):
    r = run_cli("tests", "-C", str(demo_repo.path), "--junit", _junit(demo_repo), "--format", "json")
    assert r.code == 1, r  # a test behind a clause fails
    data = json.loads(r.out)
    assert data["spec"] == SPEC and data["unmatched_tests"] == []
    clauses = {c["key"]: c["tests"] for c in data["clauses"]}
    (flat,) = [t for t in clauses["behavior-2"] if t["evidence"] != "proposal"]  # the engine's guesses aside
    assert flat["id"] == "tests/test_retry.py::test_flat_spacing"
    assert (flat["path"], flat["result"], flat["evidence"]) == ("tests/test_retry.py", "failed", "citation")
    assert flat["revision"] == demo_repo.head and "0.2, 0.4, 0.8" in flat["message"]
    assert flat["line"] == _def_line(demo_repo)
    assert git(demo_repo.path, "log", "-1", "--format=%an", "-L", f"{flat['line']},{flat['line']}:tests/test_retry.py",
               "--no-patch").strip() == "Dana Okafor"  # the person's test, kept by the regeneration
    (scar,) = data["scars"]
    assert [t["id"] for t in scar["tests"]] == [flat["id"]]

    # Remembered with the revision it ran at: a later plain check still sees it.
    recorded = yaml.safe_load((demo_repo.path / RESULTS).read_text())["results"]
    assert recorded[flat["id"]]["result"] == "failed" and recorded[flat["id"]]["revision"] == demo_repo.head
    check = json.loads(run_cli("check", "-C", str(demo_repo.path), "--format", "json").out)
    kinds = {(f["kind"], f["path"], f["line"]) for f in check["findings"]}
    assert ("scar-overwritten", "payment_retry/retry.py", 8) in kinds
    assert ("test-failing", "tests/test_retry.py", flat["line"]) in kinds


def test_check_junit_adds_test_findings_and_reports_carry_a_test_table(demo_repo, run_cli, tmp_path):
    root = str(demo_repo.path)
    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "behavior-2", "--verdict", "implemented").code == 0
    r = run_cli("check", "-C", root, "--junit", _junit(demo_repo), "--format", "json")
    assert r.code == 1, r
    findings = json.loads(r.out)["findings"]
    failing = [f for f in findings if f["kind"] == "test-failing"]
    assert {(f["clause"], bool(f["scar"])) for f in failing} == {("behavior-2", False), ("behavior-2", True)}
    assert all(f["gating"] and "tests/test_retry.py::test_flat_spacing" in f["message"] for f in failing)
    assert {f["clause"] for f in findings if f["kind"] == "untested"} == {"invariants-1", "invariants-2"}
    assert not any(f["gating"] for f in findings if f["kind"] == "untested")  # gate-able, not gating by default

    md = run_cli("check", "-C", root, "--junit", _junit(demo_repo), "--format", "md").out
    assert "| behavior-2 | `tests/test_retry.py::test_flat_spacing` | **failed** |" in md
    sarif = json.loads(run_cli("check", "-C", root, "--junit", _junit(demo_repo), "--format", "sarif").out)
    table = sarif["runs"][0]["properties"]["tests"]
    assert {"spec": SPEC, "clause": "behavior-2", "scar": None, "test": "tests/test_retry.py::test_flat_spacing",
            "result": "failed", "evidence": "citation", "revision": demo_repo.head,
            "path": "tests/test_retry.py", "line": _def_line(demo_repo)} in table
    assert run_cli("report", "-C", root, "--format", "html", "-o", str(tmp_path / "r.html")).code == 0
    html = (tmp_path / "r.html").read_text()
    assert "<h3>Tests</h3>" in html and "test_flat_spacing" in html and "class='bad'>failed" in html
    report_md = run_cli("report", "-C", root, "--format", "md").out
    assert "### Tests" in report_md and "`tests/test_retry.py::test_flat_spacing`" in report_md
    report_json = json.loads(run_cli("report", "-C", root, "--format", "json", "--junit", _junit(demo_repo)).out)
    (spec,) = report_json["specs"]
    assert {(t["clause"], t["result"]) for t in spec["tests"]
            if t["evidence"] != "proposal"} == {("behavior-2", "failed"), (None, "failed")}


def test_results_for_tests_not_in_the_repository_are_listed_unmatched(demo_repo, run_cli, tmp_path):
    xml = tmp_path / "other.xml"
    xml.write_text('<testsuite name="pytest"><testcase classname="tests.test_gone" name="test_vanished">'
                   '<failure message="x"/></testcase></testsuite>')
    r = run_cli("tests", "-C", str(demo_repo.path), "--junit", str(xml), "--format", "json")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert data["unmatched_tests"] == [{"id": "tests.test_gone::test_vanished", "suite": "pytest",
                                        "classname": "tests.test_gone", "name": "test_vanished",
                                        "file": None, "result": "failed"}]
    text = run_cli("tests", "-C", str(demo_repo.path), "--junit", str(xml)).out
    assert "1 result(s) match no test in the repository" in text and "tests.test_gone::test_vanished" in text


@pytest.mark.parametrize("body, words", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><testsuite name="&b;"/>',
     "refused"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]><testsuite name="&s;"/>',
     "refused"),
    (b"<testsuite><testcase", "not well-formed"),
])
def test_hostile_or_broken_junit_is_one_line_and_nothing_is_lost(demo_repo, run_cli, tmp_path, body, words):
    root = demo_repo.path
    assert run_cli("tests", "-C", str(root), "--junit", _junit(demo_repo)).code == 1
    before = (root / RESULTS).read_bytes()
    bad = tmp_path / "bad.xml"
    bad.write_bytes(body)
    for cmd in ("tests", "check"):
        r = run_cli(cmd, "-C", str(root), "--junit", str(bad))
        assert_one_line_error(r)
        assert str(bad) in r.err and words in r.err
    assert (root / RESULTS).read_bytes() == before
    missing = run_cli("tests", "-C", str(root), "--junit", str(tmp_path / "nope.xml"))
    assert_one_line_error(missing)
    assert "not found" in missing.err


# -- a configured test command --------------------------------------------------------
WRITER = """\
import pathlib, sys
out = pathlib.Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text('<testsuite name="pytest"><testcase classname="tests.test_budget" name="test_fr_001_budget">'
               '<failure message="over budget"/></testcase></testsuite>')
print("ran 1 test")
"""


def _repo(tmp_path: Path, command: list[str], timeout: float = 60) -> Path:
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "specs" / "spec.md").write_text("# Budget\n\n## Requirements\n\n- **FR-001**: Retrying stays "
                                           "within ten seconds.\n")
    (root / "tests" / "test_budget.py").write_text("def test_fr_001_budget():\n    assert True\n")
    (root / "tools").mkdir()
    (root / "tools" / "write_junit.py").write_text(WRITER)
    (root / ".specaudit").mkdir()
    (root / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": command, "junit": "build/junit.xml", "timeout": timeout}}))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "spec, test, config")
    record_trust(command_for(root))  # as `specaudit trust --yes` would (tests/reliability covers the refusal)
    return root


def test_run_executes_the_configured_command_only_when_asked(tmp_path, run_cli):
    root = _repo(tmp_path, [sys.executable, "tools/write_junit.py", "build/junit.xml"])
    plain = run_cli("tests", "-C", str(root), "--format", "json")
    assert plain.code == 0, plain
    assert not (root / "build").exists(), "opening or listing never runs the command"
    (test,) = json.loads(plain.out)["clauses"][0]["tests"]
    assert (test["id"], test["evidence"], test["result"]) == ("tests/test_budget.py::test_fr_001_budget", "name",
                                                              "not run")
    r = run_cli("tests", "-C", str(root), "--run", "--format", "json")
    assert r.code == 1, r
    assert "ran 1 test" in r.err  # the command's output goes to stderr, the report to stdout
    (test,) = json.loads(r.out)["clauses"][0]["tests"]
    assert test["result"] == "failed" and test["revision"] == git(root, "rev-parse", "HEAD").strip()


def test_a_command_that_cannot_start_is_one_clear_line(tmp_path, run_cli):
    root = _repo(tmp_path, ["no-such-test-runner-xyz", "--all"])
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert "cannot start the test command 'no-such-test-runner-xyz'" in r.err


def test_a_hanging_command_is_stopped_at_its_timeout(tmp_path, run_cli):
    root = _repo(tmp_path, [sys.executable, "-c", "import time; print('working', flush=True); time.sleep(120)"],
                 timeout=1)
    started = time.monotonic()
    r = run_cli("tests", "-C", str(root), "--run")
    assert time.monotonic() - started < 30
    assert_one_line_error(r)
    assert "stopped after its timeout of 1 s" in r.err
    assert not (root / RESULTS).exists()


def test_a_command_that_writes_no_junit_says_so(tmp_path, run_cli):
    root = _repo(tmp_path, [sys.executable, "-c", "print('collected 0 items')"])
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert "wrote no JUnit file" in r.err and "collected 0 items" in r.err


def test_bad_tests_config_names_the_file_and_line(tmp_path, run_cli):
    root = _repo(tmp_path, ["true"])
    (root / ".specaudit" / "config.yaml").write_text("tests:\n  command: [pytest]\n  timeout: forever\n")
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert ".specaudit/config.yaml:3:" in r.err and "tests.timeout" in r.err


def test_a_test_changed_since_the_verdict_makes_it_stale(tmp_path, run_cli):
    root = _repo(tmp_path, ["true"])
    assert run_cli("review", "-C", str(root), "--spec", "specs/spec.md", "--clause", "FR-001",
                   "--verdict", "implemented").code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "review")
    quiet = json.loads(run_cli("tests", "-C", str(root), "--format", "json").out)
    assert quiet["clauses"][0]["tests"]
    (root / "tests" / "test_budget.py").write_text("def test_fr_001_budget():\n    assert 1 + 1 == 2\n")
    git(root, "commit", "-q", "-am", "loosen the test")
    xml = tmp_path / "ok.xml"
    xml.write_text('<testsuite name="pytest"><testcase classname="tests.test_budget" name="test_fr_001_budget"/>'
                   '</testsuite>')
    check = json.loads(run_cli("check", "-C", str(root), "--junit", str(xml), "--format", "json").out)
    stale = [f for f in check["findings"] if f["kind"] == "stale-code"]
    assert [(f["clause"], f["path"]) for f in stale] == [("FR-001", "tests/test_budget.py")]
    assert "tests/test_budget.py::test_fr_001_budget changed since the verdict" in stale[0]["message"]


def test_a_scar_links_its_own_test_by_id(demo_repo, run_cli):
    root = str(demo_repo.path)
    scar_id = json.loads(run_cli("tests", "-C", root, "--format", "json").out)["scars"][0]["id"]
    test_id = "tests/test_retry.py::test_gives_up_after_three_retries"
    r = run_cli("tests", "-C", root, "--link", scar_id, test_id, "--format", "json")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert {(t["id"], t["evidence"]) for t in data["scars"][0]["tests"]} == {
        ("tests/test_retry.py::test_flat_spacing", "citation"), (test_id, "link")}
    # The scar's tests back its clause too.
    assert test_id in {t["id"] for t in {c["key"]: c for c in data["clauses"]}["behavior-2"]["tests"]}
    links = yaml.safe_load((demo_repo.path / ".specaudit" / "test-links.yaml").read_text())
    assert links["links"] == {SPEC: {scar_id: [test_id]}}

    assert_one_line_error(run_cli("tests", "-C", root, "--link", "no-such-clause", test_id))
    missing = run_cli("tests", "-C", root, "--link", scar_id, "tests/test_retry.py::test_nope")
    assert_one_line_error(missing)
    assert "no test 'tests/test_retry.py::test_nope' at HEAD" in missing.err

    r = run_cli("tests", "-C", root, "--unlink", scar_id, test_id, "--format", "json")
    assert r.code == 0, r
    assert [t["id"] for t in json.loads(r.out)["scars"][0]["tests"]] == ["tests/test_retry.py::test_flat_spacing"]


def test_test_names_with_bytes_that_are_not_utf8_match_their_results(tmp_path, run_cli):
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    (root / "src").mkdir()
    (root / "specs" / "spec.md").write_text("# S\n\n## Requirements\n\n- **FR-001**: Caf\u00e9s open.\n")
    (root / "src" / "cafe.test.js").write_bytes(
        b'describe("caf\xe9", () => {\n  it("FR-001 opens \xe9t\xe9", () => {\n    expect(1).toBe(1);\n  });\n});\n')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "latin-1 test file")
    xml = tmp_path / "jest.xml"  # jest read the file as UTF-8 and reported U+FFFD
    xml.write_text('<testsuites><testsuite name="caf\ufffd"><testcase classname="caf\ufffd FR-001 opens \ufffdt\ufffd" '
                   'name="caf\ufffd FR-001 opens \ufffdt\ufffd"><failure message="no"/></testcase></testsuite>'
                   '</testsuites>', encoding="utf-8")
    r = run_cli("tests", "-C", str(root), "--junit", str(xml), "--format", "json")
    assert r.code == 1, r
    (test,) = json.loads(r.out)["clauses"][0]["tests"]
    assert test["result"] == "failed" and test["evidence"] == "name"
    recorded = yaml.safe_load((root / RESULTS).read_text(encoding="utf-8"))["results"]
    assert list(recorded) == [test["id"]]


def test_gating_on_untested_needs_no_results(demo_repo, run_cli):
    root = demo_repo.path
    (root / ".specaudit" / "config.yaml").write_text("gate:\n  fail_on: [untested]\n")
    r = run_cli("check", "-C", str(root), "--format", "json")
    assert r.code == 1, r
    gating = {(f["kind"], f["clause"]) for f in json.loads(r.out)["findings"] if f["gating"]}
    assert gating == {("untested", "invariants-1"), ("untested", "invariants-2")}
    assert not (root / RESULTS).exists()


def test_the_evidence_engines_proposals_show_below_citations_and_never_gate(demo_repo, run_cli):
    root = str(demo_repo.path)
    data = json.loads(run_cli("tests", "-C", root, "--format", "json").out)
    clauses = {c["key"]: {t["id"]: t["evidence"] for t in c["tests"]} for c in data["clauses"]}
    # The regeneration's own tests cite no clause: only the engine connects them.
    assert clauses["behavior-2"]["tests/test_retry.py::test_flat_spacing"] == "citation"
    assert clauses["behavior-2"]["tests/test_retry.py::test_backoff_doubles"] == "proposal"
    assert clauses["invariants-1"] and set(clauses["invariants-1"].values()) == {"proposal"}
    # A guess is not a test: invariants stay untested.
    check = json.loads(run_cli("check", "-C", root, "--junit", _junit(demo_repo), "--format", "json").out)
    assert {f["clause"] for f in check["findings"] if f["kind"] == "untested"} >= {"invariants-1"}
    # Rejecting the file for the clause (as the window does) drops the proposal.
    from specaudit.app.evidence.proposals import prepare_reject

    prepare_reject(SPEC, "invariants-1", "tests/test_retry.py").apply(demo_repo.path)
    data = json.loads(run_cli("tests", "-C", root, "--format", "json").out)
    assert not next(c["tests"] for c in data["clauses"] if c["key"] == "invariants-1")


def test_a_test_never_run_is_not_run_and_a_recorded_missing_one_is_missing(demo_repo, run_cli):
    """No result recorded: "not run"; a result recorded as missing says so (docs/tests.md)."""
    root = demo_repo.path
    head = git(root, "rev-parse", "HEAD").strip()
    flat = "tests/test_retry.py::test_flat_spacing"
    before = run_cli("tests", "-C", str(root), "--spec", demo_repo.spec)
    assert before.code == 0, before
    assert f"behavior-2: not run  {flat}" in before.out and "missing" not in before.out
    (root / ".specaudit" / "test-results.yaml").write_text(yaml.safe_dump(
        {"schema": 1, "results": {flat: {"result": "missing", "revision": head, "at": "2026-12-06T10:00:00+00:00"}}}))
    r = run_cli("tests", "-C", str(root), "--spec", demo_repo.spec, "--format", "json")
    assert r.code == 0, r
    results = {t["id"]: t["result"] for c in json.loads(r.out)["clauses"] for t in c["tests"]}
    assert results[flat] == "missing"
    assert {v for k, v in results.items() if k != flat} == {"not run"}


def test_a_test_file_citing_a_kiro_task_backs_the_tasks_requirements(tmp_path, run_cli):
    """gubikonchu/task-lens-by-cc-sdd, at its implementing commit: two test files open with
    "Task 2.3 — …" and "Task 4.1 — …". They were mapped to requirements 2.3 (cancelling an
    edit) and 4.1 (deleting a task); their tasks cite 7.1-8.2 and 7.4, 9.2, 9.3, 10.2."""
    from support import clone_history

    root = clone_history("gubikonchu/task-lens-by-cc-sdd", tmp_path / "task-lens")
    git(root, "checkout", "-q", "e72215587426")
    r = run_cli("tests", "-C", str(root), "--spec", ".kiro/specs/todo-app/requirements.md", "--format", "json")
    assert r.code == 0, r
    files = {c["key"]: {t["path"].rsplit("/", 1)[1] for t in c["tests"]} for c in json.loads(r.out)["clauses"]}
    for key in ("7.1", "7.2", "7.3", "8.1", "8.2"):
        assert files[key] == {"useFilteredSortedTodos.test.ts"}, key
    for key in ("9.2", "9.3", "10.2"):
        assert files[key] == {"App.test.tsx"}, key
    assert files["7.4"] == {"useFilteredSortedTodos.test.ts", "App.test.tsx"}
    assert not files["2.3"] and not files["4.1"]


def test_range_maps_the_tests_of_the_change_under_review(tmp_path, run_cli):
    """namidapoo/todo-app-using-kiro: its implementing range ends before HEAD. Without a
    range the tests command looked at the last commit only and proposed no test for any
    of the 37 criteria; `--range` reads the change under review, as check and the window do."""
    from support import clone_history

    root = clone_history("namidapoo/todo-app-using-kiro", tmp_path / "kiro")
    spec = ".kiro/specs/modern-todo-app/requirements.md"
    r = run_cli("tests", "-C", str(root), "--spec", spec, "--range", "930497f7fe4e..1afa5c99d42f", "--format", "json")
    assert r.code == 0, r
    clauses = json.loads(r.out)["clauses"]
    proposed = [c for c in clauses if any(t["evidence"] == "proposal" for t in c["tests"])]
    assert len(proposed) >= 30, len(proposed)
    assert any(t["path"].endswith("TodoInput.test.tsx") for c in clauses if c["key"] == "1.1" for t in c["tests"])
    assert_one_line_error(run_cli("tests", "-C", str(root), "--range", "nope..HEAD"))

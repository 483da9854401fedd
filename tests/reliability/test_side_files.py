"""The files in .specaudit/ share one reader (issue 19 item 5, issue 18 item 11).

Duplicate keys are refused in every one of them with the file and the line of the second
entry: in test-results.yaml a failed result followed by a passed one for the same test
used to hide the failure (the last one won). A schema newer than this specaudit is an
error in each file too, never a silent downgrade.
"""

from __future__ import annotations

import pytest
from support import assert_one_line_error

from specaudit.app.workspace.demo import build_demo

SPEC = "specs/payment-retry.md"
TEST = "tests/test_retry.py::test_flat_spacing"

RESULTS_TWICE = f"""schema: 1
results:
  {TEST}:
    result: failed
    revision: abc
  {TEST}:
    result: passed
    revision: abc
"""
LINKS_TWICE = f"""schema: 1
links:
  {SPEC}:
    behavior-2: [{TEST}]
    behavior-2: []
"""
CONFIG_TWICE = """gate:
  fail_on: [violated]
gate:
  fail_on: []
"""


@pytest.mark.parametrize(("name", "text", "line", "command"), [
    ("test-results.yaml", RESULTS_TWICE, 6, ("tests",)),
    ("test-results.yaml", RESULTS_TWICE, 6, ("check",)),
    ("test-links.yaml", LINKS_TWICE, 5, ("tests",)),
    ("config.yaml", CONFIG_TWICE, 3, ("check",)),
], ids=["results-tests", "results-check", "links", "config"])
def test_a_key_given_twice_is_refused_with_its_line(run_cli, tmp_path, name, text, line, command):
    root = build_demo(tmp_path / "demo").path
    path = root / ".specaudit" / name
    path.write_text(text)
    r = run_cli(*command, "-C", str(root))
    assert_one_line_error(r)
    assert f".specaudit/{name}:{line}:" in r.err and "duplicate key" in r.err, r
    assert path.read_text() == text  # reported, never rewritten


@pytest.mark.parametrize("name", ["test-results.yaml", "test-links.yaml", "config.yaml"])
def test_a_newer_schema_is_refused(run_cli, tmp_path, name):
    root = build_demo(tmp_path / "demo").path
    (root / ".specaudit" / name).write_text("# written by a future specaudit\nschema: 7\n")
    r = run_cli("tests" if name != "config.yaml" else "check", "-C", str(root))
    assert_one_line_error(r)
    assert f".specaudit/{name}:2:" in r.err and "schema 7 is newer" in r.err, r


def test_a_failing_result_is_not_hidden(run_cli, tmp_path):
    """The same file without the duplicate: the failure is reported (exit 1)."""
    root = build_demo(tmp_path / "demo").path
    (root / ".specaudit" / "test-results.yaml").write_text(RESULTS_TWICE.rsplit(f"  {TEST}:", 1)[0])
    r = run_cli("tests", "-C", str(root))
    assert r.code in (0, 1) and "FAILED" in r.out, r

"""CLI conventions: --version, --help everywhere, exit 2 with one line on bad input."""

from __future__ import annotations

import pytest
from support import assert_one_line_error

import specaudit
from specaudit.cli import COMMAND_MODULES


def test_version(run_cli):
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"specaudit {specaudit.__version__}"


@pytest.mark.parametrize("command", [c.replace("_", "-") for c in COMMAND_MODULES])
def test_every_command_has_help(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0, result
    assert f"usage: specaudit {command}" in result.out


def test_unknown_option_is_a_usage_error(run_cli):
    assert_one_line_error(run_cli("clauses", "--no-such-option", "x.md"))


def test_not_a_git_repository(tmp_path, run_cli):
    result = run_cli("check", "--repo", str(tmp_path))
    assert_one_line_error(result)
    assert "not a git repository" in result.err


def test_missing_spec(demo_repo, run_cli):
    result = run_cli("check", "--repo", str(demo_repo.path), "--spec", "specs/nope.md")
    assert_one_line_error(result)
    assert "specs/nope.md" in result.err


def test_open_with_unknown_range(demo_repo, run_cli):
    result = run_cli("open", str(demo_repo.path), "--range", "nope..HEAD", "--screenshot", "x.png")
    assert_one_line_error(result)
    assert "nope" in result.err


def test_open_with_a_range_that_looks_like_an_option(demo_repo, run_cli):
    result = run_cli("open", str(demo_repo.path), "--range=--output=/tmp/pwned", "--screenshot", "x.png")
    assert_one_line_error(result)


def test_corrupt_audit_file_is_reported_and_left_untouched(demo_repo, run_cli):
    audit = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    broken = b"schema: 1\nspec: specs/payment-retry.md\nreviews: [unclosed\n"
    audit.write_bytes(broken)
    result = run_cli("check", "--repo", str(demo_repo.path))
    assert_one_line_error(result)
    assert audit.name in result.err
    review = run_cli("review", "--repo", str(demo_repo.path), "--spec", demo_repo.spec,
                     "--clause", "behavior-1", "--verdict", "implemented")
    assert_one_line_error(review)
    assert audit.read_bytes() == broken

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


def _all_parsers(parser):
    import argparse

    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _all_parsers(child)


def test_no_parser_reads_an_abbreviated_option():
    from specaudit.cli import build_parser

    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > len(COMMAND_MODULES)  # the root, every command, scar's actions
    assert [p.prog for p in parsers if p.allow_abbrev] == []


def test_an_abbreviated_option_is_refused_not_guessed(demo_repo, run_cli):
    # `--spe` used to be read as `--spec`, `--ran` as `--range`: a typo picked an option.
    result = run_cli("check", "--repo", str(demo_repo.path), "--spe", demo_repo.spec)
    assert_one_line_error(result)
    assert "--spe" in result.err
    result = run_cli("scar", "list", "--repo", str(demo_repo.path), "--spe", demo_repo.spec)
    assert_one_line_error(result)
    assert run_cli("check", "--repo", str(demo_repo.path), "--spec", demo_repo.spec).code in (0, 1)


def test_clauses_takes_spec_like_its_siblings(demo_repo, run_cli):
    spec = str(demo_repo.path / demo_repo.spec)
    by_option = run_cli("clauses", "--spec", spec)
    assert by_option.code == 0, by_option
    assert by_option.out == run_cli("clauses", spec).out
    assert run_cli("clauses", spec, "--spec", spec).code == 0
    result = run_cli("clauses", spec, "--spec", str(demo_repo.path / "README.md"))
    assert_one_line_error(result)
    assert "--spec" in result.err

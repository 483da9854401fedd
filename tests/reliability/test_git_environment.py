"""The caller's environment and the repository's owner (issue 11, items 8 and 17).

``GIT_DIR=/other/.git specaudit review --repo D`` used to record the other repository's
HEAD, and ``check`` then dropped the scar-overwritten finding. A repository owned by
another user made ``check`` say "no commits yet" and ``review`` write a verdict with no
commit anchor, where git had refused the repository (safe.directory).
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import subprocess
from pathlib import Path

import pytest
from bad_git_states import committed_repo
from bad_git_states import demo as copy_demo
from support import assert_one_line_error, git

SPEC = "specs/payment-retry.md"
AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    return copy_demo(tmp_path, demo_template)


@pytest.fixture
def other(tmp_path) -> Path:
    """Another repository with a different history, for GIT_DIR and friends to point at."""
    return committed_repo(tmp_path / "other", {"x.txt": "other\n"})


def hostile_env(other: Path, tmp_path: Path) -> dict[str, str]:
    trap = tmp_path / "trap.sh"
    trap.write_text(f"#!/bin/sh\ntouch {tmp_path}/pwned\n")
    trap.chmod(0o755)
    return {
        "GIT_DIR": str(other / ".git"),
        "GIT_WORK_TREE": str(other),
        "GIT_INDEX_FILE": str(other / ".git" / "index"),
        "GIT_OBJECT_DIRECTORY": str(other / ".git" / "objects"),
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(other / ".git" / "objects"),
        "GIT_CONFIG_PARAMETERS": f"'core.fsmonitor={trap}'",
        "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.pager", "GIT_CONFIG_VALUE_0": str(trap),
        "GIT_EXEC_PATH": str(tmp_path / "nowhere"),
        "GIT_NAMESPACE": "elsewhere",
        "GIT_DIFF_OPTS": "--unified=9",
    }


def test_control_the_environment_redirects_plain_git(demo, other, tmp_path):
    env = {**os.environ, "GIT_DIR": str(other / ".git")}
    seen = subprocess.run(["git", "rev-parse", "HEAD"], cwd=demo, env=env, capture_output=True, text=True).stdout
    assert seen.strip() == git(other, "rev-parse", "HEAD").strip() != git(demo, "rev-parse", "HEAD").strip()


def test_review_and_check_ignore_the_callers_git_environment(demo, other, tmp_path, run_cli):
    env = hostile_env(other, tmp_path)
    clean_check = run_cli("check", "--repo", str(demo), "--format", "json")
    result = run_cli("review", "--repo", str(demo), "--spec", SPEC, "--clause", "behavior-1",
                     "--verdict", "implemented", env=env)
    assert result.code == 0, result
    head = git(demo, "rev-parse", "HEAD").strip()
    audit = (demo / AUDIT).read_text()
    assert f"commit: {head}" in audit
    assert git(other, "rev-parse", "HEAD").strip() not in audit
    checked = run_cli("check", "--repo", str(demo), "--format", "json", env=env)
    assert checked.code == 1, checked
    kinds = [f["kind"] for f in json.loads(checked.out)["findings"]]
    assert "scar-overwritten" in kinds
    assert kinds == [f["kind"] for f in json.loads(clean_check.out)["findings"]]
    diff = run_cli("diff", "--repo", str(demo), "--format", "json", env=env)
    assert diff.code == 0, diff
    assert diff.out == run_cli("diff", "--repo", str(demo), "--format", "json").out
    assert not (tmp_path / "pwned").exists()


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


@needs_root
@pytest.mark.parametrize("command", [
    ["check", "--repo", "{repo}"],
    ["diff", "--repo", "{repo}"],
    ["review", "--repo", "{repo}", "--spec", SPEC, "--clause", "behavior-1", "--verdict", "implemented"],
    ["scar", "list", "--repo", "{repo}", "--spec", SPEC],
])
def test_a_repository_owned_by_another_user_names_safe_directory(demo, run_cli, command):
    nobody = pwd.getpwnam("nobody").pw_uid
    os.lchown(demo, nobody, -1)
    for here, dirs, files in os.walk(demo):
        for name in dirs + files:
            os.lchown(os.path.join(here, name), nobody, -1)
    before = hashlib.sha256((demo / AUDIT).read_bytes()).hexdigest()
    result = run_cli(*[arg.replace("{repo}", str(demo)) for arg in command])
    assert_one_line_error(result)
    assert "safe.directory" in result.err and str(demo) in result.err, result
    assert hashlib.sha256((demo / AUDIT).read_bytes()).hexdigest() == before


def test_a_path_inside_the_git_directory_is_named(demo, run_cli):
    result = run_cli("check", "--repo", str(demo / ".git"))
    assert_one_line_error(result)
    assert "inside its .git directory" in result.err, result

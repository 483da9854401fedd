"""Shared fixtures: an isolated environment, the CLI as a subprocess, demo repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import specaudit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The directory that holds the specaudit package under test (source tree or site-packages),
# so subprocesses run exactly the code the in-process tests import.
PACKAGE_PARENT = Path(specaudit.__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's settings, caches or git identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Reviewer")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "reviewer@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Reviewer")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "reviewer@example.com")
    return home


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out[-2000:]}\nstderr: {self.err[-2000:]}>"


@pytest.fixture
def run_cli():
    """Run ``python -m specaudit ARGS`` as a subprocess and capture its output."""

    def run(*args: str, cwd: Path | None = None, timeout: float = 120, env: dict | None = None) -> CliResult:
        full_env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT), **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "specaudit", *args],
            cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
        )
        return CliResult(proc)

    return run


@pytest.fixture
def demo_repo(tmp_path):
    """A freshly built demo repository (commit 1 with a scar, commit 2 the regeneration)."""
    from specaudit.app.demo import build_demo

    return build_demo(tmp_path / "demo")


def assert_one_line_error(result: CliResult) -> None:
    """Exit 2, one line on stderr, no traceback."""
    assert result.code == 2, result
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert 1 <= len(lines) <= 2, result
    assert "Traceback" not in result.err, result

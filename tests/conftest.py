"""Shared fixtures: an isolated environment, the CLI as a subprocess, demo repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import PACKAGE_PARENT, CliResult

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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


@pytest.fixture(autouse=True)
def _fresh_window_settings():
    """What one test's window remembers (layout, tab, spec beside the diff) must not reach
    the next test's window: Qt keeps one settings store per process."""
    from PySide6.QtCore import QCoreApplication, QSettings

    if QCoreApplication.instance() is not None:
        QSettings().clear()
    yield


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
    from specaudit.app.workspace.demo import build_demo

    return build_demo(tmp_path / "demo")

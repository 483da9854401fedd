"""No process of the test command outlives specaudit (issue 18, item 3).

The command starts helpers the way real test suites do: a background child (`&`), a
`setsid` grandchild in its own session, a double-forked daemon. Each helper carries a
unique marker in its argv, and /proc is searched for it after the run ended: by normal
exit, timeout, SIGTERM or SIGINT of the CLI, the window's Cancel, and closing the window.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml
from support import PACKAGE_PARENT, assert_one_line_error

from specaudit.app.testing.trust import command_for, record_trust

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")

PY = sys.executable


def sleeper(mark: str, seconds: int = 60) -> str:
    """A shell word list for a Python process that sleeps, with ``mark`` in its argv."""
    return f"'{PY}' -c 'import time; time.sleep({seconds})' {mark}"


def alive_with(mark: str, exact: bool = False) -> list[int]:
    """Processes (not zombies) whose command line contains ``mark`` (``exact``: as a whole
    argument, so the sleeper itself, not the shell whose script names it)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
            state = Path(f"/proc/{name}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        hit = mark.encode() in cmdline.split(b"\0") if exact else mark.encode() in cmdline
        if hit and state not in (b"Z", b"X"):
            found.append(int(name))
    return found


def started(*marks: str) -> bool:
    return all(alive_with(m, exact=True) for m in marks)


def gone(mark: str, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while alive_with(mark):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill_leftovers(mark: str) -> None:
    for pid in alive_with(mark):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def mark():
    m = f"SPECAUDIT-TREE-{uuid.uuid4().hex}"
    yield m
    kill_leftovers(m)  # a failing test must not leave sleepers behind


def repo_with(tmp_path: Path, script: str, timeout: float = 60) -> Path:
    """A repository whose trusted test command is ``sh -c script``."""
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "spec.md").write_text("# S\n\n## Requirements\n\n- **FR-001**: It works.\n")
    (root / ".specaudit").mkdir()
    (root / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": ["sh", "-c", script], "junit": "junit.xml", "timeout": timeout}}))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    record_trust(command_for(root))
    return root


JUNIT = "echo '<testsuite name=\"t\"><testcase classname=\"t\" name=\"x\"/></testsuite>' > junit.xml"


def test_background_child_is_gone_after_a_normal_run(tmp_path, run_cli, mark):
    root = repo_with(tmp_path, f"{sleeper(mark)} & {JUNIT}")
    started = time.monotonic()
    r = run_cli("tests", "-C", str(root), "--run")
    assert r.code == 0, r
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"
    assert time.monotonic() - started < 30


def test_setsid_grandchild_is_gone_after_the_timeout(tmp_path, run_cli, mark):
    root = repo_with(tmp_path, f"setsid {sleeper(mark)} & {sleeper(mark + '-x')}", timeout=2)
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert "timeout of 2 s" in r.err, r
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"


def test_double_forked_daemon_is_gone_after_a_normal_run(tmp_path, run_cli, mark):
    # The middle shell exits at once: the daemon's parent is gone before the run ends.
    root = repo_with(tmp_path, f"sh -c \"setsid {sleeper(mark)} &\" ; sleep 0.3; {JUNIT}")
    r = run_cli("tests", "-C", str(root), "--run")
    assert r.code == 0, r
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_cli_stopped_by_a_signal_leaves_no_descendant(tmp_path, mark, sig, code):
    root = repo_with(tmp_path, f"setsid {sleeper(mark)} & {sleeper(mark + '-bg')} & {sleeper(mark + '-fg')}")
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    cli = subprocess.Popen([PY, "-m", "specaudit", "tests", "-C", str(root), "--run"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not started(mark, mark + "-bg", mark + "-fg"):
        assert time.monotonic() < deadline and cli.poll() is None, cli.communicate()
        time.sleep(0.05)
    cli.send_signal(sig)
    out, err = cli.communicate(timeout=30)
    assert cli.returncode == code, (cli.returncode, err)
    assert "Traceback" not in err
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"


# -- window --------------------------------------------------------------------------------

def _panel(qtbot, demo_repo, script: str):
    from qt_support import open_window

    (demo_repo.path / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": ["sh", "-c", script], "junit": "junit.xml", "timeout": 60}}))
    record_trust(command_for(demo_repo.path))
    window = open_window(qtbot, demo_repo)
    panel = window.tests_panel
    qtbot.waitUntil(lambda: panel.run_data is not None, timeout=30000)
    return window, panel


def test_cancel_in_the_window_leaves_no_descendant(qtbot, demo_repo, mark):
    window, panel = _panel(qtbot, demo_repo, f"setsid {sleeper(mark)} & {sleeper(mark + '-fg')}")
    with qtbot.waitSignal(panel.runFinished, timeout=30000):
        panel.run_tests()
        qtbot.waitUntil(lambda: started(mark, mark + "-fg"), timeout=10000)
        panel.cancel_button.click()
    assert "cancelled" in panel.summary.text()
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"


def test_closing_the_window_mid_run_leaves_no_descendant(qtbot, demo_repo, mark):
    window, panel = _panel(qtbot, demo_repo, f"setsid {sleeper(mark)} & {sleeper(mark + '-fg')}")
    panel.run_tests()
    qtbot.waitUntil(lambda: started(mark, mark + "-fg"), timeout=10000)
    window.close()
    window.tasks.wait(30000, "tests-run")  # closing waits (bounded) for the cancelled run's job
    assert gone(mark, within=1.0), f"left running: {alive_with(mark)}"

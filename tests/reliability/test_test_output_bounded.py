"""A test command's output never grows specaudit's memory without bound (issue 18, item 4).

It used to be read line by line: 1.5 GB printed without a newline took specaudit to
5.5 GB and ended in "no output". Now it is read in chunks of
LIMITS.test_output_chunk_bytes, only the last LIMITS.test_output_tail_bytes are kept,
and what was dropped is counted and said.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import PACKAGE_PARENT

from specaudit.app.testing.trust import command_for, record_trust
from specaudit.settings import LIMITS

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")

MB = 1024 * 1024
# Prints ``n`` MiB of "x" with no newline, then writes no JUnit file.
FLOOD = "import sys\nchunk = b'x' * (1 << 20)\nfor _ in range(int(sys.argv[1])):\n    sys.stdout.buffer.write(chunk)\n"
# Runs the CLI and, at exit, records its peak resident memory (VmHWM) in a file.
MEASURED_CLI = """\
import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(out, "w").write(line.split()[1])
atexit.register(peak)
sys.argv[0] = "specaudit"
runpy.run_module("specaudit", run_name="__main__")
"""


def repo_with(root: Path, command: list[str]) -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "spec.md").write_text("# S\n\n## Requirements\n\n- **FR-001**: It works.\n")
    (root / "flood.py").write_text(FLOOD)
    (root / ".specaudit").mkdir()
    (root / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": command, "junit": "junit.xml", "timeout": 600}}))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    record_trust(command_for(root))
    return root


def dropped_mb(text: str) -> float:
    m = re.search(r"\u2026 ([\d.]+) (MB|GB) of earlier output dropped", text)
    assert m, text[-500:]
    return float(m.group(1)) * (1024 if m.group(2) == "GB" else 1)


def test_200_mb_without_a_newline_keeps_the_cli_bounded_and_says_what_was_dropped(tmp_path):
    root = repo_with(tmp_path / "r", [sys.executable, "flood.py", "200"])
    (tmp_path / "measure.py").write_text(MEASURED_CLI)
    peak_file, err_file = tmp_path / "peak", tmp_path / "stderr"
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    with open(err_file, "wb") as err:  # the 200 MB echo goes to a file, not into this process
        proc = subprocess.run([sys.executable, str(tmp_path / "measure.py"), str(peak_file), "tests", "-C", str(root),
                               "--run"], env=env, stdout=subprocess.PIPE, stderr=err, timeout=600)
    assert proc.returncode == 2
    assert err_file.stat().st_size >= 200 * MB, "the output is still echoed, as it streams"
    with open(err_file, "rb") as fh:
        fh.seek(-4096, os.SEEK_END)
        last = fh.read().decode("utf-8", "replace").splitlines()[-1]
    assert "wrote no JUnit file" in last and "xxxx" in last, last
    assert 199 <= dropped_mb(last) <= 200, last
    peak_mb = int(peak_file.read_text()) / 1024
    assert peak_mb < 300, f"specaudit peaked at {peak_mb:.0f} MB for 200 MB of output"


def test_the_window_shows_the_tail_and_the_note(qtbot, demo_repo):
    from qt_support import open_window

    (demo_repo.path / "flood.py").write_text(FLOOD + "open('junit.xml', 'w').write('<testsuite name=\"t\"/>')\n")
    (demo_repo.path / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": [sys.executable, "flood.py", "5"], "junit": "junit.xml", "timeout": 60}}))
    record_trust(command_for(demo_repo.path))
    window = open_window(qtbot, demo_repo)
    panel = window.tests_panel
    qtbot.waitUntil(lambda: panel.run_data is not None, timeout=30000)
    with qtbot.waitSignal(panel.runFinished, timeout=60000):
        panel.run_tests()
    shown = panel.output.toPlainText()
    assert shown.startswith("\u2026 ") and 4.5 <= dropped_mb(shown) <= 5, shown[:200]
    assert len(shown) <= LIMITS.test_output_tail_bytes + LIMITS.test_output_chunk_bytes
    assert "earlier output dropped" in panel.summary.text()

"""``specaudit diff`` run as a subprocess: JSON shape, text output, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "specaudit", "diff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    r = tmp_path_factory.mktemp("cli") / "r"
    r.mkdir()
    git(r, "init", "-q")
    (r / "retry.py").write_text("ATTEMPTS = 3\nDELAY = 1.0\n")
    (r / "logo.bin").write_bytes(b"\x00" * 16)
    git(r, "add", ".")
    git(r, "commit", "-qm", "one")
    (r / "retry.py").write_text("ATTEMPTS = 5\nDELAY = 1.0\nCAP = 30\n")
    (r / "logo.bin").write_bytes(b"\x00\x01" * 20)
    git(r, "add", ".")
    git(r, "commit", "-qm", "two")
    return r


def test_json_shape(repo):
    proc = cli("--repo", str(repo), "--range", "HEAD~1..HEAD", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    files = {f["new_path"]: f for f in data["files"]}
    retry = files["retry.py"]
    for key in ("status", "old_path", "new_path", "added", "removed", "binary", "hunks",
                "similarity", "old_mode", "new_mode", "old_size", "new_size"):
        assert key in retry
    assert (retry["status"], retry["added"], retry["removed"]) == ("M", 2, 1)
    assert retry["hunks"] == [{"old_start": 1, "old_lines": 2, "new_start": 1, "new_lines": 3}]
    logo = files["logo.bin"]
    assert logo["binary"] and (logo["old_size"], logo["new_size"]) == (16, 40)


def test_default_range_and_text_output(repo):
    proc = cli(cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "HEAD~1..HEAD: 2 files, +2 -1"
    assert "M  +2 -1  retry.py" in proc.stdout and "binary 16 B -> 40 B" in proc.stdout


def test_patch_file(repo, tmp_path):
    patch = tmp_path / "p.diff"
    patch.write_bytes(subprocess.run(["git", "diff", "HEAD~1", "HEAD"], cwd=repo, capture_output=True).stdout)
    proc = cli("--patch", str(patch), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert {f["new_path"] for f in json.loads(proc.stdout)["files"]} == {"retry.py", "logo.bin"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--range", "nope..HEAD"], "unknown revision: nope"),
        (["--range", "--output=/tmp/x"], "--range"),
        (["--range=-x"], "invalid range"),
        (["--patch", "/no/such.diff"], "/no/such.diff: patch file not found"),
        (["--range", "HEAD", "--staged"], "not allowed with"),
    ],
)
def test_bad_input_is_one_line_exit_2(repo, args, needle):
    proc = cli("--repo", str(repo), *args)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr


def test_not_a_repository(tmp_path):
    proc = cli("--repo", str(tmp_path))
    assert proc.returncode == 2 and "not a git repository" in proc.stderr


def test_malformed_patch_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.diff"
    bad.write_text("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+b\n")
    proc = cli("--patch", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr and "truncated" in proc.stderr

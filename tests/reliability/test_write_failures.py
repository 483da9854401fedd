"""Writes that cannot or must not happen: one line naming the file and what to do, and
nothing the user had is changed.

* An audit file that would grow past the size specaudit reads back is refused before
  writing (it used to be written, and every later command then failed on it; a 21 MB
  ``--why-file`` did it, which is now refused by its own, smaller limit), and no
  placeholder blocks are written for unreviewed clauses.
* Permission denied (an immutable or read-only folder) and a full disk (a 3 MB tmpfs)
  end in one line from `review`, `scar add`, `change`, `tighten` and `report`, not
  "internal error: OSError" and a crash log.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import assert_one_line_error

from specaudit.settings import LIMITS

SPEC = "specs/payment-retry.md"
AUDIT = ".specaudit/specs/payment-retry.md.audit.yaml"


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def _writes(root: Path, out_dir: Path) -> dict[str, tuple[str, ...]]:
    """One command per kind of write, each naming the file it cannot write."""
    (root / "story.txt").write_text("The bank rate-limits bursts.\n")
    return {
        "review": ("review", "--repo", str(root), "--spec", SPEC, "--clause", "behavior-1", "--verdict",
                   "implemented"),
        "scar add": ("scar", "add", "--repo", str(root), "--spec", SPEC, "payment_retry/retry.py:1-2",
                     "--title", "t", "--why-file", str(root / "story.txt")),
        "change": ("change", "--repo", str(root), "--spec", SPEC, "payment_retry/cache.py:1-3", "--as",
                   "explained"),
        "tighten": ("tighten", "--repo", str(root), "--spec", SPEC, "--clause", "behavior-1"),
        "report": ("report", "--repo", str(root), "--format", "md", "-o", str(out_dir / "report.md")),
    }


# -- size ---------------------------------------------------------------------------------


def test_a_write_past_the_read_limit_is_refused_before_writing(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    # An audit file just under the read limit (one long story, appended as YAML text),
    # then one more story through the CLI: the result would be over the limit.
    line = "      The bank rate-limits bursts, so the retries stay flat and spaced. " * 8 + "\n"
    room = LIMITS.max_audit_bytes - (root / AUDIT).stat().st_size - LIMITS.max_why_file_bytes // 2
    with open(root / AUDIT, "a", encoding="utf-8") as fh:
        fh.write("  S-00000000:\n    title: long\n    path: payment_retry/retry.py\n    lines: 1-2\n"
                 "    commit: null\n    why: |\n" + line * (room // len(line)))
    assert run_cli("scar", "list", "--repo", str(root), "--spec", SPEC).code == 0
    story = tmp_path / "story.txt"
    story.write_text("The cache absorbed replayed webhooks. " * (LIMITS.max_why_file_bytes // 40))
    before = _digests(root)
    result = run_cli("scar", "add", "--repo", str(root), "--spec", SPEC, "payment_retry/retry.py:1-2",
                     "--title", "one more", "--why-file", str(story))
    assert_one_line_error(result)
    assert AUDIT in result.err and "limit" in result.err and "nothing was written" in result.err
    assert _digests(root) == before
    assert run_cli("scar", "list", "--repo", str(root), "--spec", SPEC).code == 0


def test_a_review_writes_no_placeholders_for_unreviewed_clauses(tmp_path, run_cli):
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    bullets = "\n".join(f"- The service handles case {i} exactly as the table says." for i in range(3000))
    (root / "specs" / "big.md").write_text(f"# Big\n\n## Behavior\n\n{bullets}\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "spec"], check=True)
    result = run_cli("review", "--repo", str(root), "--spec", "specs/big.md", "--clause", "behavior-7",
                     "--verdict", "implemented")
    assert result.code == 0, result
    text = (root / ".specaudit" / "specs" / "big.md.audit.yaml").read_text()
    assert "unreviewed" not in text and text.count("verdict:") == 1
    assert len(text) < 2000


# -- permission denied --------------------------------------------------------------------


@contextlib.contextmanager
def _unwritable(folder: Path):
    """``folder`` made unwritable for this process: immutable as root, read-only otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
            pytest.skip("root, and this file system has no immutable attribute")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


@pytest.mark.parametrize("command", ["review", "scar add", "change", "tighten", "report"])
def test_permission_denied_is_one_line_naming_the_file(command, demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    assert run_cli("review", "--repo", str(root), "--spec", SPEC, "--clause", "behavior-1", "--verdict",
                   "violated", "--note", "must retry 502").code == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = _writes(root, out_dir)[command]
    folder, named = {"tighten": (root / "specs", SPEC), "report": (out_dir, "report.md")}.get(
        command, (root / ".specaudit" / "specs", AUDIT))
    before = _digests(root)
    with _unwritable(folder):
        result = run_cli(*args)
    assert_one_line_error(result)
    assert named in result.err and "internal error" not in result.err, result
    assert ("permission denied" in result.err or "not permitted" in result.err), result
    assert "run the command again" in result.err
    assert _digests(root) == before


# -- disk full ----------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path, demo_repo):
    """The demo on a 3 MB tmpfs, filled up. Needs root and mount (else skipped)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        root = mnt / "demo"
        shutil.copytree(demo_repo.path, root, symlinks=True)
        (root / "story.txt").write_text("The bank rate-limits bursts.\n")
        with contextlib.suppress(OSError), open(mnt / "filler", "wb") as fh:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        with contextlib.suppress(OSError), open(mnt / "filler2", "wb") as fh:
            while True:
                fh.write(b"\0" * 512)
                fh.flush()
        yield root
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.parametrize("command", ["review", "scar add", "change", "tighten", "report"])
def test_a_full_disk_is_one_line_naming_the_file(command, full_disk, run_cli):
    root = full_disk
    out_dir = root / "out"
    out_dir.mkdir(exist_ok=True)
    args = _writes(root, out_dir)[command]
    if command == "tighten":
        args = ("tighten", "--repo", str(root), "--spec", SPEC, "--scar", _first_scar(root))
    before = _digests(root)
    result = run_cli(*args)
    assert_one_line_error(result)
    assert "disk is full" in result.err and "internal error" not in result.err, result
    named = {"tighten": SPEC, "report": "report.md"}.get(command, AUDIT)
    assert named in result.err
    assert _digests(root) == before


def _first_scar(root: Path) -> str:
    import yaml

    return next(iter(yaml.safe_load((root / AUDIT).read_text())["scars"]))

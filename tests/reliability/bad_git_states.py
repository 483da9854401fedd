"""Repositories in awkward states, built with real git for the bad-input corpus.

Each builder gets an empty work directory and a pristine demo repository to copy, and
returns the path the command's ``{repo}`` stands for.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from specaudit.cli import main as specaudit_main

SPEC = "specs/payment-retry.md"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          capture_output=True, text=True, check=False).stdout


def _review(repo: Path, clause: str, verdict: str, note: str) -> None:
    code = specaudit_main(["review", "--repo", str(repo), "--spec", SPEC, "--clause", clause,
                           "--verdict", verdict, "--note", note, "--reviewer", "t"])
    assert code == 0


def demo(work: Path, template: Path) -> Path:
    repo = work / "repo"
    shutil.copytree(template, repo, symlinks=True)
    return repo


def not_a_repo(work: Path, template: Path) -> Path:
    (work / "plain").mkdir()
    (work / "plain" / "notes.md").write_text("# notes\n")
    return work / "plain"


def plain_file(work: Path, template: Path) -> Path:
    (work / "afile").write_text("not a directory\n")
    return work / "afile"


def missing_dir(work: Path, template: Path) -> Path:
    return work / "nowhere"


def empty_repo(work: Path, template: Path) -> Path:
    repo = work / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "specs").mkdir()
    shutil.copy(template / SPEC, repo / SPEC)
    return repo


def bare_repo(work: Path, template: Path) -> Path:
    git(work, "clone", "-q", "--bare", str(template), "bare.git")
    return work / "bare.git"


def detached_head(work: Path, template: Path) -> Path:
    repo = demo(work, template)
    git(repo, "checkout", "-q", "--detach", "HEAD")
    _review(repo, "behavior-1", "violated", "uses exponential backoff")
    return repo


def shallow_clone(work: Path, template: Path) -> Path:
    git(work, "clone", "-q", "--depth", "1", template.resolve().as_uri(), "shallow")
    return work / "shallow"


def mid_merge(work: Path, template: Path) -> Path:
    """Two reviewers recorded different verdicts on one clause; the merge stopped."""
    repo = demo(work, template)
    git(repo, "checkout", "-q", "-b", "other")
    _review(repo, "behavior-1", "violated", "backoff is exponential")
    git(repo, "commit", "-qam", "other reviewer")
    git(repo, "checkout", "-q", "-")
    _review(repo, "behavior-1", "implemented", "looks right")
    git(repo, "commit", "-qam", "first reviewer")
    git(repo, "merge", "-q", "other")
    assert (repo / ".git" / "MERGE_HEAD").exists(), "the merge was expected to stop on a conflict"
    return repo


def specaudit_is_file(work: Path, template: Path) -> Path:
    repo = demo(work, template)
    shutil.rmtree(repo / ".specaudit")
    (repo / ".specaudit").write_text("a file where the audit directory belongs\n")
    return repo


BUILDERS = {f.__name__: f for f in (demo, not_a_repo, plain_file, missing_dir, empty_repo, bare_repo,
                                   detached_head, shallow_clone, mid_merge, specaudit_is_file)}


def committed_repo(repo: Path, files: dict[str, str]) -> Path:
    """A new repository at ``repo`` whose one commit holds ``files`` (path -> text)."""
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    return repo

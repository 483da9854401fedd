"""Helpers shared by tests (importable as ``support``: pytest's pythonpath includes tests/)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import specaudit

# The directory that holds the specaudit package under test (source tree or site-packages),
# so subprocesses run exactly the code the in-process tests import.
PACKAGE_PARENT = Path(specaudit.__file__).resolve().parent.parent


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out[-2000:]}\nstderr: {self.err[-2000:]}>"


def assert_one_line_error(result: CliResult) -> None:
    """Exit 2, one line on stderr, no traceback."""
    assert result.code == 2, result
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert 1 <= len(lines) <= 2, result
    assert "Traceback" not in result.err, result


def corpus_dir() -> Path:
    """The real-world spec corpus: $SPECAUDIT_CORPUS, else shared/corpus beside the
    repository (where CI puts it), else the development machine's /work/shared/corpus."""
    candidates = [os.environ.get("SPECAUDIT_CORPUS"),
                  Path(__file__).resolve().parents[2] / "shared" / "corpus",
                  "/work/shared/corpus"]
    for c in candidates:
        if c and (Path(c) / "MANIFEST.yaml").is_file():
            return Path(c)
    return Path(candidates[1])


CORPUS = corpus_dir()


def git(root, *args: str) -> str:
    """Run git in ``root`` (a test's own repository) and return its output."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def init_repo(root: Path) -> Path:
    """An empty repository at ``root`` with a test identity."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    git(root, "config", "user.name", "R")
    git(root, "config", "user.email", "r@example.invalid")
    return root


def commit_files(root: Path, files: dict[str, str], message: str) -> str:
    """Write ``files`` (path -> text, folders made) and commit everything; the new commit."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD").strip()


def read_lines(repo, rev: str, path: str, first: int, last: int) -> list[str]:
    """Lines ``first..last`` (1-based, inclusive, clamped) of ``path`` at ``rev`` through
    specaudit's own blob reader (``SafeGit.show_file``), without line endings."""
    from specaudit.core.errors import GitError
    from specaudit.vcs.runner import split_lines

    if first < 1 or last < first:
        raise GitError(f"invalid line range {first}-{last} for {path}")
    return split_lines(repo.show_file(rev, path))[first - 1:last]


def clone_history(repo: str, dest: Path) -> Path:
    """A clone of ``repo``'s ("owner/name") real history from the corpus; skips the test
    when the corpus history is not available."""
    import pytest

    bundle = CORPUS / "history" / (repo.replace("/", "+") + ".bundle")
    if not bundle.is_file():
        pytest.skip("the corpus history is not available")
    subprocess.run(["git", "clone", "-q", str(bundle), str(dest)], check=True, capture_output=True)
    return dest


def tighten_scar(root, spec_rel: str, scar_id: str, text: str | None = None, *, add: bool = False,
                 clause: str | None = None, spec_format: str | None = None):
    """Propose from the scar and apply it (``text`` overrides): the window's and the
    CLI's two steps in one, for tests that need a tightened spec."""
    from specaudit.app.tighten import tightening as tighten

    proposal = tighten.propose_from_scar(root, spec_rel, scar_id, add=add, clause=clause, spec_format=spec_format)
    return tighten.apply_tightening(root, proposal, text)

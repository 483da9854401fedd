"""Build the bundled demo: a real git repository that tells specaudit's story.

Commit 1 is human-written code whose retries are three flat attempts, with a scar on
those lines saying why; commit 2 is a machine-authored regeneration from the spec that
brings back exponential backoff (erasing the scar) and adds a cache the spec forbids.
Commit 1 also carries the person's test for the flat spacing (it cites the scar's
incident); the regeneration keeps that file but breaks what it checks. The JUnit file
pytest wrote at commit 2 is left in the repository root (``DEMO_JUNIT_REL``, ignored)
for ``specaudit tests --junit`` and the window's Import button.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from specaudit.core.errors import UsageError
from specaudit.resources_path import resource
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.writes import commit_paths, init_repository

SPEC_REL = "specs/payment-retry.md"
RETRY_REL = "payment_retry/retry.py"
HUMAN = ("Dana Okafor", "dana.okafor@example.com")
GENERATOR = ("codegen-agent", "codegen-agent@example.com")
REGENERATION_MESSAGE = "machine-authored regeneration from the spec"

SCAR_TITLE = "Flat retries against the bank gateway, never exponential backoff"
SCAR_WHY = (
    "In the March peak every client backed off on the same doubling schedule, so the "
    "retries reached the bank in synchronised waves and its rate limiter refused our "
    "traffic outright for 40 minutes. Three flat attempts, 1.5 s apart, spread the load "
    "and have held since. Do not regenerate this into exponential backoff."
)
SCAR_INCIDENT = "PAY-1142"
DEMO_JUNIT_REL = "junit.xml"  # untracked and ignored; not in .specaudit/, whose files `specaudit commit` commits


@dataclass(frozen=True)
class DemoRepo:
    path: Path
    spec: str
    base: str
    head: str

    @property
    def range(self) -> str:
        return f"{self.base}..{self.head}"


def _prepare_dir(target: Path | None) -> Path:
    if target is None:
        return Path(tempfile.mkdtemp(prefix="specaudit-demo-"))
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"--dir exists and is not a directory: {target}")
        if any(target.iterdir()):
            raise UsageError(f"--dir is not empty: {target} (choose a new or empty directory)")
    target.mkdir(parents=True, exist_ok=True)
    return target.resolve()  # relative: git runs inside it, where the name means something else


def _copy_tree(src: Path, dst: Path) -> list[str]:
    written: list[str] = []
    for f in sorted(src.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            rel = f.relative_to(src)
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dst / rel)
            written.append(rel.as_posix())
    return written


def _scar_lines(path: Path) -> tuple[int, int]:
    """The scarred lines: the comment that tells the story through the two constants."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(lines, 1) if ln.startswith("# Three attempts"))
    last = next(i for i, ln in enumerate(lines, 1) if ln.startswith("SPACING_SECONDS"))
    return first, last


def build_demo(target: Path | None = None) -> DemoRepo:
    from specaudit.app.review.scars import add_scar

    root = _prepare_dir(target)
    repo: SafeGit = init_repository(root)
    demo = resource("demo")

    (root / "specs").mkdir(exist_ok=True)
    shutil.copyfile(demo / "spec" / "payment-retry.md", root / SPEC_REL)
    files = [SPEC_REL, *_copy_tree(demo / "base", root)]
    first, last = _scar_lines(root / RETRY_REL)
    scar = add_scar(
        repo, SPEC_REL, RETRY_REL, first, last, SCAR_TITLE, SCAR_WHY,
        clause="behavior-2", incident=SCAR_INCIDENT, severity="high", commit=None,
    )
    audit_files = [p.relative_to(root).as_posix() for p in (root / ".specaudit").rglob("*") if p.is_file()]
    base = commit_paths(
        repo, files + audit_files,
        "Payment retry: three flat attempts against the bank gateway\n\n"
        f"Records scar {scar.id}: exponential backoff herded the bank's rate limiter.",
        author=HUMAN, date="2026-03-18T10:00:00+00:00", sign=False,
    )

    # Commit 2: the regeneration rewrites the retry, adds the cache and the tests; files it
    # left as they were (gateway.py) are not stored twice in resources/demo.
    regenerated = _copy_tree(demo / "regenerated", root)
    head = commit_paths(
        repo, regenerated, REGENERATION_MESSAGE,
        author=GENERATOR, date="2026-11-20T09:00:00+00:00", sign=False,
    )
    # pytest's own report of commit 2 (resources/demo/junit.xml), left untracked.
    shutil.copyfile(demo / "junit.xml", root / DEMO_JUNIT_REL)
    # Ignored locally (.git/info/exclude), so working-tree diffs and `git status` leave it out.
    exclude = root / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with exclude.open("a", encoding="utf-8") as fh:
        fh.write(f"/{DEMO_JUNIT_REL}\n")
    return DemoRepo(path=root, spec=SPEC_REL, base=base, head=head)

"""Finding and loading the specs of a repository."""

from __future__ import annotations

import os
from pathlib import Path

from specaudit.app.store.files import inside, read_regular
from specaudit.core.errors import SpecError
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS

AUDIT_DIR = ".specaudit"

# The usual places spec tools write to, in the order we look.
SPEC_GLOBS: tuple[str, ...] = (
    "specs/**/spec.md",
    "specs/*.md",
    "specs/**/*.yaml",
    "specs/**/*.yml",
    ".kiro/specs/*/requirements.md",
    "openspec/specs/*/spec.md",
    "openspec/changes/*/specs/*/spec.md",
    "SPEC.md",
    "spec.md",
)


def read_spec_text(path: Path, display: str | None = None, root: Path | None = None) -> str:
    """A spec's text; with ``root``, a spec that resolves outside it is refused."""
    raw = read_regular(path, LIMITS.max_spec_bytes, what="spec", error=SpecError,
                       display=display or str(path), root=root)
    assert raw is not None
    if b"\0" in raw[:8192]:
        raise SpecError("binary file, not a spec", path=display or str(path))
    return decode_spec_bytes(raw)


def repository_of(path: str | Path) -> Path | None:
    """The working tree ``path`` sits in, judged by where it is written (its symlinks not
    followed), or None outside any repository: a file there that resolves elsewhere is
    then refused by ``read_spec_text(..., root=)``. A symlinked folder is never a root."""
    here = Path(os.path.abspath(path)).parent
    for d in (here, *here.parents):
        if not d.is_symlink() and os.path.lexists(d / ".git"):
            return d
    return None


def relpath_in(root: Path, path: str | Path) -> str:
    """Repository-relative POSIX path for a user-supplied spec path (absolute or relative)."""
    p = Path(path)
    if not p.is_absolute():
        cwd_candidate = (Path.cwd() / p).resolve()
        p = cwd_candidate if cwd_candidate.exists() and inside(root, cwd_candidate) else (root / p)
    p = p.resolve()
    if not inside(root, p):
        raise SpecError("spec is outside the repository", path=str(path))
    return p.relative_to(root).as_posix()


def load_spec(root: Path, relpath: str, spec_format: str | None = None) -> Spec:
    text = read_spec_text(root / relpath, display=relpath, root=root)
    return parse_spec(relpath, text, spec_format)


def spec_named(root: Path, path: str | Path, spec_format: str | None = None) -> Spec:
    """The spec a command's ``--spec`` names, read and parsed: a missing file, or one that
    is no spec (``--spec go.mod``), is refused before anything is written under its name."""
    return load_spec(root, relpath_in(root, path), spec_format)


def audited_specs(root: Path) -> list[str]:
    """Specs named by audit files under .specaudit/ (their ``spec:`` key)."""
    from specaudit.app.store.audit_store import spec_paths_with_audits

    return spec_paths_with_audits(root)


def missing_specs(root: Path) -> list[str]:
    """Specs named by audit files whose file is gone (moved or deleted without its audit)."""
    return [rel for rel in audited_specs(root) if not os.path.lexists(root / rel)]


def find_specs(root: Path) -> list[str]:
    """Specs with audit files first, then the usual spec locations; no duplicates."""
    found: list[str] = []
    for rel in audited_specs(root):
        # Not is_file(): a spec that became a FIFO or a symlink to a device must be
        # loaded, and refused with its name, not silently skipped.
        if os.path.lexists(root / rel) and not (root / rel).is_dir() and rel not in found:
            found.append(rel)
    for pattern in SPEC_GLOBS:
        for p in sorted(root.glob(pattern)):
            rel = p.relative_to(root).as_posix()
            if p.is_file() and rel not in found and not rel.startswith(AUDIT_DIR + "/"):
                found.append(rel)
    return found

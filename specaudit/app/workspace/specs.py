"""Finding and loading the specs of a repository."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from specaudit.app.store.audit_store import audit_naming
from specaudit.app.store.files import inside, read_regular
from specaudit.core.errors import SpecauditError, SpecError
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import read_blob
from specaudit.vcs.queries import first_parent, last_touched, moved_after, renames_since
from specaudit.vcs.tree import paths_changed_between

if TYPE_CHECKING:
    from specaudit.app.workspace.ranges import ChangeRange
    from specaudit.vcs.runner import SafeGit

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
    # BMAD: v6 writes its PRD and epics (stories with acceptance criteria) here, v4 to docs/
    "_bmad-output/planning-artifacts/prd.md",
    "_bmad-output/planning-artifacts/epics.md",
    "docs/prd.md",
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


def follow_spec(repo: SafeGit, rel: str, change: ChangeRange) -> tuple[str, str]:
    """The path to open for a spec the user named, and a note for them ("" when none).

    A review of a range that ends before HEAD names the spec as it was then; OpenSpec
    archives a change's specs once it is built, so the file may have moved since. A
    spec missing from the working tree that a later commit moved is followed to where it
    is now, with a note; one a later commit deleted is refused with how to restore it."""
    target = change.target
    then = read_blob(repo, target, rel) if target is not None and not os.path.lexists(repo.root / rel) else None
    if target is None or then is None:
        return rel, ""
    went = where_moved(repo, rel)
    if went is not None:
        moved, by = went
        edited = then != read_blob(repo, "HEAD", moved)
        left = audit_naming(repo.root, rel)
        return moved, (f"{rel} is not in the working tree: {by[:7]} moved it to {moved} after the range's end "
                       f"({target[:7]}); opened {moved}" + (" (edited since)" if edited else "")
                       + (f"; its audit ({len(left[1].reviews)} verdict(s)) stayed at the old path: carry it "
                          f"with `specaudit move-audit --spec {rel}`" if left else ""))
    gone_by = last_touched(repo, rel, target)
    if gone_by is None:  # committed at HEAD, deleted in the working tree only
        raise SpecError(f"spec not found in the working tree (deleted there, not in a commit); restore it "
                        f"with: git checkout HEAD -- {rel}", path=rel)
    raise SpecError(f"spec not found in the working tree; it was at {target[:7]} (the range's end) and "
                    f"{gone_by[:7]} removed it; restore it with: git checkout {gone_by[:7]}^ -- {rel}", path=rel)


def _glob_re(pattern: str) -> re.Pattern[str]:
    """``SPEC_GLOBS``'s patterns as whole-path regexes (``**/`` any folders, ``*`` one name)."""
    out = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(out + "$")


_SPEC_PATH = [_glob_re(p) for p in SPEC_GLOBS]


def moved_specs_of(repo: SafeGit, change: ChangeRange) -> list[str]:
    """Where a range's own specs are now, for those a later commit moved (an OpenSpec
    change archived since): the specs at the range's end whose folder the range touched
    (the spec itself, its tasks ticked; for OpenSpec, anything in its change folder),
    which the usual locations no longer show. One rename query for all of them."""
    if change.base is None or change.target is None or change.base_is_tree:
        return []
    touched: set[str] = set()
    for path in paths_changed_between(repo, change.base, change.target):
        parts = path.split("/")
        touched.update("/".join(parts[:i]) for i in range(1, len(parts)))
    out: list[str] = []
    for rel, went in renames_since(repo, change.target):
        if not any(p.match(rel) for p in _SPEC_PATH) or os.path.lexists(repo.root / rel):
            continue
        parts = rel.split("/")
        folder = "/".join(parts[:-1])
        change_root = "/".join(parts[:3]) if parts[:2] == ["openspec", "changes"] and len(parts) > 3 else folder
        if (folder in touched or change_root in touched) and went not in out and os.path.isfile(repo.root / went):
            out.append(went)
    return out


def stories_of(repo: SafeGit, change: ChangeRange) -> list[str]:
    """The BMAD stories (``stories.story_file``) a range changed (ticked their tasks, set
    their status) that the working tree still has and that hold a task list, in path
    order. Not a usual spec location (a repository holds dozens), but the one a range
    ticked is what the range built."""
    from specaudit.core.evidence.stories import story_file
    from specaudit.formats.story_tasks import carries_tasks

    if change.base is None or change.target is None or change.base_is_tree:
        return []
    out = []
    for path in sorted(paths_changed_between(repo, change.base, change.target)):
        if story_file(path) is not None and os.path.isfile(repo.root / path):
            try:
                text = read_spec_text(repo.root / path, path, root=repo.root)
            except SpecauditError:
                continue
            if carries_tasks(text):
                out.append(path)
    return out


def where_moved(repo: SafeGit, rel: str) -> tuple[str, str] | None:
    """For a spec gone from the working tree: where it is now and the commit that moved it
    (the last commit that touched its path; git's rename detection from just before it to
    HEAD), else None (deleted, never committed, or moved where no file is now)."""
    by = last_touched(repo, rel)
    before = first_parent(repo, by) if by else None
    moved = moved_after(repo, rel, before) if before else None
    return (moved, by) if by and moved and os.path.isfile(repo.root / moved) else None


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


# Where a spec outside the usual locations may be: its name says so.
_SPEC_LIKE = re.compile(r"(?:^|[/_.\- ])(?:specs?|specification|requirements?|prd|stor(?:y|ies))(?:[-_.][^/]*)?"
                        r"\.(?:md|ya?ml)$", re.I)
_NOT_SPECS = re.compile(r"(?:^|/)(?:node_modules|vendor|\.github)/")


def no_specs(repo: SafeGit) -> str:
    """What to say when a repository has no spec where specaudit looks: where it looked,
    and the tracked files whose names say spec, requirements, PRD or story, to name with
    --spec ("docs/retry-spec.md")."""
    from specaudit.vcs.queries import tracked_paths

    said = "no specs found (looked in .specaudit/ and the usual spec locations: specs/, .kiro/specs/, openspec/, " \
           "SPEC.md, a BMAD PRD; use --spec)"
    named = [p for p in tracked_paths(repo) if _SPEC_LIKE.search(p) and not _NOT_SPECS.search(p)]
    if not named:
        return said
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
    return f"{said}; these may be specs: " + ", ".join(named[:3]) + more + f" (e.g. --spec {named[0]})"


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
            if p.is_file() and rel not in found and not rel.startswith(AUDIT_DIR + "/") and _may_be_spec(p):
                found.append(rel)
    return found


# A YAML spec is a mapping with a top-level ``clauses:`` or a list of clauses (docs/spec-formats.md).
_YAML_SPEC = re.compile(r"^clauses[ \t]*:|\A(?:[ \t]*(?:#[^\n]*)?\n|---[^\n]*\n)*[ \t]*-[ \t]", re.M)


def _may_be_spec(path: Path) -> bool:
    """A file a spec location holds that may be a spec: any Markdown; YAML only when it
    is a clause list. Spec Kit keeps OpenAPI contracts under specs/*/contracts/, which
    opened as a spec with the problem "no 'clauses' list" and were counted by check."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return True
    try:
        with path.open("rb") as f:
            head = f.read(65536).decode("utf-8", "replace")
    except OSError:
        return True  # loaded and refused with its name, as any unreadable spec
    return _YAML_SPEC.search(head.removeprefix("\ufeff")) is not None

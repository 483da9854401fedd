"""The git merge driver for ``.specaudit/`` files (docs/team.md, docs/audit-file.md).

Opt-in, per clone: ``specaudit merge-driver --install`` writes the ``.gitattributes``
lines (committed, shared) and this clone's ``merge.specaudit.driver`` setting (never
shared: git reads drivers only from configuration, so a repository cannot make anyone
run one). Reading a repository never installs or runs it, and specaudit's own git
calls never merge.

What merging means, per file:

- audit files: the three-way merge of the one audit model (``core.audit.merge_audits``).
  Different verdicts or notes on one clause are kept side by side in the review's
  ``conflict`` block; git is told to stop (exit 1) and the clause is named.
- ``test-links.yaml``: links as sets (each side's additions and removals kept).
- ``test-results.yaml``: per test; when both sides recorded one, the later run.
- ``config.yaml`` (and anything else): git's line merge. Settings are for a person to read.

A side that cannot be read (broken YAML, a newer schema, too large) is never guessed
at: git's own line merge runs (``git merge-file``, conflict markers where the sides
clash), the driver exits 1 so git stops, and the reason goes to stderr.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from specaudit.app.store.audit_store import AUDIT_DIR, AUDIT_SUFFIX
from specaudit.app.store.files import read_regular
from specaudit.app.store.safe_write import write_atomic
from specaudit.app.testing.links import LINKS_REL, LinksFile, dump_links
from specaudit.app.testing.results import RESULTS_REL, ResultsFile, dump_results
from specaudit.core.audit import Audit, Review, merge_audits, merge_entries, merge_sets
from specaudit.core.auditfile import dump_audit, parse_audit
from specaudit.core.errors import AuditFileError, SpecauditError
from specaudit.core.tests_map import Outcome
from specaudit.settings import LIMITS
from specaudit.vcs.queries import local_config, merge_file, set_local_config
from specaudit.vcs.runner import SafeGit

DRIVER = "specaudit"
DRIVER_NAME = "specaudit: audit files entry by entry"
GITATTRIBUTES = ".gitattributes"
# (pattern, what merging it means); config.yaml is left out on purpose: git's line merge.
PATTERNS: tuple[tuple[str, str], ...] = (
    (f"{AUDIT_DIR}/**/*{AUDIT_SUFFIX}", "audit files: entry by entry; two verdicts on one clause conflict"),
    (LINKS_REL, "test links: as sets"),
    (RESULTS_REL, "test results: per test, the later run"),
)
TEXT_MERGED = f"{AUDIT_DIR}/config.yaml"

T = TypeVar("T")
MERGED, CONFLICT = 0, 1  # the driver's exit codes: git stops on anything but 0


def attribute_lines() -> list[str]:
    return [f"{pattern} merge={DRIVER}" for pattern, _ in PATTERNS]


def driver_command() -> str:
    """How git should call the driver: ``specaudit`` when that is on PATH, else this
    interpreter (a virtualenv that is not activated)."""
    program = "specaudit" if shutil.which("specaudit") else f"{shlex.quote(sys.executable)} -m specaudit"
    return f"{program} merge-driver %O %A %B %P"


def install(repo: SafeGit) -> list[str]:
    """Write the attributes and this clone's driver setting; what was done, as lines.
    Running it again changes nothing."""
    report = []
    path = repo.root / GITATTRIBUTES
    raw = read_regular(path, LIMITS.max_audit_bytes, what=".gitattributes", display=GITATTRIBUTES,
                       root=repo.root, missing_ok=True) or b""
    text = raw.decode("utf-8", "surrogateescape")
    have = {ln.strip() for ln in text.splitlines()}
    missing = [ln for ln in attribute_lines() if ln not in have]
    if missing:
        sep = "" if not text or text.endswith("\n") else "\n"
        block = "# specaudit merge driver (docs/team.md); each clone opts in: specaudit merge-driver --install\n"
        new = text + sep + (block if block.strip() not in have else "") + "".join(ln + "\n" for ln in missing)
        write_atomic(path, new.encode("utf-8", "surrogateescape"), display=GITATTRIBUTES)
    for line in attribute_lines():
        report.append(f"{GITATTRIBUTES}: {line}  ({'added' if line in missing else 'already there'})")
    report.append(f"{GITATTRIBUTES}: {TEXT_MERGED} is left to git's line merge (settings a person should read)")
    for key, value in (("name", DRIVER_NAME), ("driver", driver_command())):
        name = f"merge.{DRIVER}.{key}"
        current = local_config(repo, name)
        if current != value:
            set_local_config(repo, name, value)
        report.append(f".git/config (this clone only): {name} = {value}  "
                      f"({'already there' if current == value else 'set'})")
    if missing:
        report.append(f"Commit {GITATTRIBUTES}; every reviewer runs `specaudit merge-driver --install` once per clone.")
    return report


@dataclass
class MergeResult:
    code: int  # MERGED or CONFLICT
    messages: list[str] = field(default_factory=list)


def _read(path: str, display: str) -> bytes:
    return read_regular(path, LIMITS.max_audit_bytes, what="file", error=AuditFileError, display=display) or b""


def _text_merge(repo: SafeGit, base: str, ours: str, theirs: str, rel: str, reason: str) -> MergeResult:
    """git's own line merge, markers and all; always a conflict: a person looks."""
    merge_file(repo, ours, base, theirs)
    markers = b"\n<<<<<<< " in b"\n" + Path(ours).read_bytes() if Path(ours).exists() else False
    how = ("conflict markers are in the file" if markers else
           "git's line merge applied without markers, but check the result")
    return MergeResult(CONFLICT, [f"{rel}: {reason}; merged as text instead ({how}). Resolve it, "
                                  f"or take one side: git checkout --ours -- {rel} (or --theirs)"])


def _side(raw: bytes, parse: Callable[[bytes, str], T], display: str, empty: T) -> T:
    """One side parsed; an empty one (the file is new on both sides: no base) is ``empty``."""
    return empty if not raw.strip() else parse(raw, display)


def _parse_audit(raw: bytes, display: str) -> Audit:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditFileError("not valid UTF-8", path=display, line=raw[: exc.start].count(b"\n") + 1) from None
    return parse_audit(text, display)


def _who(r: Review) -> str:
    return f"{r.verdict} ({r.reviewer})" if r.reviewer else r.verdict


def _merge_audit(raws: list[bytes], displays: list[str], rel: str) -> tuple[bytes, list[str], str]:
    ours = _parse_audit(raws[1], displays[1])
    base, theirs = (_side(raws[i], _parse_audit, displays[i], Audit(ours.spec)) for i in (0, 2))
    if {base.spec, theirs.spec} != {ours.spec}:
        raise AuditFileError(f"the sides name different specs ({ours.spec!r}, {theirs.spec!r})", path=rel)
    merged = merge_audits(base, ours, theirs)
    notes = []  # what git must stop for
    for key, review in sorted(merged.reviews.items()):
        known = {*ours.review(key).conflict, *theirs.review(key).conflict}
        if any(c not in known for c in review.conflict):
            notes.append(
                f"{rel}: clause {key} was reviewed differently on both sides: ours {_who(review)}, theirs "
                + ", ".join(_who(c) for c in review.conflict if c not in known)
                + f"; both are kept in the file. Keep one in the window, or: specaudit settle --spec {ours.spec} "
                f"--clause {key} --keep ours|theirs")
    if not notes:
        said = what_merged(ours, theirs, merged)
        return dump_audit(merged).encode("utf-8"), [], f"{rel}: merged entry by entry, nothing to settle: {said}"
    return dump_audit(merged).encode("utf-8"), notes, ""


# (the Audit field, what one entry of it is called)
_ENTRY_KINDS = (("reviews", "review"), ("scars", "scar"), ("changes", "change mark"), ("viewed", "viewed mark"),
                ("rejected", "rejection"), ("contradictions", "contradiction"))


def _review_change(before: Review | None, after: Review) -> str:
    if before is None:
        return f"{after.clause} ({after.verdict}, new)"
    if before.verdict != after.verdict:
        return f"{after.clause} ({before.verdict} -> {after.verdict})"
    if before.note != after.note:
        return f"{after.clause} (note)"
    return f"{after.clause} ({'links' if before.links != after.links else 'history'})"


def what_merged(ours: Audit, theirs: Audit, merged: Audit) -> str:
    """What the merge took from their side into ours, said plainly: the reviews by clause
    (new, verdict, note, links or history), the other entries counted."""
    parts = []
    for name, what in _ENTRY_KINDS:
        mine, result = getattr(ours, name), getattr(merged, name)
        changed = [k for k in sorted(result) if mine.get(k) != result[k]]
        dropped = [k for k in sorted(mine) if k not in result]
        if name == "reviews" and changed:
            parts.append("from theirs, clause " + ", ".join(_review_change(mine.get(k), result[k]) for k in changed))
        elif changed:
            parts.append(f"{len(changed)} {what}{'s' if len(changed) > 1 else ''} from theirs")
        if dropped:
            parts.append(f"{len(dropped)} {what}{'s' if len(dropped) > 1 else ''} removed on their side")
    if not parts:
        return "the two sides agree on every entry" if ours == theirs else "theirs adds nothing to ours"
    return "; ".join(parts)


def _merge_results(raws: list[bytes], displays: list[str], rel: str) -> tuple[bytes, list[str], str]:
    def parse(raw: bytes, display: str) -> dict[str, Outcome]:
        return ResultsFile(Path(), display).loads(raw)

    empty: dict[str, Outcome] = {}
    base, ours, theirs = (_side(raws[i], parse, displays[i], empty) for i in range(3))
    merged = merge_entries(base, ours, theirs,
                           lambda b, o, t: max(o, t, key=lambda x: x.at or "") if o and t else (o or t))
    return dump_results(merged).encode("utf-8"), [], f"{rel}: merged per test, the later run of each"


def _merge_links(raws: list[bytes], displays: list[str], rel: str) -> tuple[bytes, list[str], str]:
    def parse(raw: bytes, display: str) -> dict[tuple[str, str], tuple[str, ...]]:
        links = LinksFile(Path(), display).loads(raw)
        return {(spec, target): tuple(tests) for spec, targets in links.items() for target, tests in targets.items()}

    none: dict[tuple[str, str], tuple[str, ...]] = {}
    base, ours, theirs = (_side(raws[i], parse, displays[i], none) for i in range(3))
    flat = merge_entries(base, ours, theirs,
                         lambda b, o, t: merge_sets(b or (), o or (), t or ()) or None)
    nested: dict[str, dict[str, list[str]]] = {}
    for (spec, target), tests in flat.items():
        nested.setdefault(spec, {})[target] = list(tests)
    return dump_links(nested).encode("utf-8"), [], f"{rel}: merged the links of both sides as sets"


def _merger(rel: str) -> Callable[[list[bytes], list[str], str], tuple[bytes, list[str], str]] | None:
    if rel.startswith(f"{AUDIT_DIR}/") and rel.endswith(AUDIT_SUFFIX):
        return _merge_audit
    return {RESULTS_REL: _merge_results, LINKS_REL: _merge_links}.get(rel)


def merge(repo: SafeGit, base: str, ours: str, theirs: str, rel: str) -> MergeResult:
    """Merge ``theirs`` into ``ours`` (git's %A: the result is written there) from their
    common ``base``, for the repository file ``rel`` (%P)."""
    merger = _merger(rel)
    if merger is None:
        return _text_merge(repo, base, ours, theirs, rel, "not a file specaudit merges")
    displays = [f"{rel} ({side})" for side in ("base", "ours", "theirs")]
    try:
        raws = [_read(p, d) for p, d in zip((base, ours, theirs), displays, strict=True)]
        data, notes, merged = merger(raws, displays, rel)
    except SpecauditError as exc:
        return _text_merge(repo, base, ours, theirs, rel, f"cannot merge entry by entry: {exc}")
    write_atomic(Path(ours), data, display=rel)
    return MergeResult(CONFLICT, notes) if notes else MergeResult(MERGED, [merged])

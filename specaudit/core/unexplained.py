"""Changed lines nothing explains, one ``unexplained-change`` finding per file. Pure.

A file's finding lists all of its changed hunks (new-side lines) with the runs inside
each that no link, intact scar or change mark covers, so linking lines can only shrink
it: a link in the middle of a hunk leaves two runs in the same hunk, never a second
finding. The spec's own documents (its folder, the task list, spec tooling: see
``evidence.paths.spec_document_roots``) are the spec, never unexplained code.

The change comes in as file changes with ``new_path``, ``binary`` and ``hunks`` (see
``specaudit.core.diff.Hunk``: ``new_start`` and ``new_lines``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from specaudit.core.coverage import ChangedFile, excluded
from specaudit.core.evidence.paths import is_spec_document
from specaudit.core.findings import UNEXPLAINED_CHANGE, Finding, Part

Spans = dict[str, list[tuple[int, int]]]


@dataclass(frozen=True)
class FileCoverage:
    """One changed file (added or changed lines, or a binary file) against what covers it."""

    path: str
    hunks: tuple[Part, ...]
    binary: bool = False
    binary_covered: bool = False

    @property
    def changed_lines(self) -> int:
        return sum(h.lines for h in self.hunks)

    @property
    def open_lines(self) -> int:
        return sum(h.open_lines for h in self.hunks)

    @property
    def explained(self) -> bool:
        return self.binary_covered if self.binary else self.open_lines == 0

    @property
    def partly_explained(self) -> bool:
        """Some changed lines linked, scarred or marked (all of them too)."""
        return self.binary_covered if self.binary else self.open_lines < self.changed_lines


def subtract(run: tuple[int, int], covered: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``run`` (inclusive line numbers) no covered span touches."""
    pieces = [run]
    for a, b in covered:
        nxt = []
        for x, y in pieces:
            if b < x or a > y:
                nxt.append((x, y))
                continue
            if x < a:
                nxt.append((x, a - 1))
            if b < y:
                nxt.append((b + 1, y))
        pieces = nxt
        if not pieces:
            break
    return pieces


SPEC_DOCUMENTS, AUDIT_FILES, EXCLUDED = "spec documents", "specaudit's own files", "excluded by config"
DELETED, ONLY_REMOVED = "deleted", "only lost lines"


def file_coverage(changes: Iterable[ChangedFile], covered: Spans, *, exclude: Iterable[str] = (),
                  spec_roots: tuple[str, ...] = (), left_out: dict[str, int] | None = None) -> list[FileCoverage]:
    """Every changed file a reviewer must account for, in diff order: not the spec's own
    documents, not an excluded glob, not a deletion, not a file that only lost lines.
    ``left_out`` gets the count of the others per reason, so the numbers add up."""
    exclude = tuple(exclude)
    out: list[FileCoverage] = []
    skip = left_out if left_out is not None else {}
    for fc in changes:
        path = fc.new_path
        reason = _left_out(path, exclude, spec_roots)
        if reason is not None or path is None:
            skip[reason or DELETED] = skip.get(reason or DELETED, 0) + 1
            continue
        spans = sorted(covered.get(path, []))
        if fc.binary:
            out.append(FileCoverage(path, (), binary=True, binary_covered=bool(spans)))
            continue
        parts = []
        for h in fc.hunks:
            if h.new_lines <= 0:
                continue
            first, last = h.new_start, h.new_start + h.new_lines - 1
            near = [(a, b) for a, b in spans if a <= last and b >= first]
            parts.append(Part(first, last, tuple(subtract((first, last), near))))
        if parts:
            out.append(FileCoverage(path, tuple(parts)))
        else:
            skip[ONLY_REMOVED] = skip.get(ONLY_REMOVED, 0) + 1
    return out


def _left_out(path: str | None, exclude: tuple[str, ...], spec_roots: tuple[str, ...]) -> str | None:
    if path is None:
        return DELETED
    if path.startswith(".specaudit/"):
        return AUDIT_FILES
    if is_spec_document(path, spec_roots):
        return SPEC_DOCUMENTS
    return EXCLUDED if excluded(path, exclude) else None


def _message(fc: FileCoverage) -> str:
    if fc.binary:
        return "binary file changed and is linked to no clause"
    open_hunks = sum(1 for h in fc.hunks if h.runs)
    hunks = f"{open_hunks} of {len(fc.hunks)} hunks" if open_hunks != len(fc.hunks) else \
        f"{open_hunks} hunk{'s' if open_hunks != 1 else ''}"
    lines = fc.open_lines
    explained = fc.changed_lines - lines
    return (f"{hunks}, {lines} line{'s' if lines != 1 else ''} linked to no clause "
            f"({explained} of {fc.changed_lines} changed lines explained)")


def unexplained_findings(files: Iterable[FileCoverage], *, spec: str | None = None) -> list[Finding]:
    """One finding per file with lines nothing explains; line..end_line span its open runs."""
    out: list[Finding] = []
    for fc in files:
        if fc.explained:
            continue
        runs = [r for h in fc.hunks for r in h.runs]
        out.append(Finding(UNEXPLAINED_CHANGE, _message(fc), spec=spec, path=fc.path,
                           line=runs[0][0] if runs else None, end_line=runs[-1][1] if runs else None,
                           hunks=fc.hunks))
    return out

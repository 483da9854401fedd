"""Open a review session: a repository, its specs with their audits, and a diff source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specaudit.app.workspace.ranges import ChangeRange, resolve_range
from specaudit.core.audit import Audit
from specaudit.core.errors import SpecError
from specaudit.core.model import Spec
from specaudit.vcs.runner import SafeGit, open_repo


@dataclass
class SpecEntry:
    rel: str
    spec: Spec
    audit: Audit


@dataclass
class Session:
    repo: SafeGit
    specs: list[SpecEntry]
    source: ChangeRange  # the change under review, resolved once (app/workspace/ranges.py)
    spec_format: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the user is told on opening (a spec followed to where it moved)
    range_hint: str | None = None  # where the one spec's work is, when the default range holds none of it (in notes too)

    @property
    def root(self) -> Path:
        return self.repo.root

    def entry(self, rel: str) -> SpecEntry | None:
        return next((e for e in self.specs if e.rel == rel), None)


def load_entry(repo: SafeGit, rel: str, spec_format: str | None) -> SpecEntry:
    from specaudit.app.store.audit_store import load_audit
    from specaudit.app.workspace.specs import load_spec

    spec = load_spec(repo.root, rel, spec_format)
    return SpecEntry(rel=rel, spec=spec, audit=load_audit(repo.root, rel))


def open_session(
    path: str | Path,
    spec: str | None = None,
    range: str | None = None,
    patch: str | None = None,
    spec_format: str | None = None,
) -> Session:
    from specaudit.app.workspace.specs import (
        find_specs,
        follow_spec,
        moved_specs_of,
        no_specs,
        relpath_in,
        stories_of,
    )

    repo = open_repo(path)
    source = resolve_range(repo, range, patch=patch)
    notes: list[str] = []
    if spec:
        rel, note = follow_spec(repo, relpath_in(repo.root, spec), source)
        rels = [rel]
        notes += [note] if note else []
    else:
        rels = find_specs(repo.root)
        # The range's own specs, moved since (archived): first, they are what it built.
        moved = [rel for rel in moved_specs_of(repo, source) if rel not in rels]
        if moved:
            notes.append(f"{len(moved)} spec(s) this range worked on moved since (archived?); opened where "
                         f"{'they are' if len(moved) > 1 else 'it is'} now: " + ", ".join(moved))
        # A BMAD story the range ticked: the range is its work, reviewed against its criteria.
        stories = [rel for rel in stories_of(repo, source) if rel not in rels and rel not in moved]
        if stories:
            notes.append(f"this range worked on {len(stories)} stor{'ies' if len(stories) > 1 else 'y'} "
                         f"(its tasks changed): opened first: " + ", ".join(stories))
        rels = stories + moved + rels
    if not rels:
        raise SpecError(no_specs(repo), path=str(repo.root))
    entries = [load_entry(repo, rel, spec_format) for rel in rels]
    problems = [str(p) for e in entries for p in e.spec.problems]
    hint = None
    if range is None and patch is None and len(entries) == 1:
        from specaudit.app.workspace.range_hint import default_range_hint

        hint = default_range_hint(repo, entries[0].rel, source)
    return Session(repo=repo, specs=entries, source=source, spec_format=spec_format, problems=problems,
                   notes=[*notes, *([hint] if hint else [])], range_hint=hint)

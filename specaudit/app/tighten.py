"""Tighten the spec: fold a scar (or a violated / partial verdict) back into it as a clause.

A proposal is made first (text and place, in the spec's own format), the reviewer may
edit the text, then ``apply_tightening`` writes it through the format's write-back API,
so no other byte of the spec changes. Clause keys that shift because of the insertion
(ordinal keys such as ``behavior-3``) carry their reviews along, so no verdict is lost
or attached to the wrong clause, and the scar is marked folded into the new clause.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from specaudit.app.audit_store import load_audit, save_audit
from specaudit.app.safe_write import write_atomic
from specaudit.app.workspace import load_spec, read_spec_text
from specaudit.core.audit import PARTIAL, SCAR_FOLDED, SCAR_OPEN, VIOLATED, Audit, Scar
from specaudit.core.compare import compare_specs
from specaudit.core.errors import SpecError, UsageError
from specaudit.core.model import ClauseKind, Spec, encode_spec_text
from specaudit.formats import get_format, parse_spec
from specaudit.settings import LIMITS

# Sections a constraint goes to when it belongs to no clause, most specific first.
CONSTRAINT_SECTIONS = ("Edge cases", "Constraints")
SCAR_MARK = re.compile(r"\(scar (S-[0-9a-f]+)")
TIGHTENED_MARK = re.compile(r"\(tightened from ([^\s:)]+)")


@dataclass(frozen=True)
class Proposal:
    """A clause to add. ``after`` is the clause it goes under, else it is appended to
    ``section``. ``spec_digest`` pins the spec text it was made from."""

    spec: str
    text: str
    kind: str
    after: str | None
    section: str | None
    spec_digest: str
    scar: str | None = None
    source_clause: str | None = None
    spec_format: str | None = None  # None: detected from path and content

    @property
    def placement(self) -> str:
        return f"after clause {self.after}" if self.after else f"at the end of section {self.section!r}"


@dataclass(frozen=True)
class Tightened:
    spec: str
    key: str
    text: str
    scar: str | None
    rekeyed: dict[str, str]  # old clause key -> new key, for clauses the insertion shifted
    before: Spec
    after: Spec


def digest(text: str) -> str:
    return hashlib.sha256(encode_spec_text(text)).hexdigest()


def _story(text: str) -> str:
    """The scar's story on one line, cut at a sentence end within the length limit."""
    flat = " ".join(text.split())
    limit = LIMITS.tighten_story_chars
    if len(flat) <= limit:
        return flat.rstrip(".")
    cut = flat[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return (cut[:end] if end > limit // 3 else cut.rsplit(" ", 1)[0] + " ...").rstrip(".")


def scar_clause_text(scar: Scar) -> str:
    """'<title> (scar S-xxxx, INC-1: <story>).' — the id is what ties the clause to the scar."""
    ref = f"scar {scar.id}" + (f", {scar.incident}" if scar.incident else "")
    return f"{scar.title.strip().rstrip('.')} ({ref}: {_story(scar.why)})."


def _place(spec: Spec, clause_key: str | None) -> tuple[str | None, str | None]:
    if clause_key and spec.clause(clause_key) is not None:
        return clause_key, None
    existing = {s.strip().lower() for c in spec.clauses for s in c.section}
    for name in CONSTRAINT_SECTIONS:
        if name.lower() in existing:
            return None, name
    return None, CONSTRAINT_SECTIONS[0]


def propose_from_scar(root: Path, spec_rel: str, scar_id: str, *, spec_format: str | None = None) -> Proposal:
    spec = load_spec(Path(root), spec_rel, spec_format)
    audit = load_audit(Path(root), spec_rel)
    scar = audit.scars.get(scar_id)
    if scar is None:
        known = ", ".join(sorted(audit.scars)) or "none recorded"
        raise UsageError(f"no scar {scar_id!r} in the audit of {spec_rel} (scars: {known})")
    if scar.status == SCAR_FOLDED:
        raise UsageError(f"scar {scar_id} is already folded into clause {scar.folded_into} of {spec_rel}")
    after, section = _place(spec, scar.clause)
    return Proposal(spec_rel, scar_clause_text(scar), ClauseKind.CONSTRAINT, after, section,
                    digest(spec.text), scar=scar_id, spec_format=spec_format)


def propose_from_verdict(root: Path, spec_rel: str, clause_key: str, *,
                         spec_format: str | None = None) -> Proposal:
    """A tightened clause under a clause judged violated or partial, from the review note."""
    spec = load_spec(Path(root), spec_rel, spec_format)
    clause = spec.clause(clause_key)
    if clause is None:
        raise UsageError(f"unknown clause {clause_key!r} in {spec_rel}")
    review = load_audit(Path(root), spec_rel).review(clause_key)
    if review.verdict not in (VIOLATED, PARTIAL):
        raise UsageError(f"clause {clause_key} is {review.verdict}; only violated or partial clauses are tightened")
    gist = " ".join((review.note or "").split()).rstrip(".") or f"State exactly what {clause.title!r} requires"
    text = f"{gist} (tightened from {clause_key}, reviewed {review.verdict})."
    return Proposal(spec_rel, text, ClauseKind.CONSTRAINT, clause_key, None, digest(spec.text),
                    source_clause=clause_key, spec_format=spec_format)


def preview(root: Path, proposal: Proposal, text: str | None = None) -> tuple[Spec, Spec, str]:
    """(spec before, spec after, new clause key) without writing anything."""
    before = load_spec(Path(root), proposal.spec, proposal.spec_format)
    if digest(before.text) != proposal.spec_digest:
        raise SpecError("the spec changed on disk since the proposal was made; propose again", path=proposal.spec)
    body = (text if text is not None else proposal.text).strip()
    if not body:
        raise UsageError("the clause text is empty")
    fmt = get_format(before.format)
    if proposal.after:
        new_text, key = fmt.insert_after(before, proposal.after, body, proposal.kind)
    else:
        new_text, key = fmt.append_to_section(before, proposal.section or CONSTRAINT_SECTIONS[0], body, proposal.kind)
    after = parse_spec(proposal.spec, new_text, before.format)
    return before, after, key


def shifted_keys(before: Spec, after: Spec) -> dict[str, str]:
    """Old key -> new key for clauses whose text is unchanged but whose key moved."""
    out = {}
    for ch in compare_specs(before, after):
        if ch.old_key and ch.new_key and ch.old_key != ch.new_key and ch.similarity >= 1.0:
            out[ch.old_key] = ch.new_key
    return out


def _rekey(audit: Audit, moves: dict[str, str]) -> Audit:
    """The audit with reviews (and the scars naming their clauses) following their clause
    to its new key. Nothing is dropped: change marks stay, and a review of a clause that
    no longer exists, sitting on a key a moved clause now takes, is kept under a key of
    its own (``KEY~removed``) so `check` still reports it as removed instead of pinning it
    on the wrong clause."""
    if not moves:
        return audit
    targets = set(moves.values())
    reviews: dict = {}
    for key, review in audit.reviews.items():
        if key in moves:
            continue
        if key not in targets:
            reviews[key] = review
        elif not review.is_placeholder:
            spare = _spare_key(key, {**audit.reviews, **reviews})
            reviews[spare] = replace(review, clause=spare)
    for key, review in audit.reviews.items():
        if key in moves:
            reviews[moves[key]] = replace(review, clause=moves[key])

    def follow(key: str | None) -> str | None:
        return moves.get(key, key) if key else key

    scars = {sid: replace(s, clause=follow(s.clause), folded_into=follow(s.folded_into))
             for sid, s in audit.scars.items()}
    return Audit(audit.spec, reviews, scars, dict(audit.changes))


def _spare_key(key: str, taken: dict) -> str:
    spare, n = f"{key}~removed", 1
    while spare in taken:
        n += 1
        spare = f"{key}~removed-{n}"
    return spare


def apply_tightening(root: Path, proposal: Proposal, text: str | None = None) -> Tightened:
    """Write the (possibly edited) clause into the spec and record it in the audit."""
    root = Path(root)
    audit = load_audit(root, proposal.spec)  # a corrupt audit stops us before the spec is touched
    before, after, key = preview(root, proposal, text)
    moves = shifted_keys(before, after)
    audit = _rekey(audit, moves)
    if proposal.scar:
        scar = audit.scars.get(proposal.scar)
        if scar is None:
            raise UsageError(f"no scar {proposal.scar!r} in the audit of {proposal.spec}")
        audit.put_scar(replace(scar, status=SCAR_FOLDED, folded_into=key))
    write_atomic(root / proposal.spec, encode_spec_text(after.text), display=proposal.spec)
    save_audit(root, audit)
    return Tightened(proposal.spec, key, after.clause(key).text if after.clause(key) else "",
                     proposal.scar, moves, before, after)


def save_spec_text(root: Path, spec_rel: str, text: str, loaded_digest: str | None = None) -> str:
    """Save an edited spec atomically (the spec editor's save). With ``loaded_digest`` (the
    ``digest`` of the text it was loaded from) a file changed on disk since is refused."""
    path = Path(root) / spec_rel
    if loaded_digest is not None:
        current = read_spec_text(path, spec_rel, root=Path(root)) if path.exists() else None
        if current is None or digest(current) != loaded_digest:
            raise SpecError("the spec changed on disk since it was opened; reload it (your edits are "
                            "still in the editor) and apply them again", path=spec_rel)
    write_atomic(path, encode_spec_text(text), display=spec_rel)
    return digest(text)


def read_spec_for_editing(root: Path, spec_rel: str) -> tuple[str, str]:
    """(text, digest) of a spec for the editor."""
    text = read_spec_text(Path(root) / spec_rel, spec_rel, root=Path(root))
    return text, digest(text)


def tighten_scar(root: Path, spec_rel: str, scar_id: str, text: str | None = None, *,
                 spec_format: str | None = None) -> Tightened:
    """The headless one-shot: propose from the scar and apply (``text`` overrides)."""
    return apply_tightening(root, propose_from_scar(root, spec_rel, scar_id, spec_format=spec_format), text)


def open_scars(audit: Audit) -> list[Scar]:
    return [audit.scars[k] for k in sorted(audit.scars) if audit.scars[k].status == SCAR_OPEN]


def tightened_clause_keys(spec: Spec, audit: Audit) -> list[str]:
    """Clauses that came from tightening: scar folds and clauses carrying a tighten mark."""
    keys = {s.folded_into for s in audit.scars.values() if s.status == SCAR_FOLDED and s.folded_into}
    for c in spec.clauses:
        if SCAR_MARK.search(c.text) or TIGHTENED_MARK.search(c.text):
            keys.add(c.key)
    return [c.key for c in spec.clauses if c.key in keys]

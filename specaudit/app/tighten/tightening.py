"""Tighten the spec: fold a scar (or a violated / partial verdict) back into it.

By default the clause the scar diverged from (or the clause reviewed violated / partial,
or one the reviewer picks) is amended in place: its key stays, its verdict goes stale (the
review keeps the old clause fingerprint) and its history records "tightened from scar
S-…". ``add`` writes a separate clause instead, for a constraint that contradicts nothing.

A proposal is made first (text and place, in the spec's own style), the reviewer may edit
the text, then ``apply_tightening`` writes it through the format's write-back API, so no
other byte of the spec changes. The spec (or the OpenSpec change file) and the audit file
change together or not at all: when the audit save fails the spec is put back.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from specaudit.app.review.verdicts import now_utc
from specaudit.app.store.audit_store import load_audit, update
from specaudit.app.store.safe_write import write_atomic
from specaudit.app.tighten.guard import (
    check_one_clause,
    keep_id,
    refuse_outside,
    refuse_unsafe_text,
    without_clause,
)
from specaudit.app.tighten.style import (
    as_inline_outcome,
    as_outcome,
    ears,
    ears_lead,
    scar_clause_text,
    sentence_case,
    stepped,
    system_name,
    with_scar_ref,
    with_step,
    wrap_clause,
    wrap_width,
)
from specaudit.app.workspace.specs import load_spec, read_spec_text
from specaudit.core.audit import (
    PARTIAL,
    SCAR_FOLDED,
    VIOLATED,
    Audit,
    Contradiction,
    PastVerdict,
    Scar,
)
from specaudit.core.compare import compare_specs
from specaudit.core.errors import SpecauditError, SpecError, UsageError
from specaudit.core.markdown import split_lines, strip_eol
from specaudit.core.model import Clause, ClauseKind, Spec, encode_spec_text, undecodable_lines
from specaudit.formats import get_format, parse_spec
from specaudit.formats._mdformat import MarkdownFormat
from specaudit.formats.openspec import change_path, modified_requirement_change

AMEND = "amend"
ADD = "add"
# Sections a constraint goes to when it belongs to no clause, most specific first.
CONSTRAINT_SECTIONS = ("Edge cases", "Constraints")
SCAR_MARK = re.compile(r"\(scar (S-[0-9a-f]+)")
TIGHTENED_MARK = re.compile(r"\(tightened from ")
HISTORY_NOTE = "tightened from scar {}"
_CHANGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_CJK_END = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")  # a sentence that ends in Japanese or Chinese


@dataclass(frozen=True)
class Tightening:
    """What to write. ``mode`` AMEND rewrites clause ``target`` (whose text now is
    ``before_text``); ADD puts a new clause under ``target``, else at the end of
    ``section``. ``spec_digest`` pins the spec text it was made from. ``change`` names an
    OpenSpec change to write the amended requirement to instead of the spec itself."""

    spec: str
    text: str
    kind: str
    mode: str
    target: str | None
    section: str | None
    spec_digest: str
    before_text: str | None = None
    scar: str | None = None
    source_clause: str | None = None
    spec_format: str | None = None  # None: detected from path and content
    change: str | None = None
    resume: bool = False  # ADD: clause ``target`` was written by a run stopped before its audit write

    @property
    def placement(self) -> str:
        if self.resume:
            return f"(clause {self.target} is already written: an interrupted run; finishing its audit)"
        if self.mode == AMEND:
            return f"amending clause {self.target}" + (f" as OpenSpec change {self.change}" if self.change else "")
        return f"after clause {self.target}" if self.target else f"at the end of section {self.section!r}"


@dataclass(frozen=True)
class Tightened:
    spec: str
    key: str
    text: str
    scar: str | None
    rekeyed: dict[str, str]  # old clause key -> new key, for clauses the insertion shifted
    before: Spec
    after: Spec
    mode: str = ADD
    before_text: str | None = None
    written: tuple[str, ...] = ()  # repository paths changed (none when it was already done)


@dataclass(frozen=True)
class _Plan:
    before: Spec
    after: Spec  # the spec as it reads once tightened (for a change: once it is archived)
    key: str
    text: str  # the clause text as written (before wrapping)
    writes: dict[str, str]  # repository path -> new text


def digest(text: str) -> str:
    return hashlib.sha256(encode_spec_text(text)).hexdigest()


def _folded(text: str) -> str:
    return " ".join(text.split())


def _load_scar(audit: Audit, spec_rel: str, scar_id: str) -> Scar:
    scar = audit.scars.get(scar_id)
    if scar is None:
        known = ", ".join(sorted(audit.scars)) or "none recorded"
        raise UsageError(f"no scar {scar_id!r} in the audit of {spec_rel} (scars: {known})")
    return scar


def _pick(spec: Spec, key: str) -> Clause:
    return spec.require(key)


def _section_for(spec: Spec) -> str:
    existing = {s.strip().lower() for c in spec.clauses for s in c.section}
    return next((n for n in CONSTRAINT_SECTIONS if n.lower() in existing), CONSTRAINT_SECTIONS[0])


def propose_from_scar(root: Path, spec_rel: str, scar_id: str, *, add: bool = False, clause: str | None = None,
                      change: str | None = None, spec_format: str | None = None) -> Tightening:
    """Amend the scar's clause (or ``clause``); ``add`` writes a new clause under it instead."""
    spec = load_spec(Path(root), spec_rel, spec_format)
    audit = load_audit(Path(root), spec_rel)
    scar = _load_scar(audit, spec_rel, scar_id)
    if scar.status == SCAR_FOLDED:
        raise UsageError(f"scar {scar_id} is already folded into clause {scar.folded_into} of {spec_rel}")
    text = scar_clause_text(scar)
    # A clause already carrying this scar (an earlier run stopped between the spec write and
    # the audit write): finish that run, write nothing new. A new clause (--add) is not the
    # one it was added under; its re-run also moves the reviews the insertion shifted.
    mark = re.compile(rf"\bscar {re.escape(scar.id)}\b")
    carrier = next((c for c in spec.clauses if mark.search(f"{c.title or ''} {c.text}")), None)
    if carrier is not None and add and carrier.key != (clause or scar.clause):
        return Tightening(spec_rel, carrier.text, carrier.kind, ADD, carrier.key, None, digest(spec.text),
                        scar=scar_id, spec_format=spec_format, resume=True)
    if carrier is not None and (add or clause is None):
        return Tightening(spec_rel, carrier.text, carrier.kind, AMEND, carrier.key, None, digest(spec.text),
                        carrier.text, scar=scar_id, spec_format=spec_format, change=change)
    if clause is not None:
        target: Clause | None = _pick(spec, clause)
    elif scar.clause:
        target = spec.clause(scar.clause)
        if target is None and not add:
            raise UsageError(
                f"scar {scar_id} diverges from clause {scar.clause}, which is no longer in {spec_rel}: "
                "pick the clause it now belongs to (--clause KEY) or add a new one (--add)")
    else:
        target = None
    if target is None or add:
        if change is not None:
            raise UsageError("an OpenSpec change (--change) amends a requirement; it cannot add a clause")
        section: str | None = None
        like: str | None = None
        if target is not None:
            like = target.text
        else:  # the end of the constraints section: its last clause's case
            section = _section_for(spec)
            like = next((c.text for c in reversed(spec.clauses)
                         if any(s.strip().lower() == section.lower() for s in c.section)), None)
        return Tightening(spec_rel, sentence_case(text, like), ClauseKind.CONSTRAINT, ADD,
                          target.key if target else None, section, digest(spec.text), scar=scar_id,
                          spec_format=spec_format)
    # A scenario written as steps (OpenSpec's, a BMAD story's criterion) keeps its
    # situation; the scar's behaviour is its outcome.
    if (steps := _steps(spec, target)) is not None:
        amended = as_outcome(text, steps)
    elif spec.format == "speckit" and target.kind == ClauseKind.SCENARIO and "\n" not in target.text.strip():
        amended = as_inline_outcome(text, target.text)  # "**Given** ..., **When** ..., **Then** <the scar>"
    else:
        amended = sentence_case(text, target.text)
    return Tightening(spec_rel, amended, target.kind, AMEND, target.key, None,
                      digest(spec.text), target.text, scar=scar_id, spec_format=spec_format, change=change)


def propose_from_verdict(root: Path, spec_rel: str, clause_key: str, *, add: bool = False,
                         change: str | None = None, spec_format: str | None = None,
                         draft: bool = False) -> Tightening:
    """Tighten a clause judged violated or partial: amend it with the review note.
    Without a note there is nothing to fold in: refused, unless ``draft`` (the text is
    replaced before writing: the window's editable dialog, the CLI's ``--text``), when a
    placeholder naming the clause stands in."""
    spec = load_spec(Path(root), spec_rel, spec_format)
    clause = _pick(spec, clause_key)
    clause_key = clause.key  # as the spec writes it
    review = load_audit(Path(root), spec_rel).review(clause_key)
    if review.verdict not in (VIOLATED, PARTIAL):
        raise UsageError(f"clause {clause_key} is {review.verdict}; only violated or partial clauses are tightened")
    gist = _folded(review.note or "").rstrip(".")
    if not gist and not draft:
        raise UsageError(f"clause {clause_key} has no review note to fold into the spec: add one saying what the "
                         f"code must do (`specaudit review --clause {clause_key} --note TEXT ...`, or Ctrl+E in "
                         "the window), or give the clause's new text with --text")
    # A placeholder for the reviewer to replace, naming the clause by key: its title may be
    # cut short for display, and a cut quote must never reach the spec.
    gist = gist or f"State exactly what {clause_key} requires"
    if add:
        text = f"{gist} (tightened from {clause_key}, reviewed {review.verdict})."
        return Tightening(spec_rel, text, ClauseKind.CONSTRAINT, ADD, clause_key, None, digest(spec.text),
                        source_clause=clause_key, spec_format=spec_format)
    note = f"{gist} (tightened from the {review.verdict} review)."
    if (steps := _steps(spec, clause)) is not None:  # a scenario's steps: the note is one more outcome
        text = with_step(steps, note)
    else:
        body = _folded(clause.text).rstrip(".。")
        # A Japanese or Chinese sentence ends with "。" (no space after it), not ". ".
        text = f"{body}{'。' if _CJK_END.search(body) else '. '}{note}"
    return Tightening(spec_rel, text, clause.kind, AMEND, clause_key, None, digest(spec.text), clause.text,
                    source_clause=clause_key, spec_format=spec_format, change=change)


def _steps(spec: Spec, clause: Clause) -> str | None:
    """A scenario written as list steps with an outcome, as the spec writes it: OpenSpec's
    clause text holds its "- **WHEN**" lines; a Markdown story's criterion (a bold label
    over "- **Given**" bullets) is read without the markers, so its lines are taken."""
    if spec.format == "openspec":
        return clause.text if stepped(clause.text) else None
    if spec.format != "markdown" or clause.kind != ClauseKind.SCENARIO:
        return None
    first, last = clause.meta.get("edit", clause.span)
    raw = "\n".join(strip_eol(line) for line in split_lines(spec.text)[first - 1:last])
    return raw if stepped(raw) else None


def _styled(spec: Spec, proposal: Tightening, body: str, scar: Scar | None) -> str:
    """The text in the spec's own style: scar reference, EARS for Kiro, wrapped like its neighbours."""
    anchor = spec.clause(proposal.target) if proposal.target else None
    if scar is not None:
        body = with_scar_ref(body, scar)
    if anchor is not None and "ears" in anchor.meta:
        # An amended criterion keeps its own trigger and subject ("WHEN a user selects a theme,
        # THE Todo App SHALL ..."); a new one takes the system the others name.
        lead = ears_lead(anchor.text) if proposal.mode == AMEND else None
        body = ears(body, *system_name(spec, anchor), lead=lead)
    if not isinstance(get_format(spec.format), MarkdownFormat):
        return body  # structured formats (YAML) hold the text as one value: no re-flow
    if proposal.mode == ADD and anchor is not None and ("heading_level" in anchor.meta or "name" in anchor.meta):
        return body  # a new heading clause: its first line is the heading, so it is never wrapped
    if proposal.mode == AMEND and stepped(body):
        return body  # a scenario's steps, one a line: never re-flowed into one paragraph
    prefix = anchor.meta.get("prefix", "- ") if anchor is not None else "- "
    return wrap_clause(body, wrap_width(spec, anchor), prefix)


def _plan(root: Path, proposal: Tightening, text: str | None, scar: Scar | None) -> _Plan:
    before = load_spec(root, proposal.spec, proposal.spec_format)
    if digest(before.text) != proposal.spec_digest:
        raise SpecError("the spec changed on disk since the proposal was made; nothing was written; "
                        "propose again", path=proposal.spec)
    raw = (text if text is not None else proposal.text).strip()
    if not raw:
        raise UsageError("the clause text is empty")
    if proposal.resume:
        return _resumed(before, proposal, text)
    body = _styled(before, proposal, raw, scar)
    refuse_unsafe_text(body, _sources(proposal, text, scar))
    plan = _edit(root, before, proposal, body)
    refuse_outside(root, plan.writes)
    return plan


def _sources(proposal: Tightening, text: str | None, scar: Scar | None) -> list[tuple[str, str | None]]:
    """Where each part of the clause text came from, for naming it in a refusal."""
    out: list[tuple[str, str | None]] = []
    if text is not None and _folded(text) != _folded(proposal.text):  # the dialog passes it unedited
        out.append(("the text given", text))
    elif scar is not None:
        out.append((f"scar {scar.id}'s title", scar.title))
    elif proposal.source_clause:
        # An amend keeps the clause's own text before the note: either may hold it.
        out.append((f"clause {proposal.source_clause}'s text", proposal.before_text))
        out.append((f"the review note of clause {proposal.source_clause}", proposal.text))
    if scar is not None:
        out.append((f"scar {scar.id}'s incident", scar.incident))
    return out


def _resumed(before: Spec, proposal: Tightening, text: str | None) -> _Plan:
    """An ``--add`` whose spec write happened but whose audit write did not: the spec as it
    read before (the clause taken out again) gives the keys the insertion moved."""
    carrier = before.clause(proposal.target or "")
    if carrier is None:
        raise SpecError(f"clause {proposal.target} is no longer in the spec; nothing was written",
                        path=proposal.spec)
    if text is not None and _folded(text) not in _folded(carrier.text):
        raise UsageError(f"clause {carrier.key} already carries scar {proposal.scar} (written by an "
                         "interrupted run); run again without new text to finish it, then amend it")
    try:
        earlier = without_clause(before, carrier.key, lambda t: parse_spec(proposal.spec, t, proposal.spec_format))
        check_one_clause(earlier, before, carrier.key, carrier.text, get_format(before.format), added=True)
    except SpecError as exc:
        raise SpecError(f"clause {carrier.key} carries scar {proposal.scar}, but the spec does not read as "
                        f"that one clause added ({exc.message}); fold it by hand: remove the clause, then "
                        "run again", path=proposal.spec) from None
    return _Plan(earlier, before, carrier.key, carrier.text, {})


def _edit(root: Path, before: Spec, proposal: Tightening, body: str) -> _Plan:
    fmt = get_format(before.format)
    if proposal.mode == AMEND:
        target = before.clause(proposal.target or "")
        if target is None:
            raise SpecError(f"clause {proposal.target} is no longer in the spec; nothing was written",
                            path=proposal.spec)
        if _folded(target.text) in (_folded(body), _folded(keep_id(fmt)(target, body))):
            return _Plan(before, before, target.key, body, {})  # already says this: idempotent
        new_text = fmt.replace_clause_text(before, target.key, body)
        after = parse_spec(proposal.spec, new_text, proposal.spec_format)
        check_one_clause(before, after, target.key, body, fmt, added=False)
        if proposal.change is not None:
            return _Plan(before, after, target.key, body, _change_writes(root, proposal, after, target.key))
        return _Plan(before, after, target.key, body, {proposal.spec: new_text})
    if proposal.change is not None:
        raise UsageError("an OpenSpec change amends a requirement; it cannot add a clause")
    if proposal.target:
        new_text, key = fmt.insert_after(before, proposal.target, body, proposal.kind)
    else:
        new_text, key = fmt.append_to_section(before, proposal.section or CONSTRAINT_SECTIONS[0], body, proposal.kind)
    after = parse_spec(proposal.spec, new_text, proposal.spec_format)
    check_one_clause(before, after, key, body, fmt, added=True)
    return _Plan(before, after, key, body, {proposal.spec: new_text})


def _change_writes(root: Path, proposal: Tightening, after: Spec, key: str) -> dict[str, str]:
    if after.format != "openspec":
        raise UsageError(f"--change writes an OpenSpec change; {proposal.spec} is a {after.format} spec")
    if not _CHANGE_NAME.match(proposal.change or ""):
        raise UsageError(f"invalid change name {proposal.change!r}: use lower-case letters, digits and "
                         "dashes (e.g. tighten-retries)")
    rel = change_path(proposal.spec, after.clause(key), proposal.change or "")
    refuse_outside(root, [rel])
    path = root / rel
    existing = read_spec_text(path, rel, root=root) if path.exists() else None
    return {rel: modified_requirement_change(after, key, existing)}


def preview(root: Path, proposal: Tightening, text: str | None = None) -> tuple[Spec, Spec, str]:
    """(spec before, spec after, the clause key) without writing anything."""
    root = Path(root)
    scar = None
    if proposal.scar:
        scar = _load_scar(load_audit(root, proposal.spec), proposal.spec, proposal.scar)
    plan = _plan(root, proposal, text, scar)
    return plan.before, plan.after, plan.key


def shifted_keys(before: Spec, after: Spec) -> dict[str, str]:
    """Old key -> new key for clauses whose text is unchanged but whose key moved."""
    out = {}
    for ch in compare_specs(before, after):
        if ch.old_key and ch.new_key and ch.old_key != ch.new_key and ch.similarity >= 1.0:
            out[ch.old_key] = ch.new_key
    return out


def rekey(audit: Audit, moves: dict[str, str]) -> Audit:
    """The audit with clause keys moved: reviews, scars (clause and fold), contradiction marks
    follow their clause; change marks stay. A review of a clause that no longer exists,
    sitting on a key a moved clause now takes, is kept under a key of its own
    (``KEY~removed``) so `check` still reports it as removed instead of pinning it on the
    wrong clause."""
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
    contradictions = {}
    for mark in audit.contradictions.values():
        moved = replace(mark, first=follow(mark.first) or mark.first, second=follow(mark.second) or mark.second)
        contradictions[moved.key] = moved
    out = audit.copy()
    out.reviews, out.scars, out.contradictions = reviews, scars, contradictions
    return out


def _spare_key(key: str, taken: dict) -> str:
    spare, n = f"{key}~removed", 1
    while spare in taken:
        n += 1
        spare = f"{key}~removed-{n}"
    return spare


def _record(audit: Audit, proposal: Tightening, plan: _Plan, moves: dict[str, str]) -> Audit:
    audit = rekey(audit, moves)
    if proposal.scar:
        scar = _load_scar(audit, proposal.spec, proposal.scar)
        audit.put_scar(replace(scar, status=SCAR_FOLDED, folded_into=plan.key))
        old, new = plan.after.clause(scar.clause or ""), plan.after.clause(plan.key)
        if proposal.mode == ADD and old is not None and new is not None and old.key != new.key:
            # The scar's clause still says the opposite: a superseded-clause finding until reworded.
            mark = Contradiction(old.key, new.key, None, scar.id, old.fingerprint, new.fingerprint, None, now_utc())
            audit.contradictions[mark.key] = mark
    if proposal.mode == AMEND:
        # The review keeps the old clause fingerprint, so its verdict reads as stale.
        note = HISTORY_NOTE.format(proposal.scar) if proposal.scar else \
            f"tightened from the {audit.review(plan.key).verdict} review"
        review = audit.review(plan.key)
        if not any(p.note == note for p in review.history):
            past = PastVerdict(review.verdict, review.reviewer, now_utc(), None, note)
            audit.put_review(replace(review, history=(*review.history, past)))
    return audit


def _save_audit(root: Path, spec_rel: str, change: Callable[[Audit], Audit]) -> None:
    """The one audit write of a tightening: the locked load-change-save path."""
    update(root, spec_rel, change)


def _write_all(root: Path, writes: dict[str, str], spec_rel: str, change: Callable[[Audit], Audit]) -> None:
    """Spec files first, then the audit; any failure puts every file back as it was."""
    saved: dict[str, bytes | None] = {}
    try:
        for rel, text in writes.items():
            path = root / rel
            saved[rel] = path.read_bytes() if path.exists() else None
            write_atomic(path, encode_spec_text(text), display=rel)
        _save_audit(root, spec_rel, change)
    except BaseException:
        for rel, old in saved.items():
            with contextlib.suppress(OSError, SpecauditError):
                if old is None:
                    (root / rel).unlink(missing_ok=True)
                else:
                    write_atomic(root / rel, old, display=rel)
        raise


def apply_tightening(root: Path, proposal: Tightening, text: str | None = None) -> Tightened:
    """Write the (possibly edited) clause and record it in the audit, both or neither."""
    root = Path(root)
    audit = load_audit(root, proposal.spec)  # a corrupt audit stops us before any write
    scar = _load_scar(audit, proposal.spec, proposal.scar) if proposal.scar else None
    if scar is not None and scar.status == SCAR_FOLDED:
        raise UsageError(f"scar {scar.id} is already folded into clause {scar.folded_into} of {proposal.spec}")
    plan = _plan(root, proposal, text, scar)
    moves = shifted_keys(plan.before, plan.after) if proposal.mode == ADD else {}
    # Recorded on the audit as it is under the lock, so a teammate's edit meanwhile is kept.
    _write_all(root, plan.writes, proposal.spec, lambda fresh: _record(fresh, proposal, plan, moves))
    clause = plan.after.clause(plan.key)
    return Tightened(proposal.spec, plan.key, clause.text if clause else plan.text, proposal.scar, moves,
                     plan.before, plan.after, proposal.mode, proposal.before_text, tuple(plan.writes))


def save_spec_text(root: Path, spec_rel: str, text: str, loaded_digest: str | None = None) -> str:
    """Save an edited spec atomically (the spec editor's save). With ``loaded_digest`` (the
    ``digest`` of the text it was loaded from) a file changed on disk since is refused."""
    path = Path(root) / spec_rel
    current = read_spec_text(path, spec_rel, root=Path(root)) if path.exists() else None
    if loaded_digest is not None and (current is None or digest(current) != loaded_digest):
        raise SpecError("the spec changed on disk since it was opened; reload it (your edits are "
                        "still in the editor) and apply them again", path=spec_rel)
    # The editor shows a byte that is not UTF-8 as U+FFFD: saving that would rewrite the
    # user's bytes. Saved only once every U+FFFD is replaced (the reviewer's own choice).
    lines = undecodable_lines(current) if current is not None else []
    if lines and "\ufffd" in text:
        raise SpecError("the spec holds bytes that are not UTF-8 (shown as \ufffd); saving would replace "
                        "them, so nothing was written: replace each \ufffd, or re-save the file as UTF-8 "
                        "outside specaudit and reload it", path=spec_rel, line=lines[0])
    refuse_outside(Path(root), [spec_rel])
    write_atomic(path, encode_spec_text(text), display=spec_rel)
    return digest(text)


def read_spec_for_editing(root: Path, spec_rel: str) -> tuple[str, str]:
    """(text, digest) of a spec for the editor."""
    text = read_spec_text(Path(root) / spec_rel, spec_rel, root=Path(root))
    return text, digest(text)


def folded_scar(root: Path, spec_rel: str, scar_id: str) -> Scar | None:
    """The scar when it is already folded (a re-run has nothing to do), else None."""
    scar = load_audit(Path(root), spec_rel).scars.get(scar_id)
    return scar if scar is not None and scar.status == SCAR_FOLDED else None


def tightened_clause_keys(spec: Spec, audit: Audit) -> list[str]:
    """Clauses that came from tightening: scar folds and clauses carrying a tighten mark."""
    keys = {s.folded_into for s in audit.scars.values() if s.status == SCAR_FOLDED and s.folded_into}
    for c in spec.clauses:
        if SCAR_MARK.search(c.text) or TIGHTENED_MARK.search(c.text):
            keys.add(c.key)
    return [c.key for c in spec.clauses if c.key in keys]


def repropose(root: Path, proposal: Tightening, *, add: bool, clause: str | None = None) -> Tightening:
    """The same source (scar or verdict) proposed again as an amendment of ``clause`` or an addition."""
    if proposal.scar:
        return propose_from_scar(root, proposal.spec, proposal.scar, add=add, clause=clause,
                                 spec_format=proposal.spec_format)
    return propose_from_verdict(root, proposal.spec, proposal.source_clause or "", add=add,
                                spec_format=proposal.spec_format, draft=True)  # the dialog edits it

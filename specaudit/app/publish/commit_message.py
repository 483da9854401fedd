"""The suggested message of a publish commit: every changed clause in full, every scar
folded or recorded (in the window or the CLI alike: both land in the audit file), and the
verdicts recorded since HEAD. The user edits it before committing."""

from __future__ import annotations

import textwrap

from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.app.workspace.specs import read_spec_text
from specaudit.core.audit import SCAR_FOLDED, UNREVIEWED, Audit
from specaudit.core.auditfile import parse_audit
from specaudit.core.compare import compare_specs
from specaudit.core.errors import GitError, SpecauditError
from specaudit.core.model import decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.vcs.runner import SafeGit

BODY_WIDTH = 72  # git's convention for message bodies


def _at_head(repo: SafeGit, path: str) -> bytes | None:
    if repo.head() is None:
        return None
    try:
        return repo.show_file("HEAD", path)
    except GitError:
        return None


def _old_audit(repo: SafeGit, spec_rel: str) -> Audit | None:
    rel = audit_path(repo.root, spec_rel).relative_to(repo.root).as_posix()
    raw = _at_head(repo, rel)
    if raw is None:
        return None
    try:
        return parse_audit(raw.decode("utf-8"), rel)
    except (SpecauditError, UnicodeDecodeError):
        return None


def bullet(text: str) -> list[str]:
    """One message bullet, the whole text wrapped (never cut) with continuation indented."""
    flat = " ".join(text.split())
    return textwrap.wrap(flat, BODY_WIDTH, initial_indent="- ", subsequent_indent="  ",
                         break_long_words=False, break_on_hyphens=False) or ["-"]


def spec_message_lines(repo: SafeGit, spec_rel: str) -> list[str]:
    """Message lines for one spec: clauses added, amended or removed since HEAD (in full),
    scars folded or recorded, verdicts recorded."""
    out: list[str] = []
    now_path = repo.root / spec_rel
    if now_path.is_file():
        new = parse_spec(spec_rel, read_spec_text(now_path, spec_rel, root=repo.root))
        old_raw = _at_head(repo, spec_rel)
        if old_raw is None:
            out += bullet(f"add {spec_rel} ({len(new.clauses)} clauses)")
        else:
            old = parse_spec(spec_rel, decode_spec_bytes(old_raw), new.format)
            for ch in compare_specs(old, new):
                if ch.status == "added" and ch.new:
                    out += bullet(f"add clause {ch.new_key}: {ch.new.text}")
                elif ch.status in ("changed", "renamed") and ch.new and ch.old and ch.new.text != ch.old.text:
                    out += bullet(f"amend clause {ch.new_key}: {ch.new.text}")
                elif ch.status == "removed" and ch.old:
                    out += bullet(f"remove clause {ch.old_key}: {ch.old.text}")
    audit = load_audit(repo.root, spec_rel)
    old_audit = _old_audit(repo, spec_rel)
    for sid in sorted(audit.scars):
        s = audit.scars[sid]
        before = old_audit.scars.get(sid) if old_audit else None
        if s.status == SCAR_FOLDED and (before is None or before.status != SCAR_FOLDED):
            out += bullet(f"fold scar {sid} into clause {s.folded_into}: {s.title}")
        elif before is None:
            out += bullet(f"record scar {sid} on {s.path}:{s.first}-{s.last}: {s.title}")
    changed = [k for k, r in audit.reviews.items() if r.verdict != UNREVIEWED
               and (old_audit is None or old_audit.reviews.get(k) != r)]
    if changed:
        out += bullet(f"record {len(changed)} clause verdict{'s' if len(changed) != 1 else ''}")
    return out

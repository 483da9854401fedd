"""Durability of audit files: SIGKILL mid-write, and changes made on disk by someone else."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from support import PACKAGE_PARENT

from specaudit.app.store.audit_store import audit_path, load_audit, save_audit, update
from specaudit.core.audit import Audit, Review
from specaudit.core.auditfile import parse_audit
from specaudit.core.errors import AuditFileError

SPEC = "specs/s.md"
SLOTS = 40
KILLS = 200


def _apply(audit: Audit, it: int, j: int) -> Audit:
    """The j-th change of writer number ``it`` (the helper below applies the same)."""
    out = audit.copy()
    key = f"slot-{j % SLOTS:02d}"
    out.put_review(Review(key, "implemented" if j % 2 else "partial", note=f"{it}:{j}", reviewer="durability"))
    return out


# Runs in a fresh, single-threaded interpreter (forking the test process itself could
# inherit Qt's threads): fork a writer, let it save change after change, SIGKILL it at a
# random moment, then report what it acknowledged and the file as the kill left it.
KILLER = r"""
import json, os, random, select, signal, sys, time
from pathlib import Path
from specaudit.app.store.audit_store import load_audit, save_audit
from specaudit.core.audit import Review

root, spec, kills, slots = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(1234)
for it in range(kills):
    state = load_audit(root, spec)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            j = 0
            while True:
                state.put_review(Review(f"slot-{j % slots:02d}", "implemented" if j % 2 else "partial",
                                        note=f"{it}:{j}", reviewer="durability"))
                save_audit(root, state)
                os.write(w, f"{j}\n".encode())
                j += 1
        finally:
            os._exit(3)
    os.close(w)
    data = b""
    if it % 2:
        # Every other kill lands after at least one acknowledged write: block until the
        # writer acknowledges one (or dies). No timeout: fsync on a busy disk can take seconds.
        data = os.read(r, 65536)
    time.sleep(rng.uniform(0.0, 0.03))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while select.select([r], [], [], 0)[0]:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    text = (root / ".specaudit" / (spec + ".audit.yaml")).read_text()
    print(json.dumps({"acks": [int(x) for x in data.split()], "file": text}), flush=True)
"""


def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path):
    # One entry first: an empty audit creates no file, and the first kill may land before
    # the writer's first save (the file must exist to be read back after every kill).
    state = Audit(SPEC, {"seed": Review("seed", "implemented", reviewer="durability")})
    save_audit(tmp_path, state)
    proc = subprocess.run([sys.executable, "-c", KILLER, str(tmp_path), SPEC, str(KILLS), str(SLOTS)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)})
    assert proc.returncode == 0, proc.stderr
    rounds = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rounds) == KILLS
    acked_total = 0
    for it, rnd in enumerate(rounds):
        acks = rnd["acks"]
        assert acks == list(range(len(acks)))
        acked_total += len(acks)
        expected = state
        for j in acks:
            expected = _apply(expected, it, j)
        in_flight = _apply(expected, it, len(acks))
        on_disk = parse_audit(rnd["file"])  # always parseable
        assert on_disk in (expected, in_flight), f"kill {it}: acknowledged change lost"
        state = on_disk
    # Most kills land mid-stream, after some acknowledged writes, not only before the first.
    assert sum(1 for rnd in rounds if rnd["acks"]) >= KILLS // 2, acked_total
    names = [p.name for p in audit_path(tmp_path, SPEC).parent.iterdir() if p.name.endswith(".audit.yaml")]
    assert names == ["s.md.audit.yaml"]


def test_an_update_applies_to_what_is_on_disk_now(tmp_path):
    save_audit(tmp_path, Audit(SPEC, {"a": Review("a"), "b": Review("b")}))
    loaded = load_audit(tmp_path, SPEC)

    # Someone else (another editor, a git pull) reviews clause b on disk meanwhile.
    other = loaded.copy()
    other.put_review(Review("b", "violated", reviewer="Other"))
    save_audit(tmp_path, other)

    saved = update(tmp_path, SPEC, lambda audit: audit.put_review(Review("a", "implemented", reviewer="Me")))
    assert saved.reviews["a"].verdict == "implemented" and saved.reviews["b"].verdict == "violated"
    assert load_audit(tmp_path, SPEC) == saved


def test_a_failing_change_writes_nothing(tmp_path):
    save_audit(tmp_path, Audit(SPEC, {"a": Review("a", "partial")}))
    before = audit_path(tmp_path, SPEC).read_bytes()

    def change(audit):
        audit.put_review(Review("a", "implemented"))
        raise AuditFileError("refused")

    with pytest.raises(AuditFileError):
        update(tmp_path, SPEC, change)
    assert audit_path(tmp_path, SPEC).read_bytes() == before
    assert sorted(p.name for p in audit_path(tmp_path, SPEC).parent.iterdir()) == ["s.md.audit.yaml"]


def test_a_corrupt_file_is_never_overwritten(tmp_path):
    path = audit_path(tmp_path, SPEC)
    path.parent.mkdir(parents=True)
    path.write_text("schema: 1\nspec: specs/s.md\nreviews:\n  a: [\n")
    with pytest.raises(AuditFileError) as info:
        save_audit(tmp_path, Audit(SPEC, {"a": Review("a", "implemented")}))
    assert info.value.line == 5
    assert path.read_text().endswith("a: [\n")


def test_an_in_place_edit_of_a_failed_change_is_not_remembered(tmp_path):
    # The file's last reading is kept in memory (next test); a change that edits it and
    # then fails must not leave its edit there for the next reader.
    save_audit(tmp_path, Audit(SPEC, {"a": Review("a", "partial")}))
    load_audit(tmp_path, SPEC)

    def change(audit):
        audit.put_review(Review("a", "violated"))
        raise AuditFileError("refused")

    with pytest.raises(AuditFileError):
        update(tmp_path, SPEC, change)
    assert load_audit(tmp_path, SPEC).reviews["a"].verdict == "partial"
    mine = load_audit(tmp_path, SPEC)
    mine.put_review(Review("b", "implemented"))  # a reader's own copy
    assert "b" not in load_audit(tmp_path, SPEC).reviews


def test_what_was_just_written_is_read_back_without_parsing_and_an_edit_on_disk_is_seen(tmp_path, monkeypatch):
    from specaudit.app.store.side_files import AuditFile

    parsed = []
    real = AuditFile._load
    monkeypatch.setattr(AuditFile, "_load", lambda self, raw: parsed.append(self.rel) or real(self, raw))
    saved = update(tmp_path, SPEC, lambda audit: audit.put_review(Review("a", "implemented", reviewer="Me")))
    parsed.clear()
    assert load_audit(tmp_path, SPEC) == saved  # the window's check after its own edit
    update(tmp_path, SPEC, lambda audit: audit.put_review(Review("b", "partial")))  # the next edit
    assert parsed == []

    # Another writer (an editor, a git checkout) changes the file: it is read again.
    path = audit_path(tmp_path, SPEC)
    path.write_text(path.read_text().replace("verdict: partial", "verdict: violated"))
    assert load_audit(tmp_path, SPEC).reviews["b"].verdict == "violated"
    assert parsed == [".specaudit/specs/s.md.audit.yaml"]

    # The same bytes copied to another spec's audit are still checked against that spec.
    other = audit_path(tmp_path, "specs/other.md")
    other.write_bytes(path.read_bytes())
    with pytest.raises(AuditFileError, match="names spec 'specs/s.md', expected 'specs/other.md'"):
        load_audit(tmp_path, "specs/other.md")

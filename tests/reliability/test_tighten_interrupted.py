"""`kill -9` between the spec write and the audit write of `tighten --add` (issue 18 item
8): a re-run finds the clause it wrote by the scar id it carries, writes nothing twice and
finishes the audit: the reviews the insertion shifted move to their clauses' new keys.

The kill is real: the test holds the audit file's write lock, so a real `specaudit
tighten --add` writes the spec, then waits for the lock; the test kills it there."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from support import PACKAGE_PARENT
from tighten_support import SCAR_ID, SPECS, make_repo

from specaudit.app.store.audit_store import audit_path, load_audit, save_audit
from specaudit.app.store.safe_write import exclusive_lock, write_atomic
from specaudit.app.tighten.tightening import preview, propose_from_scar
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import SCAR_FOLDED, Review
from specaudit.core.model import encode_spec_text

SPEC = "specs/payment-retry.md"


def _kill_between_the_writes(root, spec_rel: str, scar_id: str) -> None:
    spec_path = root / spec_rel
    old = spec_path.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    with exclusive_lock(audit_path(root, spec_rel)):
        proc = subprocess.Popen([sys.executable, "-m", "specaudit", "tighten", "-C", str(root), "--spec", spec_rel,
                                 "--scar", scar_id, "--add"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while spec_path.read_bytes() == old:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the spec was never written"
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)  # the spec is written; the audit write waits for our lock
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_between_the_spec_and_the_audit_write_then_a_rerun_converges(demo_repo, run_cli):
    root = demo_repo.path
    (scar,) = load_audit(root, SPEC).scars.values()  # on behavior-2: --add writes behavior-3
    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-3", "--verdict", "violated",
                "--note", "four retries")
    assert r.code == 0, r
    r = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-4", "--verdict", "implemented",
                "--note", "idempotency key on every attempt")
    assert r.code == 0, r
    before = load_spec(root, SPEC)

    _kill_between_the_writes(root, SPEC, scar.id)
    crashed = load_spec(root, SPEC)
    assert len(crashed.clauses) == len(before.clauses) + 1  # the spec write happened...
    audit = load_audit(root, SPEC)
    assert audit.scars[scar.id].status != SCAR_FOLDED and audit.reviews["behavior-3"].note == "four retries"

    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--add", "--format", "json")
    assert r.code == 0, r
    out = json.loads(r.out)
    assert out["written"] == [] and out["key"] == "behavior-3"
    after = load_spec(root, SPEC)
    assert after.text == crashed.text  # nothing inserted twice
    assert [c.key for c in after.clauses if f"scar {scar.id}" in c.text] == ["behavior-3"]
    audit = load_audit(root, SPEC)
    assert audit.scars[scar.id].status == SCAR_FOLDED and audit.scars[scar.id].folded_into == "behavior-3"
    # Each verdict is on the clause it was given to, at that clause's new key.
    assert after.clause("behavior-4").text == before.clause("behavior-3").text
    assert audit.reviews["behavior-4"].note == "four retries"
    assert after.clause("behavior-5").text == before.clause("behavior-4").text
    assert audit.reviews["behavior-5"].note == "idempotency key on every attempt"
    assert "behavior-3" not in audit.reviews or audit.reviews["behavior-3"].verdict == "unreviewed"

    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--add")
    assert r.code == 0 and "already folded" in r.out, r


@pytest.mark.parametrize("fmt", list(SPECS))
def test_a_rerun_after_the_spec_write_alone_finishes_it_in_every_format(tmp_path, run_cli, fmt):
    """The crash simulated the way the app writes: the same plan, the same atomic write of
    the spec, and no audit write; then the real CLI runs again."""
    root, rel = make_repo(tmp_path / "repo", fmt)
    anchor = SPECS[fmt][2]
    before = load_spec(root, rel)
    follower = before.clauses[[c.key for c in before.clauses].index(anchor) + 1:][:1]
    audit = load_audit(root, rel)
    for c in follower:
        audit.put_review(Review(c.key, "violated", note="on the clause after the anchor"))
    save_audit(root, audit)

    _, planned, key = preview(root, propose_from_scar(root, rel, SCAR_ID, add=True))
    write_atomic(root / rel, encode_spec_text(planned.text))  # ...and killed before the audit

    r = run_cli("tighten", "-C", str(root), "--spec", rel, "--scar", SCAR_ID, "--add", "--format", "json")
    assert r.code == 0, r
    after = load_spec(root, rel)
    assert after.text == planned.text  # not inserted twice
    assert [c.key for c in after.clauses if f"scar {SCAR_ID}" in c.text] == [key]
    audit = load_audit(root, rel)
    assert audit.scars[SCAR_ID].folded_into == key
    for c in follower:  # the review follows its clause, wherever the insertion moved it
        moved = next(a.key for a in after.clauses if a.text == c.text)
        assert audit.reviews[moved].note == "on the clause after the anchor", (c.key, moved)

"""Concurrent writers of one audit file lose nothing.

Each round starts two (or three) `specaudit` CLI writers at once on one audit file and,
while they run, makes an edit through the window's own path (the ReviewController, in
this process). Afterwards every one of the round's edits must be on disk. Before the
audit store locked the file from load to save, 41 of 50 pairs kept only one verdict.

``SPECAUDIT_CONCURRENCY_ROUNDS`` sets the rounds per test (default 50).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest
from support import PACKAGE_PARENT

from specaudit.app.store.audit_store import load_audit
from specaudit.app.workspace.session import open_session
from specaudit.ui.kit.context import DeskContext

ROUNDS = int(os.environ.get("SPECAUDIT_CONCURRENCY_ROUNDS", "50"))
SPEC = "specs/payment-retry.md"
CLAUSES = ("intent-1", "behavior-1", "behavior-2", "behavior-3", "behavior-4", "behavior-5",
           "edge-cases-1", "edge-cases-2", "edge-cases-3", "invariants-1", "invariants-2")


def _start(root, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    return subprocess.Popen([sys.executable, "-m", "specaudit", *args, "--repo", str(root)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err


@pytest.fixture
def window_path(qtbot, demo_repo):
    """The window's edit path (what a tick box or a mark in the window calls), in process."""
    session = open_session(demo_repo.path, spec=demo_repo.spec, range=demo_repo.range)
    controller = DeskContext.create(session).controller
    failures: list[object] = []
    controller.failed.connect(failures.append)

    class _Written:
        """Each call returns once its write (queued on the window's ordered writer) landed."""

        def __getattr__(self, name):
            def call(*args, **kwargs):
                result = getattr(controller, name)(*args, **kwargs)
                controller.settle()
                return result
            return call

    yield _Written()
    assert failures == []


def _interleave(rng: random.Random) -> None:
    # The CLI writers take ~0.3 s to start; land the window edit somewhere among their writes.
    time.sleep(rng.uniform(0.15, 0.45))


def test_pairs_of_cli_reviews_with_window_edits_lose_nothing(demo_repo, window_path):
    rng = random.Random(11)
    root, lost, total = demo_repo.path, [], 0
    for i in range(ROUNDS):
        a, b, w = rng.sample(CLAUSES, 3)
        procs = [
            _start(root, "review", "--spec", SPEC, "--clause", a, "--verdict", "implemented", "--note", f"pair {i} A"),
            _start(root, "review", "--spec", SPEC, "--clause", b, "--verdict", "violated", "--note", f"pair {i} B"),
        ]
        _interleave(rng)
        assert window_path.set_verdict(SPEC, w, "partial", note=f"pair {i} W")
        _finish(procs)
        audit = load_audit(root, SPEC)
        for key, note in ((a, f"pair {i} A"), (b, f"pair {i} B"), (w, f"pair {i} W")):
            total += 1
            if audit.review(key).note != note:
                lost.append(note)
    assert not lost, f"{len(lost)} of {total} updates lost: {lost[:10]}"


def test_triples_of_scar_change_review_with_window_edits_lose_nothing(demo_repo, window_path):
    rng = random.Random(13)
    root, lost, total = demo_repo.path, [], 0
    for i in range(ROUNDS):
        clause, w = rng.sample(CLAUSES, 2)
        procs = [
            _start(root, "scar", "add", "--spec", SPEC, "payment_retry/retry.py:1-3", "--title", f"triple {i}",
                   "--why", "a story"),
            _start(root, "change", "--spec", SPEC, "payment_retry/cache.py:1-5", "--as", "out-of-scope",
                   "--note", f"triple {i} C"),
            _start(root, "review", "--spec", SPEC, "--clause", clause, "--verdict", "partial",
                   "--note", f"triple {i} R"),
        ]
        _interleave(rng)
        if i % 2:
            assert window_path.mark_change(SPEC, "payment_retry/cache.py", 6, 9, "explained", note=f"triple {i} W")
        else:
            assert window_path.set_verdict(SPEC, w, "implemented", note=f"triple {i} W")
        _finish(procs)
        audit = load_audit(root, SPEC)
        window_note = (audit.changes["payment_retry/cache.py:6-9"].note if i % 2 else audit.review(w).note)
        checks = {
            f"scar {i}": any(s.title == f"triple {i}" for s in audit.scars.values()),
            f"change {i}": audit.changes.get("payment_retry/cache.py:1-5") is not None
            and audit.changes["payment_retry/cache.py:1-5"].note == f"triple {i} C",
            f"review {i}": audit.review(clause).note == f"triple {i} R",
            f"window {i}": window_note == f"triple {i} W",
        }
        total += len(checks)
        lost += [name for name, kept in checks.items() if not kept]
    assert not lost, f"{len(lost)} of {total} updates lost: {lost[:10]}"
    assert len({s.title for s in load_audit(root, SPEC).scars.values()} & {f"triple {i}" for i in range(ROUNDS)}) == ROUNDS


def test_threads_of_one_process_lose_nothing(demo_repo):
    """Window edits may run off the GUI thread: threads of one process queue on the same
    lock as processes do (each thread's lock is its own open file)."""
    from concurrent.futures import ThreadPoolExecutor

    from specaudit.app.review.verdicts import prepare_verdict
    from specaudit.app.workspace.specs import load_spec
    from specaudit.vcs.runner import open_repo

    repo = open_repo(demo_repo.path)
    spec = load_spec(repo.root, SPEC)
    per_thread = 12

    def writer(key: str) -> None:
        for j in range(per_thread):
            prepare_verdict(repo, spec, key, "partial" if j % 2 else "implemented", note=f"{key} {j}").apply(repo.root)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(writer, CLAUSES[:6]))
    audit = load_audit(repo.root, SPEC)
    for key in CLAUSES[:6]:
        review = audit.review(key)
        notes = [p.note for p in review.history] + [review.note]
        assert notes == [f"{key} {j}" for j in range(per_thread)], key


HOLDER = r"""
import sys, time
from pathlib import Path
from specaudit.app.store.safe_write import exclusive_lock
with exclusive_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_lock_held_too_long_is_one_line_and_a_killed_holder_frees_it(tmp_path):
    from specaudit.app.store.safe_write import LockTimeout, exclusive_lock, lock_path

    target = tmp_path / "x.audit.yaml"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout) as info, exclusive_lock(target, "x.audit.yaml", timeout=0.3):
            pass
        assert str(info.value).startswith("x.audit.yaml: another specaudit has been writing this file")
    finally:
        holder.kill()  # SIGKILL: the kernel drops its lock; its lock file stays behind
        holder.wait()
    assert lock_path(target).exists()
    started = time.monotonic()
    with exclusive_lock(target, timeout=5):
        assert time.monotonic() - started < 3  # at once, not after the 5 s timeout (slack for a busy CI)
    assert not lock_path(target).exists()

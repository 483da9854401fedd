"""Automatic GC is off while background jobs run, and the surviving heap is frozen after."""

from __future__ import annotations

import gc

from specaudit.ui.kit import gc_pause
from specaudit.ui.kit.tasks import TaskRunner


def test_jobs_pause_collection_and_freeze_survivors(qtbot):
    gc.unfreeze()
    assert gc.isenabled()
    seen = []
    runner = TaskRunner()
    with qtbot.waitSignal(runner.busyChanged, timeout=5000, check_params_cb=lambda busy: not busy):
        runner.submit("t", lambda: seen.append(gc.isenabled()) or [list(range(10)) for _ in range(1000)],
                      lambda _result: None)
    assert seen == [False]  # no full collection can start inside the job
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_nested_jobs_keep_collection_off_until_the_last_ends():
    gc.unfreeze()
    gc_pause.job_started()
    gc_pause.job_started()
    gc_pause.job_finished()
    assert not gc.isenabled()
    gc_pause.job_finished()
    assert gc.isenabled()

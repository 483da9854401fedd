"""The collector pause shared by evidence ranking and the window's jobs: one counter."""

from __future__ import annotations

import gc

from specaudit.core.gcpause import collector_paused, pause, resume


def test_a_ranking_inside_a_job_leaves_the_collector_off_until_the_job_ends():
    assert gc.isenabled()
    seen = []
    ranked = collector_paused(lambda: seen.append(gc.isenabled()))
    ranked()
    assert seen == [False] and gc.isenabled()  # alone: off while it runs, on after
    pause()  # a job
    try:
        ranked()
        assert not gc.isenabled()  # the job still runs: the ranking's end does not resume it
    finally:
        resume()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        collector_paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()

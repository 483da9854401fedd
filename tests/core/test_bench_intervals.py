"""The benchmark's intervals around span@1 / span@3 (benchmarks/bench_evidence.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_evidence import by_repository, wilson  # noqa: E402


def test_the_wilson_interval_holds_the_proportion_and_narrows_with_more_clauses():
    lo, hi = wilson(59, 100)
    assert lo < 0.59 < hi
    assert round(lo, 3) == 0.492 and round(hi, 3) == 0.681  # the textbook values for 59 of 100
    lo2, hi2 = wilson(590, 1000)
    assert hi2 - lo2 < (hi - lo) / 2
    assert wilson(0, 0) == (0.0, 1.0)


def test_resampling_repositories_is_wider_when_repositories_disagree():
    agree = [(30, 50), (30, 50), (30, 50), (30, 50)]
    disagree = [(10, 50), (50, 50), (20, 50), (40, 50)]
    a_lo, a_hi = by_repository(agree)
    d_lo, d_hi = by_repository(disagree)
    assert a_lo == a_hi == 0.6  # every draw is 0.6
    assert d_lo < 0.6 < d_hi and d_hi - d_lo > 0.2
    assert by_repository(disagree) == (d_lo, d_hi)  # seeded: the same interval every run

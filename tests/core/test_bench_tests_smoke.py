"""The tests-per-clause benchmark runs end to end at a tiny size and maps what it built."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_maps_every_generated_test_and_matches_every_result(capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_tests
    finally:
        sys.path.pop(0)
    r = bench_tests.run(n_tests=300, n_clauses=30, repeat=1)
    assert r["tests"] == 300 and r["matched"] == 300 and r["unmatched"] == 0
    assert r["tested"] >= 25  # nearly every clause is cited by some generated test
    assert bench_tests.main(["--tests", "120", "--clauses", "12", "--repeat", "1"]) == 0
    assert "x baseline" in capsys.readouterr().out

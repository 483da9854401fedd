"""Reliability suite: hypothesis profiles and a demo repository built once per session.

Profiles (the variable the format property tests already read):
``SPECAUDIT_HYPOTHESIS_PROFILE=ci`` (default, ~100 examples per test) or ``=long``
(10,000 per test); ``SPECAUDIT_HYPOTHESIS_EXAMPLES=N`` overrides the count.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # helpers next to the tests (bad_git_states, fuzz_support)
    sys.path.insert(0, str(HERE))

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=100, **_COMMON)
settings.register_profile("long", max_examples=10_000, **_COMMON)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo repository, built once; tests copy it (shutil.copytree) before touching it."""
    from specaudit.app.workspace.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("template") / "demo").path


# Outcomes for docs/reliability.md: `SPECAUDIT_RELIABILITY_RESULTS=FILE pytest tests/reliability`
# writes {test id: outcome}; `python tests/reliability/render_bad_inputs.py --results FILE`
# turns it into the tried/passed/failed table.
_OUTCOMES: dict[str, str] = {}


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _OUTCOMES[report.nodeid] = "skipped" if report.skipped else ("passed" if report.passed else "failed")


def pytest_sessionfinish(session) -> None:
    import json
    import os

    target = os.environ.get("SPECAUDIT_RELIABILITY_RESULTS")
    if target and _OUTCOMES:
        Path(target).write_text(json.dumps(_OUTCOMES, indent=1, sort_keys=True), encoding="utf-8")

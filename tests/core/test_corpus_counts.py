"""Every real spec in the shared corpus yields the counts its MANIFEST.yaml records.

The parser is run on each file under its original repository path (so detection sees
``specs/<feature>/spec.md``, ``.kiro/specs/...``, ``openspec/...``), with the format
detected, never forced.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml
from support import CORPUS

from specaudit.core.model import (
    FLAG_DONE,
    FLAG_OPTIONAL,
    FLAG_PARALLEL,
    ClauseKind,
    decode_spec_bytes,
    encode_spec_text,
)
from specaudit.formats import detect_format, get_format, parse_spec

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.yaml").is_file(), reason="spec corpus not available")


def _entries():
    if not (CORPUS / "MANIFEST.yaml").is_file():
        return []
    manifest = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text(encoding="utf-8"))
    return manifest["files"]


def _by_kind(*kinds):
    return [pytest.param(e, id=e["local"].split("/", 1)[1]) for e in _entries() if e["kind"] in kinds]


def _load(entry):
    text = decode_spec_bytes((CORPUS / entry["local"]).read_bytes())
    return parse_spec(entry["path"], text), text


EXPECTED_FORMAT = {"spec": "speckit", "tasks": "speckit", "req": "kiro", "ktasks": "kiro",
                   "design": "kiro", "os": "openspec", "ostasks": "openspec",
                   "proposal": "markdown", "prd": "markdown", "epics": "markdown"}


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["local"]) for e in _entries()])
def test_every_corpus_file_parses_round_trips_and_is_detected(entry):
    spec, text = _load(entry)
    assert encode_spec_text(spec.text) == (CORPUS / entry["local"]).read_bytes()
    assert spec.text == text
    expected = EXPECTED_FORMAT.get(entry["kind"])
    if expected:
        assert detect_format(entry["path"], text) == expected
    n_lines = entry["file"]["lines"]
    for c in spec.clauses:
        assert 1 <= c.span[0] <= c.span[1] <= n_lines, c
    assert len({c.key for c in spec.clauses}) == len(spec.clauses)
    # Re-parsing the unchanged text gives the same clauses (keys are stable).
    assert [c.key for c in get_format(spec.format).parse(entry["path"], text).clauses] == [c.key for c in spec.clauses]


@pytest.mark.parametrize("entry", _by_kind("spec"))
def test_speckit_spec_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    keys = [c.key for c in spec.clauses]
    assert sum(k.startswith("FR-") for k in keys) == want["functional_requirements"]
    assert sum(k.startswith("SC-") for k in keys) == want["success_criteria_ids"]
    for suffixed in want.get("fr_suffixed", []):
        assert suffixed in keys
    stories = [c for c in spec.clauses if c.key.startswith("US") and "/" not in c.key]
    assert len(stories) == want["user_stories"]
    scenarios = [c for c in spec.clauses if c.kind == ClauseKind.SCENARIO]
    assert len(scenarios) == want["acceptance_scenarios"]
    per_story = Counter(c.key.split("/")[0] for c in scenarios)
    assert [per_story[s.key] for s in stories] == want["scenarios_per_story"]
    assert sum(c.kind == ClauseKind.EDGE_CASE for c in spec.clauses) == want["edge_case_bullets"]
    for family, n in want.get("other_bold_ids", {}).items():
        assert sum(k.startswith(family + "-") for k in keys) == n


@pytest.mark.parametrize("entry", _by_kind("tasks"))
def test_speckit_tasks_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    tasks = [c for c in spec.clauses if c.kind == ClauseKind.TASK]
    assert len(tasks) == want["tasks"]
    assert sum(FLAG_DONE in c.flags for c in tasks) == want["checked"]
    assert sum(FLAG_PARALLEL in c.flags for c in tasks) == want["parallel_P"]
    assert sum(any(r.startswith("US") for r in c.refs) for c in tasks) == want["story_labelled"]
    first, last = (s.strip() for s in want["id_range"].split("(")[0].split(".."))
    assert (tasks[0].key, tasks[-1].key) == (first, last)


@pytest.mark.parametrize("entry", _by_kind("req"))
def test_kiro_requirements_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    reqs = [c for c in spec.clauses if c.key.isdigit()]
    assert len(reqs) == want["requirements"]
    assert sum(bool(c.meta.get("title")) for c in reqs) == want["titled_requirements"]
    criteria = [c for c in spec.clauses if c.meta.get("requirement")]
    assert len(criteria) == want["acceptance_criteria"]
    per = Counter(c.meta["requirement"] for c in criteria)
    assert [per[r.key] for r in reqs] == want["ac_per_requirement"]
    assert all(c.key == f"{c.meta['requirement']}.{c.key.split('.')[1]}" for c in criteria)
    # Every criterion in the corpus contains SHALL, so each gets an EARS pattern.
    assert sum(c.meta["ears"] is not None for c in criteria) == want["ac_containing_shall"]


NOTE_FOLDED_REFS = {"namidapoo__todo-app-using-kiro/.kiro__specs__modern-todo-app__tasks.md": 1}


@pytest.mark.parametrize("entry", _by_kind("ktasks"))
def test_kiro_tasks_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    tasks = [c for c in spec.clauses if c.kind == ClauseKind.TASK]
    assert len(tasks) == want["tasks"]
    assert sum(c.meta["depth"] == 0 for c in tasks) == want["top_level"]
    assert sum(c.meta["depth"] > 0 for c in tasks) == want["nested"]
    assert sum(FLAG_DONE in c.flags for c in tasks) == want["checked"]
    assert sum(FLAG_OPTIONAL in c.flags for c in tasks) == want["optional"]
    assert sum(bool(c.refs) for c in tasks) == want["requirements_ref_lines"]
    assert sum(len(c.refs) for c in tasks) == want["requirements_refs"]
    # The manifest counts the refs as written; a note in parentheses is no part of the id
    # (formats/kiro.split_refs), so "5.4（リアルタイム更新の最適化）" is the 5.4 cited elsewhere.
    folded = NOTE_FOLDED_REFS.get(entry["local"].split("/", 1)[1], 0)
    assert len({r for c in tasks for r in c.refs}) == want["requirements_refs_distinct"] - folded


@pytest.mark.parametrize("entry", _by_kind("os"))
def test_openspec_spec_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    reqs = [c for c in spec.clauses if c.kind == ClauseKind.REQUIREMENT]
    scenarios = [c for c in spec.clauses if c.kind == ClauseKind.SCENARIO]
    assert len(reqs) == want["requirements"]
    assert len(scenarios) == want["scenarios"]
    capability = entry["path"].split("/specs/")[1].split("/")[0]
    assert all(c.key.startswith(capability + "#") for c in reqs)
    with_scenarios = {c.meta["requirement"] for c in scenarios}
    assert sum(r.key not in with_scenarios for r in reqs) == want.get("requirements_without_scenarios", 0)
    ops = Counter(f.upper() for c in reqs for f in c.flags if f in ("added", "modified", "removed", "renamed"))
    assert dict(ops) == want.get("delta_requirements", {})
    assert bool(ops) == want["is_delta"]


@pytest.mark.parametrize("entry", _by_kind("ostasks"))
def test_openspec_tasks_counts(entry):
    spec, _ = _load(entry)
    want = entry["clauses"]
    tasks = [c for c in spec.clauses if c.kind == ClauseKind.TASK]
    expected = want["checkbox_tasks"] or want.get("task_headings", 0)
    assert len(tasks) == expected
    assert sum(FLAG_DONE in c.flags for c in tasks) == want.get("checked", 0)


@pytest.mark.parametrize("entry", _by_kind("prd", "epics", "proposal", "design"))
def test_other_corpus_files_parse_without_error_problems(entry):
    spec, _ = _load(entry)
    assert not [p for p in spec.problems if p.severity == "error"]


def test_bmad_prd_functional_requirements_keep_their_ids():
    entry = next(e for e in _entries() if e["kind"] == "prd")
    spec, _ = _load(entry)
    frs = [c for c in spec.clauses if c.key.startswith("FR") and c.key[2:].isdigit()]
    assert len(frs) == entry["clauses"]["functional_requirements"]
    assert (frs[0].key, frs[-1].key) == tuple(entry["clauses"]["fr_range"].split(".."))


def test_bmad_prd_kinds_follow_its_headings():
    """BMAD's PRD: the FRs are requirements, the NFR bullets under "Non-Functional
    Requirements" constraints, the success criteria success criteria; the executive
    summary, the author and the journeys are notes, read but not reviewed against code."""
    entry = next(e for e in _entries() if e["kind"] == "prd")
    spec, _ = _load(entry)
    kinds: dict[str, list[str]] = {}
    for c in spec.clauses:
        kinds.setdefault(c.kind, []).append(c.key)
    frs = [k for k in kinds["requirement"] if k.startswith("FR")]
    assert len(frs) == entry["clauses"]["functional_requirements"]
    assert len(kinds["constraint"]) == entry["clauses"]["nfr_bullets"]
    assert {k.rsplit("-", 1)[0] for k in kinds["constraint"]} == {
        c.lower() for c in entry["clauses"]["nfr_categories"]}
    assert "user-success-1" in kinds["success-criterion"]
    assert "executive-summary-1" in kinds["note"] and "product-requirements-document-bmad-todo-app-1" in kinds["note"]


def test_bmad_epics_scenarios_and_stories_are_clauses_to_review():
    """BMAD's epics: each Given/When/Then block is an acceptance scenario and each "As a ...,
    I want" a story (a requirement), so they keep their proposals beside the FR inventory;
    the epic summaries and "**Acceptance Criteria:**" labels are notes."""
    entry = next(e for e in _entries() if e["kind"] == "epics")
    spec, _ = _load(entry)
    scenarios = [c for c in spec.clauses if c.kind == "scenario"]
    stories = [c for c in spec.clauses if c.kind == "requirement" and c.text.lstrip("*_ ").startswith("As ")]
    assert len(scenarios) == entry["clauses"]["acceptance_given_blocks"]
    assert len(stories) == entry["clauses"]["stories"]
    labels = [c for c in spec.clauses if c.text.strip() == "**Acceptance Criteria:**"]
    assert labels and all(c.kind == "note" for c in labels)

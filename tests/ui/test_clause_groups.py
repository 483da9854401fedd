"""The clause list groups a spec's clauses under the headings that tell them apart: an
OpenSpec scenario is listed with its requirement, not alone in a group named after itself
(PineSnap's real chat-ui delta spec: four requirements, ten scenarios, one removal)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from support import CORPUS

from specaudit.app.workspace.session import SpecEntry
from specaudit.core.audit import Audit
from specaudit.formats import parse_spec
from specaudit.ui.review.clause_panel import ClausePanel

REL = "openspec/changes/redesign-canvas-chat-architecture/specs/chat-ui/spec.md"
LOCAL = CORPUS / "openspec" / "HaoNan2k__PineSnap" / REL.replace("/", "__")

pytestmark = pytest.mark.skipif(not LOCAL.is_file(), reason="the real-world corpus is not available")


def _groups(panel: ClausePanel) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    model = panel.model
    for r in range(model.rowCount()):
        group = model.item(r, 0)
        out[group.text()] = [group.child(i, 0).data(Qt.ItemDataRole.UserRole + 2) for i in range(group.rowCount())]
    return out


def test_openspec_scenarios_sit_with_their_requirement(qtbot):
    spec = parse_spec(REL, LOCAL.read_text(encoding="utf-8"), None)
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.set_entries([SpecEntry(REL, spec, Audit(REL))])
    groups = _groups(panel)
    requirements = [c for c in spec.clauses if c.kind == "requirement"]
    assert not any(name.startswith("Scenario:") for name in groups), list(groups)
    for req in requirements:
        if req.section[-1].startswith("Requirement:") and any(c.key.startswith(req.key + "/") for c in spec.clauses):
            members = groups[req.section[-1]]
            assert members[0] == req.key  # the requirement first, then its scenarios in spec order
            assert members[1:] == [c.key for c in spec.clauses if c.key.startswith(req.key + "/")]
    assert sum(map(len, groups.values())) == len(spec.clauses)


def test_openspec_rows_show_their_own_names_not_the_cut_off_key(qtbot):
    """An OpenSpec key repeats the capability and the requirement's name for every
    scenario; in its requirement's group a row shows the scenario's own name in bold and
    the first line of its text beside it (the bullet left out), the full key on hover."""
    from specaudit.ui.review.clause_filter import ROLE_LABEL, ROLE_TITLE

    spec = parse_spec(REL, LOCAL.read_text(encoding="utf-8"), None)
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.set_entries([SpecEntry(REL, spec, Audit(REL))])
    scenario = next(c for c in spec.clauses if c.kind == "scenario")
    item = panel._items[(REL, scenario.key)]
    name = scenario.key.rsplit("/", 1)[-1]
    assert item.data(ROLE_LABEL) == name
    assert item.data(ROLE_TITLE).startswith("WHEN "), item.data(ROLE_TITLE)
    assert scenario.key in item.toolTip() and item.accessibleText().startswith(scenario.key)


SPECKIT = CORPUS / "speckit" / "sunfmin__todo2" / "specs__001-todo-app__spec.md"


@pytest.mark.skipif(not SPECKIT.is_file(), reason="the real-world corpus is not available")
def test_a_spec_kit_story_heads_its_own_scenarios(qtbot):
    rel = "specs/001-todo-app/spec.md"
    spec = parse_spec(rel, SPECKIT.read_text(encoding="utf-8"), None)
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.set_entries([SpecEntry(rel, spec, Audit(rel))])
    groups = _groups(panel)
    story = next(name for name in groups if name.startswith("User Story 1 "))
    assert groups[story][0] == "US1" and groups[story][1:] == [
        c.key for c in spec.clauses if c.key.startswith("US1/")]


KIRO = CORPUS / "kiro" / "namidapoo__todo-app-using-kiro" / ".kiro__specs__modern-todo-app__requirements.md"


@pytest.mark.skipif(not KIRO.is_file(), reason="the real-world corpus is not available")
def test_a_kiro_requirement_heads_its_acceptance_criteria(qtbot):
    """Not a "受け入れ基準" (Acceptance Criteria) group after every requirement."""
    rel = ".kiro/specs/modern-todo-app/requirements.md"
    spec = parse_spec(rel, KIRO.read_text(encoding="utf-8"), None)
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.set_entries([SpecEntry(rel, spec, Audit(rel))])
    groups = _groups(panel)
    assert len(groups) == len([c for c in spec.clauses if "." not in c.key])  # one per requirement
    for members in groups.values():
        head = members[0]
        assert "." not in head and all(k.startswith(head + ".") for k in members[1:]), members
    # A requirement's row says its story, not the heading's "要件 1" again beside the key 1.
    from specaudit.ui.review.clause_filter import ROLE_TITLE

    title = panel._items[(rel, "1")].data(ROLE_TITLE)
    assert title != "要件 1" and "ユーザー" in title, title

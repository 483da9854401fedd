"""The clause list groups a spec's clauses under the headings that tell them apart: an
OpenSpec scenario is listed with its requirement, not alone in a group named after itself
(PineSnap's real chat-ui delta spec: four requirements, ten scenarios, one removal)."""

from __future__ import annotations

import re

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


def _listed(qtbot, rel: str, local):
    """The real spec at ``local`` (its path in the repository ``rel``) in a clause list."""
    spec = parse_spec(rel, local.read_text(encoding="utf-8"), None)
    panel = ClausePanel()
    qtbot.addWidget(panel)
    panel.set_entries([SpecEntry(rel, spec, Audit(rel))])
    return spec, panel


def _groups(panel: ClausePanel) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    model = panel.model
    for r in range(model.rowCount()):
        group = model.item(r, 0)
        out[group.text()] = [group.child(i, 0).data(Qt.ItemDataRole.UserRole + 2) for i in range(group.rowCount())]
    return out


def test_openspec_scenarios_sit_with_their_requirement(qtbot):
    spec, panel = _listed(qtbot, REL, LOCAL)
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

    spec, panel = _listed(qtbot, REL, LOCAL)
    scenario = next(c for c in spec.clauses if c.kind == "scenario")
    item = panel._items[(REL, scenario.key)]
    name = scenario.key.rsplit("/", 1)[-1]
    assert item.data(ROLE_LABEL) == name
    assert item.data(ROLE_TITLE).startswith("WHEN "), item.data(ROLE_TITLE)
    assert scenario.key in item.toolTip() and item.accessibleText().startswith(scenario.key)


def test_a_scenario_named_with_a_slash_shows_its_whole_name(qtbot, tmp_path):
    # PineSnap's debug console: "Non-authenticated user accesses /debug" was listed as "debug".
    from specaudit.ui.review.clause_filter import ROLE_LABEL

    rel = "openspec/changes/add-debug/specs/debug-console/spec.md"
    local = tmp_path / "spec.md"
    local.write_text("## ADDED Requirements\n\n### Requirement: Debug console MUST be admin-only\n"
                     "Only admins MAY open the console.\n\n"
                     "#### Scenario: Non-authenticated user accesses /debug\n"
                     "- **WHEN** a visitor opens `/debug`\n- **THEN** the system MUST redirect to the login page\n",
                     encoding="utf-8")
    spec, panel = _listed(qtbot, rel, local)
    scenario = next(c for c in spec.clauses if c.kind == "scenario")
    assert panel._items[(rel, scenario.key)].data(ROLE_LABEL) == "Non-authenticated user accesses /debug"
    assert _groups(panel)["Requirement: Debug console MUST be admin-only"] == [c.key for c in spec.clauses]


SPECKIT = CORPUS / "speckit" / "sunfmin__todo2" / "specs__001-todo-app__spec.md"
KIRO = CORPUS / "kiro" / "namidapoo__todo-app-using-kiro" / ".kiro__specs__modern-todo-app__requirements.md"
KIRO_REL = ".kiro/specs/modern-todo-app/requirements.md"


@pytest.mark.parametrize("rel, local, head", [
    ("specs/001-todo-app/spec.md", SPECKIT, r"US\d+"),  # a story and its acceptance scenarios
    (KIRO_REL, KIRO, r"\d+"),  # a requirement and its criteria, not a "受け入れ基準" group each
])
def test_a_requirement_heads_its_scenarios_or_criteria(qtbot, rel, local, head):
    if not local.is_file():
        pytest.skip("the real-world corpus is not available")
    spec, panel = _listed(qtbot, rel, local)
    groups = {members[0]: members[1:] for members in _groups(panel).values()}
    heads = [c.key for c in spec.clauses if re.fullmatch(head, c.key)]
    assert heads
    for key in heads:
        assert groups[key] == [c.key for c in spec.clauses if re.fullmatch(rf"{key}[/.][^/.]+", c.key)], key


@pytest.mark.skipif(not KIRO.is_file(), reason="the real-world corpus is not available")
def test_a_kiro_requirement_row_says_its_story(qtbot):
    """Not the heading's "要件 1" again beside the key 1."""
    from specaudit.ui.review.clause_filter import ROLE_TITLE

    _spec, panel = _listed(qtbot, KIRO_REL, KIRO)
    title = panel._items[(KIRO_REL, "1")].data(ROLE_TITLE)
    assert title != "要件 1" and "ユーザー" in title, title


AI_NATIVE = "specs/001-ai-native-portfolio/spec.md"
AI_NATIVE_LOCAL = CORPUS / "speckit" / "shishuohongdou36-del__ai-native-portfolio" / AI_NATIVE.replace("/", "__")


@pytest.mark.skipif(not AI_NATIVE_LOCAL.is_file(), reason="the real-world corpus is not available")
def test_a_heading_holding_a_slash_names_its_group_whole(qtbot):
    """ai-native-portfolio's "User Story 5 — 沉浸式可选交互（手势 / 摄像头） (Priority: P3)" was
    listed under "摄像头） (Priority: P3)": the group's name was cut at the " / " that joins
    a heading path, though it was part of the heading."""
    spec, panel = _listed(qtbot, AI_NATIVE, AI_NATIVE_LOCAL)
    groups = _groups(panel)
    story = next(c for c in spec.clauses if c.key == "US5")
    assert story.section[-1] in groups, list(groups)
    assert groups[story.section[-1]][0] == "US5"
    assert not any(name.startswith("摄像头") for name in groups)


def test_the_clause_view_and_proposals_name_an_openspec_scenario_by_its_own_name(qtbot):
    """The clause view's heading and its code header said the whole key, three lines of
    'capability#Requirement/Scenario' at 1280x720, and the proposals' header again; the
    requirement is in the section line below. The full key stays in the tooltip."""
    from specaudit.ui.evidence.suggestions_panel import SuggestionsPanel
    from specaudit.ui.kit.clause_names import own_name
    from specaudit.ui.review.clause_view import ClauseView

    spec = parse_spec(REL, LOCAL.read_text(encoding="utf-8"), None)
    entry = SpecEntry(REL, spec, Audit(REL))
    scenario = next(c for c in spec.clauses if c.kind == "scenario")
    suggestions = SuggestionsPanel()
    view = ClauseView(suggestions)
    qtbot.addWidget(view)
    view.show_clause(entry, scenario)
    name = own_name(scenario)
    assert name != scenario.key and view.detail.toPlainText().startswith(name + "\n")
    assert view.summary.text().startswith(f"<b>{name}</b>") and view.summary.toolTip() == scenario.key
    suggestions.show_clause(REL, scenario.key, name=name)
    assert suggestions.header.text().startswith(f"{name}: ")
    suggestions.show_clause(REL, scenario.key)  # the same clause again: named as before
    assert suggestions.header.text().startswith(f"{name}: ")

"""Learning within a review, as the window keeps it: the change is ranked once, and what
the reviewer then accepts or rejects weighs again the clauses it concerns, the same way
``suggest`` ranks with that audit, and only those."""

from __future__ import annotations

import json

from parent_child_repo import SCENARIO, SPEC, STORY, build

from specaudit.app.evidence.proposals import prepare_reject
from specaudit.app.store.audit_store import load_audit
from specaudit.app.workspace.analysis import Analysis
from specaudit.app.workspace.session import open_session


def _spans(proposals) -> list[tuple[str, int, int]]:
    return [(p.path, p.first, p.last) for p in proposals]


def test_a_link_accepted_for_the_story_lifts_it_for_its_scenario_as_suggest_does(tmp_path, run_cli):
    root, rng = build(tmp_path / "r")
    session = open_session(root, spec=SPEC, range=rng)
    analysis = Analysis(session)
    ranking, _order, _notes = analysis.proposals()
    before = analysis.proposals_for(SPEC, session.specs[0].audit)
    assert _spans(before[SCENARIO])[:2] == [("src/a.py", 1, 2), ("src/b.py", 1, 2)]

    done = run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", STORY, "--verdict", "implemented",
                   "--link", "src/b.py:1-2", "--range", rng)
    assert done.code == 0, done
    audit = load_audit(root, SPEC)
    after = analysis.proposals_for(SPEC, audit)
    assert _spans(after[SCENARIO])[:2] == [("src/b.py", 1, 2), ("src/a.py", 1, 2)]
    assert [e.detail for e in after[SCENARIO][0].evidence if e.kind == "review"] == [
        "these lines accepted for US1 (its parent)"]
    assert after[STORY] == before[STORY] and after["FR-001"] == before["FR-001"]
    spec_ranking = ranking.by_spec[SPEC]
    assert spec_ranking.weighed == 1  # the scenario alone: nothing else hears of the story's link

    # The one ranking: what `suggest` gives with the same audit.
    cli = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--range", rng, "--format", "json")
    assert cli.code == 0, cli
    shown = {c["key"]: [(p["path"], p["first"], p["last"], round(p["score"], 4)) for p in c["proposals"]]
             for c in json.loads(cli.out)["clauses"]}
    for key, ps in after.items():
        assert shown[key] == [(p.path, p.first, p.last, round(p.score, 4)) for p in ps if not p.weak], key

    # One clause asked for alone ranks as it does among all: `suggest --clause` lost the
    # story's link (its parent was not ranked, so no link of it was read).
    alone = run_cli("suggest", "-C", str(root), "--spec", SPEC, "--range", rng, "--clause", SCENARIO,
                    "--format", "json")
    assert alone.code == 0, alone
    assert [(p["path"], p["first"], p["last"], round(p["score"], 4)) for c in json.loads(alone.out)["clauses"]
            for p in c["proposals"]] == shown[SCENARIO]

    # Asked again with the same audit: nothing weighed; with the old one: the first ranking.
    assert analysis.proposals_for(SPEC, audit) == after and spec_ranking.weighed == 1
    assert analysis.proposals_for(SPEC, session.specs[0].audit) == before


def test_a_rejected_span_leaves_its_clause_and_the_next_file_takes_the_place(tmp_path):
    root, rng = build(tmp_path / "r")
    session = open_session(root, spec=SPEC, range=rng)
    analysis = Analysis(session)
    before = analysis.proposals_for(SPEC, session.specs[0].audit)
    prepare_reject(SPEC, SCENARIO, "src/a.py", 1, 2).apply(root)  # the window's use case (no CLI for it)
    after = analysis.proposals_for(SPEC, load_audit(root, SPEC))
    assert ("src/a.py", 1, 2) not in _spans(after[SCENARIO])
    assert _spans(after[SCENARIO])[0] == ("src/b.py", 1, 2)
    assert after[STORY] == before[STORY]  # another clause still gets the rejected span

"""The code findings on real corpus changes (docs/findings.md): what was judged, kept as
regression tests for the exclusion rules found there."""

from __future__ import annotations

import json
import subprocess

import pytest
from support import CORPUS, git

HISTORY = CORPUS / "history"


def _clone(name: str, head: str, tmp_path):
    bundle = HISTORY / f"{name}.bundle"
    if not bundle.is_file():
        pytest.skip("needs the real-world corpus")
    root = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(bundle), str(root)], check=True)
    git(root, "checkout", "-q", head)
    return root


def _findings(run_cli, root, rng: str, *specs: str) -> dict[str, list[dict]]:
    args = [a for s in specs for a in ("--spec", s)]
    r = run_cli("check", "-C", str(root), "--range", rng, "--format", "json", *args)
    assert r.code in (0, 1), r
    out: dict[str, list[dict]] = {}
    for f in json.loads(r.out)["findings"]:
        out.setdefault(f["kind"], []).append(f)
    return out


def test_backoffice_tasks_that_say_where_their_work_went_are_no_phantoms(run_cli, tmp_path):
    root = _clone("3bDevDZ+backoffice-app", "6d384f9ee974", tmp_path)
    found = _findings(run_cli, root, "27a5efc66dff..6d384f9ee974", "specs/002-commercial-management-phase2/spec.md")
    # T220, T221, T235, T244, T245 name `app/api/billing.py`, which no commit wrote, and each
    # says "Note: Implemented in frontend routes ...": the list itself says where the work went.
    assert "phantom-task" not in found
    # Their note that the change touches none of their files stands.
    notes = {f["message"].split()[1] for f in found["task-not-in-change"] if "app/api/billing.py" in f["message"]}
    assert notes == {"T220", "T221", "T235", "T244", "T245"}
    (stub,) = found["stub-code"]
    assert stub["message"].startswith("`PurchaseReceiptValidatedDomainEventHandler.map_to_integration_event` is a stub")
    assert {f["message"].split("`")[1] for f in found["unwired-code"]} == {"get_company_settings",
                                                                         "get_default_tax_rate"}


def test_object_literal_callbacks_are_not_unwired(run_cli, tmp_path):
    # bmad-todo-app: 66 of 67 were TanStack Query callbacks (mutationFn, onSuccess...).
    root = _clone("AlessioScarfone+bmad-todo-app", "72122d1111a9", tmp_path)
    found = _findings(run_cli, root, "eb193c31767c..72122d1111a9", "_bmad-output/planning-artifacts/prd.md")
    assert [f["message"].split("`")[1] for f in found["unwired-code"]] == ["useDeleteLabel"]
    assert found["unwired-code"][0]["evidence"][1]["what"] == "referenced from tests only"


def test_a_file_the_range_created_and_removed_and_a_task_list_shared_by_specs(run_cli, tmp_path):
    # hibi: task 13.2 migrated App.css to Tailwind and deleted it inside the range.
    root = _clone("hdyksha+hibi", "93847288e2aa", tmp_path)
    found = _findings(run_cli, root, "de1eaca87212..93847288e2aa", ".kiro/specs/todo-app/requirements.md")
    assert "phantom-task" not in found
    # PineSnap: five specs of one OpenSpec change share its task list: one finding per task.
    root = _clone("HaoNan2k+PineSnap", "5a10bedfffc3", tmp_path)
    found = _findings(run_cli, root, "2571294d3eac..5a10bedfffc3")
    keys = [(f["path"], f["line"]) for f in found["phantom-task"]]
    assert len(keys) == len(set(keys)) == 1 and "docs/learning/canvas-tool-design.md" in found["phantom-task"][0]["message"]


def test_task_notes_only_for_tasks_the_range_ticked_and_once_per_shared_list(run_cli, tmp_path):
    # hibi's colour-palette range, every spec of the repository: the range ticks tasks of
    # one list; the other four lists (19 notes for code-refactoring alone) are not its claims.
    root = _clone("hdyksha+hibi", "5ad50214396b", tmp_path)
    found = _findings(run_cli, root, "3215d65947bf..5ad50214396b")
    lists = {f["path"] for f in found.get("task-not-in-change", [])}
    assert lists <= {".kiro/specs/color-palette-selector-2025-11-19/tasks.md"}
    # PineSnap: five specs share one OpenSpec change's task list: each note once.
    root = _clone("HaoNan2k+PineSnap", "5a10bedfffc3", tmp_path)
    found = _findings(run_cli, root, "2571294d3eac..5a10bedfffc3")
    keys = [(f["path"], f["line"]) for f in found.get("task-not-in-change", [])]
    assert len(keys) == len(set(keys))


def test_backoffice_whole_life_as_judged_in_the_docs(run_cli, tmp_path):
    # docs/findings.md, "After": backoffice-app from its oldest root to HEAD, every spec.
    root = _clone("3bDevDZ+backoffice-app", "6d384f9ee974", tmp_path)
    found = _findings(run_cli, root, "66d9e5ecaf3f..6d384f9ee974")
    assert "phantom-task" not in found  # T220... say "Implemented in frontend routes"
    assert len(found["stub-code"]) == 10
    unwired = {(f["path"], f["message"].split("`")[1]) for f in found["unwired-code"]}
    assert len(unwired) == len(found["unwired-code"]) == 21
    # Functions of an HTML template's inline script that nothing, markup included, calls.
    page = "app/templates/sales/quote_form.html"
    assert {(page, "loadVariants"), (page, "updatePriceFromVariant")} <= unwired
    assert sum(p.endswith(".py") for p, _ in unwired) == 16


def test_an_npm_package_a_task_names_is_no_file_the_change_missed(run_cli, tmp_path):
    root = _clone("gubikonchu+task-lens-by-cc-sdd", "e72215587426", tmp_path)
    found = _findings(run_cli, root, "5310e693da88..e72215587426", ".kiro/specs/todo-app/requirements.md")
    missed = {f["line"]: f["message"] for f in found.get("task-not-in-change", [])}
    # Task 1.1 names `@vitejs/plugin-react` (a package it adds to vite.config.ts, which the
    # change wrote): not a path. Task 4.1 names `src/app/App.tsx`, where the change wrote
    # src/App.tsx: a path it did not touch, still noted.
    assert 4 not in missed, missed[4]
    assert "src/app/App.tsx" in missed[113]


def test_suggest_and_check_note_the_same_done_tasks(run_cli, tmp_path):
    """One rule for "task X is marked done but the change touches none of its files": a
    task the range claims (evidence/claims.py). suggest said it of every done task of the
    list, so over a README edit after the work it listed twelve tasks check did not."""
    root = _clone("gubikonchu+task-lens-by-cc-sdd", "e72215587426", tmp_path)
    spec = ".kiro/specs/todo-app/requirements.md"
    (root / "NOTES.md").write_text("other work\n", encoding="utf-8")
    git(root, "add", "NOTES.md")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "notes")
    noted = {}
    for rng in ("5310e693da88..e72215587426", "HEAD~1..HEAD"):
        checked = {(f["path"], f["line"]) for f in _findings(run_cli, root, rng, spec).get("task-not-in-change", [])}
        r = run_cli("suggest", "-C", str(root), "--spec", spec, "--range", rng, "--limit", "1")
        assert r.code == 0, r
        said = {tuple(ln.split(": note:")[0].rsplit(":", 1)) for ln in r.err.splitlines() if "[task-not-in-change]" in ln}
        assert {(p, int(n)) for p, n in said} == checked, (rng, said, checked)
        noted[rng] = checked
    # The implementing range: task 4.1 names src/app/App.tsx, the change wrote src/App.tsx.
    assert noted["5310e693da88..e72215587426"] == {(".kiro/specs/todo-app/tasks.md", 113)}
    assert noted["HEAD~1..HEAD"] == set()  # the edit after the work claims no task

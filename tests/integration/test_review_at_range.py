"""Records are anchored to the revision being reviewed (issue 23 item 1): on a real
history whose review range ends commits before HEAD, `review`, `change` and `scar add`
with `--range A..B` record B's lines, and `check --range` and `report --range` show
exactly those lines, neither stale nor moved. HEAD's copy of the file differs there:
anchored at HEAD, the same line numbers name other code (and one link went stale)."""

from __future__ import annotations

import json

import pytest
import yaml
from support import clone_history, git

KIRO = "namidapoo/todo-app-using-kiro"
BASE, TARGET = "930497f", "b52bb79"  # the spec's commit .. an implementing commit; later ones edit the hook
RANGE = f"{BASE}..{TARGET}"
SPEC = ".kiro/specs/modern-todo-app/requirements.md"
HOOK = "app/hooks/useTodos.ts"


@pytest.fixture
def kiro(tmp_path):
    return clone_history(KIRO, tmp_path / "repo")


def _lines(root, rev: str, first: int, last: int) -> list[str]:
    return git(root, "show", f"{rev}:{HOOK}").splitlines()[first - 1:last]


def test_records_made_on_a_range_before_head_are_its_lines(kiro, run_cli):
    root = str(kiro)
    target = git(kiro, "rev-parse", TARGET).strip()
    assert _lines(kiro, TARGET, 40, 57) != _lines(kiro, "HEAD", 40, 57)  # HEAD moved this code

    ok = run_cli("review", "-C", root, "--spec", SPEC, "--clause", "1.1", "--verdict", "implemented",
                 "--range", RANGE, "--link", f"{HOOK}:40-57")
    assert ok.code == 0, ok
    assert run_cli("change", "-C", root, "--spec", SPEC, "--range", RANGE, f"{HOOK}:60-70",
                   "--as", "explained").code == 0
    scar = run_cli("scar", "add", "-C", root, "--spec", SPEC, "--range", RANGE, f"{HOOK}:43-43",
                   "--title", "direct helper call", "--why", "the helper is called with the raw list")
    assert scar.code == 0, scar
    sid = scar.out.strip()

    audit = yaml.safe_load((kiro / ".specaudit" / (SPEC + ".audit.yaml")).read_text())
    review = audit["reviews"]["1.1"]
    assert review["commit"] == target
    assert [(lk["path"], lk["lines"], lk["commit"]) for lk in review["links"]] == [(HOOK, "40-57", target)]
    assert (audit["scars"][sid]["lines"], audit["scars"][sid]["commit"]) == ("43-43", target)
    assert audit["changes"][f"{HOOK}:60-70"]["commit"] == target

    check = json.loads(run_cli("check", "-C", root, "--range", RANGE, "--format", "json").out)
    assert not [f for f in check["findings"] if f["kind"] in ("stale-code", "scar-overwritten")], check["findings"]
    report = json.loads(run_cli("report", "-C", root, "--range", RANGE, "--format", "json").out)
    (spec,) = report["specs"]
    (link,) = next(c for c in spec["clauses"] if c["key"] == "1.1")["links"]
    assert (link["lines"], link["now"]["lines"], link["stale"], link["now"]["moved"]) == ([40, 57], [40, 57], False, False)
    (scarred,) = spec["scars"]
    assert (scarred["lines"], scarred["now"]["lines"], scarred["overwritten"]) == ([43, 43], [43, 43], False)


def test_without_a_range_the_lines_are_heads(kiro, run_cli):
    """The default stays HEAD: the same numbers name HEAD's lines."""
    root = str(kiro)
    assert run_cli("review", "-C", root, "--spec", SPEC, "--clause", "1.1", "--verdict", "implemented",
                   "--link", f"{HOOK}:40-57").code == 0
    audit = yaml.safe_load((kiro / ".specaudit" / (SPEC + ".audit.yaml")).read_text())
    assert audit["reviews"]["1.1"]["links"][0]["commit"] == git(kiro, "rev-parse", "HEAD").strip()

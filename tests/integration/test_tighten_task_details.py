"""Amending a task of a real tasks.md (Kiro, Spec Kit) rewrites its headline and keeps its
checkbox, number and nested detail bullets; the guard accepts exactly that change. It used
to refuse every Kiro task with detail lines ("would read differently from the text given")."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, tighten_scar

from specaudit.app.store.audit_store import save_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Audit, Scar

SCAR_ID = "S-0badc0de"
TASK_FILES = sorted(p for p in CORPUS.glob("*/*/*tasks.md")
                    if p.name.startswith(".kiro__") or p.name.startswith("specs__"))


@pytest.mark.parametrize("local", TASK_FILES, ids=lambda p: p.parent.name)
def test_amended_task_keeps_its_number_checkbox_and_detail_lines(tmp_path, local):
    rel = local.name.replace("__", "/")
    root = tmp_path / "repo"
    (root / rel).parent.mkdir(parents=True)
    shutil.copyfile(local, root / rel)
    before = load_spec(root, rel)
    task = next((c for c in before.clauses if c.kind == "task" and c.meta["edit"][1] < c.span[1]), None)
    if task is None:
        pytest.skip("no task with detail lines in this file")
    scar = Scar(SCAR_ID, "src/retry.py", 3, 5, "Retries stay flat against the bank gateway",
                "The bank's limiter herded our doubling retries.", clause=task.key, incident="PAY-1142")
    save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
    old = (root / rel).read_text(encoding="utf-8").splitlines()

    done = tighten_scar(root, rel, SCAR_ID, "Retry the bank gateway flatly, 1.5 s apart")

    assert done.key == task.key
    new = (root / rel).read_text(encoding="utf-8").splitlines()
    first, last = task.meta["edit"]
    tail = len(old) - last
    assert new[: first - 1] == old[: first - 1] and new[len(new) - tail:] == old[last:]
    headline = " ".join(ln.strip() for ln in new[first - 1: len(new) - tail])
    assert new[first - 1].startswith(task.meta["prefix"]) and "Retry the bank gateway flatly" in headline
    after = load_spec(root, rel)
    assert [c.key for c in after.clauses] == [c.key for c in before.clauses]
    amended = after.clause(task.key)
    details = task.text.splitlines()[1:]
    assert amended.text.splitlines()[-len(details):] == details  # the details, as they were
    assert amended.refs == task.refs

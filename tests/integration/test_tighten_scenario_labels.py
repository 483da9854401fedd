"""Spec Kit acceptance scenarios labelled like todo2's ("3. **US1-AS3**: **Given** ...") keep
their label when a scar amends one, and a scenario added after one is labelled like its
siblings with the number it is keyed by. Both used to be written bare ("3. Retry ..."),
unlike every neighbour, and a label is what people and tests cite ("Write test US1-AS3")."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, tighten_scar

from specaudit.app.store.audit_store import save_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Audit, Scar

LOCAL = CORPUS / "speckit" / "sunfmin__todo2" / "specs__001-todo-app__spec.md"
REL = "specs/001-todo-app/spec.md"
SCAR_ID = "S-0badc0de"
TEXT = "Given the gateway times out, When the user retries, Then the retry waits 1.5 s"

pytestmark = pytest.mark.skipif(not LOCAL.is_file(), reason="spec corpus not available")


def _repo(tmp_path):
    root = tmp_path / "repo"
    (root / REL).parent.mkdir(parents=True)
    shutil.copyfile(LOCAL, root / REL)
    scar = Scar(SCAR_ID, "src/retry.py", 3, 5, "Retries stay flat against the bank gateway",
                "The bank's limiter herded our doubling retries.", clause="US1/AC3", incident="PAY-1142")
    save_audit(root, Audit(REL, scars={SCAR_ID: scar}))
    return root, load_spec(root, REL)


def test_amended_scenario_keeps_its_label(tmp_path):
    root, before = _repo(tmp_path)
    old = before.clause("US1/AC3")
    done = tighten_scar(root, REL, SCAR_ID, TEXT)
    assert done.key == "US1/AC3"
    line = (root / REL).read_text(encoding="utf-8").splitlines()[old.span[0] - 1]
    assert line.startswith("3. **US1-AS3**: Given the gateway times out")
    after = load_spec(root, REL)
    assert [c.key for c in after.clauses] == [c.key for c in before.clauses]


def test_added_scenario_is_labelled_like_its_siblings(tmp_path):
    root, before = _repo(tmp_path)
    done = tighten_scar(root, REL, SCAR_ID, TEXT, add=True)
    assert done.key == "US1/AC9"  # US1 has 8 scenarios
    after = load_spec(root, REL)
    new = after.clause("US1/AC9")
    line = (root / REL).read_text(encoding="utf-8").splitlines()[new.span[0] - 1]
    assert line.startswith("9. **US1-AS9**: Given the gateway times out")
    assert new.meta["label"] == "**US1-AS9**:"
    assert [c.key for c in after.clauses if c.key != "US1/AC9"] == [c.key for c in before.clauses]

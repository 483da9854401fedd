"""Tightening a BMAD PRD ("- **FR3:** ...") or its epics inventory ("FR3: ..." lines) on the
real corpus files: an amended requirement keeps its id as written, a new one gets the next
free id in the same form, on the same list or paragraph. The PRD's id used to be dropped
(the amend was refused: the key would change) and a new one was written as a bare bullet."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, tighten_scar

from specaudit.app.store.audit_store import save_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Audit, Scar

BMAD = CORPUS / "bmad" / "AlessioScarfone__bmad-todo-app"
SCAR_ID = "S-0badc0de"
TEXT = "Sessions stay valid for 30 days after the last request"
pytestmark = pytest.mark.skipif(not BMAD.is_dir(), reason="spec corpus not available")


def _repo(tmp_path, name):
    rel = name.replace("__", "/")
    root = tmp_path / "repo"
    (root / rel).parent.mkdir(parents=True)
    shutil.copyfile(BMAD / name, root / rel)
    scar = Scar(SCAR_ID, "src/auth.py", 3, 5, "Sessions slide", "Users were logged out mid-task.",
                clause="FR3", incident="BUG-7")
    save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
    return root, rel, load_spec(root, rel)


@pytest.mark.parametrize(("name", "written"), [("_bmad-output__planning-artifacts__prd.md", "- **FR3:** "),
                                               ("_bmad-output__planning-artifacts__epics.md", "FR3: ")],
                         ids=["prd", "epics"])
def test_amended_requirement_keeps_its_id(tmp_path, name, written):
    root, rel, before = _repo(tmp_path, name)
    done = tighten_scar(root, rel, SCAR_ID, TEXT)
    assert done.key == "FR3"
    after = load_spec(root, rel)
    line = (root / rel).read_text(encoding="utf-8").splitlines()[after.clause("FR3").span[0] - 1]
    assert line.startswith(written + TEXT)
    assert [c.key for c in after.clauses] == [c.key for c in before.clauses]


@pytest.mark.parametrize(("name", "written"), [("_bmad-output__planning-artifacts__prd.md", "- **FR30:** "),
                                               ("_bmad-output__planning-artifacts__epics.md", "FR30: ")],
                         ids=["prd", "epics"])
def test_added_requirement_gets_the_next_id_in_the_same_form(tmp_path, name, written):
    root, rel, before = _repo(tmp_path, name)
    done = tighten_scar(root, rel, SCAR_ID, TEXT, add=True)
    assert done.key == "FR30"
    after = load_spec(root, rel)
    new = after.clause("FR30")
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    assert lines[new.span[0] - 1].startswith(written + TEXT)
    assert lines[new.span[0] - 2].startswith(written.replace("FR30", "FR3"))  # right under FR3
    assert [c.key for c in after.clauses if c.key != "FR30"] == [c.key for c in before.clauses]

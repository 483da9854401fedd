"""``tighten --add`` after a whole Kiro requirement or Spec Kit user story writes a new
heading clause ("### Requirement 13: ...", "### User Story 5 - ...") on the real corpus
specs, and the guard accepts it: it used to refuse both ("would read differently from the
text given") because the heading's label was not in the text given."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, tighten_scar

from specaudit.app.store.audit_store import save_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Audit, Scar

SCAR_ID = "S-0badc0de"
CASES = [
    ("kiro/gubikonchu__task-lens-by-cc-sdd/.kiro__specs__todo-app__requirements.md", "3", "13",
     "### Requirement 13: Retries stay flat against the bank gateway"),
    ("speckit/sunfmin__todo2/specs__001-todo-app__spec.md", "US2", "US5",
     "### User Story 5 - Retries stay flat against the bank gateway"),
    ("openspec/Fission-AI__OpenSpec/openspec__specs__cli-validate__spec.md", "cli-validate#Interactivity controls",
     "cli-validate#Retries stay flat against the bank gateway",
     "### Requirement: Retries stay flat against the bank gateway"),
]


@pytest.mark.parametrize(("local", "after", "new_key", "heading"), CASES, ids=["kiro", "speckit", "openspec"])
def test_new_requirement_or_story_after_a_whole_one(tmp_path, local, after, new_key, heading):
    src = CORPUS / local
    if not src.is_file():
        pytest.skip("spec corpus not available")
    rel = src.name.replace("__", "/")
    root = tmp_path / "repo"
    (root / rel).parent.mkdir(parents=True)
    shutil.copyfile(src, root / rel)
    scar = Scar(SCAR_ID, "src/retry.py", 3, 5, "Retries stay flat against the bank gateway",
                "The bank's limiter herded our doubling retries.", clause=after, incident="PAY-1142")
    save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
    before = load_spec(root, rel)

    done = tighten_scar(root, rel, SCAR_ID, add=True)

    assert done.key == new_key
    after_spec = load_spec(root, rel)
    new = after_spec.clause(new_key)
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    assert lines[new.span[0] - 1].startswith(heading)
    assert [c.key for c in after_spec.clauses if c.key != new_key] == [c.key for c in before.clauses]
    assert SCAR_ID in new.text
    # Named by its sentence, the whole sentence (scar note and all) as its body, like its
    # neighbours; the heading holds no "(scar ...)" and no final full stop.
    assert lines[new.span[0] - 1] == heading
    assert not new.meta.get("bodyless") and SCAR_ID in lines[new.span[0] + 1]

"""Tightening native to each format, against the real-world corpus: Spec Kit FRs amended in
place or added with the next free number, Kiro EARS criteria under the right requirement,
OpenSpec requirements amended in place or written as a change with MODIFIED Requirements.
Every other byte of the file stays, and every other clause parses the same."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import CORPUS, clone_history, tighten_scar

from specaudit.app.store.audit_store import save_audit
from specaudit.app.tighten.tightening import apply_tightening, propose_from_scar
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import Audit, Scar
from specaudit.core.ears import SUBJECT as EARS_SUBJECT
from specaudit.formats.kiro import ears_pattern

SCAR_ID = "S-0badc0de"


def _original_path(local: Path) -> str:
    return local.name.replace("__", "/")


def _files(fmt: str, suffix: str) -> list[Path]:
    return sorted(p for p in (CORPUS / fmt).glob("*/*") if _original_path(p).endswith(suffix))


def _setup(tmp_path: Path, local: Path, clause: str) -> tuple[Path, str]:
    root = tmp_path / "repo"
    rel = _original_path(local)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(local, root / rel)
    scar = Scar(SCAR_ID, "src/retry.py", 3, 5, "Retries stay flat against the bank gateway",
                "The bank's limiter herded our doubling retries.", clause=clause, incident="PAY-1142")
    save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
    return root, rel


def _same_outside(old: bytes, new: bytes, first: int, last: int) -> list[bytes]:
    """The lines that replaced old lines first..last; every line outside them is the same."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    tail = len(a) - last
    assert b[: first - 1] == a[: first - 1]
    assert b[len(b) - tail:] == a[len(a) - tail:] if tail else True
    return b[first - 1: len(b) - tail]


def _others_parse_the_same(before, after, skip: set[str]) -> None:
    old = {c.key: c.text for c in before.clauses if c.key not in skip}
    new = {c.key: c.text for c in after.clauses}
    assert {k: new.get(k) for k in old} == old


SPECKIT = _files("speckit", "/spec.md")
KIRO = _files("kiro", "/requirements.md")
OPENSPEC = [p for p in _files("openspec", "/spec.md") if "/changes/" not in _original_path(p)]


@pytest.mark.parametrize("local", SPECKIT, ids=lambda p: p.parent.name)
def test_speckit_fr_amended_in_place_or_added_with_the_next_number(tmp_path, local):
    spec = load_spec(local.parent, local.name, "speckit")
    fr = next(c for c in spec.clauses if re.fullmatch(r"FR-\d+", c.key))
    root, rel = _setup(tmp_path, local, fr.key)
    before_bytes, before = (root / rel).read_bytes(), load_spec(root, rel)
    done = tighten_scar(root, rel, SCAR_ID, "The system MUST retry the bank gateway flatly, 1.5 s apart")
    assert done.key == fr.key
    edit_first, edit_last = fr.meta["edit"]
    new_lines = _same_outside(before_bytes, (root / rel).read_bytes(), edit_first, edit_last)
    assert new_lines[0].lstrip().startswith(f"{fr.meta['prefix'].strip()} **{fr.key}**".strip().encode())
    after = load_spec(root, rel)
    assert SCAR_ID in after.clause(fr.key).text and "PAY-1142" in after.clause(fr.key).text
    _others_parse_the_same(before, after, {fr.key})

    # --add on a fresh copy: a new FR with the next free number, right under it.
    root2, rel2 = _setup(tmp_path / "add", local, fr.key)
    done = tighten_scar(root2, rel2, SCAR_ID, add=True)
    numbers = [int(k[3:]) for k in (c.key for c in before.clauses) if re.fullmatch(r"FR-\d+", k)]
    assert done.key == f"FR-{max(numbers) + 1:0{len(fr.key) - 3}d}"
    after2 = load_spec(root2, rel2)
    _others_parse_the_same(before, after2, set())
    assert after2.clause(done.key).text.startswith(f"**{done.key}**")


@pytest.mark.parametrize("local", KIRO, ids=lambda p: p.parent.name + "/" + p.name)
def test_kiro_ears_criterion_under_the_right_requirement(tmp_path, local):
    spec = load_spec(local.parent, local.name, "kiro")
    crit = next(c for c in spec.clauses if "requirement" in c.meta)
    root, rel = _setup(tmp_path, local, crit.key)
    before_bytes, before = (root / rel).read_bytes(), load_spec(root, rel)
    done = tighten_scar(root, rel, SCAR_ID)  # amend: EARS, number and indentation kept
    assert done.key == crit.key
    new_lines = _same_outside(before_bytes, (root / rel).read_bytes(), *crit.meta["edit"])
    assert new_lines[0].startswith(crit.meta["prefix"].encode())
    after = load_spec(root, rel)
    text = after.clause(crit.key).text
    assert ears_pattern(text) is not None and SCAR_ID in text
    # The system's own name, keywords in the criteria's own case ("the Todo App shall" in
    # task-lens, where "THE SYSTEM SHALL" was written before).
    subject = EARS_SUBJECT.search(before.clause(crit.key).text)
    the = "THE" if subject is None or subject.group(3).isupper() else "The"
    assert (f"{the} {subject.group(2)} {subject.group(3)}" if subject else "THE SYSTEM SHALL") in text, text
    _others_parse_the_same(before, after, {crit.key})

    root2, rel2 = _setup(tmp_path / "add", local, crit.key)
    done = tighten_scar(root2, rel2, SCAR_ID, "WHEN the bank gateway answers 503 THE SYSTEM SHALL retry flatly",
                        add=True)
    after2 = load_spec(root2, rel2)
    new = after2.clause(done.key)
    assert new.meta["requirement"] == crit.meta["requirement"] and new.text.startswith("WHEN the bank")
    _others_parse_the_same(before, after2, set())


def test_every_criterion_of_a_real_bmad_story_amended_keeps_its_label_and_situation(tmp_path):
    """bmad-todo-app's stories write each criterion as a bold label over "- **Given**" /
    "- **When**" / "- **Then**" bullets. Amending one was refused; now the label and the steps
    up to the first Then stay, the scar is the outcome, and every other byte stays."""
    root = clone_history("AlessioScarfone/bmad-todo-app", tmp_path / "bmad")
    rel = "_bmad-output/implementation-artifacts/2-2-create-task.md"
    before = load_spec(root, rel)
    criteria = [c for c in before.clauses if c.kind == "scenario" and re.match(r"AC\d+$", c.key)]
    assert len(criteria) == 5
    for c in criteria:
        shutil.rmtree(root / ".specaudit", ignore_errors=True)  # each criterion on the story as committed
        subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", rel], check=True)
        scar = Scar(SCAR_ID, "backend/src/app.ts", 1, 2, "Retries stay flat against the bank gateway",
                    "The bank's limiter herded our doubling retries.", clause=c.key, incident="PAY-1142")
        save_audit(root, Audit(rel, scars={SCAR_ID: scar}))
        old_bytes = (root / rel).read_bytes()
        first, last = c.meta["edit"]
        raw = [ln.rstrip("\r\n") for ln in old_bytes.decode().splitlines()[first - 1:last]]
        situation = raw[:next(i for i, ln in enumerate(raw) if ln.startswith("- **Then**"))]
        assert tighten_scar(root, rel, SCAR_ID).key == c.key
        written = _same_outside(old_bytes, (root / rel).read_bytes(), first, last)
        assert [ln.decode().rstrip("\r\n") for ln in written] == [
            *situation, f"- **Then** Retries stay flat against the bank gateway (scar {SCAR_ID}, PAY-1142)."]
        _others_parse_the_same(before, load_spec(root, rel), {c.key})


@pytest.mark.parametrize("local", OPENSPEC, ids=lambda p: p.parent.name)
def test_openspec_requirement_amended_in_place_keeps_its_scenarios(tmp_path, local):
    spec = load_spec(local.parent, local.name, "openspec")
    req = next(c for c in spec.clauses if c.kind == "requirement" and not c.meta.get("bodyless"))
    root, rel = _setup(tmp_path, local, req.key)
    before_bytes, before = (root / rel).read_bytes(), load_spec(root, rel)
    done = tighten_scar(root, rel, SCAR_ID, "The system SHALL retry the bank gateway flatly")
    assert done.key == req.key
    _same_outside(before_bytes, (root / rel).read_bytes(), *req.meta["edit"])
    after = load_spec(root, rel)
    _others_parse_the_same(before, after, {req.key})


INLINE = [p for p in SPECKIT if any(c.kind == "scenario" and "**Then**" in c.text and "\n" not in c.text.strip()
                                    for c in load_spec(p.parent, p.name, "speckit").clauses)]


@pytest.mark.parametrize("local", INLINE[:3], ids=lambda p: p.parent.name)
def test_a_speckit_scenario_amended_keeps_its_given_and_when(tmp_path, local):
    """"**US1-AS6**: **Given** ..., **When** ..., **Then** the todo is accepted" became
    "**US1-AS6**: Limits 500 bytes ... (scar ...)": the situation was lost. It stays; the
    scar's title follows its **Then**."""
    spec = load_spec(local.parent, local.name, "speckit")
    scenario = next(c for c in spec.clauses if c.kind == "scenario" and "**Then**" in c.text and "\n" not in c.text.strip())
    situation = scenario.text[:scenario.text.rindex("**Then**") + len("**Then**")]
    root, rel = _setup(tmp_path, local, scenario.key)
    before_bytes, before = (root / rel).read_bytes(), load_spec(root, rel)
    tighten_scar(root, rel, SCAR_ID)
    after = load_spec(root, rel)
    assert after.clause(scenario.key).text == f"{situation} Retries stay flat against the bank gateway (scar {SCAR_ID}, PAY-1142)."
    _same_outside(before_bytes, (root / rel).read_bytes(), *scenario.meta["edit"])
    _others_parse_the_same(before, after, {scenario.key})


STEPPED = [p for p in _files("openspec", "/spec.md")
           if any(c.kind == "scenario" and re.search(r"^- \*\*THEN\*\*", c.text, re.M)
                  for c in load_spec(p.parent, p.name, "openspec").clauses)]


@pytest.mark.parametrize("local", STEPPED[:4], ids=lambda p: p.parent.name)
def test_an_openspec_scenario_amended_keeps_its_situation_and_takes_the_scar_as_its_outcome(tmp_path, local):
    """A scenario's "- **WHEN** ... - **THEN** ..." became one sentence ("Shows zero bars
    (scar ...)."): no steps left for OpenSpec to read. Amended, it keeps its steps up to the
    first THEN and the scar's behaviour is its outcome; a verdict's note is one more AND."""
    spec = load_spec(local.parent, local.name, "openspec")
    scenario = next(c for c in spec.clauses if c.kind == "scenario" and re.search(r"^- \*\*THEN\*\*", c.text, re.M))
    situation = scenario.text.split("\n- **THEN**")[0]
    root, rel = _setup(tmp_path, local, scenario.key)
    before_bytes, before = (root / rel).read_bytes(), load_spec(root, rel)
    done = tighten_scar(root, rel, SCAR_ID)
    assert done.key == scenario.key
    after = load_spec(root, rel)
    assert after.clause(scenario.key).text == (f"{situation}\n- **THEN** Retries stay flat against the bank "
                                               f"gateway (scar {SCAR_ID}, PAY-1142).")
    _same_outside(before_bytes, (root / rel).read_bytes(), *scenario.meta["edit"])
    _others_parse_the_same(before, after, {scenario.key})


@pytest.mark.parametrize("local", OPENSPEC, ids=lambda p: p.parent.name)
def test_openspec_change_carries_the_whole_requirement_and_leaves_the_spec(tmp_path, local):
    spec = load_spec(local.parent, local.name, "openspec")
    req = next(c for c in spec.clauses if c.kind == "requirement" and not c.meta.get("bodyless"))
    root, rel = _setup(tmp_path, local, req.key)
    spec_bytes = (root / rel).read_bytes()
    proposal = propose_from_scar(root, rel, SCAR_ID, change="tighten-retries")
    done = apply_tightening(root, proposal, "The system SHALL retry the bank gateway flatly")
    assert (root / rel).read_bytes() == spec_bytes  # the main spec is not edited
    cap = req.meta["capability"]
    change_rel = rel.split("/specs/")[0] + f"/changes/tighten-retries/specs/{cap}/spec.md"
    assert done.written == (change_rel,)
    change_text = (root / change_rel).read_text()
    assert change_text.startswith("## MODIFIED Requirements\n\n### Requirement: ")
    change = load_spec(root, change_rel, "openspec")
    new_req = change.clause(req.key)
    assert "modified" in new_req.flags and SCAR_ID in new_req.text
    scenarios = [c.key for c in before_scenarios(spec, req.key)]
    assert scenarios and [c.key for c in before_scenarios(change, req.key)] == scenarios
    for key in scenarios:
        assert change.clause(key).text == spec.clause(key).text


def before_scenarios(spec, req_key):
    return [c for c in spec.clauses if c.meta.get("requirement") == req_key]


def test_openspec_change_joins_an_existing_change_file_byte_for_byte(tmp_path):
    main = next(p for p in OPENSPEC if "cli-validate" in p.name)
    existing = CORPUS / "openspec" / "Fission-AI__OpenSpec" / \
        "openspec__changes__adopt-delta-based-changes__specs__cli-archive__spec.md"
    spec = load_spec(main.parent, main.name, "openspec")
    req = next(c for c in spec.clauses if c.kind == "requirement" and not c.meta.get("bodyless"))
    root, rel = _setup(tmp_path, main, req.key)
    change_rel = "openspec/changes/adopt-delta-based-changes/specs/cli-validate/spec.md"
    (root / change_rel).parent.mkdir(parents=True)
    shutil.copyfile(existing, root / change_rel)
    old = (root / change_rel).read_bytes()
    old_change = load_spec(root, change_rel, "openspec")
    apply_tightening(root, propose_from_scar(root, rel, SCAR_ID, change="adopt-delta-based-changes"))
    new = (root / change_rel).read_bytes()
    old_lines, new_lines = old.splitlines(), new.splitlines()
    kept, i = [], 0
    for line in new_lines:  # only lines added: every old line kept, in order
        if i < len(old_lines) and line == old_lines[i]:
            kept.append(line)
            i += 1
    assert kept == old_lines
    assert new.startswith(old)  # here the section runs to the end: the requirement is appended
    after = load_spec(root, change_rel, "openspec")
    _others_parse_the_same(old_change, after, set())
    assert "modified" in after.clause(req.key).flags


@pytest.mark.parametrize("title, said", [
    ("cuts a month at 500 invoices", "Cuts a month at 500 invoices (scar S-0001)."),
    ("`export_month` cuts at 500", "`export_month` cuts at 500 (scar S-0001)."),
    ("iOS exports stop at 500", "iOS exports stop at 500 (scar S-0001)."),
])
def test_a_scar_title_amends_a_clause_in_its_sentence_case(tmp_path, title, said):
    # A YAML spec's "An export of up to 500 invoices ..." became "cuts a month at 500 invoices".
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    (root / "specs/export.yaml").write_text("schema: 1\ntitle: Export\nclauses:\n  - id: EXP-1\n"
                                            "    kind: requirement\n    text: An export of up to 500 invoices.\n")
    scar = Scar("S-0001", "src/export.py", 3, 5, title, "The bank rejects bigger files.", clause="EXP-1")
    save_audit(root, Audit("specs/export.yaml", scars={"S-0001": scar}))
    assert propose_from_scar(root, "specs/export.yaml", "S-0001").text == said

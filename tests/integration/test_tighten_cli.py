"""`specaudit tighten` as a subprocess on real repositories: a scar (or a violated verdict)
becomes a clause in the spec's own format, and nothing else in the file changes."""

from __future__ import annotations

import json
from pathlib import Path

from support import assert_one_line_error, tighten_scar
from support import git as _git

from specaudit.app.review.scars import add_scar
from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import SCAR_FOLDED, SCAR_OPEN
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"






def _only_scar(root: Path):
    (scar,) = load_audit(root, SPEC).scars.values()
    return scar


def _inserted(old: bytes, new: bytes) -> list[bytes]:
    """The lines ``new`` adds, asserting it only adds lines (every old byte kept, in order)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    i = 0
    added = []
    for line in new_lines:
        if i < len(old_lines) and line == old_lines[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(old_lines), "an existing line of the spec changed"
    return added


def _changed_lines(old: bytes, new: bytes) -> tuple[list[bytes], list[bytes]]:
    """(removed, added) lines, asserting the change is one contiguous block."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return a[head:len(a) - tail], b[head:len(b) - tail]


def test_scar_amends_its_clause_in_place_and_the_verdict_goes_stale(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    assert scar.status == SCAR_OPEN and scar.clause == "behavior-2"
    before_spec = load_spec(root, SPEC)
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-2",
                   "--verdict", "implemented").code == 0
    before = (root / SPEC).read_bytes()

    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--format", "json")
    assert r.code == 0, r
    out = json.loads(r.out)
    assert out["key"] == "behavior-2" and out["mode"] == "amend" and out["rekeyed"] == {}
    removed, added = _changed_lines(before, (root / SPEC).read_bytes())
    assert b"exponential backoff:" in removed[0] and len(removed) == 2
    # The spec's own style: a bullet like its neighbours, wrapped to their width, scar id and
    # incident carried, the story cut to its title.
    width = max(len(ln.rstrip()) for ln in before.decode().splitlines() if ln.startswith(("- ", "  ")))
    assert added[0].startswith(b"- ") and all(ln.startswith(b"  ") for ln in added[1:])
    assert all(len(ln.rstrip()) <= width for ln in added)
    spec = load_spec(root, SPEC)
    assert [c.key for c in spec.clauses] == [c.key for c in before_spec.clauses]  # no key moved
    text = " ".join(spec.clause("behavior-2").text.split())
    assert scar.title in text and scar.id in text and "PAY-1142" in text and "March peak" not in text

    audit = load_audit(root, SPEC)
    assert audit.scars[scar.id].status == SCAR_FOLDED and audit.scars[scar.id].folded_into == "behavior-2"
    review = audit.reviews["behavior-2"]
    assert review.verdict == "implemented" and review.history[-1].note == f"tightened from scar {scar.id}"
    check = run_cli("check", "-C", str(root), "--format", "json")
    stale = [f for f in json.loads(check.out)["findings"] if f["kind"] == "stale-spec"]
    assert [f["clause"] for f in stale] == ["behavior-2"]

    # Idempotent: the same tighten again writes nothing and says so.
    spec_bytes, audit_bytes = (root / SPEC).read_bytes(), audit_path(root, SPEC).read_bytes()
    again = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert again.code == 0 and "already folded into clause behavior-2" in again.out
    assert (root / SPEC).read_bytes() == spec_bytes and audit_path(root, SPEC).read_bytes() == audit_bytes


def test_add_writes_a_new_clause_and_rekeying_keeps_reviews_and_change_marks(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    before = (root / SPEC).read_bytes()
    anchor = load_spec(root, SPEC).clause(scar.clause)
    keys = [c.key for c in load_spec(root, SPEC).clauses]
    below = load_spec(root, SPEC).clause(keys[keys.index(scar.clause) + 1])
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", below.key, "--verdict", "violated",
                   "--note", "retries four times").code == 0
    assert run_cli("change", "--repo", str(root), "--spec", SPEC, "payment_retry/cache.py:1-3",
                   "--as", "out-of-scope").code == 0
    marks = dict(load_audit(root, SPEC).changes)
    assert marks

    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--add", "--format", "json")
    assert r.code == 0, r
    out = json.loads(r.out)
    added = _inserted(before, (root / SPEC).read_bytes())
    assert scar.id.encode() in b"".join(added) and added[0].startswith(b"- ")
    spec = load_spec(root, SPEC)
    assert spec.clause(out["key"]).span[0] == anchor.span[1] + 1  # right under the scar's clause
    audit = load_audit(root, SPEC)
    assert audit.scars[scar.id].folded_into == out["key"]
    moved_to = out["rekeyed"][below.key]
    assert audit.reviews[moved_to].verdict == "violated" and spec.clause(moved_to).text == below.text
    assert audit.changes == marks  # every change mark kept


def test_text_gets_the_scar_reference_and_crlf_file_keeps_its_line_endings(demo_repo, run_cli):
    root = demo_repo.path
    path = root / SPEC
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    scar = _only_scar(root)
    before = path.read_bytes()
    text = "Retries against the bank gateway are three flat attempts, 1.5 s apart"
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--text", text)
    assert r.code == 0, r
    removed, added = _changed_lines(before, path.read_bytes())
    assert all(ln.endswith(b"\r\n") for ln in added)
    joined = " ".join(b"".join(added).decode().split())
    assert joined == f"- {text} (scar {scar.id}, PAY-1142)."


def test_clause_picks_the_clause_to_amend(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--clause", "invariants-2",
                "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["key"] == "invariants-2"
    assert scar.id in load_spec(root, SPEC).clause("invariants-2").text
    assert "exponential backoff:" in load_spec(root, SPEC).clause("behavior-2").text


def test_scar_without_a_clause_goes_to_the_edge_cases_section(demo_repo, run_cli):
    root = demo_repo.path
    repo = open_repo(root)
    scar = add_scar(repo, SPEC, "payment_retry/gateway.py", 1, 2, "Sandbox answers 503 for declines",
                    "The sandbox gateway reports declines as 503.\nTreat them as final.", clause=None)
    edge_before = [c for c in load_spec(root, SPEC).clauses if c.kind == "edge-case"]
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert r.code == 0, r
    edge_after = [c for c in load_spec(root, SPEC).clauses if c.kind == "edge-case"]
    assert len(edge_after) == len(edge_before) + 1
    assert scar.id in edge_after[-1].text and "Sandbox answers 503" in edge_after[-1].text
    assert "Edge cases" in edge_after[-1].section[-1]


def test_violated_verdict_amends_its_clause(demo_repo, run_cli):
    root = demo_repo.path
    key = next(c.key for c in load_spec(root, SPEC).clauses if c.kind == "edge-case")
    note = "A Retry-After header shorter than the flat spacing still waits the full spacing"
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", key, "--verdict", "partial",
                   "--note", note).code == 0
    dry = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key, "--dry-run")
    assert dry.code == 0 and note in " ".join(dry.out.split()) and "before:" in dry.out
    assert _git(root, "status", "--porcelain", "--", SPEC) == ""  # dry run wrote nothing
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key, "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["key"] == key
    new = " ".join(load_spec(root, SPEC).clause(key).text.split())
    assert note in new and "tightened from the partial review" in new


def test_a_verdict_without_a_note_is_not_folded_as_a_placeholder(demo_repo, run_cli):
    """With no note there is nothing to fold in: the CLI refuses (one line saying how)
    unless --text gives the clause, and the window's editable draft names the clause by
    key, never by its display title (cut short, it wrote "...input stri...'" into specs)."""
    from specaudit.app.tighten.tightening import propose_from_verdict

    root = demo_repo.path
    key = next(c.key for c in load_spec(root, SPEC).clauses if c.kind == "edge-case")
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", key, "--verdict", "violated").code == 0
    spec_bytes = (root / SPEC).read_bytes()
    refused = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key)
    assert_one_line_error(refused)
    assert "no review note" in refused.err and "--text" in refused.err
    assert (root / SPEC).read_bytes() == spec_bytes
    draft = propose_from_verdict(root, SPEC, key, draft=True)
    assert f"State exactly what {key} requires" in draft.text and "\u2026" not in draft.text
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key, "--text",
                "A declined card is never retried, whatever the gateway's code")
    assert r.code == 0, r
    assert "never retried" in load_spec(root, SPEC).clause(key).text


def test_bad_requests_are_one_line_errors_and_change_nothing(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    spec_bytes = (root / SPEC).read_bytes()
    audit_bytes = audit_path(root, SPEC).read_bytes()
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", "S-00000000"))
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--text", "  "))
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--clause", "nope-9"))
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC))
    wrong = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--change", "x")
    assert_one_line_error(wrong)
    assert "OpenSpec change" in wrong.err and "layered" in wrong.err
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id, "--add",
                                  "--change", "x"))
    key = load_spec(root, SPEC).clauses[0].key
    assert_one_line_error(run_cli("tighten", "-C", str(root), "--spec", SPEC, "--clause", key))  # unreviewed
    assert (root / SPEC).read_bytes() == spec_bytes and audit_path(root, SPEC).read_bytes() == audit_bytes


def test_scar_whose_clause_was_deleted_is_refused_with_nothing_written(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    path = root / SPEC
    text = path.read_text()
    start = text.index("- Retries use exponential backoff")
    path.write_text(text[:start] + text[text.index("- At most three retries"):])
    _git(root, "commit", "-qam", "drop the backoff clause")
    spec_bytes, audit_bytes = path.read_bytes(), audit_path(root, SPEC).read_bytes()
    # behavior-2 is now "At most three retries": the scar's recorded clause key still exists,
    # so rename the scar's clause to one that is gone to model the deletion precisely.
    apath = audit_path(root, SPEC)
    apath.write_text(apath.read_text().replace("clause: behavior-2", "clause: behavior-9"))
    audit_bytes = apath.read_bytes()
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert_one_line_error(r)
    assert "behavior-9, which is no longer in" in r.err and "--add" in r.err
    assert path.read_bytes() == spec_bytes and apath.read_bytes() == audit_bytes


def test_failed_audit_save_rolls_the_spec_back_and_a_rerun_is_clean(demo_repo, monkeypatch):
    import specaudit.app.tighten.tightening as tighten
    from specaudit.core.errors import AuditFileError

    root = demo_repo.path
    scar = _only_scar(root)
    spec_bytes, audit_bytes = (root / SPEC).read_bytes(), audit_path(root, SPEC).read_bytes()
    real_save = tighten._save_audit

    def failing(*_a, **_k):
        raise AuditFileError("disk full", path=".specaudit/x")

    monkeypatch.setattr(tighten, "_save_audit", failing)
    try:
        tighten_scar(root, SPEC, scar.id)
    except AuditFileError:
        pass
    else:
        raise AssertionError("the failing save was not reported")
    assert (root / SPEC).read_bytes() == spec_bytes and audit_path(root, SPEC).read_bytes() == audit_bytes
    assert _git(root, "status", "--porcelain") == ""  # index and tree as they were
    monkeypatch.setattr(tighten, "_save_audit", real_save)
    done = tighten_scar(root, SPEC, scar.id)
    assert load_spec(root, SPEC).text.count(scar.id) == 1 and done.key == "behavior-2"


def test_corrupt_audit_file_leaves_the_spec_untouched(demo_repo, run_cli):
    root = demo_repo.path
    scar = _only_scar(root)
    apath = audit_path(root, SPEC)
    apath.write_text(apath.read_text() + "scars: {broken\n")
    spec_bytes, audit_bytes = (root / SPEC).read_bytes(), apath.read_bytes()
    r = run_cli("tighten", "-C", str(root), "--spec", SPEC, "--scar", scar.id)
    assert_one_line_error(r)
    assert ".audit.yaml:" in r.err
    assert (root / SPEC).read_bytes() == spec_bytes and apath.read_bytes() == audit_bytes


def test_yaml_spec_gets_a_yaml_entry_and_only_that(tmp_path, run_cli):
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    (root / "src").mkdir()
    spec = ("title: Payments\nclauses:\n  - id: PAY-1\n    text: Retry with exponential backoff.\n"
            "  - id: PAY-2\n    kind: non-goal\n    text: No caching.\n")
    (root / "specs" / "pay.yaml").write_text(spec)
    (root / "src" / "x.py").write_text("a\nb\nc\n")
    _git(tmp_path, "init", "-q", str(root))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")
    r = run_cli("scar", "add", "-C", str(root), "--spec", "specs/pay.yaml", "src/x.py:1-2",
                "--title", "Flat retries", "--why", "The bank's limiter herded our retries.", "--clause", "PAY-1")
    assert r.code == 0, r
    sid = r.out.strip()
    r = run_cli("tighten", "-C", str(root), "--spec", "specs/pay.yaml", "--scar", sid, "--add", "--format", "json")
    assert r.code == 0, r
    key = json.loads(r.out)["key"]
    added = b"".join(_inserted(spec.encode(), (root / "specs" / "pay.yaml").read_bytes()))
    assert f"id: {key}".encode() in added and sid.encode() in added
    parsed = load_spec(root, "specs/pay.yaml")
    assert [c.key for c in parsed.clauses] == ["PAY-1", key, "PAY-2"]
    assert parsed.clause(key).kind == "constraint"


def test_yaml_spec_clause_is_amended_in_place(tmp_path, run_cli):
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    spec = ("title: Payments\nclauses:\n  - id: PAY-1\n    text: Retry with exponential backoff.\n"
            "  - id: PAY-2\n    kind: non-goal\n    text: No caching.\n")
    (root / "specs" / "pay.yaml").write_text(spec)
    (root / "x.py").write_text("a\nb\n")
    _git(tmp_path, "init", "-q", str(root))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")
    sid = run_cli("scar", "add", "-C", str(root), "--spec", "specs/pay.yaml", "x.py:1-2", "--title",
                  "Flat retries", "--why", "Herding.", "--clause", "PAY-1", "--incident", "PAY-1142").out.strip()
    r = run_cli("tighten", "-C", str(root), "--spec", "specs/pay.yaml", "--scar", sid)
    assert r.code == 0, r
    parsed = load_spec(root, "specs/pay.yaml")
    assert [c.key for c in parsed.clauses] == ["PAY-1", "PAY-2"]
    assert parsed.clause("PAY-1").text == f"Flat retries (scar {sid}, PAY-1142)."
    assert parsed.clause("PAY-2").text == "No caching."


def test_a_japanese_criterion_is_amended_with_a_japanese_full_stop(tmp_path, run_cli):
    """task-lens's criteria are Japanese sentences: a note folded in after ". " read
    "…を表示する. error text…"."""
    root = tmp_path / "r"
    rel = ".kiro/specs/todo-app/requirements.md"
    (root / rel).parent.mkdir(parents=True)
    (root / rel).write_text("# Requirements Document\n\n## Requirements\n\n### Requirement 1: タスク追加\n\n"
                            "#### Acceptance Criteria\n\n"
                            "1. If ユーザーが空のタイトルで送信すると, the Todo App shall エラーメッセージを表示する\n",
                            encoding="utf-8")
    _git(root.parent, "init", "-q", str(root))
    assert run_cli("review", "-C", str(root), "--spec", rel, "--clause", "1.1", "--verdict", "partial",
                   "--note", "空白だけのタイトルは送信できてしまう").code == 0
    r = run_cli("tighten", "-C", str(root), "--spec", rel, "--clause", "1.1", "--dry-run")
    assert r.code == 0, r
    assert "エラーメッセージを表示する。空白だけのタイトルは送信できてしまう (tightened from the partial review)." in r.out

"""Evidence at the line on real histories of the corpus, through the product's pipeline
(``app.evidence.gather``: task lists, commits, changed files parsed with tree-sitter).

Span truth comes from benchmarks/span_truth.yaml (judged by hand from clause text and
code). The clauses asserted here are ones the engine gets right with the constants fitted
without their repository as well (benchmarks/bench_evidence.py). Floors sit just under what
the shipped constants measure (one clause less fails), so a change that costs real quality
fails here; each says what it measured, when, and where it is below the previous engine
(hunk clusters ranked per file, d3640d8, run on the same clauses on 2026-12-06).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import CORPUS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import evidence_truth as truth  # noqa: E402

from specaudit.app.evidence.code_index import CodeCache  # noqa: E402
from specaudit.app.evidence.proposals import gather, suggest  # noqa: E402
from specaudit.app.workspace.diffs import load_changeset  # noqa: E402
from specaudit.core.code import parse  # noqa: E402
from specaudit.core.evidence.change import ChangeIndex  # noqa: E402
from specaudit.core.evidence.paths import spec_document_roots  # noqa: E402
from specaudit.formats import parse_spec  # noqa: E402
from specaudit.vcs.blobs import read_blob  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402

SPANS = {(t["repo"], t["spec"]): t for t in truth.load_span_truth()}
WEAK: dict[str, dict] = {}  # spec -> clause key -> weak guesses


def _load(tmp_path_factory, repo: str, spec_rel: str):
    bundle = CORPUS / "history" / (repo.replace("/", "+") + ".bundle")
    if not bundle.exists():
        pytest.skip(f"corpus history not found: {bundle}")
    t = SPANS[(repo, spec_rel)]
    dest = tmp_path_factory.mktemp("corpus") / "repo"
    subprocess.run(["git", "clone", "-q", str(bundle), str(dest)], check=True)
    git = open_repo(dest)
    cs = load_changeset(git, f"{t['base']}..{t['head']}")
    spec = parse_spec(spec_rel, read_blob(git, t["head"], spec_rel).decode("utf-8"))
    inp = gather(git, spec, cs, cache=CodeCache())
    result = suggest(inp)
    WEAK[spec_rel] = result.weak  # the weak guesses of clauses with no proposal
    return t, inp, result.proposals


@pytest.fixture(scope="module")
def todo2(tmp_path_factory):
    return _load(tmp_path_factory, "sunfmin/todo2", "specs/001-todo-app/spec.md")


@pytest.fixture(scope="module")
def kiro(tmp_path_factory):
    return _load(tmp_path_factory, "namidapoo/todo-app-using-kiro", ".kiro/specs/modern-todo-app/requirements.md")


@pytest.fixture(scope="module")
def spending(tmp_path_factory):
    return _load(tmp_path_factory, "7174Andy/expense-tracker",
                 "openspec/changes/archive/2025-11-30-add-spending-heatmap/specs/spending-aggregation/spec.md")


def _first_hits(t, proposals, key) -> bool:
    ps = proposals[key]
    return bool(ps) and t["clauses"][key].hit(ps[0].path, ps[0].first, ps[0].last)


def test_the_implementing_definition_is_first(todo2, spending):
    t, _inp, proposals = todo2
    for key in ("US1/AC3", "US2/AC1", "US3/AC1", "FR-004"):
        assert _first_hits(t, proposals, key), (key, proposals[key][:2])
    t, _inp, proposals = spending
    top = proposals["spending-aggregation#Daily Spending Aggregation/Get daily spending for current month"][0]
    assert (top.path, top.first, top.last) == ("expense_tracker/core/repositories.py", 173, 200)
    assert any(e.kind == "identifier" and "get_daily_spending_for_month" in e.detail for e in top.evidence)


def test_clauses_nothing_implements_get_no_proposal(todo2):
    _t, _inp, proposals = todo2
    # Measured 2026-12-06 (bda5e16): 3 of todo2's 4 not-implemented clauses got none; the
    # previous engine abstained on none. With the constants refitted on eight labelled
    # repositories (each counted once) and the threshold on the features' weighted mean:
    # 2 of 4 (US1/AC8's "Buy milk" scenario words meet a test table; SC-001's "5" a proto).
    for key in ("SC-005", "edge-cases-9"):  # a research target; retrying saves later
        assert proposals[key] == [], (key, proposals[key][:1])


def test_no_proposal_is_a_comment_an_import_or_blank_lines_alone(todo2, kiro):
    for _t, inp, proposals in (todo2, kiro):
        change = ChangeIndex(inp.changeset, spec_document_roots([inp.spec.path, *(x.path for x in inp.task_lists)]))
        for key, ps in proposals.items():
            for p in ps:
                text = {no: t for no, t in change.files[p.path].lines}
                lines = [no for no in range(p.first, p.last + 1) if no in text]
                cf = inp.code.get(p.path) or parse(p.path, b"")
                solid = [no for no in lines if text[no].strip() and not (cf is not None and cf.parsed(no)
                                                                          and cf.is_noise(no))]
                assert solid, (key, p.path, p.first, p.last)


def test_span_level_floors(todo2, kiro, spending):
    """span@1 / span@3 with the shipped constants, measured 2026-12-06 at bda5e16: todo2
    20/31 / 25/31, the Kiro app 9/26 / 10/26, spending aggregation 7/14 / 8/14; floors set
    just under them. Re-measured after backticked code became a literal and the first three
    proposals became three files (per_file 1, what every leave-one-out fit now chooses):
    todo2 20/31 / 24/31, the Kiro app 9/26 / 11/26, spending 8/14 / 9/14; floors just under
    these, one clause less fails. With a comment's words counted in the definition holding
    it: the Kiro app 10/26 / 13/26, the others the same. With a long unit's lines chosen by
    the words rare among them: todo2 21/31 / 25/31, the Kiro app 11/26 / 17/26; and a long
    unit its commit wrote whole shown from its start: the Kiro app 11/26 / 18/26. With the
    constants refitted on eight labelled repositories (three labelled blind this round,
    each repository counted once; docs/evidence.md, Held out): todo2 20/31 / 26/31, the
    Kiro app 11/26 / 17/26, spending 9/14 / 10/14. A commit citing a task that already names
    a file no longer adds its weight to the task's there: the Kiro app 13/26 / 17/26. The
    previous engine on the same clauses:
    todo2 0.42 / 0.71, the Kiro app 0.23 / 0.42, spending 0.36 / 0.57 (docs/evidence.md, Span level)."""
    floors = {"sunfmin/todo2": (0.63, 0.82), "namidapoo/todo-app-using-kiro": (0.48, 0.64),
              "7174Andy/expense-tracker": (0.62, 0.70)}
    for t, _inp, proposals in (todo2, kiro, spending):
        implemented = {k: v for k, v in t["clauses"].items() if v.implemented}
        s1 = sum(_first_hits(t, proposals, k) for k in implemented) / len(implemented)
        s3 = sum(any(v.hit(p.path, p.first, p.last) for p in proposals[k][:3]) for k, v in implemented.items())
        s3 /= len(implemented)
        low1, low3 = floors[t["repo"]]
        assert s1 >= low1 and s3 >= low3, (t["repo"], s1, s3)


def test_file_level_on_the_japanese_kiro_spec(kiro):
    """The task list and the hand-judged files, measured 2026-12-06 at bda5e16: tasks hit@1
    1.00, recall@8 0.864 (37 clauses); hand hit@1 0.867, recall@8 0.933 (15). With three
    files among the first three (per_file 1): tasks recall@8 0.942, the rest the same; with a
    comment's words counted in the definition holding it, tasks recall@8 0.935 (span@3 of
    the same app 11/26 -> 13/26); with a commit citing a task adding no weight in a file
    the task names, 0.930 (span@1 of the same app 11/26 -> 13/26).

    Lowered below the previous engine: it measured, on the same clauses the same day, tasks
    recall@8 0.986 (its floor here was 0.89) and hand recall@8 0.944 (floor 0.84), hit@1
    1.00 / 0.87. In an earlier round these floors went from 0.89 / 0.84 to 0.77 / 0.83 when
    the present engine replaced it. The drop is on the task-list truth: that truth is the
    files the task list names, which the previous engine's task source alone scored 1.00 /
    1.00 on (0.18 / 0.31 on the hand truth), so it favours ranking whole files by the task
    list; the present engine ranks units of code. On the hand truth, judged from the code, the two are within one file. Now
    set just under today's values (docs/evidence.md, Corpus test floors)."""
    _t, inp, proposals = kiro
    change = ChangeIndex(inp.changeset, spec_document_roots([inp.spec.path, *(x.path for x in inp.task_lists)]))
    ranked = {k: list(dict.fromkeys(p.path for p in ps)) for k, ps in proposals.items()}
    by_tasks = truth.score(ranked, truth.task_truth(inp.spec, inp.task_lists, change))
    by_hand = truth.score(ranked, truth.hand_truth("namidapoo/todo-app-using-kiro", inp.spec, change))
    assert by_tasks["n"] >= 30 and by_hand["n"] >= 12
    assert by_tasks["recall@8"] >= 0.93 and by_hand["recall@8"] >= 0.93, (by_tasks, by_hand)
    assert by_tasks["hit@1"] >= 0.98 and by_hand["hit@1"] >= 0.86, (by_tasks, by_hand)


def test_japanese_evidence_reads_as_words(kiro):
    import re

    _t, inp, proposals = kiro
    shown = [e.detail for ps in proposals.values() for p in ps for e in p.evidence if e.kind == "text"]
    assert shown
    words = [w for d in shown for w in d.removeprefix("shares: ").split(", ")]
    katakana = re.compile(r"[\u30a0-\u30ff]+")
    runs = {m.group() for c in inp.spec.clauses for m in katakana.finditer(c.text + " " + c.title)}
    # Whole words of the clause ("タスク", "ローカルストレージ", "キー"), never pieces of a
    # longer katakana word ("エラ", "ラー" of "エラー").
    fragments = [w for w in words if katakana.fullmatch(w) and w not in runs]
    assert not fragments, fragments[:10]
    assert any(len(w) >= 3 and katakana.fullmatch(w) for w in words)


def test_a_clause_with_no_proposal_keeps_its_weak_guesses(todo2, spending):
    """Abstaining hides nothing: an implemented clause with no proposal still lists what its
    words point at. Measured 2026-12-06 (bda5e16, shipped constants): the first guess is a
    labelled span for 4 of them (todo2 2, spending 2). Since backticked code counts as a
    literal (a8422f2) one of spending's ("Group by day extraction") is a right proposal, no
    longer a guess: 3 (todo2 2, spending 1), the floor 3."""
    recovered = 0
    for t, inp, proposals in (todo2, spending):
        assert not any(p.weak for ps in proposals.values() for p in ps)
        weak = WEAK[inp.spec.path]
        assert all(not proposals[k] and all(p.weak for p in ws) for k, ws in weak.items())
        for key, truth_ in t["clauses"].items():
            if truth_.implemented and not proposals[key]:
                guesses = weak.get(key, [])
                assert guesses, key
                recovered += truth_.hit(guesses[0].path, guesses[0].first, guesses[0].last)
    assert recovered >= 3, recovered


@pytest.mark.parametrize("path", [truth.SPAN_TRUTH, truth.HELD_OUT_TRUTH], ids=["development", "held-out"])
def test_every_labelled_span_is_a_clause_of_its_spec_in_a_changed_file(tmp_path_factory, path):
    """The truths are checked as the labellers checked them: a key the spec does not define,
    or a span outside the change's files or past a file's end, would score nothing silently."""
    repos: dict[str, object] = {}  # one clone per repository (expense-tracker has two specs)
    for t in truth.load_span_truth(path):
        git = repos.get(t["repo"])
        if git is None:
            bundle = CORPUS / "history" / (t["repo"].replace("/", "+") + ".bundle")
            if not bundle.exists():
                pytest.skip(f"corpus history not found: {bundle}")
            dest = tmp_path_factory.mktemp("truth") / "repo"
            subprocess.run(["git", "clone", "-q", str(bundle), str(dest)], check=True)
            git = repos[t["repo"]] = open_repo(dest)
        spec = parse_spec(t["spec"], read_blob(git, t.get("spec_at", t["head"]), t["spec"]).decode("utf-8"))
        keys = {c.key for c in spec.clauses}
        changed = {f.path for f in load_changeset(git, f"{t['base']}..{t['head']}").files}
        for key, label in t["clauses"].items():
            assert key in keys, (t["repo"], key)
            assert label.implemented == bool(label.spans), (t["repo"], key, label.status)
            for span_path, first, last in label.spans:
                assert span_path in changed, (t["repo"], key, span_path)
                lines = read_blob(git, t["head"], span_path).decode("utf-8", "replace").splitlines()
                assert 1 <= first <= last <= len(lines), (t["repo"], key, span_path, first, last, len(lines))

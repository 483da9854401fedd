"""Clause evidence, pure: citations in any style, the spec's own documents, roles, CJK
clauses, fusion order and the audit's rejected proposals."""

from __future__ import annotations

import pytest

from specaudit.core.audit import Audit, Rejection, merge_audits
from specaudit.core.auditfile import dump_audit, parse_audit
from specaudit.core.code import parse as parse_code
from specaudit.core.diff import parse_patch
from specaudit.core.errors import AuditFileError
from specaudit.core.evidence import Commit, propose
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.paths import is_spec_document, path_role, spec_document_roots
from specaudit.formats import parse_spec


def code_of(files: dict[str, str]) -> dict:
    """The parsed files of a change, as ``app.code_index.parse_change`` hands them over."""
    return {p: cf for p, text in files.items() if (cf := parse_code(p, text.encode())) is not None}


def changeset(files: dict[str, str]):
    """A change adding ``files`` (path -> text), as git would print it."""
    parts = []
    for path, text in files.items():
        lines = text.splitlines()
        body = "".join(f"+{ln}\n" for ln in lines)
        parts.append(f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
                     f"@@ -0,0 +1,{len(lines)} @@\n{body}")
    return parse_patch("".join(parts).encode(), "test")


@pytest.mark.parametrize("text, keys", [
    ("// FR-003 and fr_6a", ["FR-003", "FR-006a"]),
    ("def test_us1_ac3_rejects_empty(): ...", ["US1/AC3"]),
    ('name: "US1-AS3: Empty todo validation"', ["US1/AC3"]),
    ("# Requirement 1.3", ["1.3"]),
    ("describe('requirement_1_3', ...)", ["1.3"]),
    ("// 要件 1.3、2.1", ["1.3", "2.1"]),
    ('@pytest.mark.spec("behavior-2")', ["behavior-2"]),
    ("status1 = bus1 + focus42 + 1.3", []),  # no prefix: never a clause
    ("def fr003Backoff(): ...", ["FR-003"]),
    ("// Validates: 1.3 and 2.1", ["1.3", "2.1"]),
    ("assert behavior_2_holds()", ["behavior-2"]),
])
def test_citation_styles_fold_to_clause_keys(text, keys):
    m = KeyMatcher(["FR-003", "FR-006a", "US1", "US1/AC3", "1", "1.3", "2.1", "behavior-2"])
    assert [c.key for c in m.cites(text) if not c.task] == keys


def test_task_ids_and_leading_task_numbers_in_commit_subjects():
    m = KeyMatcher(["1.1"], ["T021", "14.2"])
    assert [(c.key, c.task) for c in m.cites("T021 [P] add retry")] == [("T021", True)]
    assert [c.key for c in m.cites("14.2 エラーハンドリング", subject=True)] == ["14.2"]
    assert m.cites("14.2 エラーハンドリング") == []  # a number in a body line is not a task


def test_the_specs_own_documents_and_tooling_are_never_code():
    roots = spec_document_roots(["specs/001-x/spec.md", ".kiro/specs/todo/requirements.md",
                                 "openspec/changes/add-x/specs/cap/spec.md"])
    for path in ("specs/001-x/tasks.md", "specs/001-x/contracts/api.md", ".kiro/specs/todo/design.md",
                 "openspec/specs/cap/spec.md", ".specify/templates/tasks-template.md", "CLAUDE.md"):
        assert is_spec_document(path, roots), path
    for path in ("src/specs.py", "specs2/a.py", "app/openspec_client.ts"):
        assert not is_spec_document(path, roots), path


@pytest.mark.parametrize("path, role", [
    ("src/retry.py", "source"), ("tests/test_retry.py", "test"), ("app/__tests__/a.test.tsx", "test"),
    ("handlers/todo_handler_test.go", "test"), ("package-lock.json", "lock"), ("api/gen/v1/todo.pb.go", "generated"),
    ("testdata/a.json", "fixture"), ("app/translations/fr/LC_MESSAGES/messages.po", "generated"), ("README.md", "docs"), ("scripts/progress.py", "config"),
])
def test_path_roles(path, role):
    assert path_role(path) == role


def _spec(text: str, path: str = "specs/001-x/spec.md"):
    return parse_spec(path, text)


SPEC = """# Feature Specification: X

## User Scenarios & Testing

### User Story 1 - Retry charges (Priority: P1)

Shoppers are charged again.

**Acceptance Scenarios**:

1. **Given** a failed charge, **When** the gateway recovers, **Then** the charge is retried with backoff

## Requirements

### Functional Requirements

- **FR-001**: System MUST retry failed charges with exponential backoff
- **FR-002**: System MUST keep a `RefundLedger` of every refund
"""


def test_spec_documents_in_the_change_are_never_proposed_even_when_they_match_best():
    spec = _spec(SPEC)
    cs = changeset({"specs/001-x/spec.md": SPEC, "specs/001-x/plan.md": "retry failed charges backoff\n",
                    "src/retry.py": "def retry_charge(delay):\n    return delay * 2  # exponential backoff\n"})
    proposals = propose(spec, cs).proposals["FR-001"]
    assert [p.path for p in proposals] == ["src/retry.py"]


def test_scenarios_prefer_tests_and_behaviour_prefers_source():
    spec = _spec(SPEC)
    code = "def retry_failed_charge(backoff):\n    return backoff * 2  # retry with exponential backoff\n"
    test = "def test_charge_retried_after_gateway_recovers():\n    assert retry_failed_charge(1) == 2  # backoff\n"
    cs = changeset({"src/charges.py": code, "tests/test_charges.py": test})
    result = propose(spec, cs).proposals
    assert result["FR-001"][0].path == "src/charges.py"
    assert result["US1/AC1"][0].path == "tests/test_charges.py"


def test_a_requirement_that_asks_for_unit_tests_is_met_by_the_tests():
    spec = _spec("""# Feature Specification: X

## Requirements

- **FR-001**: System MUST retry a failed charge with exponential backoff
- **FR-002**: The charge retry logic MUST be covered by unit tests
""")
    code = "def charge_retry_logic(backoff):\n    return backoff * 2  # retry with exponential backoff\n"
    test = "def test_backoff_doubles():\n    assert charge_retry_logic(1) == 2\n"
    files = {"src/charges.py": code, "tests/test_charges.py": test}
    result = propose(spec, changeset(files), code=code_of(files)).proposals
    assert result["FR-001"][0].path == "src/charges.py"
    assert result["FR-002"][0].path == "tests/test_charges.py"  # its name says less, but it is what was asked


def test_consecutive_constants_are_one_unit_and_can_be_proposed():
    # Two module constants side by side are one unit (a config block); it used to be lost.
    spec = _spec("""# Feature Specification: X

## Requirements

- **FR-001**: The localStorage key MUST be `todo-app-theme`
""")
    src = ("const ThemeContext = createContext(undefined);\n\nconst STORAGE_KEY = 'todo-app-theme';\n\n"
           "export function saveTheme(theme) {\n  localStorage.setItem(STORAGE_KEY, theme);\n}\n")
    files = {"src/theme.ts": src}
    proposals = propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"]
    shown = [(p.path, p.first, p.last) for p in proposals]
    assert ("src/theme.ts", 1, 3) in shown and ("src/theme.ts", 5, 7) in shown
    group = proposals[shown.index(("src/theme.ts", 1, 3))]
    # The reviewer reads which entries the span holds, not only the first one's name.
    assert any(e.kind == "definition" and "`ThemeContext, STORAGE_KEY`" in e.detail for e in group.evidence)


def test_in_a_long_table_the_entry_the_clause_names_is_shown():
    spec = _spec("""# Feature Specification: X

## Requirements

- **FR-001**: The Dark theme MUST keep readable contrast
""")
    entries = "".join(
        f"  {{\n    name: '{n}',\n    label: '{n.title()}',\n    isDark: {str(n == 'dark').lower()},\n"
        f"    colors: {{\n      text: '#{i}{i}{i}',\n      card: '#fff',\n    }},\n  }},\n"
        for i, n in enumerate(["default", "blue", "green", "purple", "dark"]))
    files = {"src/themes.ts": f"export const themes = [\n{entries}];\n"}
    top = propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"][0]
    dark = 2 + 4 * 9  # the fifth entry's first line
    assert top.path == "src/themes.ts" and top.first <= dark + 1 <= top.last, (top.first, top.last)


def test_explicit_evidence_ranks_ahead_of_similarity_and_says_why():
    spec = _spec(SPEC)
    files = {"src/refunds.py": "class RefundLedger:\n    entries = []\n",
             "src/words.py": "# every refund keeps a ledger of refunds: refund refund ledger\n"}
    proposals = propose(spec, changeset(files), code=code_of(files)).proposals["FR-002"]
    top = proposals[0]
    assert top.path == "src/refunds.py" and (top.first, top.last) == (1, 2)  # the class it names
    assert any(e.kind == "identifier" and "RefundLedger" in e.detail for e in top.evidence)
    assert "src/words.py" not in [p.path for p in proposals]  # a comment alone is never proposed


def test_commit_citing_a_clause_points_at_the_lines_it_added():
    spec = _spec(SPEC)
    files = {"src/a.py": "def other():\n    return 1\n\n\ndef total():\n    return compute_total()\n",
             "src/b.py": "unrelated = True\n"}
    commit = Commit("abc1234def", "FR-002: keep totals\n", {"src/a.py": ("return compute_total()",)})
    top = propose(spec, changeset(files), commits=[commit], code=code_of(files)).proposals["FR-002"][0]
    assert (top.path, top.first, top.last) == ("src/a.py", 5, 6)  # the definition holding the lines
    assert top.evidence[0].source == "commit abc1234" and "FR-002" in top.evidence[0].detail


def test_a_japanese_clause_finds_english_code_by_names_and_strings():
    req = """# 要件定義書

## 要件

### 要件 7

**ユーザーストーリー:** ユーザーとして、テーマを切り替えたい

#### 受け入れ基準

1. WHEN テーマが変更される THEN システムはユーザーの選択を localStorage に保存する SHALL
"""
    spec = _spec(req, ".kiro/specs/todo/requirements.md")
    files = {
        "app/hooks/useTheme.ts": "export function useTheme() {\n  // テーマを保存\n"
                                 "  window.localStorage.setItem('theme', t)\n}\n",
        "app/components/TodoList.tsx": "export function TodoList() {\n  return <ul>タスク一覧</ul>\n}\n",
    }
    proposals = propose(spec, changeset(files), code=code_of(files)).proposals
    assert proposals["7.1"][0].path == "app/hooks/useTheme.ts"
    assert "テーマ" in proposals["7.1"][0].evidence[-1].detail


def test_kiro_task_requirements_and_named_symbols():
    req = "# Requirements\n\n## Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n1. WHEN a user adds a task THEN the system SHALL store it\n"
    tasks = "# Tasks\n\n- [x] 1. Build the store\n  - Implement useTodoStore with persistence\n  - _Requirements: 1.1, 9.9_\n"
    spec = _spec(req, ".kiro/specs/todo/requirements.md")
    tl = parse_spec(".kiro/specs/todo/tasks.md", tasks)
    cs = changeset({"src/useTodoStore.ts": "export const useTodoStore = () => {}\n", "src/other.ts": "x\n"})
    result = propose(spec, cs, task_lists=[tl])
    top = result.proposals["1.1"][0]
    assert top.path == "src/useTodoStore.ts"
    assert top.evidence[0].source == ".kiro/specs/todo/tasks.md:3" and "useTodoStore" in top.evidence[0].detail
    assert [(n.kind, n.line, n.clause) for n in result.notes] == [("task-unknown-clause", 3, "9.9")]


def test_a_path_in_brackets_is_the_path_and_a_route_segment_stays():
    """A BMAD review follow-up names its file in brackets: "... [frontend/src/TaskRow.tsx]".
    Read with its bracket it named no file, and `check` called the task a phantom."""
    from specaudit.core.evidence.tasks import KeyMatcher, read_tasks

    tasks = ("# Tasks\n\n- [x] 1. Add retry to the row. [frontend/src/TaskRow.tsx]\n"
             "- [x] 2. Edit `app/[id]/page.tsx` and [app/[id]/edit.tsx]\n"
             "- [x] 3. Import `../client.js` into `./src/api.ts`\n")
    got = read_tasks(parse_spec(".kiro/specs/todo/tasks.md", tasks), KeyMatcher([], set()), [])
    assert [t.paths for t in got] == [("frontend/src/TaskRow.tsx",), ("app/[id]/page.tsx", "app/[id]/edit.tsx"),
                                      ("./src/api.ts",)]  # "../client.js" is relative to a file not named


def test_a_citation_naming_another_story_is_that_storys():
    """Every BMAD story has an AC1: a line or a commit saying "Story 2.4 ... AC1" speaks for
    Story 2.4, not for the Story 3.1 under review; "AC1" alone, or "Story 3.1 AC1", counts."""
    story = _spec("# Story 3.1: Labels\n\n## Acceptance Criteria\n\n**AC1 — Attach label:**\n"
                  "- **Given** a task\n- **When** I attach a label\n- **Then** it shows\n",
                  "_bmad-output/implementation-artifacts/3-1-labels.md")
    files = {"src/edit.ts": "export function editRow() {\n  // Story 2.4 — AC1: edit on Enter\n  return 1\n}\n",
             "src/attach.ts": "export function attachLabel() {\n  // AC1: attach\n  return 2\n}\n",
             "src/shown.ts": "export function showLabel() { return 3 }\n"}
    commits = [Commit("abc1234def", "feat: Story 2.4 AC1 edit\n", {"src/edit.ts": ("export function editRow() {",)}),
               Commit("bcd2345efa", "feat: Story 3.1 AC1 show\n", {"src/shown.ts": ("export function showLabel() { return 3 }",)})]
    result = propose(story, changeset(files), commits=commits, code=code_of(files))
    cited = {p.path for p in result.proposals["AC1"] for e in p.evidence if e.kind in ("citation", "commit")}
    assert cited == {"src/attach.ts", "src/shown.ts"}


def test_a_citation_naming_no_story_counts_in_the_files_the_storys_file_list_names():
    """A line saying "AC1" and no story is this story's where its File List names the file."""
    story = _spec("# Story 3.1: Labels\n\n## Acceptance Criteria\n\n**AC1 — Attach label:**\n"
                  "- **Given** a task\n- **When** I attach a label\n- **Then** it shows\n\n"
                  "## Dev Agent Record\n\n### File List\n\n- src/attach.ts\n",
                  "_bmad-output/implementation-artifacts/3-1-labels.md")
    files = {"src/attach.ts": "export function attachLabel() {\n  // AC1: attach\n  return 2\n}\n",
             "src/login.ts": "export function prefill() {\n  // AC1: pre-fill the email\n  return 1\n}\n"}
    result = propose(story, changeset(files), code=code_of(files))
    cited = {p.path for p in result.proposals["AC1"] for e in p.evidence if e.kind == "citation"}
    assert cited == {"src/attach.ts"}


def test_a_message_the_clause_quotes_is_explicit_where_a_string_holds_it_whole():
    """The issue's error message in quotes: a Rust client's `impl Client` (a long block
    sharing "error", "message", "client", "retrying") outranked the constant holding
    "Sync failed, retrying" word for word. A string holding the whole message is explicit
    evidence, as a name in backticks is; a string that is one word of it is not."""
    spec = _spec("# Sync\n\n## Requirements\n\n- **FR-001**: The client MUST show the error message "
                 "\"Sync failed, retrying\" while a retry is pending.\n"
                 "- **FR-002**: The client MUST show \"No changes this month\" for an empty month.\n")
    client = "\n".join([
        "impl Client {",
        "    pub fn handle_network_event(&mut self, event: NetworkEvent) {",
        "        // the error message shown to the client while a retry is pending",
        "        let pending_retry = self.retry_pending(); // show the client an error while retrying",
        "        match event {",
        "            NetworkEvent::Error(msg) => { eprintln!(\"network error: {msg}\"); self.retrying = true; }",
        "            _ => {}",
        "        }",
        "    }",
        "}",
    ]) + "\n"
    files = {"src/net.rs": client,
             "src/retry.rs": "pub const RETRY_BANNER: &str = \"Sync failed, retrying\";\n",
             "src/month.rs": "pub fn title() -> &'static str {\n    \"Changes\"\n}\n"}
    result = propose(spec, changeset(files), code=code_of(files))
    first = result.proposals["FR-001"][0]
    assert (first.path, first.first) == ("src/retry.rs", 1)
    assert 'holds the message "Sync failed, retrying"' in [e.detail for e in first.evidence]
    assert sum('"Sync failed, retrying"' in e.detail for e in first.evidence) == 1  # said once
    said = [e.detail for ps in result.proposals.values() for p in ps for e in p.evidence]
    assert not any("No changes this month" in d and "the message" in d for d in said)


def test_rejected_proposals_round_trip_and_merge_as_a_union():
    audit = Audit(spec="s.md", rejected={"FR-1": (Rejection("src/a.py"),)})
    text = dump_audit(audit)
    assert "rejected:\n  FR-1:\n  - src/a.py\n" in text  # a whole file reads as older files did
    assert parse_audit(text) == audit
    assert "rejected" not in dump_audit(Audit(spec="s.md"))  # old files stay as they were
    ours = Audit(spec="s.md", rejected={"FR-1": (Rejection("src/a.py"), Rejection("src/b.py"))})
    theirs = Audit(spec="s.md", rejected={"FR-1": (Rejection("src/a.py"), Rejection("src/c.py", 3, 9, "abc"))})
    merged = merge_audits(audit, ours, theirs)
    assert [str(r) for r in merged.rejected["FR-1"]] == ["src/a.py", "src/b.py", "src/c.py:3-9"]


def test_a_rejected_span_is_written_with_its_lines_and_read_back():
    audit = Audit(spec="s.md", rejected={"FR-1": (Rejection("src/a.py", 12, 30, "c0ffee"), Rejection("src/b.py"))})
    text = dump_audit(audit)
    assert "  - path: src/a.py\n    lines: 12-30\n    commit: c0ffee\n  - src/b.py\n" in text
    back = parse_audit(text).rejected["FR-1"]
    assert back == audit.rejected["FR-1"] and back[0].commit == "c0ffee"
    assert back[0].covers("src/a.py", 25, 40) and not back[0].covers("src/a.py", 31, 40)
    assert back[1].covers("src/b.py", 1, 1)


def test_a_bad_rejected_section_names_the_line():
    with pytest.raises(AuditFileError) as err:
        parse_audit("schema: 1\nspec: s.md\nrejected:\n  FR-1: [1, 2]\n", "a.yaml")
    assert err.value.line == 4


def test_a_test_brings_the_definition_it_exercises_and_the_reverse():
    spec = _spec(SPEC)
    files = {"src/retry.py": "def charge_with_backoff(gateway, attempts):\n    delay = 1\n"
                             "    for _ in range(attempts):\n        delay *= 2\n    return delay\n",
             "tests/test_retry.py": "from src.retry import charge_with_backoff\n\n\n"
                                    "def test_us1_ac1_backoff_doubles():\n    assert charge_with_backoff(None, 3) == 8\n"}
    result = propose(spec, changeset(files), code=code_of(files)).proposals
    scenario = [(p.path, p.first, p.last) for p in result["US1/AC1"]]
    assert scenario[:2] == [("tests/test_retry.py", 4, 5), ("src/retry.py", 1, 5)]  # the test, then its subject
    subject = result["US1/AC1"][1]
    assert any(e.kind == "test" and "test_us1_ac1_backoff_doubles" in e.detail for e in subject.evidence)
    behaviour = [(p.path, p.first, p.last) for p in result["FR-001"]]
    assert behaviour[:2] == [("src/retry.py", 1, 5), ("tests/test_retry.py", 4, 5)]  # the code, then its test


def test_a_companion_follows_the_first_three_and_never_pushes_one_out():
    spec = _spec(SPEC)
    files = {"src/retry.py": "def retry_failed_charges(gateway):\n    return gateway.retry_failed()\n",
             "src/backoff.py": "def exponential_backoff(attempt):\n    return 2 ** attempt\n",
             "src/charges.py": "def failed_charges_backoff(charges):\n    return [c for c in charges if c.failed]\n",
             "tests/test_retry.py": "from src.retry import retry_failed_charges\n\n\n"
                                    "def test_retry_is_called():\n    assert retry_failed_charges(None)\n"}
    shown = [p.path for p in propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"]]
    assert set(shown[:3]) == {"src/retry.py", "src/backoff.py", "src/charges.py"}, shown
    assert shown[3] == "tests/test_retry.py"  # the test of the first, right after the three

def test_links_accepted_for_the_parent_re_rank_the_children_and_say_why():
    from specaudit.core.evidence.select import Feedback

    spec = _spec(SPEC)
    # Two definitions the clause explains alike: the path alone orders them.
    files = {"src/a.py": "def retry_charge_first():\n    return 1\n",
             "src/b.py": "def retry_charge_second():\n    return 2\n"}
    cs, code = changeset(files), code_of(files)
    key = "US1/AC1"
    plain = propose(spec, cs, code=code, params=_no_abstain()).proposals[key]
    assert [p.path for p in plain][:2] == ["src/a.py", "src/b.py"]
    fb = Feedback(accepted={"US1": [("src/b.py", 1, 2)]})  # the story's link
    again = propose(spec, cs, code=code, params=_no_abstain(), feedback=fb).proposals[key]
    assert again[0].path == "src/b.py"
    why = [e for e in again[0].evidence if e.kind == "review"]
    assert why and why[0].detail == "these lines accepted for US1 (its parent)"
    # Deterministic: the same feedback gives the same ranking.
    assert [(p.path, p.score) for p in propose(spec, cs, code=code, params=_no_abstain(), feedback=fb)
            .proposals[key]] == [(p.path, p.score) for p in again]
    # A clause's rejected span is never proposed again; another clause still gets it.
    rejected = Feedback(rejected={key: [("src/a.py", 1, 2)]})
    result = propose(spec, cs, code=code, params=_no_abstain(), feedback=rejected).proposals
    assert "src/a.py" not in [p.path for p in result[key]] and "src/a.py" in [p.path for p in result["US1"]]


def test_a_clause_weighed_alone_ranks_as_with_all_the_others_even_with_hub_damping():
    """The window weighs again only the clauses whose feedback changed (app.evidence.reranking):
    ranked alone, a clause must get what it gets beside the others, hub damping included
    (which counts every clause's favourite)."""
    from specaudit.core.evidence.rank import analyse, finish
    from specaudit.core.evidence.select import Feedback

    spec = _spec(SPEC)
    files = {"src/retry.py": "def retry_failed_charges(gateway):\n    return gateway.retry_failed()\n",
             "src/backoff.py": "def exponential_backoff(attempt):\n    return 2 ** attempt\n",
             "src/charges.py": "def failed_charges_backoff(charges):\n    return [c for c in charges if c.failed]\n"}
    analysis = analyse(spec, changeset(files), code=code_of(files))
    hub = _no_abstain().replace(hub=1.0)
    fb = Feedback(accepted={"US1": [("src/backoff.py", 1, 2)]}, rejected={"FR-001": [("src/retry.py", 1, 2)]})
    everything = finish(analysis, hub, fb)
    for key in ("US1/AC1", "FR-001"):
        alone = finish(analysis, hub, fb, keys=[key])
        assert list(alone.proposals) == [key] and alone.proposals[key] == everything.proposals[key]
    lifted = [p for p in everything.proposals["US1/AC1"] if p.path == "src/backoff.py"]
    assert lifted and any(e.kind == "review" for e in lifted[0].evidence)  # the story's link lifts it
    assert "src/retry.py" not in [p.path for p in everything.proposals["FR-001"]]


def test_a_clause_with_weak_text_alone_gets_no_proposal_and_its_guesses_apart():
    spec = _spec(SPEC + "- **FR-003**: System MUST audit every refund\n"
                 "- **FR-009**: System MUST set session cookies with the Secure and HttpOnly flags\n")
    files = {"src/app.py": "def start(config):\n    config.session_name = 'pay'\n    return config\n",
             "src/refunds.py": "class RefundLedger:\n    # FR-003: every refund leaves an audit entry\n"
                               "    entries = []\n"}
    result = propose(spec, changeset(files), code=code_of(files))
    assert result.proposals["FR-009"] == []
    assert [(p.path, p.first, p.last, p.weak) for p in result.weak["FR-009"]] == [("src/app.py", 1, 3, True)]
    assert {e.kind for e in result.weak["FR-009"][0].evidence} == {"text"}
    # Explicit evidence (a citation): proposals, no weak guesses; a proposal is never weak.
    assert result.proposals["FR-003"] and "FR-003" not in result.weak
    assert not any(p.weak for ps in result.proposals.values() for p in ps)
    # With no abstaining, the same guess is a proposal like any other.
    assert [p.path for p in propose(spec, changeset(files), code=code_of(files),
                                    params=_no_abstain()).proposals["FR-009"]] == ["src/app.py"]


def test_a_chinese_clause_is_not_abstained_for_the_bigrams_no_code_holds():
    # A Chinese body's bigrams mostly straddle two words ("条独" of "一条独立的"): that no
    # unit holds them says nothing, so the English words the code does hold decide.
    spec = _spec(SPEC + "- **FR-010**: 系统 MUST 为每个学习维护一条独立的讨论伴学会话，与画布会话完全隔离，"
                        "互不共享消息历史；讨论 conversation 仅在首次提问时创建\n")
    files = {"src/conversation.ts": "export async function getDiscussionConversation(learningId: string) {\n"
                                    "  return db.conversation.upsert({ where: { learningId, kind: 'chat' } });\n}\n",
             "src/other.ts": "export function formatDate(d: Date) {\n  return d.toISOString();\n}\n"}
    result = propose(spec, changeset(files), code=code_of(files))
    assert [p.path for p in result.proposals["FR-010"]][:1] == ["src/conversation.ts"]


def test_a_chinese_clause_is_not_led_by_the_commonest_words_of_the_language():
    # ai-native-portfolio's data files hold Chinese prose: "模式, 提供, 以及通过" put a
    # methodology text ahead of the hook that turns the camera mode off.
    spec = _spec(SPEC + "- **FR-010**: 沉浸模式 MUST 提供一键关闭入口，关闭后立即释放摄像头资源，"
                        "以及通过提示告知用户。\n")
    files = {"src/data/methodology.ts": 'export const principles = [\n  { title: "工作模式", body: '
                                        '"我们通过小步迭代的模式工作，以及持续提供清晰的内容" },\n];\n',
             "src/hooks/useImmersiveMode.ts": "export function useImmersiveMode(stream: MediaStream) {\n"
                                              "  const exit = () => {\n"
                                              "    stream.getTracks().forEach((t) => t.stop());\n  };\n"
                                              '  return { exit, label: "关闭沉浸" };\n}\n'}
    result = propose(spec, changeset(files), code=code_of(files))
    assert [p.path for p in result.proposals["FR-010"]] == ["src/hooks/useImmersiveMode.ts",
                                                              "src/data/methodology.ts"]


def test_a_chinese_word_the_phrase_model_cut_reads_whole_where_the_code_holds_it():
    # BudouX reads 方 / 法论 here, so only 法论 is a term; the code holds 方法论, and 方法
    # is a common word: the evidence says 方法论. 有 is a verb beside 顺序: not joined.
    spec = _spec(SPEC + "- **FR-010**: User Story 3 — 方法论与思考沉淀：站点 MUST 以有顺序的视觉结构呈现。\n")
    files = {"src/data/methodology.ts": 'export const methodology = {\n  title: "我的方法论",\n'
                                        '  intro: "思考与沉淀",\n  layout: "有顺序的视觉结构",\n};\n'}
    result = propose(spec, changeset(files), code=code_of(files))
    shared = next(e.detail for p in result.proposals["FR-010"] for e in p.evidence if e.kind == "text")
    words = shared.removeprefix("shares: ").split(", ")
    assert "方法论" in words and "法论" not in words and "顺序" in words and "有顺序" not in words, words


def _no_abstain():
    from specaudit.core.evidence.params import DEFAULT

    return DEFAULT.replace(abstain=0.0)


def test_an_enumerations_markers_are_not_numbers_the_code_should_hold():
    from specaudit.core.evidence.literals import clause_literals

    got = {lit.text for lit in clause_literals(
        "UI SHALL lay the panel out top to bottom: 1. Header (48px) 2. Scroll area 3. Input\n"
        "2) keep 3 drafts")}
    assert got == {"48px", "3"}  # "2." and "3." and "2)" are the list's own positions


def test_clause_literals_meet_the_same_literals_in_code():
    from specaudit.core.evidence.literals import clause_literals

    got = {(lit.kind, lit.text) for lit in clause_literals(
        'Reject titles over 500 characters with "Title is too long"; retry after 5 seconds, J+7 and J+30')}
    assert got == {("string", "Title is too long"), ("number", "500 characters"), ("number", "5 seconds"),
                   ("number", "7"), ("number", "30")}
    spec = _spec(SPEC.replace("with exponential backoff", "with a 5 seconds timeout between attempts"))
    files = {"src/retry.rs": "pub fn attempt_timeout() -> Duration {\n    Duration::from_secs(5)\n}\n",
             "src/other.rs": "pub fn unrelated_thing() -> u32 {\n    7\n}\n"}
    top = propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"][0]
    assert top.path == "src/retry.rs"
    assert any(e.kind == "literal" and "5 seconds" in e.detail for e in top.evidence)


def test_code_a_clause_quotes_in_backticks_is_found_in_the_query_that_holds_it():
    from specaudit.core.evidence.literals import clause_literals

    got = {(lit.kind, lit.text) for lit in clause_literals("group with `strftime('%d', date)` per `Ledger`")}
    assert got == {("string", "strftime('%d', date)")}  # a lone name is the identifier source's
    spec = _spec(SPEC.replace("with exponential backoff", "grouped by `strftime('%d', paid_at)` per day"))
    files = {"src/ledger.py": ("def monthly_totals(db):\n    return db.run(\"\"\"\n        SELECT strftime('%d', paid_at),"
                               " SUM(amount) FROM charges GROUP BY 1\n    \"\"\")\n"),
             "src/charges.py": "def charge_again(charge):\n    return charge.retry()\n"}
    top = propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"][0]
    assert top.path == "src/ledger.py"
    assert any(e.kind == "literal" and "strftime" in e.detail for e in top.evidence)


def test_a_comment_inside_a_definition_lends_it_its_words_but_is_never_proposed_alone():
    # The clause's words are in the team's comment, not in the English code: the function
    # holding the comment is proposed; a TODO saying the same is no evidence.
    req = """# 要件定義書

## 要件

### 要件 2

**ユーザーストーリー:** ユーザーとして、達成を祝いたい

#### 受け入れ基準

1. WHEN すべてのタスクが完了する THEN システムは紙吹雪を画面いっぱいに降らせる SHALL
"""
    spec = _spec(req, ".kiro/specs/todo/requirements.md")
    files = {
        "app/effects/burst.ts": ("export function burst(count: number) {\n  // 紙吹雪を画面いっぱいに降らせる\n"
                                 "  for (let i = 0; i < count; i++) spawn(i)\n}\n"),
        "app/effects/later.ts": "export function later() {\n  // TODO: 紙吹雪を画面いっぱいに降らせる\n  return null\n}\n",
        "app/components/Done.tsx": "export function Done() {\n  return <p>すべて完了</p>\n}\n",
    }
    got = propose(spec, changeset(files), code=code_of(files))
    shown = got.proposals["2.1"] or got.weak["2.1"]
    assert (shown[0].path, shown[0].first, shown[0].last) == ("app/effects/burst.ts", 1, 4)
    assert all(p.path != "app/effects/later.ts" for p in shown)


def test_inside_a_long_definition_the_lines_holding_the_clauses_rarer_words_are_shown():
    # "total" is on a dozen lines of the panel; "overdue" on one: the proposal shows the
    # overdue lines, not the longest run of totals.
    body = [f'    rows.append(("total {k}", stats.total_{k}))' for k in
            ("open", "done", "late", "archived", "shared", "flagged", "pinned", "muted", "starred", "hidden",
             "queued", "draft")]
    filler = [f"    step_{i}(rows)" for i in range(12)]
    lines = (["def render_dashboard(stats):", "    rows = []", *body, "", "", "", "", *filler, "", "", "", "",
              "    rows.append((\"overdue\", stats.overdue))", "    highlight(rows[-1])", *filler[:4],
              "    return rows"])
    files = {"src/dashboard.py": "\n".join(lines) + "\n", "src/other.py": "def unrelated():\n    return 1\n"}
    spec = _spec(SPEC.replace("retry failed charges with exponential backoff",
                              "show the overdue count beside the total on the dashboard"))
    top = propose(spec, changeset(files), code=code_of(files)).proposals["FR-001"][0]
    overdue = lines.index("    rows.append((\"overdue\", stats.overdue))") + 1
    assert len(lines) > 30 and top.path == "src/dashboard.py"
    assert top.first <= overdue <= top.last and top.last - top.first < 20, (top.first, top.last)


def test_a_long_unit_its_commit_wrote_whole_is_shown_from_its_start():
    # The commit wrote all of settle(): that says nothing of where in it the clause is, so
    # the proposal shows the definition from its signature, not its longest stretch.
    head = ["def settle(ledger):", *(f"    opening_{i} = ledger.open({i})" for i in range(4))]
    tail = [f"    ledger.post(step_{i})" for i in range(25)]
    text = "\n".join([*head, "", "", "", "", "", *tail, "    return ledger"]) + "\n"
    files = {"src/settle.py": text, "src/b.py": "unrelated = True\n"}
    commit = Commit("abc1234def", "FR-002: settle the ledger\n", {"src/settle.py": tuple(text.splitlines())})
    top = propose(_spec(SPEC), changeset(files), commits=[commit], code=code_of(files)).proposals["FR-002"][0]
    assert (top.path, top.first, top.last) == ("src/settle.py", 1, 30)


def test_a_commit_citing_a_task_adds_lines_not_a_second_vote_for_the_tasks_file():
    # Task 1 (useTodos) lists both criteria, task 2 (TodoFilters) only the second; the
    # commit that did task 1 says where in useTodos.ts it was done, not that useTodos.ts
    # does criterion 1.2 twice over: the task that names 1.2 alone wins it.
    req = ("# Requirements\n\n## Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n"
           "1. WHEN a user opens the app THEN the system SHALL load the saved items\n"
           "2. WHEN a user picks a view THEN the system SHALL show only the matching items\n")
    tasks = ("# Tasks\n\n- [x] 1. Implement the useTodos hook\n  - _Requirements: 1.1, 1.2_\n\n"
             "- [x] 2. Implement the TodoFilters component\n  - _Requirements: 1.2_\n")
    spec = _spec(req, ".kiro/specs/todo/requirements.md")
    tl = parse_spec(".kiro/specs/todo/tasks.md", tasks)
    files = {"src/useTodos.ts": "export function useTodos() {\n  const state = load();\n  return state;\n}\n",
             "src/TodoFilters.tsx": "export function TodoFilters() {\n  return <nav />;\n}\n"}
    commit = Commit("abc1234def", "feat: useTodos hook (Task 1)\n",
                    {"src/useTodos.ts": ("const state = load();", "return state;")})
    got = propose(spec, changeset(files), task_lists=[tl], commits=[commit], code=code_of(files)).proposals
    assert [p.path for p in got["1.2"][:2]] == ["src/TodoFilters.tsx", "src/useTodos.ts"]
    assert any(e.kind == "commit" for e in got["1.2"][1].evidence)  # the commit still places it
    assert got["1.1"][0].path == "src/useTodos.ts"


def test_a_ranking_leaves_nothing_for_the_cyclic_collector():
    # propose pauses the collector: an analysis held in a reference cycle would stay in
    # memory until a full collection walks it (a whole change's units and candidates).
    import gc

    spec = _spec(SPEC.replace("with exponential backoff", "with a 5 seconds timeout between attempts"))
    files = {"src/retry.rs": "pub fn attempt_timeout() -> Duration {\n    Duration::from_secs(5)\n}\n",
             "tests/retry_test.rs": "#[test]\nfn retries_with_timeout() {\n    attempt_timeout();\n}\n"}
    cs, code = changeset(files), code_of(files)
    gc.collect()
    gc.disable()
    try:
        assert propose(spec, cs, code=code).proposals["FR-001"]
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_success_criterion_gets_weak_guesses_only_unless_evidence_names_it():
    # "LCP within 2.5 s" is measured on a device, not written in code: the hero component
    # that shares its words is a guess. A test citing the criterion is evidence.
    spec = _spec(SPEC + "\n## Success Criteria\n\n### Measurable Outcomes\n\n"
                        "- **SC-001**: The hero section renders its headline within 2.5 seconds\n"
                        "- **SC-002**: The hero section headline stays readable on small screens\n")
    files = {"src/hero.tsx": "export function HeroSection() {\n  const headline = useHeadline();\n"
                             "  return <h1 className='headline'>{headline}</h1>;\n}\n",
             "tests/hero.test.tsx": "// SC-002: readable on small screens\n"
                                    "test('hero headline wraps on small screens', () => {\n"
                                    "  render(<HeroSection />);\n});\n"}
    result = propose(spec, changeset(files), code=code_of(files))
    assert result.proposals["SC-001"] == []
    assert [p.path for p in result.weak["SC-001"]][:1] == ["src/hero.tsx"]  # still shown, apart
    assert all(p.weak for p in result.weak["SC-001"])
    assert [p.path for p in result.proposals["SC-002"]][:1] == ["tests/hero.test.tsx"]
    # The same words as a requirement are evidence enough: the rule is the criterion's.
    req = _spec(SPEC + "- **FR-020**: The hero section renders its headline within 2.5 seconds\n")
    assert [p.path for p in propose(req, changeset(files), code=code_of(files)).proposals["FR-020"]][:1] \
        == ["src/hero.tsx"]


def test_a_drawings_coordinates_are_not_the_numbers_a_clause_asks_for():
    # ai-native-portfolio's favicon was proposed for "100ms" and for "3 items": an SVG's
    # numbers are coordinates. Its words still count, and so does code holding the number.
    spec = _spec(SPEC + "- **FR-010**: The hero animation MUST start within 100 ms\n")
    files = {"public/favicon.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">\n'
                                   '  <circle cx="50" cy="50" r="100" fill="#0ea5e9"/>\n</svg>\n',
             "src/hero.ts": "export const HERO_DELAY_MS = 100;\n"}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    assert [p.path for p in result.proposals["FR-010"]] == ["src/hero.ts"]
    icon = _spec(SPEC + "- **FR-010**: The favicon MUST be an svg circle\n")
    result = propose(icon, changeset(files), code=code_of(files), params=_no_abstain())
    assert result.proposals["FR-010"][0].path == "public/favicon.svg"


KIRO = """# Requirements Document

## Requirements

### Requirement 1: Tasks

#### Acceptance Criteria

1. WHEN the user clicks delete on a task, THE Todo App SHALL remove the task from the list
2. WHEN the user sorts by due date, THE Todo App SHALL order tasks by their due date
3. THE Todo App SHALL keep tasks in local storage across reloads
4. WHEN an upload fails, THE Sync Service SHALL retry it after a flat delay
"""


def test_the_system_an_ears_spec_names_in_every_criterion_is_no_evidence():
    # task-lens's criteria all read "THE Todo App SHALL ...": `TodoItem` was proposed
    # because "its name says todo", and "shares: todo, app" was the text evidence of most.
    spec = _spec(KIRO, ".kiro/specs/todo/requirements.md")
    files = {"src/TodoList.tsx": "export function TodoList({ tasks, onDelete }) {\n"
                                 "  return tasks.map((t) => <button onClick={() => onDelete(t.id)}>delete</button>)\n}\n",
             "src/todoApp.ts": "export const todoAppTitle = 'Todo App'\nexport const todoAppVersion = 2\n",
             "src/sync.ts": "export class SyncService {\n  retryUpload(upload) {\n    return setTimeout(upload, 5000)\n  }\n}\n"}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    said = [e.detail for ps in result.proposals.values() for p in ps for e in p.evidence]
    named = [d.split("its name says ")[1] for d in said if "its name says " in d]
    shared = [d.removeprefix("shares: ").split(", ") for d in said if d.startswith("shares: ")]
    assert not [w for ws in named for w in ws.split(", ") if w in ("todo", "app", "todo app")], named
    assert not [ws for ws in shared if {"todo", "app", "todo app"} & set(ws)], shared
    assert all(p.path != "src/todoApp.ts" for p in result.proposals["1.1"])
    # A subject fewer criteria name is a part of the system, and names its code.
    assert result.proposals["1.4"][0].path == "src/sync.ts"
    assert any("sync" in e.detail for e in result.proposals["1.4"][0].evidence)


def test_a_word_the_clause_says_in_two_languages_is_said_once():
    # PineSnap's debug console: "search" and 搜索 (read as "search") made the evidence line
    # "its name says search, search, search" and "shares: search, search, search, search".
    spec = _spec("# Spec\n\n## Requirements\n\n"
                 "- **FR-001**: Debug search MUST accept three inputs: 顶栏搜索 MUST 接受三种输入\n")
    files = {"server/routers/debug.ts": "export async function searchByQuery(q: string) {\n"
                                        "  // search by id, then by email\n  return search(q)\n}\n"}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    said = [e.detail for p in result.proposals["FR-001"] for e in p.evidence]
    lists = [d.split("its name says ")[-1].removeprefix("shares: ").split(", ")
             for d in said if "its name says " in d or d.startswith("shares: ")]
    assert lists and all("search" in ws for ws in lists), said
    assert all(len(ws) == len(set(ws)) for ws in lists), said


def test_a_done_task_is_said_to_miss_only_files_it_names():
    # PineSnap's task 7.2 ("role badge: user/assistant/tool/system") was said to have
    # missed its files (user/assistant/tool/system): a list of roles, not a path.
    from specaudit.core.evidence.tasks import task_list_findings

    spec = _spec(KIRO, ".kiro/specs/todo/requirements.md")
    tasks = parse_spec(".kiro/specs/todo/tasks.md", (
        "# Implementation Plan\n\n"
        "- [x] 1. Role badge coloured per role (user/assistant/tool/system)\n  - _Requirements: 1.1_\n"
        "- [x] 2. Components in src/components\n  - _Requirements: 1.2_\n"
        "- [x] 3. Store in `src/store/tasks.ts`\n  - _Requirements: 1.3_\n"))
    notes = task_list_findings(spec, [tasks], ["src/components/Badge.tsx"])
    said = [n.message for n in notes if n.kind == "task-not-in-change"]
    assert said == ["task 3 is marked done but the change touches none of its files (src/store/tasks.ts)"], said


def test_a_scenario_named_with_a_slash_reads_its_requirement():
    # "Non-admin user accesses /debug" was read as the child of "…admin-only/Non-admin user
    # accesses ", a key no clause has: the scenario lost its requirement's words.
    spec = parse_spec("openspec/changes/add-debug/specs/debug-console/spec.md", (
        "## ADDED Requirements\n\n### Requirement: Debug console MUST be admin-only\n"
        "系统 MUST 仅允许 admin role 访问。\n\n"
        "#### Scenario: 未登录 accesses /debug\n- **WHEN** 未登录用户访问\n- **THEN** 重定向到登录页\n"))
    files = {"server/trpc.ts": "export function requireAdminRole(role: string) {\n"
                               "  if (role !== 'admin') throw new Error('FORBIDDEN')\n}\n"}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    scenario = next(c.key for c in spec.clauses if c.kind == "scenario")
    assert [p.path for p in result.proposals[scenario]] == ["server/trpc.ts"], result.proposals


def test_lines_opening_a_long_definition_are_shown_with_its_signature():
    # expense-tracker: the proposal for "calculate the trend for 12 months" was line 259
    # alone, the docstring of `def test_get_cashflow_trend(...)` on line 258.
    spec = _spec("# Spec\n\n## Requirements\n\n- **FR-001**: System MUST compute the monthly cashflow trend\n")
    filler = "".join(f"    repo.add(Transaction(amount={n}))\n" for n in range(40))
    files = {"tests/test_statistics.py": "import pytest\n\n\ndef test_get_cashflow_trend(repo):\n"
                                         '    """The monthly cashflow trend: net amounts per month."""\n'
                                         + filler + "    assert repo.count() == 40\n"}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    first = result.proposals["FR-001"][0]
    assert (first.path, first.first) == ("tests/test_statistics.py", 4), first
    assert first.last >= 5 and first.last - first.first < 30, first


def test_a_citation_says_the_key_as_it_was_written():
    # A YAML spec's `EXP-2` cited in a docstring read "cites EXP: ..." in the evidence line.
    spec = parse_spec("specs/export.yaml", "schema: 1\ntitle: Export\nclauses:\n"
                                           "  - id: EXP-1\n    kind: requirement\n    text: Exports finish within 30 seconds.\n"
                                           "  - id: EXP-2\n    kind: requirement\n    text: Exports are CSV with a header row.\n")
    files = {"src/export.py": 'def export_month(rows, out):\n    """Write rows as CSV (EXP-2)."""\n    return out\n'}
    result = propose(spec, changeset(files), code=code_of(files), params=_no_abstain())
    said = [e.detail for e in result.proposals["EXP-2"][0].evidence if e.kind == "citation"]
    assert said == ['cites EXP-2: """Write rows as CSV (EXP-2)."""'], said

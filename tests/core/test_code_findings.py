"""The exclusion rules behind unwired-code, stub-code and phantom-task, one test per false
positive found on the corpus (docs/findings.md): each fails without its rule."""

from __future__ import annotations

from specaudit.core.code import parse
from specaudit.core.code_findings import (
    PRODUCT,
    TESTS,
    RepoFacts,
    Source,
    entry_point,
    file_role,
    object_member_owner,
    passed_whole,
    stub_reason,
)
from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.tasks import Task
from specaudit.core.phantom_tasks import CodeNote, named, phantom_tasks


def _src(path: str, text: str) -> Source:
    code = parse(path, text.encode())
    assert code is not None
    return Source(path, code, text)


def _def(src: Source, name: str):
    return next(d for d in src.code.definitions if d.name == name)


def _entry(path: str, text: str, name: str, classes: frozenset[str] = frozenset()) -> str | None:
    src = _src(path, text)
    return entry_point(_def(src, name), src, RepoFacts(classes))


def test_callbacks_in_an_object_handed_to_a_call_are_entry_points():
    # bmad-todo-app: useMutation({ mutationFn, onSuccess, onError }) flagged 60 times.
    text = ("export function useCreate() {\n  return useMutation({\n    mutationFn: (t) => api.post(t),\n"
            "    onSuccess: () => qc.invalidate(),\n  });\n}\n")
    assert "object literal" in (_entry("src/hooks/useTasks.ts", text, "onSuccess") or "")
    assert _entry("src/hooks/useTasks.ts", text, "useCreate") is None


def test_a_top_level_object_passed_whole_wires_its_methods_but_member_use_is_by_name():
    # hibi: react-markdown's components={markdownComponents} calls `ul`, `blockquote`...
    text = "export const markdownComponents = {\n  ul: ({ children }) => children,\n};\n"
    src = _src("src/utils/md.tsx", text)
    method = _def(src, "ul")  # not "l": a key is a name, not a string with a prefix
    owner = object_member_owner(method, src)
    assert owner is not None and owner.name == "markdownComponents"
    assert passed_whole("markdownComponents", "<Markdown components={markdownComponents} />")
    assert passed_whole("nextConfig", "export default nextConfig;\n")
    # bmad-todo-app: `api.put` is only ever reached through the object: checked by name.
    assert not passed_whole("api", "await api.get('/x');\napi.post('/y');\nconst x = api?.delete;\n")
    assert not passed_whole("api", "export const api = {\n  put() {},\n};\n", skip=(1, 3))


def test_examples_test_setup_and_test_helpers_are_not_product_code():
    # backoffice-app: app/static/js/i18n-example.js; todo-app-using-kiro: jest.setup.js mocks;
    # hibi: server/src/test-utils/integration-helpers.ts.
    for path in ("app/static/js/i18n-example.js", "jest.setup.js", "src/setupTests.ts",
                 "server/src/test-utils/integration-helpers.ts", "examples/basic.py", "src/Button.stories.tsx"):
        assert file_role(path) == TESTS, path
    for path in ("app/static/js/api.js", "src/lib/sample_parser.py", "lib/utils.ts"):
        assert file_role(path) == PRODUCT, path


def test_framework_files_and_hooks_are_entry_points():
    # PineSnap: Next.js 16 proxy.ts; todo2: GORM's BeforeCreate hook.
    assert _entry("proxy.ts", "export function proxy(req) {\n  return req;\n}\n", "proxy")
    assert _entry("src/middleware.ts", "export function middleware(req) {\n  return req;\n}\n", "middleware")
    assert _entry("app/(main)/learn/page.tsx", "export default function Page() {\n  return null;\n}\n", "Page")
    go = "package models\n\ntype Todo struct{}\n\nfunc (t *Todo) BeforeCreate(tx *gorm.DB) error {\n\treturn nil\n}\n"
    assert _entry("internal/models/todo.go", go, "BeforeCreate")
    assert _entry("migrations/versions/001_init.py", "def upgrade():\n    pass\n", "upgrade")


def test_methods_overriding_an_outside_base_class_are_entry_points_a_local_base_is_not():
    text = ("class Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        return 1\n\n"
            "class Mine(LocalBase):\n    def helper(self):\n        return 2\n")
    assert "BaseHTTPRequestHandler" in (_entry("app/h.py", text, "do_GET") or "")
    assert _entry("app/h.py", text, "helper", frozenset({"LocalBase"})) is None


def test_stubs_need_a_placeholder_or_a_todo_beside_a_constant():
    text = ('def later():\n    # TODO: sum them, for now zero\n    return 0\n\n'
            'def fine():\n    return 0\n\n'
            'class Port(Protocol):\n    def read(self) -> int: ...\n\n'
            'def wait():\n    # not yet: poll the bank\n    time.sleep(1)\n')
    src = _src("app/x.py", text)
    assert "only returns a constant" in stub_reason(_def(src, "later"), src)[0]
    assert stub_reason(_def(src, "fine"), src) is None  # a constant without a TODO is an answer
    assert stub_reason(_def(src, "read"), src) is None  # a protocol's method declares, it does not stub
    assert "only sleeps" in stub_reason(_def(src, "wait"), src)[0]


def _task(id_: str, paths=(), symbols=(), done=True, line=3) -> Task:
    return Task("specs/x/tasks.md", line, id_, ("FR-001",), tuple(paths), tuple(symbols), done)


def test_phantom_tasks_ignore_urls_css_classes_and_folders_they_name():
    # PineSnap: `mp.weixin.qq.com/s`, hibi: `bg-background/60` and `gray/slate`.
    t = _task("5.5", paths=("mp.weixin.qq.com/s", "bg-background/60", "src/components/", "app/api/billing.py"))
    assert named(t) == ["app/api/billing.py"]


def _phantoms(tasks, lines, present, notes=()):
    matcher = KeyMatcher(["FR-001"], [t.id for t in tasks])
    return phantom_tasks(tasks, lines, spec="specs/x/spec.md", ticked_here={(t.list_path, t.id) for t in tasks},
                         change=ChangeIndex.from_paths([], ()), present=present, notes=list(notes), stubs=[],
                         matcher=matcher)


def test_a_phantom_needs_everything_it_names_absent_and_no_removal():
    lines = {("specs/x/tasks.md", 3): "- [x] T001 Create `app/api/billing.py`",
             ("specs/x/tasks.md", 4): "- [x] T002 `git rm components/old.tsx`"}
    billing = _task("T001", paths=("app/api/billing.py",))
    removal = _task("T002", paths=("components/old.tsx",), line=4)
    # backoffice-app: US7's files exist at the target (written before the range): not phantoms.
    assert _phantoms([billing, removal], lines, present=lambda n: True) == []
    (only,) = _phantoms([billing, removal], lines, present=lambda n: False)
    assert only.line == 3 and only.clause == "FR-001" and only.evidence[0].text.startswith("- [x] T001")


def test_a_todo_citing_the_task_makes_it_a_phantom_with_the_code_line():
    lines = {("specs/x/tasks.md", 3): "- [x] T007 Import todos"}
    note = CodeNote("app/importer.py", 2, "# TODO(T007): parse the file later")
    (f,) = _phantoms([_task("T007")], lines, present=lambda n: True, notes=[note])
    assert "defers it" in f.message and f.evidence[1].path == "app/importer.py" and f.evidence[1].line == 2
    assert _phantoms([_task("T007", done=False)], lines, present=lambda n: True, notes=[note]) == []


# backoffice-app: T220, T221, T235, T244, T245 name `app/api/billing.py` and say "Note:
# Implemented in frontend routes ...": the list itself says where the work went.
ELSEWHERE = [
    "- [x] T001 Add locale support in `app/api/billing.py` - Note: Implemented in frontend routes",
    "- [x] T001 Create `app/api/billing.py` (moved to `app/routes/billing.py`)",
    "- [x] T001 Create `app/api/billing.py`, handled in the routes module",
    "- [x] T001 Create `app/api/billing.py` - see T045",
    "- [x] T001 Create `app/api/billing.py` (deferred to phase 3)",
    "- [x] T001 Create `app/api/billing.py` (deferred)",
    "- [x] T001 Create `app/api/billing.py`: N/A for the web client",
    "- [x] T001 Create `app/api/billing.py` - already exists as app/billing.py",
    "- [x] T001 Create `app/api/billing.py` - superseded by T050",
    "- [x] T001 Create `app/api/billing.py` - no longer needed",
    "- [x] T001 Create `app/api/billing.py` - out of scope for this release",
    "- [x] T001 Create `app/api/billing.py` - Note: Implemented as frontend routes instead of API endpoints",
    "- [x] T001 Create `app/api/billing.py` (postponed)",
    "- [x] T001 Create `app/api/billing.py` - not applicable here",
    "- [x] T001 Create `app/api/billing.py` - covered elsewhere",
    "- [x] T001 Create `app/api/billing.py` - addressed in T050",
    "- [x] T001 Create `app/api/billing.py` - replaced by the GraphQL resolver",
    "- [x] T001 Create `app/api/billing.py` - won't do: the bank sends no webhook",
]


def test_a_task_that_says_its_work_went_elsewhere_is_no_phantom():
    for text in ELSEWHERE:
        lines = {("specs/x/tasks.md", 3): text}
        assert _phantoms([_task("T001", paths=("app/api/billing.py",))], lines, present=lambda n: False) == [], text
    # The note may be a line under the task.
    lines = {("specs/x/tasks.md", 3): "- [x] T001 Create `app/api/billing.py`",
             ("specs/x/tasks.md", 4): "  - Moved to the frontend routes (T060)",
             ("specs/x/tasks.md", 5): "- [x] T002 Create `app/api/orders.py`"}
    tasks = [_task("T001", paths=("app/api/billing.py",)), _task("T002", paths=("app/api/orders.py",), line=5)]
    (only,) = _phantoms(tasks, lines, present=lambda n: False)
    assert only.line == 5  # the next task is not under T001: its own claim stands
    # A deferring comment in the code does not make it a phantom either: the list says so.
    note = CodeNote("app/x.py", 3, "# TODO(T001): later")
    lines = {("specs/x/tasks.md", 3): ELSEWHERE[4]}
    assert _phantoms([_task("T001", paths=("app/api/billing.py",))], lines, present=lambda n: False,
                     notes=[note]) == []
    # Without the note, the same task is a phantom: the note is what clears it.
    assert len(_phantoms([_task("T001", paths=("app/api/billing.py",))],
                         {("specs/x/tasks.md", 3): "- [x] T001 Create `app/api/billing.py`"},
                         present=lambda n: False)) == 1


def test_words_of_the_task_itself_are_not_a_note():
    # expense-tracker 2.3 "... call `search_by_keyword` instead of `get_all_transactions`";
    # ai-native-portfolio T019 "the channel-list row already reveals ↗ on hover".
    for text in ("- [x] T001 Update `app/api/billing.py` to call `search` instead of `get_all`",
                 "- [x] T001 In `app/api/billing.py`, the row already reveals the arrow on hover",
                 "- [x] T001 Implement deferred loading in `app/api/billing.py`",
                 "- [x] T001 Make sure `app/api/billing.py` is covered by tests"):
        lines = {("specs/x/tasks.md", 3): text}
        assert len(_phantoms([_task("T001", paths=("app/api/billing.py",))], lines, present=lambda n: False)) == 1, text


def test_all_lists_are_read_as_python_assigns_them():
    from specaudit.core.code_findings import all_names

    text = ("__all__ = ['a', \"b\"]\n__all__ += ('c',)\n__all__: list[str] = [\n    'd',\n]\n"
            "x = ['e']\n    __all__ = ['nested']\n")
    assert all_names(text) == {"a", "b", "c", "d"}

"""The truths clause evidence is measured against (benchmarks/bench_evidence.py).

- **span** (``span_truth.yaml``): implementing line spans judged by hand from clause text
  and code; the primary truth (docs/evidence.md, "Span-level truth").
- **hand**: ``HAND_TRUTH`` below, implementing files judged from the code.
- **tasks**: the files a repository's own task list names for a clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from specaudit.core.evidence.change import ChangeIndex
from specaudit.core.evidence.keys import matcher_for
from specaudit.core.evidence.rank import _parent
from specaudit.core.evidence.tasks import read_tasks, task_files

K = 8
SPAN_TRUTH = Path(__file__).resolve().parent / "span_truth.yaml"
HELD_OUT_TRUTH = Path(__file__).resolve().parent / "span_truth_heldout.yaml"  # never fitted on

TODOS = "todo-app/src/features/todos/"

# Judged from the code, independent of task lists: clause key (or the start of an
# OpenSpec key) -> files that implement it.
HAND_TRUTH: dict[str, dict[str, list[str]]] = {
    "sunfmin/todo2": {
        "FR-001": ["services/todo_service.go", "handlers/todo_handler.go", "static/index.html"],
        "FR-002": ["static/index.html", "handlers/todo_handler.go", "services/todo_service.go"],
        "FR-003": ["services/todo_service.go", "handlers/todo_handler.go", "static/index.html"],
        "FR-004": ["services/todo_service.go", "handlers/todo_handler.go", "static/index.html"],
        "FR-005": ["services/todo_service.go", "internal/models/todo.go", "services/migrations.go"],
        "FR-006": ["services/todo_service.go", "static/index.html"],
        "FR-006a": ["services/todo_service.go", "internal/models/todo.go", "static/index.html"],
        "FR-007": ["static/index.html"],
        "FR-008": ["static/index.html"],
        "FR-ERR-001": ["handlers/error_codes.go", "handlers/todo_handler.go", "static/index.html"],
        "FR-ERR-003": ["handlers/error_codes.go", "static/index.html", "services/errors.go"],
        "US1/AC3": ["handlers/todo_handler_test.go", "services/todo_service.go", "static/index.html"],
        "US1/AC6": ["handlers/todo_handler_test.go", "services/todo_service.go"],
        "US3/AC2": ["static/index.html"],
    },
    "namidapoo/todo-app-using-kiro": {
        "1.1": ["app/components/TodoInput.tsx", "app/hooks/useTodos.ts"],
        "1.2": ["app/components/TodoInput.tsx"],
        "1.3": ["app/components/TodoInput.tsx"],
        "2.1": ["app/components/TodoItem.tsx", "app/hooks/useTodos.ts"],
        "2.2": ["app/components/TodoItem.tsx"],
        "3.1": ["app/components/TodoItem.tsx", "app/hooks/useTodos.ts"],
        "3.2": ["app/components/TodoItem.tsx", "app/globals.css"],
        "4.1": ["app/components/TodoFilters.tsx", "app/utils/todoHelpers.ts", "app/hooks/useTodos.ts"],
        "4.4": ["app/components/TodoFilters.tsx"],
        "5.1": ["app/components/TodoFilters.tsx", "app/utils/todoHelpers.ts", "app/hooks/useTodos.ts"],
        "7.1": ["app/components/ThemeToggle.tsx", "app/hooks/useTheme.ts"],
        "7.4": ["app/hooks/useTheme.ts"],
        "8.1": ["app/hooks/useLocalStorage.ts", "app/hooks/useTodos.ts"],
        "8.2": ["app/hooks/useLocalStorage.ts", "app/hooks/useTodos.ts"],
        "8.4": ["app/hooks/useLocalStorage.ts", "app/components/TodoApp.tsx"],
    },
    # cc-sdd (Kiro layout), EARS half Japanese, half English, over a React app.
    "gubikonchu/task-lens-by-cc-sdd": {
        "1.1": [TODOS + "components/TodoForm.tsx", TODOS + "store/todoStore.ts"],
        "1.2": [TODOS + "components/TodoForm.tsx"],
        "1.3": [TODOS + "components/TodoForm.tsx"],
        "2.1": [TODOS + "components/TodoItem.tsx", TODOS + "components/TodoForm.tsx"],
        "2.2": [TODOS + "store/todoStore.ts", TODOS + "components/TodoItem.tsx"],
        "3.1": [TODOS + "components/TodoItem.tsx", TODOS + "store/todoStore.ts"],
        "4.1": [TODOS + "components/TodoItem.tsx", TODOS + "store/todoStore.ts"],
        "5.2": ["todo-app/src/shared/lib/dateHelpers.ts", TODOS + "components/TodoItem.tsx"],
        "6.1": [TODOS + "components/TodoForm.tsx", TODOS + "types/todo.ts"],
        "6.2": [TODOS + "components/TodoItem.tsx", "todo-app/src/shared/components/ui/badge.tsx"],
        "7.1": [TODOS + "components/TodoFilters.tsx", TODOS + "hooks/useFilteredSortedTodos.ts"],
        "7.3": [TODOS + "components/TodoList.tsx"],
        "8.1": [TODOS + "components/TodoSort.tsx", TODOS + "hooks/useFilteredSortedTodos.ts"],
        "8.2": [TODOS + "hooks/useFilteredSortedTodos.ts", TODOS + "components/TodoSort.tsx"],
        "9.1": [TODOS + "store/todoStore.ts"],
        "9.2": [TODOS + "store/todoStore.ts"],
        "11.2": [TODOS + "components/TodoList.tsx", TODOS + "components/TodoItem.tsx", "todo-app/src/index.css"],
    },
    "7174Andy/expense-tracker": {
        "spending-aggregation#Daily Spending Aggregation": ["expense_tracker/core/repositories.py"],
        "spending-aggregation#Transactions by Date Retrieval": ["expense_tracker/core/repositories.py"],
        "spending-aggregation#SQL Query Optimization": ["expense_tracker/core/repositories.py"],
        # Scenarios are implemented by the code and by the tests that run them
        # (test_get_daily_spending_for_month_*, test_get_transactions_for_date_*).
        "spending-aggregation#Daily Spending Aggregation/": ["expense_tracker/core/repositories.py",
                                                            "tests/core/test_repository.py"],
        "spending-aggregation#Transactions by Date Retrieval/": ["expense_tracker/core/repositories.py",
                                                                "tests/core/test_repository.py"],
        "heatmap-visualization#Tabbed Interface": ["expense_tracker/gui/main_window.py",
                                                   "expense_tracker/gui/tabs/__init__.py"],
        "heatmap-visualization#Monthly Calendar Display": ["expense_tracker/gui/tabs/heatmap_tab.py"],
        "heatmap-visualization#Month Navigation": ["expense_tracker/gui/tabs/heatmap_tab.py"],
        "heatmap-visualization#Day Detail Interaction": ["expense_tracker/gui/tabs/heatmap_tab.py",
                                                         "expense_tracker/gui/main_window.py",
                                                         "expense_tracker/gui/tabs/transactions_tab.py"],
        "heatmap-visualization#Transactions Tab Refactoring": ["expense_tracker/gui/tabs/transactions_tab.py"],
        "heatmap-visualization#Visual Clarity and Accessibility": ["expense_tracker/gui/tabs/heatmap_tab.py"],
    },
    "shishuohongdou36-del/ai-native-portfolio": {
        "FR-001": ["src/App.tsx"],
        "FR-002": ["src/components/layout/Navbar.tsx"],
        "FR-010": ["src/components/sections/Hero.tsx", "src/data/profile.ts"],
        "FR-011": ["src/components/sections/Hero.tsx", "src/hooks/useMousePosition.ts",
                   "src/components/visuals/AgentNodeGraphFallback.tsx"],
        "FR-012": ["src/hooks/usePerformanceMode.ts", "src/hooks/useReducedMotion.ts",
                   "src/components/sections/Hero.tsx"],
        "FR-020": ["src/components/sections/About.tsx", "src/data/profile.ts"],
        "FR-030": ["src/components/sections/CapabilityMap.tsx", "src/data/capabilities.ts"],
        "FR-031": ["src/components/sections/CapabilityMap.tsx"],
        "FR-040": ["src/components/sections/FeaturedProjects.tsx", "src/data/projects.ts"],
        "FR-041": ["src/components/sections/FeaturedProjects.tsx", "src/data/projects.ts"],
        "FR-050": ["src/components/sections/Methodology.tsx", "src/data/methodology.ts"],
        "FR-060": ["src/components/sections/Writing.tsx", "src/data/writing.ts"],
        "FR-070": ["src/components/sections/Contact.tsx", "src/data/contact.ts"],
        "FR-071": ["src/components/sections/Contact.tsx", "src/components/ui/MagneticButton.tsx"],
    },
}



@dataclass(frozen=True)
class SpanTruth:
    status: str  # implemented, partial, contradicted, none
    spans: tuple[tuple[str, int, int], ...]
    note: str = ""

    @property
    def implemented(self) -> bool:
        return self.status != "none"

    def hit(self, path: str, first: int, last: int) -> bool:
        return any(path == p and first <= b and a <= last for p, a, b in self.spans)


def load_span_truth(path: Path = SPAN_TRUTH) -> list[dict]:
    """[{repo, spec, base, head, clauses: {key: SpanTruth}}]"""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for ch in doc["changes"]:
        clauses = {}
        for key, v in ch["clauses"].items():
            spans = []
            for sp in v.get("spans", []):
                p, r = sp.rsplit(":", 1)
                a, b = map(int, r.split("-"))
                spans.append((p, a, b))
            clauses[str(key)] = SpanTruth(v["status"], tuple(spans), v.get("note", ""))
        out.append({**ch, "clauses": clauses})
    return out


def task_truth(spec, task_lists, change: ChangeIndex) -> dict[str, set[str]]:
    matcher = matcher_for(spec, task_lists)
    truth: dict[str, set[str]] = {}
    for tl in task_lists:
        for t in read_tasks(tl, matcher, []):
            files = {f for f, _n, _l in task_files(t, change)}
            for k in t.clauses:
                truth.setdefault(k, set()).update(files)
    keys = {c.key for c in spec.clauses}
    direct = {k: set(v) for k, v in truth.items() if v}
    for k in keys:
        p = _parent(k, keys)
        if p is None:
            continue
        if not direct.get(k) and direct.get(p):
            truth[k] = set(direct[p])
        if not direct.get(p) and direct.get(k):
            truth.setdefault(p, set()).update(direct[k])
    return {k: v for k, v in truth.items() if v and k in keys}


def hand_truth(repo: str, spec, change: ChangeIndex) -> dict[str, set[str]]:
    """A key, or for OpenSpec the start of keys (the longest matching start wins)."""
    out: dict[str, set[str]] = {}
    table = HAND_TRUTH.get(repo, {})
    for c in spec.clauses:
        match = [p for p in table if c.key == p or ("#" in p and c.key.startswith(p))]
        if match:
            got = {f for f in table[max(match, key=len)] if f in change.files}
            if got:
                out[c.key] = got
    return out


def score(ranked: dict[str, list[str]], truth: dict[str, set[str]]) -> dict[str, float]:
    hits = recall = rr = 0.0
    for key, want in truth.items():
        files = ranked.get(key, [])[:K]
        hits += bool(files) and files[0] in want
        recall += len(set(files) & want) / min(len(want), K)
        rr += next((1 / (i + 1) for i, f in enumerate(files) if f in want), 0.0)
    n = len(truth) or 1
    return {"n": len(truth), "hit@1": hits / n, "recall@8": recall / n, "mrr": rr / n}


def files_of(result) -> dict[str, list[str]]:
    return {k: list(dict.fromkeys(p.path for p in ps)) for k, ps in result.proposals.items()}

"""How well clause evidence finds the code, measured on real spec-driven repositories.

    python benchmarks/bench_evidence.py [--corpus DIR] [--json OUT]

The corpus (``../shared/corpus``) holds git bundles of public repositories whose agents
implemented their own specs, and MANIFEST.yaml names each spec set's implementing range.
For every spec set whose bundle is present, the range's change is read (``vcs``), and
each spec file's clauses are ranked by every evidence source alone, by all of them fused,
and by two clause-blind baselines over the same files (biggest change first; a seeded
shuffle). The spec's own documents are left out of every ranking, baselines included.

Ground truth, two kinds:

- **tasks**: the files the repository's own task list names for a clause. A task cites
  clauses (Spec Kit ``[US1]`` / ``FR-003``, Kiro ``_Requirements: 1.1_``) and names
  paths or symbols; a symbol resolves to the changed file of that name (``useTodos`` ->
  ``useTodos.ts``) or the hunk defining it. A scenario with no task of its own takes its
  story's files; a story with none takes the union of its scenarios'. This truth shares
  its reading of the task list with the "task" source, so that source scores well on it
  by construction: it shows what the task list buys, not that it is right.
- **hand**: ``HAND_TRUTH`` below, judged from the code (file names, then grep for the
  behaviour) for a sample of clauses of four changes, independent of any task list.

Metrics over the clauses with a truth: hit@1 (top file is a truth file), recall@8 (truth
files among the first 8 files, over min(|truth|, 8)) and MRR (1 / rank of the first truth
file, 0 if none in the list). Speed: fused ranking of the biggest spec set against the
wall time of ``git diff`` of the same range, median of 5 runs, same process, for every
spec set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from specaudit.app.diffs import load_changeset  # noqa: E402
from specaudit.app.evidence import commit_reader, read_task_lists  # noqa: E402
from specaudit.core.evidence import SOURCES, propose  # noqa: E402
from specaudit.core.evidence.change import ChangeIndex  # noqa: E402
from specaudit.core.evidence.keys import matcher_for  # noqa: E402
from specaudit.core.evidence.paths import spec_document_roots  # noqa: E402
from specaudit.core.evidence.rank import _parent  # noqa: E402
from specaudit.core.evidence.tasks import read_tasks, task_files  # noqa: E402
from specaudit.formats import parse_spec  # noqa: E402
from specaudit.vcs.blobs import read_blob  # noqa: E402
from specaudit.vcs.evidence_read import range_commits  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402

K = 8
VARIANTS = False
SKIP_NAMES = {"tasks.md", "proposal.md", "design.md"}
ROOT = Path(__file__).resolve().parents[1]

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


def corpus_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    sys.path.insert(0, str(ROOT / "tests"))
    from support import CORPUS  # noqa: PLC0415
    return Path(CORPUS)


def clone(bundle: Path, cache: Path) -> Path:
    dest = cache / bundle.stem
    if not dest.exists():
        subprocess.run(["git", "clone", "-q", str(bundle), str(dest)], check=True)
    return dest


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


def run(corpus: Path, cache: Path) -> dict:
    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text(encoding="utf-8"))
    report: dict = {"sets": [], "speed": []}
    candidates = []
    for r in manifest["repositories"]:
        bundle = corpus / "history" / (r["repo"].replace("/", "+") + ".bundle")
        if not bundle.exists():
            continue
        repo = open_repo(clone(bundle, cache))
        for s in r.get("spec_sets", []):
            rng = s.get("range") or {}
            if not rng.get("base") or not rng.get("head"):
                continue
            base, head = rng["base"], rng["head"]
            cs = load_changeset(repo, f"{base}..{head}")
            for spec_rel in s["files"]:
                if Path(spec_rel).name in SKIP_NAMES:
                    continue
                raw = read_blob(repo, head, spec_rel)
                if raw is None:
                    continue
                spec = parse_spec(spec_rel, raw.decode("utf-8", "replace"))
                if not spec.clauses:
                    continue
                warnings: list[str] = []
                task_lists = read_task_lists(spec_rel, commit_reader(repo, head), warnings)
                matcher = matcher_for(spec, task_lists)
                commits = range_commits(repo, base, head, lambda m, mt=matcher: bool(mt.cites(m, subject=True)))
                change = ChangeIndex(cs, spec_document_roots([spec_rel, *(t.path for t in task_lists)]))
                truths = {"tasks": task_truth(spec, task_lists, change), "hand": hand_truth(r["repo"], spec, change)}
                if not any(truths.values()):
                    continue
                rankings: dict[str, dict[str, list[str]]] = {}
                kw = {"task_lists": task_lists, "commits": commits, "limit": K}
                for src in SOURCES:
                    rankings[src] = files_of(propose(spec, cs, sources={src}, **kw))
                t0 = time.perf_counter()
                rankings["fused"] = files_of(propose(spec, cs, **kw))
                elapsed = time.perf_counter() - t0
                by_size = sorted(change.files, key=lambda p: (-change.files[p].size, p))
                rankings["biggest-first"] = {c.key: by_size[:K] for c in spec.clauses}
                shuffled = {}
                for i, c in enumerate(spec.clauses):
                    files = sorted(change.files)
                    random.Random(1000 + i).shuffle(files)
                    shuffled[c.key] = files[:K]
                rankings["shuffle"] = shuffled
                if VARIANTS:
                    rankings.update(text_variants(spec, cs, change))
                entry = {"repo": r["repo"], "spec": spec_rel, "clauses": len(spec.clauses),
                         "files": len(change.files), "tasks": sum(len(t.clauses) for t in task_lists),
                         "commits_citing": sum(1 for c in commits if c.added), "rank_s": elapsed,
                         "scores": {t: {m: score(rk, truth) for m, rk in rankings.items()}
                                    for t, truth in truths.items() if truth}}
                report["sets"].append(entry)
                size = len(spec.clauses) * max(1, sum(f.size for f in change.files.values()))
                candidates.append((size, len(change.files), repo, base, head, spec, cs, kw, entry))
    # Every set is timed, smallest first (the scale, 83 clauses over a 66-file,
    # 13,000-line change, falls among them).
    for _size, _nfiles, repo, base, head, spec, cs, kw, entry in sorted(candidates, key=lambda c: c[0]):
        ours, cpu, git = [], [], []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            propose(spec, cs, **kw)
            ours.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            t0 = time.perf_counter()
            subprocess.run(["git", "-C", str(repo.root), "diff", f"{base}..{head}"], capture_output=True, check=True)
            git.append(time.perf_counter() - t0)
        report["speed"].append({"repo": entry["repo"], "spec": entry["spec"], "clauses": entry["clauses"],
                                "files": entry["files"], "lines": sum(f.added + f.removed for f in cs.files),
                                "rank_s": statistics.median(ours), "rank_cpu_s": statistics.median(cpu),
                                "git_diff_s": statistics.median(git),
                                "ratio": statistics.median(ours) / statistics.median(git)})
    return report


def text_variants(spec, cs, change: ChangeIndex) -> dict[str, dict[str, list[str]]]:
    """Text similarity alone, three ways: this index; this index with the Snowball English
    stemmer (PyStemmer) in place of the light suffix stemmer; bm25s (Lucene BM25 over
    sparse matrices) on the same terms. Same role factors for all three."""
    import bm25s
    import Stemmer

    from specaudit.core.evidence import terms
    from specaudit.core.evidence.rank import _OWN_ID, BEHAVIOUR_ROLE, SCENARIO_ROLE
    from specaudit.core.evidence.text import TextIndex

    out = {"text: this index": files_of(propose(spec, cs, sources={"text"}, limit=K))}
    light = terms.stem
    snowball = Stemmer.Stemmer("english")
    try:
        terms.stem = lambda w: snowball.stemWord(w) if len(w) > 3 and w.isalpha() else w
        terms.part_term.cache_clear()
        out["text: + PyStemmer"] = files_of(propose(spec, cs, sources={"text"}, limit=K))
    finally:
        terms.stem = light
        terms.part_term.cache_clear()
    index = TextIndex(change)
    paths = list(index.tf)
    retriever = bm25s.BM25(method="lucene")
    retriever.index([list(index.tf[p].elements()) or ["\0"] for p in paths], show_progress=False)
    ranked: dict[str, list[str]] = {}
    for c in spec.clauses:
        role_of = SCENARIO_ROLE if c.kind == "scenario" else BEHAVIOUR_ROLE
        q = [t for t in index.query(_OWN_ID.sub(" ", f"{c.title}: {c.text}".replace(c.key, " ")))]
        if not q:
            ranked[c.key] = []
            continue
        docs, scores = retriever.retrieve([q], k=len(paths), show_progress=False)
        pairs = [(float(sc) * role_of[change.files[paths[int(d)]].role], paths[int(d)])
                 for d, sc in zip(docs[0], scores[0], strict=True) if sc > 0]
        ranked[c.key] = [p for _s, p in sorted(pairs, key=lambda x: (-x[0], x[1]))[:K]]
    out["text: bm25s"] = ranked
    return out


def overall(report: dict, truth: str, method: str) -> dict[str, float]:
    rows = [e["scores"][truth][method] for e in report["sets"] if truth in e["scores"]]
    n = sum(r["n"] for r in rows) or 1
    return {"n": n, **{m: sum(r[m] * r["n"] for r in rows) / n for m in ("hit@1", "recall@8", "mrr")}}


def render(report: dict) -> str:
    methods = [*SOURCES, "fused", "biggest-first", "shuffle"]
    if VARIANTS:
        methods = ["text: this index", "text: + PyStemmer", "text: bm25s"]
    out = []
    for truth in ("tasks", "hand"):
        out.append(f"\n## Truth: {truth}\n")
        out.append("| repository / spec | clauses judged | " + " | ".join(methods) + " |")
        out.append("|---|---|" + "---|" * len(methods))
        for e in report["sets"]:
            if truth not in e["scores"]:
                continue
            sc = e["scores"][truth]
            cells = [f"{sc[m]['hit@1']:.2f} / {sc[m]['recall@8']:.2f} / {sc[m]['mrr']:.2f}" for m in methods]
            out.append(f"| {e['repo']} `{Path(e['spec']).parent.name}/{Path(e['spec']).name}` | {sc[methods[0]]['n']} | "
                       + " | ".join(cells) + " |")
        tot = {m: overall(report, truth, m) for m in methods}
        out.append(f"| **overall** | {tot[methods[0]]['n']} | " + " | ".join(
            f"**{tot[m]['hit@1']:.2f} / {tot[m]['recall@8']:.2f} / {tot[m]['mrr']:.2f}**" for m in methods) + " |")
    out.append("\ncells: hit@1 / recall@8 / MRR over files\n")
    out.append(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    for sp in report.get("speed", []):
        out.append(f"Speed: {sp['clauses']} clauses over {sp['files']} files ({sp['lines']} changed lines, "
                   f"{sp['repo']}): fused ranking {sp['rank_s'] * 1000:.0f} ms wall ({sp['rank_cpu_s'] * 1000:.0f} ms CPU), "
                   f"git diff {sp['git_diff_s'] * 1000:.0f} ms, "
                   f"ratio {sp['ratio']:.1f}x (medians of 5)")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--json")
    ap.add_argument("--text-variants", action="store_true",
                    help="compare text similarity with PyStemmer and bm25s (both must be installed)")
    args = ap.parse_args()
    global VARIANTS
    VARIANTS = args.text_variants
    with tempfile.TemporaryDirectory() as tmp:
        report = run(corpus_dir(args.corpus), Path(tmp))
    print(render(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

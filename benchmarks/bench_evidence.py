"""How well clause evidence finds the code, measured on real spec-driven repositories.

    python benchmarks/bench_evidence.py [--corpus DIR] [--json OUT] [--quick]

The corpus (``../shared/corpus``) holds git bundles of public repositories whose agents
implemented their own specs; MANIFEST.yaml names each spec set's implementing range and
``span_truth.yaml`` adds hand-labelled ranges (backoffice-app's narrow US8 range). Every
spec set goes through the product's own pipeline (``app.evidence.gather``: task lists,
commits, changed files parsed with tree-sitter; ``core.evidence.rank.analyse``).

No tuning on the test: the ranking constants (``core.evidence.params.Params``) are
fitted by coordinate ascent on the truths of every repository but one, and that
repository is measured with them (leave-one-repository-out). A repository without any
truth used for fitting is measured with constants fitted on all the others.

Metrics (evidence_truth.py has the truths):
- span@1 / span@3: the first (any of the first three) proposal overlaps a span judged
  by hand to implement the clause; clauses implemented by nothing count as abstained
  (no proposal) or not;
- file level: hit@1, recall@8, MRR against the hand-judged files and the task lists;
- precision of the proposals shown against the abstain rate, over the threshold;
- speed: parse + rank of the largest change against ``git diff`` of the same range, cold
  (nothing cached), cold with the parses in the disk cache, and warm; medians of 5, in
  the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from evidence_truth import (  # noqa: E402
    HELD_OUT_TRUTH,
    SpanTruth,
    files_of,
    hand_truth,
    load_span_truth,
    score,
    task_truth,
)

from specaudit.app.evidence.code_index import CodeCache, parse_change  # noqa: E402
from specaudit.app.evidence.code_store import CodeStore  # noqa: E402
from specaudit.app.evidence.proposals import analysis_of, gather  # noqa: E402
from specaudit.app.workspace.diffs import load_changeset  # noqa: E402
from specaudit.core.evidence.model import SuggestResult  # noqa: E402
from specaudit.core.evidence.params import DEFAULT, Params  # noqa: E402
from specaudit.core.evidence.rank import Analysis, finish, propose  # noqa: E402
from specaudit.formats import parse_spec  # noqa: E402
from specaudit.vcs.blobs import read_blob  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402

SKIP_NAMES = {"tasks.md", "proposal.md", "design.md"}
ROOT = Path(__file__).resolve().parents[1]
GRID = {
    "explicit": [0.25, 0.5, 1.0, 2.0],
    "file": [0.0, 0.25, 0.5, 1.0, 2.0],
    "cover": [0.5, 1.0, 2.0, 4.0],
    "name": [0.0, 0.5, 1.0, 2.0, 4.0],
    "literal": [0.0, 0.25, 0.5, 1.0],
    "hub": [0.0, 0.5, 1.0],
    "abstain": [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2],
    "per_file": [1, 2, 3],
}
# "shown": the fit counts what the window shows for span@3 and the files (a clause with no
# proposal shows its weak guesses); "strong" (the previous round's objective): proposals only.
OBJECTIVE = "shown"
THRESHOLDS = [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25]


@dataclass
class SpecSet:
    repo: str
    spec: str
    range: str
    analysis: Analysis
    change: object
    span: dict[str, SpanTruth] = field(default_factory=dict)
    hand: dict[str, set[str]] = field(default_factory=dict)
    tasks: dict[str, set[str]] = field(default_factory=dict)
    timing: dict = field(default_factory=dict)

    def keys(self) -> set[str]:
        return set(self.span) | set(self.hand) | set(self.tasks)


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


def load_set(repo_name: str, repo, spec_rel: str, base: str, head: str, cache: CodeCache,
             spec_at: str | None = None) -> SpecSet | None:
    """A spec over a range; the spec as it is at ``head``, or at ``spec_at`` (a spec read
    over another change of its repository, one that does not hold its work)."""
    raw = read_blob(repo, spec_at or head, spec_rel)
    if raw is None:
        return None
    spec = parse_spec(spec_rel, raw.decode("utf-8", "replace"))
    if not spec.clauses:
        return None
    cs = load_changeset(repo, f"{base}..{head}")
    inp = gather(repo, spec, cs, cache=cache)
    analysis = analysis_of(inp)
    s = SpecSet(repo_name, spec_rel, f"{base[:12]}..{head[:12]}", analysis, analysis.change)
    s.hand = hand_truth(repo_name, spec, analysis.change)
    s.tasks = task_truth(spec, inp.task_lists, analysis.change)
    return s


def load_all(corpus: Path, tmp: Path) -> list[SpecSet]:
    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text(encoding="utf-8"))
    cache = CodeCache()
    sets: list[SpecSet] = []
    repos = {}
    for r in manifest["repositories"]:
        bundle = corpus / "history" / (r["repo"].replace("/", "+") + ".bundle")
        if not bundle.exists():
            continue
        repos[r["repo"]] = open_repo(clone(bundle, tmp))
        for s in r.get("spec_sets", []):
            rng = s.get("range") or {}
            if not rng.get("base") or not rng.get("head"):
                continue
            for spec_rel in s["files"]:
                if Path(spec_rel).name in SKIP_NAMES:
                    continue
                got = load_set(r["repo"], repos[r["repo"]], spec_rel, rng["base"], rng["head"], cache)
                if got is not None and got.keys():
                    sets.append(got)
    for t in load_span_truth():
        match = next((s for s in sets if s.repo == t["repo"] and s.spec == t["spec"]
                      and s.range == f"{t['base'][:12]}..{t['head'][:12]}"), None)
        if match is None:
            match = load_set(t["repo"], repos[t["repo"]], t["spec"], t["base"], t["head"], cache)
            match.hand, match.tasks = {}, {}  # another range: only its span truth counts
            sets.append(match)
        match.span = t["clauses"]
    return sets


# -- measuring -------------------------------------------------------------------------
def measure(s: SpecSet, params: Params) -> dict:
    """Two views: the proposals alone (a clause with no evidence has none: an abstention,
    a miss when the clause is implemented), and the proposals or, for a clause with none,
    its weak guesses ("+weak")."""
    result = finish(s.analysis, params, keys=s.keys())
    both = SuggestResult({k: ps or result.weak.get(k, []) for k, ps in result.proposals.items()})
    out: dict = {"files": {}}
    for view, res in (("", result), ("+weak", both)):
        ranked = files_of(res)
        for t, truth in (("hand", s.hand), ("tasks", s.tasks)):
            if truth:
                out["files"][t + view] = score(ranked, truth)
    n = s1 = s3 = s1w = s3w = none = abst = shown = right = 0
    for key, truth in s.span.items():
        ps = result.proposals.get(key, [])
        pw = ps or result.weak.get(key, [])
        if ps:
            shown += 1
            right += truth.hit(ps[0].path, ps[0].first, ps[0].last)
        if not truth.implemented:
            none += 1
            abst += not ps
            continue
        n += 1
        s1 += bool(ps) and truth.hit(ps[0].path, ps[0].first, ps[0].last)
        s3 += any(truth.hit(p.path, p.first, p.last) for p in ps[:3])
        s1w += bool(pw) and truth.hit(pw[0].path, pw[0].first, pw[0].last)
        s3w += any(truth.hit(p.path, p.first, p.last) for p in pw[:3])
    out["span"] = {"n": n, "span@1": s1, "span@3": s3, "span@1+weak": s1w, "span@3+weak": s3w, "none": none,
                   "abstained": abst, "shown": shown, "right": right}
    return out


def hub_share(s: SpecSet, params: Params) -> dict:
    """How many clauses share one first proposal that has no explicit evidence (the issue's
    "the same handler was the #1 proposal for five different clauses")."""
    from specaudit.core.evidence.select import rank

    ranked = rank(s.analysis.plans, params)
    count: dict[tuple[str, int, int], int] = {}
    for scored in ranked.values():
        if scored and not scored[0].cand.has_explicit:
            u = scored[0].cand.unit
            count[(u.path, u.first, u.last)] = count.get((u.path, u.first, u.last), 0) + 1
    worst = max(count.items(), key=lambda kv: kv[1], default=(("", 0, 0), 0))
    return {"max": worst[1], "unit": f"{worst[0][0]}:{worst[0][1]}-{worst[0][2]}", "clauses": len(ranked)}


def with_review(s: SpecSet, params: Params) -> dict:
    """Learning within a review, simulated: clauses are reviewed in spec order; for each,
    the reviewer accepts the first of the top three proposals that is right (else links
    the first labelled span by hand) and rejects the wrong ones above it. span@1 of the
    clauses that follow, with that feedback, against without it."""
    from specaudit.core.evidence.select import Feedback

    fb = Feedback()
    n = with_fb = without = 0
    for plan in s.analysis.plans:
        t = s.span.get(plan.key)
        if t is None or not t.implemented:
            continue
        plain = finish(s.analysis, params, keys=[plan.key]).proposals[plan.key]
        got = finish(s.analysis, params, fb, keys=[plan.key]).proposals[plan.key]
        n += 1
        without += bool(plain) and t.hit(plain[0].path, plain[0].first, plain[0].last)
        with_fb += bool(got) and t.hit(got[0].path, got[0].first, got[0].last)
        right = next((p for p in got[:3] if t.hit(p.path, p.first, p.last)), None)
        for p in got[:3]:
            if p is right:
                break
            fb.rejected.setdefault(plan.key, []).append((p.path, p.first, p.last))
        path, a, b = (right.path, right.first, right.last) if right else t.spans[0]
        fb.accepted.setdefault(plan.key, []).append((path, a, b))
    return {"n": n, "span@1 with": with_fb, "span@1 without": without}


def objective(sets: list[SpecSet], params: Params) -> float:
    """What the fit maximises, as the window shows it: span@1 of the proposals (a clause
    with none counts as a miss when implemented), then span@3 and the hand-judged files
    of what is shown (the proposals, or a clause's weak guesses when it has none), and
    abstaining on what nothing implements (up to half of them: the issue asks for half,
    and rewarding more cost one held-out spec most of its proposals). Each is a mean over the
    repositories (each repository counts once, however many clauses it has labelled: a
    large one must not choose the constants for all)."""
    view = "" if OBJECTIVE == "strong" else "+weak"
    per_repo: dict[str, dict[str, float]] = {}
    for s in sets:
        m = measure(s, params)
        sp = m["span"]
        r = per_repo.setdefault(s.repo, dict.fromkeys(("n", "s1", "s3", "none", "ab", "hn", "hit", "rec"), 0.0))
        r["n"] += sp["n"]
        r["s1"] += sp["span@1"]
        r["s3"] += sp["span@3" + view]
        r["none"] += sp["none"]
        r["ab"] += sp["abstained"]
        if "hand" + view in m["files"]:
            h = m["files"]["hand" + view]
            r["hn"] += h["n"]
            r["hit"] += h["hit@1"] * h["n"]
            r["rec"] += h["recall@8"] * h["n"]

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    rs = list(per_repo.values())
    return (0.35 * mean([r["s1"] / r["n"] for r in rs if r["n"]]) + 0.2 * mean([r["s3"] / r["n"] for r in rs if r["n"]])
            + 0.15 * mean([min(r["ab"] / r["none"], 0.5) / 0.5 for r in rs if r["none"]])
            + 0.15 * mean([r["hit"] / r["hn"] for r in rs if r["hn"]])
            + 0.15 * mean([r["rec"] / r["hn"] for r in rs if r["hn"]]))


def fit(sets: list[SpecSet], start: Params = DEFAULT, passes: int = 2) -> Params:
    """Coordinate ascent over GRID from ``start``; deterministic (grid order, ties keep the old value)."""
    best, best_j = start, objective(sets, start)
    for _ in range(passes):
        moved = False
        for name, values in GRID.items():
            for v in values:
                cand = best.replace(**{name: v})
                j = objective(sets, cand)
                if j > best_j + 1e-9:
                    best, best_j, moved = cand, j, True
        if not moved:
            break
    return best


def fitting_sets(sets: list[SpecSet]) -> list[SpecSet]:
    return [s for s in sets if s.span or s.hand]


def run(sets: list[SpecSet]) -> dict:
    train = fitting_sets(sets)
    repos = sorted({s.repo for s in train})
    params_for: dict[str, Params] = {}
    for r in repos:
        params_for[r] = fit([s for s in train if s.repo != r])
    all_params = fit(train)
    report: dict = {"params_all": all_params.__dict__, "params_loro": {r: p.__dict__ for r, p in params_for.items()},
                    "sets": []}
    for s in sets:
        p = params_for.get(s.repo, all_params)
        m = measure(s, p)
        curve = []
        for t in THRESHOLDS:
            mt = measure(s, p.replace(abstain=t))
            curve.append({"abstain": t, **mt["span"], "hand": mt["files"].get("hand"),
                          "hand+weak": mt["files"].get("hand+weak")})
        entry = {"repo": s.repo, "spec": s.spec, "range": s.range, "clauses": len(s.analysis.plans),
                 "fitted_without_it": s.repo in params_for, **m, "curve": curve,
                 "hub": hub_share(s, p), "hub_damped": hub_share(s, p.replace(hub=1.0))}
        if s.span:
            entry["review"] = with_review(s, p)
        report["sets"].append(entry)
    return report


# A spec's labelled truth over a wider range ending at the same commit, one that holds other
# specs' work too (a release's range): hibi's palette spec over the range of all five of its
# Kiro specs, and over the three after its todo-app. The labelled lines are the same lines.
WIDER = (("hdyksha/hibi", ".kiro/specs/color-palette-selector-2025-11-19/requirements.md",
          ("de1eaca872122d8fc94284715a3ebfb2b7ec2180", "93847288e2aa472d69a586dc38c1169e63aea70c")),)


def wider(corpus: Path, tmp: Path, params_for: dict[str, Params]) -> list[dict]:
    """span@1 / span@3 of a labelled spec over its own range and over wider ones."""
    cache = CodeCache()
    truth = {(t["repo"], t["spec"]): t for t in load_span_truth()}
    out = []
    for repo_name, spec_rel, bases in WIDER:
        t = truth[(repo_name, spec_rel)]
        repo = open_repo(clone(corpus / "history" / (repo_name.replace("/", "+") + ".bundle"), tmp))
        for base in (t["base"], *bases):
            s = load_set(repo_name, repo, spec_rel, base, t["head"], cache)
            if s is None:
                continue
            s.span = t["clauses"]
            sp = measure(s, params_for.get(repo_name, DEFAULT))["span"]
            out.append({"repo": repo_name, "spec": spec_rel, "range": s.range, "own": base == t["base"],
                        "files": len(s.analysis.change.files), **sp})
    return out


def _forget() -> None:
    """A cold start: the token memos of core/evidence/tokens.py emptied (absent before them)."""
    try:
        from specaudit.core.evidence.tokens import forget
    except ImportError:
        return
    forget()


PHASES = ("ChangeIndex", "_code_citations", "_commit_evidence", "task_files", "TextIndex", "UnitIndex", "UnitTerms",
          "_file_scores", "plan_clause", "rank", "with_companions", "proposal")


def phases(spec, cs, inp, code) -> dict[str, float]:
    """Where one cold analyse + finish spends its time: the named parts of rank.py timed
    (wrapped for this one run only; the timed runs above are not wrapped)."""
    import specaudit.core.evidence.rank as rank_module

    spent: dict[str, float] = {}
    saved = {}
    for name in PHASES:
        fn = getattr(rank_module, name, None)
        if fn is None:
            continue
        saved[name] = fn

        def timed(*a, _fn=fn, _name=name, **k):
            t = time.perf_counter()
            try:
                return _fn(*a, **k)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - t
        setattr(rank_module, name, timed)
    try:
        _forget()
        t0 = time.perf_counter()
        analysis = analysis_of(inp, code=code)
        t1 = time.perf_counter()
        finish(analysis)
        t2 = time.perf_counter()
    finally:
        for name, fn in saved.items():
            setattr(rank_module, name, fn)
    spent["analyse (all)"] = t1 - t0
    spent["finish (all)"] = t2 - t1
    return spent


def speed(corpus: Path, tmp: Path, repo_name: str = "3bDevDZ/backoffice-app", runs: int = 5) -> dict:
    """Parse + analyse + rank of a range's change, against ``git diff`` of it: cold with no
    parse cached anywhere, cold with the parses on disk (a second process: memory cache and
    token memos empty, ``code_store`` warm), and warm (parses in memory)."""
    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text(encoding="utf-8"))
    r = next(x for x in manifest["repositories"] if x["repo"] == repo_name)
    s = r["spec_sets"][0]
    base, head = s["range"]["base"], s["range"]["head"]
    spec_rel = next(f for f in s["files"] if Path(f).name not in SKIP_NAMES)
    root = clone(corpus / "history" / (repo_name.replace("/", "+") + ".bundle"), tmp)
    repo = open_repo(root)
    spec = parse_spec(spec_rel, read_blob(repo, head, spec_rel).decode("utf-8", "replace"))
    cs = load_changeset(repo, f"{base}..{head}")
    inp = gather(repo, spec, cs, cache=CodeCache(disk=None))
    store_dir = Path(tempfile.mkdtemp(prefix="specaudit-code-store-"))
    # The disk cache, warm: the parses and what ranking derives from each file.
    propose(spec, cs, task_lists=inp.task_lists, commits=inp.commits, others=inp.others,
            code=parse_change(repo, cs, cache=CodeCache(disk=CodeStore(store_dir))))
    import resource

    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ru.ru_utime + ru.ru_stime

    parse_s, rank_s, warm_s, git_s, cpu_s, git_cpu, load_s, disk_rank_s, first_s = [], [], [], [], [], [], [], [], []
    for _ in range(runs):
        _forget()
        cache = CodeCache(disk=None)
        c0, t0 = time.process_time(), time.perf_counter()
        code = parse_change(repo, cs, cache=cache)  # its cat-file is a child: counted by git below too
        t1 = time.perf_counter()
        propose(spec, cs, task_lists=inp.task_lists, commits=inp.commits, others=inp.others, code=code)  # what suggest runs
        c2, t2 = time.process_time(), time.perf_counter()
        propose(spec, cs, task_lists=inp.task_lists, commits=inp.commits, others=inp.others, code=parse_change(repo, cs, cache=cache))
        t3 = time.perf_counter()
        g0 = children_cpu()
        subprocess.run(["git", "-C", str(root), "diff", f"{base}..{head}"], capture_output=True, check=True)
        t4 = time.perf_counter()
        _forget()
        t5 = time.perf_counter()
        code = parse_change(repo, cs, cache=CodeCache(disk=CodeStore(store_dir)))
        t6 = time.perf_counter()
        propose(spec, cs, task_lists=inp.task_lists, commits=inp.commits, others=inp.others, code=code)
        t7 = time.perf_counter()
        _forget()  # a first run: nothing cached, the disk cache written
        fresh = Path(tempfile.mkdtemp(prefix="specaudit-code-store-"))
        t8 = time.perf_counter()
        propose(spec, cs, task_lists=inp.task_lists, commits=inp.commits, others=inp.others,
                code=parse_change(repo, cs, cache=CodeCache(disk=CodeStore(fresh))))
        first_s.append(time.perf_counter() - t8)
        shutil.rmtree(fresh, ignore_errors=True)
        parse_s.append(t1 - t0)
        rank_s.append(t2 - t1)
        warm_s.append(t3 - t2)
        git_s.append(t4 - t3)
        cpu_s.append(c2 - c0)
        git_cpu.append(children_cpu() - g0)
        load_s.append(t6 - t5)
        disk_rank_s.append(t7 - t6)
    shutil.rmtree(store_dir, ignore_errors=True)
    med = statistics.median
    return {"repo": repo_name, "files": len(cs.files), "clauses": len(spec.clauses),
            "lines": sum(f.added + f.removed for f in cs.files), "parse_s": med(parse_s), "rank_s": med(rank_s),
            "warm_s": med(warm_s), "git_diff_s": med(git_s), "cpu_s": med(cpu_s), "git_cpu_s": med(git_cpu),
            "load_s": med(load_s), "disk_rank_s": med(disk_rank_s), "first_s": med(first_s),
            "ratio_first": med(first_s) / med(git_s),
            "ratio_cold": (med(parse_s) + med(rank_s)) / med(git_s), "ratio_warm": med(warm_s) / med(git_s),
            "ratio_disk": (med(load_s) + med(disk_rank_s)) / med(git_s),
            "ratio_cpu": med(cpu_s) / max(med(git_cpu), 1e-6), "load": os.getloadavg(), "runs": runs,
            "phases": phases(spec, cs, inp, parse_change(repo, cs, cache=CodeCache(disk=None)))}


def held_out(corpus: Path, tmp: Path) -> str:
    """span@1 / span@3 of the held-out changes with the shipped constants: nothing was
    fitted or developed on them (span_truth_heldout.yaml says how to keep it so)."""
    cache = CodeCache()
    lines = ["| held-out change | clauses implemented | span@1 (95%) | span@3 (95%) | +weak | not implemented: abstained |",
             "|---|---:|---:|---:|---:|---:|"]
    for t in load_span_truth(HELD_OUT_TRUTH):
        repo = open_repo(clone(corpus / "history" / (t["repo"].replace("/", "+") + ".bundle"), tmp))
        s = load_set(t["repo"], repo, t["spec"], t["base"], t["head"], cache, t.get("spec_at"))
        if s is None:
            lines.append(f"| {t['repo']} `{t['spec']}` | spec not readable at {t['head'][:12]} | | | | |")
            continue
        s.span = t["clauses"]
        sp = measure(s, DEFAULT)["span"]
        name = f"{t['repo']} `{Path(t['spec']).parent.name}`"
        name += f" over {t['base'][:8]}..{t['head'][:8]}"  # one spec may be measured over several changes
        if not sp["n"]:  # nothing implemented: only abstaining is measured
            lines.append(f"| {name} | 0 | - | - | - | {sp['abstained']}/{sp['none']} |")
            continue
        n = sp["n"]
        (a, b), (c, d) = wilson(sp["span@1"], sp["n"]), wilson(sp["span@3"], sp["n"])
        lines.append(f"| {name} | {sp['n']} | {_f(sp['span@1'] / n)} "
                     f"({_f(a)}-{_f(b)}) | {_f(sp['span@3'] / n)} ({_f(c)}-{_f(d)}) | "
                     f"{_f(sp['span@1+weak'] / n)} / {_f(sp['span@3+weak'] / n)} | {sp['abstained']}/{sp['none']} |")
    return "\n".join(lines)


# -- rendering -------------------------------------------------------------------------
def _f(x: float) -> str:
    return f"{x:.2f}"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion ``k / n`` (clauses taken as independent)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    mid, half = p + z * z / (2 * n), z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return (mid - half) / (1 + z * z / n), (mid + half) / (1 + z * z / n)


def by_repository(groups: list[tuple[int, int]], draws: int = 2000, seed: int = 0) -> tuple[float, float]:
    """The 95% percentile interval of ``sum(k) / sum(n)`` over ``(k, n)`` per repository,
    the repositories drawn with replacement: clauses of one repository succeed and fail
    together (one author, one codebase), so this is the honest width for a new repository."""
    rng = random.Random(seed)
    got = []
    for _ in range(draws):
        pick = [groups[rng.randrange(len(groups))] for _ in groups]
        n = sum(b for _a, b in pick)
        got.append(sum(a for a, _b in pick) / n if n else 0.0)
    got.sort()
    return got[int(0.025 * draws)], got[int(0.975 * draws) - 1]


def _intervals(sets: list[dict]) -> str:
    """The intervals of the pooled span@1 / span@3 of ``sets`` (each with labelled clauses)."""
    by_repo: dict[str, dict[str, int]] = {}
    for e in sets:
        r = by_repo.setdefault(e["repo"], {"n": 0, "span@1": 0, "span@3": 0})
        for m in r:
            r[m] += e["span"][m]
    repos = list(by_repo.values())
    n = sum(r["n"] for r in repos)
    parts = []
    for m in ("span@1", "span@3"):
        lo, hi = wilson(sum(r[m] for r in repos), n)
        rlo, rhi = by_repository([(r[m], r["n"]) for r in repos])
        parts.append(f"{m} {_f(lo)}-{_f(hi)} resampling clauses, {_f(rlo)}-{_f(rhi)} resampling the "
                     f"{len(repos)} repositories")
    return "95% intervals of the **all** row: " + "; ".join(parts) + " (2,000 draws, seed 0)."


def render(report: dict) -> str:
    out = ["## Span level (leave-one-repository-out)", "",
           "| repository / spec | clauses labelled | span@1 | span@3 | span@1 +weak | span@3 +weak | "
           "not implemented: no proposal | implemented: no proposal |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    tot = {"n": 0, "span@1": 0, "span@3": 0, "span@1+weak": 0, "span@3+weak": 0, "none": 0, "abstained": 0}
    abst_impl = 0
    for e in report["sets"]:
        sp = e["span"]
        if not sp["n"] and not sp["none"]:
            continue
        impl_abst = (sp["n"] + sp["none"] - sp["shown"]) - sp["abstained"]  # implemented, no proposal
        abst_impl += impl_abst
        for k in tot:
            tot[k] += sp[k]
        out.append(f"| {e['repo']} `{Path(e['spec']).parent.name}` ({e['range']}) | {sp['n'] + sp['none']} | "
                   + " | ".join(_f(sp[m] / max(sp['n'], 1)) for m in ("span@1", "span@3", "span@1+weak", "span@3+weak"))
                   + f" | {sp['abstained']}/{sp['none']} | {impl_abst}/{sp['n']} |")
    out.append(f"| **all** | {tot['n'] + tot['none']} | "
               + " | ".join(f"**{_f(tot[m] / max(tot['n'], 1))}**" for m in ("span@1", "span@3", "span@1+weak",
                                                                            "span@3+weak"))
               + f" | **{tot['abstained']}/{tot['none']}** | {abst_impl}/{tot['n']} |")
    if tot["n"]:
        out += ["", _intervals([e for e in report["sets"] if e["span"]["n"]])]
    out += ["", "## Precision of the proposals shown against abstaining (all labelled clauses; other constants as "
            "fitted without each repository)", "",
            "| threshold | abstain rate | not implemented: abstained | precision of shown (#1 right) | span@1 | span@3 "
            "| hand files hit@1 / recall@8 | the same +weak |", "|---:|---:|---:|---:|---:|---:|---|---|"]
    for i, t in enumerate(THRESHOLDS):
        shown = right = n = s1 = s3 = total = none = ab = 0
        hn = hh = hr = wn = wh = wr = 0.0
        for e in report["sets"]:
            c = e["curve"][i]
            shown += c["shown"]
            right += c["right"]
            n += c["n"]
            s1 += c["span@1"]
            s3 += c["span@3"]
            none += c["none"]
            ab += c["abstained"]
            total += c["n"] + c["none"]
            if c.get("hand"):
                hn += c["hand"]["n"]
                hh += c["hand"]["hit@1"] * c["hand"]["n"]
                hr += c["hand"]["recall@8"] * c["hand"]["n"]
            if c.get("hand+weak"):
                wn += c["hand+weak"]["n"]
                wh += c["hand+weak"]["hit@1"] * c["hand+weak"]["n"]
                wr += c["hand+weak"]["recall@8"] * c["hand+weak"]["n"]
        if total:
            out.append(f"| {t} | {_f(1 - shown / total)} | {ab}/{none} | {_f(right / max(shown, 1))} | "
                       f"{_f(s1 / max(n, 1))} | {_f(s3 / max(n, 1))} | {_f(hh / max(hn, 1))} / {_f(hr / max(hn, 1))} "
                       f"| {_f(wh / max(wn, 1))} / {_f(wr / max(wn, 1))} |")
    for truth in ("hand", "hand+weak", "tasks", "tasks+weak"):
        out += ["", f"## File level, truth: {truth} (hit@1 / recall@8 / MRR)", "",
                "| repository / spec | n | hit@1 / recall@8 / MRR |", "|---|---:|---|"]
        agg = {"n": 0, "hit@1": 0.0, "recall@8": 0.0, "mrr": 0.0}
        for e in report["sets"]:
            f = e["files"].get(truth)
            if not f:
                continue
            out.append(f"| {e['repo']} `{Path(e['spec']).parent.name}` | {f['n']} | "
                       f"{_f(f['hit@1'])} / {_f(f['recall@8'])} / {_f(f['mrr'])} |")
            for m in ("hit@1", "recall@8", "mrr"):
                agg[m] += f[m] * f["n"]
            agg["n"] += f["n"]
        if agg["n"]:
            out.append(f"| **overall** | {agg['n']} | **{_f(agg['hit@1'] / agg['n'])} / "
                       f"{_f(agg['recall@8'] / agg['n'])} / {_f(agg['mrr'] / agg['n'])}** |")
    out += ["", "## Learning within a review (simulated, spec order)", "",
            "| repository / spec | clauses | span@1 without feedback | with the links accepted before |",
            "|---|---:|---:|---:|"]
    for e in report["sets"]:
        r = e.get("review")
        if r and r["n"]:
            out.append(f"| {e['repo']} `{Path(e['spec']).parent.name}` | {r['n']} | "
                       f"{_f(r['span@1 without'] / r['n'])} | {_f(r['span@1 with'] / r['n'])} |")
    out += ["", "## Hubs: clauses sharing one text-only first proposal (most, per spec)", "",
            "| repository / spec | clauses | fitted constants | with hub damping 1.0 |", "|---|---:|---|---|"]
    for e in report["sets"]:
        h, d = e["hub"], e["hub_damped"]
        out.append(f"| {e['repo']} `{Path(e['spec']).parent.name}` ({e['range']}) | {h['clauses']} | {h['max']} ({h['unit']}) | "
                   f"{d['max']} ({d['unit']}) |")
    if report.get("wider"):
        out += ["", "## Ranges holding other specs' work (the same labelled lines, constants fitted without the repository)", "",
                "| repository / spec | range | changed files | span@1 | span@3 |", "|---|---|---:|---:|---:|"]
        for w in report["wider"]:
            n = w["n"] or 1
            out.append(f"| {w['repo']} `{Path(w['spec']).parent.name}` | {w['range']}{' (its own)' if w['own'] else ''} | "
                       f"{w['files']} | {_f(w['span@1'] / n)} | {_f(w['span@3'] / n)} |")
    out += ["", "Constants fitted on all repositories: " + json.dumps(report["params_all"])]
    for r, p in report["params_loro"].items():
        out.append(f"- without {r}: {json.dumps(p)}")
    sp = report.get("speed")
    if sp:
        out += ["", f"Speed ({sp['repo']}, {sp['files']} files, {sp['lines']} changed lines, {sp['clauses']} clauses; "
                f"medians of 5): parse {sp['parse_s'] * 1000:.0f} ms + rank {sp['rank_s'] * 1000:.0f} ms cold, "
                f"{sp['warm_s'] * 1000:.0f} ms warm (parses cached); parses read from disk "
                f"{sp['load_s'] * 1000:.0f} ms + rank {sp['disk_rank_s'] * 1000:.0f} ms; "
                f"git diff {sp['git_diff_s'] * 1000:.0f} ms; ratio {sp['ratio_cold']:.1f}x cold, "
                f"{sp['ratio_disk']:.1f}x cold with the disk cache, {sp['ratio_warm']:.1f}x warm, "
                f"{sp['ratio_first']:.1f}x a first run writing the disk cache; CPU {sp['cpu_s'] * 1000:.0f} ms "
                f"against git diff's {sp['git_cpu_s'] * 1000:.0f} ms ({sp['ratio_cpu']:.1f}x); load {sp['load']}",
                "One cold analyse + finish, by part (ms): " + ", ".join(
                    f"{k} {v * 1000:.0f}" for k, v in sorted(sp.get("phases", {}).items(), key=lambda kv: -kv[1]))]
    return "\n".join(out)


def main() -> None:
    global OBJECTIVE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--json")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--speed-only", action="store_true", help="only the speed case (its lines and JSON)")
    ap.add_argument("--clones", help="reuse clones here (default: a temporary directory)")
    ap.add_argument("--held-out", action="store_true",
                    help="only the held-out truth (span_truth_heldout.yaml), with the shipped constants")
    ap.add_argument("--objective", choices=("shown", "strong"), default=OBJECTIVE,
                    help="what the fit counts for span@3 and files: what is shown (default), or proposals only")
    args = ap.parse_args()
    OBJECTIVE = args.objective
    corpus = corpus_dir(args.corpus)
    if args.held_out:
        with tempfile.TemporaryDirectory() as tmp:
            print(held_out(corpus, Path(args.clones or tmp)))
        return
    if args.speed_only:
        with tempfile.TemporaryDirectory() as tmp:
            sp = speed(corpus, Path(args.clones or tmp))
        print(render({"sets": [], "params_all": {}, "params_loro": {}, "speed": sp}).split("\n\n")[-1])
        if args.json:
            Path(args.json).write_text(json.dumps(sp, indent=1, default=str), encoding="utf-8")
        return
    with tempfile.TemporaryDirectory() as tmp:
        sets = load_all(corpus, Path(args.clones or tmp))
        report = run(sets)
        report["wider"] = wider(corpus, Path(args.clones or tmp),
                                {r: Params(**p) for r, p in report["params_loro"].items()})
        if not args.no_speed:
            report["speed"] = speed(corpus, Path(args.clones or tmp))
    print(render(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

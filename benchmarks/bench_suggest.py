"""Benchmark link suggestions: 1,000 clauses over 20,000 hunks, against naive difflib.

Prints, for the synthetic review of ``specaudit.core.suggest_synth`` (deterministic,
seeded):

- index build and ``suggest_all`` (top 5 per clause) times, wall and CPU, best and
  median of ``--repeat`` runs (the machine is shared, so CPU time is the steadier one);
- quality against the generator's ground truth: P@1 and P@5;
- how far the champion lists (``LIMITS.suggest_postings_per_term``) stray from exact,
  uncapped BM25: top-5 overlap and the exact run's time;
- the naive baseline: ``difflib.SequenceMatcher(clause, hunk).ratio()`` for every pair
  of a sample (``--sample-clauses`` x ``--sample-hunks``), its time per pair and that
  time extrapolated to the full problem (stated as such), the ratio of that to the
  engine's measured time, and the agreement of the two rankings on the sample;
- with ``--rapidfuzz``: what fuzzy expansion of out-of-vocabulary clause words costs
  and changes (the experiment behind not using rapidfuzz in ``core/suggest.py``).

Never asserts a time.

    python benchmarks/bench_suggest.py [--clauses 1000] [--hunks 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specaudit.core.suggest import SuggestionIndex  # noqa: E402
from specaudit.core.suggest_synth import generate  # noqa: E402
from specaudit.settings import LIMITS  # noqa: E402

TOP = 5


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def precision(results: dict, relevant: dict, k: int) -> float:
    hits = sum(sum(1 for s in ranked[:k] if s in relevant[key]) for key, ranked in results.items())
    return hits / (k * len(results)) if results else 0.0


def overlap(a: dict, b: dict, k: int) -> float:
    """Mean share of the top ``k`` of ``a`` that is also in the top ``k`` of ``b``."""
    shares = [len(set(a[key][:k]) & set(b[key][:k])) / k for key in a if a[key]]
    return statistics.mean(shares) if shares else 0.0


def ids(results: dict) -> dict[str, list[str]]:
    return {key: [s.hunk_id for s in ranked] for key, ranked in results.items()}


def engine(review, repeat: int) -> tuple[dict, list[tuple[float, float, float, float]]]:
    runs = []
    results: dict = {}
    for _ in range(repeat):
        index, bw, bc = _timed(lambda: SuggestionIndex(review.hunks))
        results, qw, qc = _timed(lambda index=index: index.suggest_all(review.clauses, TOP))
        runs.append((bw, bc, qw, qc))
    return ids(results), runs


def difflib_sample(review, n_clauses: int, n_hunks: int, seed: int):
    """All-pairs SequenceMatcher on a sample holding the sampled clauses' own hunks."""
    rng = random.Random(seed)
    keys = rng.sample(sorted(review.clauses), n_clauses)
    own = sorted({h for k in keys for h in review.relevant[k]})
    others = [h.id for h in review.hunks if h.id not in set(own)]
    chosen = set(own[:n_hunks]) | set(rng.sample(others, max(0, n_hunks - len(own))))
    hunks = [h for h in review.hunks if h.id in chosen]
    clauses = {k: review.clauses[k] for k in keys}
    ranked: dict[str, list[str]] = {}
    start = time.process_time()
    for key, text in clauses.items():
        scores = [(difflib.SequenceMatcher(None, text, h.text).ratio(), h.id) for h in hunks]
        scores.sort(key=lambda s: -s[0])
        ranked[key] = [hid for _score, hid in scores]
    per_pair = (time.process_time() - start) / (len(clauses) * len(hunks))
    sample_index = SuggestionIndex(hunks)
    mine = ids(sample_index.suggest_all(clauses, 10))
    return clauses, hunks, ranked, mine, per_pair


def fuzzy_experiment(review) -> None:
    """Expand clause words missing from the index to their closest indexed term."""
    from rapidfuzz import fuzz, process

    from specaudit.core.suggest_text import query_terms

    index = SuggestionIndex(review.hunks)
    base = ids(index.suggest_all(review.clauses, TOP))
    vocabulary = [t for t in index._sources if " " not in t and not t.startswith("@")]  # noqa: SLF001
    known = set(vocabulary)
    start = time.process_time()
    expanded: dict[str, str] = {}
    examples: list[tuple[str, str]] = []
    for key, text in review.clauses.items():
        extra = []
        for term, _surface, _q in query_terms(text):
            if " " in term or term in known:
                continue
            hit = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=85)
            if hit:
                extra.append(hit[0])
                if len(examples) < 6:
                    examples.append((term, hit[0]))
        expanded[key] = text + " " + " ".join(extra)
    fuzzy = ids(index.suggest_all(expanded, TOP))
    spent = time.process_time() - start
    print(f"rapidfuzz: expansion + queries {spent:.2f} s CPU; P@5 {precision(base, review.relevant, TOP):.3f} "
          f"-> {precision(fuzzy, review.relevant, TOP):.3f}; sample matches {examples}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clauses", type=int, default=1000)
    ap.add_argument("--hunks", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample-clauses", type=int, default=20)
    ap.add_argument("--sample-hunks", type=int, default=2000)
    ap.add_argument("--rapidfuzz", action="store_true")
    args = ap.parse_args()

    review, gw, _gc = _timed(lambda: generate(args.clauses, args.hunks, seed=args.seed))
    chars = sum(len(h.text) for h in review.hunks)
    print(f"synthetic review: {len(review.clauses)} clauses, {len(review.hunks)} hunks, "
          f"{chars / 1e6:.1f} MB of hunk text (mean {chars // len(review.hunks)} chars); generated in {gw:.1f} s")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    results, runs = engine(review, args.repeat)
    totals_wall = [bw + qw for bw, _bc, qw, _qc in runs]
    totals_cpu = [bc + qc for _bw, bc, _qw, qc in runs]
    for i, (bw, bc, qw, qc) in enumerate(runs, 1):
        print(f"run {i}: build {bw:.3f} s + suggest_all {qw:.3f} s = {bw + qw:.3f} s wall "
              f"(CPU {bc:.3f} + {qc:.3f} = {bc + qc:.3f} s)")
    best = min(totals_wall)
    print(f"engine total: best {best:.3f} s wall, median {statistics.median(totals_wall):.3f} s; "
          f"CPU best {min(totals_cpu):.3f} s, median {statistics.median(totals_cpu):.3f} s")
    print(f"quality vs ground truth: P@1 {precision(results, review.relevant, 1):.3f}, "
          f"P@5 {precision(results, review.relevant, TOP):.3f}")

    exact_index, ew, _ec = _timed(lambda: SuggestionIndex(review.hunks, postings_cap=10**9))
    exact, eq, _ = _timed(lambda: ids(exact_index.suggest_all(review.clauses, TOP)))
    print(f"champion lists ({LIMITS.suggest_postings_per_term}/term) vs exact BM25: top-{TOP} overlap "
          f"{overlap(results, exact, TOP):.3f}, top-1 same {overlap(results, exact, 1):.3f}; "
          f"exact took {ew + eq:.3f} s wall; exact P@5 {precision(exact, review.relevant, TOP):.3f}")

    clauses, hunks, ranked, mine, per_pair = difflib_sample(
        review, args.sample_clauses, args.sample_hunks, args.seed)
    full = per_pair * len(review.clauses) * len(review.hunks)
    print(f"difflib baseline: {len(clauses)} clauses x {len(hunks)} hunks measured, "
          f"{per_pair * 1e6:.0f} us per pair; extrapolated to {len(review.clauses)} x {len(review.hunks)}: "
          f"{full:.0f} s CPU (an extrapolation, not a run)")
    print(f"ratio difflib (extrapolated) / engine (best CPU): {full / min(totals_cpu):.0f}x")
    sub = {k: review.relevant[k] & {h.id for h in hunks} for k in clauses}
    print(f"on the sample: top-1 agreement {overlap(mine, ranked, 1):.2f}, top-10 overlap "
          f"{overlap(mine, ranked, 10):.2f}; P@5 engine {precision(mine, sub, TOP):.3f} "
          f"vs difflib {precision(ranked, sub, TOP):.3f}")
    if args.rapidfuzz:
        fuzzy_experiment(review)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark tests per clause: 10,000 test cases mapped onto 1,000 clauses.

Builds (in memory) test files for pytest, Jest and go test whose tests cite clauses by
marker, comment, name and file header, plus a JUnit result for every case. Times the
scan of the files (discovery), the mapping onto clauses (citations and names) and the
matching of the JUnit results back to the cases, and prints each against a baseline
measured in the same run: one regex tokenisation of the same text (the floor any
citation search pays). Never asserts a time; the target is < 1 s for map + match.

    python benchmarks/bench_tests.py [--tests 10000] [--clauses 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specaudit.core.junit import TestResult  # noqa: E402
from specaudit.core.model import Clause  # noqa: E402
from specaudit.core.testcases import discover  # noqa: E402
from specaudit.core.tests_map import map_tests, match_results  # noqa: E402

PER_FILE = 20


def clauses(n: int) -> list[Clause]:
    out = []
    for i in range(n):
        key = (f"FR-{i:03d}", f"{i // 10 + 1}.{i % 10 + 1}", f"US{i // 8 + 1}/AC{i % 8 + 1}")[i % 3]
        out.append(Clause(key=key, kind="requirement", title=key, text=f"clause {i}", section=(), span=(i + 1, i + 1),
                          fingerprint=str(i)))
    return out


def _py_file(f: int, keys: list[str], rng: random.Random) -> str:
    parts = [f'"""Tests for module {f}."""\nimport pytest\n\n']
    for t in range(PER_FILE):
        key = rng.choice(keys)
        style = t % 4
        name = f"test_case_{f}_{t}"
        if style == 0:
            parts.append(f'@pytest.mark.spec("{key}")\n')
        elif style == 1 and not key[0].isdigit():
            name = f"test_{key.replace('-', '_').replace('/', '_').lower()}_{f}_{t}"
        parts.append(f"def {name}():\n")
        if style == 2:
            parts.append(f"    # Requirement {key}: the behaviour holds\n")
        parts.append(f'    """Checks behaviour {t} of module {f}."""\n    value = compute({t})\n'
                     f"    assert value == expected({t}), value\n\n\n")
    return "".join(parts)


def _js_file(f: int, keys: list[str], rng: random.Random) -> str:
    header = f"/**\n * Requirements: {rng.choice(keys)}\n */\n" if f % 5 == 0 else ""
    body = [f'{header}describe("module {f}", () => {{\n']
    for t in range(PER_FILE):
        key = rng.choice(keys)
        title = f"{key} behaves {t}" if t % 3 == 0 else f"behaves {t}"
        comment = f"  // Requirement {key}\n" if t % 3 == 1 else ""
        body.append(f'{comment}  it("{title}", () => {{\n    expect(run({t})).toBe({t});\n  }});\n\n')
    body.append("});\n")
    return "".join(body)


def _go_file(f: int, keys: list[str], rng: random.Random) -> str:
    body = [f"package m{f}\n\n"]
    for t in range(PER_FILE):
        key = rng.choice(keys)
        comment = f"// Test{f}x{t} covers {key}.\n" if t % 2 else ""
        body.append(f"{comment}func Test{f}x{t}(t *testing.T) {{\n\tif run({t}) != {t} {{\n\t\tt.Fatal(\"no\")\n\t}}\n}}\n\n")
    return "".join(body)


def sources(n_tests: int, keys: list[str], seed: int = 7) -> dict[str, str]:
    rng = random.Random(seed)
    out = {}
    for f in range(n_tests // PER_FILE):
        kind = f % 3
        if kind == 0:
            out[f"tests/pkg{f}/test_mod{f}.py"] = _py_file(f, keys, rng)
        elif kind == 1:
            out[f"web/src/mod{f}.test.ts"] = _js_file(f, keys, rng)
        else:
            out[f"svc/m{f}/mod_test.go"] = _go_file(f, keys, rng)
    return out


def junit_for(files) -> list[TestResult]:
    """What each reporter would write for every case (pytest, jest-junit, go-junit-report)."""
    out = []
    for tf in files:
        for i, c in enumerate(tf.cases):
            result = "failed" if i % 17 == 0 else "passed"
            if c.lang == "python":
                out.append(TestResult("pytest", c.path[:-3].replace("/", "."), c.name, None, None, result))
            elif c.lang == "js":
                full = " ".join((*c.scope, c.name))
                out.append(TestResult("jest", full, full, None, None, result))
            else:
                out.append(TestResult(c.path.rsplit("/", 1)[0], "example.com/" + c.path.rsplit("/", 1)[0],
                                      c.name, None, None, result))
    return out


def _best(fn, repeat: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def run(n_tests: int, n_clauses: int, repeat: int) -> dict:
    spec = clauses(n_clauses)
    src = sources(n_tests, [c.key for c in spec])
    t_scan, files = _best(lambda: [discover(p, t) for p, t in src.items()], repeat)
    cases = [c for tf in files for c in tf.cases]
    results = junit_for(files)
    t_map, tmap = _best(lambda: map_tests(spec, files), repeat)
    t_match, (matched, unmatched) = _best(lambda: match_results(cases, results), repeat)
    word = re.compile(r"\w+")
    t_base, _ = _best(lambda: [word.findall(t) for t in src.values()], repeat)
    tested = sum(1 for c in spec if tmap.tests_of(c.key))
    return {"tests": len(cases), "clauses": n_clauses, "scan": t_scan, "map": t_map, "match": t_match,
            "baseline": t_base, "tested": tested, "matched": len(matched), "unmatched": len(unmatched)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tests", type=int, default=10_000)
    ap.add_argument("--clauses", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    r = run(args.tests, args.clauses, args.repeat)
    base = r["baseline"] or 1e-9
    print(f"{r['tests']} test cases, {r['clauses']} clauses: {r['tested']} clauses get >= 1 test; "
          f"{r['matched']} results matched, {r['unmatched']} unmatched")
    print(f"baseline (tokenise the test text once): {base * 1000:.1f} ms")
    for name in ("scan", "map", "match"):
        print(f"{name:>5}: {r[name] * 1000:8.1f} ms  ({r[name] / base:5.1f}x baseline)")
    total = r["map"] + r["match"]
    print(f"map + match: {total * 1000:.1f} ms ({total / base:.1f}x baseline); with scan: "
          f"{(total + r['scan']) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

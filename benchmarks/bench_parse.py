"""Benchmark spec parsing: a 2,000-clause spec in each Markdown format and in YAML.

Prints the best-of-N parse time of each format, and its ratio to markdown-it-py's own bare
parse of the same text (the baseline, measured in the same run, interleaved), plus compare_specs on two
versions of the 2,000-clause spec. Never asserts a time.

    python benchmarks/bench_parse.py [--clauses 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdown_it import MarkdownIt  # noqa: E402

from specaudit.core.compare import compare_specs  # noqa: E402
from specaudit.formats import get_format  # noqa: E402

_SENTENCE = "The service retries a charge that failed with a transient gateway error, at most three times"


def layered(n: int) -> str:
    per = n // 5
    out = ["# Payment retry", ""]
    for name in ("Intent", "Behavior", "Edge cases", "Invariants", "What NOT to build"):
        out += [f"## {name}", ""]
        out += [f"- {_SENTENCE} (clause {name} {i}).\n  A second line that wraps." for i in range(per)]
        out.append("")
    return "\n".join(out)


def speckit(n: int) -> str:
    stories = n // 10
    out = ["# Feature Specification: Big", "", "## User Scenarios & Testing", ""]
    for s in range(1, stories + 1):
        out += [f"### User Story {s} - Story {s} (Priority: P1)", "", "A user wants it.", "",
                "**Acceptance Scenarios**:", "",
                *(f"{k}. **Given** state {k}, **When** act, **Then** result {s}.{k}" for k in range(1, 5)), ""]
    out += ["## Requirements", "", "### Functional Requirements", ""]
    out += [f"- **FR-{i:04d}**: System MUST {_SENTENCE.lower()} ({i})" for i in range(1, n - 5 * stories + 1)]
    return "\n".join(out) + "\n"


def kiro(n: int) -> str:
    reqs = n // 5
    out = ["# Requirements Document", ""]
    for r in range(1, reqs + 1):
        out += [f"### Requirement {r}: Title {r}", "", "**User Story:** As a user, I want it, so that it works.", "",
                "#### Acceptance Criteria", "",
                *(f"{k}. WHEN event {k} THEN the system SHALL respond {r}.{k}" for k in range(1, 5)), ""]
    return "\n".join(out)


def openspec(n: int) -> str:
    reqs = n // 4
    out = ["# cap Specification", "", "## Requirements", ""]
    for r in range(reqs):
        out += [f"### Requirement: Requirement {r}", f"The system SHALL do thing {r}.", ""]
        for s in range(3):
            out += [f"#### Scenario: Scenario {s}", f"- **WHEN** case {s}", f"- **THEN** result {r}", ""]
    return "\n".join(out)


def yaml_spec(n: int) -> str:
    out = ["title: Big", "clauses:"]
    for i in range(n):
        out += [f"  - id: C-{i:04d}", "    kind: requirement", f"    text: {_SENTENCE} ({i})."]
    return "\n".join(out) + "\n"


CASES = {
    "layered": ("specs/big.md", layered),
    "speckit": ("specs/001-big/spec.md", speckit),
    "kiro": (".kiro/specs/big/requirements.md", kiro),
    "openspec": ("openspec/specs/cap/spec.md", openspec),
    "yaml": ("specs/big.yaml", yaml_spec),
}


def best_of(repeat: int, *fns) -> list[float]:
    """Best time of each function; runs are interleaved so a load spike on the shared
    machine hits both sides of a ratio alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clauses", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    md = MarkdownIt("commonmark").enable("table")
    print(f"{'format':<10}{'clauses':>8}{'lines':>8}{'parse ms':>10}{'bare md ms':>12}{'ratio':>7}")
    for name, (path, make) in CASES.items():
        text = make(args.clauses)
        fmt = get_format(name)
        n = len(fmt.parse(path, text).clauses)
        t_parse, t_bare = best_of(args.repeat, lambda fmt=fmt, path=path, text=text: fmt.parse(path, text),
                                  lambda text=text: md.parse(text))
        ratio = f"{t_parse / t_bare:6.2f}x" if name != "yaml" else "   n/a"
        print(f"{name:<10}{n:>8}{text.count(chr(10)):>8}{t_parse * 1e3:>10.1f}{t_bare * 1e3:>12.1f}{ratio:>7}")
    path, make = CASES["layered"]
    fmt = get_format("layered")
    old = fmt.parse(path, make(args.clauses))
    new_text = make(args.clauses).replace("(clause Behavior 7)", "(clause Behavior seven)")
    new_text = new_text.replace("- The service", "- Inserted clause.\n- The service", 1)
    new = fmt.parse(path, new_text)
    (t_cmp,) = best_of(args.repeat, lambda: compare_specs(old, new))
    statuses: dict[str, int] = {}
    for ch in compare_specs(old, new):
        statuses[ch.status] = statuses.get(ch.status, 0) + 1
    print(f"compare_specs on {len(old.clauses)} clauses (1 insert, 1 edit): {t_cmp * 1e3:.1f} ms {statuses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

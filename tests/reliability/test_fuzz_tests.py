"""Fuzzing the test scan and the JUnit reader: any text yields test cases without an
exception, any bytes yield results or one JUnitError line naming the file."""

from __future__ import annotations

from pathlib import Path

from fuzz_support import FUZZ, NASTY, mutated
from hypothesis import given
from hypothesis import strategies as st

from specaudit.core.junit import RESULTS, JUnitError, parse_junit
from specaudit.core.model import Clause
from specaudit.core.testcases import discover
from specaudit.core.tests_map import map_tests

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "junit_fixtures"
JUNIT = [(FIXTURES / name).read_text(encoding="utf-8") for name in sorted(p.name for p in FIXTURES.glob("*.xml"))]
PY = '@pytest.mark.spec("FR-003")\ndef test_fr_003_x():\n    """Requirement 1.3"""\n    # FR-004\n    pass\n'
JS = 'describe("a", () => {\n  it("1.3 works", () => {\n    x();\n  });\n});\n'
CLAUSES = [Clause(k, "requirement", k, k, (), (1, 1), k) for k in ("FR-003", "FR-004", "1.3", "1")]


@FUZZ
@given(st.sampled_from(JUNIT).flatmap(lambda base: mutated(base)), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_any_junit_bytes_give_results_or_one_line(text, encoding):
    raw = text.encode(encoding, "surrogateescape" if encoding == "utf-8" else "replace")
    try:
        results = parse_junit(raw, "fuzz.xml")
    except JUnitError as exc:
        assert str(exc).startswith("fuzz.xml") and "\n" not in str(exc)
        return
    assert all(r.result in RESULTS for r in results)


@FUZZ
@given(st.sampled_from([("tests/test_x.py", PY), ("src/x.test.ts", JS)]).flatmap(
    lambda pt: st.tuples(st.just(pt[0]), mutated(pt[1]))), st.lists(NASTY, max_size=3))
def test_any_test_file_text_is_scanned(path_text, extra):
    path, text = path_text
    tf = discover(path, text + "".join(extra))
    assert tf is not None
    for case in tf.cases:
        assert 1 <= case.first <= case.line <= case.last and case.id.startswith(path + "::")
    map_tests(CLAUSES, [tf])

"""core/code/plain: a parsed file as plain data (what the disk cache stores) and back, equal
in every field, for every language the parser reads."""

from __future__ import annotations

import marshal

import pytest
from code_fixtures import LANGUAGES

from specaudit.core.code import parse
from specaudit.core.code.plain import from_plain, to_plain

HTML = b"""<html><body onclick="save(1)">
<script lang="ts">
  const API = "/api/v1";
  export async function handleAdd(e: Event): Promise<void> { showError("Please enter a task"); }
</script></body></html>
"""
JAVA = b"""package a;
/** Todos. */
@RestController
public class Todos {
    static final int MAX = 5;
    @GetMapping("/api/todos")
    public List<Todo> list() { return repo.findAll("x"); }
    @Test void lists() { assertEquals(5, MAX); }
}
"""
TSX = b"""/** A row. */
export const Row = memo(function Row({ todo }: Props) {
  return <li onClick={() => toggle(todo.id)}>{todo.title} done</li>;
});
describe("Row", () => { it("toggles", () => { expect(1).toBe(1); }); });
"""
KOTLIN = b"""package a
/** Todos. */
class Todos { @GetMapping("/api/todos") fun list() = repo.findAll("x")\n  companion object { const val MAX = 5 } }
"""
SWIFT = b"""/// Todos.
final class Todos { static let max = 5\n  func list() -> [Todo] { repo.findAll("x") }\n  init() {} }
"""
SOURCES = [("A.java", JAVA), ("a.tsx", TSX), ("page.vue", HTML), ("broken.py", b"def f(:\n  pass\nclass"),
           ("empty.ts", b""), ("Todos.kt", KOTLIN), ("Todos.swift", SWIFT),
           ("todos.cpp", b"namespace a {\n/// Todos.\nclass Todos { static constexpr int kMax = 5;\n"
                         b"  bool add(const char* t) { return t != nullptr; } };\n}\nTEST(T, Adds) { }\n"),
           ("todos.c", b"#define MAX 5\nstruct todo { int id; };\nint add(const char *t) { return 1; }\n")]
SOURCES += [(path, text.encode()) for files, *_ in LANGUAGES.values() for path, text in files.items()]


@pytest.mark.parametrize(("path", "data"), SOURCES, ids=[p for p, _d in SOURCES])
def test_round_trip_through_marshal_is_equal(path: str, data: bytes) -> None:
    cf = parse(path, data)
    if cf is None:
        pytest.skip("not a language the parser reads")
    plain = to_plain(cf)
    back = from_plain(marshal.loads(marshal.dumps(plain)))
    assert back == cf
    assert [d.body for d in back.definitions] == [d.body for d in cf.definitions]


@pytest.mark.parametrize("bad", [None, (), ("a.py",) * 10, [1, 2], {"x": 1}, ("a.py", "python", 1, [], {}, (), (),
                                                                              False, (), ())])
def test_wrong_shapes_raise_type_or_value_error(bad) -> None:
    with pytest.raises((TypeError, ValueError)):
        from_plain(bad)

"""Test cases found in source text by each ecosystem's conventions (read, never run).

pytest and unittest (``test_*.py``/``*_test.py``: ``def test*`` at module level or in a
``Test*``/``TestCase`` class), Jest and Vitest (``*.test.ts``, ``*.spec.js``,
``__tests__/``: ``it``/``test`` inside ``describe``), cargo test (``#[test]`` functions),
go test (``func TestX`` in ``*_test.go``), JUnit (``@Test`` methods in ``*Test.java``),
RSpec and Minitest (``*_spec.rb``: ``it`` inside ``describe``/``context``; ``*_test.rb``:
``def test_*``), PHPUnit (``testX()`` or ``#[Test]`` methods in ``*Test.php``) and xUnit,
NUnit and MSTest (``[Fact]``, ``[Theory]``, ``[Test]``, ``[TestCase]``, ``[TestMethod]``
methods in ``*Test.cs``/``*Tests.cs``), JUnit in Kotlin (``@Test fun`` in ``*Test.kt``,
backticked names too), XCTest and Swift Testing (``func testX()``, ``@Test func`` in
``*Tests.swift``), GoogleTest and Catch2 (``TEST(Suite, Name)``, ``TEST_CASE("title")`` in
``*_test.cc``, ``test_*.cpp``, ``*_unittest.cc``, ``*Test.cpp``).

Line-based on purpose: a test file from a machine-authored change may not even parse,
and a cheap scan over thousands of files must never execute or import anything. Each
case keeps the text that may cite a clause (its name, markers, docstring, comments);
the file's leading comment block cites for every case in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath

from specaudit.core.fingerprint import fingerprint

PYTHON, JS, GO, RUST, JAVA = "python", "js", "go", "rust", "java"
RUBY, PHP, CSHARP, KOTLIN, SWIFT, CPP = "ruby", "php", "csharp", "kotlin", "swift", "cpp"
TITLED = frozenset({JS, RUBY, CPP})  # a test is named by a sentence (it "does x"): matched as a title

_JS_EXT = re.compile(r"\.(?:[cm]?[jt]sx?)$")
_JS_TEST = re.compile(r"\.(?:test|spec)\.[cm]?[jt]sx?$")
_CPP_TEST = re.compile(r"(?:^test_.*|_(?:unit)?tests?|Tests?)\.(?:c|cc|cpp|cxx)$")


@dataclass(frozen=True)
class TestCase:
    """One test. ``id`` is ``path::scope::name`` (pytest's node id for Python); ``line``
    is the definition's line; ``first..last`` spans its markers, comments and body."""

    id: str
    path: str
    name: str
    scope: tuple[str, ...]
    lang: str
    line: int
    first: int
    last: int
    name_text: str  # what "name" evidence reads: scope and name (JS: the titles)
    cite_text: str  # what "citation" evidence reads: markers, docstring, comments
    fingerprint: str = field(compare=False)

    __test__ = False  # not a pytest class, whatever its name


@dataclass(frozen=True)
class TestFile:
    path: str
    header: str  # the leading comment block / module docstring (cites for every case)
    cases: tuple[TestCase, ...]

    __test__ = False


def language_of(path: str) -> str | None:
    """The ecosystem whose conventions make ``path`` a test file, or None."""
    p = PurePosixPath(path)
    name = p.name
    if name.endswith(".py"):
        return PYTHON if (name.startswith("test_") or name.endswith("_test.py")) else None
    if name.endswith("_test.go"):
        return GO
    if _JS_TEST.search(name) or ("__tests__" in p.parts[:-1] and _JS_EXT.search(name)):
        return JS
    if name.endswith(".rs"):
        return RUST  # any file may hold #[test] functions; the scan decides
    if name.endswith(".java") and (name.startswith("Test") or re.search(r"(Test|Tests|IT)\.java$", name)):
        return JAVA
    if name.endswith(("_spec.rb", "_test.rb")) or (name.startswith("test_") and name.endswith(".rb")):
        return RUBY
    if name.endswith("Test.php"):
        return PHP
    if name.endswith(("Test.cs", "Tests.cs")):
        return CSHARP
    if name.endswith(("Test.kt", "Tests.kt")):
        return KOTLIN
    if name.endswith(("Test.swift", "Tests.swift")):
        return SWIFT
    if _CPP_TEST.search(name):
        return CPP
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_end(lines: list[str], i: int, closers: str = "") -> int:
    """Last line (0-based) of the indentation block opened at ``i``: up to the next
    non-blank line indented no deeper (included when it starts with a closer)."""
    base = _indent(lines[i])
    last = i
    for j in range(i + 1, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        if _indent(lines[j]) <= base:
            return j if closers and s[0] in closers else last
        last = j
    return last


def _header_start(lines: list[str], i: int, prefixes: tuple[str, ...]) -> int:
    """First line of the markers/comments directly above line ``i``."""
    start = i
    j = i - 1
    while j >= 0:
        s = lines[j].strip()
        if s and s.startswith(prefixes):
            start = j
            j -= 1
            continue
        # A multi-line marker: indented continuation lines, then the line with "@"/"#[".
        k = j
        while k >= 0 and lines[k].strip() and _indent(lines[k]) > _indent(lines[i]):
            k -= 1
        if k < j and k >= 0 and lines[k].strip().startswith(("@", "#[")):
            start = j = k
            j -= 1
            continue
        break
    return start


_PY_COMMENT = re.compile(r"#(.*)$")
_C_COMMENT = re.compile(r"//(.*)$|/\*(.*?)(?:\*/|$)|^\s*\*(.*)$")


def _comments(lines: list[str], lang: str) -> list[str]:
    out = []
    hashed = lang in (PYTHON, RUBY)
    pattern = _PY_COMMENT if hashed else _C_COMMENT
    for ln in lines:
        if hashed and "#" not in ln:
            continue
        m = pattern.search(ln)
        if m:
            out.append(next((g for g in m.groups() if g), ""))
    return out


def _leading_block(lines: list[str], lang: str) -> str:
    """The file's opening comments (or Python module docstring), before any code."""
    out: list[str] = []
    in_doc: str | None = None
    in_block = False
    for ln in lines[:200]:
        s = ln.strip()
        if in_doc:
            out.append(s)
            if in_doc in s:
                break
            continue
        if in_block:
            out.append(s)
            if "*/" in s:
                in_block = False
            continue
        if not s:
            continue
        if lang == PYTHON and s[:3] in ('"""', "'''"):
            out.append(s)
            if s.count(s[:3]) >= 2 and len(s) > 3:
                break
            in_doc = s[:3]
        elif s.startswith(("#", "//")):
            out.append(s)
        elif s.startswith("/*"):
            out.append(s)
            in_block = "*/" not in s
        elif lang == PYTHON and s.startswith(("from __future__", "# -*-")):
            continue
        else:
            break
    return "\n".join(out)


def _case(path: str, lang: str, lines: list[str], scope: tuple[str, ...], name: str, def_i: int,
          first_i: int, last_i: int, name_text: str, cite: list[str]) -> TestCase:
    body = "\n".join(ln.strip() for ln in lines[first_i:last_i + 1])
    return TestCase(
        id="::".join((path, *scope, name)), path=path, name=name, scope=scope, lang=lang,
        line=def_i + 1, first=first_i + 1, last=last_i + 1, name_text=name_text,
        cite_text="\n".join(cite), fingerprint=fingerprint(body)[:16],
    )


# -- Python -----------------------------------------------------------------------------
_PY_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(test\w*)\s*\(")
_PY_CLASS = re.compile(r"^(\s*)class\s+(\w+)\s*(\(([^)]*)\))?\s*:")


def _py_docstring(lines: list[str], start: int, last: int) -> list[str]:
    for j in range(start, last + 1):
        s = lines[j].strip()
        if not s:
            continue
        q = s[:3] if s[:3] in ('"""', "'''") else (s[0] if s[0] in "\"'" else None)
        if not q:
            return []
        out = [s]
        if len(q) == 3 and (s.count(q) < 2 or s == q):
            for k in range(j + 1, last + 1):
                out.append(lines[k].strip())
                if q in lines[k]:
                    break
        return out
    return []


def _python(path: str, lines: list[str]) -> list[TestCase]:
    cases = []
    classes: list[tuple[int, str, bool]] = []  # (indent, name, collects tests)
    for i, ln in enumerate(lines):
        if "class" not in ln and "def" not in ln:
            continue
        m = _PY_CLASS.match(ln)
        if m:
            ind = len(m.group(1))
            classes = [c for c in classes if c[0] < ind]
            name, bases = m.group(2), m.group(4) or ""
            collects = name.startswith("Test") or "TestCase" in bases
            classes.append((ind, name, collects and (not classes or classes[-1][2])))
            continue
        m = _PY_DEF.match(ln)
        if not m:
            continue
        ind = len(m.group(1))
        classes = [c for c in classes if c[0] < ind]
        if classes and not classes[-1][2]:
            continue
        if ind and not classes:
            continue  # a nested helper function, not a collected test
        last = _block_end(lines, i)
        first = _header_start(lines, i, ("@", "#"))
        scope = tuple(c[1] for c in classes)
        cite = [ln.strip() for ln in lines[first:i] if ln.strip().startswith("@")]
        cite += _py_docstring(lines, i + 1, last)
        cite += _comments(lines[first:last + 1], PYTHON)
        cases.append(_case(path, PYTHON, lines, scope, m.group(2), i, first, last,
                           " ".join((*scope, m.group(2))), cite))
    return cases


# -- JavaScript / TypeScript ------------------------------------------------------------
_JS_CALL = re.compile(
    r"^\s*((?:describe|suite|context|it|test|specify)(?:\.\w+)*)(?:\([^)]*\))?\s*\(\s*(['\"`])((?:\\.|(?!\2).)*)\2")
_JS_GROUPS = ("describe", "suite", "context")


def _js(path: str, lines: list[str]) -> list[TestCase]:
    cases = []
    groups: list[tuple[int, int, str]] = []  # (first line, last line, title)
    for i, ln in enumerate(lines):
        if "(" not in ln:
            continue
        m = _JS_CALL.match(ln)
        if not m:
            continue
        chain, title = m.group(1).split("."), m.group(3)
        last = _block_end(lines, i, closers="})]")
        groups = [g for g in groups if g[1] >= i]
        if any(name in _JS_GROUPS for name in chain):  # describe(...), Playwright's test.describe(...)
            groups.append((i, last, title))
            continue
        scope = tuple(g[2] for g in groups)
        first = _header_start(lines, i, ("//", "/*", "*"))
        cite = _comments(lines[first:last + 1], JS)
        cases.append(_case(path, JS, lines, scope, title, i, first, last, " ".join((*scope, title)), cite))
    return cases


# -- Go ---------------------------------------------------------------------------------
_GO_FUNC = re.compile(r"^func\s+(Test\w*)\s*\(\s*\w+\s+\*testing\.T\s*\)")
_GO_SUBTEST = re.compile(r"""(?:\bt\.Run\(\s*|\bname:\s*)"((?:\\.|[^"])*)\"""")


def _go(path: str, lines: list[str]) -> list[TestCase]:
    cases = []
    for i, ln in enumerate(lines):
        m = _GO_FUNC.match(ln)
        if not m:
            continue
        last = _block_end(lines, i, closers="}")
        first = _header_start(lines, i, ("//",))
        cite = _comments(lines[first:last + 1], GO)
        cite += [s.group(1) for x in lines[i:last + 1] for s in _GO_SUBTEST.finditer(x)]
        cases.append(_case(path, GO, lines, (), m.group(1), i, first, last, m.group(1), cite))
    return cases


# -- Rust -------------------------------------------------------------------------------
_RS_TEST_ATTR = re.compile(r"^\s*#\[(?:[\w:]+::)?test\b")
_RS_FN = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)")
_RS_MOD = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*\{")


def _rust_module(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).with_suffix("").parts
    if "src" in parts:
        parts = parts[len(parts) - parts[::-1].index("src"):]
    elif "tests" in parts:
        parts = parts[len(parts) - parts[::-1].index("tests"):]
    if parts and parts[-1] in ("lib", "main", "mod"):
        parts = parts[:-1]
    return tuple(parts)


def _rust(path: str, lines: list[str]) -> list[TestCase]:
    if not any("test" in ln and _RS_TEST_ATTR.match(ln) for ln in lines):
        return []
    cases = []
    mods: list[tuple[int, int, str]] = []
    base = _rust_module(path)
    pending: int | None = None
    for i, ln in enumerate(lines):
        if _RS_TEST_ATTR.match(ln):
            pending = i
            continue
        m = _RS_MOD.match(ln)
        if m:
            mods = [x for x in mods if x[1] >= i]
            mods.append((i, _block_end(lines, i, closers="}"), m.group(2)))
            continue
        m = _RS_FN.match(ln)
        if not m:
            continue
        if pending is None:
            continue
        pending = None
        mods = [x for x in mods if x[1] >= i]
        scope = (*base, *(x[2] for x in mods))
        last = _block_end(lines, i, closers="}")
        first = _header_start(lines, i, ("//", "#["))
        cite = [ln.strip() for ln in lines[first:i] if ln.strip().startswith("#[")]
        cite += _comments(lines[first:last + 1], RUST)
        cases.append(_case(path, RUST, lines, scope, m.group(2), i, first, last,
                           " ".join((*scope, m.group(2))), cite))
    return cases


# -- Java (JUnit, as Maven Surefire runs it) --------------------------------------------
_JAVA_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;")
_JAVA_METHOD = re.compile(r"^\s*(?:(?:public|protected|private|static|final)\s+)*void\s+(\w+)\s*\(")


def _java(path: str, lines: list[str]) -> list[TestCase]:
    package = next((m.group(1) for ln in lines[:100] if (m := _JAVA_PACKAGE.match(ln))), "")
    cls = PurePosixPath(path).stem
    qualified = f"{package}.{cls}" if package else cls
    cases = []
    marked = False
    for i, ln in enumerate(lines):
        s = ln.strip()
        if s.startswith(("@Test", "@ParameterizedTest", "@RepeatedTest")):
            marked = True
            continue
        m = _JAVA_METHOD.match(ln)
        if m and marked:
            marked = False
            last = _block_end(lines, i, closers="}")
            first = _header_start(lines, i, ("@", "//", "/*", "*"))
            cite = [x.strip() for x in lines[first:i] if x.strip().startswith("@")]
            cite += _comments(lines[first:last + 1], JAVA)
            cases.append(_case(path, JAVA, lines, (qualified,), m.group(1), i, first, last,
                               f"{cls} {m.group(1)}", cite))
    return cases


# -- Ruby (RSpec, Minitest) ---------------------------------------------------------------
_RB_CALL = re.compile(r"""^\s*(?:RSpec\.)?(describe|context|feature|it|specify|example|scenario|test)\b\s*\(?\s*"""
                      r"""(?:(['"])((?:\\.|(?!\2).)*)\2|([A-Z][\w:]*))""")
_RB_GROUPS = ("describe", "context", "feature")
_RB_CLASS = re.compile(r"^(\s*)class\s+([\w:]+)")
_RB_DEF = re.compile(r"^(\s*)def\s+(test_\w+[?!]?)")


def _ruby(path: str, lines: list[str]) -> list[TestCase]:
    cases = []
    groups: list[tuple[int, int, str]] = []
    classes: list[tuple[int, int, str]] = []
    for i, ln in enumerate(lines):
        m = _RB_CLASS.match(ln)
        if m:
            classes = [c for c in classes if c[1] >= i]
            classes.append((i, _block_end(lines, i, closers="e"), m.group(2)))
            continue
        m = _RB_DEF.match(ln)
        if m:  # Minitest: def test_x in a class
            classes = [c for c in classes if c[1] >= i]
            last = _block_end(lines, i, closers="e")
            first = _header_start(lines, i, ("#",))
            scope = tuple(c[2] for c in classes)
            cases.append(_case(path, RUBY, lines, scope, m.group(2), i, first, last, " ".join((*scope, m.group(2))),
                               _comments(lines[first:last + 1], RUBY)))
            continue
        m = _RB_CALL.match(ln)
        if not m:
            continue
        verb, title = m.group(1), m.group(3) if m.group(3) is not None else m.group(4)
        last = _block_end(lines, i, closers="e}")
        groups = [g for g in groups if g[1] >= i]
        if verb in _RB_GROUPS:
            groups.append((i, last, title))
            continue
        if m.group(3) is None:
            continue  # it SomeConstant: not a titled example
        scope = tuple(g[2] for g in groups)
        first = _header_start(lines, i, ("#",))
        cases.append(_case(path, RUBY, lines, scope, title, i, first, last, " ".join((*scope, title)),
                           _comments(lines[first:last + 1], RUBY)))
    return cases


# -- PHP (PHPUnit) and C# (xUnit, NUnit, MSTest) ------------------------------------------
_PHP_NAMESPACE = re.compile(r"^\s*namespace\s+([\w\\]+)\s*;")
_PHP_METHOD = re.compile(r"^\s*(?:(?:public|protected|private|static|final|abstract)\s+)*function\s+(\w+)\s*\(")
_PHP_MARK = re.compile(r"^\s*(?:#\[(?:[\w\\]*\\)?Test\b|\*\s*@test\b)")
_CS_NAMESPACE = re.compile(r"^\s*namespace\s+([\w.]+)")
_CS_ATTR = re.compile(r"^\s*\[(?:Fact|Theory|Test|TestCase|TestMethod|DataTestMethod)\b")
_CS_METHOD = re.compile(r"^\s*(?:(?:public|private|protected|internal|static|async|virtual|override)\s+)*"
                        r"(?:void|Task(?:<[^>]*>)?|ValueTask)\s+(\w+)\s*\(")
_CLASS_NAME = re.compile(r"\bclass\s+(\w+)")


def _brace_end(lines: list[str], i: int) -> int:
    """Last line of the method declared at ``i``, its brace on the same line or, as PSR-12
    and .NET write it, on the next."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if "{" not in lines[i] and j < len(lines) and lines[j].strip().startswith("{"):
        return _block_end(lines, j, closers="}")
    return _block_end(lines, i, closers="}")


# -- Kotlin (JUnit) and Swift (XCTest, Swift Testing) ------------------------------------
_KT_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)")
_ANNOTATED = r"^\s*(?:@\w+(?:\((?:[^()]|\([^()]*\))*\))?\s+)*"  # @Test("x (FR-1)") func x() on one line
_KT_FUN = re.compile(_ANNOTATED + r"(?:(?:public|internal|private|protected|override|open|suspend|final)\s+)*"
                     r"fun\s+(`[^`]+`|\w+)\s*\(")
_SW_FUNC = re.compile(_ANNOTATED + r"(?:(?:public|internal|private|fileprivate|open|override|final|static|"
                      r"class|async|nonisolated)\s+)*func\s+(\w+)\s*\(")
_KT_MARK = re.compile(r"^\s*@(?:Test|ParameterizedTest|RepeatedTest)\b")
_SW_MARK = re.compile(r"^\s*@Test\b")
_NO_PACKAGE = re.compile(r"(?!)")  # Swift: the module is not in the file


@dataclass(frozen=True)
class _Convention:
    """How one ecosystem marks a test method inside a braced class."""

    package: re.Pattern[str]  # the namespace or package line
    separator: str  # between the namespace and the class in the scope
    mark: re.Pattern[str]  # the attribute that makes a method a test
    method: re.Pattern[str]  # a method's head; group 1 its name
    by_name: bool  # testX() is a test without a mark (PHPUnit, XCTest)
    attributes: tuple[str, ...]  # how the lines above that belong to it start
    top_level: bool  # a test outside any class belongs to the file (Swift Testing, Kotlin)


_CONVENTIONS = {
    PHP: _Convention(_PHP_NAMESPACE, "\\", _PHP_MARK, _PHP_METHOD, True, ("[", "#["), False),
    CSHARP: _Convention(_CS_NAMESPACE, ".", _CS_ATTR, _CS_METHOD, False, ("[", "#["), False),
    KOTLIN: _Convention(_KT_PACKAGE, ".", _KT_MARK, _KT_FUN, False, ("@",), True),
    SWIFT: _Convention(_NO_PACKAGE, ".", _SW_MARK, _SW_FUNC, True, ("@",), True),
}


def _braced(path: str, lines: list[str], lang: str) -> list[TestCase]:
    """Test methods in braced classes: PHPUnit's ``testX()`` / ``#[Test]``, C#'s attributed
    methods, Kotlin's ``@Test`` functions, XCTest's ``testX()`` and Swift Testing's ``@Test``
    functions (the mark on the method's own line too: ``@Test fun x()``)."""
    conv = _CONVENTIONS[lang]
    ns = next((m.group(1) for ln in lines[:100] if (m := conv.package.match(ln))), "")
    cls = PurePosixPath(path).stem
    cases = []
    marked = False
    for i, ln in enumerate(lines):
        if "class" in ln and (c := _CLASS_NAME.search(ln)):
            cls = c.group(1)
        m = conv.method.match(ln)
        if not m:
            marked = marked or bool(conv.mark.match(ln))
            continue
        name = m.group(1).strip("`")  # Kotlin's `refunds a charge once`
        if not (marked or conv.mark.match(ln) or (conv.by_name and name.startswith("test"))):
            continue
        marked = False
        last = _brace_end(lines, i)
        first = _header_start(lines, i, (*conv.attributes, "//", "/*", "*"))
        cite = [x.strip() for x in lines[first:i + 1] if x.strip().startswith(conv.attributes)]
        cite += _comments(lines[first:last + 1], lang)
        owner = cls if _indent(ln) or not conv.top_level else PurePosixPath(path).stem
        cases.append(_case(path, lang, lines, ((ns + conv.separator + owner) if ns else owner,), name, i, first,
                           last, f"{owner} {name}", cite))
    return cases


# -- C and C++ (GoogleTest, Catch2) ---------------------------------------------------------
_GTEST_CASE = re.compile(r"^\s*(?:TEST|TEST_F|TEST_P|TYPED_TEST|TYPED_TEST_P)\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)")
_CATCH_CASE = re.compile(r'^\s*(?:TEST_CASE|SCENARIO)\s*\(\s*"((?:\\.|[^"\\])*)"')


def _cpp(path: str, lines: list[str]) -> list[TestCase]:
    """GoogleTest's ``TEST(Suite, Name)`` (id ``path::Suite::Name``) and Catch2's
    ``TEST_CASE("title")`` (matched by its title)."""
    cases = []
    scope: tuple[str, ...]
    for i, ln in enumerate(lines):
        if g := _GTEST_CASE.match(ln):
            scope, name = (g.group(1),), g.group(2)
        elif c := _CATCH_CASE.match(ln):
            scope, name = (), c.group(1)
        else:
            continue
        last = _brace_end(lines, i)
        first = _header_start(lines, i, ("//", "/*", "*"))
        cases.append(_case(path, CPP, lines, scope, name, i, first, last, " ".join((*scope, name)),
                           _comments(lines[first:last + 1], CPP)))
    return cases


_SCANNERS: dict[str, Callable[[str, list[str]], list[TestCase]]] = {PYTHON: _python, JS: _js, GO: _go, RUST: _rust, JAVA: _java, RUBY: _ruby,
             **{lang: partial(_braced, lang=lang) for lang in _CONVENTIONS}, CPP: _cpp}


def discover(path: str, text: str) -> TestFile | None:
    """The test cases in one file (None when ``path`` is not a test file by convention)."""
    lang = language_of(path)
    if lang is None:
        return None
    lines = text.split("\n")
    cases = _SCANNERS[lang](path, lines)
    if not cases:
        return TestFile(path, "", ())
    return TestFile(path, _leading_block(lines, lang), tuple(cases))

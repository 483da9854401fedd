"""core/code: definitions and references read by tree-sitter, one small fixture per language."""

from __future__ import annotations

import textwrap

import pytest

from specaudit.core.code import (
    CLASS,
    CONFIG,
    FIELD,
    FUNCTION,
    IMPL,
    METHOD,
    ROUTE,
    TEST,
    TYPE,
    definitions,
    language_of,
    parse,
    references,
)


def _src(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode()


def _by_name(defs, qualified):
    found = [d for d in defs if d.qualified == qualified]
    assert found, f"{qualified!r} not in {[d.qualified for d in defs]}"
    return found[0]


PY = _src('''
    import os
    from typing import (
        Any,
    )

    MAX_RETRIES = 5


    @app.route("/refunds", methods=["POST"])
    def create_refund(amount: int) -> dict:
        """Refund a charge once."""
        return {"status": "refunded", "amount": amount * MAX_RETRIES}


    # The ledger keeps every refund.
    class RefundLedger(Base):
        timeout: float = 5.0

        def record(self, refund):
            pass

        def total(self):
            return sum(self.items)


    class TestLedger:
        def test_record_twice(self):
            raise NotImplementedError


    def calculate_backoff(attempt):
        # TODO: jitter
        ...
''')


def test_python_definitions_kinds_spans_and_text() -> None:
    defs = definitions("svc/refunds.py", PY)
    assert [(d.qualified, d.kind) for d in defs] == [
        ("MAX_RETRIES", CONFIG),
        ("create_refund", ROUTE),
        ("RefundLedger", CLASS),
        ("RefundLedger.timeout", FIELD),
        ("RefundLedger.record", METHOD),
        ("RefundLedger.total", METHOD),
        ("TestLedger", CLASS),
        ("TestLedger.test_record_twice", TEST),
        ("calculate_backoff", FUNCTION),
    ]
    route = _by_name(defs, "create_refund")
    assert (route.first, route.last) == (9, 12)  # the decorator is part of it
    assert route.route == "POST /refunds"
    assert route.signature == "def create_refund(amount: int) -> dict:"
    assert route.signature_lines == (10, 10)
    assert route.doc == "Refund a charge once."
    assert ("refunded", 12) in route.strings and ("/refunds", 9) in route.strings
    assert "MAX_RETRIES" in route.identifiers and "amount" in route.identifiers
    assert route.body is not None and [s.kind for s in route.body.statements] == [
        "expression_statement", "return_statement"]
    ledger = _by_name(defs, "RefundLedger")
    assert ledger.doc == "# The ledger keeps every refund." and ledger.doc_lines == (15, 15)
    assert _by_name(defs, "RefundLedger.timeout").numbers == (("5.0", 17),)


def test_python_placeholders() -> None:
    defs = definitions("svc/refunds.py", PY)
    assert _by_name(defs, "RefundLedger.record").placeholder
    assert _by_name(defs, "TestLedger.test_record_twice").placeholder
    assert _by_name(defs, "calculate_backoff").placeholder  # a TODO comment and ...
    assert not _by_name(defs, "RefundLedger.total").placeholder
    assert not _by_name(defs, "create_refund").placeholder
    assert not _by_name(defs, "RefundLedger").placeholder  # only callables are placeholders


def test_python_references_leave_out_definition_sites() -> None:
    refs = references("svc/refunds.py", PY)
    assert refs["MAX_RETRIES"] == (12,)
    assert "calculate_backoff" not in refs  # defined, never called
    cf = parse("svc/refunds.py", PY)
    assert cf.imports == ((1, 4),)
    assert cf.comments[0] == (15, 15)
    assert cf.is_noise(2) and cf.is_noise(15) and not cf.is_noise(12)
    assert cf.innermost(20).qualified == "RefundLedger.record"


TSX = _src('''
    import { create } from "zustand";

    /** The todo store. */
    export const useTodos = create<State>((set) => ({
      addTodo: (text: string) => set((s) => ({ todos: [...s.todos, text] })),
      limit: 8,
    }));

    export default function TodoForm({ onAdd }: Props) {
      const handleSubmit = useCallback((e: FormEvent) => {
        if (text.length > 100) setError("Title must be at most 100 characters");
      }, [text]);
      return <form onSubmit={handleSubmit}><button>Add task</button></form>;
    }

    export interface Props { onAdd: (t: string) => void }
    export type Filter = "all" | "done";
    export const PAGE_SIZE = 20;

    class Store {
      save = () => { throw new Error("not implemented"); };
    }

    describe("todo form", () => {
      it("rejects a 101-character title", () => { expect(1).toBe(1); });
    });

    router.post("/api/todos", async (req, res) => { res.json({}); });
''')


def test_tsx_definitions() -> None:
    defs = definitions("src/TodoForm.tsx", TSX)
    kinds = {d.qualified: d.kind for d in defs}
    assert kinds["useTodos"] == FUNCTION
    assert kinds["useTodos.addTodo"] == METHOD
    assert kinds["TodoForm"] == FUNCTION
    assert kinds["TodoForm.handleSubmit"] == FUNCTION
    assert kinds["Props"] == TYPE and kinds["Filter"] == TYPE
    assert kinds["PAGE_SIZE"] == CONFIG
    assert kinds["Store.save"] == METHOD
    assert kinds["TodoForm"] == FUNCTION
    assert kinds["todo form.rejects a 101-character title"] == TEST
    assert kinds["POST /api/todos"] == ROUTE
    store = _by_name(defs, "useTodos")
    assert store.doc == "/** The todo store. */" and (store.first, store.last) == (4, 7)
    form = _by_name(defs, "TodoForm")
    assert ("Add task", 13) in form.strings  # JSX text is a string
    assert ("Title must be at most 100 characters", 11) in form.strings
    assert ("100", 11) in form.numbers
    assert _by_name(defs, "Store.save").placeholder


def test_a_routers_procedures_are_methods_but_a_mapped_property_in_a_function_is_not() -> None:
    """PineSnap's debug router: each tRPC procedure is a call chain ending in its handler, and
    was read as one 160-line constant with the file's regexes."""
    src = _src('''
        const EMAIL_REGEX = /^[^@]+@[^@]+$/;
        export const debugRouter = router({
          searchByQuery: adminProcedure
            .input(z.object({ q: z.string() }))
            .query(async ({ input }) => {
              return EMAIL_REGEX.test(input.q);
            }),
          getLearningDetail: adminProcedure.query(async () => null),
        });
        export function table(items: Item[]) {
          return { rows: items.map((x) => x.id) };
        }
    ''')
    defs = definitions("server/routers/debug.ts", src)
    kinds = {d.qualified: (d.kind, d.first, d.last) for d in defs}
    assert kinds["debugRouter.searchByQuery"] == (METHOD, 3, 7)
    assert kinds["debugRouter.getLearningDetail"] == (METHOD, 8, 8)
    assert "table.rows" not in kinds and kinds["table"][0] == FUNCTION


def test_typescript_and_javascript_grammars() -> None:
    ts_defs = definitions("src/a.ts", b"export function f(x: number): number { return x }\n"
                                      b"export enum Color { Red }\n")
    assert [(d.name, d.kind) for d in ts_defs] == [("f", FUNCTION), ("Color", TYPE)]
    js_defs = definitions("src/a.jsx", b"function App() { return <p>Hello</p>; }\nclass A { m() {} }\n")
    assert [(d.qualified, d.kind) for d in js_defs] == [("App", FUNCTION), ("A", CLASS), ("A.m", METHOD)]
    assert ("Hello", 1) in js_defs[0].strings


GO = _src('''
    package todo

    import "net/http"

    // Timeout bounds every request.
    const Timeout = 5 * time.Second

    // Todo is one task.
    type Todo struct {
        Title string `json:"title"`
    }

    func (s *Service) Create(t Todo) error {
        if len(t.Title) > 100 {
            return ErrTooLong
        }
        return nil
    }

    func Routes(mux *http.ServeMux) {
        mux.HandleFunc("POST /api/todos", s.handleCreate)
    }
''')


def test_go_definitions() -> None:
    defs = definitions("todo/service.go", GO)
    assert [(d.qualified, d.kind) for d in defs] == [
        ("Timeout", CONFIG), ("Todo", TYPE), ("Service.Create", METHOD), ("Routes", FUNCTION),
        ("Routes.POST /api/todos", ROUTE)]
    assert _by_name(defs, "Timeout").doc == "// Timeout bounds every request."
    assert ("5", 6) in _by_name(defs, "Timeout").numbers
    create = _by_name(defs, "Service.Create")
    assert create.signature == "func (s *Service) Create(t Todo) error"
    assert [s.kind for s in create.body.statements] == ["if_statement", "return_statement"]
    assert _by_name(defs, "Routes.POST /api/todos").route == "POST /api/todos"


def test_go_tests_and_subtests() -> None:
    src = _src('''
        package todo

        func TestCreate(t *testing.T) {
            t.Run("US1-AS3: empty title", func(t *testing.T) {
                panic("not implemented")
            })
        }
    ''')
    defs = definitions("todo/service_test.go", src)
    assert [(d.qualified, d.kind, d.placeholder) for d in defs] == [
        ("TestCreate", TEST, False), ("TestCreate.US1-AS3: empty title", TEST, True)]
    assert [d.kind for d in definitions("todo/helpers.go", src)][0] == FUNCTION  # not a _test.go file


RUST = _src('''
    use std::time::Duration;

    /// Delay before the next attempt: exponential backoff.
    #[inline]
    pub fn calculate_backoff(attempt: u32) -> Duration {
        Duration::from_secs(5) * 2u32.pow(attempt)
    }

    pub struct Retry { backoff_multiplier: f64 }

    impl Policy for Retry {
        fn next(&self) -> Option<Duration> {
            todo!()
        }
    }

    const MAX_ATTEMPTS: u32 = 3;

    #[cfg(test)]
    mod tests {
        #[test]
        fn backoff_doubles() { assert_eq!(calculate_backoff(1), Duration::from_secs(10)); }
    }
''')


def test_rust_definitions() -> None:
    defs = definitions("src/retry.rs", RUST)
    assert [(d.qualified, d.kind) for d in defs] == [
        ("calculate_backoff", FUNCTION), ("Retry", TYPE), ("Retry", IMPL), ("Retry.next", METHOD),
        ("MAX_ATTEMPTS", CONFIG), ("tests.backoff_doubles", TEST)]
    backoff = defs[0]
    assert (backoff.first, backoff.last) == (4, 7)  # the attribute is part of it, the doc is not
    assert backoff.doc == "/// Delay before the next attempt: exponential backoff." and backoff.doc_lines == (3, 3)
    assert backoff.decorators == ("#[inline]",)
    assert ("5", 6) in backoff.numbers and "from_secs" in backoff.identifiers
    assert _by_name(defs, "Retry.next").placeholder
    assert references("src/retry.rs", RUST)["calculate_backoff"] == (22,)


JAVA = _src('''
    package shop;

    import java.util.List;

    /** Refunds over HTTP. */
    @RestController
    public class RefundController {
        private static final int MAX_REFUNDS = 3;
        private final RefundService service;

        @PostMapping("/refunds")
        public Refund create(@RequestBody Refund r) {
            return service.refund(r);
        }

        @Test
        void refundsOnce() {
            throw new UnsupportedOperationException();
        }
    }
''')


def test_java_definitions() -> None:
    defs = definitions("src/RefundController.java", JAVA)
    assert [(d.qualified, d.kind) for d in defs] == [
        ("RefundController", CLASS), ("RefundController.MAX_REFUNDS", CONFIG),
        ("RefundController.service", FIELD), ("RefundController.create", ROUTE),
        ("RefundController.refundsOnce", TEST)]
    assert defs[0].doc == "/** Refunds over HTTP. */"
    assert _by_name(defs, "RefundController.create").route == "POST /refunds"
    assert _by_name(defs, "RefundController.refundsOnce").placeholder


CSHARP = _src('''
    using System;
    namespace Pay {
      /// <summary>Refunds over HTTP.</summary>
      public class RefundController {
        private const int MaxRefunds = 3;
        private readonly IGateway gateway;
        public int Count { get; set; }
        [HttpPost("/refunds")]
        public void Create(string id) { gateway.Refund(id, "refund requested"); }
      }
      public class RefundTests {
        [Fact]
        public void RefundsOnce() { Assert.Equal(1, 1); }
      }
      public interface IGateway { void Refund(string id, string why); }
    }
''')


def test_csharp_definitions() -> None:
    cf = parse("src/RefundController.cs", CSHARP)
    assert cf is not None and language_of("a.cs") == "csharp"
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("Pay.RefundController", CLASS), ("Pay.RefundController.MaxRefunds", CONFIG),
        ("Pay.RefundController.gateway", FIELD), ("Pay.RefundController.Count", FIELD),
        ("Pay.RefundController.Create", ROUTE), ("Pay.RefundTests", CLASS),
        ("Pay.RefundTests.RefundsOnce", TEST), ("Pay.IGateway", TYPE), ("Pay.IGateway.Refund", METHOD)]
    create = _by_name(cf.definitions, "Pay.RefundController.Create")
    assert create.route == "POST /refunds" and (create.first, create.last) == (8, 9)
    assert ("refund requested", 9) in create.strings
    assert cf.definitions[0].doc == "/// <summary>Refunds over HTTP.</summary>"
    assert cf.imports == ((1, 1),)


RUBY = _src('''
    require "json"
    module Pay
      MAX_REFUNDS = 3
      class RefundService < Base
        def refund(id)
          gateway.refund(id, "refund requested")
        end

        def self.build
          new
        end
      end
    end

    RSpec.describe Pay::RefundService do
      it "refunds once" do
        expect(service.refund(1)).to eq(true)
      end
    end

    class RefundTest < Minitest::Test
      def test_refunds_once
        assert true
      end
    end
''')


def test_ruby_definitions() -> None:
    cf = parse("app/services/refund_service.rb", RUBY)
    assert cf is not None and language_of("lib/tasks/x.rake") == "ruby"
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("Pay.MAX_REFUNDS", CONFIG), ("Pay.RefundService", CLASS), ("Pay.RefundService.refund", METHOD),
        ("Pay.RefundService.build", METHOD), ("refunds once", TEST), ("RefundTest", CLASS),
        ("RefundTest.test_refunds_once", TEST)]
    refund = _by_name(cf.definitions, "Pay.RefundService.refund")
    assert (refund.first, refund.last) == (5, 7) and ("refund requested", 6) in refund.strings
    assert _by_name(cf.definitions, "refunds once").first == 16
    assert cf.imports == ((1, 1),)


PHP = _src('''
    <?php
    namespace App\\Pay;
    use App\\Models\\Charge;

    /** Refunds over HTTP. */
    class RefundController extends Controller {
        private int $count = 0;
        const MAX_REFUNDS = 3;

        #[Route('/refunds', methods: ['POST'])]
        public function create(string $id): void { $this->gateway->refund($id, "refund requested"); }
    }

    function helper($x) { return $x * 2; }

    class Db { public function testConnection(): bool { return true; } }

    class RefundTest extends TestCase {
        public function testRefundsOnce(): void { $this->assertTrue(true); }
    }
''')


def test_php_definitions() -> None:
    cf = parse("src/RefundController.php", PHP)
    assert cf is not None
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("RefundController", CLASS), ("RefundController.count", FIELD), ("RefundController.MAX_REFUNDS", CONFIG),
        ("RefundController.create", ROUTE), ("helper", FUNCTION), ("Db", CLASS), ("Db.testConnection", METHOD),
        ("RefundTest", CLASS), ("RefundTest.testRefundsOnce", TEST)]
    create = _by_name(cf.definitions, "RefundController.create")
    assert create.route == "POST /refunds" and (create.first, create.last) == (10, 11)
    assert cf.definitions[0].doc == "/** Refunds over HTTP. */"
    assert cf.imports == ((3, 3),)


KOTLIN = _src('''
    package pay

    import org.springframework.web.bind.annotation.PostMapping

    const val MAX_REFUNDS = 3

    /** Refunds over HTTP. */
    class RefundController(private val gateway: Gateway) {
        val count = 0

        companion object { const val LIMIT = 5 }

        @PostMapping("/refunds")
        fun create(id: String): Boolean = gateway.refund(id, "refund requested")

        fun later(): Int = TODO()
    }

    object Settings { val timeout = 30 }

    interface Gateway { fun refund(id: String, reason: String): Boolean }

    class RefundControllerTest {
        @Test
        fun `refunds once`() { assertTrue(true) }
    }
''')


def test_kotlin_definitions() -> None:
    cf = parse("src/main/kotlin/pay/RefundController.kt", KOTLIN)
    assert cf is not None and language_of("a.kts") == "kotlin"
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("MAX_REFUNDS", CONFIG), ("RefundController", CLASS), ("RefundController.count", FIELD),
        ("RefundController.LIMIT", CONFIG), ("RefundController.create", ROUTE), ("RefundController.later", METHOD),
        ("Settings", CLASS), ("Settings.timeout", CONFIG), ("Gateway", CLASS), ("Gateway.refund", METHOD),
        ("RefundControllerTest", CLASS), ("RefundControllerTest.`refunds once`", TEST)]
    create = _by_name(cf.definitions, "RefundController.create")
    assert create.route == "POST /refunds" and (create.first, create.last) == (13, 14)
    assert ("refund requested", 14) in create.strings
    assert _by_name(cf.definitions, "RefundController.later").placeholder
    assert _by_name(cf.definitions, "RefundController").doc == "/** Refunds over HTTP. */"
    assert cf.imports == ((1, 1), (3, 3))  # the package line and the import


def test_kotlin_annotated_expression_function_is_a_function() -> None:
    """The grammar reads `@A @B private fun f() = x` at the top of a file as an
    assignment; it is still the function f, with its annotations and its strings."""
    src = _src('''
        package ui

        @Preview
        @Composable
        private fun RefundScreenPreview() = RefundScreen(title = "Refunds")

        @Composable
        fun Plain(): Unit = RefundScreen(title = "x")
    ''')
    cf = parse("app/src/main/kotlin/ui/RefundScreen.kt", src)
    assert cf is not None
    preview = _by_name(cf.definitions, "RefundScreenPreview")
    assert (preview.kind, preview.first, preview.last) == (FUNCTION, 3, 5)
    assert preview.decorators == ("@Preview", "@Composable")
    assert ("Refunds", 5) in preview.strings
    assert "RefundScreenPreview" not in cf.references  # its name is a definition, not a use
    assert [d.qualified for d in cf.definitions] == ["RefundScreenPreview", "Plain"]


SWIFT = _src('''
    import Foundation

    let maxRefunds = 3

    /// Refunds a charge.
    final class RefundService {
        static let limit = 5
        var count = 0

        init(gateway: Gateway) { self.gateway = gateway }

        func refund(_ id: String) -> Bool {
            return gateway.refund(id, reason: "refund requested")
        }

        func later() { fatalError("not implemented") }
    }

    protocol Gateway { func refund(_ id: String, reason: String) -> Bool }

    extension RefundService { func reset() { count = 0 } }

    final class RefundServiceTests: XCTestCase {
        func testRefundsOnce() { XCTAssertTrue(true) }
    }

    @Test func refusesNegative() { #expect(true) }
''')


def test_swift_definitions() -> None:
    cf = parse("Sources/Pay/RefundService.swift", SWIFT)
    assert cf is not None
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("maxRefunds", CONFIG), ("RefundService", CLASS), ("RefundService.limit", CONFIG),
        ("RefundService.count", FIELD), ("RefundService.init", METHOD), ("RefundService.refund", METHOD),
        ("RefundService.later", METHOD), ("Gateway", TYPE), ("Gateway.refund", METHOD), ("RefundService", CLASS),
        ("RefundService.reset", METHOD), ("RefundServiceTests", CLASS), ("RefundServiceTests.testRefundsOnce", TEST),
        ("refusesNegative", TEST)]
    refund = _by_name(cf.definitions, "RefundService.refund")
    assert (refund.first, refund.last) == (12, 14) and ("refund requested", 13) in refund.strings
    assert len(refund.body.statements) == 1
    assert _by_name(cf.definitions, "RefundService.later").placeholder
    assert cf.definitions[1].doc == "/// Refunds a charge."
    assert cf.imports == ((1, 1),)


C_SRC = _src('''
    #include <stdio.h>
    #define MAX_RETRIES 5
    static const int LIMIT = 3;

    /* Sends, retrying. */
    int retry_send(struct conn *c, const char *msg) {
        for (int i = 0; i < MAX_RETRIES; i++) { if (send(c, msg) == 0) return 0; }
        return -1;
    }
    struct conn { int fd; };
    typedef struct { int x; } point_t;
    void later(void) {
        // TODO: not implemented
    }
''')


def test_c_definitions() -> None:
    cf = parse("src/retry.c", C_SRC)
    assert cf is not None and language_of("a.c") == "c" and language_of("a.h") == "cpp"
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("MAX_RETRIES", CONFIG), ("LIMIT", CONFIG), ("retry_send", FUNCTION), ("conn", CLASS), ("conn.fd", FIELD),
        ("point_t", TYPE), ("point_t.x", FIELD), ("later", FUNCTION)]
    send = _by_name(cf.definitions, "retry_send")
    assert (send.first, send.last) == (6, 9) and send.doc == "/* Sends, retrying. */"
    assert len(send.body.statements) == 2
    assert _by_name(cf.definitions, "later").placeholder
    assert cf.imports == ((1, 1),)


CPP_SRC = _src('''
    #include <string>
    namespace pay {
    /// Refunds a charge once.
    class Refunds : public Base {
    public:
        explicit Refunds(Ledger& l) : ledger_(l) {}
        bool refundOnce(const std::string& id) override;
        static constexpr int kMax = 3;
    private:
        Ledger& ledger_;
    };
    bool Refunds::refundOnce(const std::string& id) {
        if (ledger_.has(id)) throw std::runtime_error("refunded twice");
        return true;
    }
    template <typename T>
    T clamp(T v) { return v; }
    }
    TEST(RefundsTest, RefundsOnce) { EXPECT_TRUE(true); }
''')


def test_cpp_definitions() -> None:
    cf = parse("src/refunds.cpp", CPP_SRC)
    assert cf is not None and language_of("a.hpp") == "cpp"
    assert [(d.qualified, d.kind) for d in cf.definitions] == [
        ("pay.Refunds", CLASS), ("pay.Refunds.Refunds", METHOD), ("pay.Refunds.refundOnce", METHOD),
        ("pay.Refunds.kMax", CONFIG), ("pay.Refunds.ledger_", FIELD), ("pay.Refunds.refundOnce", METHOD),
        ("pay.clamp", FUNCTION), ("RefundsTest.RefundsOnce", TEST)]
    defined = [d for d in cf.definitions if d.qualified == "pay.Refunds.refundOnce"][-1]
    assert (defined.first, defined.last) == (12, 15) and ("refunded twice", 13) in defined.strings
    assert _by_name(cf.definitions, "pay.clamp").first == 16  # its template line belongs to it
    assert cf.definitions[0].doc == "/// Refunds a charge once."


@pytest.mark.parametrize(("path", "data"), [
    ("a.c", b"int f( {\n"), ("a.h", b"class { void"), ("a.cpp", b""), ("a.cc", b"\xff\xfe int x;"),
    ("a.cs", b"class {\n  void F( {\n"), ("a.rb", b"def f(\n  it 'x' do\n"), ("a.php", b"<?php class { function"),
    ("a.php", b"plain text, no php tag"), ("a.rb", b"\xff\xfe puts '\xe9'\n"), ("a.cs", b""),
    ("a.kt", b"class { fun f( {\n val"), ("a.swift", b"func f( { let \xff\n"), ("a.kt", b""),
    ("a.swift", b"class X { init( }")])
def test_broken_csharp_ruby_php_kotlin_swift_never_raise(path: str, data: bytes) -> None:
    cf = parse(path, data)
    assert cf is not None
    assert all(d.first <= d.last for d in cf.definitions)


@pytest.mark.parametrize("path", ["README.md", "styles.css", "config.yaml", "Makefile", "a.scala", "a.dart"])
def test_other_languages_return_none(path: str) -> None:
    assert language_of(path) is None
    assert definitions(path, b"anything") is None
    assert references(path, b"anything") is None
    assert parse(path, b"anything") is None


def test_broken_and_odd_input_never_raises() -> None:
    cf = parse("a.py", b"def f(:\n    return 1\n\ndef g():\n    return 2\n")
    assert cf is not None and cf.has_error
    assert "g" in [d.name for d in cf.definitions]
    assert parse("a.py", b"") is not None
    bad = parse("a.ts", b"\xff\xfe const x = '\xe9';\n")
    assert bad is not None
    crlf = definitions("a.go", b"package a\r\n\r\nfunc F() {\r\n}\r\n")
    assert [(d.name, d.first, d.last) for d in crlf] == [("F", 3, 4)]


def test_html_scripts_are_parsed_in_place() -> None:
    src = _src('''
        <html><body>
        <form id="f"><input maxlength="500"></form>
        <script>
          const API = "/api/v1";
          async function handleAdd(e) {
            const i = todos.findIndex(t => t.id === e.id);
            if (!text) { showError("Please enter a task"); }
          }
        </script>
        </body></html>
    ''')
    cf = parse("static/index.html", src)
    assert cf.language == "html" and cf.regions == ((3, 9),)
    assert [(d.qualified, d.kind, d.first, d.last) for d in cf.definitions] == [
        ("API", CONFIG, 4, 4), ("handleAdd", FUNCTION, 5, 8)]  # findIndex's arrow is no definition
    assert ("Please enter a task", 7) in cf.definitions[1].strings
    assert cf.parsed(5) and not cf.parsed(2)
    assert parse("App.vue", b'<template><p/></template>\n<script setup lang="ts">\nconst n: number = 1\n</script>\n'
                 ).definitions[0].name == "n"


def test_html_handlers_in_markup_and_template_strings_are_references() -> None:
    src = _src('''
        <button onclick="removeLine(3)">x</button>
        <a @click="openPicker">y</a>
        <script>
          function removeLine(i) { rows.splice(i, 1); }
          function openPicker() {}
          function render(t) { return `<input onchange="toggleTodo('${t.id}')">`; }
          function toggleTodo(id) {}
          function unused() {}
        </script>
    ''')
    refs = parse("page.html", src).references
    assert refs["removeLine"] == (1,) and refs["openPicker"] == (2,) and refs["toggleTodo"] == (6,)
    assert "unused" not in refs

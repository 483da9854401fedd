"""Tests per clause for RSpec, Minitest, PHPUnit, xUnit/NUnit/MSTest, JUnit in Kotlin,
XCTest, Swift Testing, GoogleTest and Catch2: discovery by
their conventions, evidence, and each reporter's JUnit XML matched back to the cases."""

from __future__ import annotations

from pathlib import Path

from specaudit.core.junit import parse_junit
from specaudit.core.model import Clause
from specaudit.core.testcases import discover, language_of
from specaudit.core.tests_map import CITATION, NAME, map_tests, match_results

FIXTURES = Path(__file__).parent / "junit_fixtures"

SOURCES = {
    "spec/services/refund_service_spec.rb": '''\
# Refunds: Requirement 1.1
require "rails_helper"

RSpec.describe Pay::RefundService do
  it "refunds once" do
    expect(service.refund(1)).to be(true)
  end

  context "when the charge failed" do
    # Requirement 1.3
    it "1.2 refuses a second refund" do
      expect(service.refund(1)).to be(false)
    end
  end
end
''',
    "test/refund_test.rb": '''\
class RefundTest < Minitest::Test
  def test_refunds_are_logged
    assert ledger.logged?
  end

  def helper
  end
end
''',
    "tests/RefundTest.php": '''\
<?php
namespace App\\Tests;

use PHPUnit\\Framework\\TestCase;

class RefundTest extends TestCase
{
    // FR-001
    public function testRefundsOnce(): void
    {
        $this->assertTrue(true);
    }

    #[Test]
    #[DataProvider('amounts')]
    public function refusesNegativeAmounts(int $amount): void
    {
        $this->assertFalse($amount < 0);
    }

    public static function amounts(): array { return [[-5], [-1]]; }
}
''',
    "tests/Pay.Tests/RefundTests.cs": '''\
using Xunit;

namespace Pay.Tests
{
    public class RefundTests
    {
        /// FR-002: a refund happens at most once.
        [Fact]
        public void RefundsOnce()
        {
            Assert.True(true);
        }

        [Theory]
        [InlineData(-5)]
        [InlineData(-1)]
        public async Task RefusesNegative(int amount)
        {
            Assert.False(amount < 0);
        }

        private void Helper() { }
    }
}
''',
    "app/src/test/kotlin/com/example/pay/RefundTest.kt": '''\
package com.example.pay

import org.junit.jupiter.api.Test

class RefundTest {
    // Requirement 2.1
    @Test
    fun `refunds a charge once`() {
        assertTrue(service.refund("ch_1"))
    }

    @Test fun refusesNegativeAmounts() {
        assertFalse(service.refund("ch_1", -5))
    }

    private fun helper() = Unit
}
''',
    "Tests/PayTests/RefundTests.swift": '''\
import XCTest
import Testing

final class RefundTests: XCTestCase {
    /// FR-003
    func testRefundsOnce() throws {
        XCTAssertTrue(service.refund("ch_1"))
    }

    func helper() {}
}

@Test("Refuses negative amounts (FR-004)") func refusesNegative() async throws {
    #expect(!(amount < 0))
}
''',
    "tests/refunds_test.cc": '''\
#include <gtest/gtest.h>

// FR-005
TEST(RefundTest, RefundsOnce) {
  EXPECT_TRUE(Refund("ch_1"));
}

TEST_F(RefundFixture, RefusesNegative)
{
  EXPECT_FALSE(Refund("ch_1", -5));
}

TEST_CASE("1.4 refunds are logged", "[refunds]") {
  REQUIRE(Logged());
}
''',
}


def _files():
    return [discover(p, text) for p, text in SOURCES.items()]


def test_each_ecosystem_is_recognised_by_its_file_names():
    assert language_of("spec/models/user_spec.rb") == "ruby" and language_of("test/user_test.rb") == "ruby"
    assert language_of("app/models/user.rb") is None
    assert language_of("tests/UserTest.php") == "php" and language_of("src/User.php") is None
    assert language_of("tests/UserTests.cs") == "csharp" and language_of("tests/UserTest.cs") == "csharp"
    assert language_of("src/User.cs") is None
    assert language_of("app/src/test/kotlin/UserTest.kt") == "kotlin" and language_of("app/src/User.kt") is None
    assert language_of("Tests/UserTests.swift") == "swift" and language_of("Sources/User.swift") is None
    assert language_of("tests/user_test.cc") == "cpp" and language_of("user_unittest.cc") == "cpp"
    assert language_of("test_user.c") == "cpp" and language_of("src/user.cc") is None


def test_discovery_finds_every_case_with_its_id_and_lines():
    found = {c.id: c for tf in _files() for c in tf.cases}
    assert set(found) == {
        "spec/services/refund_service_spec.rb::Pay::RefundService::refunds once",
        "spec/services/refund_service_spec.rb::Pay::RefundService::when the charge failed::1.2 refuses a second refund",
        "test/refund_test.rb::RefundTest::test_refunds_are_logged",
        "tests/RefundTest.php::App\\Tests\\RefundTest::testRefundsOnce",
        "tests/RefundTest.php::App\\Tests\\RefundTest::refusesNegativeAmounts",
        "tests/Pay.Tests/RefundTests.cs::Pay.Tests.RefundTests::RefundsOnce",
        "tests/Pay.Tests/RefundTests.cs::Pay.Tests.RefundTests::RefusesNegative",
        "app/src/test/kotlin/com/example/pay/RefundTest.kt::com.example.pay.RefundTest::refunds a charge once",
        "app/src/test/kotlin/com/example/pay/RefundTest.kt::com.example.pay.RefundTest::refusesNegativeAmounts",
        "Tests/PayTests/RefundTests.swift::RefundTests::testRefundsOnce",
        "Tests/PayTests/RefundTests.swift::RefundTests::refusesNegative",
        "tests/refunds_test.cc::RefundTest::RefundsOnce",
        "tests/refunds_test.cc::RefundFixture::RefusesNegative",
        "tests/refunds_test.cc::1.4 refunds are logged",
    }
    gtest = found["tests/refunds_test.cc::RefundTest::RefundsOnce"]
    assert (gtest.first, gtest.line, gtest.last) == (3, 4, 6)
    kt = found["app/src/test/kotlin/com/example/pay/RefundTest.kt::com.example.pay.RefundTest::refunds a charge once"]
    assert (kt.first, kt.line, kt.last) == (6, 8, 10)  # its comment and @Test above belong to it
    once = found["spec/services/refund_service_spec.rb::Pay::RefundService::refunds once"]
    assert (once.first, once.line, once.last) == (5, 5, 7)
    php = found["tests/RefundTest.php::App\\Tests\\RefundTest::testRefundsOnce"]
    assert (php.first, php.line, php.last) == (8, 9, 12)  # its comment above belongs to it
    cs = found["tests/Pay.Tests/RefundTests.cs::Pay.Tests.RefundTests::RefusesNegative"]
    assert (cs.first, cs.line, cs.last) == (14, 17, 20)  # the attributes above belong to it


def test_evidence_by_title_number_comment_and_file_header():
    keys = ("1.1", "1.2", "1.3", "1.4", "2.1", "FR-001", "FR-002", "FR-003", "FR-004", "FR-005")
    clauses = [Clause(key=k, kind="requirement", title=k, text=k, section=(), span=(1, 1), fingerprint=k)
               for k in keys]
    tmap = map_tests(clauses, _files())
    ids = {k: {(lt.case.name, lt.evidence) for lt in tmap.tests_of(k)} for k in keys}
    assert ("1.2 refuses a second refund", NAME) in ids["1.2"]  # a title's leading number
    assert ("1.2 refuses a second refund", CITATION) in ids["1.3"]  # a comment above it
    assert ("refunds once", CITATION) in ids["1.1"]  # the file's header cites for all its cases
    assert ("testRefundsOnce", CITATION) in ids["FR-001"]
    assert ("RefundsOnce", CITATION) in ids["FR-002"]
    assert ("refunds a charge once", CITATION) in ids["2.1"]
    assert ("testRefundsOnce", CITATION) in ids["FR-003"]
    assert ("refusesNegative", CITATION) in ids["FR-004"]  # Swift Testing's display name
    assert ("RefundsOnce", CITATION) in ids["FR-005"]
    assert ("1.4 refunds are logged", NAME) in ids["1.4"]  # a Catch2 title's leading number


def test_every_reporters_results_find_their_test_cases():
    cases = [c for tf in _files() for c in tf.cases]
    for fixture, expected in (
        ("rspec.xml", {
            "spec/services/refund_service_spec.rb::Pay::RefundService::refunds once": "passed",
            "spec/services/refund_service_spec.rb::Pay::RefundService::when the charge failed::"
            "1.2 refuses a second refund": "failed",
            "test/refund_test.rb::RefundTest::test_refunds_are_logged": "passed"}),
        ("phpunit.xml", {
            "tests/RefundTest.php::App\\Tests\\RefundTest::testRefundsOnce": "passed",
            "tests/RefundTest.php::App\\Tests\\RefundTest::refusesNegativeAmounts": "failed"}),
        ("dotnet-junit.xml", {
            "tests/Pay.Tests/RefundTests.cs::Pay.Tests.RefundTests::RefundsOnce": "passed",
            "tests/Pay.Tests/RefundTests.cs::Pay.Tests.RefundTests::RefusesNegative": "failed"}),
        ("gradle-kotlin.xml", {
            "app/src/test/kotlin/com/example/pay/RefundTest.kt::com.example.pay.RefundTest::refunds a charge once":
                "passed",
            "app/src/test/kotlin/com/example/pay/RefundTest.kt::com.example.pay.RefundTest::refusesNegativeAmounts":
                "failed"}),
        ("gtest.xml", {
            "tests/refunds_test.cc::RefundTest::RefundsOnce": "passed",
            "tests/refunds_test.cc::RefundFixture::RefusesNegative": "failed",
            "tests/refunds_test.cc::1.4 refunds are logged": "passed"}),
        ("xctest.xml", {
            "Tests/PayTests/RefundTests.swift::RefundTests::testRefundsOnce": "passed",
            "Tests/PayTests/RefundTests.swift::RefundTests::refusesNegative": "failed"}),
    ):
        matched, rest = match_results(cases, parse_junit((FIXTURES / fixture).read_bytes(), fixture))
        assert {tid: r.result for tid, r in matched.items()} == expected, fixture
        assert rest == [], fixture


def test_a_top_level_swift_test_belongs_to_its_file_not_the_class_above_it():
    found = discover("Tests/MiscTests.swift", "final class FooTests: XCTestCase {\n    func testA() {}\n}\n\n"
                                               "@Test func standalone() {\n    #expect(true)\n}\n")
    assert [(c.scope, c.name) for c in found.cases] == [(("FooTests",), "testA"), (("MiscTests",), "standalone")]

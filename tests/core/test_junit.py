"""JUnit XML is untrusted input: hostile, malformed, huge or oddly encoded files get one
clear error (or are read), never a hang, a blown heap or a read of the local disk."""

from __future__ import annotations

import pytest

from specaudit.core.junit import JUnitError, parse_junit
from specaudit.settings import LIMITS

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<testsuite name="&lol9;"><testcase name="x"/></testsuite>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite><testcase name="&secret;"/></testsuite>"""


@pytest.mark.parametrize("raw, words", [
    (BILLION_LAUGHS, "refused"),
    (XXE, "refused"),
    (b"<testsuite><testcase name='a'></testsuite>", "not well-formed"),
    (b"", "empty"),
    (b"<html><body>404</body></html>", "not a JUnit XML report"),
    (b"<?xml version='1.0' encoding='klingon'?><testsuite/>", "XML"),
])
def test_bad_junit_is_one_clear_error_naming_the_file(raw, words):
    with pytest.raises(JUnitError) as info:
        parse_junit(raw, "results/junit.xml")
    message = str(info.value)
    assert message.startswith("results/junit.xml") and words in message and "\n" not in message


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    raw = b"<testsuite>" + b" " * (LIMITS.max_junit_bytes + 1) + b"</testsuite>"
    with pytest.raises(JUnitError, match="too large"):
        parse_junit(raw, "big.xml")


@pytest.mark.parametrize("raw", [
    "<?xml version='1.0' encoding='latin-1'?><testsuite><testcase classname='k' name='caf\xe9'/></testsuite>"
    .encode("latin-1"),
    "<?xml version='1.0' encoding='UTF-16'?><testsuite><testcase classname='k' name='caf\xe9'/></testsuite>"
    .encode("utf-16"),
    b"<?xml version='1.0' encoding='UTF-8'?><testsuite><testcase classname='k' name='caf\xe9'/></testsuite>",
    "<testsuite><testcase classname='k' name='caf\xe9'/></testsuite>".encode("utf-8-sig"),
])
def test_test_names_in_any_encoding_are_read(raw):
    (case,) = parse_junit(raw, "r.xml")
    assert case.name.startswith("caf") and len(case.name) == 4 and case.result == "passed"


def test_outcomes_and_first_line_of_the_message():
    raw = b"""<testsuites><testsuite name="s">
      <testcase classname="c" name="f"><failure message="boom&#10;second line"/></testcase>
      <testcase classname="c" name="e"><error>trace line 1
trace line 2</error></testcase>
      <testcase classname="c" name="s"><skipped/></testcase>
      <testcase classname="c" name="p" time="0.5"/>
    </testsuite></testsuites>"""
    got = {r.name: (r.result, r.message) for r in parse_junit(raw, "r.xml")}
    assert got == {"f": ("failed", "boom"), "e": ("error", "trace line 1"), "s": ("skipped", None),
                   "p": ("passed", None)}


def test_suites_nested_deeper_than_the_recursion_limit_are_read_in_order():
    depth = 50_000
    raw = (b"<testsuites>" + b'<testsuite name="s">' * depth + b'<testcase name="deep"/>' + b"</testsuite>" * depth
           + b'<testsuite name="t"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>')
    try:
        got = [(r.suite, r.name) for r in parse_junit(raw, "deep.xml")]
    except JUnitError as exc:  # the XML parser may refuse the depth itself: one line, still fine
        assert str(exc).startswith("deep.xml")
        return
    assert got == [("s", "deep"), ("t", "a"), ("t", "b")]

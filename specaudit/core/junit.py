"""JUnit XML results (pytest, jest-junit, Vitest, cargo-nextest, go-junit-report, Maven
Surefire) read with defusedxml: no DTDs, no entity expansion, no external resources, so
a hostile file (billion laughs, XXE) is refused with one line instead of eating memory
or reading the disk.

Pure: the caller hands in the bytes and a name for messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS

PASSED, FAILED, SKIPPED, ERROR, MISSING = "passed", "failed", "skipped", "error", "missing"
RESULTS: tuple[str, ...] = (PASSED, FAILED, SKIPPED, ERROR, MISSING)


class JUnitError(SpecauditError):
    """A JUnit XML file that cannot be read safely."""


@dataclass(frozen=True)
class TestResult:
    """One ``<testcase>``: where the reporter says it came from, and how it ended."""

    suite: str
    classname: str
    name: str
    file: str | None
    line: int | None
    result: str
    message: str | None = None
    seconds: float | None = None

    __test__ = False

    def label(self) -> str:
        return f"{self.classname}::{self.name}" if self.classname else self.name


_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*['\"]([A-Za-z0-9._-]+)['\"]")


def _prepare(raw: bytes) -> bytes | str:
    """Bytes for the parser; a file that says (or implies) UTF-8 but is not valid UTF-8
    (Surefire on a Latin-1 platform, a test name with raw bytes) is decoded with
    replacement so its names still read."""
    m = _DECL_ENCODING.match(raw[:200])
    declared = m.group(1).decode().lower().replace("_", "-") if m else None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return raw
    if declared in (None, "utf-8", "utf8"):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return re.sub(r"^\s*<\?xml[^>]*\?>", "", raw.decode("utf-8", "replace"), count=1)
    return raw


def _text(el: Element | None, limit: int) -> str | None:
    if el is None:
        return None
    msg = el.get("message") or (el.text or "").strip()
    msg = msg.strip().splitlines()[0] if msg.strip() else ""
    return msg[:limit] or None


def _outcome(tc: Element, limit: int) -> tuple[str, str | None]:
    for tag, result in (("failure", FAILED), ("error", ERROR)):
        el = tc.find(tag)
        if el is not None:
            return result, _text(el, limit) or result
    el = tc.find("skipped")
    if el is not None:
        return SKIPPED, _text(el, limit)
    return PASSED, None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _walk(root: Element, out: list[TestResult], limit: int, where: str) -> None:
    """Every <testcase> under ``root``, with the name of its nearest <testsuite>.
    Iterative: a hostile file may nest suites deeper than Python's recursion limit."""
    stack: list[tuple[Element, str]] = [(root, "")]
    while stack:
        el, suite = stack.pop()
        for child in reversed(list(el)):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("testsuite", "testsuites"):
                stack.append((child, child.get("name") or suite))
            elif tag == "testcase":
                stack.append((child, suite))
        if el.tag != "testcase":
            continue
        if len(out) >= LIMITS.max_junit_cases:
            raise JUnitError(f"more than {LIMITS.max_junit_cases} test cases", path=where)
        result, message = _outcome(el, limit)
        out.append(TestResult(
            suite=suite, classname=el.get("classname") or "", name=el.get("name") or "",
            file=el.get("file") or el.get("filepath") or None, line=_int(el.get("line")),
            result=result, message=message, seconds=_float(el.get("time")),
        ))


def parse_junit(raw: bytes, where: str) -> list[TestResult]:
    """Every test case in one JUnit XML document; ``where`` names it in errors."""
    if len(raw) > LIMITS.max_junit_bytes:
        raise JUnitError(f"JUnit file is too large ({len(raw)} bytes; limit {LIMITS.max_junit_bytes})", path=where)
    if not raw.strip():
        raise JUnitError("JUnit file is empty", path=where)
    try:
        root = fromstring(_prepare(raw), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        kind = type(exc).__name__.replace("Forbidden", "")
        raise JUnitError(f"refused: the XML declares a {kind.lower() or 'DTD'} "
                         "(entity expansion and external resources are never read)", path=where) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        msg = str(exc).split(":")[0]
        raise JUnitError(f"not well-formed XML: {msg}", path=where, line=line) from None
    except (ValueError, LookupError) as exc:  # an unknown declared encoding
        raise JUnitError(f"cannot read XML: {exc}", path=where) from None
    if root.tag not in ("testsuites", "testsuite"):
        raise JUnitError(f"not a JUnit XML report (root element <{root.tag}>, expected <testsuites> "
                         "or <testsuite>)", path=where)
    out: list[TestResult] = []
    if root.tag == "testsuite":
        wrapper = Element("testsuites")
        wrapper.append(root)
        root = wrapper
    _walk(root, out, LIMITS.junit_message_chars, where)
    return out

"""Syntax colours for spec text: Markdown and YAML, line by line with regular expressions.

QSyntaxHighlighter re-runs only on the blocks that change, so this stays cheap while the
user types; fenced code blocks carry their state from one line to the next.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_IN_FENCE = 1


def _fmt(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    return f


class _RuleHighlighter(QSyntaxHighlighter):
    """Applies (pattern, format, group) rules in order; later rules paint over earlier ones."""

    rules: list[tuple[re.Pattern[str], QTextCharFormat, int]] = []

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for pattern, fmt, group in self.rules:
            for m in pattern.finditer(text):
                start, end = m.span(group)
                if end > start:
                    self.setFormat(start, end - start, fmt)


class MarkdownHighlighter(_RuleHighlighter):
    heading = _fmt("#1565c0", bold=True)
    fence = _fmt("#6a737d")

    rules = [
        (re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?=\s)"), _fmt("#8e24aa", bold=True), 0),
        (re.compile(r"\[[ xX\-]\]"), _fmt("#8e24aa"), 0),
        (re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), _fmt("#24292f", bold=True), 0),
        (re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)"), _fmt("#24292f", italic=True), 0),
        (re.compile(r"`[^`]+`"), _fmt("#b35900"), 0),
        (re.compile(r"\[[^\]]+\]\([^)]+\)"), _fmt("#0969da"), 0),
        (re.compile(r"\b(?:MUST(?: NOT)?|SHALL(?: NOT)?|SHOULD(?: NOT)?|WHEN|THEN|IF|WHILE)\b"),
         _fmt("#c62828", bold=True), 0),
        (re.compile(r"\(scar S-[0-9a-f]+[^)]*\)?"), _fmt("#2e7d32", italic=True), 0),
        (re.compile(r"^\s*>.*$"), _fmt("#6a737d", italic=True), 0),
    ]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        in_fence = self.previousBlockState() == _IN_FENCE
        if text.lstrip().startswith(("```", "~~~")):
            self.setFormat(0, len(text), self.fence)
            self.setCurrentBlockState(0 if in_fence else _IN_FENCE)
            return
        self.setCurrentBlockState(_IN_FENCE if in_fence else 0)
        if in_fence:
            self.setFormat(0, len(text), self.fence)
            return
        if re.match(r"^ {0,3}#{1,6}(\s|$)", text):
            self.setFormat(0, len(text), self.heading)
            return
        super().highlightBlock(text)


class YamlHighlighter(_RuleHighlighter):
    rules = [
        (re.compile(r"^\s*(?:-\s+)?([\w.\-\"' ]+?)\s*:(?=\s|$)"), _fmt("#1565c0", bold=True), 1),
        (re.compile(r"^\s*-(?=\s)"), _fmt("#8e24aa", bold=True), 0),
        (re.compile(r":\s+(true|false|null|~|-?\d+(?:\.\d+)?)\s*$"), _fmt("#b35900"), 1),
        (re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'"), _fmt("#2e7d32"), 0),
        (re.compile(r"[&*][\w\-]+|!\S+"), _fmt("#c62828"), 0),
        (re.compile(r"(?:^|\s)(#.*)$"), _fmt("#6a737d", italic=True), 1),
    ]


def highlighter_for(format_name: str | None, path: str, document: QTextDocument) -> QSyntaxHighlighter:
    """YAML colours for YAML specs, Markdown colours for everything else."""
    is_yaml = format_name == "yaml" or path.lower().endswith((".yaml", ".yml"))
    return (YamlHighlighter if is_yaml else MarkdownHighlighter)(document)

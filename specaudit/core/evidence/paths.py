"""What a changed path is: one of the spec's own documents, a test, a lock file, source...

The spec's own documents (its folder, ``.kiro/specs/<name>/``, ``openspec/``) stay in the
diff, where a change to them is spec drift, but they are never the implementation.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

SOURCE, TEST, FIXTURE, DOCS, CONFIG, LOCK, GENERATED = (
    "source", "test", "fixture", "docs", "config", "lock", "generated")

_LOCKS = frozenset({
    "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum", "cargo.lock", "poetry.lock",
    "gemfile.lock", "composer.lock", "uv.lock", "pipfile.lock", "bun.lockb", "flake.lock",
})
_GENERATED = re.compile(
    r"(^|/)(dist|build|out|gen|generated|vendor|node_modules|__snapshots__|\.next)/"
    r"|\.pb\.go$|_pb2(_grpc)?\.py$|\.pb\.(cc|h)$|\.min\.(js|css)$|\.map$|\.snap$|\.generated\.\w+$|\.(po|pot|mo)$",
    re.IGNORECASE)
_TEST = re.compile(
    r"(^|/)(tests?|__tests__|spec|specs|e2e|cypress|playwright|integration[-_]tests?)/"
    r"|(^|/)test_[^/]*$|_test\.\w+$|\.(test|spec|e2e)\.\w+$|Tests?\.\w+$",
    re.IGNORECASE)
_FIXTURE = re.compile(r"(^|/)(fixtures?|testdata|test[-_]?data|mocks?|__mocks__|testutils?|seeds?)/", re.IGNORECASE)
# Developer tooling (progress trackers, CI, editor settings): it may cite every clause id
# of a spec without implementing any of them.
_TOOLING = re.compile(r"(^|/)(scripts?|tools?|hack|\.github|\.vscode|\.devcontainer|ci)/", re.IGNORECASE)
_DOC_EXT = frozenset({".md", ".mdx", ".rst", ".txt", ".adoc"})
_CONFIG_NAMES = frozenset({
    "package.json", "tsconfig.json", "makefile", "dockerfile", ".gitignore", ".eslintrc", ".prettierrc",
    "go.mod", "cargo.toml", "pyproject.toml", "setup.cfg", "requirements.txt", "docker-compose.yml",
    "docker-compose.yaml", ".env.example", "vite.config.ts", "vitest.config.ts", "jest.config.js",
})
_CONFIG_EXT = frozenset({".json", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".lock", ".env"})


def is_drawing(path: str) -> bool:
    """A vector image written as text (SVG): its numbers are coordinates, never a number a
    clause asks for (a favicon was proposed for "100ms" and "3 items")."""
    return path.lower().endswith(".svg")


def path_role(path: str) -> str:
    p = PurePosixPath(path)
    name = p.name.lower()
    if name in _LOCKS:
        return LOCK
    if _GENERATED.search(path):
        return GENERATED
    if _FIXTURE.search(path):
        return FIXTURE
    if _TEST.search(path):
        return TEST
    if p.suffix.lower() in _DOC_EXT:
        return DOCS
    if _TOOLING.search(path):
        return CONFIG
    if name in _CONFIG_NAMES or name.startswith(".") or p.suffix.lower() in _CONFIG_EXT:
        return CONFIG
    return SOURCE


# Spec tooling and agent instructions: templates and prompts that cite clause ids by
# example ("US1-AS1") but implement nothing.
TOOLING = (".specaudit", ".specify", ".kiro", ".kilocode", ".claude", ".cursor", ".windsurf", ".gemini", ".codex", ".roo",
           ".github/prompts", ".github/agents", ".github/copilot-instructions.md", "_bmad", "_bmad-output",
           ".bmad-core", "AGENTS.md", "CLAUDE.md", "GEMINI.md", "openspec")


def spec_document_roots(spec_paths: list[str]) -> tuple[str, ...]:
    """Folders (or single files) holding the spec's own documents and spec tooling."""
    roots: set[str] = set(TOOLING)
    for sp in spec_paths:
        parts = PurePosixPath(sp).parts
        if parts[:2] == (".kiro", "specs") and len(parts) > 3:
            roots.add("/".join(parts[:3]))
        elif parts and parts[0] == "openspec":
            roots.add("openspec")
        elif len(parts) > 1:
            roots.add("/".join(parts[:-1]))
        else:
            roots.add(sp)
    return tuple(sorted(roots))


def is_spec_document(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == r or path.startswith(r + "/") for r in roots)

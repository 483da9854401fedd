"""``.specaudit/config.yaml``: the gate policy and coverage settings (all optional).

Documented default (docs/audit-file.md)::

    gate:
      fail_on: [violated, unreviewed, scar-overwritten, stale-spec, stale-code, removed, out-of-scope,
                test-failing, review-conflict]
      unreviewed_kinds: [invariant, non-goal]
      require_reviewed: false   # true: any clause without a verdict fails the gate
    coverage:
      base: null          # commit the reviewed change starts from (default: see checking)
      exclude: []         # extra globs never reported as unexplained changes
    tests:                # optional; run only by `specaudit tests --run` or the window's button
      command: [pytest, --junitxml=junit.xml]
      junit: junit.xml
      timeout: 600        # seconds; the command is stopped after this

Unknown keys are ignored (other parts of specaudit keep settings here too); a wrong
value is an error naming the file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from specaudit.app.store.side_files import SideFile
from specaudit.core.errors import SpecauditError
from specaudit.core.findings import (
    KINDS,
    OUT_OF_SCOPE,
    REMOVED,
    REVIEW_CONFLICT,
    SCAR_OVERWRITTEN,
    STALE_CODE,
    STALE_SPEC,
    TEST_FAILING,
    UNREVIEWED,
    VIOLATED,
)
from specaudit.core.sidefile import NodeReader
from specaudit.settings import LIMITS

CONFIG_REL = ".specaudit/config.yaml"


class ConfigError(SpecauditError):
    """A malformed .specaudit/config.yaml."""


@dataclass(frozen=True)
class Config:
    fail_on: tuple[str, ...] = (VIOLATED, UNREVIEWED, SCAR_OVERWRITTEN, STALE_SPEC, STALE_CODE, REMOVED, OUT_OF_SCOPE,
                                TEST_FAILING, REVIEW_CONFLICT)
    unreviewed_kinds: tuple[str, ...] = ("invariant", "non-goal")
    require_reviewed: bool = False
    coverage_base: str | None = None
    coverage_base_line: int | None = None  # where config.yaml sets it, for messages
    coverage_exclude: tuple[str, ...] = ()
    tests_command: tuple[str, ...] = ()  # docs/tests.md: never run on open, only on request
    tests_junit: str | None = None
    tests_timeout: float = LIMITS.test_command_timeout_s


def _str_list(value, what: str, node_line: int | None, allowed: tuple[str, ...] | None = None,
              path: str = CONFIG_REL) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of names", path=path, line=node_line)
    if allowed is not None:
        for v in value:
            if v not in allowed:
                raise ConfigError(f"{what}: unknown finding kind {v!r} (known: {', '.join(allowed)})",
                                  path=CONFIG_REL, line=node_line)
    return tuple(value)


def _line_of(node: yaml.Node | None, *keys: str) -> int:
    """Best-effort line of a nested key, for messages."""
    line = 1
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                line, node = k.start_mark.line + 1, v
                break
        else:
            break
    return line


class ConfigFile(SideFile[Config]):
    """``.specaudit/config.yaml``, written by hand: ``schema:`` may be left out."""

    what = "config file"
    limit = LIMITS.max_yaml_bytes
    error = ConfigError

    def empty(self) -> Config:
        return Config()

    def parse(self, reader: NodeReader, root: yaml.Node, top: dict) -> Config:
        return _config(reader.plain(root, "the config file"), root)


def tests_settings(tests: dict, line_of: Callable[[str], int | None],
                   path: str) -> tuple[tuple[str, ...], str | None, float]:
    """(command, junit, timeout) of a ``tests:`` mapping, checked; ``line_of(key)`` is
    the key's line in ``path``. Shared with the user's own configuration (app/testing/trust.py)."""
    command = _str_list(tests.get("command"), "tests.command", line_of("command"), path=path)
    junit = tests.get("junit")
    if junit is not None and (not isinstance(junit, str) or not junit.strip()):
        raise ConfigError("tests.junit must be a path", path=path, line=line_of("junit"))
    timeout = tests.get("timeout", Config.tests_timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 86_400:
        raise ConfigError("tests.timeout must be a number of seconds (1 to 86400)", path=path,
                          line=line_of("timeout"))
    return command, junit, float(timeout)


def load_config(root: Path) -> Config:
    return ConfigFile(root, CONFIG_REL).load()


def _config(data: dict, node: yaml.Node) -> Config:
    default = Config()
    gate = data.get("gate") or {}
    coverage = data.get("coverage") or {}
    tests = data.get("tests") or {}
    for name, section in (("gate", gate), ("coverage", coverage), ("tests", tests)):
        if not isinstance(section, dict):
            raise ConfigError(f"{name} must be a mapping", path=CONFIG_REL, line=_line_of(node, name))
    fail_on = (
        _str_list(gate["fail_on"], "gate.fail_on", _line_of(node, "gate", "fail_on"), KINDS)
        if "fail_on" in gate else default.fail_on
    )
    kinds = (
        _str_list(gate["unreviewed_kinds"], "gate.unreviewed_kinds", _line_of(node, "gate", "unreviewed_kinds"))
        if "unreviewed_kinds" in gate else default.unreviewed_kinds
    )
    require = gate.get("require_reviewed", default.require_reviewed)
    if not isinstance(require, bool):
        raise ConfigError("gate.require_reviewed must be true or false", path=CONFIG_REL,
                          line=_line_of(node, "gate", "require_reviewed"))
    base = coverage.get("base")
    if base is not None and not isinstance(base, str):
        raise ConfigError("coverage.base must be a commit", path=CONFIG_REL, line=_line_of(node, "coverage", "base"))
    exclude = _str_list(coverage.get("exclude"), "coverage.exclude", _line_of(node, "coverage", "exclude"))
    command, junit, timeout = tests_settings(tests, lambda key: _line_of(node, "tests", key), CONFIG_REL)
    return Config(fail_on=fail_on, unreviewed_kinds=kinds, require_reviewed=require, coverage_base=base,
                  coverage_exclude=exclude, tests_command=command, tests_junit=junit, tests_timeout=timeout,
                  coverage_base_line=_line_of(node, "coverage", "base") if base is not None else None)

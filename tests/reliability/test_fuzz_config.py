"""Fuzzing .specaudit/config.yaml: any bytes give a Config or one ConfigError line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_support import FUZZ, NASTY, mutated
from hypothesis import given
from hypothesis import strategies as st

from specaudit.app.store.config import CONFIG_REL, Config, ConfigError, load_config
from specaudit.core.findings import KINDS

SAMPLE = """gate:
  fail_on: [violated, unreviewed, scar-overwritten]
  unreviewed_kinds: [invariant, non-goal]
coverage:
  base: main
  exclude: ["docs/**", "*.lock"]
"""


def load_checked(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / CONFIG_REL
        path.parent.mkdir(parents=True)
        path.write_bytes(raw)
        try:
            config = load_config(Path(tmp))
        except ConfigError as exc:
            assert str(exc).startswith(CONFIG_REL) and "\n" not in str(exc)
            return
        assert isinstance(config, Config)
        assert set(config.fail_on) <= set(KINDS)
        assert all(isinstance(x, str) for x in (*config.unreviewed_kinds, *config.coverage_exclude))
        assert config.coverage_base is None or isinstance(config.coverage_base, str)
        assert path.read_bytes() == raw


@FUZZ
@given(raw=st.binary(max_size=800))
def test_any_bytes(raw):
    load_checked(raw)


@FUZZ
@given(data=st.data())
def test_mutated_config(data):
    text = data.draw(mutated(SAMPLE))
    load_checked(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(text=st.lists(st.one_of(NASTY, st.sampled_from(["gate:\n", "  fail_on: ", "coverage:\n", "  base: ",
                                                      "  exclude: ", "[violated]", "\n"])), max_size=40).map("".join))
def test_config_like_text(text):
    load_checked(text.encode("utf-8", "surrogatepass"))

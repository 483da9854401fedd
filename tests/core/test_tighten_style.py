"""The spec's own style for a tightened clause: the scar reference always carried, EARS for
Kiro, re-flow to the neighbours' width without losing or reordering a word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from specaudit.app.tighten.style import ears, with_scar_ref, wrap_clause
from specaudit.core.audit import Scar
from specaudit.formats.kiro import ears_pattern

SCAR = Scar("S-1a2b3c4d", "a.py", 1, 2, "Flat retries", "why", incident="PAY-1142")

words = st.lists(st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=14),
                 min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(words, st.integers(min_value=30, max_value=120), st.sampled_from(["- ", "* ", "1. ", "12. ", ""]))
def test_wrap_keeps_every_word_in_order_within_the_width(ws, width, prefix):
    text = " ".join(ws)
    out = wrap_clause(text, width, prefix)
    assert out.split() == ws
    indent = len(prefix)
    for line in out.split("\n"):
        assert indent + len(line) <= width or " " not in line  # only a lone long word may overflow


def test_no_width_means_no_reflow():
    assert wrap_clause("  one long line that stays one line  ", None, "- ") == "one long line that stays one line"


def test_scar_reference_is_appended_only_when_missing():
    assert with_scar_ref("Retries are flat.", SCAR) == "Retries are flat (scar S-1a2b3c4d, PAY-1142)."
    assert with_scar_ref("Retries are flat (scar S-1a2b3c4d).", SCAR) == \
        "Retries are flat (scar S-1a2b3c4d) (PAY-1142)."
    done = "Retries are flat (scar S-1a2b3c4d, PAY-1142)."
    assert with_scar_ref(done, SCAR) == done


def test_ears_form_for_kiro_criteria():
    assert ears("Retries stay flat", "Payment_Service") == "THE Payment_Service SHALL retries stay flat"
    kept = "WHEN the gateway answers 503 THE SYSTEM SHALL retry flatly"
    assert ears(kept) == kept
    assert ears_pattern(ears("API keys are never logged")) == "ubiquitous"


def test_an_amended_criterion_keeps_its_trigger_and_subject():
    """"WHEN a user selects a theme, THE Todo App SHALL apply ..." amended from a scar read
    "THE Todo App SHALL applies the theme on the next render": its trigger was gone, and
    "THE Dark theme SHALL ..." lost its subject to the system's name."""
    from specaudit.app.tighten.style import ears_lead

    when = "WHEN a user selects a theme, THE Todo App SHALL apply the new theme immediately without page reload"
    assert ears_lead(when) == "WHEN a user selects a theme, THE Todo App SHALL"
    assert ears("apply the theme on the next render", "Todo App", lead=ears_lead(when)) == \
        "WHEN a user selects a theme, THE Todo App SHALL apply the theme on the next render"
    assert ears_lead("THE Dark theme SHALL use dark backgrounds") == "THE Dark theme SHALL"
    # Japanese criteria close with SHALL: no lead, the system's form as before.
    assert ears_lead("WHEN タスクが追加される THEN システムは入力をクリアする SHALL") is None
    assert ears_lead("IF the input is empty THEN the app shall\n   refuse it") == "IF the input is empty THEN the app shall"


def test_a_new_criterion_names_the_system_as_its_neighbours_do():
    # task-lens writes "the Todo App shall": a criterion tightened beside them read
    # "THE SYSTEM SHALL ..." (only upper-case keywords were read as a subject).
    from specaudit.app.tighten.style import system_name
    from specaudit.formats import parse_spec

    kiro = ("# Requirements Document\n\n## Requirements\n\n### Requirement 1: タスク追加\n\n"
            "#### Acceptance Criteria\n\n"
            "1. When ユーザーがフォームを送信すると, the Todo App shall 新しいタスクを追加する\n"
            "2. The Todo App shall 入力欄をクリアする\n")
    spec = parse_spec(".kiro/specs/todo-app/requirements.md", kiro)
    name = system_name(spec, spec.clause("1.2"))
    assert name == ("Todo App", "shall")
    assert ears("Whitespace-only titles are refused", *name) == "The Todo App shall whitespace-only titles are refused"
    upper = parse_spec(".kiro/specs/x/requirements.md", kiro.replace("the Todo App shall", "THE Todo_System SHALL")
                       .replace("The Todo App shall", "THE Todo_System SHALL"))
    assert system_name(upper, upper.clause("1.1")) == ("Todo_System", "SHALL")

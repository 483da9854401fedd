"""Terms for link suggestions: prose and code identifiers must meet on the same words."""

from __future__ import annotations

import pytest

from specaudit.core.evidence.terms import code_words, query_terms, stem, word_terms


def terms(text: str) -> set[str]:
    return {t for t, _s, _w in query_terms(text)}


def code_terms(text: str) -> set[str]:
    return {t for w in code_words(text) for t in word_terms(w)}


@pytest.mark.parametrize("family", [
    ["retry", "retries", "retried", "retrying"],
    ["cache", "caches", "cached", "caching"],
    ["log", "logs", "logged", "logging"],
    ["limit", "limits", "limited", "limiting"],
    ["charge", "charges", "charged", "charging"],
    ["decline", "declined", "declines"],
])
def test_inflections_meet(family):
    assert len({stem(w) for w in family}) == 1, {w: stem(w) for w in family}


def test_a_noun_in_tion_meets_its_verb():
    # A spec says "animation", "deletion"; the code says AnimatePresence, deleteTodo.
    assert terms("smooth animation on deletion") >= {"animat", "delet"}
    assert code_terms("<AnimatePresence> deleteTodo(id)") >= {"animat", "delet"}
    assert stem("action") == "action" and stem("motion") == "motion"  # short ones stay whole


def test_abbreviations_in_code_meet_the_words_a_spec_spells_out():
    assert code_terms("submitBtn.onclick = showErrMsg") >= {"button", "error", "messag", "error messag"}
    # "updateStats" is about statistics, not state: "empty state" must not meet it.
    assert "stat" not in code_terms("function updateStats() {}")
    assert code_terms("updateStats") & terms("show statistics")
    assert code_terms("emptyState") & terms("an empty state message")


def test_words_that_differ_stay_apart():
    assert stem("status") != stem("state")
    assert stem("string") == "string"  # no over-eager "-ing" cut down to "str"
    assert stem("process") == stem("processes") != stem("proceed")


@pytest.mark.parametrize("code, expected", [
    ("idempotency_key", {"idempotency", "key", "idempotency key"}),
    ("IdempotencyKey", {"idempotency", "key", "idempotency key"}),
    ("idempotencyKey", {"idempotency", "key", "idempotency key"}),
    ("IDEMPOTENCY_KEY", {"idempotency", "key", "idempotency key"}),
    ("HTTPServer", {"http", "server", "http server"}),
    ("charge.idempotency_key", {"charg", "idempotency", "key", "idempotency key"}),
    ("getHTTP2Response", {"get", "http", "2", "respons", "get http", "http 2", "2 respons"}),
])
def test_identifiers_split_into_words(code, expected):
    assert code_terms(code) == expected


def test_prose_phrase_meets_identifier():
    assert "idempotency key" in terms("Every attempt carries the charge's idempotency key.")
    assert "idempotency key" in code_terms("gateway.charge(c, idempotency_key=k)")


def test_phrases_do_not_cross_sentences_or_stop_words():
    t = terms("The gateway answers. Retries follow the charge")
    assert "answer retry" not in t
    assert "follow charg" not in t  # "the" separates them
    assert "retry follow" in t


def test_stop_words_and_keywords_are_dropped():
    assert code_terms("def f(self): return None if x is not True else []") == set()
    assert terms("It is what it is, and that is all.") == set()


def test_meaningful_numbers_are_kept():
    assert {"502", "503"} <= terms("HTTP 502 or 503 is transient")
    assert "3" in terms("At most three retries")
    assert "3" in code_terms("MAX_RETRIES = 3")
    assert code_terms("x = 0; y = 1; h = 1234567890") == set()  # 0, 1, ids


def test_surfaces_are_the_clauses_own_words():
    surfaces = {s: t for t, s, _w in query_terms("Caching retried charges")}
    assert surfaces["caching"] == "cach" and surfaces["retried"] == "retry"
    assert "caching retried" in surfaces


def test_lead_of_a_clause_weighs_more_than_its_elaboration():
    weights = {s: w for _t, s, w in query_terms("No caching of results: every attempt asks the gateway")}
    assert weights["caching"] > weights["attempt"]
    assert weights["results"] == weights["caching"]


def test_non_ascii_text_is_tokenised_without_error():
    assert code_words("naïve_ratio — “quoted” ‘x’") == ["naïve_ratio", "quoted", "x"]
    assert {"naïve", "ratio"} <= {s for _t, s, _w in query_terms("naïve_ratio")}
    assert "données" in {s for _t, s, _w in query_terms("Les données: clé")}


def test_japanese_prose_meets_code_on_katakana_words_bigrams_and_english_names():
    clause = terms("WHEN テーマが変更される THEN システムはユーザーの選択をlocalStorageに保存する SHALL")
    code = code_terms('const msg = "テーマを保存しました"; window.localStorage.setItem(THEME_KEY, theme)')
    assert {"テーマ", "保存", "local", "storag"} <= clause & code
    assert "が変" not in clause or "が変" not in code  # particles alone do not carry meaning
    assert not any(len(t) == 2 and all("\u3040" <= ch <= "\u309f" for ch in t) for t in clause)


def test_chinese_text_is_segmented_into_bigrams():
    assert {"导航", "锚点"} <= terms("站点 MUST 提供持久可见的导航，每个 section 拥有稳定的 URL 锚点")


def test_a_plural_whose_stem_looks_like_a_stop_word_keeps_its_term():
    from specaudit.core.evidence.terms import word_terms

    assert word_terms("notes") == word_terms("note") != ()  # "notes" -> "not" was dropped
    assert word_terms("themes") == word_terms("theme") != ()
    assert word_terms("uses") == word_terms("does") == ()  # inflected stop words still go


def test_common_chinese_ui_words_meet_the_english_names_code_uses():
    from specaudit.core.evidence.text import clause_terms

    got = {t for t, _s, _w, derived in clause_terms("用户按下快捷键时 sidebar MUST 展开，输入框获得焦点；再按一次收起")
           if derived}
    assert {"shortcut", "expand", "collaps", "input", "focus"} <= got


def test_a_clause_keeps_the_bigrams_of_its_words_not_those_across_two():
    """Chinese has no spaces: in "运行的可交互" (运行 / 的 / 可交互), "行的" or "的可" is a piece
    of two words that code sharing it shares by chance (ai-native-portfolio's About section
    was proposed for a hero animation on "以及一个, 行的可交")."""
    from specaudit.core.evidence.text import clause_terms

    got = {t for t, _s, _w, _d in clause_terms("屏幕呈现醒目的姓名、以及一个持续运行的可交互视觉主体")}
    assert {"运行", "视觉", "主体", "姓名", "以及"} <= got
    assert not {"行的", "的可", "及一", "一个", "目的"} & got
    # Traditional characters are read with BudouX's Traditional Chinese model: its words
    # stay whole where the Simplified one cuts them (失 / 敗時, 按 / 鈕後).
    hant = {t for t, _s, _w, _d in clause_terms("使用者點擊刪除按鈕後，系統必須在付款失敗時自動重試")}
    assert {"按鈕", "失敗", "付款", "重試", "自動"} <= hant
    # Japanese phrases end on their particles, where the scripts already change: its
    # words' bigrams all stay.
    ja = {t for t, _s, _w, _d in clause_terms("期限日・優先度・作成日の 3 つのソート基準を選択できる UI を提供する")}
    assert {"期限", "限日", "優先", "先度", "作成", "成日", "基準", "選択", "提供", "ソート"} <= ja
    # Hangul is left as it was (no phrase model is used for it).
    assert {"회원", "가입"} <= {t for t, _s, _w, _d in clause_terms("회원 가입 화면")}


def test_the_commonest_words_of_written_chinese_weigh_a_fifth_in_chinese_only():
    from specaudit.core.evidence.text import clause_terms

    zh = {t: w for t, _s, w, _d in clause_terms("站点 MUST 使用暗色背景以及导航")}
    assert zh["以及"] == zh["使用"] == pytest.approx(zh["导航"] / 5)  # 导航 is not among them
    # In Japanese the same characters are another language's word: kept as they were.
    ja = {t: w for t, _s, w, _d in clause_terms("テーマを使用して表示する")}
    assert ja["使用"] == ja["表示"]

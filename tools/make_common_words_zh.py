"""Write specaudit/core/evidence/common_words_zh.py: the commonest two-character words of
written Chinese, from the word frequencies of jieba's dictionary (``jieba/dict.txt`` of
jieba 0.42.1, MIT licence, Copyright (c) 2013 Sun Junyi).

    pip download --no-deps jieba==0.42.1 && tar xzf jieba-0.42.1.tar.gz
    python tools/make_common_words_zh.py jieba-0.42.1/jieba/dict.txt

Only the list is kept, not jieba: reading its 5 MB dictionary would cost a Chinese clause's
first ranking about half a second (0.49-0.51 s measured), and the list never changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

COUNT = 3000
PER_LINE = 16  # 79 columns: a CJK character is two
OUT = Path(__file__).resolve().parent.parent / "specaudit" / "core" / "evidence" / "common_words_zh.py"

HEADER = '''"""The {count:,} commonest two-character words of written Chinese by jieba 0.42.1's
dictionary frequencies (MIT licence, Copyright (c) 2013 Sun Junyi), for ``text.clause_terms``.
Written by ``tools/make_common_words_zh.py``: do not edit by hand."""

_TEXT = """
'''


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def main(dict_path: str) -> None:
    rows = []
    for line in Path(dict_path).read_text(encoding="utf-8").splitlines():
        word, freq, _pos = line.split()
        if len(word) == 2 and _han(word):
            rows.append((-int(freq), word))
    words = [w for _f, w in sorted(rows)[:COUNT]]  # ties broken by the word: the same list each run
    lines = [" ".join(words[i:i + PER_LINE]) for i in range(0, len(words), PER_LINE)]
    OUT.write_text(HEADER.format(count=COUNT) + "\n".join(lines) + '\n"""\n\nWORDS = frozenset(_TEXT.split())\n', encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

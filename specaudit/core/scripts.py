"""Which writing system a text is in, where that changes how it is read or written."""

from __future__ import annotations

import re

# Kana and the CJK ideographs: Japanese or Chinese (not Hangul, whose words are spaced).
JA_ZH = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

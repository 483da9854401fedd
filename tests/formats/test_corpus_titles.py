"""Task titles on the real corpus, as `specaudit clauses --format json` prints them: a
task's title is its own words, never its key again ("T001 [P] ...", "1.3 ...") and never a
lone number ("1." for every Kiro task with sub-tasks: the sentence split stopped there)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from support import CORPUS

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.yaml").is_file(), reason="spec corpus not available")


@pytest.fixture(scope="module")
def corpus_titles(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """Every corpus spec copied under its original path, listed by the CLI once."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("corpus")
    entries = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]
    out: dict[str, dict[str, dict]] = {}
    for e in entries:
        dest = root / e["repo"].replace("/", "__") / e["path"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / e["local"], dest)
        proc = subprocess.run([sys.executable, "-m", "specaudit", "clauses", str(dest), "--format", "json"],
                              capture_output=True, text=True, encoding="utf-8", cwd=root, timeout=120)
        assert proc.returncode == 0, proc.stderr
        out[e["local"]] = {c["key"]: c for c in json.loads(proc.stdout)["clauses"]}
    return out


def _all(titles, kind=None):
    return [(f, c) for f, cs in titles.items() for c in cs.values() if kind is None or c["kind"] == kind]


def test_task_titles_are_the_task_not_its_number_or_markers(corpus_titles):
    tasks = _all(corpus_titles, "task")
    assert len(tasks) > 500
    bad = [(f, c["key"], c["title"]) for f, c in tasks
           if re.match(r"^(?:T\d+|\d+(?:\.\d+)*\.?)(?:\s|$)|^\[(?:P|US\d+)\]", c["title"])]
    assert bad == []
    kiro = corpus_titles["kiro/hdyksha__hibi/.kiro__specs__todo-app__tasks.md"]
    assert kiro["task-1"]["title"] == "プロジェクト構造の初期セットアップ"
    assert kiro["task-2.1"]["title"] == "Express.jsサーバーの基本セットアップ"
    speckit = corpus_titles["speckit/sunfmin__todo2/specs__001-todo-app__tasks.md"]
    assert speckit["T003"]["title"].startswith("Create go.mod with dependencies")
    assert speckit["T003"]["flags"] == ["parallel"]  # the marker still counts, just not in the title

"""``vcs.tree.words_at``: which of many words a commit's files hold, in one ``git grep``
(the phantom-task check asks it once per check, not once per symbol)."""

from __future__ import annotations

from support import git

from specaudit.app.check.code_checks import has_word
from specaudit.vcs.runner import open_repo
from specaudit.vcs.tree import words_at


def test_words_at_answers_for_every_word_at_once(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.py").write_text("def save_todo(x):\n    return generate.mutate(x)\n")
    (tmp_path / "notes.md").write_text("The saver (not save) lives in a.py\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    (tmp_path / "a.py").write_text("")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two")
    repo = open_repo(tmp_path)
    asked = ["save_todo", "generate.mutate", "mutate", "save", "todo", "absent", "-e"]
    assert words_at(repo, "HEAD~1", asked) == {"save_todo", "generate.mutate", "save"}
    # A word hidden inside a longer match is found when asked again without it.
    assert words_at(repo, "HEAD~1", ["mutate"]) == {"mutate"}
    assert words_at(repo, "HEAD", asked) == {"save"}  # only the notes are left
    assert words_at(repo, "HEAD", []) == set()


def test_has_word_reads_words_as_the_parser_does():
    assert has_word("x = save_todo(1)", "save_todo")
    assert not has_word("x = save_todos(1)", "save_todo")
    assert not has_word("$save_todo", "save_todo") and not has_word("resave_todo", "save_todo")
    assert has_word("save_todo2 save_todo", "save_todo")

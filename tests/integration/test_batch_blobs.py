"""Many blobs in one `git cat-file --batch`: a name out of the repository ("HEAD:../x.js",
as a task may write an import) answers None, and the rest of the batch still answers
(git ends the whole batch on such a name: `suggest` on a BMAD story failed with "'../client.js'
is outside repository")."""

from __future__ import annotations

from support import commit_files, init_repo

from specaudit.vcs.blobs import batch_blobs
from specaudit.vcs.runner import open_repo


def test_a_name_out_of_the_repository_is_none_and_the_batch_still_answers(tmp_path):
    root = init_repo(tmp_path / "repo")
    commit_files(root, {"app/a.js": "export const a = 1\n"}, "a")
    got = batch_blobs(open_repo(root), ["HEAD:../client.js", "HEAD:app/a.js", "HEAD:/etc/passwd",
                                        "HEAD:app/../../x.js", "HEAD:./app/a.js", "HEAD:app/none.js"])
    assert got.get("HEAD:app/a.js") == b"export const a = 1\n"
    assert got.get("HEAD:./app/a.js") == b"export const a = 1\n"
    assert [got.get(n) for n in ("HEAD:../client.js", "HEAD:/etc/passwd", "HEAD:app/../../x.js",
                                 "HEAD:app/none.js")] == [None] * 4

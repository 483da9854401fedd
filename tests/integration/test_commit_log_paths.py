"""The range's commits with the paths each changed, in one `git log` (whose work a commit
is, ``core.evidence.whose``, reads them): a merge lists none, a message that looks like a
log record or is not UTF-8 stays the message, odd path names come through whole."""

from __future__ import annotations

import subprocess

from support import commit_files, git, init_repo

from specaudit.vcs.evidence_read import commit_messages, range_commits
from specaudit.vcs.runner import open_repo


def test_each_commit_comes_with_the_paths_it_changed(tmp_path):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "x\n"}, "start")
    git(root, "checkout", "-qb", "side")
    side = commit_files(root, {"src/side file.ts": "a\n", "src/ünï.ts": "b\n"},
                        "side work\n\ncommit " + "a" * 40 + "\nnot a record")
    git(root, "checkout", "-q", "-")
    main = commit_files(root, {".kiro/specs/a/tasks.md": "- [x] 1. done\n"}, "tick")
    git(root, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    # A message in a legacy encoding: read as text, never a failure.
    subprocess.run(["git", "-C", str(root), "-c", "i18n.commitEncoding=latin-1", "commit", "-q",
                    "--allow-empty", "-F", "-"], input="caf\xe9 fix\n".encode("latin-1"), check=True)
    repo = open_repo(root)
    log = commit_messages(repo, base, "HEAD")
    assert len(log) == 4
    by_sha = {sha: (msg, paths) for sha, msg, paths in log}
    assert by_sha[side] == ("side work\n\ncommit " + "a" * 40 + "\nnot a record\n",
                            ("src/side file.ts", "src/ünï.ts"))
    assert by_sha[main][1] == (".kiro/specs/a/tasks.md",)
    merge = git(root, "rev-parse", "HEAD~1").strip()
    assert by_sha[merge] == ("merge side\n", ())
    latest = git(root, "rev-parse", "HEAD").strip()
    assert by_sha[latest][0].startswith("caf") and by_sha[latest][1] == ()
    commits = {c.sha: c for c in range_commits(repo, base, "HEAD", lambda msg: "side" in msg)}
    assert commits[side].paths == ("src/side file.ts", "src/ünï.ts")
    assert set(commits[side].added) == {"src/side file.ts", "src/ünï.ts"}  # its lines read: it cites
    assert commits[main].added == {} and commits[main].paths == (".kiro/specs/a/tasks.md",)


def test_a_root_commit_alone(tmp_path):
    root = init_repo(tmp_path / "repo")
    first = commit_files(root, {"a.py": "x = 1\n"}, "first")
    log = commit_messages(open_repo(root), first + "^", first)  # no parent: the commit alone
    assert log == [(first, "first\n", ("a.py",))]

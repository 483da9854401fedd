"""`specaudit scar add|list` as a subprocess: scars anywhere, then caught by `check`."""

from __future__ import annotations

import json
import subprocess

from support import assert_one_line_error

SPEC = "specs/payment-retry.md"


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_scar_on_an_older_commit_is_caught_when_its_lines_change(demo_repo, run_cli, tmp_path):
    root = demo_repo.path
    story = tmp_path / "story.txt"
    story.write_text("The gateway sandbox lies about 503s.\nKeep this branch.\n")
    # gateway.py at HEAD: scar two lines, then change one of them in a new commit.
    r = run_cli("scar", "add", "-C", str(root), "--spec", SPEC, "payment_retry/gateway.py:1-2",
                "--title", "Sandbox quirk", "--why-file", str(story), "--clause", "edge-cases-1",
                "--severity", "medium")
    assert r.code == 0, r
    sid = r.out.strip()
    assert sid.startswith("S-") and len(sid) == 10
    listed = json.loads(run_cli("scar", "list", "-C", str(root), "--spec", SPEC, "--format", "json").out)
    ours = next(s for s in listed["scars"] if s["id"] == sid)
    assert ours["commit"] == _git(root, "rev-parse", "HEAD").strip()
    assert ours["why"].startswith("The gateway sandbox") and ours["severity"] == "medium"

    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "record scar")
    check = json.loads(run_cli("check", "-C", str(root), "--format", "json").out)
    assert not [f for f in check["findings"] if f["scar"] == sid]

    gateway = root / "payment_retry" / "gateway.py"
    lines = gateway.read_text().splitlines(keepends=True)
    gateway.write_text("".join(["# regenerated\n", *lines[1:]]))
    _git(root, "commit", "-q", "-am", "regenerate gateway")
    check = json.loads(run_cli("check", "-C", str(root), "--format", "json").out)
    (hit,) = [f for f in check["findings"] if f["scar"] == sid]
    assert hit["kind"] == "scar-overwritten" and hit["path"] == "payment_retry/gateway.py" and hit["line"] == 1
    # Where the lines that replaced them are, not "now at": the scar is not there.
    assert "were overwritten; what stands there now: payment_retry/gateway.py:1-2" in hit["message"]
    # and what it says, so a CI log shows what the regeneration wrote over it
    assert hit["message"].endswith("what stands there now: payment_retry/gateway.py:1-2: '# regenerated'"), hit


def test_scar_add_bad_input(demo_repo, run_cli):
    root = str(demo_repo.path)
    r = run_cli("scar", "add", "-C", root, "--spec", SPEC, "payment_retry/nope.py:1-2", "--title", "t", "--why", "w")
    assert_one_line_error(r)
    assert "payment_retry/nope.py" in r.err
    r = run_cli("scar", "add", "-C", root, "--spec", SPEC, "payment_retry/retry.py:1-2", "--title", "t", "--why", "w",
                "--commit", "--upload-pack=evil")
    assert_one_line_error(r)
    r = run_cli("scar", "add", "-C", root, "--spec", SPEC, "payment_retry/retry.py:5-2", "--title", "t", "--why", "w")
    assert_one_line_error(r)


def test_reanchor_moves_intact_scars_and_leaves_overwritten_ones(tmp_path, run_cli):
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    _git(tmp_path, "init", "-q", "-b", "main", str(root))
    (root / "specs" / "s.md").write_text("# S\n\n## Behavior\n\n- Do the thing.\n")
    (root / "a.py").write_text("".join(f"a{i}\n" for i in range(1, 11)))
    (root / "b.py").write_text("".join(f"b{i}\n" for i in range(1, 11)))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    moved = run_cli("scar", "add", "-C", str(root), "--spec", "specs/s.md", "a.py:4-5", "--title", "m", "--why", "w").out.strip()
    hit = run_cli("scar", "add", "-C", str(root), "--spec", "specs/s.md", "b.py:4-5", "--title", "h", "--why", "w").out.strip()
    _git(root, "mv", "a.py", "c.py")
    (root / "c.py").write_text("new\n" + (root / "c.py").read_text())
    (root / "b.py").write_text((root / "b.py").read_text().replace("b5\n", "B5\n"))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "move and overwrite")
    r = run_cli("scar", "reanchor", "-C", str(root), "--spec", "specs/s.md")
    assert r.code == 0, r
    assert f"{moved}  now c.py:5-6" in r.out and hit not in r.out
    scars = {s["id"]: s for s in json.loads(run_cli("scar", "list", "-C", str(root), "--spec", "specs/s.md",
                                                    "--format", "json").out)["scars"]}
    assert scars[moved]["path"] == "c.py" and scars[moved]["lines"] == [5, 6]
    assert scars[hit]["path"] == "b.py" and scars[hit]["lines"] == [4, 5]
    check = json.loads(run_cli("check", "-C", str(root), "--format", "json").out)
    assert [f["scar"] for f in check["findings"] if f["kind"] == "scar-overwritten"] == [hit]


FLAT = ("def retry_delay(attempt):\n"
        "    # Flat, not exponential: synchronized backoff herded the bank's rate limiter.\n"
        "    return FLAT_DELAY_SECONDS\n")
SANDBOX = ("def is_transient(status):\n"
           "    # The gateway sandbox answers 503 for a declined card: not transient there.\n"
           "    return status in (502, 504)\n")
LIMIT = ("def max_attempts():\n"
         "    # Three, not five: the bank locks a card after the fourth decline in an hour.\n"
         "    return 3\n")
FILLER = "".join(f"def handler_{i}():\n    return {i}\n\n\n" for i in range(12))


def test_a_scar_pasted_whole_into_another_file_is_followed_not_overwritten(tmp_path, run_cli):
    # A regeneration moved the scarred function to a new module: the scar's lines are
    # intact, elsewhere, also when its file was deleted. Pasted into two files, which
    # one is the scar's is a guess: it stays overwritten.
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    _git(tmp_path, "init", "-q", "-b", "main", str(root))
    (root / "specs" / "s.md").write_text("# S\n\n## Behavior\n\n- Retry with exponential backoff.\n")
    (root / "client.py").write_text("import time\n\nFLAT_DELAY_SECONDS = 2\n\n\n" + FLAT + "\n\ndef charge():\n    pass\n")
    (root / "gateway.py").write_text(SANDBOX + "\n\n" + FILLER)
    (root / "legacy.py").write_text(FILLER + LIMIT)
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", "base")
    moved = run_cli("scar", "add", "-C", str(root), "--spec", "specs/s.md", "client.py:6-8", "--title", "flat",
                    "--why", "w").out.strip()
    ambiguous = run_cli("scar", "add", "-C", str(root), "--spec", "specs/s.md", "gateway.py:1-3", "--title",
                        "sandbox", "--why", "w").out.strip()
    limit = run_cli("scar", "add", "-C", str(root), "--spec", "specs/s.md", "legacy.py:49-51", "--title", "three",
                    "--why", "w").out.strip()
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", "scars")
    # The regeneration: client.py rewritten without it, retry.py holds it whole;
    # gateway.py deleted, its scarred function pasted into two new files.
    (root / "client.py").write_text("import time\n\nfrom retry import retry_delay\n\n\ndef charge():\n    return 1\n")
    (root / "retry.py").write_text("FLAT_DELAY_SECONDS = 2\n\n\n" + FLAT)
    (root / "gateway.py").unlink()
    (root / "one.py").write_text("# one\n" + SANDBOX)
    (root / "two.py").write_text("# two\n\n" + SANDBOX)
    (root / "legacy.py").unlink()
    (root / "policy.py").write_text("# policy\n" + LIMIT)
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", "regenerate")
    check = json.loads(run_cli("check", "-C", str(root), "--format", "json").out)
    assert [f["scar"] for f in check["findings"] if f["kind"] == "scar-overwritten"] == [ambiguous]
    r = run_cli("scar", "reanchor", "-C", str(root), "--spec", "specs/s.md")
    assert r.code == 0, r
    assert f"{moved}  now retry.py:4-6" in r.out and f"{limit}  now policy.py:2-4" in r.out and ambiguous not in r.out
    scars = {s["id"]: s for s in json.loads(run_cli("scar", "list", "-C", str(root), "--spec", "specs/s.md",
                                                    "--format", "json").out)["scars"]}
    assert scars[moved]["path"] == "retry.py" and scars[moved]["lines"] == [4, 6]


def test_scar_add_with_path_and_lines_flags(demo_repo, run_cli):
    """The issue's spelling: --path P --lines A-B prints the new scar id."""
    result = run_cli("scar", "add", "--repo", str(demo_repo.path), "--spec", demo_repo.spec,
                     "--path", "payment_retry/cache.py", "--lines", "6-8",
                     "--title", "LRU kept for webhook replays", "--why", "Duplicate webhooks during failover.")
    assert result.code == 0, result
    scar_id = result.out.strip()
    assert scar_id.startswith("S-")
    listed = run_cli("scar", "list", "--repo", str(demo_repo.path), "--spec", demo_repo.spec)
    assert scar_id in listed.out and "payment_retry/cache.py" in listed.out
    # The spec as SPEC, as `clauses`, `suggest` and `review` take it.
    assert run_cli("scar", "list", "--repo", str(demo_repo.path), demo_repo.spec).out == listed.out
    assert run_cli("scar", "reanchor", "--repo", str(demo_repo.path), demo_repo.spec).code == 0
    both = run_cli("scar", "add", "--repo", str(demo_repo.path), "--spec", demo_repo.spec,
                   "payment_retry/cache.py:6-8", "--path", "payment_retry/cache.py", "--lines", "6-8",
                   "--title", "t", "--why", "w")
    assert_one_line_error(both)
    half = run_cli("scar", "add", "--repo", str(demo_repo.path), "--spec", demo_repo.spec,
                   "--path", "payment_retry/cache.py", "--title", "t", "--why", "w")
    assert_one_line_error(half)


def test_scar_add_and_change_take_the_spec_first_or_the_repository_s_one_spec(demo_repo, run_cli, tmp_path):
    """`scar add SPEC PATH:START-END` and `change SPEC PATH:START-END` said "the following
    arguments are required: --spec" (review, suggest and check take SPEC first); with one
    spec in the repository, the lines alone are enough. Several specs: the command names them
    and writes nothing."""
    root = str(demo_repo.path)
    first = run_cli("scar", "add", "-C", root, SPEC, "payment_retry/cache.py:6-8", "--title", "t1", "--why", "w")
    alone = run_cli("scar", "add", "-C", root, "payment_retry/cache.py:6-8", "--title", "t2", "--why", "w")
    assert first.code == 0 and alone.code == 0, (first, alone)
    listed = run_cli("scar", "list", "-C", root, SPEC).out
    assert first.out.strip() in listed and alone.out.strip() in listed
    n = len((demo_repo.path / "payment_retry/cache.py").read_text().splitlines())
    marked = run_cli("change", "-C", root, SPEC, f"payment_retry/cache.py:1-{n}", "--as", "explained")
    assert marked.code == 0 and marked.out.strip() == f"explained: payment_retry/cache.py:1-{n}", marked
    unmarked = run_cli("change", "-C", root, f"payment_retry/cache.py:1-{n}", "--as", "unmarked")
    assert unmarked.code == 0, unmarked

    two = tmp_path / "two"
    (two / "specs").mkdir(parents=True)
    (two / "specs" / "a.md").write_text("# A\n\n## Behavior\n\n- Retries stay flat.\n")
    (two / "specs" / "b.md").write_text("# B\n\n## Behavior\n\n- Refunds are logged.\n")
    (two / "pay.py").write_text("def pay():\n    return 1\n")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
        _git(two, *args)
    r = run_cli("scar", "add", "-C", str(two), "pay.py:1-2", "--title", "t", "--why", "w")
    assert_one_line_error(r)
    assert "which spec? give SPEC (or --spec S): specs/a.md, specs/b.md" in r.err, r
    assert not (two / ".specaudit").exists()

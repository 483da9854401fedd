"""`specaudit report` in its three formats, on the demo after some reviewing."""

from __future__ import annotations

import json
import re
import subprocess

SPEC = "specs/payment-retry.md"
EVIL = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _prepare(demo_repo, run_cli):
    root = demo_repo.path
    spec = root / SPEC
    spec.write_text(spec.read_text().replace("- A charge is booked at most once", f"- {EVIL} A charge is booked at most once"))
    _git(root, "commit", "-q", "-am", "spec edit")
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-2", "--verdict", "partial",
                   "--note", f"no jitter {EVIL}", "--link", "payment_retry/retry.py:14-21").code == 0
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-2", "--verdict", "implemented").code == 0
    return root


def test_json_report_has_progress_clauses_scars_and_unexplained(demo_repo, run_cli, tmp_path):
    root = _prepare(demo_repo, run_cli)
    out = tmp_path / "r.json"
    # The regeneration and the spec edit: coverage is the range, whatever the verdicts' commits.
    r = run_cli("report", "-C", str(root), "--range", "HEAD~2..HEAD", "--format", "json", "-o", str(out))
    assert r.code == 0, r
    data = json.loads(out.read_text())
    (spec,) = data["specs"]
    assert spec["spec"] == SPEC and data["passed"] is False and data["range"] == "HEAD~2..HEAD"
    assert spec["progress"]["reviewed"] == 1 and spec["progress"]["total"] == len(spec["clauses"])
    assert spec["progress"]["by_kind"]["requirement"]["reviewed"] == 1
    b2 = next(c for c in spec["clauses"] if c["key"] == "behavior-2")
    assert b2["verdict"] == "implemented" and [h["verdict"] for h in b2["history"]] == ["partial"]
    assert b2["links"][0]["lines"] == [14, 21] and b2["links"][0]["stale"] is False
    (scar,) = spec["scars"]
    assert scar["overwritten"] is True and "backoff" in scar["why"] and scar["commit"]
    # The range's unexplained changes, once for the report, one entry per file.
    assert {f["path"] for f in data["unexplained"]} >= {"payment_retry/cache.py"}
    runs = [r for f in data["unexplained"] if f["path"] == "payment_retry/retry.py"
            for h in f["hunks"] for r in h["unexplained"]]
    assert not any(a <= 21 and b >= 14 for a, b in runs)
    assert data["summary"]["text"].startswith("1 of ")


def test_html_report_is_self_contained_and_escaped(demo_repo, run_cli, tmp_path):
    root = _prepare(demo_repo, run_cli)
    out = tmp_path / "r.html"
    r = run_cli("report", "-C", str(root), "--format", "html", "-o", str(out))
    assert r.code == 0, r
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;img" in page
    assert not re.search(r"(src|href)=['\"]?(https?:|//)", page)
    assert "Flat retries against the bank gateway" in page and "overwritten" in page


def test_markdown_report_escapes_and_summarises(demo_repo, run_cli):
    root = _prepare(demo_repo, run_cli)
    r = run_cli("report", "-C", str(root))
    assert r.code == 0, r
    assert "**1 / 13** clauses reviewed." in r.out
    assert "<script>" not in r.out and "\\<script\\>" in r.out
    assert "**overwritten**" in r.out


def test_report_lists_the_files_viewed(demo_repo, run_cli, tmp_path):
    from specaudit.app.review.viewed import set_viewed
    from specaudit.vcs.runner import open_repo

    root = demo_repo.path
    set_viewed(open_repo(root), SPEC, "payment_retry/retry.py", "k" * 40, True, commit=demo_repo.head)
    out = tmp_path / "r.md"
    assert run_cli("report", "-C", str(root), "--format", "md", "-o", str(out)).code == 0
    text = out.read_text()
    assert "### Files viewed" in text and f"payment\\_retry/retry.py at `{demo_repo.head[:12]}`" in text
    data = json.loads(run_cli("report", "-C", str(root), "--format", "json").out)
    assert [v["path"] for v in data["specs"][0]["viewed"]] == ["payment_retry/retry.py"]

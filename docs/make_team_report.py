"""Render the gate's Markdown report as a pull request shows it, for docs/team.md.

    QT_QPA_PLATFORM=offscreen python docs/make_team_report.py [PNG]

Builds the demo, lets two reviewers review on two branches, merges them with the merge
driver installed (one clause gets two verdicts), runs `specaudit check --format md` over
the pull request's range, renders the Markdown with markdown-it-py (tables on, as GitHub's
job summary) and screenshots it in a QTextBrowser (default: docs/screenshots/team-report.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import specaudit  # noqa: F401 - installed, or on PYTHONPATH
except ModuleNotFoundError:  # run from a checkout: use the source tree beside docs/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WIDTH = 1100
SPEC = "specs/payment-retry.md"
CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 13px; color: #1f2328; }
h2 { font-size: 20px; }
code { font-family: 'DejaVu Sans Mono', monospace; background: #eff1f3; }
th { background: #f6f8fa; text-align: left; }
"""


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "specaudit", *args], cwd=cwd, capture_output=True, text=True)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def team_demo(root: Path) -> tuple[Path, str]:
    """The demo after a merge of two reviewers' branches: (repository, the PR's base)."""
    _cli("demo", "--no-gui", "--dir", str(root), cwd=root.parent)
    # The team installed the driver before the regeneration's pull request was opened.
    _git(root, "checkout", "-q", "-b", "pr", "HEAD~1")
    _cli("merge-driver", "--install", cwd=root)
    _git(root, "add", ".gitattributes")
    _git(root, "commit", "-qm", "specaudit merge driver")
    base = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    _git(root, "cherry-pick", "main")  # the machine-authored regeneration
    _git(root, "branch", "bob")
    for branch, who, reviews in (
        ("pr", "Alice", [("behavior-2", "implemented", "flat retries, as the scar asks"),
                           ("invariants-1", "implemented", "idempotency key on every attempt")]),
        ("bob", "Bob", [("behavior-2", "violated", "backoff is exponential again: the scar is overwritten"),
                        ("non-goals-2", "implemented", None)]),
    ):
        _git(root, "checkout", "-q", branch)
        for clause, verdict, note in reviews:
            _cli("review", "--spec", SPEC, "--clause", clause, "--verdict", verdict, "--reviewer", who,
                 *(["--note", note] if note else []), cwd=root)
        _git(root, "commit", "-qam", f"{who}'s review")
    _git(root, "checkout", "-q", "pr")
    subprocess.run(["git", "-C", str(root), "merge", "--no-edit", "bob"], capture_output=True)  # stops: behavior-2
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Merge bob's review (behavior-2 left for the team to settle)")
    return root, base


def render(markdown: str, png: Path) -> None:
    from markdown_it import MarkdownIt
    from PySide6.QtWidgets import QApplication, QTextBrowser

    app = QApplication.instance() or QApplication([])
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    html = html.replace("<table>", "<table border='1' cellspacing='0' cellpadding='5' width='100%'>")
    view = QTextBrowser()
    view.document().setDefaultStyleSheet(CSS)
    view.setHtml(html)
    view.resize(WIDTH, 200)
    view.document().setTextWidth(WIDTH - 30)
    view.resize(WIDTH, int(view.document().size().height()) + 30)
    app.processEvents()
    view.grab().save(str(png))


def main(png: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="specaudit-team-"))
    os.environ.update(GIT_AUTHOR_NAME="Ada Reviewer", GIT_AUTHOR_EMAIL="ada@example.com",
                      GIT_COMMITTER_NAME="Ada Reviewer", GIT_COMMITTER_EMAIL="ada@example.com")
    root, base = team_demo(scratch / "demo")
    check = _cli("check", "--range", f"{base}..HEAD", "--format", "md", cwd=root)
    if check.returncode not in (0, 1):
        raise SystemExit(check.stderr)
    render(check.stdout, png)
    return png


if __name__ == "__main__":
    default = Path(__file__).resolve().parent / "screenshots" / "team-report.png"
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))

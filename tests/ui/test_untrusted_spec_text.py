"""A spec is untrusted input: HTML and Markdown images in it show as text and load nothing."""

from __future__ import annotations

import subprocess

from qt_support import open_window

HOSTILE = """# Payment retry service

## Behavior

- Retries are flat <img src="file:///etc/passwd"> and <b>bold</b> <script>alert(1)</script>.
- See ![diagram](http://example.invalid/track.png) and [the runbook](http://example.invalid/).
"""


def test_html_and_image_links_render_as_text_and_load_nothing(qtbot, demo_repo):
    spec = demo_repo.path / demo_repo.spec
    spec.write_text(HOSTILE)
    subprocess.run(["git", "-C", str(demo_repo.path), "commit", "-qam", "hostile spec"], check=True)
    window = open_window(qtbot, demo_repo, range="HEAD~2..HEAD~1")
    for key in ("behavior-1", "behavior-2"):
        assert window.clauses.select(demo_repo.spec, key)
        qtbot.wait(50)
        shown = window.detail.toPlainText()
        assert window.detail.resource_requests == []
        if key == "behavior-1":
            assert '<img src="file:///etc/passwd">' in shown and "<script>alert(1)</script>" in shown
        else:
            # Markdown is rendered, but an image shows as its alt text and a link as text.
            assert "[diagram]" in shown and "the runbook" in shown
            assert "example.invalid" not in window.detail.toHtml()
    # The clause list and its tooltips are plain text too: Qt renders a tooltip that
    # looks like HTML as HTML, so the markup must arrive escaped.
    item = window.clauses._items[(demo_repo.spec, "behavior-1")]
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in item.toolTip()
    assert "<img" not in item.toolTip()

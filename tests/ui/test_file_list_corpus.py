"""The file list of a real change with moved files, in the window at 1280x720
(shishuohongdou36-del/ai-native-portfolio: the old site moved into legacy/ while a new
index.html took its place): each name keeps what tells it apart when the list cuts it,
a move's marker and similarity sit in the status column (git's R100), and the root
file that shares its name says "(root)"."""

from __future__ import annotations

import pytest
import yaml
from support import CORPUS, clone_history

from specaudit.app.workspace.session import open_session
from specaudit.ui.diff.filelist import COL_PATH, COL_STATUS, ROLE_INDEX
from specaudit.ui.shell.main_window import MainWindow

REPO = "shishuohongdou36-del/ai-native-portfolio"
SPEC = "specs/001-ai-native-portfolio/spec.md"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    if not (CORPUS / "MANIFEST.yaml").is_file():
        pytest.skip("the real-world corpus is not available")
    manifest = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text())
    rng = next(r for r in manifest["repositories"] if r["repo"] == REPO)["spec_sets"][0]["range"]
    return clone_history(REPO, tmp_path_factory.mktemp("corpus") / "portfolio"), f"{rng['base']}..{rng['head']}"


def test_moved_files_keep_their_folder_at_1280(qtbot, portfolio, tmp_path):
    root, rng = portfolio
    window = MainWindow(open_session(root, spec=SPEC, range=rng))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    window.toggle_whole_diff()
    files = window.diff.files
    qtbot.waitUntil(lambda: files.topLevelItemCount() == len(window.changeset.files), timeout=10000)
    assert files.width() < 260  # the list as narrow as the window lays it out at 1280
    shown: dict[str, tuple[str, str]] = {}
    for k in range(files.topLevelItemCount()):
        item = files.topLevelItem(k)
        fd = window.changeset.files[int(item.data(COL_PATH, ROLE_INDEX))]
        shown[fd.path] = (files.painted_label(item), item.text(COL_STATUS))
    window.grab().save(str(tmp_path / "portfolio-files-1280.png"))

    moved = {p: v for p, v in shown.items() if p.startswith("legacy/")}
    assert len(moved) == 6
    for path, (label, status) in moved.items():
        assert label.endswith(" \u00b7 legacy"), (path, label)  # where it is now, never cut
        assert status in ("R100", "C100"), (path, status)  # renamed (or copied), 100% similar
    assert shown["legacy/script.js"][0] == "script.js \u00b7 legacy"
    assert shown["index.html"] == ("index.html \u00b7 (root)", "M")
    assert shown["legacy/index.html"][0] == "index.html \u00b7 legacy"
    assert not [label for label, _s in shown.values() if "moved" in label or "%" in label]
    assert len({label for label, _s in shown.values()}) == len(shown)  # no two files look alike

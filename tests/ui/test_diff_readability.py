"""The whole-diff view on a real change (sunfmin/todo2's implementing commit): file names
that tell files apart, and an added or deleted file drawn across the whole width."""

from __future__ import annotations

import pytest
import yaml
from support import CORPUS, clone_history

from specaudit.app.workspace.diffs import load_range
from specaudit.app.workspace.session import open_session
from specaudit.core.diff.rows import NEW, OLD
from specaudit.ui.diff import DiffPanel
from specaudit.ui.diff.file_labels import file_labels, fit_label
from specaudit.ui.diff.filelist import COL_PATH, ROLE_INDEX

SPEC = "specs/001-todo-app/spec.md"


def _range() -> tuple[str, str]:
    manifest = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text())
    repo = next(r for r in manifest["repositories"] if r["repo"] == "sunfmin/todo2")
    alt = repo["spec_sets"][0]["alt_range"]
    return alt["base"], alt["head"]


@pytest.fixture(scope="module")
def todo2(tmp_path_factory):
    if not (CORPUS / "MANIFEST.yaml").is_file():
        pytest.skip("the real-world corpus is not available")
    return clone_history("sunfmin/todo2", tmp_path_factory.mktemp("corpus") / "todo2")


@pytest.fixture
def panels():
    """Panels made by a test, their background jobs finished when it ends (a job left
    running keeps Python's GC paused for the next test: ui/kit/gc_pause.py)."""
    made: list[DiffPanel] = []
    yield made
    for panel in made:
        panel.cancel_loading()
        panel.tasks.wait(5000)


def _panel(qtbot, panels, path, range_: str, width: int = 1100) -> DiffPanel:
    session = open_session(path, spec=SPEC, range=range_)
    panel = DiffPanel()
    qtbot.addWidget(panel)
    panels.append(panel)
    panel.resize(width, 500)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.loadingFinished, timeout=20000):
        panel.set_changeset(load_range(session.repo, session.source))
    return panel


def _label(panel: DiffPanel, path: str) -> str:
    files = panel.files
    for k in range(files.topLevelItemCount()):
        item = files.topLevelItem(k)
        if panel.changeset.files[int(item.data(COL_PATH, ROLE_INDEX))].path == path:
            return item.text(COL_PATH)
    raise AssertionError(path)


def test_file_labels_tell_namesakes_apart():
    labels = file_labels(["README.md", "specs/001-todo-app/contracts/README.md", "api/proto/v1/todo.proto",
                          "specs/001-todo-app/contracts/todo.proto", "a/x/src/main.go", "b/x/src/main.go",
                          "src/x/main.go", "go.mod"])
    assert labels == {
        "README.md": "README.md \u00b7 (root)",
        "specs/001-todo-app/contracts/README.md": "README.md \u00b7 \u2026/contracts",
        "api/proto/v1/todo.proto": "todo.proto \u00b7 \u2026/v1",
        "specs/001-todo-app/contracts/todo.proto": "todo.proto \u00b7 \u2026/contracts",
        "a/x/src/main.go": "main.go \u00b7 a/\u2026",
        "b/x/src/main.go": "main.go \u00b7 b/\u2026",
        "src/x/main.go": "main.go \u00b7 src/x",
        "go.mod": "go.mod",
    }


def test_a_moved_file_says_where_it_is_now_and_its_folder_is_never_cut():
    labels = file_labels(["index.html", "legacy/index.html", "legacy/script.js", "web/static/app/site.png"],
                         moved={"legacy/index.html", "legacy/script.js", "web/static/app/site.png"})
    assert labels == {"index.html": "index.html \u00b7 (root)", "legacy/index.html": "index.html \u00b7 legacy",
                      "legacy/script.js": "script.js \u00b7 legacy", "web/static/app/site.png": "site.png \u00b7 \u2026/app"}

    def cut(text: str, width: int) -> str:  # one pixel per character, cut in the middle
        if len(text) <= width:
            return text
        head = width // 2
        return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]

    assert fit_label("site-desktop.png", "legacy", 40, len, cut) == "site-desktop.png \u00b7 legacy"
    assert fit_label("site-desktop.png", "legacy", 20, len, cut) == "site-\u2026p.png \u00b7 legacy"
    assert fit_label("site-desktop.png", "", 10, len, cut) == "site-\u2026.png"
    assert fit_label("site-desktop.png", "a-very-long-folder-hint", 12, len, cut) == "site-d\u2026-hint"  # no room: all cut


def test_the_file_list_names_files_apart_with_the_path_on_hover(qtbot, panels, todo2):
    base, head = _range()
    panel = _panel(qtbot, panels, todo2, f"{base}..{head}")
    paths = [f.path for f in panel.changeset.files]
    assert len(paths) == 41
    shown = [_label(panel, p) for p in paths]
    assert len(set(shown)) == len(shown)  # no two files look alike
    assert _label(panel, "specs/001-todo-app/contracts/todo.proto") == "todo.proto \u00b7 \u2026/contracts"
    assert _label(panel, "api/proto/v1/todo.proto") == "todo.proto \u00b7 \u2026/v1"
    assert _label(panel, ".specify/templates/plan-template.md") == "plan-template.md"
    item = panel.files.topLevelItem(paths.index("handlers/todo_handler_test.go"))
    assert "handlers/todo_handler_test.go" in item.toolTip(COL_PATH)
    # The file list at the width the window gives it at 1280x720 shows the names' starts.
    panel.files.resize(210, 400)
    assert panel.files.isColumnHidden(2) and panel.files.isColumnHidden(3)  # the names keep the width
    assert panel.files.header().sectionSize(0) >= 150
    panel.files.grab().save(str(todo2.parent / "file-list-210.png"))
    panel.files.resize(420, 400)
    assert not panel.files.isColumnHidden(2)  # room again: the counts are back


@pytest.mark.parametrize("reverse", [False, True], ids=["added", "deleted"])
def test_an_added_or_deleted_file_uses_the_whole_width(qtbot, panels, todo2, reverse):
    base, head = _range()
    panel = _panel(qtbot, panels, todo2, f"{head}..{base}" if reverse else f"{base}..{head}")
    panel.set_view_mode("side-by-side")
    index = next(i for i, f in enumerate(panel.changeset.files) if f.path == "services/todo_service.go")
    panel.files.select_index(index)
    qtbot.waitUntil(lambda: panel.view.rows is not None and panel.view.rows.file.path == "services/todo_service.go")
    view = panel.view
    assert view.rows.file.status == ("D" if reverse else "A") and not view.rows.unified
    side = OLD if reverse else NEW
    ((shown, gutter_x, text_x, text_w),) = view.columns()  # one pane, not an empty half
    assert shown == side and gutter_x == 0 and text_x + text_w == view.viewport().width()
    # Its lines are where the pane is: a click on the left of the view is on them.
    assert view._side_at(10, 3) == side
    view.grab().save(str(todo2.parent / f"{'deleted' if reverse else 'added'}-side-by-side.png"))
    modified = next(i for i, f in enumerate(panel.changeset.files) if f.status == "M")
    panel.files.select_index(modified)
    qtbot.waitUntil(lambda: panel.view.rows.file.status == "M")
    assert [c[0] for c in view.columns()] == [OLD, NEW]  # a modified file keeps both halves


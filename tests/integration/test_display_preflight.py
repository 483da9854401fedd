"""Before Qt starts: no display, or an X11 display Qt cannot use, is one clear line."""

from __future__ import annotations

import pytest
from support import assert_one_line_error

from specaudit.cli.display import XCB_LIBRARIES, missing_xcb_libraries


def test_no_display_is_one_line_after_the_demo_is_built(tmp_path, run_cli):
    result = run_cli("demo", "--dir", str(tmp_path / "d"),
                     env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert_one_line_error(result)
    assert "no display available" in result.err
    assert result.out.strip() == str(tmp_path / "d")  # the repository was still made
    assert (tmp_path / "d" / ".git").is_dir()


@pytest.mark.skipif(not missing_xcb_libraries(), reason="every xcb library is installed here")
def test_missing_x11_libraries_are_named_with_their_packages(tmp_path, run_cli):
    missing = missing_xcb_libraries()
    result = run_cli("demo", "--dir", str(tmp_path / "d"),
                     env={"DISPLAY": ":0", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.code == 2 and "Traceback" not in result.err
    assert len([ln for ln in result.err.splitlines() if ln.strip()]) == 1
    for soname in missing:
        assert soname in result.err and XCB_LIBRARIES[soname] in result.err

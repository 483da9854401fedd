"""Render the application icons committed under resources/icons/.

Run after editing an SVG:  QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

Writes hicolor PNGs (16..512 px), a Windows .ico and a macOS .icns. The outputs are
committed so neither the app nor a packager needs an SVG tool at run time. The .ico and
.icns are assembled here from PNG payloads because Qt's writers store a single size.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Up to this size the full design's text lines and squiggle blur into mush; the small
# SVG is drawn on the 16 px grid instead.
SMALL_UNTIL = 32
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns chunk types that hold PNG data, by pixel size (Apple's "ic07".."ic10", "icp4".."icp6").
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / "specaudit.png"


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    source = ICONS / ("specaudit-16.svg" if size <= SMALL_UNTIL else "specaudit.svg")
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A multi-size ICO whose entries are PNGs (supported since Windows Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for s in sizes:
        data = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[s])) + pngs[s]
        for s, kind in ICNS_TYPES.items()
        if s in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = {size: render_png(size) for size in SIZES}
    for size, data in pngs.items():
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (ICONS / "specaudit.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "specaudit.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {len(pngs)} PNGs, specaudit.ico and specaudit.icns under {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Icons: the application icon and its raster copies, and the toolbar set (one style, all present).

The SVGs are drawn by Qt's SVG renderer (SVG Tiny 1.2), so each must be valid for it, not just for
a browser; toolbar icons must take their colour from ``currentColor`` so a page can recolour them
for a dark scheme."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "src" / "giaoban" / "resources"
ICONS = RESOURCES / "icons"
SVG_NS = "{http://www.w3.org/2000/svg}"
TOOLBAR = (
    "add", "edit", "delete", "print", "export", "save", "undo", "redo", "refresh", "search",
    "filter-clear", "finalize", "reopen", "briefing", "aspiration", "task", "overview",
    "directory", "settings", "backup", "restore", "trash", "history", "warning", "overdue",
    "up", "down", "pdf", "word", "excel", "calendar", "attachment",
)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def render(path: Path, size: int):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), f"Qt cannot read {path.name}"
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def opaque_colours(image) -> list[tuple[int, int, int]]:
    from PySide6.QtGui import QColor

    found = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = QColor.fromRgba(image.pixel(x, y))
            if colour.alpha() == 255:
                found.append((colour.red(), colour.green(), colour.blue()))
    return found


def test_toolbar_set_is_complete_and_nothing_else() -> None:
    assert sorted(p.stem for p in ICONS.glob("*.svg")) == sorted(TOOLBAR)


@pytest.mark.parametrize("name", TOOLBAR)
def test_toolbar_icon_style(name: str, qapp) -> None:
    path = ICONS / f"{name}.svg"
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 24 24"
    assert (root.get("width"), root.get("height")) == ("24", "24")
    group = root.find(f"{SVG_NS}g")
    assert group is not None
    assert group.get("stroke") == "currentColor" and group.get("fill") == "none"
    assert group.get("stroke-width") == "2"
    text = path.read_text("utf-8")
    for forbidden in ("<text", "<image", "href", "style=", "font"):
        assert forbidden not in text, f"{name}.svg uses {forbidden}"

    image = render(path, 48)
    colours = opaque_colours(image)
    assert len(colours) > 40, f"{name}.svg draws (almost) nothing"
    # currentColor resolves to the root's color="#444444", not Qt's default black.
    assert all(abs(r - 0x44) <= 2 and abs(g - 0x44) <= 2 and abs(b - 0x44) <= 2
               for r, g, b in colours)


def test_application_icon_is_a_square_red_tile(qapp) -> None:
    svg = RESOURCES / "giaoban.svg"
    root = ET.parse(svg).getroot()
    assert root.get("viewBox") == "0 0 256 256"
    image = render(svg, 64)
    from PySide6.QtGui import QColor

    centre_top = QColor.fromRgba(image.pixel(32, 4))
    assert centre_top.red() > 150 and centre_top.green() < 60, "tile should be deep red"
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0, "corners should be rounded"


def test_windows_icon_holds_the_usual_sizes() -> None:
    data = (ROOT / "packaging" / "windows" / "giaoban.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, height, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index: 22 + 16 * index]
        )
        assert width == height
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 256} <= sizes

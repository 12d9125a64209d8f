"""Pictures of the real screens for the in-program guide, made from the real window.

``make guide-pictures`` writes them into the package (src/giaoban/resources/guide/images); the
suite makes them again in a temporary folder (tests/test_guide.py) so a page that no longer opens,
or a picture the guide names but nobody makes, fails the build.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

AREAS = ("briefings", "aspirations", "tasks", "overview", "directory")
SIZE = (1024, 640)
WIDTH = 600  # the picture's width in the guide: half a small screen, next to the page's words


def make_pictures(folder: Path, ctx=None) -> list[Path]:
    """One PNG per area of a window on the small demo data, 1024×640 (a small office screen)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow

    if ctx is None:
        import datetime as dt

        from giaoban.core.clock import Clock
        from giaoban.core.demo import fill_demo
        from giaoban.core.startup import open_context

        ctx = open_context(Path(tempfile.mkdtemp()) / "guide.db",
                           clock=Clock.at(dt.date(2026, 11, 29)))
        fill_demo(ctx, "small")
    create_application()
    ctx.db.created = False
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    made = []
    for area in AREAS:
        window.show_area(area)
        QApplication.processEvents()
        path = folder / f"{area}.png"
        # scaled to sit inside the guide's page beside its text, smoothly (the words stay legible)
        window.grab().scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation).save(
            str(path))
        made.append(path)
    window.close()
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/giaoban/resources/guide/images")
    target.mkdir(parents=True, exist_ok=True)
    for picture in make_pictures(target):
        print(picture)

"""Child process of the recovery test: a secretary types into a new briefing, then the program
is killed (SIGKILL, nothing runs after it) before anything is saved.

Usage: python tests/recovery_writer.py DB_PATH. Opens the real main window offscreen on the
database (clock pinned to 29/11/2026), Ctrl+N, types the place and a conclusion, switches tab
(which writes the recovery copy), prints "WRITTEN" and kills itself.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from giaoban.core.clock import Clock
from giaoban.core.services.recovery import recovery_path
from giaoban.core.startup import open_context
from giaoban.i18n import set_language
from giaoban.ui.app import create_application
from giaoban.ui.main_window import MainWindow


def main(path: Path) -> None:
    set_language("vi")
    app = create_application()
    ctx = open_context(path, clock=Clock.at(dt.date(2026, 11, 29)))
    ctx.db.created = False
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    page = window.show_area("briefings")
    QTest.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    QTest.keyClicks(editor.general.place, "Hoi truong B")
    QTest.keyClick(editor.general.place, Qt.Key.Key_Tab)
    editor.tabs.setCurrentWidget(editor.conclusions)  # a tab change writes the copy
    app.processEvents()
    if recovery_path(ctx) is not None and recovery_path(ctx).is_file():  # type: ignore[union-attr]
        print("WRITTEN", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

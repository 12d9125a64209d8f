"""The GUI's start holds Python's cyclic garbage collector until the first page is populated
(the imports make objects by the hundred thousand, none of them garbage), and always gives it
back: from the populated paint on, or when the start ends any other way (issue 18)."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication

from giaoban.ui import app as gui_app
from giaoban.ui.actions import opening


def test_the_collector_waits_for_the_populated_page_and_then_runs(qtbot, ctx, monkeypatch):
    path = ctx.db.path
    ctx.db.dispose()
    seen: dict[str, bool] = {}
    real_open = opening.open_for_gui

    def open_for_gui(*args, **kwargs):
        seen["opening"] = gc.isenabled()
        return real_open(*args, **kwargs)

    def exec_(*_args):
        seen["before populated"] = gc.isenabled()
        window = QApplication.activeWindow() or next(
            w for w in QApplication.topLevelWidgets() if hasattr(w, "populated"))
        populated: list[bool] = []
        window.populated.connect(lambda: populated.append(gc.isenabled()))
        qtbot.waitUntil(lambda: bool(populated), timeout=10_000)
        seen["after populated"] = gc.isenabled()
        window.close()
        window.ctx.db.dispose()
        return 0

    monkeypatch.setattr(opening, "open_for_gui", open_for_gui)
    monkeypatch.setattr(QApplication, "exec", exec_)
    monkeypatch.setattr(gui_app, "install_qt_translator", lambda app: None)
    assert gc.isenabled()
    assert gui_app.run_gui(str(path)) == 0
    assert seen == {"opening": False, "before populated": False, "after populated": True}
    assert gc.isenabled()


def test_the_collector_is_given_back_when_the_file_cannot_be_opened(qtbot, tmp_path,
                                                                    monkeypatch):
    path = tmp_path / "not-ours.db"
    path.write_bytes(b"plain text, not a database")
    errors: list[str] = []
    monkeypatch.setattr(gui_app, "install_qt_translator", lambda app: None)
    from giaoban.ui.dialogs import ask

    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: errors.append(text))
    assert gui_app.run_gui(str(path)) == 1
    assert errors and gc.isenabled()

"""Shared fixtures: a real SQLite file per test, "today" pinned, Qt offscreen, no modal hangs."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

# Before Qt or platformdirs are imported: headless Qt, and config/data folders that are not the
# developer's own (QSettings and the default database location follow these on Linux).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="giaoban-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "cache")  # schema references (core.migrations)

import pytest  # noqa: E402

from giaoban.core.clock import Clock  # noqa: E402
from giaoban.core.context import AppContext  # noqa: E402
from giaoban.core.startup import open_context  # noqa: E402
from giaoban.i18n import set_language  # noqa: E402

TODAY = dt.date(2026, 11, 29)
pytest_plugins = ("tests.pg_fixtures",)  # pg_server, pg_url, pg_ctx, pg_login: PostgreSQL


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_language("vi")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "giaoban-test.db"


@pytest.fixture
def ctx(request, db_path: Path):
    """A fresh database (schema + seeded bodies) with the clock pinned to 29/11/2026 09:00.
    The modules tests/pg_fixtures.BOTH_BACKENDS names get it on PostgreSQL too."""
    if getattr(request, "param", "sqlite") == "postgresql":
        yield request.getfixturevalue("pg_ctx")
        return
    context = open_context(db_path, clock=Clock.at(TODAY))
    context.user = "tester"
    yield context
    context.db.dispose()


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    """The small demo data set around the pinned today."""
    from giaoban.core.demo import fill_demo

    fill_demo(ctx, "small")
    return ctx


class ModalDialogOpened(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_modal_dialogs(request, monkeypatch):
    """A modal dialog would wait forever offscreen: make any unexpected one fail at once."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    from giaoban.ui.app import configure_application_identity

    configure_application_identity()
    QSettings().clear()  # each GUI test starts like a first run: no geometry or widths from others

    def refuse(name):
        def _raise(*args, **kwargs):
            raise ModalDialogOpened(f"a modal {name} was opened in a test; patch it")

        return _raise

    monkeypatch.setattr(QDialog, "exec", refuse("QDialog.exec"))
    monkeypatch.setattr(QMessageBox, "exec", refuse("QMessageBox.exec"))
    for name in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse(f"QFileDialog.{name}"))
    monkeypatch.setattr(QInputDialog, "getText", refuse("QInputDialog.getText"))
    yield
    _release_modifiers()


def _release_modifiers() -> None:
    """QTest's Ctrl+S can leave Ctrl "held" offscreen, and the next test's selectRow() in an
    extended-selection list then toggles instead of selecting: end each GUI test with no key held."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    probe = QWidget()
    probe.show()
    for key in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt):
        QTest.keyRelease(probe, key, Qt.KeyboardModifier.NoModifier)
    probe.close()
    probe.deleteLater()


@pytest.fixture
def window(qtbot, ctx):
    """The main window on a fresh database, shown offscreen (the first-run welcome has its
    own tests)."""
    from tests.pg_fixtures import show_window

    return show_window(qtbot, ctx)

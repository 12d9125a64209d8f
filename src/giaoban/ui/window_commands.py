"""What the main window's menu commands do (Tệp, Xem, Trợ giúp).

Each feature lives in its own module, imported when first used, so start-up stays fast; a
GiaobanError a feature raises is shown to the person, never raised out of the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.pages import AREAS


def run_feature(window: Any, feature: Callable[[Any], object]) -> None:
    """Run a menu feature on the window; a GiaobanError is shown, not raised."""
    try:
        feature(window)
    except GiaobanError as exc:
        ask.show_error(window, str(exc))


def backup_now(window: Any) -> None:
    """Tệp → Sao lưu ngay…"""
    from giaoban.ui.actions.backup import backup_now as feature

    run_feature(window, feature)


def restore(window: Any) -> None:
    """Tệp → Khôi phục từ bản sao lưu…"""
    from giaoban.ui.actions.backup import restore_from_file

    run_feature(window, restore_from_file)


def connect_server(window: Any) -> None:
    """Tệp → Kết nối máy chủ…: work on an office's PostgreSQL server in this window."""
    from giaoban.ui.dialogs.server_connect import connect_to_server

    run_feature(window, connect_to_server)


def open_trash(window: Any) -> None:
    """Tệp → Thùng rác."""
    from giaoban.ui.dialogs.trash import open_trash as feature

    run_feature(window, feature)


def open_history(window: Any) -> None:
    """Tệp → Lịch sử thay đổi."""
    from giaoban.ui.dialogs.history import open_history as feature

    run_feature(window, feature)


def open_global_search(window: Any) -> None:
    """Xem → Tìm kiếm toàn bộ… (Ctrl+F)."""
    from giaoban.ui.dialogs.global_search import open_global_search as feature

    run_feature(window, feature)


def open_settings(window: Any) -> None:
    """Tệp → Cài đặt… (non-modal; kept on the window so it is not collected)."""
    from giaoban.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.ctx, window)
    dialog.open()
    window._settings_dialog = dialog


def open_guide(window: Any) -> None:
    """F1: the guide, at the page of the area shown (ui.dialogs.guide)."""
    from giaoban.ui.dialogs.guide import open_guide as feature

    row = window.nav.currentRow()
    feature(window, AREAS[row].key if 0 <= row < len(AREAS) else "index")


def about(window: Any) -> None:
    """Trợ giúp → Giới thiệu giaoban: the version and where the data is."""
    from PySide6.QtWidgets import QMessageBox

    from giaoban import __version__

    QMessageBox.about(
        window,
        _("Giới thiệu giaoban"),
        _(
            "<b>giaoban {version}</b><br>Theo dõi giao ban công tác dân vận: biên bản, "
            "tâm tư – kiến nghị của Nhân dân và nhiệm vụ theo dõi.<br><br>"
            "Dữ liệu: {path}"
        ).format(version=__version__, path=window.ctx.db.path or window.ctx.db.url),
    )

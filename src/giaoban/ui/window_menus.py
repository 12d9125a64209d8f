"""The main window's menu bar (Tệp, Sửa, Xem, Trợ giúp) and the Edit commands a page may lack.

Apart from ui.main_window so that the window itself keeps to its pages and its database; what
each menu command does lives in ui.window_commands. The window is typed ``Any`` here: naming
its class would import ui.main_window back (tests/test_import_cycles.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from giaoban.i18n import _
from giaoban.ui import window_commands as commands
from giaoban.ui.icons import icon
from giaoban.ui.pages import AREAS

if TYPE_CHECKING:
    from giaoban.ui.widgets.page import Page


def make_action(window: Any, text: str, slot: Callable[..., object],
                shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
                icon_name: str | None = None, tip: str | None = None) -> QAction:
    """A window action whose tooltip names its shortcut (so the toolbar and menus teach it)."""
    action = QAction(icon(icon_name) if icon_name else QAction(window).icon(), text, window)
    if shortcut is not None:
        # the same as setShortcut(), without its overload check building every enum of Qt's
        # namespace in Python (~25 ms before the first paint)
        action.setShortcuts([QKeySequence(shortcut)])
    seq = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    plain = tip or text.replace("&", "").rstrip("…")
    action.setToolTip(f"{plain} ({seq})" if seq else plain)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: Any) -> None:
    """Fill the window's menu bar; the Edit actions are kept on the window (``save_action``…)
    so that each page can grey out those it does not have."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&Tệp"))
    file_menu.addAction(make_action(window, _("Kết nối &máy chủ…"), window.connect_server))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, _("&Sao lưu ngay…"),
                                    lambda: commands.backup_now(window), icon_name="backup"))
    file_menu.addAction(make_action(window, _("&Khôi phục từ bản sao lưu…"),
                                    lambda: commands.restore(window), icon_name="restore"))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, _("&Thùng rác"), lambda: commands.open_trash(window),
                                    icon_name="trash"))
    file_menu.addAction(make_action(window, _("&Lịch sử thay đổi"),
                                    lambda: commands.open_history(window), icon_name="history"))
    file_menu.addSeparator()
    # "Ctrl+," everywhere: the platform's Preferences key is the "Settings" media key on
    # Linux, shown in English in the menu (issue 13)
    file_menu.addAction(make_action(window, _("&Cài đặt…"), window.open_settings, "Ctrl+,",
                                    "settings"))
    file_menu.addSeparator()
    file_menu.addAction(make_action(window, _("T&hoát"), window.close, "Ctrl+Q"))
    _build_edit_menu(window)

    view = bar.addMenu(_("&Xem"))
    for index, area in enumerate(AREAS, start=1):
        view.addAction(make_action(window, _(area.title),
                                   lambda key=area.key: window.show_area(key),
                                   f"Ctrl+{index}", area.icon))
    view.addSeparator()
    view.addAction(make_action(window, _("&Tìm kiếm toàn bộ…"),
                               lambda: commands.open_global_search(window), "Ctrl+F", "search"))
    view.addAction(make_action(window, _("Tìm trong &trang"),
                               lambda: window.current_page().focus_search(), "Ctrl+L", "search"))
    view.addAction(make_action(window, _("Làm &mới"), lambda: window.current_page().refresh(),
                               "F5", "refresh"))

    help_menu = bar.addMenu(_("Trợ &giúp"))
    help_menu.addAction(make_action(window, _("&Hướng dẫn sử dụng"), window.open_guide, "F1"))
    help_menu.addAction(make_action(window, _("&Giới thiệu giaoban"), window.about))


def _build_edit_menu(window: Any) -> None:
    """Sửa: undo and redo of the window's stack, then the commands the current page carries out."""
    edit = window.menuBar().addMenu(_("&Sửa"))
    undo = window.undo_stack.createUndoAction(window, _("Hoàn tác"))
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    undo.setIcon(icon("undo"))
    redo = window.undo_stack.createRedoAction(window, _("Làm lại"))
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    redo.setIcon(icon("redo"))
    window.undo_action, window.redo_action = undo, redo
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    window.save_action = make_action(window, _("&Lưu"), lambda: window.current_page().save(),
                                     "Ctrl+S", "save")
    edit.addAction(window.save_action)
    window.new_action = make_action(window, _("Thêm &mới"),
                                    lambda: window.current_page().new_item(), "Ctrl+N", "add")
    edit.addAction(window.new_action)
    window.delete_action = make_action(window, _("&Xóa"),
                                       lambda: window.current_page().delete_selected(),
                                       QKeySequence.StandardKey.Delete, "delete",
                                       _("Chuyển mục đã chọn vào thùng rác"))
    edit.addAction(window.delete_action)
    edit.addSeparator()
    window.print_action = make_action(window, _("&In…"),
                                      lambda: window.current_page().print_preview(),
                                      "Ctrl+P", "print")
    edit.addAction(window.print_action)
    window.export_action = make_action(window, _("&Xuất danh sách…"),
                                       lambda: window.current_page().export(), "Ctrl+E", "export")
    edit.addAction(window.export_action)


def update_page_actions(window: Any, page: Page) -> None:
    """Grey out the Edit menu's commands the page does not have (no silent no-ops)."""
    from giaoban.ui.widgets.page import Page

    for action, name in ((window.new_action, "new_item"), (window.save_action, "save"),
                         (window.delete_action, "delete_selected"),
                         (window.print_action, "print_preview"),
                         (window.export_action, "export")):
        action.setEnabled(getattr(type(page), name) is not getattr(Page, name))

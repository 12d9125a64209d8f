"""Every list has a context menu, from the mouse and from the keyboard (Menu key, Shift+F10).

One application-wide filter serves every list view: a right click on a list, the Menu key or
Shift+F10 opens a menu of what can be done there — the actions of the nearest toolbar or row of
buttons around the list (the page's "Hoàn thành", "Gia hạn", … or a grid's "Thêm dòng", "Xóa
dòng") — and "Sao chép" for the current row. Disabled actions show disabled, with their
shortcuts, so the menu also teaches the keys.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QMenu,
    QToolBar,
    QWidget,
)

from giaoban.i18n import _


def actions_around(view: QWidget) -> list[QAction | None]:
    """The actions of the nearest toolbar(s) or action-carrying widget above ``view``."""
    widget = view.parentWidget()
    while widget is not None:
        bars = [bar for bar in widget.findChildren(QToolBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if not bar.isHidden()]
        found: list[QAction | None] = []
        for bar in bars:
            found += [None if a.isSeparator() else a for a in bar.actions() if a.isVisible()]
        if not found:
            found = [a for a in widget.actions() if a.isVisible() and a.text()]
        if found:
            return found
        widget = widget.parentWidget()
    return []


def row_text(view: QAbstractItemView, index: QModelIndex) -> str:
    """The visible cells of ``index``'s row, tab-separated (what "Sao chép" copies)."""
    model = view.model()
    if model is None or not index.isValid():
        return ""
    cells = []
    for column in range(model.columnCount(index.parent())):
        if hasattr(view, "isColumnHidden") and view.isColumnHidden(column):
            continue
        value = model.index(index.row(), column, index.parent()).data()
        cells.append("" if value is None else str(value))
    return "\t".join(cells)


def build_menu(view: QAbstractItemView) -> QMenu:
    """The menu of ``view``: the actions around it, then "Sao chép" for the current row."""
    menu = QMenu(view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    last_was_separator = True
    for action in actions_around(view):
        if action is None:
            if not last_was_separator:
                menu.addSeparator()
            last_was_separator = True
            continue
        menu.addAction(action)
        last_was_separator = False
    if not last_was_separator:
        menu.addSeparator()
    index = view.currentIndex()
    copy = menu.addAction(_("Sao chép dòng"))
    copy.setEnabled(index.isValid())
    copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(row_text(view, index)))
    return menu


class ListMenus(QObject):
    """The application-wide filter (``install``): context menus for every item view."""

    def eventFilter(self, watched: Any, event: Any) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(watched, QAbstractItemView):
            if _is_menu_key(event) and watched.state() != QAbstractItemView.State.EditingState \
                    and _is_list(watched):
                self.open(watched, keyboard=True)
                return True
        elif kind == QEvent.Type.ContextMenu and isinstance(watched, QWidget):
            view = watched.parentWidget()
            if isinstance(view, QAbstractItemView) and watched is view.viewport() and \
                    _is_list(view):
                index = view.indexAt(event.pos())
                if index.isValid():
                    view.setCurrentIndex(index)
                self.open(view, at=watched.mapToGlobal(event.pos()))
                return True
        return False

    def open(self, view: QAbstractItemView, *, keyboard: bool = False,
             at: QPoint | None = None) -> QMenu:
        """Show the menu: at the mouse, or under the current cell when opened by a key."""
        menu = build_menu(view)
        if at is None:
            rect = view.visualRect(view.currentIndex())
            corner = rect.bottomLeft() if rect.isValid() else QPoint(0, 0)
            at = view.viewport().mapToGlobal(corner)
        if keyboard and menu.actions():
            menu.setActiveAction(next((a for a in menu.actions() if a.isEnabled()),
                                      menu.actions()[0]))
        menu.popup(at)
        self.last_menu = menu
        return menu

    last_menu: QMenu | None = None

    @classmethod
    def install(cls, app: QApplication) -> ListMenus:
        """Once per application: later calls return the same filter."""
        existing = app.findChild(ListMenus)
        if isinstance(existing, ListMenus):
            return existing
        menus = cls(app)
        app.installEventFilter(menus)
        return menus


def _is_list(view: QAbstractItemView) -> bool:
    """A list of the program's own, not the inside of a drop-down, suggestion list or calendar."""
    if view.window().windowType() == Qt.WindowType.Popup:
        return False
    parent = view.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget | QComboBox):
            return False
        parent = parent.parentWidget()
    return True


def _is_menu_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_Menu and mods == Qt.KeyboardModifier.NoModifier) or (
        event.key() == Qt.Key.Key_F10 and mods == Qt.KeyboardModifier.ShiftModifier)

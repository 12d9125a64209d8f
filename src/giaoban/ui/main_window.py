"""The main window: navigation on the left, one page per area, menus, status bar.

The menus are built by ui.window_menus and carried out by ui.window_commands.

Pages are created the first time they are shown, so start-up stays fast. The window can be put
on screen before its database is open (``MainWindow()``: the sidebar, an empty page and "Đang mở
dữ liệu…"), and given it with :meth:`MainWindow.attach` once opened — the first paint never waits
for the database libraries, the file's check or the first page's figures. The window routes the
common shortcuts (UI.md "Keyboard") to the current page and asks before unsaved edits are lost.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _
from giaoban.ui import window_commands, window_menus
from giaoban.ui.dialogs import ask
from giaoban.ui.icons import app_icon, icon
from giaoban.ui.pages import AREAS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

    from giaoban.core.context import AppContext
    from giaoban.core.file_hold import FileHold
    from giaoban.ui.widgets.page import Page


def initial_geometry(available: QRect) -> QSize:
    """First start (nothing remembered): 1280×720, smaller where that and its frame would not fit
    the screen it opens on (a 1366×768 laptop keeps only ~728 px above the Windows taskbar; a
    1024×600 netbook ~560), but not below ``SMALLEST`` on a smaller one."""
    frame_w, frame = 16, 40  # borders; title bar and borders
    return QSize(max(SMALLEST.width(), min(1280, available.width() - frame_w)),
                 max(SMALLEST.height(), min(720, available.height() - frame)))


SMALLEST = QSize(640, 440)
"""Below this a first window is of no use (the pages scroll beneath it anyway)."""


def _scrolled(page: QWidget, parent: QWidget) -> QScrollArea:
    """The page in a frameless scroll area: where the window is smaller than the page needs (a
    1024×600 screen) the page scrolls instead of pushing the window off the screen; wherever
    there is room it fills the area and no scroll bar shows. (Qt's names are imported here: the
    ``Qt`` namespace alone costs ~30 ms of enums, which the first paint does not wait for.)"""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QScrollArea

    area = QScrollArea(parent)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class MainWindow(QMainWindow):
    """One window per database; ``ctx`` is shared by every page (None while it is being opened)."""

    populated = Signal()
    """The start page, given its database by :meth:`attach`, is filled and painted (the
    benchmark's "populated window"; the start-up work is queued right after)."""
    file_hold: FileHold | None = None  # the hold on the open file (set by ui.app)
    live_refresh: object | None = None  # listening on a server (ui.live_refresh), else None
    # the Edit menu's actions (ui.window_menus), greyed out where the page lacks the command
    undo_action: QAction
    redo_action: QAction
    save_action: QAction
    new_action: QAction
    delete_action: QAction
    print_action: QAction
    export_action: QAction
    _settings_dialog: QWidget

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach()
        self.undo_stack = QUndoStack(self)
        self.setWindowIcon(app_icon())
        self.pages: dict[str, Page] = {}
        self._current = 0
        self._waiting: list[Callable[[], object]] = []  # see when_populated

        self.nav = QListWidget(self)
        self.nav.setAccessibleName(_("Các khu vực"))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(200)
        self.nav.setObjectName("navigation")
        for index, area in enumerate(AREAS, start=1):
            item = QListWidgetItem(icon(area.icon), _(area.title))
            item.setToolTip(f"{_(area.title)} (Ctrl+{index})")
            self.nav.addItem(item)
        self.stack = QStackedWidget(self)
        for _area in AREAS:
            self.stack.addWidget(QWidget(self.stack))  # placeholders until first shown

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        window_menus.build_menus(self)
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)

        self.nav.currentRowChanged.connect(self._on_nav)
        self._restore_geometry()
        saved = QSettings().value("window/area", 0)  # an int, or its text from an INI file
        start = int(saved) if isinstance(saved, int | str) and str(saved).isdigit() else 0
        self._saved_area = start  # written again only when another area is shown
        if ctx is None:
            self._set_opening(True)
        self.nav.setCurrentRow(start if 0 <= start < len(AREAS) else 0)
        if ctx is not None:
            self.attach(ctx)

    _started = False

    def _set_opening(self, opening: bool) -> None:
        """While the database is being opened nothing can be used: the sidebar, the pages and
        the menu commands wait, and the status bar says why."""
        self.centralWidget().setEnabled(not opening)
        for action in self.actions():
            action.setEnabled(not opening)
        if opening:
            self.statusBar().showMessage(_("Đang mở dữ liệu…"))
            self.setWindowTitle("giaoban")
        else:
            self.statusBar().clearMessage()

    def prepare(self) -> None:
        """Load the code of the page the window opens on and of the context, so attach() only
        has to fill it (ui.app runs this while the file is being checked)."""
        import importlib

        importlib.import_module("giaoban.core.context")
        importlib.import_module("giaoban.core.seed")  # what opening runs after the check
        with suppress(ImportError):  # a page module named otherwise is simply loaded later
            importlib.import_module(f"giaoban.ui.pages.{AREAS[self._current].key}")
        # Every page lists something: the first table view of the program builds the Python
        # enums of Qt's item views (~120 types, tens of ms); one thrown away takes that here.
        from giaoban.ui.widgets.page import make_table

        make_table(self, "").deleteLater()

    def attach(self, ctx: AppContext) -> None:
        """Give the window its open database: the start area's page is made and filled; once it
        is painted, the work that waits for the window (welcome, reminders, backup, drafts)."""
        self.ctx = ctx
        self.db_label.setText(_("Dữ liệu: {name}").format(name=ctx.db.display_name))
        self.db_label.setToolTip(str(ctx.db.path or ctx.db.url))
        self._set_opening(False)
        self._activate(self._current)
        if ctx.db.path is None:  # others' changes on a server, without F5 (never on a file)
            from giaoban.ui import live_refresh
            live_refresh.install(self)
        QTimer.singleShot(0, self._show_populated)

    def _show_populated(self) -> None:
        """The start page is filled: lay it out and paint it now, say so (``populated``), and
        only then do the work that waits for the window — welcome, reminders, backup, drafts —
        so none of it holds the paint of the data (and all of it is done, as before, before
        the event loop turns to what the user typed meanwhile)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        # a layout settled may ask its parent's anew: all of them before the paint
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.repaint()  # nothing while hidden or minimized: the work below still follows
        self.populated.emit()
        self._after_start()

    def detach(self) -> None:
        """Let the open database go before another is attached (Tệp → Kết nối máy chủ…): the
        pages are dropped (made again on the next one), the undo history cleared, the file hold
        released and the old engine's connections closed. Ask may_discard_edits() first."""
        if self.live_refresh is not None:  # listening on a server
            from giaoban.ui import live_refresh
            live_refresh.stop(self)
        for key in list(self.pages):
            index = next(i for i, a in enumerate(AREAS) if a.key == key)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, QWidget(self.stack))
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.pages.clear()
        self.undo_stack.clear()
        previous, hold = self.ctx, self.file_hold
        self.file_hold = None
        if hold is not None:
            hold.release()
        if previous is not None:
            previous.db.dispose()

    def when_populated(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the start page is populated and painted, at once if it is already:
        what a page needs only on demand (a drop-down's choices) does not hold that paint."""
        if self._started:
            work()
        else:
            self._waiting.append(work)

    def _after_start(self) -> None:
        """Work that can wait until the window is on screen (what the pages left for then,
        reminders, start-up backup).

        Runs once; calling it early (tests) makes the queued call a no-op."""
        if self._started:
            return
        self._started = True
        waiting, self._waiting = self._waiting, []
        for work in waiting:
            work()
        from giaoban.ui import reminders, welcome
        from giaoban.ui.actions import startup
        from giaoban.ui.pages.briefing_editor.recovery import offer_recovery

        welcome.install(self)
        reminders.install(self)
        startup.install(self)
        offer_recovery(self)  # a briefing left unsaved by a program that died

    # --- pages --------------------------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page of an area, created on first use."""
        index = next(i for i, a in enumerate(AREAS) if a.key == key)
        return self._page_at(index)

    def _page_at(self, index: int) -> Page:
        area = AREAS[index]
        if area.key not in self.pages:
            from giaoban.ui.widgets.page import let_shrink

            page = area.create(self.ctx, self)
            let_shrink(page)  # its combos must not make the window wider than a small screen
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, _scrolled(page, self.stack))
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[area.key] = page
        return self.pages[area.key]

    def current_page(self) -> Page:
        return self._page_at(self._current)

    def show_area(self, key: str) -> Page:
        """Switch to an area (asking first if the current page has unsaved edits)."""
        index = next(i for i, a in enumerate(AREAS) if a.key == key)
        if index == self.nav.currentRow():
            self._activate(index)  # already there: still load or refresh it
        else:
            self.nav.setCurrentRow(index)
        return self.current_page()

    def _on_nav(self, index: int) -> None:
        if index < 0 or (index == self._current and self.pages):
            if index >= 0:
                self._activate(index)
            return
        if not self._may_leave_current_page():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._current)
            self.nav.blockSignals(False)
            return
        if self.pages:
            self.current_page().deactivated()
        self._activate(index)

    def _activate(self, index: int) -> None:
        self._current = index
        if self.ctx is None:  # still opening: attach() shows this area's page
            self.stack.setCurrentIndex(index)
            return
        page = self._page_at(index)
        self.stack.setCurrentIndex(index)
        if index != self._saved_area:  # each write rewrites the settings file (~2.5 ms)
            QSettings().setValue("window/area", index)
            self._saved_area = index
        self._update_title()
        window_menus.update_page_actions(self, page)
        try:
            page.activated()
        except GiaobanError as exc:
            ask.show_error(self, str(exc))

    def _may_leave_current_page(self) -> bool:
        if not self.pages:
            return True
        page = self.current_page()
        if not page.has_unsaved_changes():
            return True
        choice = ask.ask_save_changes(self, page.title or _("Trang này"))
        if choice is ask.Choice.SAVE:
            return page.save()
        if choice is ask.Choice.DISCARD:
            page.discard_changes()
            return True
        return False

    def _update_title(self) -> None:
        area = AREAS[self._current]
        self.setWindowTitle(f"{_(area.title)} — {self.ctx.db.display_name} — giaoban")

    # --- menus (ui.window_menus builds them, ui.window_commands does what they say) -----------

    def open_guide(self) -> None:
        """F1: the guide, at the page of the area shown."""
        window_commands.open_guide(self)

    def connect_server(self) -> None:
        """Tệp → Kết nối máy chủ…: work on an office's PostgreSQL server in this window."""
        window_commands.connect_server(self)

    def open_settings(self) -> None:
        """Tệp → Cài đặt…"""
        window_commands.open_settings(self)

    def about(self) -> None:
        """Trợ giúp → Giới thiệu giaoban."""
        window_commands.about(self)

    # --- window state -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(geometry):
            return
        available = self.screen().availableGeometry()
        size = initial_geometry(available)
        self.resize(size)
        # Centred in the free area with room for the title bar: a window manager's own placement
        # pushed a window of nearly the screen's height past its bottom edge.
        self.move(available.x() + max(0, (available.width() - size.width() - 16) // 2),
                  available.y() + max(0, (available.height() - size.height() - 40) // 2))

    def may_discard_edits(self) -> bool:
        """Ask about every page's unsaved edits (closing, or another database); False: keep."""
        if not self._may_leave_current_page():
            return False
        for key, page in self.pages.items():
            if page is not self.current_page() and page.has_unsaved_changes():
                self.show_area(key)
                if not self._may_leave_current_page():
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_discard_edits():
            event.ignore()
            return
        QSettings().setValue("window/geometry", self.saveGeometry())
        event.accept()

"""Start the GUI: QApplication, language, style, the main window on screen, then the database.

The order is what a person sees: the window (sidebar, an empty page, "Đang mở dữ liệu…") is
painted before the database libraries are imported; the file is then checked, opened and
migrated, and the first page filled. Nothing up to the first paint imports SQLAlchemy.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from giaoban.i18n import LANGUAGES, _, install_qt_translator, set_language
from giaoban.ui import import_hook

import_hook.speed_up()  # before the database libraries and the pages are imported

ORGANIZATION = "giaoban"
APPLICATION = "giaoban"


def configure_application_identity() -> None:
    """QSettings keys (window geometry, language) live under this name. The version number is
    set by :func:`run_gui` once the database libraries are loaded (they load what reading it
    needs; before them it costs a few hundredths of a second)."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)


def create_application(argv: list[str] | None = None, *, list_menus: bool = True) -> QApplication:
    """The QApplication with identity, style and stylesheet; reuses one that already exists.

    ``list_menus=False`` leaves the lists' context menus to :func:`install_list_menus` (the
    GUI's start does that once its first page is populated: loading that module costs ~12 ms of
    Qt enums, and its filter sees every event)."""
    running = QApplication.instance()  # typed as QCoreApplication by the stubs
    if running is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    elif isinstance(running, QApplication):
        app = running
    else:
        raise RuntimeError("the GUI needs a QApplication; a non-widget Qt application is running")
    configure_application_identity()
    if not QApplication.style() or QApplication.style().name().lower() == "windows":
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            QApplication.setStyle(fusion)
    from giaoban.ui.icons import app_icon

    if list_menus:
        install_list_menus(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("vn.gov.dangbo.giaoban")
    return app


def install_list_menus(app: QApplication) -> None:
    """Every list: right click, Menu key, Shift+F10 (one application-wide filter)."""
    from giaoban.ui.widgets.context_menu import ListMenus

    ListMenus.install(app)


def apply_qt_locale(language: str) -> None:
    """Qt's own words (calendar month and day names) in the program's language, whatever the
    computer's language is (offices often run an English Windows)."""
    if language == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def choose_language(explicit: str | None) -> str:
    """--lang wins, then the language saved in Settings, then Vietnamese."""
    if explicit is not None and explicit in LANGUAGES:
        return explicit
    saved = QSettings().value("language", "vi")
    return saved if saved in LANGUAGES else "vi"


FIRST_PAINT_WAIT_S = 0.5  # how long to wait for the window system to show the new window


def paint_now(app: QApplication, window: QWidget) -> None:
    """Let the window system map the shown window and let Qt paint it, before the long work of
    opening the database blocks the event loop."""
    deadline = time.monotonic() + FIRST_PAINT_WAIT_S
    app.processEvents()
    handle = window.windowHandle()
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    window.repaint()
    app.processEvents()


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    """Open the main window on the database; a bad database gets a message, not a traceback.

    One program per database file: a second start brings the first window forward and exits.
    The window is on screen first; the file is then health-checked and opened (see
    ui.actions.opening) and given to the window. If it cannot be opened, the window closes.

    Python's cyclic garbage collector waits until the first page is populated: the imports of
    the start (SQLAlchemy, pydantic, the tables) make objects by the hundred thousand, none of
    them garbage, and its passes over them cost ~40 ms of every start. It runs again from the
    populated paint on, or as soon as the start ends otherwise.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_gui(db, lang, on_populated=gc.enable if collecting else None)
    finally:
        if collecting:
            gc.enable()


def _run_gui(db: str | None, lang: str | None, *,
             on_populated: Callable[[], object] | None) -> int:
    """:func:`run_gui`'s work; ``on_populated`` is called once the first page is populated."""
    app = create_application(list_menus=False)
    language = choose_language(lang)
    set_language(language)
    apply_qt_locale(language)
    install_qt_translator(app)
    from giaoban.core.file_hold import identity, try_hold
    from giaoban.ui import bench_hook
    from giaoban.ui.actions.opening import gui_target, open_for_gui
    from giaoban.ui.dialogs import ask
    from giaoban.ui.instance import bring_forward, claim
    from giaoban.ui.main_window import MainWindow

    target = gui_target(db)
    guard = claim(target, app)
    if guard is None:
        ask.show_info(
            None,
            _("Tệp dữ liệu này đang được mở trong một cửa sổ giaoban khác; cửa sổ đó vừa được "
              "đưa lên trước. Hãy làm việc ở cửa sổ đó."),
            _("giaoban đang chạy"),
        )
        return 0
    held_elsewhere = _(
        "Tệp dữ liệu này đang được một chương trình giaoban khác ghi (một cửa sổ mở qua "
        "đường dẫn khác hoặc của người dùng khác, hoặc một lệnh đang chạy). Hãy đóng "
        "chương trình đó rồi mở lại.")
    hold = None
    if isinstance(target, Path) and target.is_file():  # hold it before anything may write
        hold = try_hold(target)
        if hold is None:
            ask.show_error(None, held_elsewhere, _("giaoban đang chạy"))
            guard.close()
            return 1
    held_identity = identity(target) if hold is not None and isinstance(target, Path) else ""
    window = MainWindow()  # on screen while the database is opened
    guard.raise_requested.connect(lambda: bring_forward(window))
    window.show()
    paint_now(app, window)
    bench_hook.painted(app, window)  # no-op unless the benchmark suite asked (env variable)

    ctx = open_for_gui(target, default=db is None, meanwhile=window.prepare)
    # read once the database libraries are loaded: they bring importlib.metadata (~25 ms alone)
    QCoreApplication.setApplicationVersion(__import__("giaoban").__version__)
    if ctx is None:
        window.close()
        guard.close()
        if hold is not None:
            hold.release()
        return 1
    if ctx.db.path is not None and (hold is None or identity(ctx.db.path) != held_identity):
        # a new file, or a damaged one replaced by its backup: hold the file now in place
        if hold is not None:
            hold.release()
        hold = try_hold(ctx.db.path)
        if hold is None:
            ask.show_error(None, held_elsewhere, _("giaoban đang chạy"))
            window.close()
            guard.close()
            ctx.db.dispose()
            return 1
    window.file_hold = hold  # a restore over a damaged file moves the hold to the new file
    bench_hook.install(app, window)  # no-op unless the benchmark suite asked (env variable)
    # The lists' menus once the page is on screen: their module builds Qt's enums (~12 ms) and
    # their application-wide filter sees every event of the page's filling and paint.
    window.populated.connect(lambda: install_list_menus(app))
    if on_populated is not None:
        window.populated.connect(on_populated)
    window.attach(ctx)
    code = app.exec()
    guard.close()
    ctx.db.dispose()
    if hold is not None:
        hold.release()
    return code

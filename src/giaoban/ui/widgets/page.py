"""The shape every area shares (UI.md "Page anatomy") and what the main window asks of a page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from giaoban.ui.icons import icon


class Page(QWidget):
    """An area of the main window. Override what applies; the window routes shortcuts here."""

    title = ""

    def activated(self) -> None:
        """Called each time the page is shown: load lazily, refresh if stale."""

    def deactivated(self) -> None:
        """Called when the user leaves for another area (after any unsaved edits were settled)."""

    def refresh(self) -> None:
        """F5: reload from the database."""

    def new_item(self) -> None:
        """Ctrl+N."""

    def focus_search(self) -> None:
        """Ctrl+L."""

    def delete_selected(self) -> None:
        """Delete."""

    def export(self) -> None:
        """Ctrl+E."""

    def print_preview(self) -> None:
        """Ctrl+P."""

    def save(self) -> bool:
        """Ctrl+S; returns False if nothing could be saved (errors shown at the fields)."""
        return True

    def has_unsaved_changes(self) -> bool:
        return False

    def discard_changes(self) -> None:
        """Forget unsaved edits (after the user chose "Không lưu")."""


COMBO_MIN_WIDTH = 80
SEARCH_MIN_WIDTH = 150


def let_shrink(widget: QWidget, width: int = COMBO_MIN_WIDTH) -> None:
    """Let the combo boxes and search boxes in ``widget`` be narrower than their content when
    the window is small (1024×600): they keep their full width wherever there is room (size
    hint), but no longer force the whole window wider than the screen (a combo's minimum is its
    longest entry: the task filters made the window 1248 px wide). Smaller set minimums stay."""
    from giaoban.ui.widgets.filter_bar import FilterBar

    for combo in widget.findChildren(QComboBox):
        if combo.minimumSizeHint().width() > width and not 0 < combo.minimumWidth() < width:
            combo.setMinimumWidth(width)
    for bar in widget.findChildren(FilterBar):
        bar.search.setMinimumWidth(min(bar.search.minimumWidth(), SEARCH_MIN_WIDTH))


FRAME = QSize(16, 40)  # a window's borders and title bar


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a dialog ``width``×``height``, or smaller where the screen it opens on (less its
    frame) is smaller (a 1024×600 netbook); its combos and search boxes may shrink to fit."""
    let_shrink(window)
    anchor = window.parentWidget() or window
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() - FRAME
    window.resize(min(width, room.width()), min(height, room.height()))


def make_action(parent: QWidget, text: str, icon_name: str | None, slot, shortcut: str | QKeySequence | None = None,
                tooltip: str | None = None) -> QAction:
    """An action with icon, text and a tooltip that names its shortcut."""
    action = QAction(icon(icon_name) if icon_name else icon(""), text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    label = tooltip or text.replace("&", "")
    if shortcut:
        seq = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        label = f"{label} ({seq})"
    action.setToolTip(label)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def make_toolbar(parent: QWidget, actions: list[QAction | None]) -> QToolBar:
    """A toolbar row of icon-and-text buttons; ``None`` adds a separator."""
    bar = QToolBar(parent)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.setMovable(False)
    for action in actions:
        if action is None:
            bar.addSeparator()
        else:
            bar.addAction(action)
    return bar


def make_table(parent: QWidget, accessible_name: str, *, multi: bool = False) -> QTableView:
    """A sortable, row-selecting table view with remembered header state (see remember_header)."""
    view = QTableView(parent)
    view.setAccessibleName(accessible_name)
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # Qt defaults to descending
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the list for the next field (arrows move in it)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def select_record(view: QTableView, proxy: QSortFilterProxyModel, record_id: int | None) -> bool:
    """Make the row of this record (a row with an ``id`` in the proxy's source model) the current
    and only selected one, scrolled into view; False when it is not listed or filtered out."""
    model: Any = proxy.sourceModel()
    for row in range(model.rowCount()):
        if model.row_at(row).id == record_id:
            index = proxy.mapFromSource(model.index(row, 0))
            if not index.isValid():
                return False
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            view.scrollTo(index)
            return True
    return False


SAVE_AFTER_MS = 400  # a list's column widths are saved this long after they last moved


def remember_header(view: QTableView, key: str) -> None:
    """Default column widths from the model's columns, then the widths saved under ``key``."""
    settings = QSettings()
    header = view.horizontalHeader()
    model = view.model()
    source = model.sourceModel() if hasattr(model, "sourceModel") else model
    char = view.fontMetrics().averageCharWidth()
    title_metrics = header.fontMetrics()
    for section, column in enumerate(getattr(source, "COLUMNS", ())):
        if getattr(column, "width", None):  # a lazy list's columns give pixels, set by its page
            # Never narrower than the heading (+ sort arrow): English headings are often longer.
            title = str(source.headerData(section, Qt.Orientation.Horizontal) or "")
            header.resizeSection(section, max(column.width * char + 16,
                                              title_metrics.horizontalAdvance(title) + 28))
    state = settings.value(f"header/{key}")
    if state is not None:
        header.restoreState(state)
    saved = [header.saveState()]

    def save() -> None:
        now = header.saveState()
        if now != saved[0]:
            saved[0] = now
            QSettings().setValue(f"header/{key}", now)

    # Written once the columns stop moving, and only if they changed: every pixel of a drag and
    # the layout's own resizes while a page is first shown each rewrote the settings file.
    later = QTimer(header)
    later.setSingleShot(True)
    later.setInterval(SAVE_AFTER_MS)
    later.timeout.connect(save)
    header.sectionResized.connect(lambda *_args: later.start())
    header.sectionMoved.connect(lambda *_args: later.start())


def remember_splitter(splitter: QSplitter, key: str) -> None:
    settings = QSettings()
    state = settings.value(f"splitter/{key}")
    if state is not None:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(
        lambda *_a: QSettings().setValue(f"splitter/{key}", splitter.saveState())
    )


class EmptyStateStack(QStackedWidget):
    """Shows the list, or a sentence saying what to do when there is nothing to list."""

    def __init__(self, content: QWidget, message: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        self.message = QLabel(message, holder)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("emptyState")
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addStretch(2)
        self.addWidget(content)
        self.addWidget(holder)

    def set_empty(self, empty: bool) -> None:
        self.setCurrentIndex(1 if empty else 0)

    def is_empty_shown(self) -> bool:
        return self.currentIndex() == 1

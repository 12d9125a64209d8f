"""The guide in the program (F1, Trợ giúp → Hướng dẫn sử dụng): offline, in the package.

Pages are Markdown files in ``resources/guide`` (Vietnamese), each starting with its "# title";
pictures of the real screens beside them in ``images/`` are made by the test suite
(``make guide-pictures``). F1 opens the page of the area the user is in. The search box finds
pages by their words, ignoring case and diacritics like every search in the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.text import fold
from giaoban.i18n import _
from giaoban.ui.dialogs.window_dialog import window_dialog

GUIDE = Path(__file__).resolve().parent.parent.parent / "resources" / "guide"
ORDER = ("index", "briefings", "aspirations", "tasks", "overview", "directory", "documents",
         "backups", "server", "shortcuts")


@dataclass(frozen=True)
class GuidePage:
    key: str
    title: str
    text: str  # Markdown

    @property
    def words(self) -> str:
        return fold(self.text)


@cache
def guide_pages() -> tuple[GuidePage, ...]:
    """Every page of the guide, in reading order (read once)."""
    pages = []
    for key in ORDER:
        path = GUIDE / f"{key}.md"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            title = text.splitlines()[0].lstrip("# ").strip() if text else key
            pages.append(GuidePage(key, title, text))
    return tuple(pages)


def find_pages(query: str) -> list[GuidePage]:
    """The pages holding every word of ``query`` (no case, no marks); all pages for no query."""
    wanted = fold(query).split()
    return [page for page in guide_pages() if all(word in page.words for word in wanted)]


class GuideDialog(QDialog):
    """Pages on the left (filtered by the search box), the chosen page on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Hướng dẫn sử dụng giaoban"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Tìm trong hướng dẫn (không cần gõ dấu)"))
        self.search.setAccessibleName(_("Tìm trong hướng dẫn"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.pages = QListWidget(self)
        self.pages.setAccessibleName(_("Các phần của hướng dẫn"))
        self.pages.currentItemChanged.connect(self._show_current)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(GUIDE)])
        self.browser.anchorClicked.connect(self._follow)
        self.found = QLabel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 650])
        self.pages.setWordWrap(True)  # long titles wrap instead of being cut
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.found)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.resize(940, 560)
        self._filter("")

    def open_at(self, key: str) -> None:
        """Show the page ``key`` (an area's key; the first page when the guide has none)."""
        self.search.clear()
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.pages.setCurrentRow(row)
                return
        self.pages.setCurrentRow(0)

    def current_key(self) -> str:
        item = self.pages.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _filter(self, query: str) -> None:
        shown = self.current_key()
        found = find_pages(query)
        self.pages.clear()
        for page in found:
            item = QListWidgetItem(page.title, self.pages)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
        self.found.setText(_("{n} phần").format(n=len(found)) if query.strip() else "")
        keys = [page.key for page in found]
        self.pages.setCurrentRow(keys.index(shown) if shown in keys else 0)
        if not found:
            self.browser.setMarkdown(_("Không tìm thấy “{query}” trong hướng dẫn.").format(
                query=query))

    def _show_current(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        page = next((p for p in guide_pages() if p.key == key), None)
        if page is not None:
            self.browser.setMarkdown(page.text)

    def _follow(self, url: QUrl) -> None:
        """A link to another page of the guide ("tasks.md") opens it here."""
        self.open_at(Path(url.path()).stem)


def open_guide(window: QWidget, key: str = "index") -> GuideDialog:
    """Open (or bring forward) the window's guide at the page ``key`` (non-modal)."""
    dialog = window_dialog(window, "guide_dialog", GuideDialog, lambda: GuideDialog(window))
    dialog.open_at(key)
    return dialog

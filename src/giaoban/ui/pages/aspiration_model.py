"""The register's id-backed lazy table model: 100k aspirations open as fast as 100.

The page gives the model the count of the filtered, sorted aspirations and a reader of their ids
a page at a time (core.services.aspiration_query); :class:`~giaoban.ui.models.lazy.LazyIdModel`
fetches the rows 50 at a time as the view shows them. Clicking a header asks the page for a new
order of ids from the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHeaderView, QTableView

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import label_of
from giaoban.core.oneline import one_line
from giaoban.core.services.aspiration_query import AspirationRow, aspiration_rows
from giaoban.i18n import _, format_date
from giaoban.ui.models.lazy import ID_ROLE, PAGE, LazyColumn, LazyIdModel

__all__ = ["ID_ROLE", "PAGE", "AspirationListModel"]


def _tasks(row: AspirationRow) -> str:
    """How many tasks handle it (their titles are in the detail below), not their numbers."""
    return _("{n} nhiệm vụ").format(n=len(row.task_ids)) if row.task_ids else ""


class AspirationListModel(LazyIdModel[AspirationRow]):
    """The register's columns; ids come from the page (``set_pages``), sorting through it."""

    row_page_size = 50  # a screen and a half: the first screen after a keystroke reads 50 rows

    DATE, BODY, KIND, FIELD, LOCALITY, CONTENT, STATUS, TASKS = range(8)
    COLUMNS = (
        LazyColumn(lambda: _("Ngày"), lambda r: format_date(r.raised_on), "raised_on"),
        LazyColumn(lambda: _("Cơ quan phản ánh"), lambda r: r.body, "organization"),
        LazyColumn(lambda: _("Loại"), lambda r: label_of(AspirationKind, r.kind), "kind"),
        LazyColumn(lambda: _("Lĩnh vực"), lambda r: label_of(AspirationField, r.field), "field"),
        LazyColumn(lambda: _("Địa bàn"), lambda r: r.locality, "locality"),
        LazyColumn(lambda: _("Nội dung"), lambda r: one_line(r.content, 160), "content",
                   tooltip=lambda r: r.content),
        LazyColumn(lambda: _("Trạng thái"), lambda r: label_of(AspirationStatus, r.status),
                   "status"),
        LazyColumn(lambda: _("Nhiệm vụ"), _tasks, "tasks"),
    )

    def fetch_rows(self, ids: list[int]) -> Iterable[AspirationRow]:
        return aspiration_rows(self.ctx, ids)


def default_widths(view: QTableView) -> None:
    """The register's column widths before the user's own are restored: every column fits 1366 px."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    samples = ("00/00/00000", "Ủy ban MTTQ Việt Nam tỉnh", "Nguyện vọng", "Đất đai – tài nguyên",
               "phường Tam Điệp", "", "Đang giải quyết", "Nhiệm vụ")
    for section, sample in enumerate(samples):
        if sample:
            header.resizeSection(section, metrics.horizontalAdvance(sample) + 18)
    header.resizeSection(AspirationListModel.CONTENT, metrics.averageCharWidth() * 40)
    header.setSectionResizeMode(AspirationListModel.CONTENT, QHeaderView.ResizeMode.Stretch)

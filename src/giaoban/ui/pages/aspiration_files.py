"""Export of the register from the page: ask for a file, write the filtered rows, say so.

The rows are written on a worker thread behind a progress dialog with "Hủy" (ui.widgets.progress).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from giaoban.core.csvfile import CsvForm, csv_file_filters
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.i18n import _, format_number
from giaoban.ui.widgets.progress import run_long


def export_filtered(page: Any) -> Path | None:
    """Ctrl+E on the register: XLSX (default) or CSV of exactly what the filters show."""
    suggested = str(Path.home() / (_("tam-tu-kien-nghi") + f"-{page.ctx.today():%Y%m%d}.xlsx"))
    csv_forms = csv_file_filters()
    name, selected = QFileDialog.getSaveFileName(
        page, _("Xuất danh sách tâm tư, kiến nghị"), suggested,
        ";;".join([_("Bảng tính Excel (*.xlsx)"), *csv_forms]))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")
    ctx, flt = page.ctx, page.filters.current()
    form = csv_forms.get(selected, CsvForm.EXCEL)

    def done(count: int) -> None:
        page._status(_("Đã xuất {n} dòng ra “{file}”.").format(
            n=format_number(count), file=path.name))

    page.long_task = run_long(
        page, _("Đang xuất danh sách tâm tư, kiến nghị…"),
        lambda progress, cancelled: export_aspirations(
            ctx, path, flt, csv_form=form, progress=progress, cancelled=cancelled),
        done, on_cancelled=lambda: page._status(_("Đã hủy xuất; không tạo tệp nào.")))
    return path

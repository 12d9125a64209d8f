"""Export of the register from the page: ask for a file, write the filtered rows, say so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from giaoban.core.errors import GiaobanError
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask


def export_filtered(page: Any) -> Path | None:
    """Ctrl+E on the register: XLSX (default) or CSV of exactly what the filters show."""
    suggested = str(Path.home() / (_("tam-tu-kien-nghi") + f"-{page.ctx.today():%Y%m%d}.xlsx"))
    name, _selected = QFileDialog.getSaveFileName(
        page, _("Xuất danh sách tâm tư, kiến nghị"), suggested,
        _("Bảng tính Excel (*.xlsx);;CSV UTF-8 (*.csv)"))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")
    try:
        count = export_aspirations(page.ctx, path, page.filters.current())
    except GiaobanError as exc:
        ask.show_error(page, str(exc))
        return None
    page._status(_("Đã xuất {n} dòng ra “{file}”.").format(n=format_number(count), file=path.name))
    return path

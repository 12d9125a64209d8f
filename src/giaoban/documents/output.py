"""Write a document to a file chosen by its extension, atomically.

The writer renders the document in memory and writes it into a temporary file beside the
target (every byte written and flushed to the disk, the size compared); the file is checked
whole (a PDF ends with ``%%EOF``, a DOCX/XLSX zip reads back) and only then replaces the target
in one step (``os.replace``): a failed export — a full disk, a folder one may not write — is one
GiaobanError line, leaves no half-written or temporary file and an existing file untouched
(``core.files``). Only the PDF needs Qt, and a QGuiApplication is created for it when none
exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from giaoban.core.errors import ValidationError
from giaoban.core.files import atomic_output
from giaoban.documents.blocks import Document
from giaoban.i18n import _

FORMATS = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel"}


def check_output_path(path: str | Path, allowed: tuple[str, ...] = tuple(FORMATS)) -> Path:
    """The output path, validated: a known extension and an existing folder."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in allowed:
        names = ", ".join(allowed)
        shown = suffix or _("(không có phần mở rộng)")
        raise ValidationError(
            {"out": _("Không xuất được tệp “{name}”: định dạng {shown} không được hỗ trợ, "
                      "hãy dùng {names}.").format(name=path.name, shown=shown, names=names)}
        )
    if path.is_dir():
        raise ValidationError({"out": _("“{path}” là một thư mục, hãy chọn tên tệp.").format(path=path)})
    if not path.parent.is_dir():
        raise ValidationError({"out": _("Thư mục “{folder}” không tồn tại.").format(folder=path.parent)})
    return path


def _writer(suffix: str) -> Callable[[Document, Path], Path]:
    if suffix == ".pdf":
        from giaoban.documents.pdf_writer import write_pdf

        return write_pdf
    if suffix == ".docx":
        from giaoban.documents.docx_writer import write_docx

        return write_docx
    from giaoban.documents.xlsx_writer import write_xlsx

    return write_xlsx


def render_to_file(document: Document, path: str | Path) -> Path:
    """Write ``document`` to ``path`` as PDF, Word or Excel (by extension); returns the path."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from giaoban.documents.xlsx_writer import has_sheets

        if not has_sheets(document):
            raise ValidationError({"out": _("Văn bản này không có bảng nào để xuất ra Excel.")})
    with atomic_output(path) as temp:
        _writer(suffix)(document, temp)
    return path

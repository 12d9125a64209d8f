"""Write a document to a file chosen by its extension, atomically.

The writer renders into a temporary file beside the target, which then replaces the target in
one step (``os.replace``): a failed export leaves no half-written file and an existing file
untouched. Only the PDF needs Qt, and a QGuiApplication is created for it when none exists.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from giaoban.core.errors import GiaobanError, ValidationError
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
    if suffix == ".xlsx" and not document.tables():
        raise ValidationError({"out": _("Văn bản này không có bảng nào để xuất ra Excel.")})
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{suffix}", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        _writer(suffix)(document, temp)
        if not temp.exists() or temp.stat().st_size == 0:
            raise GiaobanError(_("Không ghi được tệp “{name}”.").format(name=path.name))
        # mkstemp makes the file private; an export is meant to be shared like any document.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except OSError as exc:
        raise GiaobanError(
            _("Không ghi được tệp “{path}”: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    return path

"""Real files for the attachment tests, made on the spot: DOCX, XLSX, PDF (plain and encrypted),
a PNG, a zip bomb dressed as a workbook; and a task to hang them on."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from giaoban.core.context import AppContext
from giaoban.core.services import directory, tasks
from tests.conftest import TODAY


def make_task(ctx: AppContext, title: str = "Theo dõi kiến nghị về đường giao thông") -> int:
    unit = directory.list_organizations(ctx)[0].id
    task = tasks.create_task(ctx, title=title, lead_unit_id=unit, assigned_on=TODAY)
    assert task.id is not None
    return task.id


def make_docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Ô bảng"
    table.rows[0].cells[1].text = "kèmtheobảng"
    document.save(str(path))
    return path


def make_xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def make_pdf(path: Path, text: str) -> Path:
    """A real PDF with ``text`` on its page, written by Qt (a QGuiApplication must exist)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(QPointF(200, 400), text)
    painter.end()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mật-khẩu-bí-mật", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def make_zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A zip named like a workbook whose one member unpacks to ``megabytes`` MB of spaces."""
    block = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(block)
    return path

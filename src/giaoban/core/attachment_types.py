"""What an attached file really is: its media type from its first bytes, not from its name.

A file is indexed only when its content is a kind whose text we read (PDF, DOCX, XLSX, plain
text) and its name's extension agrees with that content. A zip whose members would unpack to far
more than the file itself (a "zip bomb") is never opened by a reader: the central directory is
read (it only lists the members) and the sizes it declares are checked first. The reasons a file
is not indexed are stored as their Vietnamese msgids and translated when shown.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from giaoban.i18n import N_

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ZIP = "application/zip"
OLE = "application/x-ole-storage"  # old Word/Excel (.doc, .xls)
TEXT = "text/plain"
OCTET = "application/octet-stream"
PNG, JPEG, GIF, TIFF, WEBP, BMP = ("image/png", "image/jpeg", "image/gif", "image/tiff",
                                   "image/webp", "image/bmp")

READABLE = frozenset({PDF, DOCX, XLSX, TEXT})  # the types whose text extraction reads
ZIPPED = frozenset({DOCX, XLSX, PPTX, ZIP})

# Why a file is not in the search index (stored as the msgid, shown through _()).
ENCRYPTED = N_("PDF được mã hóa")
ZIP_BOMB = N_("Tệp nén bất thường (nghi zip bomb)")
WRONG_EXTENSION = N_("Phần mở rộng không khớp nội dung")
TIMEOUT = N_("Quá thời gian trích xuất")
NO_TEXT = N_("Không có chữ để tìm (ảnh/tệp khác)")
EMPTY_TEXT = N_("Không thấy chữ trong tệp (có thể là bản quét)")
DAMAGED = N_("Tệp hỏng, không đọc được nội dung")
TOO_MUCH_MEMORY = N_("Đọc tệp cần quá nhiều bộ nhớ")
# Found, but only by part of its words (state "indexed" with this reason).
TOO_MANY_WORDS = N_("Tệp có quá nhiều từ khác nhau; chỉ tìm được theo các từ ở phần đầu")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"BM", BMP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)

# What the content must be for a name with this extension (others are not checked).
EXPECTED: dict[str, frozenset[str]] = {
    ".pdf": frozenset({PDF}),
    ".docx": frozenset({DOCX}),
    ".xlsx": frozenset({XLSX}),
    ".pptx": frozenset({PPTX}),
    ".zip": frozenset({ZIP, DOCX, XLSX, PPTX}),
    ".png": frozenset({PNG}),
    ".jpg": frozenset({JPEG}),
    ".jpeg": frozenset({JPEG}),
    ".gif": frozenset({GIF}),
    ".tif": frozenset({TIFF}),
    ".tiff": frozenset({TIFF}),
    ".webp": frozenset({WEBP}),
    ".bmp": frozenset({BMP}),
    ".txt": frozenset({TEXT}),
    ".csv": frozenset({TEXT}),
    ".doc": frozenset({OLE}),
    ".xls": frozenset({OLE}),
}

# A zip that unpacks to more than this, or to this many times its own size once it is bigger
# than MIN_SUSPECT, is refused before any reader opens it. Office files compress XML 5–30×.
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_RATIO = 200
MIN_SUSPECT = 10 * 1024 * 1024
MAX_MEMBERS = 20_000
_TEXT_PROBE = 8192


def _zip_type(names: set[str]) -> str:
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    return ZIP


def zip_is_bomb(archive: zipfile.ZipFile, size: int) -> bool:
    """Whether the members a zip declares would unpack to far more than is sane (see above)."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return True
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos), size // 2)
    return unpacked > MAX_UNPACKED or (unpacked > MIN_SUSPECT and unpacked / packed > MAX_RATIO)


def sniff(data: bytes) -> tuple[str, str]:
    """The media type of ``data`` and, for a zip bomb, the reason it will not be indexed."""
    head = data[:16]
    if b"%PDF-" in data[:1024]:
        return PDF, ""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if zip_is_bomb(archive, len(data)):
                    return _zip_type(set(archive.namelist())), ZIP_BOMB
                return _zip_type(set(archive.namelist())), ""
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return ZIP, DAMAGED
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP, ""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type, ""
    probe = data[:_TEXT_PROBE]
    if probe and b"\x00" not in probe:
        return TEXT, ""
    return OCTET, ""


def extension_matches(name: str, media_type: str) -> bool:
    """False when the name's extension promises another kind of content than the bytes hold."""
    expected = EXPECTED.get(PurePath(name).suffix.lower())
    return expected is None or media_type in expected


def first_state(name: str, data: bytes) -> tuple[str, str]:
    """The media type of a new file and why it will not be indexed ("" when it will be)."""
    media_type, reason = sniff(data)
    if reason:
        return media_type, reason
    if not extension_matches(name, media_type):
        return media_type, WRONG_EXTENSION
    if media_type not in READABLE:
        return media_type, NO_TEXT
    return media_type, ""

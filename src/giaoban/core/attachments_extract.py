"""The text of an attached file, read in a process of its own: ``python -m`` this module (the
frozen program: ``giaoban --extract-attachment``, packaging/entry_point.py).

The parent (core/services/attachments_index.py) writes the file's bytes on stdin with its media
type as the only argument, waits a limited time, and reads one JSON object on stdout:
``{"state": "indexed"|"not_indexed", "text": "...", "reason": "<msgid>"}``. A hostile file can
only waste this process: its address space is capped (where the system allows), the parent kills
it when its time is up, zip containers are measured before a reader opens them, and at most
MAX_TEXT characters of text come back. Exit code 3: it ran out of memory.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator

from giaoban.core import attachment_types as types
from giaoban.core.enums import IndexState

MAX_TEXT = 2_000_000  # characters kept of a file's text (a few hundred pages)
FROZEN_FLAG = "--extract-attachment"  # how the frozen program is told to be this child
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space (RLIMIT_AS, not on Windows)
OUT_OF_MEMORY = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

Result = tuple[str, str, str]  # state, text, reason msgid
_NOT, _DONE = IndexState.NOT_INDEXED.value, IndexState.INDEXED.value


def _limited(pieces: Iterable[str]) -> str:
    """Join text pieces until MAX_TEXT characters, without reading further than needed."""
    kept: list[str] = []
    total = 0
    for piece in pieces:
        if not piece:
            continue
        kept.append(piece)
        total += len(piece) + 1
        if total >= MAX_TEXT:
            break
    text = "\n".join(kept)[:MAX_TEXT]
    text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    return _CONTROL.sub(" ", text)


def _pdf(data: bytes) -> Iterator[str] | str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return types.ENCRYPTED
    return (page.extract_text() or "" for page in reader.pages)


def _zip_checked(data: bytes) -> str:
    """The zip-bomb reason when the container is not safe to open, else ""."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return types.ZIP_BOMB if types.zip_is_bomb(archive, len(data)) else ""


def _docx(data: bytes) -> Iterator[str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


def _xlsx(data: bytes) -> Iterator[str]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                yield " ".join(str(value) for value in row if value is not None)
    finally:
        book.close()


def extract(data: bytes, media_type: str) -> Result:
    """Read the text of ``data`` (of ``media_type``): indexed with its text, or why not."""
    if media_type not in types.READABLE:
        return _NOT, "", types.NO_TEXT
    try:
        if media_type in types.ZIPPED and (reason := _zip_checked(data)):
            return _NOT, "", reason
        pieces: Iterable[str] | str
        if media_type == types.PDF:
            pieces = _pdf(data)
        elif media_type == types.DOCX:
            pieces = _docx(data)
        elif media_type == types.XLSX:
            pieces = _xlsx(data)
        else:
            pieces = [data.decode("utf-8", errors="replace")]
        if isinstance(pieces, str):
            return _NOT, "", pieces
        text = _limited(pieces)
    except MemoryError:
        raise
    except Exception:  # whatever a damaged file makes a reader raise: not indexed, says why
        return _NOT, "", types.DAMAGED
    if not text.strip():
        return _NOT, "", types.EMPTY_TEXT
    return _DONE, text, ""


def limit_memory(limit: int = MEMORY_LIMIT) -> None:
    """Cap this process's address space where the system has the means (not on Windows)."""
    try:
        import resource
    except ImportError:
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > wanted:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        return


def main(argv: list[str]) -> int:
    """Read the bytes on stdin, write the result as JSON on stdout."""
    limit_memory()
    media_type = argv[1] if len(argv) > 1 else types.OCTET
    stdin = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb", closefd=False)
    data = stdin.read()
    try:
        state, text, reason = extract(data, media_type)
    except MemoryError:
        return OUT_OF_MEMORY
    answer = json.dumps({"state": state, "text": text, "reason": reason}).encode("ascii")
    with os.fdopen(1, "wb", closefd=False) as stdout:  # also where a windowed build has none
        stdout.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

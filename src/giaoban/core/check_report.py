"""What a health check found (shared by the SQLite file's and the server's check)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from giaoban.i18n import _, format_number

MAX_NAMED = 5


@dataclass
class CheckReport:
    """Every line in order; the problems among them also in ``problems`` (stderr in the CLI)."""

    ok: bool = True
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)
        self.problems.append(line)


def report_damaged(report: CheckReport, files: Iterable[tuple[int, str]]) -> None:
    """One problem line naming the attached files (id, name) whose stored bytes are damaged."""
    named = _("“{name}” (số {id})")
    names = [named.format(name=name, id=row_id) for row_id, name in files]
    shown = ", ".join(names[:MAX_NAMED]) + (", …" if len(names) > MAX_NAMED else "")
    report.problem(_("{n} tệp đính kèm bị hỏng (nội dung không khớp mã kiểm tra SHA-256): "
                     "{names}. Hãy khôi phục từ một bản sao lưu.").format(
        n=format_number(max(1, len(names))), names=shown))


def intact(content: Any, size: int, sha256: str) -> bool:
    """Whether stored bytes are still what was stored: their size and SHA-256 (the check and
    every read of an attached file ask the same)."""
    return isinstance(content, bytes | bytearray | memoryview) and len(content) == size \
        and hashlib.sha256(bytes(content)).hexdigest() == sha256


def check_attachments(report: CheckReport, files: int,
                      blobs: Iterable[tuple[int, str, int, Any]],
                      names_of: Callable[[list[int]], Iterable[tuple[int, str]]]) -> None:
    """The attached files' count line, then every stored file (id, SHA-256, size, bytes) read
    once against its size and hash; the files using damaged bytes named by ``names_of``."""
    label = _("Số tệp đính kèm")
    report.lines.append(f"{label}: {format_number(files)}")
    damaged = [blob_id for blob_id, digest, size, content in blobs
               if not intact(content, size, digest)]
    if damaged:
        report_damaged(report, names_of(damaged))

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


Blob = tuple[int, str, int, Any]  # a stored file: id, SHA-256, size, bytes


def check_attachments(report: CheckReport, files: int, blobs: Iterable[Blob],
                      names_of: Callable[[list[int]], Iterable[tuple[int, str]]]) -> None:
    """The attached files' count line, then every stored file read once against its size and
    hash; the files using damaged bytes named by ``names_of`` (given the damaged blobs' ids)."""
    label = _("Số tệp đính kèm")
    report.lines.append(f"{label}: {format_number(files)}")
    damaged = [blob_id for blob_id, digest, size, content in blobs
               if not intact(content, size, digest)]
    if damaged:
        report_damaged(report, names_of(damaged))


def report_contents(report: CheckReport, count_of: Callable[[str], int],
                    blobs: Callable[[], Iterable[Blob]] | None,
                    names_of: Callable[[list[int]], Iterable[tuple[int, str]]]) -> CheckReport:
    """What the SQLite file's and the server's check both say once the database opened: each
    kind's count (``count_of`` a table's rows), the attached files (``blobs`` None when the
    schema has none yet) and, when nothing was wrong, that no problem was found."""
    from giaoban.core import kinds

    for kind in kinds.counted():
        report.lines.append(f"{_(kind.count_msgid)}: {format_number(count_of(kind.name))}")
    if blobs is not None:
        check_attachments(report, count_of("attachment"), blobs(), names_of)
    if report.ok:
        report.lines.append(_("Không phát hiện vấn đề."))
    return report

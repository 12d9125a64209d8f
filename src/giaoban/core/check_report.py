"""What a health check found (shared by the SQLite file's and the server's check)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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

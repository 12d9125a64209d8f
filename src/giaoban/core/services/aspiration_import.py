"""Import aspirations from the bodies' Excel lists: read and check first, then all or nothing.

:func:`read_workbook` opens the file read-only (it is never modified), finds the header row under
any title rows, maps the columns (known Vietnamese names and their variants, or a mapping the user
chose), converts every row and validates it with ``clean_aspiration``; it returns a plan listing
the rows that can be imported and every row that cannot, with its row number and reason.
:func:`~giaoban.core.services.aspiration_import_write.import_aspirations` then writes the plan's
valid rows, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from giaoban.core.errors import GiaobanError
from giaoban.core.models import Aspiration, Briefing, Organization
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.services.aspiration_columns import IGNORE, cell_text, header_target
from giaoban.core.services.import_aliases import alias_key, remembered, remembered_values
from giaoban.core.services.import_convert import RowConverter, row_problems, skipped_row
from giaoban.core.services.import_plan import ImportPlan, ImportProblem
from giaoban.core.services.import_sheet import ImportBook, ImportSheet
from giaoban.core.services.org_match import OrganizationMatcher
from giaoban.core.text import fold
from giaoban.i18n import _, format_number

__all__ = ["ImportPlan", "ImportProblem", "formula_text", "open_import_book",
           "open_workbook", "read_workbook"]

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.context import AppContext

A: Any = Aspiration  # SQL expressions (mypy sees plain attribute types)
Org: Any = Organization
Row = tuple[int, tuple[Any, ...]]  # (the spreadsheet's row number, its cell values)
T = TypeVar("T")
HEADER_SCAN_ROWS = 30
MAX_ROWS = 50_000


def open_workbook(path: Path) -> Any:
    """The workbook opened read-only with openpyxl (never modified, formulas as their text); one
    clear error for a missing, old-format or unreadable file."""
    from openpyxl import load_workbook

    return _opened(path, lambda: load_workbook(path, read_only=True, data_only=False))


def open_import_book(path: Path) -> ImportBook:
    """The workbook opened for the import's fast reading (``import_sheet``); the same errors."""
    return _opened(path, lambda: ImportBook(path))


def _opened(path: Path, opener: Callable[[], T]) -> T:
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise GiaobanError(_("Không tìm thấy tệp “{file}”.").format(file=path))
    if path.suffix.lower() == ".xls":
        raise GiaobanError(_("“{file}” là tệp Excel cũ (.xls): hãy mở bằng Excel và lưu lại dạng "
                             ".xlsx rồi nhập.").format(file=path.name))
    try:
        # data_only=False: a formula cell is read as its formula's text ("=HYPERLINK(…)"), kept
        # and shown as text. Never evaluated, and never its cached value either: that value is
        # whatever the file's author (or a WEBSERVICE call on their machine) put there, and an
        # openpyxl-made file has none at all.
        return opener()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError,
            SyntaxError) as exc:  # SyntaxError: a damaged XML part (ElementTree's and lxml's)
        raise GiaobanError(_("“{file}” không phải tệp Excel (.xlsx) đọc được.").format(
            file=path.name)) from exc


def _find_header(rows: list[Row]) -> tuple[int, dict[int, str]] | None:
    """Index of the first row that names a content column and at least one other known column."""
    for index, (_number, row) in enumerate(rows[:HEADER_SCAN_ROWS]):
        targets = {col: header_target(value) for col, value in enumerate(row)}
        known = [t for t in targets.values() if t and t != IGNORE]
        if "content" in known and len(known) >= 2:
            return index, {col: t for col, t in targets.items() if t}
    return None


def read_workbook(
    ctx: AppContext,
    path: Path | str,
    *,
    briefing_id: int | None = None,
    mapping: dict[int, str] | None = None,
    default_organization_id: int | None = None,
    aliases: dict[str, int] | None = None,
    value_aliases: dict[tuple[str, str], str] | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportPlan:
    """Read and check a spreadsheet without writing anything; see the module docstring.

    Rows are checked as they are read (streamed, never all held as cells): the first sheet whose
    first rows hold a header is the list. ``progress(done, total)`` hears how far reading and
    checking are; ``cancelled()`` returning True stops the work with :class:`Cancelled` (nothing
    is written either way).
    """
    path = Path(path)
    steps = Steps(progress, cancelled)
    steps.check()
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block forever
        raise GiaobanError(_("“{file}” không phải tệp thường (có thể là ống dẫn hoặc thiết bị), "
                             "không đọc được như một tệp Excel.").format(file=path.name))
    workbook = open_import_book(path)
    try:
        steps.total = max(1, sum(_size(ws, path) for ws in workbook.worksheets))
        for ws in workbook.worksheets:
            rows = _sheet_rows(ws, path, steps)
            head = list(islice(rows, HEADER_SCAN_ROWS))
            found = _find_header(head)
            if found is None:
                continue
            header_index, auto = found
            header_row, header = head[header_index]
            plan = ImportPlan(path=path, sheet=ws.title, header_row=header_row,
                              briefing_id=briefing_id, aliases=dict(aliases or {}),
                              value_aliases=dict(value_aliases or {}))
            plan.headers = {col: cell_text(v) for col, v in enumerate(header) if cell_text(v)}
            plan.mapping = dict(auto)
            plan.mapping.update(mapping or {})
            plan.unknown_columns = [col for col in plan.headers if col not in plan.mapping]
            _check_rows(ctx, plan, chain(head[header_index + 1:], rows), default_organization_id,
                        steps)
            plan.checked = True
            steps.report(steps.total)
            return plan
    finally:
        workbook.close()
    raise GiaobanError(_(
        "Không tìm thấy dòng tiêu đề trong “{file}”: cần ít nhất cột “Nội dung” và một cột "
        "khác như “Ngày”, “Cơ quan phản ánh”.").format(file=path.name))


def _unreadable(path: Path) -> GiaobanError:
    return GiaobanError(_("Không đọc được nội dung tệp “{file}”.").format(file=path.name))


def _size(ws: ImportSheet, path: Path) -> int:
    """The rows a sheet says it has (for progress only)."""
    try:
        return ws.size()
    except Exception as exc:  # a damaged part inside a valid zip
        raise _unreadable(path) from exc


def _sheet_rows(ws: ImportSheet, path: Path, steps: Steps) -> Iterator[Row]:
    """A sheet's non-empty rows with their numbers, as they are read, reporting as they go.

    Empty rows are skipped as they are read, never kept: one stray cell at row 1,048,576 makes
    a sheet a million rows long, nearly all of them empty.
    """
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    formulas = (ArrayFormula, DataTableFormula)
    last = 0
    try:
        for number, row in ws.rows():
            steps.tick(max(1, number - last))
            last = number
            for value in row:
                if value is not None and not (isinstance(value, str) and not value.strip()):
                    break
            else:
                continue
            yield number, (tuple(formula_text(value) for value in row)
                           if any(isinstance(value, formulas) for value in row) else row)
    except GiaobanError:  # a cancel
        raise
    except Exception as exc:  # a damaged part inside a valid zip
        raise _unreadable(path) from exc


def formula_text(value: Any) -> Any:
    """A cell's value, an array formula as its text ("=SUM(…)"); a what-if data table has none."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, DataTableFormula):
        return None
    return value


def _check_rows(ctx: AppContext, plan: ImportPlan, rows: Iterable[Row],
                default_organization_id: int | None, steps: Steps) -> None:
    """Convert and check each row under the header (empty rows were never read, only counted);
    more than MAX_ROWS filled rows are refused."""
    with ctx.session() as session:
        briefing = _briefing(session, plan.briefing_id)
        chosen = {alias_key(name): org_id for name, org_id in plan.aliases.items()}
        matcher = OrganizationMatcher(session.execute(sa.select(Organization)).scalars(),
                                      remembered(session) | chosen)
        plan.known_values = remembered_values(session) | {
            (column, alias_key(written)): value
            for (column, written), value in plan.value_aliases.items()}
        converter = RowConverter(plan, matcher, briefing, default_organization_id)
        columns = [(col, target) for col, target in plan.mapping.items() if target != IGNORE]
        seen: dict[tuple[int, dt.date, str], int] = {}
        previous, count = plan.header_row, 0
        for number, row in rows:
            count += 1
            if count > MAX_ROWS:
                raise GiaobanError(_("Tệp có quá nhiều dòng (tối đa {n}).").format(
                    n=format_number(MAX_ROWS)))
            plan.skipped_blank += number - previous - 1  # the empty rows since the last one
            previous = number
            if skipped_row(row):
                plan.skipped_blank += 1
                continue
            width = len(row)
            cells = {target: row[col] if col < width else None for col, target in columns}
            values, problems = converter.convert(cells)
            cleaned, reasons = row_problems(session, values, problems)
            if cleaned is None:
                plan.problems.append(ImportProblem(number, reasons))
                continue
            key = (cleaned["organization_id"], cleaned["raised_on"], fold(cleaned["content"]))
            if key in seen:
                plan.problems.append(ImportProblem(number, _(
                    "Trùng với dòng {row} trong tệp.").format(row=seen[key])))
                continue
            seen[key] = number
            plan.rows.append((number, cleaned))
        _drop_already_recorded(session, plan, seen)


def _briefing(session: Session, briefing_id: int | None) -> Briefing | None:
    if briefing_id is None:
        return None
    briefing = session.get(Briefing, briefing_id)
    if briefing is None or briefing.deleted_at is not None:
        raise GiaobanError(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
    return briefing


def _drop_already_recorded(session: Session, plan: ImportPlan,
                           keys: dict[tuple[int, dt.date, str], int]) -> None:
    """Rows already in the register (same body, date and content) are reported, not doubled.

    ``keys``: each planned row's (body, date, folded content) → its row number. Only register
    rows of a body and date the file names have their content folded to compare.
    """
    pairs = {(org_id, day) for org_id, day, _content in keys}
    dates = sorted({day for _org, day in pairs})
    existing: dict[int, int] = {}  # row number → id of the register row it repeats
    for start in range(0, len(dates), 500):
        statement = sa.select(A.id, A.organization_id, A.raised_on, A.content).where(
            A.raised_on.in_(dates[start:start + 500]), A.deleted_at.is_(None))
        for row_id, org_id, raised_on, content in session.execute(statement):
            if (org_id, raised_on) in pairs:
                number = keys.get((org_id, raised_on, fold(content)))
                if number is not None:
                    existing[number] = row_id
    if existing:
        plan.problems.extend(ImportProblem(number, _(
            "Đã có trong sổ theo dõi (số {id}).").format(id=row_id))
            for number, row_id in existing.items())
        plan.rows = [(number, values) for number, values in plan.rows if number not in existing]
    plan.problems.sort(key=lambda problem: problem.row)

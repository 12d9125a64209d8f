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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.models import Aspiration, Briefing, Organization
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.services.aspiration_columns import (
    IGNORE,
    TARGETS,
    CellError,
    cell_date,
    cell_field,
    cell_kind,
    cell_status,
    cell_text,
    header_target,
)
from giaoban.core.services.aspirations import clean_aspiration
from giaoban.core.services.import_aliases import alias_key, remembered, remembered_values
from giaoban.core.services.org_match import OrganizationMatcher
from giaoban.core.text import fold
from giaoban.i18n import _, format_number

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.context import AppContext

A: Any = Aspiration  # SQL expressions (mypy sees plain attribute types)
Org: Any = Organization
Row = tuple[int, tuple[Any, ...]]  # (the spreadsheet's row number, its cell values)
HEADER_SCAN_ROWS = 30
MAX_ROWS = 50_000


@dataclass(frozen=True)
class ImportProblem:
    row: int  # the spreadsheet's own row number (1-based), as Excel shows it
    reason: str


@dataclass
class ImportPlan:
    """What an import would do: rows ready to write and rows refused, with reasons."""

    path: Path
    sheet: str = ""
    header_row: int = 0
    headers: dict[int, str] = field(default_factory=dict)  # column index → header text
    mapping: dict[int, str] = field(default_factory=dict)  # column index → target field
    unknown_columns: list[int] = field(default_factory=list)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unmatched_bodies: dict[str, int] = field(default_factory=dict)  # name → rows
    skipped_blank: int = 0
    briefing_id: int | None = None
    aliases: dict[str, int] = field(default_factory=dict)  # names mapped this time → org id
    unmatched_spelling: dict[str, str] = field(default_factory=dict, repr=False)  # key → first
    # kind/field/status words not in the catalogue: (column, as first written) → rows
    unmatched_values: dict[tuple[str, str], int] = field(default_factory=dict)
    value_aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # chosen this time
    known_values: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)


def open_workbook(path: Path) -> Any:
    """The workbook opened read-only (never modified, formulas as their text); one clear error
    for a missing, old-format or unreadable file."""
    from openpyxl import load_workbook
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
        return load_workbook(path, read_only=True, data_only=False)
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


def _numbering_row(cells: list[str]) -> bool:
    """The '(1) (2) (3)' row many forms put under the header."""
    filled = [c for c in cells if c]
    return bool(filled) and all(c.strip("()").isdigit() for c in filled)


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

    ``progress(done, total)`` hears how far reading and checking are; ``cancelled()`` returning
    True stops the work with :class:`Cancelled` (nothing is written either way).
    """
    path = Path(path)
    steps = Steps(progress, cancelled)
    steps.check()
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block forever
        raise GiaobanError(_("“{file}” không phải tệp thường (có thể là ống dẫn hoặc thiết bị), "
                             "không đọc được như một tệp Excel.").format(file=path.name))
    workbook = open_workbook(path)
    try:
        sheets = _read_sheets(workbook, steps)
    except GiaobanError:
        raise
    except Exception as exc:  # a damaged part inside a valid zip
        raise GiaobanError(_("Không đọc được nội dung tệp “{file}”.").format(file=path.name)) from exc
    finally:
        workbook.close()
    candidates = ((title, rows, _find_header(rows)) for title, rows in sheets)
    title, rows, found = next((c for c in candidates if c[2] is not None), ("", [], None))
    if found is None:
        raise GiaobanError(_(
            "Không tìm thấy dòng tiêu đề trong “{file}”: cần ít nhất cột “Nội dung” và một cột "
            "khác như “Ngày”, “Cơ quan phản ánh”.").format(file=path.name))
    header_index, auto = found
    header_row, header = rows[header_index]
    plan = ImportPlan(path=path, sheet=title, header_row=header_row, briefing_id=briefing_id,
                      aliases=dict(aliases or {}), value_aliases=dict(value_aliases or {}))
    plan.headers = {col: cell_text(v) for col, v in enumerate(header) if cell_text(v)}
    plan.mapping = dict(auto)
    plan.mapping.update(mapping or {})
    plan.unknown_columns = [col for col in plan.headers if col not in plan.mapping]
    _check_rows(ctx, plan, rows[header_index + 1:], default_organization_id, steps)
    return plan


def _read_sheets(workbook: Any, steps: Steps) -> list[tuple[str, list[Row]]]:
    """Every sheet's non-empty rows with their numbers, reporting as they are read.

    Empty rows are skipped as they are read, never kept or counted against MAX_ROWS: one stray
    cell at row 1,048,576 makes a sheet a million rows long, nearly all of them empty. Reading
    stops after MAX_ROWS + HEADER_SCAN_ROWS non-empty rows (more is refused when checking).
    """
    sizes = [ws.max_row or 0 for ws in workbook.worksheets]
    steps.total = 2 * max(1, sum(sizes))  # reading is about half the work, checking the rest
    sheets = []
    for ws in workbook.worksheets:
        rows: list[Row] = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            steps.tick()
            if all(value is None or (isinstance(value, str) and not value.strip())
                   for value in row):
                continue
            rows.append((number, tuple(formula_text(value) for value in row)))
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                break
        sheets.append((ws.title, rows))
    return sheets


def formula_text(value: Any) -> Any:
    """A cell's value, an array formula as its text ("=SUM(…)"); a what-if data table has none."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, DataTableFormula):
        return None
    return value


def _blank_test_text(value: Any) -> str:
    """A cell's text to tell blank and numbering rows; a cell with a control character is not
    blank (its row is refused, by its column, if that column is imported)."""
    try:
        return cell_text(value)
    except ValidationError:
        return "?"


def _check_rows(ctx: AppContext, plan: ImportPlan, rows: list[Row],
                default_organization_id: int | None, steps: Steps) -> None:
    """Convert and check each row under the header (empty rows were never read, only counted)."""
    if len(rows) > MAX_ROWS:
        raise GiaobanError(_("Tệp có quá nhiều dòng (tối đa {n}).").format(n=format_number(MAX_ROWS)))
    read = steps.done
    steps.report(read, read + len(rows))
    with ctx.session() as session:
        briefing = _briefing(session, plan.briefing_id)
        chosen = {alias_key(name): org_id for name, org_id in plan.aliases.items()}
        matcher = OrganizationMatcher(session.execute(sa.select(Organization)).scalars(),
                                      remembered(session) | chosen)
        plan.known_values = remembered_values(session) | {
            (column, alias_key(written)): value
            for (column, written), value in plan.value_aliases.items()}
        seen: dict[tuple[int, dt.date, str], int] = {}
        previous = plan.header_row
        for number, row in rows:
            steps.tick()
            plan.skipped_blank += number - previous - 1  # the empty rows since the last one
            previous = number
            cells = {target: row[col] if col < len(row) else None
                     for col, target in plan.mapping.items() if target != IGNORE}
            texts = [_blank_test_text(v) for v in row]
            if not any(texts) or _numbering_row(texts):
                plan.skipped_blank += 1
                continue
            values, problems = _convert(cells, matcher, briefing, default_organization_id, plan)
            cleaned, reasons = _row_problems(session, values, problems)
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
        _drop_already_recorded(session, plan)


def _briefing(session: Session, briefing_id: int | None) -> Briefing | None:
    if briefing_id is None:
        return None
    briefing = session.get(Briefing, briefing_id)
    if briefing is None or briefing.deleted_at is not None:
        raise GiaobanError(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
    return briefing


def _convert(cells: dict[str, Any], matcher: OrganizationMatcher, briefing: Briefing | None,
             default_organization_id: int | None,
             plan: ImportPlan) -> tuple[dict[str, Any], dict[str, str]]:
    """Cell values → service values, and every cell that could not be read: {field: reason}.

    All of a row's problems are found at once, so a body fixes its row in one round.
    """
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key in ("locality", "people_concerned", "content", "response"):
        if key in cells:
            try:
                values[key] = cell_text(cells[key])
            except ValidationError as exc:  # a control character: said under its column
                problems[key] = f"{_(TARGETS[key])}: {exc.errors.popitem()[1]}"
    for key in ("raised_on", "response_on"):
        if key in cells:
            try:
                values[key] = cell_date(cells[key])
            except CellError as exc:
                problems[key] = f"{_(TARGETS[key])}: " + _(str(exc)).format(
                    value=_blank_test_text(cells[key]))
    if values.get("raised_on") is None and briefing is not None and briefing.held_on \
            and "raised_on" not in problems:
        values["raised_on"] = briefing.held_on
    if briefing is not None:
        values["briefing_id"] = briefing.id
    for key, convert in (("kind", cell_kind), ("field", cell_field), ("status", cell_status)):
        if key in cells:
            written = _blank_test_text(cells[key])
            result = plan.known_values.get((key, alias_key(written))) or convert(cells[key])
            if result == "":
                problems[key] = _("{column} “{value}” không có trong danh mục.").format(
                    column=_(TARGETS[key]), value=written)
                shown = plan.unmatched_spelling.setdefault(f"{key}:{alias_key(written)}", written)
                plan.unmatched_values[(key, shown)] = plan.unmatched_values.get((key, shown), 0) + 1
            elif result:
                values[key] = result
    name = _blank_test_text(cells.get("organization"))
    if name:
        org = matcher.match(name)
        if org is None:
            shown = plan.unmatched_spelling.setdefault(alias_key(name), name)  # one per body
            plan.unmatched_bodies[shown] = plan.unmatched_bodies.get(shown, 0) + 1
            problems["organization"] = _("Không tìm thấy cơ quan “{name}” trong danh bạ.").format(
                name=name)
        else:
            values["organization_id"] = org.id
    elif default_organization_id is not None:
        values["organization_id"] = default_organization_id
    return values, problems


def _row_problems(session: Session, values: dict[str, Any],
                  problems: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    """The cleaned row, or None and every reason it cannot be imported, in column order."""
    try:
        cleaned = clean_aspiration(session, values)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            target = _FIELD_NAMES.get(key, key)
            if target not in problems:  # a cell already said why it is wrong
                problems[target] = _describe(ValidationError({key: message}))
        cleaned = None
    if problems:
        order = list(TARGETS)
        reasons = sorted(problems.items(),
                         key=lambda item: order.index(item[0]) if item[0] in order else len(order))
        return None, " ".join(_sentence(reason) for _key, reason in reasons)
    return cleaned, ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


_FIELD_NAMES = {"organization_id": "organization", "briefing_id": "briefing"}


def _describe(exc: ValidationError) -> str:
    parts = []
    for key, message in exc.errors.items():
        target = _FIELD_NAMES.get(key, key)
        label = _(TARGETS[target]) if target in TARGETS else ""
        parts.append(f"{label}: {message}" if label else message)
    return " ".join(parts)


def _drop_already_recorded(session: Session, plan: ImportPlan) -> None:
    """Rows already in the register (same body, date and content) are reported, not doubled."""
    dates = sorted({values["raised_on"] for _n, values in plan.rows})
    existing: dict[tuple[int, dt.date, str], int] = {}
    for start in range(0, len(dates), 500):
        statement = sa.select(A.id, A.organization_id, A.raised_on, A.content).where(
            A.raised_on.in_(dates[start:start + 500]), A.deleted_at.is_(None))
        for row_id, org_id, raised_on, content in session.execute(statement):
            existing[(org_id, raised_on, fold(content))] = row_id
    kept = []
    for number, values in plan.rows:
        found = existing.get((values["organization_id"], values["raised_on"], fold(values["content"])))
        if found is not None:
            plan.problems.append(ImportProblem(number, _(
                "Đã có trong sổ theo dõi (số {id}).").format(id=found)))
        else:
            kept.append((number, values))
    plan.rows = kept
    plan.problems.sort(key=lambda problem: problem.row)

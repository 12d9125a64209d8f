"""One block model for every printed document (DESIGN.md rule 4).

Builders turn plain data into a :class:`Document` — a page setup and a list of blocks — and the
writers (DOCX, XLSX, PDF/printer) render the same blocks, so the page, the PDF and the Word file
say the same thing. Nothing here knows about Qt, python-docx or openpyxl.

Text in blocks is plain text, never markup: writers escape it for their format.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, Concatenate, ParamSpec

from babel.numbers import format_decimal

from giaoban.core.text import printable

P = ParamSpec("P")


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


class FieldCode(StrEnum):
    """A value only the writer knows once the pages are laid out."""

    NUM_PAGES = "NUMPAGES"
    PAGE = "PAGE"


# How each field's number is printed, as a Word number picture: the page count of the closing
# line with two figures ("gồm 07 trang"), the page number in the top margin as it is ("2").
FIELD_PICTURES = {FieldCode.NUM_PAGES: "00", FieldCode.PAGE: "0"}


def field_text(code: FieldCode, value: int) -> str:
    """A field's number as every writer prints it (the PDF writes this text; Word computes the
    same from :func:`field_instruction`)."""
    return f"{value:0{len(FIELD_PICTURES[code])}d}"


def field_instruction(code: FieldCode) -> str:
    """The Word field code that prints what :func:`field_text` does ('NUMPAGES \\# "00"')."""
    return f'{code.value} \\# "{FIELD_PICTURES[code]}"'


@dataclass
class PageSetup:
    """Paper, margins and the body font (DOCUMENTS.md, "Page")."""

    paper: str = "A4"
    width_mm: float = 210.0
    height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    font_family: str = "Times New Roman"
    font_fallbacks: tuple[str, ...] = ("Liberation Serif", "Tinos")
    body_size_pt: float = 14.0
    line_spacing: float = 1.3
    first_line_indent_mm: float = 10.0
    paragraph_spacing_pt: float = 6.0
    landscape: bool = False
    page_numbers_from: int = 2

    @property
    def page_width_mm(self) -> float:
        return self.height_mm if self.landscape else self.width_mm

    @property
    def page_height_mm(self) -> float:
        return self.width_mm if self.landscape else self.height_mm

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


@dataclass
class Run:
    """A piece of a paragraph with its own emphasis, or a field (e.g. the page count)."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    field: FieldCode | None = None


def runs_of(value: str | Run | list[Run]) -> list[Run]:
    """Accept a plain string, one run or a list of runs wherever text is expected."""
    if isinstance(value, str):
        return [Run(value)]
    if isinstance(value, Run):
        return [value]
    return list(value)


def plain_text(runs: list[Run]) -> str:
    """The text of runs without emphasis (fields left out), for tests and file names."""
    return "".join(run.text for run in runs)


@dataclass
class Paragraph:
    """A paragraph of body text; by default 14 pt, justified, first line indented."""

    runs: list[Run]
    align: Align = Align.JUSTIFY
    indent: bool = True
    size_pt: float | None = None
    bold: bool = False
    italic: bool = False
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    keep_with_next: bool = False

    @classmethod
    def of(cls, text: str | Run | list[Run], **options: object) -> Paragraph:
        return cls(runs_of(text), **options)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass
class Heading:
    """A section heading inside the body ("I. THÀNH PHẦN"), bold, kept with what follows."""

    text: str
    align: Align = Align.LEFT
    indent: bool = True


@dataclass
class HeaderBlock:
    """The two-column header of the first page (DOCUMENTS.md, "Header block")."""

    superior_body: str
    issuing_body: str
    number: str
    motto: str
    place_date: str
    star: str = "*"
    size_pt: float = 14.0
    motto_size_pt: float = 15.0


@dataclass
class Title:
    """The document's name (BIÊN BẢN) and its summary lines, centred and bold."""

    text: str
    subtitle: list[str] = field(default_factory=list)
    size_pt: float = 15.0
    subtitle_size_pt: float = 14.0


@dataclass
class NumberedList:
    """Numbered items "1. …"; each item may carry sub-lines (e.g. the tasks of a conclusion)."""

    items: list[list[Run]]
    start: int = 1
    sub_items: dict[int, list[list[Run]]] = field(default_factory=dict)
    number_format: str = "{n}."

    def label(self, index: int) -> str:
        return self.number_format.format(n=self.start + index)


Cell = str | int | float | Decimal | dt.date | None


@dataclass
class Column:
    """A table column: header text, width in millimetres, alignment of its cells."""

    header: str
    width_mm: float
    align: Align = Align.LEFT
    is_date: bool = False


@dataclass
class TableRow:
    """One row of cells; ``group`` names the group (e.g. lead unit) the row belongs to."""

    cells: list[Cell]
    group: str = ""


@dataclass
class Table:
    """A bordered table whose header row repeats on every page.

    Rows may belong to groups (the follow-up report groups tasks by lead unit): the PDF and DOCX
    writers print a full-width group row whenever the group changes; the XLSX writer puts the
    group into its own column, so the sheet keeps one row per task.
    """

    columns: list[Column]
    rows: list[TableRow]
    size_pt: float = 12.0
    group_header: str = ""
    name: str = ""

    @property
    def width_mm(self) -> float:
        return sum(column.width_mm for column in self.columns)

    def grouped(self) -> list[tuple[str, list[TableRow]]]:
        """Consecutive rows with the same group, in order."""
        groups: list[tuple[str, list[TableRow]]] = []
        for row in self.rows:
            if not groups or groups[-1][0] != row.group:
                groups.append((row.group, []))
            groups[-1][1].append(row)
        return groups


@dataclass
class Signer:
    """One signature: optional authority line (T/M BAN THƯỜNG VỤ), title, space, full name."""

    title: str
    name: str = ""
    authority: str = ""
    space_lines: int = 4


@dataclass
class Recipients:
    """The "Nơi nhận:" list, 12 pt, each line starting with "- "."""

    lines: list[str]
    heading: str = "Nơi nhận:"
    size_pt: float = 12.0


@dataclass
class SignatureRow:
    """One or two signers side by side; with ``recipients`` the list takes the left column."""

    signers: list[Signer]
    recipients: Recipients | None = None


@dataclass
class DraftMark:
    """The "DỰ THẢO" mark of a document whose briefing is not finalized."""

    text: str = "DỰ THẢO"


@dataclass
class PageBreak:
    pass


Block = (
    HeaderBlock
    | Title
    | Paragraph
    | Heading
    | NumberedList
    | Table
    | SignatureRow
    | Recipients
    | DraftMark
    | PageBreak
)


@dataclass
class Document:
    """What a builder returns and every writer accepts.

    ``data`` is what the builder read, for a writer that lays it out its own way: the report's
    workbook has one row per task with columns the printed table has no room for, and the
    figures by lead unit (``xlsx_report``). ``created`` goes into the files' properties.
    """

    setup: PageSetup
    blocks: list[Block]
    title: str = ""
    kind: str = ""
    data: Any = None
    created: dt.datetime | None = None  # when it was made, by the context's clock (UTC)

    @property
    def is_draft(self) -> bool:
        return any(isinstance(block, DraftMark) for block in self.blocks)

    @property
    def draft_text(self) -> str:
        return next((b.text for b in self.blocks if isinstance(b, DraftMark)), "")

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    @property
    def created_utc(self) -> dt.datetime | None:
        """``created`` as a naive UTC time, as the DOCX and XLSX properties store it."""
        if self.created is None or self.created.tzinfo is None:
            return self.created
        return self.created.astimezone(dt.UTC).replace(tzinfo=None)

    @property
    def issuer(self) -> str:
        """The issuing body of the header block (the file's author), "" without one."""
        header = next((b for b in self.blocks if isinstance(b, HeaderBlock)), None)
        return " ".join(header.issuing_body.split()) if header else ""


def format_count(value: int | float | Decimal) -> str:
    """Numbers the Vietnamese way (1.204; 66,7), whatever the screen language."""
    return format_decimal(value, locale="vi_VN")


def format_day(value: dt.date | None) -> str:
    """Dates inside text and tables: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if value else ""


def cell_text(value: Cell) -> str:
    """How a table cell prints in PDF and DOCX (XLSX keeps the typed value)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_day(value)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float | Decimal):
        return format_count(value)
    return value


def printable_document(document: Document) -> Document:
    """``document`` with every text fit for any file format (``core.text.printable``).

    Text saved before control characters were refused at input may still hold some (a vertical
    tab pasted from Word, an escape code); python-docx and openpyxl refuse a whole file for one
    of them. Every writer calls this first. The same object comes back when nothing changes.
    """
    cleaned: Document = _printable(document)
    return cleaned


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)  # an enum value is clean: the same object comes back
    if isinstance(value, list | tuple):
        items = [_printable(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        pairs = {key: _printable(item) for key, item in value.items()}
        return value if all(pairs[key] is value[key] for key in value) else pairs
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for spec in fields(value):
            if spec.init:
                old = getattr(value, spec.name)
                new = _printable(old)
                if new is not old:
                    changes[spec.name] = new
        return replace(value, **changes) if changes else value
    return value


def stamped(build: Callable[Concatenate[Any, P], Document]) -> Callable[Concatenate[Any, P], Document]:
    """Decorate a ``build(ctx, …) -> Document``: the document made is stamped with the context's
    time (``ctx.now_utc()``), which the writers put in the files' properties (one clock)."""
    @functools.wraps(build)
    def wrapper(ctx: Any, /, *args: P.args, **kwargs: P.kwargs) -> Document:
        document = build(ctx, *args, **kwargs)
        document.created = ctx.now_utc()
        return document

    return wrapper

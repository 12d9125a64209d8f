"""What an import would do, as :func:`~giaoban.core.services.aspiration_import.read_workbook`
finds it: the rows ready to write, every row refused with its number and reason, and the choices
the person made (column mapping, names matched by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
    # rows as read_workbook checked them: the write checks only what may change meanwhile
    checked: bool = field(default=False, repr=False)

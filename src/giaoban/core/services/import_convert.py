"""One spreadsheet row of an import → the service's values, or every reason it cannot be.

:class:`RowConverter` reads the cells of a row by the column each one maps to, finds all of a
row's problems at once (so a body fixes its row in one round) and checks the result with
``clean_aspiration``. Values repeated down a column — body names, catalogue words, dates — are
read once per distinct cell value, not once per row: in a list of 50,000 rows a handful of bodies
and kinds come back tens of thousands of times.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from giaoban.core.errors import ValidationError
from giaoban.core.services.aspiration_columns import (
    TARGETS,
    CellError,
    cell_date,
    cell_field,
    cell_kind,
    cell_status,
    cell_text,
)
from giaoban.core.services.aspirations import clean_aspiration
from giaoban.core.services.import_aliases import alias_key
from giaoban.core.services.import_plan import ImportPlan
from giaoban.i18n import _

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.models import Briefing
    from giaoban.core.services.org_match import OrganizationMatcher

TEXT_FIELDS = ("locality", "people_concerned", "content", "response")
DATE_FIELDS = ("raised_on", "response_on")
WORD_FIELDS = (("kind", cell_kind), ("field", cell_field), ("status", cell_status))
_FIELD_NAMES = {"organization_id": "organization", "briefing_id": "briefing"}


def blank_test_text(value: Any) -> str:
    """A cell's text to tell blank and numbering rows; a cell with a control character is not
    blank (its row is refused, by its column, if that column is imported)."""
    try:
        return cell_text(value)
    except ValidationError:
        return "?"


def _memo_key(value: Any) -> tuple[type, Any]:
    return type(value), value  # 1, 1.0 and True are equal keys of a dict, not the same cell


def skipped_row(row: tuple[Any, ...]) -> bool:
    """True for a row with no text at all or only the '(1) (2) (3)' numbering many forms put
    under the header. Same answer as reading every cell's text, without reading most of them."""
    for value in row:
        if value is None:
            continue
        if isinstance(value, str) and value.isascii():
            text = value.strip()
            if not text:
                continue
            if not text.strip("()").isdigit():
                return False
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not (value >= 0 and float(value).is_integer()):
                return False
        elif isinstance(value, dt.date | dt.time):
            return False  # written as 15/03/2026 or 10:30:00: text, never blank or a number
        else:  # other text, dates, booleans: as the cell's text says
            text = blank_test_text(value)
            if not text:
                continue
            if not text.strip("()").isdigit():
                return False
    return True  # every cell blank, or every filled one a number


class RowConverter:
    """Cell values → service values for one plan, with the per-value answers remembered."""

    def __init__(self, plan: ImportPlan, matcher: OrganizationMatcher, briefing: Briefing | None,
                 default_organization_id: int | None) -> None:
        self.plan, self.matcher, self.briefing = plan, matcher, briefing
        self.default_organization_id = default_organization_id
        self._dates: dict[tuple[str, type, Any], tuple[dt.date | None, str]] = {}
        self._words: dict[tuple[str, type, Any], tuple[str, str, str | None]] = {}
        self._bodies: dict[tuple[type, Any], tuple[str, int | None]] = {}

    def convert(self, cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The row's values and every cell that could not be read: {field: reason}."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for key in TEXT_FIELDS:
            if key in cells:
                try:
                    values[key] = cell_text(cells[key])
                except ValidationError as exc:  # a control character: said under its column
                    problems[key] = f"{_(TARGETS[key])}: {exc.errors.popitem()[1]}"
        for key in DATE_FIELDS:
            if key in cells:
                day, problem = self._date(key, cells[key])
                if problem:
                    problems[key] = problem
                else:
                    values[key] = day
        briefing = self.briefing
        if values.get("raised_on") is None and briefing is not None and briefing.held_on \
                and "raised_on" not in problems:
            values["raised_on"] = briefing.held_on
        if briefing is not None:
            values["briefing_id"] = briefing.id
        for key, _convert in WORD_FIELDS:
            if key in cells:
                self._word(key, cells[key], values, problems)
        self._body(cells.get("organization"), values, problems)
        return values, problems

    def _date(self, key: str, value: Any) -> tuple[dt.date | None, str]:
        memo = (key, *_memo_key(value))
        found = self._dates.get(memo)
        if found is None:
            try:
                found = (cell_date(value), "")
            except CellError as exc:
                found = (None, f"{_(TARGETS[key])}: " + _(str(exc)).format(
                    value=blank_test_text(value)))
            self._dates[memo] = found
        return found

    def _word(self, key: str, value: Any, values: dict[str, Any], problems: dict[str, str]) -> None:
        """A kind, field or status cell: remembered spellings first, then the catalogue."""
        memo = (key, *_memo_key(value))
        found = self._words.get(memo)
        if found is None:
            written = blank_test_text(value)
            spelled = alias_key(written)
            convert = dict(WORD_FIELDS)[key]
            found = (written, spelled, self.plan.known_values.get((key, spelled)) or convert(value))
            self._words[memo] = found
        written, spelled, result = found
        if result == "":
            plan = self.plan
            problems[key] = _("{column} “{value}” không có trong danh mục.").format(
                column=_(TARGETS[key]), value=written)
            shown = plan.unmatched_spelling.setdefault(f"{key}:{spelled}", written)
            plan.unmatched_values[(key, shown)] = plan.unmatched_values.get((key, shown), 0) + 1
        elif result:
            values[key] = result

    def _body(self, value: Any, values: dict[str, Any], problems: dict[str, str]) -> None:
        """The body a row names (as it is written, or the default for rows naming none)."""
        memo = _memo_key(value)
        found = self._bodies.get(memo)
        if found is None:
            name = blank_test_text(value)
            org = self.matcher.match(name) if name else None
            found = (name, org.id if org is not None else None)
            self._bodies[memo] = found
        name, org_id = found
        if not name:
            if self.default_organization_id is not None:
                values["organization_id"] = self.default_organization_id
        elif org_id is None:
            plan = self.plan
            shown = plan.unmatched_spelling.setdefault(alias_key(name), name)  # one per body
            plan.unmatched_bodies[shown] = plan.unmatched_bodies.get(shown, 0) + 1
            problems["organization"] = _("Không tìm thấy cơ quan “{name}” trong danh bạ.").format(
                name=name)
        else:
            values["organization_id"] = org_id


def row_problems(session: Session, values: dict[str, Any],
                 problems: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    """The cleaned row, or None and every reason it cannot be imported, in column order."""
    try:
        cleaned = clean_aspiration(session, values)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            target = _FIELD_NAMES.get(key, key)
            if target not in problems:  # a cell already said why it is wrong
                problems[target] = describe(ValidationError({key: message}))
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


def describe(exc: ValidationError) -> str:
    """A validation error as one line naming each field by its column's name."""
    parts = []
    for key, message in exc.errors.items():
        target = _FIELD_NAMES.get(key, key)
        label = _(TARGETS[target]) if target in TARGETS else ""
        parts.append(f"{label}: {message}" if label else message)
    return " ".join(parts)

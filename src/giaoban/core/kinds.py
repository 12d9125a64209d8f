"""The record kinds: one entry per kind of record the office keeps, read by every feature.

Trash, search, the history (dialog and panel), global search, undo texts, links between records
and the health check take their table, labels, area and trash children from here instead of
keeping lists of their own. Adding a record kind: see HACKING.md ("Adding a record kind").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from giaoban.core.oneline import one_line
from giaoban.core.search_text import briefing_label
from giaoban.i18n import N_, _, format_quarter

if TYPE_CHECKING:
    from sqlmodel import SQLModel

TITLE_CHARS = 160


def _briefing_title(row: Any) -> str:
    return str(row.title or _("Giao ban {period}").format(period=format_quarter(row.year, row.quarter)))


def _briefing_hit(row: Any) -> str:
    label = briefing_label(row.kind, row.year, row.quarter)
    return f"{label} – {row.title}" if row.title else label


@dataclass(frozen=True)
class RecordKind:
    """What the program knows about one kind of record.

    ``label`` names the kind in a list or heading ("Nhiệm vụ"), ``noun`` inside a sentence
    ("Chuyển 3 nhiệm vụ vào thùng rác"); both are Vietnamese msgids translated when shown.
    ``area`` is the page that shows it; ``trash_children`` the kinds that go to the trash with a
    record of this kind (linked by ``<name>_id``). Searchable kinds name ``search_columns``: what
    a hit shows (the main text first) and, last, the date that tells same-titled hits apart;
    ``hit_text`` makes the hit's text from those when the first column alone is not it.
    ``model_name`` names the table's class in ``core.models``, imported only when ``model`` is
    read: the registry itself (labels, search columns) costs a reading command no ORM set-up.
    """

    name: str
    model_name: str | None
    label_msgid: str
    noun_msgid: str
    count_msgid: str = ""
    area: str | None = None
    trashable: bool = False
    trash_children: tuple[str, ...] = ()
    parent: str | None = None  # the kind whose page shows this one (a task's timeline: task)
    title_of: Callable[[Any], str] = lambda row: str(getattr(row, "id", ""))
    search_columns: tuple[str, ...] = ()
    hit_text: Callable[[Any], str] | None = None

    @property
    def model(self) -> type[SQLModel] | None:
        """The table's SQLModel class (importing ``core.models`` the first time)."""
        if self.model_name is None:
            return None
        from giaoban.core import models

        return getattr(models, self.model_name)  # type: ignore[no-any-return]

    @property
    def searchable(self) -> bool:
        return bool(self.search_columns)

    @property
    def label(self) -> str:
        return _(self.label_msgid)

    @property
    def noun(self) -> str:
        return _(self.noun_msgid)

    def title(self, row: Any) -> str:
        """A record's one-line title (trash, history, delete questions), at most 160 characters."""
        return one_line(str(self.title_of(row) or ""), TITLE_CHARS)

    def named(self, row: Any, chars: int = 40) -> str:
        """'nhiệm vụ “Rà soát …”' — the kind and a short title, for menu texts and questions."""
        return self.named_title(self.title(row), chars)

    def named_title(self, title: str, chars: int = 40) -> str:
        """The kind and ``title`` cut between words at ``chars`` characters."""
        title = " ".join(title.split())
        if len(title) > chars:
            cut = title[:chars].rsplit(" ", 1)[0] or title[:chars]
            title = cut + "…"
        return _("{kind} “{title}”").format(kind=self.noun, title=title)


KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        RecordKind(
            "briefing", "Briefing", N_("Cuộc giao ban"), N_("cuộc giao ban"), N_("Số cuộc giao ban"),
            area="briefings", trashable=True, trash_children=("aspiration", "task"),
            title_of=_briefing_title, hit_text=_briefing_hit,
            search_columns=("title", "kind", "year", "quarter", "held_on"),
        ),
        RecordKind(
            "aspiration", "Aspiration", N_("Tâm tư – kiến nghị"), N_("tâm tư – kiến nghị"),
            N_("Số tâm tư – kiến nghị"), area="aspirations", trashable=True,
            title_of=lambda row: row.content, search_columns=("content", "raised_on"),
        ),
        RecordKind(
            "task", "Task", N_("Nhiệm vụ"), N_("nhiệm vụ"), N_("Số nhiệm vụ"), area="tasks",
            trashable=True, title_of=lambda row: row.title, search_columns=("title", "due_on"),
        ),
        RecordKind(  # a file on a briefing, report, aspiration or task; its owner's page shows it
            "attachment", "Attachment", N_("Tệp đính kèm"), N_("tệp đính kèm"), trashable=True,
            title_of=lambda row: row.name, search_columns=("name",),
        ),
        RecordKind(
            "task_update", "TaskUpdate", N_("Cập nhật tiến độ"), N_("cập nhật tiến độ"),
            area="tasks", parent="task", title_of=lambda row: row.note,
        ),
        RecordKind(
            "organization", "Organization", N_("Cơ quan, đơn vị"), N_("cơ quan, đơn vị"),
            N_("Số cơ quan, đơn vị"), area="directory", title_of=lambda row: row.name,
        ),
        RecordKind(
            "person", "Person", N_("Cán bộ"), N_("cán bộ"), N_("Số cán bộ"), area="directory",
            title_of=lambda row: row.full_name,
        ),
        RecordKind(
            "issued_document", "IssuedDocument", N_("Văn bản đã cấp số"), N_("văn bản"),
            area="briefings", title_of=lambda row: f"{row.number:02d}-{row.symbol}/{row.body_symbol}",
        ),
        RecordKind("setting", "Setting", N_("Cài đặt"), N_("cài đặt"), title_of=lambda row: row.key),
        RecordKind("database", None, N_("Toàn bộ dữ liệu"), N_("toàn bộ dữ liệu")),
    )
}


def kind(name: str) -> RecordKind:
    """The registry entry of ``name``; ValueError for a kind the program does not have."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"not a record kind: {name!r}") from None


def label_of_kind(name: str) -> str:
    """The kind's label on screen, or the raw name for an audit entity nobody registered."""
    entry = KINDS.get(name)
    return entry.label if entry else name


def trashable() -> tuple[RecordKind, ...]:
    """The kinds that go to the trash instead of being deleted, parents first."""
    return tuple(k for k in KINDS.values() if k.trashable)


def searchable() -> tuple[RecordKind, ...]:
    """The kinds global search looks in, in the order hits are grouped."""
    return tuple(k for k in KINDS.values() if k.searchable)


def counted() -> tuple[RecordKind, ...]:
    """The kinds the health check counts."""
    return tuple(k for k in KINDS.values() if k.count_msgid and k.model_name is not None)


def area_of(name: str) -> str | None:
    """The page (area key) that shows records of this kind."""
    entry = KINDS.get(name)
    return entry.area if entry else None

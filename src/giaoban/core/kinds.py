"""The record kinds: one entry per kind of record the office keeps, read by every feature.

Trash, search, the history (dialog and panel), global search, undo texts, links between records
and the health check take their table, labels, area and trash children from here instead of
keeping lists of their own. Adding a record kind: see HACKING.md ("Adding a record kind").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from giaoban.core.models import (
    Aspiration,
    Briefing,
    Organization,
    Person,
    Setting,
    Task,
    TaskUpdate,
)
from giaoban.i18n import N_, _, format_quarter

TITLE_CHARS = 160


def _briefing_title(row: Any) -> str:
    return str(row.title or _("Giao ban {period}").format(period=format_quarter(row.year, row.quarter)))


@dataclass(frozen=True)
class RecordKind:
    """What the program knows about one kind of record.

    ``label`` names the kind in a list or heading ("Nhiệm vụ"), ``noun`` inside a sentence
    ("Chuyển 3 nhiệm vụ vào thùng rác"); both are Vietnamese msgids translated when shown.
    ``area`` is the page that shows it; ``trash_children`` the kinds that go to the trash with a
    record of this kind (linked by ``<name>_id``); ``searchable`` kinds are in global search.
    """

    name: str
    model: type[SQLModel] | None
    label_msgid: str
    noun_msgid: str
    count_msgid: str = ""
    area: str | None = None
    trashable: bool = False
    searchable: bool = False
    trash_children: tuple[str, ...] = ()
    parent: str | None = None  # the kind whose page shows this one (a task's timeline: task)
    title_of: Callable[[Any], str] = lambda row: str(getattr(row, "id", ""))

    @property
    def label(self) -> str:
        return _(self.label_msgid)

    @property
    def noun(self) -> str:
        return _(self.noun_msgid)

    def title(self, row: Any) -> str:
        """A record's one-line title (trash, history, delete questions), at most 160 characters."""
        text = " ".join(str(self.title_of(row) or "").split())
        return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"

    def named(self, row: Any, chars: int = 60) -> str:
        """'nhiệm vụ “Rà soát …”' — the kind and a short title, for menu texts and questions."""
        return self.named_title(self.title(row), chars)

    def named_title(self, title: str, chars: int = 60) -> str:
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
            "briefing", Briefing, N_("Cuộc giao ban"), N_("cuộc giao ban"), N_("Số cuộc giao ban"),
            area="briefings", trashable=True, searchable=True,
            trash_children=("aspiration", "task"), title_of=_briefing_title,
        ),
        RecordKind(
            "aspiration", Aspiration, N_("Tâm tư – kiến nghị"), N_("tâm tư – kiến nghị"),
            N_("Số tâm tư – kiến nghị"), area="aspirations", trashable=True, searchable=True,
            title_of=lambda row: row.content,
        ),
        RecordKind(
            "task", Task, N_("Nhiệm vụ"), N_("nhiệm vụ"), N_("Số nhiệm vụ"), area="tasks",
            trashable=True, searchable=True, title_of=lambda row: row.title,
        ),
        RecordKind(
            "task_update", TaskUpdate, N_("Cập nhật tiến độ"), N_("cập nhật tiến độ"),
            area="tasks", parent="task", title_of=lambda row: row.note,
        ),
        RecordKind(
            "organization", Organization, N_("Cơ quan, đơn vị"), N_("cơ quan, đơn vị"),
            N_("Số cơ quan, đơn vị"), area="directory", title_of=lambda row: row.name,
        ),
        RecordKind(
            "person", Person, N_("Cán bộ"), N_("cán bộ"), N_("Số cán bộ"), area="directory",
            title_of=lambda row: row.full_name,
        ),
        RecordKind("setting", Setting, N_("Cài đặt"), N_("cài đặt"), title_of=lambda row: row.key),
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
    return tuple(k for k in KINDS.values() if k.count_msgid and k.model is not None)


def area_of(name: str) -> str | None:
    """The page (area key) that shows records of this kind."""
    entry = KINDS.get(name)
    return entry.area if entry else None

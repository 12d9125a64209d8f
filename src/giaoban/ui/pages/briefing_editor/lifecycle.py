"""What the editor does beyond editing the draft: finalize and reopen the briefing, assign a
follow-up task, print its documents. Each reads the database, so each saves pending edits first.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from giaoban.core.errors import GiaobanError
from giaoban.core.kinds import KINDS
from giaoban.core.services import briefings
from giaoban.core.services import tasks as task_service
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.pages.briefing_editor import documents
from giaoban.ui.pages.briefing_editor.followups_tab import SourceRow

BriefingEditor = Any  # the editor (editor.py imports this module: typed loosely, as its siblings)


def saved_first(editor: BriefingEditor) -> bool:
    """Documents and tasks read the database: save pending edits first."""
    draft = editor.draft
    if draft.finalized or (draft.id is not None and not editor.has_unsaved_changes()):
        return True
    return editor.save()


def finalize(editor: BriefingEditor) -> None:
    """"Chốt biên bản": saved, complete enough (else what is missing), confirmed, then read-only."""
    if editor.draft.finalized or not saved_first(editor):
        return
    missing = briefings.missing_for_finalize(editor.draft)
    if missing:
        ask.show_error(editor, _("Chưa thể chốt biên bản, còn thiếu: {items}.").format(
            items=", ".join(missing)), _("Chưa đủ để chốt"))
        return
    if not ask.confirm(editor, _("Chốt biên bản"),
                       _("Chốt biên bản? Sau khi chốt, biên bản chỉ sửa được khi mở lại."),
                       _("Chốt biên bản")):
        return
    run(editor, lambda: briefings.finalize_briefing(editor.ctx, editor.draft.id or 0),
        _("Đã chốt biên bản."))


def reopen(editor: BriefingEditor) -> None:
    """"Mở lại" a finalized briefing, with a reason the history keeps."""
    if not editor.draft.finalized or editor.draft.id is None:
        return
    reason = ask.ask_text(editor, _("Mở lại biên bản"), _("Lý do mở lại (ghi vào lịch sử):"),
                          yes=_("Mở lại"), required=_("Hãy nêu lý do mở lại."))
    if reason is None:
        return
    run(editor, lambda: briefings.reopen_briefing(editor.ctx, editor.draft.id or 0, reason),
        _("Đã mở lại biên bản."))


def run(editor: BriefingEditor, action: Callable[[], Any], done: str) -> None:
    """Do ``action``, then show the briefing again as stored, on the same tab."""
    try:
        action()
    except GiaobanError as exc:
        ask.show_error(editor, str(exc))
        return
    tab = editor.tabs.currentIndex()
    editor.open_briefing(editor.draft.id or 0)
    editor.tabs.setCurrentIndex(tab)
    editor.keep_focus_inside()
    editor._status(done)
    editor.saved.emit(editor.draft.id or 0)


def create_task(editor: BriefingEditor, source: SourceRow, values: dict[str, Any]) -> bool:
    """Assign a task for a conclusion or an aspiration of the briefing (the "Nhiệm vụ" tab)."""
    if not saved_first(editor):
        return False
    draft, ctx = editor.draft, editor.ctx
    if not ask.past_deadline_ok(editor, values.get("due_on"), ctx.today(), values={
            **values, "assigned_on": draft.held_on}):
        return False
    if perform(
        editor, ctx, _("Giao {record}").format(
            record=KINDS["task"].named(SimpleNamespace(title=values["title"]))),
        task_service.create_task, errors=editor.followups.errors,
        title=values["title"], lead_unit_id=values["lead_unit_id"],
        assigned_on=draft.held_on or ctx.today(), due_on=values["due_on"],
        supporting_unit_ids=values["supporting_unit_ids"], briefing_id=draft.id,
        conclusion_id=source.id if source.kind == "conclusion" else None,
        aspiration_id=source.id if source.kind == "aspiration" else None,
    ) is None:
        return False
    editor._load_followups()
    editor._status(_("Đã giao nhiệm vụ “{title}”.").format(title=values["title"].strip()))
    editor.saved.emit(draft.id or 0)
    return True


def print_document(editor: BriefingEditor, which: str) -> None:
    """Preview and print the minutes or the notice of conclusions, as stored."""
    if not saved_first(editor) or editor.draft.id is None:
        return
    try:
        documents.preview(editor, editor.ctx, editor.draft.id, which)
    except GiaobanError as exc:
        ask.show_error(editor, str(exc))

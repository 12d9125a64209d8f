"""The briefing editor: seven tabs over one in-memory draft, saved whole with Ctrl+S.

Edits are undo commands on the window's stack (Ctrl+Z / Ctrl+Y across tabs). The editor knows it
has unsaved changes when the draft differs from the copy it loaded. Finalizing checks the minimum
and makes everything read-only (a "Đã chốt" badge) until "Mở lại" with a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from giaoban.core.context import AppContext
from giaoban.core.enums import BriefingKind
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.services import briefings, directory
from giaoban.core.services import tasks as task_service
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.core.services.reading import shared_reads
from giaoban.i18n import _, language
from giaoban.ui.dialogs import ask
from giaoban.ui.pages.briefing_editor import documents, lifecycle, problems
from giaoban.ui.pages.briefing_editor.draft_copy import trimmed, trimmed_view
from giaoban.ui.pages.briefing_editor.edit_guard import EditGuard
from giaoban.ui.pages.briefing_editor.files_tab import FilesTab
from giaoban.ui.pages.briefing_editor.followups_tab import FollowUpsTab, SourceRow, sources_of
from giaoban.ui.pages.briefing_editor.general_tab import GeneralTab
from giaoban.ui.pages.briefing_editor.grid_tabs import (
    GridTab,
    aspirations_tab,
    attendance_tab,
    conclusions_tab,
    reports_tab,
    typed_problems,
)
from giaoban.ui.pages.briefing_editor.people import PersonButtons, UnknownPeople
from giaoban.ui.pages.briefing_editor.recovery import RecoveryKeeper
from giaoban.ui.pages.briefing_editor.review_tab import ReviewTab
from giaoban.ui.widgets.page import make_action, make_toolbar

BADGE_STYLE = {
    "draft": "QLabel { border: 1px solid #b26a00; color: #8a5300; border-radius: 4px; padding: 1px 8px; }",
    "finalized": "QLabel { border: 1px solid #1e7b34; color: #1e7b34; border-radius: 4px; padding: 1px 8px; font-weight: bold; }",
}


class BriefingEditor(QWidget):
    """Emits ``back`` when the user leaves for the list (after answering about unsaved edits)."""

    back = Signal()
    saved = Signal(int)

    def __init__(self, ctx: AppContext, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.main_window = ctx, window
        self.draft = BriefingDraft()
        self.clean = briefings.copy_draft(self.draft)
        self._people: list[tuple[str, int]] = []
        self._orgs: list[tuple[str, int]] = []

        self.back_action = make_action(self, _("← Danh sách"), None, self.leave, "Alt+Left",
                                       _("Trở về danh sách giao ban"))
        self.save_action = make_action(self, _("Lưu"), "save", self.save, None,
                                       _("Lưu toàn bộ biên bản (Ctrl+S)"))
        self.finalize_action = make_action(self, _("Chốt biên bản"), "finalize", self.finalize,
                                           "Ctrl+Shift+K", _("Chốt biên bản: không sửa được nữa"))
        self.reopen_action = make_action(self, _("Mở lại"), "reopen", self.reopen, None,
                                         _("Mở lại biên bản đã chốt để sửa (cần ghi lý do)"))
        self.minutes_action = make_action(self, _("In biên bản"), "print",
                                          lambda: self.print_document("minutes"), None,
                                          _("Xem trước và in biên bản (Ctrl+P)"))
        self.notice_action = make_action(self, _("Thông báo kết luận"), "print",
                                         lambda: self.print_document("notice"), "Ctrl+Shift+P")
        self.files_action = make_action(  # the tab is past the edge of a 1024 px screen
            self, _("Tệp đính kèm"), "attachment",
            self.show_files, None,
            _("Xem, thêm tệp đính kèm của cuộc giao ban và các báo cáo"))
        for action in (self.back_action, self.finalize_action, self.notice_action):
            self.addAction(action)
        toolbar = make_toolbar(self, [self.back_action, None, self.save_action,
                                      self.finalize_action, self.reopen_action, None,
                                      self.minutes_action, self.notice_action, None,
                                      self.files_action])
        self.heading = QLabel(self)
        self.heading.setObjectName("formHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.badge = QLabel(self)
        self.badge.setAccessibleName(_("Trạng thái biên bản"))
        self.unsaved = QLabel(self)
        self.problems = QLabel(self)
        self.problems.setStyleSheet("color: #b3261e;")
        self.problems.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.badge)
        head.addWidget(self.unsaved)
        head.addStretch(1)
        self.guard = EditGuard(self, self.open_briefing)  # someone else edits it (a server)
        head.addWidget(self.guard, 100)  # beside the heading: no height taken from the tabs
        for label in (self.heading, self.badge, self.unsaved):  # not stretched by the banner
            head.setAlignment(label, Qt.AlignmentFlag.AlignVCenter)

        push, changed = self.push, self.changed
        self.general = GeneralTab(lambda: self.draft, push, changed, self)
        self.attendance = attendance_tab(push, changed, lambda: self.draft.attendance,
                                         lambda: self._people, lambda: self._orgs)
        self.reports = reports_tab(push, changed, lambda: self.draft.reports, lambda: self._orgs)
        self.aspirations = aspirations_tab(push, changed, lambda: self.draft.aspirations,
                                           lambda: self._orgs)
        self.conclusions = conclusions_tab(push, changed, lambda: self.draft.conclusions)
        self.grids: list[GridTab] = [self.attendance, self.reports, self.aspirations,
                                     self.conclusions]
        self.followups = FollowUpsTab(self.create_task, self)
        self.review = ReviewTab(self)
        self.files = FilesTab(ctx, self)
        self.tabs = QTabWidget(self)
        for widget, title in (
            (self.general, _("Thông tin &chung")), (self.attendance, _("Thành phần tham &dự")),
            (self.reports, _("&Báo cáo")), (self.aspirations, _("Tâm tư – &kiến nghị")),
            (self.conclusions, _("Kết &luận")), (self.followups, _("&Nhiệm vụ")),
            (self.review, _("Kết &quả kỳ trước")), (self.files, _("Tệp đính kèm")),
        ):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addLayout(head)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)
        self.problems.hide()
        self.people_buttons = PersonButtons(self)
        self.unknown_people = UnknownPeople(self)
        self.recovery = RecoveryKeeper(self)

    # --- loading -------------------------------------------------------------------------------

    def _load_directory(self, ctx: AppContext) -> None:
        people = directory.list_people(ctx)
        used = {self.draft.chair_id, self.draft.secretary_id,
                *(a.person_id for a in self.draft.attendance)}
        self._people = [(p.label, p.id) for p in people if p.active or p.id in used]
        self._orgs = [(o.name, o.id) for o in directory.list_organizations(ctx)
                      if o.id is not None]

    def open_briefing(self, briefing_id: int) -> None:
        self.show_draft(briefings.load_briefing(self.ctx, briefing_id))

    def show_draft(self, draft: BriefingDraft) -> None:
        """Show a draft (loaded or prepared); the undo history of the previous one is dropped.
        On a server its lock is taken first (read-only if another person holds it)."""
        self.guard.claim(draft.id)
        self.main_window.undo_stack.clear()
        self._show(draft)

    def _show(self, draft: BriefingDraft) -> None:
        """Fill every tab from the draft and the database: the reads share one session (on a
        server, one connection check-out, BEGIN and ROLLBACK instead of one per service)."""
        self.draft = draft
        self.clean = trimmed(draft)
        with shared_reads(self.ctx) as one:
            self._load_people(one)
            for grid in self.grids:
                grid.model.reload()
                grid.update_info()
            self.problems.hide()
            self._load_followups(one)
            self.review.load(task_service.open_tasks_for_review(one, draft.id) if draft.id else
                             task_service.review_for_prepared(one, draft.kind, draft.year,
                                                              draft.quarter, draft.held_on))
            self._update_state()
            self.files.load(self.clean, self._orgs, one)
        self.recovery.keep()

    def _load_people(self, ctx: AppContext | None = None) -> None:
        ctx = ctx or self.ctx
        self._load_directory(ctx)
        self.general.load(self._people, documents.number_hint(ctx, self.draft.held_on))

    def reload_people(self) -> None:
        """The directory's people and bodies again (a person was just added from the editor):
        the form's lists and the grids' names, keeping what the grids mark as wrong."""
        self._load_people()
        for grid in self.grids:
            model: Any = grid.model
            kept = model.errors, getattr(model, "unknown", None)
            model.reload()
            model.errors = kept[0]
            if kept[1] is not None:
                model.unknown = kept[1]

    def reload_followups(self) -> None:
        """The follow-up tab again from the database (a task made or undone elsewhere); a
        briefing someone else is editing is read again whole (they may have saved it)."""
        if self.draft.id is not None and self.guard.locked_out:  # still theirs ("Thử lại")
            tab = self.tabs.currentIndex()
            self._show(briefings.load_briefing(self.ctx, self.draft.id))  # no undo step lost
            self.tabs.setCurrentIndex(tab)
        elif self.draft.id is not None:
            self._load_followups()

    def _load_followups(self, ctx: AppContext | None = None) -> None:
        saved = self.clean
        rows = briefings.follow_ups(ctx or self.ctx, saved.id) if saved.id else []
        sources = sources_of(saved, rows, self._orgs)
        note = "" if saved.id and not self.has_unsaved_changes() else _(
            "Khi tạo nhiệm vụ, biên bản sẽ được lưu trước để kết luận và kiến nghị mới có số hiệu.")
        due = (saved.held_on or self.ctx.today()) + dt.timedelta(days=30)
        self.followups.load(sources, rows, self._orgs, due, note)

    # --- editing -------------------------------------------------------------------------------

    def push(self, command: Any) -> None:
        if self.draft.finalized or self.guard.locked_out:
            return
        self.main_window.undo_stack.push(command)

    def changed(self, tab: int) -> None:
        """After any edit, undo or redo: show where it happened and whether it is saved."""
        if self.tabs.currentIndex() != tab:
            self.tabs.setCurrentIndex(tab)
        if 1 <= tab <= 4:
            self.grids[tab - 1].update_info()
        self._update_state()

    def has_unsaved_changes(self) -> bool:
        return trimmed_view(self.draft) != self.clean

    def _update_state(self) -> None:
        draft = self.draft
        period = briefings.period_label(draft.kind, draft.year, draft.quarter, draft.title)
        if draft.kind == BriefingKind.QUARTERLY:
            if language() == "vi":  # "Giao ban quý IV/2026"; English keeps "QIV/2026"
                period = period[:1].lower() + period[1:]
            heading = _("Giao ban {period}").format(period=period)
        elif draft.kind == BriefingKind.THEMATIC:
            heading = _("Giao ban chuyên đề: {title}").format(title=period)
        else:
            heading = period
        self.heading.setText(heading if draft.id else _("{heading} (mới)").format(heading=heading))
        status = "finalized" if draft.finalized else "draft"
        self.badge.setText(_("Đã chốt") if draft.finalized else _("Dự thảo"))
        self.badge.setStyleSheet(BADGE_STYLE[status])
        dirty = self.has_unsaved_changes()
        self.unsaved.setText(_("● Chưa lưu") if dirty else "")
        if not dirty:  # saved, or undone back to the saved state: no copy to offer
            self.recovery.clear()
        read_only = draft.finalized or self.guard.locked_out
        self.general.set_read_only(read_only)
        self.people_buttons.set_read_only(read_only)
        for grid in self.grids:
            grid.set_read_only(read_only)
        self.save_action.setEnabled(not read_only)
        self.finalize_action.setEnabled(not read_only)
        self.reopen_action.setEnabled(draft.finalized and not self.guard.locked_out)
        self.reopen_action.setVisible(draft.finalized)
        self.finalize_action.setVisible(not draft.finalized)
        enabled = documents.available()
        for action in (self.minutes_action, self.notice_action):
            action.setEnabled(enabled)

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Ctrl+S: write the whole draft; on bad input show each message at its field or row."""
        if self.draft.finalized or self.guard.locked_out:
            return True
        typed = typed_problems(self.general, self.grids)  # a wrong date, a name in no list
        if typed:
            self.show_errors(typed)
            return False
        if (self.draft.kind, self.draft.year, self.draft.quarter) != (
                self.clean.kind, self.clean.year, self.clean.quarter):
            others = briefings.same_period_briefings(
                self.ctx, self.draft.kind, self.draft.year, self.draft.quarter,
                exclude_id=self.draft.id)
            if others and not ask.confirm(
                self, _("Đã có giao ban quý này"),
                _("Đã có cuộc giao ban {period}. Vẫn lưu thêm một cuộc giao ban cho quý này?").format(
                    period=briefings.period_label(self.draft.kind, self.draft.year,
                                                  self.draft.quarter)),
                _("Vẫn lưu"), _("Hủy")):
                return False
        try:
            briefing_id = briefings.save_briefing(self.ctx, trimmed(self.draft),
                                                  opened=self._opened())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return False
        tab = self.tabs.currentIndex()
        # Keep the undo history: only ids changed, so update them in place.
        self._adopt_ids(briefings.load_briefing(self.ctx, briefing_id))
        self.clean = trimmed(self.draft)
        self.problems.hide()
        self.general.errors.clear()
        for grid in self.grids:
            grid.model.set_errors({})
        self._load_followups()
        self.review.load(task_service.open_tasks_for_review(self.ctx, briefing_id))
        self._update_state()
        self.files.load(self.clean, self._orgs)
        self.recovery.clear()
        self.tabs.setCurrentIndex(tab)
        self._status(_("Đã lưu biên bản."))
        self.saved.emit(briefing_id)
        return True

    def _opened(self) -> dict[str, Any] | None:
        """The stored briefing's version as last read (``save_briefing(opened=)``): a briefing
        someone else saved since — after a lost lock on a server — is refused, not overwritten."""
        if self.clean.id is None or self.clean.version is None:
            return None
        return {"version": self.clean.version}

    def _adopt_ids(self, saved: BriefingDraft) -> None:
        """After saving, the draft's new rows get the ids the database gave them (and the
        record its new version)."""
        self.draft.id, self.draft.version = saved.id, saved.version
        for conclusion, stored in zip(self.draft.conclusions, saved.conclusions, strict=False):
            conclusion.id = stored.id
        for aspiration, kept in zip(self.draft.aspirations, saved.aspirations, strict=False):
            aspiration.id, aspiration.status = kept.id, kept.status

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message next to its field, or on its row (red cell with the message as tooltip)."""
        problems.show_errors(self, errors)

    def discard_changes(self) -> None:
        """Forget the edits: show the last saved (or prepared) state again."""
        self.show_draft(briefings.copy_draft(self.clean))

    def leave(self) -> None:
        """Back to the list, asking first if there are unsaved edits."""
        if self.has_unsaved_changes():
            choice = ask.ask_save_changes(self, _("Biên bản giao ban"))
            if choice is ask.Choice.CANCEL or (choice is ask.Choice.SAVE and not self.save()):
                return
            if choice is ask.Choice.DISCARD:
                self.discard_changes()
        self.main_window.undo_stack.clear()
        self.guard.release()
        self.back.emit()

    def show_files(self) -> None:
        self.tabs.setCurrentWidget(self.files)

    def keep_focus_inside(self) -> None:
        """Finalizing disables the fields: the focus must not fall to the area list (typed keys
        then switched areas and went into another page), so it goes to the open tab."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus) and focus.isEnabled() \
                and focus.isVisible():
            return
        target = getattr(self.tabs.currentWidget(), "view", None) or self.tabs.tabBar()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- finalize, reopen, follow-ups, documents (lifecycle.py) --------------------------------

    def _saved_first(self) -> bool:
        return lifecycle.saved_first(self)

    def finalize(self) -> None:
        lifecycle.finalize(self)

    def reopen(self) -> None:
        lifecycle.reopen(self)

    def create_task(self, source: SourceRow, values: dict[str, Any]) -> bool:
        return lifecycle.create_task(self, source, values)

    def print_document(self, which: str) -> None:
        lifecycle.print_document(self, which)

    def _status(self, text: str) -> None:
        if hasattr(self.main_window, "statusBar"):
            self.main_window.statusBar().showMessage(text, 4000)

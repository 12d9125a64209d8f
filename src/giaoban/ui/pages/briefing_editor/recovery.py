"""The editor's recovery copy (core.services.recovery): kept while the secretary types, offered
back once at the next start after the program died with unsaved edits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from giaoban.core.errors import GiaobanError, NotFound
from giaoban.core.services import briefings, recovery
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.i18n import _, format_date

INTERVAL_MS = 30_000


class RecoveryKeeper(QObject):
    """Writes the editor's unsaved draft beside the database every 30 s and on each tab change;
    removes the copy it wrote once nothing is unsaved. A copy it did not write (a crashed
    program's, not yet offered) is left alone."""

    def __init__(self, editor: Any) -> None:
        super().__init__(editor)
        self.editor = editor
        self._written: BriefingDraft | None = None
        self._failed = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.keep)
        self.timer.start()
        editor.tabs.currentChanged.connect(lambda _index: self.keep())

    def keep(self) -> None:
        """Bring the copy up to date with the editor: written when unsaved, gone when saved."""
        editor = self.editor
        if editor.draft.finalized or not editor.has_unsaved_changes():
            self.clear()
            return
        snapshot = briefings.copy_draft(editor.draft)
        if snapshot == self._written:
            return
        try:
            recovery.save_recovery(editor.ctx, snapshot)
        except GiaobanError as exc:  # a full disk: say it once, keep typing
            if not self._failed:
                editor._status(_("Không ghi được bản dự phòng: {reason}").format(reason=exc))
            self._failed = True
            return
        self._failed = False
        self._written = snapshot

    def clear(self) -> None:
        """After a clean save or "Không lưu": no copy left to offer."""
        if self._written is not None:
            recovery.discard_recovery(self.editor.ctx)
            self._written = None


def _heading(draft: BriefingDraft) -> str:
    return briefings.period_label(draft.kind, draft.year, draft.quarter, draft.title)


def offer_recovery(window: Any) -> QMessageBox | None:
    """At start: if a program that died left a copy, ask (once, without blocking) whether to
    open it again. "Bỏ bản này" removes the copy; a restored draft is kept anew by its editor;
    Esc only closes the question, and the copy is offered again at the next start."""
    found = recovery.load_recovery(window.ctx)
    if found is None:
        return None
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Khôi phục biên bản chưa lưu"))
    box.setText(_("Lần trước giaoban đóng khi biên bản giao ban {period} còn thay đổi chưa lưu "
                  "(bản dự phòng lúc {time} ngày {date}).").format(
        period=_heading(found.draft), time=found.written_at.strftime("%H:%M"),
        date=format_date(found.written_at.date())))
    box.setInformativeText(_("Mở lại bản đó để xem và lưu tiếp?"))
    restore = box.addButton(_("Khôi phục"), QMessageBox.ButtonRole.AcceptRole)
    drop = box.addButton(_("Bỏ bản này"), QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton(_("Để sau"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)

    def answered(button: Any) -> None:
        if button is restore:
            restore_draft(window, found.draft)
        elif button is drop:
            recovery.discard_recovery(window.ctx)

    box.buttonClicked.connect(answered)
    box.open()
    window.recovery_offer = box
    return box


def restore_draft(window: Any, draft: BriefingDraft) -> None:
    """Show ``draft`` in the briefing editor as unsaved edits over what is stored."""
    page = window.show_area("briefings")
    editor = page.editor
    if draft.id is not None:
        try:
            stored = briefings.load_briefing(window.ctx, draft.id)
        except NotFound:  # deleted meanwhile: the copy becomes a new briefing
            draft.id = None
            for aspiration in draft.aspirations:
                aspiration.id = None
            for conclusion in draft.conclusions:
                conclusion.id = None
            stored = None
    else:
        stored = None
    editor.show_draft(draft)
    editor.clean = stored if stored is not None else BriefingDraft(
        kind=draft.kind, year=draft.year, quarter=draft.quarter)
    page.stack.setCurrentWidget(editor)
    editor.tabs.setCurrentIndex(0)
    editor._update_state()
    editor.recovery.keep()
    editor.general.setFocus()

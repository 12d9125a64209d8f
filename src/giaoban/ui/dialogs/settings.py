"""Settings: committee and province names, document symbols and numbering, signers, language.

The form sits in a scroll area so the dialog fits a 1024×600 screen. What is changed here is
printed on documents issued afterwards only: issued ones keep what they were issued with.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.services import settings as settings_service
from giaoban.i18n import N_, _, language
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.widgets.forms import FieldErrors

FIELDS: list[tuple[str, str, str]] = [
    # (group, key, label)
    ("org", "province", N_("Tỉnh")),
    ("org", "superior_body", N_("Cơ quan cấp trên (dòng 1)")),
    ("org", "committee_name", N_("Cơ quan ban hành (dòng 2)")),
    ("org", "commission_name", N_("Cơ quan tham mưu")),
    ("doc", "body_symbol", N_("Ký hiệu cơ quan (TU)")),
    ("doc", "symbol_minutes", N_("Ký hiệu biên bản (BB)")),
    ("doc", "symbol_notice", N_("Ký hiệu thông báo (TB)")),
    ("doc", "symbol_report", N_("Ký hiệu báo cáo (BC)")),
    ("notice", "notice_body", N_("Cơ quan kết luận")),
    ("notice", "signing_mode", N_("Thẩm quyền ký (T/M, K/T, T/L…)")),
    ("notice", "signer_title", N_("Chức vụ người ký")),
    ("notice", "signer_name", N_("Họ tên người ký")),
    ("report", "report_body", N_("Cơ quan báo cáo")),
    ("report", "report_signing_mode", N_("Thẩm quyền ký (T/M, K/T, T/L…)")),
    ("report", "report_signer_title", N_("Chức vụ người ký")),
    ("report", "report_signer_name", N_("Họ tên người ký")),
]
GROUPS = {"org": N_("Cơ quan"), "doc": N_("Số và ký hiệu văn bản"),
          "notice": N_("Thông báo kết luận: ai kết luận, ai ký"),
          "report": N_("Báo cáo tình hình thực hiện: ai báo cáo, ai ký")}
NAME_HINT = N_("để trống: {fallback}")
FALLBACKS = {"signer_name": N_("người chủ trì hội nghị"),
             "report_signer_name": N_("cán bộ có chức vụ này trong danh bạ")}


class SettingsDialog(QDialog):
    """Values are saved to the database (they travel with the data); language to QSettings."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Cài đặt"))
        self.setMinimumWidth(520)
        values = settings_service.get_settings(ctx)
        self.errors = FieldErrors()
        self.editors: dict[str, QLineEdit] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        layout = QVBoxLayout(content)
        scroll.setWidget(content)
        outer.addWidget(scroll)
        forms: dict[str, QFormLayout] = {}
        for group, title in GROUPS.items():
            box = QGroupBox(_(title), content)
            forms[group] = QFormLayout(box)
            layout.addWidget(box)
        for group, key, label in FIELDS:
            editor = QLineEdit(values.get(key, ""), content)
            editor.setObjectName(key)
            if key in FALLBACKS:
                editor.setPlaceholderText(_(NAME_HINT).format(fallback=_(FALLBACKS[key])))
            self.editors[key] = editor
            self.errors.add_row(forms[group], _(label), key, editor)
            if key == "symbol_report":
                self.yearly = QCheckBox(_("Đánh &số lại từ 01 mỗi năm"), content)
                self.yearly.setObjectName("numbering_yearly")
                self.yearly.setChecked(values.get("numbering_yearly", "1") != "0")
                forms[group].addRow(self.yearly)
        note = QLabel(_("Văn bản đã cấp số giữ nguyên như khi ban hành; thay đổi ở đây chỉ áp dụng "
                        "cho văn bản cấp số sau này."), content)
        note.setWordWrap(True)
        layout.addWidget(note)
        box = QGroupBox(_("Giao diện"), content)
        form = QFormLayout(box)
        self.language = QComboBox(self)
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if language() == "vi" else 1)
        form.addRow(_("&Ngôn ngữ"), self.language)
        self.restart_note = QLabel(_("Ngôn ngữ mới có hiệu lực khi mở lại chương trình."), self)
        self.restart_note.setWordWrap(True)
        form.addRow(self.restart_note)
        self.reminders = QCheckBox(_("N&hắc nhiệm vụ quá hạn và sắp đến hạn khi mở chương trình"), self)
        self.reminders.setChecked(values.get("reminders_enabled", "1") != "0")
        form.addRow(self.reminders)
        layout.addWidget(box)
        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._fit_screen(content, buttons)
        self._initial = self._state()

    def _fit_screen(self, content: QWidget, buttons: QWidget) -> None:
        """As tall as the form, but never taller than the screen (1024×600 included)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 540
        wanted = content.sizeHint().height() + buttons.sizeHint().height() + 48
        self.resize(max(600, content.sizeHint().width() + 48), max(320, min(wanted, room)))

    def _state(self) -> tuple:
        return (tuple(e.text() for e in self.editors.values()), self.reminders.isChecked(),
                self.yearly.isChecked(), self.language.currentIndex())

    def has_unsaved_changes(self) -> bool:
        return self._state() != self._initial

    def reject(self) -> None:
        """Esc / "Hủy": ask before typed values are thrown away."""
        if self.has_unsaved_changes():
            choice = ask.ask_save_changes(self, _("Cài đặt"))
            if choice is ask.Choice.SAVE:
                self.accept()
                return
            if choice is ask.Choice.CANCEL:
                return
        super().reject()

    def accept(self) -> None:
        values = {key: editor.text() for key, editor in self.editors.items()}
        values["reminders_enabled"] = "1" if self.reminders.isChecked() else "0"
        values["numbering_yearly"] = "1" if self.yearly.isChecked() else "0"
        if perform(self, self.ctx, _("Sửa cài đặt"), settings_service.save_settings, values,
                   errors=self.errors) is None:
            return
        QSettings().setValue("language", self.language.currentData())
        super().accept()

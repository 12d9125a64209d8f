"""Settings: committee and province names, document symbols, signature titles, language."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
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
    ("sign", "signing_mode", N_("Thẩm quyền ký (T/M, T/L…)")),
    ("sign", "signer_title", N_("Chức vụ người ký")),
    ("sign", "signer_name", N_("Họ tên người ký")),
]
GROUPS = {"org": N_("Cơ quan"), "doc": N_("Số và ký hiệu văn bản"), "sign": N_("Chữ ký thông báo kết luận")}


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
        layout = QVBoxLayout(self)
        forms: dict[str, QFormLayout] = {}
        for group, title in GROUPS.items():
            box = QGroupBox(_(title), self)
            forms[group] = QFormLayout(box)
            layout.addWidget(box)
        for group, key, label in FIELDS:
            editor = QLineEdit(values.get(key, ""), self)
            editor.setObjectName(key)
            self.editors[key] = editor
            self.errors.add_row(forms[group], _(label), key, editor)
        box = QGroupBox(_("Giao diện"), self)
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
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._initial = self._state()

    def _state(self) -> tuple:
        return (tuple(e.text() for e in self.editors.values()), self.reminders.isChecked(),
                self.language.currentIndex())

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
        if perform(self, self.ctx, _("Sửa cài đặt"), settings_service.save_settings, values,
                   errors=self.errors) is None:
            return
        QSettings().setValue("language", self.language.currentData())
        super().accept()

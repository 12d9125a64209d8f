"""First run: a short welcome that asks for the committee's name or loads the demo data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.services import settings as settings_service
from giaoban.i18n import _, pgettext
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.forms import FieldErrors


class WelcomeDialog(QDialog):
    """Non-modal; "Bắt đầu" saves the names, "Dùng dữ liệu mẫu" fills the new database."""

    def __init__(self, window: Any, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.ctx = window.ctx
        self.setWindowTitle(_("Chào mừng đến với giaoban"))
        self.setMinimumWidth(480)
        values = settings_service.get_settings(self.ctx)
        intro = QLabel(
            _(
                "Đây là lần đầu chương trình mở cơ sở dữ liệu này. Hãy nhập tên tỉnh và cơ quan "
                "để in lên biên bản, thông báo; có thể sửa lại bất cứ lúc nào trong Tệp → Cài đặt."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.province = QLineEdit(values["province"], self)
        self.superior = QLineEdit(values["superior_body"], self)
        self.committee = QLineEdit(values["committee_name"], self)
        self.errors.add_row(form, _("&Tỉnh"), "province", self.province)
        self.errors.add_row(form, pgettext("document heading", "Cơ quan &cấp trên"), "superior_body", self.superior)
        self.errors.add_row(form, _("Cơ quan &ban hành"), "committee_name", self.committee)
        self.demo_button = QPushButton(_("Dùng &dữ liệu mẫu"), self)
        self.demo_button.setToolTip(_("Nạp các cuộc giao ban, kiến nghị và nhiệm vụ mẫu để làm quen"))
        self.start_button = QPushButton(_("&Bắt đầu"), self)
        self.start_button.setDefault(True)
        self.server_button = QPushButton(_("Kết nối &máy chủ…"), self)
        self.server_button.setToolTip(_("Làm việc trên cơ sở dữ liệu chung của cơ quan"))
        self.server_button.clicked.connect(self.connect_server)
        self.demo_button.clicked.connect(self.load_demo)
        self.start_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.server_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def accept(self) -> None:
        values = {
            "province": self.province.text(),
            "superior_body": self.superior.text(),
            "committee_name": self.committee.text(),
        }
        try:
            settings_service.save_settings(self.ctx, values)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        super().accept()

    def connect_server(self) -> None:
        """The office works on a server: leave the welcome for the connect dialog."""
        self.reject()
        self.window_.connect_server()

    def load_demo(self) -> None:
        # the demo's code (with the search index's bulk loader, ~18 ms of imports) only when
        # asked for: this module is loaded at every start, right after the first page is shown
        from giaoban.core.demo import fill_demo

        try:
            fill_demo(self.ctx, "small")
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        page = self.window_.current_page()
        page.refresh()
        super().accept()


def install(window: Any) -> None:
    """Show the welcome once, on the database the program has just created."""
    if not window.ctx.db.created:
        return
    dialog = WelcomeDialog(window)
    window._welcome = dialog
    dialog.open()

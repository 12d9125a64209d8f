"""Tệp → Kết nối máy chủ…: log in to an office's PostgreSQL server and work on it in this window.

The fields (host, port, database, user, TLS mode) are remembered per user in QSettings, never
the password: that is kept in the system keyring only when "Nhớ mật khẩu" is ticked
(core/server_login.py), else asked each time. "Kết nối" first tries the connection with a short
timeout and shows the server's refusal in the dialog (core.db_server's words, no password);
only a login that works is remembered and opened. At start-up, ``--db postgresql://user@host/db``
without a password asks for it in :class:`PasswordDialog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.core import server_login
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.server_login import ServerLogin
from giaoban.i18n import _
from giaoban.ui.widgets.forms import FieldErrors

SETTINGS = "server/"
FIELDS = ("host", "port", "database", "user", "sslmode")
ERROR_STYLE = "color: #b3261e;"


def ssl_labels() -> dict[str, str]:
    """The TLS modes in words (libpq's sslmode values as the keys)."""
    return {
        "disable": _("Không mã hóa"),
        "prefer": _("Mã hóa nếu máy chủ hỗ trợ"),
        "require": _("Luôn mã hóa"),
        "verify-full": _("Mã hóa và kiểm tra chứng chỉ máy chủ"),
    }


def remembered() -> tuple[dict[str, str], bool]:
    """The fields of the last login that worked, and whether its password was to be kept."""
    settings = QSettings()
    values = {name: str(settings.value(SETTINGS + name, "") or "") for name in FIELDS}
    values["port"] = values["port"] or str(server_login.DEFAULT_PORT)
    values["sslmode"] = values["sslmode"] or "prefer"
    keep = str(settings.value(SETTINGS + "remember_password", "false")).lower() == "true"
    return values, keep


def remember(login: ServerLogin, keep: bool) -> None:
    """Save the login's fields (never its password) for the next time."""
    settings = QSettings()
    for name in FIELDS:
        settings.setValue(SETTINGS + name, str(getattr(login, name)))
    settings.setValue(SETTINGS + "remember_password", "true" if keep else "false")
    settings.sync()


class ServerConnectDialog(QDialog):
    """The login form; on success ``opened`` holds the open context and ``note`` a keyring
    note (or None). Window-modal: open it with ``open()``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Kết nối máy chủ"))
        self.setMinimumWidth(440)
        self.opened: Any = None
        self.note: str | None = None
        values, keep = remembered()
        intro = QLabel(_("Làm việc trên cơ sở dữ liệu chung của cơ quan (PostgreSQL). Hỏi "
                         "người phụ trách kỹ thuật địa chỉ máy chủ và tài khoản của mình."), self)
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.host = QLineEdit(values["host"], self)
        self.port = QLineEdit(values["port"], self)
        self.port.setMaxLength(5)
        self.database = QLineEdit(values["database"], self)
        self.user = QLineEdit(values["user"], self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox(self)
        for mode, label in ssl_labels().items():
            self.sslmode.addItem(label, mode)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(values["sslmode"])))
        self.keep = QCheckBox(_("&Nhớ mật khẩu (trong kho mật khẩu của hệ thống)"), self)
        self.keep.setChecked(keep)
        for label, name, editor in (
            (_("Má&y chủ"), "host", self.host), (_("&Cổng"), "port", self.port),
            (_("Cơ sở &dữ liệu"), "database", self.database),
            (_("&Tên đăng nhập"), "user", self.user), (_("&Mật khẩu"), "password", self.password),
            (_("Mã &hóa kết nối"), "sslmode", self.sslmode),
        ):
            self.errors.add_row(form, label, name, editor)
        form.addRow("", self.keep)
        self.message = QLabel(self)
        self.message.setObjectName("connect_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(
            _("&Kết nối"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        empty = next((w for w in (self.host, self.database, self.user) if not w.text()), None)
        (empty or self.password).setFocus()
        if keep and values["host"]:
            self._show_saved(values)

    def _show_saved(self, values: dict[str, str]) -> None:
        """Say the password is kept, or that the keyring cannot be used (one line)."""
        try:
            login = server_login.clean(values["host"], values["port"], values["database"],
                                       values["user"], values["sslmode"])
        except ValidationError:
            return
        saved, note = server_login.saved_password(login)
        if saved:
            self.password.setPlaceholderText(_("(đã lưu trong kho mật khẩu)"))
        elif note:
            self._say(note, error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        """Try the login; a refusal stays in the dialog and nothing is saved."""
        from giaoban.core.startup import open_context

        self.errors.show({})
        self.message.hide()
        try:
            login = server_login.clean(self.host.text(), self.port.text(), self.database.text(),
                                       self.user.text(), str(self.sslmode.currentData()))
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        typed = self.password.text()
        password = typed or server_login.saved_password(login)[0]
        url = login.url(password)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # up to a few seconds
        try:
            server_login.probe(url)
            self.opened = open_context(url)
        except GiaobanError as exc:
            self._say(str(exc), error=True)
            self.password.setFocus()
            self.password.selectAll()
            return
        finally:
            QApplication.restoreOverrideCursor()
        remember(login, self.keep.isChecked())
        if not self.keep.isChecked():
            server_login.forget_password(login)
        elif typed:
            self.note = server_login.remember_password(login, typed)
        super().accept()


class PasswordDialog(QDialog):
    """Start-up with ``--db postgresql://user@host/db`` and no password found: ask for it."""

    def __init__(self, login: ServerLogin, why: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mật khẩu máy chủ"))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        text = _("Nhập mật khẩu của “{user}” trên máy chủ {where}.").format(
            user=login.user, where=f"{login.host}/{login.database}")
        label = QLabel(text, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        if why:
            problem = QLabel(why, self)
            problem.setObjectName("password_problem")
            problem.setWordWrap(True)
            problem.setStyleSheet(ERROR_STYLE)
            layout.addWidget(problem)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Mật khẩu"))
        layout.addWidget(self.password)
        self.keep = QCheckBox(_("&Nhớ mật khẩu (trong kho mật khẩu của hệ thống)"), self)
        layout.addWidget(self.keep)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("&Kết nối"), QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        buttons.addButton(_("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()


def ask_password(login: ServerLogin, why: str | None) -> tuple[str, bool] | None:
    """The start-up's question (core.server_login.resolve_url calls it until the server says
    yes): the password and whether to keep it, or None when the person gave up."""
    dialog = PasswordDialog(login, why)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.keep.isChecked()


def connect_to_server(window: Any) -> ServerConnectDialog:
    """Tệp → Kết nối máy chủ…: the dialog; when a login works the window works on that office."""
    from giaoban.ui.actions.switching import switch_database

    dialog = ServerConnectDialog(window)

    def done(result: int) -> None:
        ctx = dialog.opened
        if result != QDialog.DialogCode.Accepted or ctx is None:
            return
        if not switch_database(window, ctx):
            ctx.db.dispose()
            return
        shown = _("Đã kết nối máy chủ: {name}").format(name=ctx.db.display_name)
        window.statusBar().showMessage(f"{shown}. {dialog.note}" if dialog.note else shown, 10000)

    dialog.finished.connect(done)
    window._server_dialog = dialog
    dialog.open()
    return dialog

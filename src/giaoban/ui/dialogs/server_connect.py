"""Tệp → Kết nối máy chủ…: log in to an office's PostgreSQL server and work on it in this window.

The fields (host, port, database, user, TLS mode) are remembered per user in QSettings, never
the password: that is kept in the system keyring only when "Nhớ mật khẩu" is ticked
(core/server_login.py), else asked each time. "Kết nối" first tries the connection with a short
timeout, on a worker thread (the dialog says "Đang kết nối…" and stays alive; Esc stops
waiting), and shows the server's refusal in the dialog (core.db_server's words, no password);
only a login that works is remembered and opened. At start-up, ``--db postgresql://user@host/db``
without a password asks for it in :class:`PasswordDialog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
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
from giaoban.ui.actions.worker import Job
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
        self._job: Job | None = None  # the login being tried on a worker
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
        """Try the login on a worker ("Đang kết nối…": the window stays alive, Esc stops
        it); a refusal stays in the dialog and nothing is saved."""
        if self._job is not None:
            return  # already trying
        self.errors.show({})
        self.message.hide()
        try:
            login = server_login.clean(self.host.text(), self.port.text(), self.database.text(),
                                       self.user.text(), str(self.sslmode.currentData()))
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        typed = self.password.text()
        url = login.url(typed or server_login.saved_password(login)[0])
        job = Job(lambda: _open(url), self)
        job.succeeded.connect(lambda ctx: self._opened(job, login, typed, ctx))
        job.failed.connect(lambda error: self._refused(job, error))
        self._job = job
        self._trying(True)
        job.start()

    def _trying(self, trying: bool) -> None:
        """While the login is tried the fields and "Kết nối" wait; "Hủy" and Esc do not."""
        for editor in (self.host, self.port, self.database, self.user, self.password,
                       self.sslmode, self.keep, self.connect_button):
            editor.setEnabled(not trying)
        if trying:
            self._say(_("Đang kết nối… (Esc để dừng)"), error=False)

    def _opened(self, job: Job, login: ServerLogin, typed: str, ctx: Any) -> None:
        if job is not self._job:  # stopped meanwhile: nobody wants this connection
            ctx.db.dispose()
            return
        self._job = None
        self._trying(False)
        self.message.hide()
        self.opened = ctx
        remember(login, self.keep.isChecked())
        if not self.keep.isChecked():
            server_login.forget_password(login)
        elif typed:
            self.note = server_login.remember_password(login, typed)
        super().accept()

    def _refused(self, job: Job, error: BaseException) -> None:
        if job is not self._job:
            return
        self._job = None
        self._trying(False)
        self._say(str(error) if isinstance(error, GiaobanError)
                  else _("Không kết nối được máy chủ."), error=True)
        self.password.setFocus()
        self.password.selectAll()

    def stop_trying(self) -> bool:
        """Esc while the login is tried: stop waiting for it (a connection it still makes is
        closed when it comes) and keep the dialog to correct the fields. False: not trying."""
        if self._job is None:
            return False
        self._job = None
        self._trying(False)
        self._say(_("Đã dừng kết nối."), error=False)
        self.host.setFocus()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.stop_trying():
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Hủy (or Esc when nothing is tried): close; an attempt still running is left to end
        on its own and its connection closed."""
        self._job = None
        super().reject()


def _open(url: str) -> Any:
    """On the worker: the quick test of the login (a clear refusal), then the context."""
    from giaoban.core.startup import open_context

    server_login.probe(url)
    return open_context(url)


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

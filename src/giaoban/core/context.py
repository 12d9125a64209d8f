"""The explicit context every service takes: which database, who is working, what time it is."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from giaoban.core.changes import CHANGES_KEY
from giaoban.core.clock import SYSTEM_CLOCK, Clock
from giaoban.core.db import WAIT_OPTION, WRITE_OPTION, Database
from giaoban.core.errors import DatabaseBusy, DatabaseError, RecordChanged
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.changes import Change

# Columns stamped with the context's clock when a new row is flushed without them.
_STAMPED = ("created_at", "updated_at", "at")


def current_user() -> str:
    """The OS user name, recorded in the audit history."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def write_error(exc: OperationalError) -> DatabaseError:
    """What a failed write means to the user: another writer, a full disk, a read-only file."""
    reason = str(exc.orig or exc).lower()
    if "locked" in reason or "busy" in reason:
        return DatabaseBusy(_(
            "Đang có người khác ghi dữ liệu (một chương trình giaoban khác hoặc một lệnh đang "
            "chạy); đã chờ mà chưa xong. Chưa có gì được lưu — hãy thử lại sau giây lát."))
    if "full" in reason:
        return DatabaseError(_("Ổ đĩa đã đầy nên chưa lưu được; chưa có gì thay đổi. Hãy giải "
                               "phóng chỗ trống rồi thử lại."))
    if "readonly" in reason or "read-only" in reason:
        return DatabaseError(_("Tệp dữ liệu chỉ cho phép đọc nên chưa lưu được."))
    return DatabaseError(_("Không ghi được dữ liệu: {reason}").format(reason=exc.orig or exc))


@dataclass
class AppContext:
    """Services receive this instead of reaching for globals, so tests can use a temporary file."""

    db: Database
    user: str = field(default_factory=current_user)
    clock: Clock = SYSTEM_CLOCK
    # Set on an operation's own copy (``recording()``): what its transactions changed.
    changes: list[Change] | None = field(default=None, repr=False, compare=False)
    # Set on a copy bound to one open transaction (``joined()``): services share it.
    bound_session: Session | None = field(default=None, repr=False, compare=False)
    # Told when a write has to wait for another program's (the window says it is waiting).
    on_wait: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def now(self) -> dt.datetime:
        """This moment (zone-aware) by the context's clock."""
        return self.clock.now()

    def now_utc(self) -> dt.datetime:
        """This moment in UTC, as timestamps are stored."""
        return self.clock.now_utc()

    def today(self) -> dt.date:
        """Today by the context's clock: overdue counts, default dates, document dates."""
        return self.clock.today()

    def session(self) -> AbstractContextManager[Session]:
        """A session to read in (inside a joined transaction: that transaction's session, left
        open). Writes go through :meth:`transaction`, which stamps new rows from the clock."""
        if self.bound_session is not None:
            return nullcontext(self.bound_session)
        return Session(self.db.engine, expire_on_commit=False)

    def recording(self) -> AppContext:
        """A copy of this context that keeps the changes its transactions commit (an operation)."""
        return replace(self, changes=[], bound_session=None)

    def _stamp_new_rows(self, session: Session, _context: object, _instances: object) -> None:
        now: dt.datetime | None = None
        for row in session.new:
            for name in _STAMPED:
                if hasattr(row, name) and getattr(row, name) is None:
                    now = now or self.now_utc()
                    setattr(row, name, now)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole at the end, rolled back whole on any error.

        Inside :meth:`joined` it is part of the enclosing transaction instead.
        """
        if self.bound_session is not None:
            yield self.bound_session
            return
        with Session(self.db.engine, expire_on_commit=False) as session:
            event.listen(session, "before_flush", self._stamp_new_rows)
            try:
                session.connection(execution_options={  # BEGIN IMMEDIATE
                    WRITE_OPTION: True, WAIT_OPTION: self.on_wait})
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise write_error(exc) from exc
            except StaleDataError as exc:  # a row's version moved under this write (migration 0007)
                session.rollback()
                raise RecordChanged(_(
                    "Bản ghi vừa được người khác lưu trong lúc anh/chị lưu; chưa có gì thay đổi. "
                    "Hãy thử lại.")) from exc
            except BaseException:
                session.rollback()
                raise
            noted = session.info.pop(CHANGES_KEY, [])
            if self.changes is not None:
                self.changes.extend(noted)

    @contextmanager
    def joined(self) -> Iterator[AppContext]:
        """One transaction several service calls share (an undo of many changes): a copy of this
        context whose transactions and sessions are that one; all committed, or none."""
        with self.transaction() as session:
            yield replace(self, changes=None, bound_session=session)

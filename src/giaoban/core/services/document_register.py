"""The document register (sổ đăng ký văn bản): numbers of the minutes, notices and reports.

Finalizing a briefing gives its minutes the next number of the minutes' symbol (or the one typed
on the briefing); issuing a notice or a report gives it the next number of its symbol. Numbers
are unique per type symbol and series — the year of issue when numbering restarts each year
(setting ``numbering_yearly``), 0 when it never does — by a UNIQUE constraint of the table.

Each entry keeps the settings the document was issued with (header, place, symbols, signers with
their resolved names), so a reprint gives the same paper whatever the settings say later. A
number or date is corrected with a reason, through :func:`correct_issued` (audited, undoable).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from giaoban.core import audit
from giaoban.core.enums import AuditAction, BriefingStatus, DocumentKind
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import Briefing, IssuedDocument, Person, Setting
from giaoban.core.services.document_signers import SIGNER_KEYS, minutes_people, with_signers
from giaoban.core.services.settings import DEFAULTS
from giaoban.core.text import fold, normalize
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

MAX_NUMBER = 999999
SYMBOL_KEYS = {
    DocumentKind.MINUTES: "symbol_minutes",
    DocumentKind.NOTICE: "symbol_notice",
    DocumentKind.REPORT: "symbol_report",
}


@dataclass(frozen=True)
class IssuedInfo:
    """One register entry as the documents and the screens use it."""

    id: int
    kind: str
    number: int
    symbol: str
    body_symbol: str
    series: int
    issued_on: dt.date
    settings: dict[str, str]
    briefing_id: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date | None = None

    @property
    def label(self) -> str:
        """'16-BB/TU' as printed after "Số"."""
        return number_label(self.number, self.symbol, self.body_symbol)


def number_label(number: int, symbol: str, body_symbol: str) -> str:
    """'07-TB/TU': two digits at least, the type symbol, the body's symbol."""
    return f"{number:02d}-{symbol}/{body_symbol}"


def _info(row: IssuedDocument) -> IssuedInfo:
    try:
        stored = json.loads(row.settings or "{}")
    except ValueError:
        stored = {}
    settings = {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}
    return IssuedInfo(
        id=row.id or 0, kind=row.kind, number=row.number, symbol=row.symbol,
        body_symbol=row.body_symbol, series=row.series, issued_on=row.issued_on,
        settings={**DEFAULTS, **settings}, briefing_id=row.briefing_id,
        period_start=row.period_start, period_end=row.period_end, as_of=row.as_of,
    )


def settings_of(session: Session) -> dict[str, str]:
    """Today's settings: the defaults overlaid with the table (one query)."""
    return {**DEFAULTS, **{row.key: row.value for row in session.exec(select(Setting))}}


def series_of(settings: dict[str, str], day: dt.date) -> int:
    """The register a number belongs to: the year, or 0 when numbers never restart."""
    return day.year if settings.get("numbering_yearly", "1") != "0" else 0


def _next(session: Session, symbol: str, series: int) -> int:
    found = session.exec(
        select(func.max(IssuedDocument.number))
        .where(IssuedDocument.symbol == symbol, IssuedDocument.series == series)
    ).one()
    return int(found or 0) + 1


def next_number(ctx: AppContext, kind: str, day: dt.date) -> str:
    """The number the next document of ``kind`` dated ``day`` would get ('16-BB/TU')."""
    with ctx.session() as session:
        settings = settings_of(session)
        symbol = settings[SYMBOL_KEYS[DocumentKind(kind)]]
        number = _next(session, symbol, series_of(settings, day))
    return number_label(number, symbol, settings["body_symbol"])


def parse_number(text: str | int | None, symbol: str, body_symbol: str) -> int | None:
    """The number in '16', '16-BB/TU' or 'Số 16-BB/TU' (None when blank).

    Raises ValidationError("number") for anything else, or another document's symbols.
    """
    if text is None or isinstance(text, int):
        number = text
    else:
        value = normalize(text)
        value = re.sub(r"^số\s*", "", value, flags=re.I)
        if not value:
            return None
        full = re.fullmatch(rf"(\d{{1,6}})(?:-{re.escape(symbol)}/{re.escape(body_symbol)})?",
                            value, flags=re.I)
        if full is None:
            raise ValidationError({"number": _(
                "Số văn bản phải là một số, ví dụ 16 hoặc “16-{symbol}/{body}”.").format(
                    symbol=symbol, body=body_symbol)})
        number = int(full.group(1))
    if number is not None and not 1 <= number <= MAX_NUMBER:
        raise ValidationError({"number": _("Số văn bản phải từ 1 đến {max}.").format(
            max=MAX_NUMBER)})
    return number


def _check_day(day: dt.date, not_before: dt.date | None, what: str) -> None:
    if not 1945 <= day.year <= 2200:
        raise ValidationError({"date": _("Ngày ban hành không hợp lệ.")})
    if not_before is not None and day < not_before:
        raise ValidationError({"date": _("Ngày ban hành ({day}) không được trước {what} ({limit}).")
                               .format(day=format_date(day), what=what,
                                       limit=format_date(not_before))})


def _place(session: Session, row: IssuedDocument, wanted: int | None, settings: dict[str, str]) -> None:
    """Give ``row`` the number ``wanted`` (or the next one) in its series; refuse a taken one."""
    row.series = series_of(settings, row.issued_on)
    if wanted is None:
        row.number = _next(session, row.symbol, row.series)
        return
    taken = session.exec(
        select(IssuedDocument).where(
            IssuedDocument.symbol == row.symbol, IssuedDocument.series == row.series,
            IssuedDocument.number == wanted, col(IssuedDocument.id) != (row.id or 0))
    ).first()
    if taken is not None:
        raise ValidationError({"number": _(
            "Số {label} đã cấp cho văn bản ngày {day}; hãy chọn số khác.").format(
                label=number_label(wanted, row.symbol, row.body_symbol),
                day=format_date(taken.issued_on))})
    row.number = wanted


def _flush(session: Session, row: IssuedDocument) -> None:
    """Write the row; the UNIQUE constraint is the last word when two writers race."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError({"number": _("Số {label} vừa được cấp cho văn bản khác.").format(
            label=number_label(row.number, row.symbol, row.body_symbol))}) from exc


def _snapshot(settings: dict[str, str]) -> str:
    return json.dumps(settings, ensure_ascii=False, sort_keys=True)


# --- reading -------------------------------------------------------------------------------------


def _where_briefing(kind: str, briefing_id: int) -> Any:
    return select(IssuedDocument).where(IssuedDocument.kind == kind,
                                        IssuedDocument.briefing_id == briefing_id)


def _where_report(start: dt.date, end: dt.date, as_of: dt.date) -> Any:
    return select(IssuedDocument).where(
        IssuedDocument.kind == DocumentKind.REPORT.value, IssuedDocument.period_start == start,
        IssuedDocument.period_end == end, IssuedDocument.as_of == as_of)


def issued_for_briefing(ctx: AppContext, briefing_id: int, kind: str) -> IssuedInfo | None:
    """The register entry of a briefing's minutes or notice, if it was issued."""
    with ctx.session() as session:
        row = session.exec(_where_briefing(kind, briefing_id)).first()
        return _info(row) if row is not None else None


def issued_report(ctx: AppContext, start: dt.date, end: dt.date, as_of: dt.date) -> IssuedInfo | None:
    """The report issued for this period as of this day, if any."""
    with ctx.session() as session:
        row = session.exec(_where_report(start, end, as_of)).first()
        return _info(row) if row is not None else None


def list_issued(ctx: AppContext, kind: str | None = None, query: str = "") -> list[IssuedInfo]:
    """The register, newest first; ``query`` matches the number ('16-bb', '16/2026') folded."""
    statement = select(IssuedDocument).order_by(col(IssuedDocument.issued_on).desc(),
                                                col(IssuedDocument.id).desc())
    if kind:
        statement = statement.where(IssuedDocument.kind == kind)
    with ctx.session() as session:
        rows = [_info(row) for row in session.exec(statement)]
    wanted = fold(query)
    if not wanted:
        return rows
    return [r for r in rows if wanted in fold(f"{r.label} {r.number}/{r.issued_on.year} "
                                              f"{r.issued_on:%d/%m/%Y}")]


# --- writing -------------------------------------------------------------------------------------


def register_minutes(session: Session, ctx: AppContext, briefing: Briefing) -> IssuedDocument:
    """Inside finalize's transaction: give the minutes their number (the typed one, or the next).

    A briefing finalized again after a reopen keeps its entry and what it was issued with; only
    a number typed differently, or a new meeting date, changes it (audited).
    """
    assert briefing.id is not None
    row = session.exec(_where_briefing(DocumentKind.MINUTES.value, briefing.id)).first()
    settings = settings_of(session) if row is None else _info(row).settings
    symbol = row.symbol if row is not None else settings["symbol_minutes"]
    body = row.body_symbol if row is not None else settings["body_symbol"]
    try:
        wanted = parse_number(briefing.document_number, symbol, body)
    except ValidationError as exc:
        raise ValidationError({"document_number": exc.errors["number"]}) from exc
    day = briefing.held_on or ctx.today()
    if row is None:
        row = IssuedDocument(
            kind=DocumentKind.MINUTES.value, briefing_id=briefing.id, number=0, symbol=symbol,
            body_symbol=body, issued_on=day,
            settings=_snapshot({**settings, **minutes_people(session, briefing)}),
        )
        _place(session, row, wanted, settings)
        _flush(session, row)
        audit.record(session, ctx, "issued_document", row.id, AuditAction.CREATE, {},
                     audit.snapshot(row))
    elif (wanted or row.number, day) != (row.number, row.issued_on):
        before = audit.snapshot(row)
        row.issued_on, row.updated_at = day, ctx.now_utc()
        _place(session, row, wanted or row.number, settings)
        _flush(session, row)
        audit.record(session, ctx, "issued_document", row.id, AuditAction.UPDATE, before,
                     audit.snapshot(row), note=_("Chốt lại biên bản"))
    briefing.document_number = number_label(row.number, row.symbol, row.body_symbol)
    return row


def _new(session: Session, ctx: AppContext, row: IssuedDocument, wanted: int | None,
         settings: dict[str, str]) -> IssuedInfo:
    _place(session, row, wanted, settings)
    _flush(session, row)
    audit.record(session, ctx, "issued_document", row.id, AuditAction.CREATE, {},
                 audit.snapshot(row))
    return _info(row)


def _already(row: IssuedDocument, wanted: int | None, day: dt.date | None) -> IssuedInfo:
    """An issued document is reprinted as it was; another number or date needs a correction."""
    info = _info(row)
    if wanted not in (None, row.number) or day not in (None, row.issued_on):
        raise ValidationError({"number": _(
            "Văn bản đã ban hành số {label} ngày {day}. Muốn sửa số hoặc ngày, hãy sửa trong sổ "
            "văn bản và ghi lý do.").format(label=info.label, day=format_date(row.issued_on))})
    return info


def _need_signer(settings: dict[str, str], kind: DocumentKind) -> None:
    if not normalize(settings.get(SIGNER_KEYS[kind][2], "")):
        what = _("thông báo") if kind == DocumentKind.NOTICE else _("báo cáo")
        raise ValidationError({"signer": _(
            "Chưa có họ tên người ký {what}: hãy nhập trong Cài đặt.").format(what=what)})


def issue_notice(ctx: AppContext, briefing_id: int, number: str | int | None = None,
                 issued_on: dt.date | None = None) -> IssuedInfo:
    """Number and date the notice of a finalized briefing (default: next number, today).

    Issued once: later calls return the same entry (a different number or date is refused).
    """
    with ctx.transaction() as session:
        briefing = session.get(Briefing, briefing_id)
        if briefing is None or briefing.deleted_at is not None:
            raise NotFound(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
        if briefing.status != BriefingStatus.FINALIZED:
            raise ValidationError({"number": _(
                "Biên bản chưa chốt: thông báo kết luận chỉ được cấp số khi biên bản đã chốt.")})
        settings = settings_of(session)
        wanted = parse_number(number, settings["symbol_notice"], settings["body_symbol"])
        row = session.exec(_where_briefing(DocumentKind.NOTICE.value, briefing_id)).first()
        if row is not None:
            return _already(row, wanted, issued_on)
        day = issued_on or ctx.today()
        _check_day(day, briefing.held_on, _("ngày họp"))
        chair = session.get(Person, briefing.chair_id) if briefing.chair_id else None
        frozen = with_signers(session, settings, chair.full_name if chair else "")
        _need_signer(frozen, DocumentKind.NOTICE)
        row = IssuedDocument(kind=DocumentKind.NOTICE.value, briefing_id=briefing_id, number=0,
                             symbol=settings["symbol_notice"], body_symbol=settings["body_symbol"],
                             issued_on=day, settings=_snapshot(frozen))
        return _new(session, ctx, row, wanted, settings)


def issue_report(ctx: AppContext, start: dt.date, end: dt.date, as_of: dt.date,
                 number: str | int | None = None, issued_on: dt.date | None = None) -> IssuedInfo:
    """Number and date the follow-up report of a period as of a day (issued once, like the notice)."""
    with ctx.transaction() as session:
        settings = settings_of(session)
        wanted = parse_number(number, settings["symbol_report"], settings["body_symbol"])
        row = session.exec(_where_report(start, end, as_of)).first()
        if row is not None:
            return _already(row, wanted, issued_on)
        day = issued_on or ctx.today()
        _check_day(day, as_of, _("ngày số liệu được tính đến"))
        frozen = with_signers(session, settings)
        _need_signer(frozen, DocumentKind.REPORT)
        row = IssuedDocument(kind=DocumentKind.REPORT.value, number=0, period_start=start,
                             period_end=end, as_of=as_of, symbol=settings["symbol_report"],
                             body_symbol=settings["body_symbol"], issued_on=day,
                             settings=_snapshot(frozen))
        return _new(session, ctx, row, wanted, settings)


def correct_issued(ctx: AppContext, issue_id: int, reason: str, *,
                   number: str | int | None = None, issued_on: dt.date | str | None = None) -> None:
    """Correct the number or date of an issued document; the reason goes into the history."""
    reason = normalize(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do sửa số hoặc ngày văn bản.")})
    with ctx.transaction() as session:
        row = session.get(IssuedDocument, issue_id)
        if row is None:
            raise NotFound(_("Không tìm thấy văn bản số {id} trong sổ.").format(id=issue_id))
        before = audit.snapshot(row)
        if issued_on is not None:
            day = dt.date.fromisoformat(issued_on) if isinstance(issued_on, str) else issued_on
            _check_day(day, None, "")
            row.issued_on = day
        wanted = parse_number(number, row.symbol, row.body_symbol)
        _place(session, row, wanted or row.number, _info(row).settings)
        if audit.snapshot(row) == before:
            return
        row.updated_at = ctx.now_utc()
        _flush(session, row)
        if row.kind == DocumentKind.MINUTES and row.briefing_id is not None:
            briefing = session.get(Briefing, row.briefing_id)
            if briefing is not None:
                briefing.document_number = number_label(row.number, row.symbol, row.body_symbol)
                session.add(briefing)
        audit.record(session, ctx, "issued_document", row.id, AuditAction.UPDATE, before,
                     audit.snapshot(row), note=reason)


__all__ = [
    "IssuedInfo", "correct_issued", "issue_notice", "issue_report", "issued_for_briefing",
    "issued_report", "list_issued", "next_number", "number_label", "parse_number",
    "register_minutes", "settings_of",
]

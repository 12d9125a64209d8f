"""Settings that travel with the data: committee and province names, symbols, signers.

The notice and the report each have their signer: the body in whose name it speaks, the
authority line ("T/M BAN THƯỜNG VỤ", "T/L…", "K/T…"), the title and the name. The defaults agree
with each other: the Standing Committee concludes and its Deputy Secretary signs the notice "T/M
BAN THƯỜNG VỤ"; the Party Committee's Office reports and its Chief signs the report "T/L BAN
THƯỜNG VỤ". What was issued keeps the values it was issued with (core/services/document_register).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlmodel import select

from giaoban.core import audit
from giaoban.core.enums import AuditAction
from giaoban.core.errors import ValidationError
from giaoban.core.models import Setting
from giaoban.core.text import normalize
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

DEFAULTS: dict[str, str] = {
    "province": "Ninh Bình",
    "superior_body": "ĐẢNG BỘ TỈNH NINH BÌNH",
    "committee_name": "TỈNH ỦY",
    "commission_name": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "body_symbol": "TU",
    "symbol_minutes": "BB",
    "symbol_notice": "TB",
    "symbol_report": "BC",
    "numbering_yearly": "1",
    # the notice of conclusions (the first three keys are older than the report's)
    "notice_body": "Thường trực Tỉnh ủy",
    "signing_mode": "T/M BAN THƯỜNG VỤ",
    "signer_title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
    "signer_name": "",
    # the follow-up report
    "report_body": "Văn phòng Tỉnh ủy",
    "report_signing_mode": "T/L BAN THƯỜNG VỤ",
    "report_signer_title": "CHÁNH VĂN PHÒNG",
    "report_signer_name": "",
    "reminders_enabled": "1",
    # the largest file that may be attached, in MB (core/services/attachments.py)
    "attachment_max_mb": "50",
}

MAX_ATTACHMENT_MB = 500  # SQLite keeps a value of at most 1 GB; a file this big is rare enough
SYMBOLS = ("body_symbol", "symbol_minutes", "symbol_notice", "symbol_report")
REQUIRED = ("province", "committee_name", "body_symbol", "symbol_minutes", "symbol_notice",
            "symbol_report", "notice_body", "signer_title", "report_body", "report_signer_title")


def get_settings(ctx: AppContext) -> dict[str, str]:
    """All settings: the defaults overlaid with what the database holds."""
    with ctx.session() as session:
        stored = {row.key: row.value for row in session.exec(select(Setting))}
    return {**DEFAULTS, **stored}


def get_setting(ctx: AppContext, key: str) -> str:
    with ctx.session() as session:
        row = session.get(Setting, key)
    return row.value if row else DEFAULTS.get(key, "")


def save_settings(ctx: AppContext, values: dict[str, str]) -> None:
    """Save several settings in one transaction; required ones may not be blank."""
    cleaned = {key: normalize(str(value)) for key, value in values.items()}
    errors = {
        key: _("Không được để trống.") for key in REQUIRED if key in cleaned and not cleaned[key]
    }
    for key in SYMBOLS:  # "15-BB/TU": "-" ends the number, "/" the type symbol
        allowed = r"[^\W_]+(-[^\W_]+)*" if key == "body_symbol" else r"[^\W_]+"
        if cleaned.get(key) and key not in errors and not re.fullmatch(allowed, cleaned[key]):
            errors[key] = _("Ký hiệu chỉ gồm chữ và số (không có dấu cách, “-” hay “/”).")
    if cleaned.get("numbering_yearly", "1") not in ("0", "1"):
        errors["numbering_yearly"] = _("Giá trị không hợp lệ.")
    size = cleaned.get("attachment_max_mb", "50")
    if not (re.fullmatch(r"\d{1,3}", size) and 1 <= int(size) <= MAX_ATTACHMENT_MB):
        errors["attachment_max_mb"] = _("Hãy ghi một số MB từ 1 đến {high}.").format(
            high=MAX_ATTACHMENT_MB)
    if errors:
        raise ValidationError(errors)
    with ctx.transaction() as session:
        for key, value in cleaned.items():
            row = session.get(Setting, key)
            old = row.value if row else DEFAULTS.get(key, "")
            if old == value:
                continue
            if row is None:
                row = Setting(key=key, value=value)
            else:
                row.value = value
            session.add(row)
            audit.record(
                session, ctx, "setting", None, AuditAction.UPDATE, {key: old}, {key: value}
            )

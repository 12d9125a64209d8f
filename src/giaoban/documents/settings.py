"""Every string, size and margin of the printed documents, as defaults that settings override.

DOCUMENTS.md is explicit that the rules of Party documents change (Hướng dẫn 36, 16, Quy định
399…), so nothing printed is a constant: :class:`DocumentSettings` holds the defaults and
:meth:`DocumentSettings.from_mapping` overlays what the ``setting`` table holds.

Two families of keys are read:

* the shared keys the settings page edits (``committee_name``, ``province``, ``symbol_minutes``,
  ``signer_title``… see ``core/services/settings.py``), so renaming the committee there changes
  the documents;
* ``doc.<field>`` keys, one per field below (``doc.margin_left_mm``, ``doc.recipients``…), which
  win over the shared ones. Lists are stored one item per line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from giaoban.core.errors import ValidationError
from giaoban.documents.blocks import PageSetup

PREFIX = "doc."

# Keys of core/services/settings.py that mean the same as one of our fields.
SHARED_KEYS: dict[str, str] = {
    "superior_body": "superior_body",
    "committee_name": "committee_name",
    "province": "place",
    "body_symbol": "body_symbol",
    "symbol_minutes": "minutes_symbol",
    "symbol_notice": "notice_symbol",
    "symbol_report": "report_symbol",
    "notice_body": "standing_committee",
    "signing_mode": "signing_mode",
    "signer_title": "signer_title",
    "signer_name": "signer_name",
    "report_body": "office_name",
    "report_signing_mode": "report_signing_mode",
    "report_signer_title": "report_signer_title",
    "report_signer_name": "report_signer_name",
}
# Fields that may be left blank: a name still unknown, a head who signs without "T/M"/"K/T".
MAY_BE_BLANK = frozenset({"signer_name", "signing_mode", "report_signer_name",
                          "report_signing_mode"})


@dataclass(frozen=True)
class DocumentSettings:
    """Defaults of DOCUMENTS.md; each field can be overridden by the key ``doc.<field>``."""

    # Header block
    superior_body: str = "ĐẢNG BỘ TỈNH NINH BÌNH"
    committee_name: str = "TỈNH ỦY"
    motto: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    place: str = "Ninh Bình"
    body_symbol: str = "TU"
    minutes_symbol: str = "BB"
    notice_symbol: str = "TB"
    report_symbol: str = "BC"
    # Who is who in the text
    standing_committee: str = "Thường trực Tỉnh ủy"
    office_name: str = "Văn phòng Tỉnh ủy"
    report_to: str = "Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy)"
    # Minutes
    minutes_title: str = "BIÊN BẢN"
    minutes_secretary_title: str = "THƯ KÝ HỘI NGHỊ"
    minutes_chair_title: str = "CHỦ TRÌ HỘI NGHỊ"
    minutes_copies: int = 2
    # Notice of conclusions
    notice_title: str = "THÔNG BÁO"
    notice_tracking_line: str = (
        "Giao Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện Thông báo này, "
        "tổng hợp kết quả, báo cáo Thường trực Tỉnh ủy."
    )
    notice_closing_line: str = "Thông báo để các cơ quan, đơn vị biết, thực hiện."
    # Follow-up report
    report_title: str = "BÁO CÁO"
    report_landscape: bool = False
    # Signature block of the notice (the Standing Committee concludes, its Deputy Secretary signs)
    signing_mode: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = "PHÓ BÍ THƯ THƯỜNG TRỰC"
    signer_name: str = ""
    # … and of the report (the Office reports: ``office_name``; its Chief signs by order)
    report_signing_mode: str = "T/L BAN THƯỜNG VỤ"
    report_signer_title: str = "CHÁNH VĂN PHÒNG"
    report_signer_name: str = ""
    recipients: tuple[str, ...] = (
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,",
        "Các cơ quan, đơn vị dự giao ban,",
        "Lưu Văn phòng Tỉnh ủy.",
    )
    report_recipients: tuple[str, ...] = (
        "Thường trực Tỉnh ủy (để báo cáo),",
        "Các cơ quan, đơn vị chủ trì,",
        "Lưu Văn phòng Tỉnh ủy.",
    )
    draft_text: str = "DỰ THẢO"
    # Page
    # (page defaults live once, in blocks.PageSetup)
    margin_top_mm: float = PageSetup.margin_top_mm
    margin_bottom_mm: float = PageSetup.margin_bottom_mm
    margin_left_mm: float = PageSetup.margin_left_mm
    margin_right_mm: float = PageSetup.margin_right_mm
    font_family: str = PageSetup.font_family
    font_fallbacks: tuple[str, ...] = PageSetup.font_fallbacks
    body_size_pt: float = PageSetup.body_size_pt
    title_size_pt: float = 15.0
    motto_size_pt: float = 15.0
    header_size_pt: float = 14.0
    recipients_size_pt: float = 12.0
    table_size_pt: float = 12.0
    line_spacing: float = PageSetup.line_spacing
    first_line_indent_mm: float = PageSetup.first_line_indent_mm
    paragraph_spacing_pt: float = 6.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, str] | None) -> DocumentSettings:
        """Defaults overlaid with the shared keys, then with ``doc.*`` keys.

        Blank shared values keep the default (a blank committee name would print an empty
        header); a ``doc.*`` value that cannot be read as its type raises ValidationError naming
        the key, so the settings page can point at it.
        """
        if not values:
            return cls()
        types = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for key, name in SHARED_KEYS.items():
            raw = values.get(key)
            if raw is not None and (raw.strip() or name in MAY_BE_BLANK):
                changes[name] = raw.strip()
        for key, raw in values.items():
            if not key.startswith(PREFIX):
                continue
            name = key[len(PREFIX):]
            if name not in types:
                continue
            try:
                changes[name] = _convert(types[name], raw)
            except ValueError:
                errors[key] = f"Giá trị “{raw}” của thiết lập “{key}” không hợp lệ."
        if errors:
            raise ValidationError(errors)
        return dataclasses.replace(cls(), **changes)

    def page_setup(self, *, landscape: bool = False) -> PageSetup:
        """The page of every document: A4, the margins and the body font of these settings."""
        return PageSetup(
            margin_top_mm=self.margin_top_mm,
            margin_bottom_mm=self.margin_bottom_mm,
            margin_left_mm=self.margin_left_mm,
            margin_right_mm=self.margin_right_mm,
            font_family=self.font_family,
            font_fallbacks=self.font_fallbacks,
            body_size_pt=self.body_size_pt,
            line_spacing=self.line_spacing,
            first_line_indent_mm=self.first_line_indent_mm,
            paragraph_spacing_pt=self.paragraph_spacing_pt,
            landscape=landscape,
        )

    def number(self, symbol: str, number: str | int = "") -> str:
        """'Số 15-BB/TU'; without a number, blanks are left to fill in by hand ('Số    -BB/TU').

        A register number (an int) is printed with two digits at least ('Số 07-TB/TU'); a stored
        number that already carries its symbols ('15-BB/TU') is printed as it is.
        """
        if isinstance(number, int):
            number = f"{number:02d}"
        number = number.strip()
        if number.lower().startswith("số"):
            number = number[2:].strip()
        if "-" in number or "/" in number:
            return f"Số {number}"
        blank = number or "\u00a0" * 6
        return f"Số {blank}-{symbol}/{self.body_symbol}"


_LIMITS: dict[str, tuple[float, float]] = {
    "margin_top_mm": (0, 100),
    "margin_bottom_mm": (0, 100),
    "margin_left_mm": (0, 100),
    "margin_right_mm": (0, 100),
    "body_size_pt": (6, 40),
    "title_size_pt": (6, 40),
    "motto_size_pt": (6, 40),
    "header_size_pt": (6, 40),
    "recipients_size_pt": (6, 40),
    "table_size_pt": (6, 40),
    "line_spacing": (0.8, 3),
    "first_line_indent_mm": (0, 50),
    "paragraph_spacing_pt": (0, 50),
    "minutes_copies": (1, 99),
}


def _convert(spec: dataclasses.Field[Any], raw: str) -> Any:
    """Read a stored text as the field's type; ValueError when it cannot be."""
    kind = spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", "")
    text = raw.strip()
    if kind.startswith("tuple"):
        return tuple(line.strip() for line in raw.splitlines() if line.strip())
    if kind == "bool":
        lowered = text.lower()
        if lowered in {"1", "true", "yes", "có", "on"}:
            return True
        if lowered in {"0", "false", "no", "không", "off", ""}:
            return False
        raise ValueError(raw)
    if kind in {"int", "float"}:
        number = float(text.replace(",", "."))
        low, high = _LIMITS.get(spec.name, (float("-inf"), float("inf")))
        if not low <= number <= high or number != number:
            raise ValueError(raw)
        return int(number) if kind == "int" else number
    if not text and spec.name not in MAY_BE_BLANK:
        raise ValueError(raw)
    return text


def settings_keys() -> list[str]:
    """Every ``doc.*`` key this module understands, for the settings page and the docs."""
    return [PREFIX + f.name for f in fields(DocumentSettings)]


__all__ = ["PREFIX", "SHARED_KEYS", "DocumentSettings", "settings_keys"]

"""First-start content: the usual bodies, each with its common abbreviation. All editable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import select

from giaoban.core import audit
from giaoban.core.enums import AuditAction, OrganizationKind
from giaoban.core.file_check import SEEDED_KEY
from giaoban.core.models import Organization, Setting

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

K = OrganizationKind
# (name, short name, abbreviation, kind, parent abbreviation)
DEFAULT_ORGANIZATIONS: list[tuple[str, str, str, OrganizationKind, str | None]] = [
    ("Thường trực Tỉnh ủy", "Thường trực Tỉnh ủy", "TTTU", K.PARTY_COMMITTEE, None),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban TG&DV Tỉnh ủy", "BTGDV", K.COMMISSION, None),
    ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy", "VPTU", K.COMMISSION, None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ tỉnh", "MTTQ", K.FRONT, None),
    ("Liên đoàn Lao động tỉnh", "Liên đoàn Lao động", "LĐLĐ", K.ASSOCIATION, "MTTQ"),
    ("Hội Nông dân tỉnh", "Hội Nông dân", "HND", K.ASSOCIATION, "MTTQ"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "LHPN", K.ASSOCIATION, "MTTQ"),
    ("Tỉnh đoàn", "Tỉnh đoàn", "TĐ", K.ASSOCIATION, "MTTQ"),
    ("Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh", "CCB", K.ASSOCIATION, "MTTQ"),
    ("Ủy ban nhân dân tỉnh", "UBND tỉnh", "UBND", K.STATE_AGENCY, None),
]


def seed_defaults(ctx: AppContext) -> bool:
    """Fill a new database with the usual bodies once; returns True if it did."""
    with ctx.transaction() as session:
        if session.get(Setting, SEEDED_KEY) is not None:
            return False
        if session.exec(select(Organization).limit(1)).first() is None:
            by_abbreviation: dict[str, Organization] = {}
            for position, (name, short, abbr, kind, parent) in enumerate(
                DEFAULT_ORGANIZATIONS, start=1
            ):
                org = Organization(
                    name=name,
                    short_name=short,
                    abbreviation=abbr,
                    kind=kind.value,
                    parent_id=by_abbreviation[parent].id if parent else None,
                    sort_order=position,
                )
                session.add(org)
                session.flush()
                by_abbreviation[abbr] = org
            audit.record(
                session, ctx, "organization", None, AuditAction.CREATE, {},
                {"seeded": len(DEFAULT_ORGANIZATIONS)},
            )
        session.add(Setting(key=SEEDED_KEY, value="1"))
    return True

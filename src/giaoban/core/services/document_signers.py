"""Who signs what: each document kind's signer, with a name even when Settings leave it blank.

The notice's signer falls back to the briefing's chair; the notice's and the report's to the
person in the directory who holds the signer's title ("Chánh Văn phòng Tỉnh ủy" for "CHÁNH VĂN
PHÒNG"). The register (document_register) freezes the resolved names with what it issues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from giaoban.core.enums import DocumentKind
from giaoban.core.models import Briefing, Person
from giaoban.core.text import fold, normalize

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

# The signer of each kind: (authority line, title, name) keys of the settings.
SIGNER_KEYS = {
    DocumentKind.NOTICE: ("signing_mode", "signer_title", "signer_name"),
    DocumentKind.REPORT: ("report_signing_mode", "report_signer_title", "report_signer_name"),
}
# Who signed the minutes, kept with them (the directory may be edited later).
MINUTES_PEOPLE = ("issued.chair_name", "issued.chair_title",
                  "issued.secretary_name", "issued.secretary_title")


def directory_signer(session: Session, title: str, committee: str) -> str:
    """The active person whose title is ``title`` (with or without the committee's name)."""
    wanted = {fold(title), fold(f"{title} {committee}")}
    if not fold(title):
        return ""
    rows = session.exec(
        select(Person.full_name, Person.title).where(col(Person.active).is_(True))
        .order_by(col(Person.sort_order), col(Person.id))
    ).all()
    return next((name for name, person_title in rows if fold(person_title) in wanted), "")


def with_signers(session: Session, settings: dict[str, str], chair: str = "") -> dict[str, str]:
    """``settings`` with each signer's name filled in when blank, never printed empty.

    The notice falls back to the briefing's chair; both fall back to the person in the directory
    holding the signer's title ("Chánh Văn phòng Tỉnh ủy" for "CHÁNH VĂN PHÒNG").
    """
    filled = dict(settings)
    committee = settings.get("committee_name", "")
    for kind, (_mode, title_key, name_key) in SIGNER_KEYS.items():
        if normalize(filled.get(name_key, "")):
            continue
        name = chair if kind == DocumentKind.NOTICE else ""
        filled[name_key] = name or directory_signer(session, filled.get(title_key, ""), committee)
    return filled


def minutes_people(session: Session, briefing: Briefing) -> dict[str, str]:
    """The chair's and the secretary's names and titles, to keep with the issued minutes."""
    people: dict[str, str] = {}
    for role, person_id in (("chair", briefing.chair_id), ("secretary", briefing.secretary_id)):
        person = session.get(Person, person_id) if person_id is not None else None
        if person is not None:
            people[f"issued.{role}_name"] = person.full_name
            people[f"issued.{role}_title"] = person.title
    return people


def signed_settings(ctx: AppContext, settings: dict[str, str], chair: str = "") -> dict[str, str]:
    """:func:`with_signers` in a session of its own (a draft's print: nothing is kept)."""
    with ctx.session() as session:
        return with_signers(session, settings, chair)

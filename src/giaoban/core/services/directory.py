"""Directory of organizations (cơ quan, đơn vị) and people (cán bộ).

Nothing else hard-codes the bodies: names change (provinces and commissions merged in 2025), so
every list of units comes from here, in the order the office chose (``sort_order``), then in
Vietnamese alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from giaoban.core import audit, conflicts
from giaoban.core.enums import AuditAction, OrganizationKind
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import Organization, Person
from giaoban.core.text import fold, normalize_fields, sort_key
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

ORG_FIELDS = ("name", "short_name", "abbreviation", "kind", "parent_id", "active")
PERSON_FIELDS = ("full_name", "title", "organization_id", "active")


@dataclass(frozen=True)
class PersonRow:
    """A person with the name of their organization, for lists."""

    id: int
    full_name: str
    title: str
    organization_id: int | None
    organization: str
    active: bool
    version: int = 1  # the row's version as listed: a form's ``opened`` (core/conflicts.py)

    @property
    def label(self) -> str:
        return f"{self.full_name} – {self.title}" if self.title else self.full_name

    def opened(self) -> dict[str, Any]:
        """The person as this row shows them, with its version: the ``opened=`` of a form's
        save, so a change someone stored since the list was read merges (or is asked about)."""
        return {"id": self.id, "full_name": self.full_name, "title": self.title,
                "organization_id": self.organization_id, "active": self.active,
                "version": self.version}


def _org_order(org: Organization) -> tuple:
    return (org.sort_order, sort_key(org.name))


def list_organizations(ctx: AppContext, *, include_inactive: bool = True) -> list[Organization]:
    """Organizations in the office's order, then alphabetically (Vietnamese)."""
    with ctx.session() as session:
        query = select(Organization)
        if not include_inactive:
            query = query.where(Organization.active == True)  # noqa: E712
        rows = list(session.exec(query))
    return sorted(rows, key=_org_order)


def get_organization(ctx: AppContext, org_id: int) -> Organization:
    with ctx.session() as session:
        org = session.get(Organization, org_id)
    if org is None:
        raise NotFound(_("Không tìm thấy cơ quan, đơn vị số {id}.").format(id=org_id))
    return org


def _clean_org(session: Session, values: dict, org_id: int | None) -> dict:
    data = {key: values[key] for key in ORG_FIELDS if key in values}
    refused = normalize_fields(data, ("name", "short_name", "abbreviation"))
    errors: dict[str, str] = {}
    if "name" in data and "name" not in refused:
        if not data["name"]:
            errors["name"] = _("Hãy nhập tên cơ quan, đơn vị.")
        elif len(data["name"]) > 300:
            errors["name"] = _("Tên quá dài (tối đa 300 ký tự).")
        else:
            wanted = fold(data["name"])
            for other in session.exec(select(Organization)):
                if other.id != org_id and fold(other.name) == wanted:
                    errors["name"] = _("Đã có cơ quan, đơn vị “{name}”.").format(name=other.name)
                    break
    if "kind" in data and data["kind"] not in {k.value for k in OrganizationKind}:
        errors["kind"] = _("Loại cơ quan không hợp lệ.")
    parent_id = data.get("parent_id")
    if parent_id is not None:
        if org_id is not None and parent_id == org_id:
            errors["parent_id"] = _("Một đơn vị không thể trực thuộc chính nó.")
        elif session.get(Organization, parent_id) is None:
            errors["parent_id"] = _("Không tìm thấy cơ quan cấp trên.")
        elif org_id is not None and _is_descendant(session, parent_id, org_id):
            errors["parent_id"] = _("Không thể chọn đơn vị cấp dưới làm cấp trên.")
    errors.update(refused)
    if errors:
        raise ValidationError(errors)
    return data


def _is_descendant(session: Session, candidate: int, ancestor: int) -> bool:
    seen: set[int] = set()
    current: int | None = candidate
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        row = session.get(Organization, current)
        current = row.parent_id if row else None
    return False


def create_organization(ctx: AppContext, **values: object) -> Organization:
    """Add an organization at the end of the list."""
    with ctx.transaction() as session:
        data = _clean_org(session, {"kind": OrganizationKind.OTHER.value, **values}, None)
        if "name" not in data:
            raise ValidationError({"name": _("Hãy nhập tên cơ quan, đơn vị.")})
        last = max((o.sort_order for o in session.exec(select(Organization))), default=0)
        org = Organization(**data, sort_order=last + 1)
        session.add(org)
        session.flush()
        audit.record(session, ctx, "organization", org.id, AuditAction.CREATE, {}, audit.snapshot(org))
    return org


def update_organization(ctx: AppContext, org_id: int, *, opened: dict[str, Any] | None = None,
                        **values: object) -> Organization:
    """Change an organization's fields (name, abbreviation, kind, parent, active); ``opened``
    as for :func:`~giaoban.core.services.aspirations.update_aspiration` (core/conflicts.py)."""
    with ctx.transaction() as session:
        org = conflicts.locked(session, Organization, org_id)
        if org is None:
            raise NotFound(_("Không tìm thấy cơ quan, đơn vị số {id}.").format(id=org_id))
        values = conflicts.merge(session, ctx, "organization", org, values, opened)
        before = audit.snapshot(org)
        for key, value in _clean_org(session, values, org_id).items():
            setattr(org, key, value)
        session.add(org)
        audit.record(session, ctx, "organization", org.id, AuditAction.UPDATE, before, audit.snapshot(org))
    return org


def reorder_organizations(ctx: AppContext, ordered_ids: Iterable[int]) -> None:
    """Store a new display order (the office's, e.g. protocol order in minutes)."""
    ids = list(ordered_ids)
    with ctx.transaction() as session:
        previous = [o.id for o in sorted(session.exec(select(Organization)), key=_org_order)]
        for position, org_id in enumerate(ids, start=1):
            org = session.get(Organization, org_id)
            if org is None:
                raise NotFound(_("Không tìm thấy cơ quan, đơn vị số {id}.").format(id=org_id))
            org.sort_order = position
            session.add(org)
        audit.record(session, ctx, "organization", None, AuditAction.UPDATE, {"order": previous},
                     {"order": ids})


def move_organization(ctx: AppContext, org_id: int, offset: int) -> None:
    """Move one organization up (-1) or down (+1) in the display order."""
    ids = [org.id for org in list_organizations(ctx) if org.id is not None]
    index = ids.index(org_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder_organizations(ctx, ids)


# --- people ------------------------------------------------------------------------------------


def list_people(ctx: AppContext, *, include_inactive: bool = True) -> list[PersonRow]:
    """People with their organization's name, sorted by Vietnamese given-name order."""
    with ctx.session() as session:
        orgs = {o.id: o for o in session.exec(select(Organization))}
        query = select(Person)
        if not include_inactive:
            query = query.where(Person.active == True)  # noqa: E712
        people = list(session.exec(query))
    rows = [
        PersonRow(
            id=p.id or 0,
            full_name=p.full_name,
            title=p.title,
            organization_id=p.organization_id,
            organization=(orgs[p.organization_id].name if p.organization_id in orgs else ""),
            active=p.active,
            version=p.version,
        )
        for p in people
    ]
    return sorted(rows, key=lambda r: (sort_key(given_name(r.full_name)), sort_key(r.full_name)))


def given_name(full_name: str) -> str:
    """Vietnamese names sort by the given name, the last word ('Nguyễn Văn An' → 'An')."""
    parts = full_name.split()
    return parts[-1] if parts else ""


def get_person(ctx: AppContext, person_id: int) -> Person:
    with ctx.session() as session:
        person = session.get(Person, person_id)
    if person is None:
        raise NotFound(_("Không tìm thấy cán bộ số {id}.").format(id=person_id))
    return person


def _clean_person(session: Session, values: dict) -> dict:
    data = {key: values[key] for key in PERSON_FIELDS if key in values}
    refused = normalize_fields(data, ("full_name", "title"))
    errors: dict[str, str] = {}
    if "full_name" in data and not data["full_name"]:
        errors["full_name"] = _("Hãy nhập họ và tên.")
    elif len(data.get("full_name", "")) > 200:
        errors["full_name"] = _("Họ và tên quá dài (tối đa 200 ký tự).")
    if len(data.get("title", "")) > 300:
        errors["title"] = _("Chức vụ quá dài (tối đa 300 ký tự).")
    org_id = data.get("organization_id")
    if org_id is not None and session.get(Organization, org_id) is None:
        errors["organization_id"] = _("Không tìm thấy cơ quan, đơn vị.")
    errors.update(refused)  # a control character: that message, not "too long"
    if errors:
        raise ValidationError(errors)
    return data


def create_person(ctx: AppContext, **values: object) -> Person:
    with ctx.transaction() as session:
        data = _clean_person(session, values)
        if "full_name" not in data:
            raise ValidationError({"full_name": _("Hãy nhập họ và tên.")})
        person = Person(**data)
        session.add(person)
        session.flush()
        audit.record(session, ctx, "person", person.id, AuditAction.CREATE, {}, audit.snapshot(person))
    return person


def update_person(ctx: AppContext, person_id: int, *, opened: dict[str, Any] | None = None,
                  **values: object) -> Person:
    """Change a person's fields; ``opened`` as for :func:`update_organization`."""
    with ctx.transaction() as session:
        person = conflicts.locked(session, Person, person_id)
        if person is None:
            raise NotFound(_("Không tìm thấy cán bộ số {id}.").format(id=person_id))
        values = conflicts.merge(session, ctx, "person", person, values, opened)
        before = audit.snapshot(person)
        for key, value in _clean_person(session, values).items():
            setattr(person, key, value)
        session.add(person)
        audit.record(session, ctx, "person", person.id, AuditAction.UPDATE, before, audit.snapshot(person))
    return person

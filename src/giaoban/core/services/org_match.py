"""Which organization a typed name means: one rule set for the CLI options and the Excel import.

Names are compared folded — no case, no marks, đ→d, punctuation dropped. A name means the
organization whose abbreviation it is (spaces and dots ignored: 'MTTQ', 'M.T.T.Q'), whose name or
short name it is, or the same without the words bodies add or leave out ('tỉnh', 'Tỉnh ủy',
'thành phố'); where two organizations share a key the active one wins. When nothing matches
whole, a name that is part of exactly one organization's name or short name ('nong dan') still
finds it; part of several is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from giaoban.core.errors import GiaobanError
from giaoban.core.models import Organization
from giaoban.core.services.aspiration_columns import cell_text, words
from giaoban.core.services.directory import list_organizations
from giaoban.i18n import N_, _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

_NOISE_WORDS = ("tinh uy", "tinh", "thanh pho", "tp")
# Shortenings the bodies write in their own names, folded → the words they stand for, so that
# "Ủy ban MTTQ Việt Nam tỉnh" and "Hội LHPN" mean the same bodies as their full names.
_SHORTENINGS = {
    "mttq": "mat tran to quoc", "mt": "mat tran", "vn": "viet nam", "lhpn": "lien hiep phu nu",
    "ldld": "lien doan lao dong", "ccb": "cuu chien binh", "hnd": "hoi nong dan",
    "tncs": "thanh nien cong san", "hcm": "ho chi minh", "ubnd": "uy ban nhan dan",
    "ub": "uy ban", "ctxh": "chinh tri xa hoi", "dvtu": "dan van tinh uy", "bdv": "ban dan van",
}
NOT_FOUND = N_("Không tìm thấy đơn vị “{name}”.")


def _expanded(folded: str) -> str:
    return " ".join(_SHORTENINGS.get(word, word) for word in folded.split())


def org_key(text: str) -> str:
    """Folded name, shortenings written out, without words like 'tỉnh' that bodies add or
    leave out."""
    folded = f" {_expanded(words(text))} "
    for noise in _NOISE_WORDS:
        folded = folded.replace(f" {noise} ", " ")
    return " ".join(folded.split())


class OrganizationMatcher:
    """Finds the organization a typed name means (see the module's rules)."""

    def __init__(self, organizations: Iterable[Organization],
                 aliases: dict[str, int] | None = None) -> None:
        self.organizations = sorted(organizations, key=lambda org: not org.active)
        by_id = {org.id: org for org in self.organizations}
        # names mapped by hand (core.services.import_aliases), keyed by their folded words
        self.aliases = {key: by_id[org_id] for key, org_id in (aliases or {}).items()
                        if org_id in by_id}
        self._seen: dict[str, list[Organization]] = {}
        self.keys: dict[str, Organization] = {}
        self.abbreviations: dict[str, Organization] = {}
        for org in self.organizations:  # active first, so active bodies win ties
            for name in (org.name, org.short_name):
                if name and org_key(name):
                    self.keys.setdefault(org_key(name), org)
                    self.keys.setdefault(words(name), org)
            if org.abbreviation:
                self.abbreviations.setdefault(words(org.abbreviation).replace(" ", ""), org)

    def candidates(self, text: Any) -> list[Organization]:
        """The organization the name means, or every one whose name holds it (none, one, many)."""
        raw = cell_text(text)
        if raw not in self._seen:  # a workbook repeats a few names over thousands of rows
            self._seen[raw] = self._candidates(raw)
        return list(self._seen[raw])

    def _candidates(self, raw: str) -> list[Organization]:
        wanted = words(raw)
        if not wanted:
            return []
        exact = self.aliases.get(wanted) or self.abbreviations.get(wanted.replace(" ", "")) \
            or self.keys.get(wanted) \
            or self.keys.get(org_key(raw)) \
            or self.abbreviations.get(org_key(raw).replace(" ", ""))  # "MTTQ tỉnh"
        if exact is not None:
            return [exact]
        key = org_key(raw) or wanted
        return [org for org in self.organizations
                if any(wanted in words(name) or key in org_key(name)
                       for name in (org.name, org.short_name) if name)]

    def match(self, text: Any) -> Organization | None:
        """The one organization the name means; None when it means none or is ambiguous."""
        found = self.candidates(text)
        return found[0] if len(found) == 1 else None


def find_organization(ctx: AppContext, name: str, missing: str = NOT_FOUND) -> int:
    """The id of the organization a typed name means; a clear error when none or several.

    ``missing`` is the (untranslated) message for no match, with a ``{name}`` placeholder.
    """
    found = OrganizationMatcher(list_organizations(ctx)).candidates(name)
    if not found:
        raise GiaobanError(_(missing).format(name=name))
    if len(found) > 1:
        names = "; ".join(o.name for o in found[:5])
        raise GiaobanError(
            _("“{name}” khớp nhiều đơn vị: {names}. Hãy ghi rõ hơn.").format(name=name, names=names)
        )
    return int(found[0].id or 0)

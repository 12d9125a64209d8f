"""What an unknown body or catalogue word in a workbook means, chosen once in the import dialog.

One combo per body name the directory does not know (→ a directory entry) and per kind, field or
status written in the body's own words (→ a catalogue value, "Khác" among them). A choice re-checks
the file at once; the import remembers the choices (core.services.import_aliases).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import choices
from giaoban.core.services.aspiration_columns import TARGETS
from giaoban.core.services.aspiration_import import ImportPlan
from giaoban.i18n import _

BODY = "organization"
CATALOGUES = {"kind": AspirationKind, "field": AspirationField, "status": AspirationStatus}
Key = tuple[str, str]  # (column, the words as the file first wrote them)


class UnknownChoices(QGroupBox):
    """The choices for a plan's unknown bodies and words; emits ``changed`` on each choice."""

    changed = Signal()

    def __init__(self, organizations: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(_("Tên chưa có trong danh bạ, danh mục: chọn cho đúng"), parent)
        self.organizations = organizations
        self.chosen: dict[Key, Any] = {}
        self.combos: dict[Key, QComboBox] = {}
        self.form = QFormLayout(self)
        self.setVisible(False)

    def body_aliases(self) -> dict[str, int]:
        return {name: value for (column, name), value in self.chosen.items()
                if column == BODY and value is not None}

    def value_aliases(self) -> dict[Key, str]:
        return {key: value for key, value in self.chosen.items()
                if key[0] != BODY and value is not None}

    def show_plan(self, plan: ImportPlan) -> None:
        """A row per unknown name of ``plan``, and per name already chosen (kept on screen)."""
        keys = [*self.chosen, *((BODY, name) for name in plan.unmatched_bodies),
                *plan.unmatched_values]
        keys = list(dict.fromkeys(keys))
        if list(self.combos) != keys:
            while self.form.rowCount():
                self.form.removeRow(0)
            self.combos = {key: self._combo(key) for key in keys}
        self.setVisible(bool(keys))

    def _combo(self, key: Key) -> QComboBox:
        column, written = key
        combo = QComboBox(self)
        combo.setAccessibleName(written)
        combo.addItem(_("(Chưa chọn: không nhập các dòng này)"), None)
        if column == BODY:
            for org in self.organizations:
                combo.addItem(org.name, org.id)
        else:
            for value, label in choices(CATALOGUES[column]):
                combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(self.chosen.get(key))))
        combo.currentIndexChanged.connect(lambda _index: self._chosen(key, combo))
        self.form.addRow(f"{_(TARGETS[column])}: {written}", combo)
        return combo

    def _chosen(self, key: Key, combo: QComboBox) -> None:
        self.chosen[key] = combo.currentData()
        self.changed.emit()

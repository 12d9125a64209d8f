"""Tab "Thông tin chung": kind, period, date and times, place, chair, secretary, document number.

Every change becomes a :class:`SetFieldCommand` (typing in one field merges into one undo step);
``apply`` writes a value into the draft and the widget without echoing a new command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.enums import BriefingKind
from giaoban.core.labels import choices
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.core.text import roman_quarter
from giaoban.i18n import N_, _
from giaoban.ui.pages.briefing_editor.edits import SetFieldCommand
from giaoban.ui.widgets.choices import choice_row, fit_popup
from giaoban.ui.widgets.dates import date_edit
from giaoban.ui.widgets.forms import FieldErrors, combo_text_box, make_searchable
from giaoban.ui.widgets.times import TimeField

LABELS = {
    "kind": N_("Loại giao ban"), "year": N_("Năm"), "quarter": N_("Quý"), "title": N_("Tên chuyên đề"),
    "held_on": N_("Ngày họp"), "start_time": N_("Giờ bắt đầu"), "end_time": N_("Giờ kết thúc"),
    "place": N_("Địa điểm"), "chair_id": N_("Chủ trì"), "secretary_id": N_("Thư ký"),
    "document_number": N_("Số biên bản"), "notes": N_("Ghi chú"),
}


def _person_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    make_searchable(combo)
    return combo


class GeneralTab(QWidget):
    """The form of the briefing's own fields."""

    def __init__(self, draft: Callable[[], BriefingDraft], push: Callable[[Any], None],
                 changed: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft, self.push, self.changed = draft, push, changed
        self.errors = FieldErrors()
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.kind = QComboBox(self)
        for value, label in choices(BriefingKind):
            self.kind.addItem(label, value)
        self.year = QSpinBox(self)
        self.year.setRange(1945, 2200)
        self.quarter = QComboBox(self)
        for quarter in (1, 2, 3, 4):
            self.quarter.addItem(_("Quý {roman}").format(roman=roman_quarter(quarter)), quarter)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(_("Chỉ với giao ban chuyên đề"))
        # "25/11" is in the briefing's own year (its date must lie in its period): a Quý I/2027
        # briefing prepared in November 2026 means 25/03/2027 by "2503".
        ctx = getattr(parent, "ctx", None)
        self.held_on = date_edit(self, empty_text=_("ngày/tháng/năm"),
                                 today=ctx.today if ctx is not None else None,
                                 year=lambda: self.draft().year)
        self.start_time, self.end_time = TimeField(self), TimeField(self)
        self.place = QLineEdit(self)
        self.chair, self.secretary = _person_combo(self), _person_combo(self)
        self.document_number = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)

        period = QHBoxLayout()
        period.addWidget(self.kind, 2)
        self.year_label = QLabel(_("Nă&m"), self)
        self.year_label.setBuddy(self.year)
        period.addWidget(self.year_label)
        period.addWidget(self.year)
        self.quarter_label = QLabel(_("Q&uý"), self)
        self.quarter_label.setBuddy(self.quarter)
        period.addWidget(self.quarter_label)
        period.addWidget(self.quarter, 1)
        period_box = QWidget(self)
        period_box.setLayout(period)
        period.setContentsMargins(0, 0, 0, 0)
        times = QHBoxLayout()
        times.setContentsMargins(0, 0, 0, 0)
        times.addWidget(self.held_on, 2)
        times.addWidget(QLabel(_("từ"), self))
        times.addWidget(self.start_time, 1)
        times.addWidget(QLabel(_("đến"), self))
        times.addWidget(self.end_time, 1)
        times.addStretch(1)
        time_box = QWidget(self)
        time_box.setLayout(times)
        for widget, name in ((self.kind, _("Loại giao ban")), (self.held_on, _("Ngày họp")),
                             (self.start_time, _("Giờ bắt đầu")),
                             (self.end_time, _("Giờ kết thúc"))):
            widget.setAccessibleName(name)
        kind_row = self.errors.add_row(form, _("L&oại giao ban"), "kind", period_box)
        self.errors._editors["kind"] = self.kind
        self.errors.add_row(form, _("Tên chu&yên đề"), "title", self.title)
        date_row = self.errors.add_row(form, _("Ngày họ&p"), "held_on", time_box)
        # Alt+O / Alt+P go to the first field of their row (a label cannot focus a plain box).
        for row, first in ((kind_row, self.kind), (date_row, self.held_on)):
            row_label = form.labelForField(row)
            if isinstance(row_label, QLabel):
                row_label.setBuddy(first)
        self.errors._editors["held_on"] = self.held_on
        for field, name in ((self.held_on, "held_on"), (self.start_time, "start_time"),
                            (self.end_time, "end_time")):
            field.field_name = name
            field.attach_error_line(self.errors._labels["held_on"])
        fit_popup(self.kind)
        fit_popup(self.quarter)
        self.errors.add_row(form, _("Đị&a điểm"), "place", self.place)
        self.errors.add_row(form, _("Chủ t&rì"), "chair_id", self.chair)
        self.errors.add_row(form, _("T&hư ký"), "secretary_id", self.secretary)
        self.errors.add_row(form, _("Số b&iên bản"), "document_number", self.document_number)
        self.errors.add_row(form, _("Ghi ch&ú"), "notes", self.notes)
        for key in ("year", "quarter", "end_time", "start_time"):  # shown under the row above
            self.errors._labels[key] = self.errors._labels["kind" if key in ("year", "quarter")
                                                           else "held_on"]
        self._connect()

    # --- values ---
    def _widget_value(self, key: str) -> Any:
        if key == "kind":
            return self.kind.currentData()
        if key == "year":
            return self.year.value()
        if key == "quarter":
            return self.quarter.currentData()
        if key in ("held_on", "start_time", "end_time"):
            return getattr(self, key).current()  # None while empty or wrong, never a guess
        if key in ("chair_id", "secretary_id"):
            combo = self.chair if key == "chair_id" else self.secretary
            found = choice_row(combo)
            return combo.itemData(found) if found >= 0 else None
        if key == "notes":
            return self.notes.toPlainText()
        return getattr(self, key).text()

    def _on_edit(self, key: str, typing: bool = True) -> None:
        new = self._widget_value(key)
        old = getattr(self.draft(), key)
        if new == old:
            return
        text = _("Sửa {what}").format(what=_(LABELS[key]).lower())
        self.push(SetFieldCommand(self.apply, self.changed, key, old, new, text, typing=typing))

    def _connect(self) -> None:
        for key in ("title", "place", "document_number"):
            getattr(self, key).textEdited.connect(lambda _t, k=key: self._on_edit(k))
        self.notes.textChanged.connect(lambda: self._on_edit("notes"))
        self.kind.activated.connect(lambda _i: self._on_edit("kind", typing=False))
        self.quarter.activated.connect(lambda _i: self._on_edit("quarter", typing=False))
        self.year.valueChanged.connect(lambda _v: self._on_edit("year"))
        for key in ("held_on", "start_time", "end_time"):
            getattr(self, key).valueChanged.connect(lambda _v, k=key: self._on_edit(k))
        for key, combo in (("chair_id", self.chair), ("secretary_id", self.secretary)):
            combo.activated.connect(lambda _i, k=key: self._on_edit(k, typing=False))
            combo_text_box(combo).editingFinished.connect(
                lambda k=key: self._person_finished(k))

    def _person_finished(self, key: str) -> None:
        """Leaving the chair or secretary box: take the person meant; a name that is not in the
        directory is said so under the box (and the box keeps it), never silently dropped."""
        combo = self.chair if key == "chair_id" else self.secretary
        text = combo.currentText().strip()
        if text and choice_row(combo) < 0:
            self.errors.note(key, _("Không có “{name}” trong danh bạ. Hãy chọn một người trong "
                                    "danh sách, hoặc thêm người này ở trang Danh bạ.").format(name=text))
            return
        self.errors.note(key, "")
        self._on_edit(key, typing=False)
        found = choice_row(combo)
        if found >= 0 and combo.currentIndex() != found:
            combo.setCurrentIndex(found)

    def input_problems(self) -> dict[str, str]:
        """Fields whose text is not a value (a wrong date or time, a name not in the directory),
        by field name: the editor refuses to save while there are any."""
        problems = {f.field_name: f.problem() for f in (self.held_on, self.start_time, self.end_time)
                    if f.problem()}
        for key, combo in (("chair_id", self.chair), ("secretary_id", self.secretary)):
            if combo.currentText().strip() and choice_row(combo) < 0:
                problems[key] = _("Không có “{name}” trong danh bạ.").format(
                    name=combo.currentText().strip())
        return problems

    def apply(self, key: str, value: Any) -> None:
        """Put a value into the draft and show it (no command is pushed)."""
        setattr(self.draft(), key, value)
        self._show(key, value)
        self.errors.clear()

    def _show(self, key: str, value: Any) -> None:
        widget: QWidget = self.notes if key == "notes" else getattr(self, key.removesuffix("_id"))
        widget.blockSignals(True)
        try:
            if key == "kind":
                self.kind.setCurrentIndex(max(0, self.kind.findData(value)))
                self._update_kind(value)
            elif key == "year":
                self.year.setValue(int(value))
            elif key == "quarter":
                self.quarter.setCurrentIndex(max(0, self.quarter.findData(value or 1)))
            elif key in ("held_on", "start_time", "end_time"):
                field = getattr(self, key)
                if field.current() != (value or None):
                    field.set_value(value or None)  # not while it is what is being typed
            elif key in ("chair_id", "secretary_id"):
                combo = self.chair if key == "chair_id" else self.secretary
                combo.setCurrentIndex(combo.findData(value))
                if value is None:
                    combo.setEditText("")
            elif key == "notes":
                if self.notes.toPlainText() != value:
                    self.notes.setPlainText(value)
            elif isinstance(widget, QLineEdit) and widget.text() != value:  # title, place, number
                widget.setText(value)
        finally:
            widget.blockSignals(False)

    def _update_kind(self, kind: str) -> None:
        quarterly = kind == BriefingKind.QUARTERLY
        self.quarter.setVisible(quarterly)
        self.quarter_label.setVisible(quarterly)
        self.title.setEnabled(kind == BriefingKind.THEMATIC and not self._read_only)

    _read_only = False

    def load(self, people: list[tuple[str, int]], placeholder_number: str) -> None:
        """Show the whole draft (after loading, saving or preparing a new one)."""
        for combo in (self.chair, self.secretary):
            combo.blockSignals(True)
            combo.clear()
            for label, person_id in people:
                combo.addItem(label, person_id)
            combo.blockSignals(False)
        self.document_number.setPlaceholderText(placeholder_number)
        draft = self.draft()
        for key in LABELS:
            self._show(key, getattr(draft, key))
        self.errors.clear()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.kind, self.year, self.quarter, self.held_on, self.start_time,
                       self.end_time, self.place, self.chair, self.secretary,
                       self.document_number, self.notes):
            widget.setEnabled(not read_only)
        self._update_kind(self.draft().kind)

""""Thêm…" beside the chair and secretary: a person missing from the directory is added there
and chosen at once, without leaving the editor (issue 13: the first briefing on an empty
directory could not name its chair)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from giaoban.i18n import N_, _
from giaoban.ui.dialogs.person_quick import PersonQuickDialog, add_person
from giaoban.ui.icons import icon
from giaoban.ui.pages.briefing_editor.edits import SetFieldCommand

PURPOSES = {"chair_id": N_("người chủ trì"), "secretary_id": N_("thư ký")}


def _place_beside(combo: QComboBox, button: QPushButton) -> bool:
    """Put ``button`` right of ``combo`` in the layout that holds it (the form row's box)."""
    holder = combo.parentWidget()
    box = holder.layout() if holder is not None else None
    if box is None or box.indexOf(combo) < 0 or not hasattr(box, "insertLayout"):
        return False
    index = box.indexOf(combo)
    box.removeWidget(combo)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(combo, 1)
    row.addWidget(button)
    box.insertLayout(index, row)
    return True


class PersonButtons:
    """The two "Thêm…" buttons of the general tab and what they do."""

    def __init__(self, editor: Any) -> None:
        self.editor = editor
        self.dialog: PersonQuickDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        general = editor.general
        for key, combo in (("chair_id", general.chair), ("secretary_id", general.secretary)):
            button = QPushButton(icon("add"), _("Thêm…"), general)
            purpose = _(PURPOSES[key])
            button.setToolTip(_("Thêm cán bộ chưa có trong danh bạ và chọn làm {purpose}").format(
                purpose=purpose))
            button.setAccessibleName(_("Thêm cán bộ làm {purpose}").format(purpose=purpose))
            button.clicked.connect(lambda _checked=False, k=key: self.open(k))
            if _place_beside(combo, button):
                QWidget.setTabOrder(combo, button)  # Tab from the name reaches "Thêm…" next
                self.buttons[key] = button
            else:
                button.deleteLater()

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)

    def open(self, key: str) -> PersonQuickDialog | None:
        """The small dialog, the combo's typed name already in it when nobody matches it."""
        editor = self.editor
        if editor.draft.finalized:
            return None
        combo = editor.general.chair if key == "chair_id" else editor.general.secretary
        typed = combo.currentText().strip()
        name = typed if typed and combo.findText(typed) < 0 else ""
        self.dialog = add_person(editor.ctx, editor, _(PURPOSES[key]), name,
                                 lambda person_id: self.chosen(key, person_id))
        return self.dialog

    def chosen(self, key: str, person_id: int) -> None:
        """The new person joins the editor's lists and becomes the chair (or secretary): one undo
        step in the draft, after the directory's own "Thêm cán bộ" step."""
        editor = self.editor
        editor.reload_people()
        old = getattr(editor.draft, key)
        label = editor.general.chair if key == "chair_id" else editor.general.secretary
        editor.push(SetFieldCommand(editor.general.apply, editor.changed, key, old, person_id,
                                    _("Chọn {what}").format(what=_(PURPOSES[key]))))
        label.setFocus()


class UnknownPeople:
    """A name typed into an attendance row that is not in the directory: kept in its cell (marked)
    and offered to be added — a link above the tabs opens the small dialog with the name in it;
    once added, the row holds that person (issue 13: such a name used to vanish)."""

    LINK = "add-person:"

    def __init__(self, editor: Any) -> None:
        self.editor = editor
        self.dialog: PersonQuickDialog | None = None
        editor.attendance.model.unknown_choice.connect(self.offer)
        editor.problems.linkActivated.connect(self.follow)

    def offer(self, row: int, key: str, text: str) -> None:
        if key != "person_id" or self.editor.draft.finalized:
            return
        label = self.editor.problems
        label.setText(_("“{name}” chưa có trong danh bạ (dòng {row}). <a href=\"{link}\">Thêm vào "
                        "danh bạ…</a>").format(name=html.escape(text), row=row + 1,
                                                link=f"{self.LINK}{row}"))
        label.show()

    def follow(self, link: str) -> PersonQuickDialog | None:
        """The link: the dialog with the typed name; the row takes the person once added."""
        if not link.startswith(self.LINK):
            return None
        row = int(link[len(self.LINK):])
        model = self.editor.attendance.model
        name = model.unknown.get((row, "person_id"), "")
        self.dialog = add_person(self.editor.ctx, self.editor, _("người dự họp"), name,
                                 lambda person_id: self.added(row, person_id))
        return self.dialog

    def added(self, row: int, person_id: int) -> None:
        editor = self.editor
        editor.reload_people()
        model = editor.attendance.model
        model.note_unknown(row, "person_id", None)
        column = next(i for i, c in enumerate(model.columns) if c.key == "person_id")
        model.setData(model.index(row, column), person_id, Qt.ItemDataRole.EditRole)
        editor.problems.hide()

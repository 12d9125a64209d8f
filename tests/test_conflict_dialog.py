"""The conflict dialog on its own: what each row shows, and the keys that choose per field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from giaoban.core.conflicts import FieldConflict, RecordConflict, field_label
from giaoban.ui.dialogs import conflict as conflict_ui
from giaoban.ui.dialogs.conflict import ConflictDialog, display_value

LONG = ("Đã làm việc với UBND xã Quang Sơn; đề nghị Sở Giao thông vận tải khảo sát, bố trí vốn "
        "sửa chữa tuyến đường liên thôn Đông – Tây trong quý I/2027 và trả lời cử tri. ") * 3


def _conflict(*fields: FieldConflict, stored_at: dt.datetime | None = None) -> RecordConflict:
    stored = {"id": 7, "version": 3, "content": "Cử tri thôn Đông đề nghị sửa tuyến đường "
              "liên thôn bị xuống cấp nghiêm trọng sau đợt mưa lũ tháng mười"}
    return RecordConflict("aspiration", 7, fields, stored, "hanh", stored_at, opened={}, mine={})


def _field(name: str, opened, stored, mine) -> FieldConflict:
    return FieldConflict(name, field_label("aspiration", name), opened, stored, mine)


@pytest.fixture
def dialog(qtbot):
    conflict = _conflict(
        _field("response", "", LONG, "Đã trả lời tại hội nghị tiếp xúc cử tri."),
        _field("status", "received", "in_progress", "answered"),
        _field("response_on", None, dt.date(2026, 11, 28), dt.date(2026, 11, 29)),
        _field("responding_unit_id", None, 3, 5),
        stored_at=dt.datetime(2026, 11, 29, 2, 5, tzinfo=dt.UTC))
    box = ConflictDialog(conflict, names={3: "Sở Giao thông vận tải", 5: "UBND huyện Yên Mô"})
    qtbot.addWidget(box)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    return box


def _texts(box: ConflictDialog, name: str) -> tuple[str, str, str]:
    row = box.rows[name]
    return row.opened.text(), row.stored.text(), row.mine.text()


def test_rows_show_values_as_the_form_does(dialog):
    assert dialog.windowTitle() == "Có người khác vừa sửa bản ghi này"
    local = dt.datetime(2026, 11, 29, 2, 5, tzinfo=dt.UTC).astimezone()
    assert dialog.heading.text() == (
        "«Cử tri thôn Đông đề nghị sửa tuyến đường liên thôn bị xuống…» đã được hanh lưu lúc "
        f"{local:%H:%M}\u00a0ngày\u00a0{local:%d/%m/%Y} sau khi anh/chị mở ra.")  # time unbroken
    assert list(dialog.rows) == ["response", "status", "response_on", "responding_unit_id"]
    assert _texts(dialog, "status") == ("Đã tiếp nhận", "Đang giải quyết", "Đã giải thích, trả lời")
    assert _texts(dialog, "response_on") == ("(trống)", "28/11/2026", "29/11/2026")
    assert _texts(dialog, "responding_unit_id") == ("(trống)", "Sở Giao thông vận tải",
                                                    "UBND huyện Yên Mô")
    stored = dialog.rows["response"].stored
    assert stored.text().endswith("…") and len(stored.text()) <= conflict_ui.SHOWN_CHARS + 1
    assert LONG.strip() in stored.toolTip().replace("\n", " ")  # the whole text on the tooltip
    labels = [row.conflict.label for row in dialog.rows.values()]
    assert labels == ["Nội dung trả lời", "Trạng thái", "Ngày trả lời", "Đơn vị trả lời"]


def test_every_field_keeps_mine_until_changed_and_mine_stays_visible(dialog):
    assert dialog.keep_mine() == set(dialog.rows)
    assert dialog.save_button.isDefault() and dialog.save_button.text() == "Lưu theo lựa chọn"
    row = dialog.rows["status"]
    row.take_stored.click()
    assert dialog.keep_mine() == set(dialog.rows) - {"status"}
    assert row.mine.isVisible() and row.mine.text() == "Đã giải thích, trả lời"
    assert "4a7d4a" in row.stored.styleSheet() and "transparent" in row.mine.styleSheet()


def test_keys_move_between_rows_and_choose(dialog):
    rows = dialog.rows
    assert QApplication.focusWidget() is rows["response"].keep_mine
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is rows["status"].keep_mine  # Tab: the next row
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert rows["status"].take_stored.isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # Space again: back to mine
    assert rows["status"].keep_mine.isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is rows["response_on"].keep_mine
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert rows["response_on"].take_stored.isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert QApplication.focusWidget() is rows["status"].keep_mine
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is rows["response_on"].take_stored
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert rows["response_on"].keep_mine.isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    finished: list[int] = []
    dialog.finished.connect(finished.append)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert finished == [ConflictDialog.DialogCode.Accepted.value]
    assert dialog.keep_mine() == {"response", "status", "responding_unit_id"}


def test_escape_cancels(dialog):
    finished: list[int] = []
    dialog.finished.connect(finished.append)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert finished == [ConflictDialog.DialogCode.Rejected.value] and not dialog.isVisible()


def test_fits_a_small_screen_with_many_fields(qtbot):
    names = ("raised_on", "kind", "field", "locality", "people_concerned", "content", "status",
             "response", "response_on", "responding_unit_id")
    box = ConflictDialog(_conflict(*(_field(n, "", LONG, LONG[::-1]) for n in names)))
    qtbot.addWidget(box)
    box.show()
    area = box.screen().availableGeometry()
    assert box.frameGeometry().width() <= area.width()
    assert box.frameGeometry().height() <= area.height()
    assert box.save_button.isVisible() and box.cancel_button.isVisible()


def test_values_in_words():
    assert display_value("organization", "active", True) == "Có"
    assert display_value("organization", "kind", "locality") == "Địa phương"
    assert display_value("task", "priority", "high") == "Cao"
    assert display_value("task", "supporting_unit_ids", [5, 3], {3: "Sở A", 5: "Sở B"}) == \
        "Sở B; Sở A"
    assert display_value("task", "due_on", None) == "(trống)"
    assert re.fullmatch(r"\d\d/\d\d/2026", display_value("task", "due_on", dt.date(2026, 1, 2)))

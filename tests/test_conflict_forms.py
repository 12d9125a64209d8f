"""Two people editing one record at once, through the real pages (issue 17, item 4).

User A works in the main window; user B saves through the services on a second context of the
same database (a SQLite file, and a PostgreSQL database when the test server is there). A types
into the form as a person does and saves with Ctrl+S; what the services stored is read back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from giaoban.core import conflicts
from giaoban.core.clock import Clock
from giaoban.core.context import AppContext
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.startup import open_context
from giaoban.ui.dialogs import conflict as conflict_ui
from giaoban.ui.dialogs.conflict import ConflictDialog
from tests.qt_helpers import type_text

TODAY = dt.date(2026, 11, 29)
pytestmark = pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def other(ctx: AppContext) -> Iterator[AppContext]:
    """User B: a second program on the same database, half an hour later."""
    target = ctx.db.path or ctx.db.engine.url.render_as_string(hide_password=False)
    context = open_context(target, clock=Clock.at(TODAY, dt.time(9, 30)))
    context.user = "hanh"
    yield context
    context.db.dispose()


@pytest.fixture
def aspiration_id(ctx: AppContext) -> int:
    body = directory.list_organizations(ctx)[0]
    row = aspirations.create_aspiration(
        ctx, raised_on=dt.date(2026, 11, 20), organization_id=body.id, kind="petition",
        field="infrastructure", locality="xã Quang Sơn",
        content="Cử tri thôn Đông đề nghị sửa tuyến đường liên thôn bị xuống cấp")
    return int(row.id or 0)


def save_keys(page) -> None:
    QTest.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


class Dialogs:
    """Stands in for the modal wait: records each dialog shown and answers with ``answer``."""

    def __init__(self, monkeypatch, answer: Callable[[ConflictDialog], bool]) -> None:
        self.shown: list[dict] = []
        self.answer = answer
        monkeypatch.setattr(conflict_ui, "run_dialog", self)

    def __call__(self, dialog: ConflictDialog) -> bool:
        dialog.show()
        dialog.activateWindow()  # as exec() makes it: its keys and shortcuts are the dialog's
        QApplication.processEvents()
        self.shown.append({name: (row.opened.text(), row.stored.text(), row.mine.text())
                           for name, row in dialog.rows.items()})
        self.last = dialog
        return self.answer(dialog)


def accept_with_keys(*take_stored: str) -> Callable[[ConflictDialog], bool]:
    """Space on the rows named (their choice becomes "Lấy bản đang lưu"), then Ctrl+Enter."""
    def answer(dialog: ConflictDialog) -> bool:
        for name in take_stored:
            button = dialog.rows[name].keep_mine
            button.setFocus()
            QTest.keyClick(button, Qt.Key.Key_Space)
            assert dialog.rows[name].take_stored.isChecked()
        accepted: list[int] = []
        dialog.finished.connect(accepted.append)
        QTest.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return accepted == [ConflictDialog.DialogCode.Accepted.value]
    return answer


@pytest.fixture
def page(window, aspiration_id):
    page = window.show_area("aspirations")
    assert page.select_record(aspiration_id)
    return page


def test_same_field_asks_and_keeps_what_was_chosen(page, window, other, ctx, aspiration_id,
                                                   monkeypatch):
    opened_by_b = conflicts.current(other, "aspiration", aspiration_id)
    aspirations.update_aspiration(other, aspiration_id, opened=opened_by_b,
                                  response="Sở GTVT đã khảo sát, bố trí vốn năm 2027.",
                                  locality="xã Quang Sơn, huyện Tam Điệp")
    dialogs = Dialogs(monkeypatch, accept_with_keys())
    type_text(page.detail.response, "Đã trả lời trực tiếp tại hội nghị tiếp xúc cử tri.")
    type_text(page.detail.people, "Hộ ông Đỗ Văn Bình")
    save_keys(page)
    assert len(dialogs.shown) == 1
    assert dialogs.shown[0] == {"response": (
        "(trống)", "Sở GTVT đã khảo sát, bố trí vốn năm 2027.",
        "Đã trả lời trực tiếp tại hội nghị tiếp xúc cử tri.")}  # exactly the field both changed
    who = "hanh" if ctx.db.path else dialogs.last.conflict.stored_by
    assert f"đã được {who} lưu lúc" in dialogs.last.heading.text()
    assert "«Cử tri thôn Đông đề nghị sửa tuyến đường liên thôn" in dialogs.last.heading.text()
    stored = aspirations.get_aspiration(other, aspiration_id)
    assert stored.response == "Đã trả lời trực tiếp tại hội nghị tiếp xúc cử tri."  # kept mine
    assert stored.people_concerned == "Hộ ông Đỗ Văn Bình"  # my other change
    assert stored.locality == "xã Quang Sơn, huyện Tam Điệp"  # B's other change, not undone
    assert not page.has_unsaved_changes()
    assert page.detail.locality.text() == "xã Quang Sơn, huyện Tam Điệp"  # the form shows both
    assert page.detail.opened["version"] == stored.version  # a next save opens from here
    # Ctrl+Z takes back A's save only: B's answer and place come back
    window.undo_stack.undo()
    back = aspirations.get_aspiration(other, aspiration_id)
    assert back.response == "Sở GTVT đã khảo sát, bố trí vốn năm 2027."
    assert back.people_concerned == "" and back.locality == "xã Quang Sơn, huyện Tam Điệp"


def test_taking_the_stored_value(page, other, aspiration_id, monkeypatch):
    opened_by_b = conflicts.current(other, "aspiration", aspiration_id)
    aspirations.update_aspiration(other, aspiration_id, opened=opened_by_b,
                                  response="Bản trả lời của chị Hạnh", status="answered")
    dialogs = Dialogs(monkeypatch, accept_with_keys("status"))
    type_text(page.detail.response, "Bản trả lời của tôi")
    page.detail.status.setFocus()
    QTest.keyClick(page.detail.status, Qt.Key.Key_Down)  # "Đang giải quyết"
    assert page.detail.status.currentData() == "in_progress"
    save_keys(page)
    assert dialogs.shown == [{
        "response": ("(trống)", "Bản trả lời của chị Hạnh", "Bản trả lời của tôi"),
        "status": ("Đã tiếp nhận", "Đã giải thích, trả lời", "Đang giải quyết")}]
    stored = aspirations.get_aspiration(other, aspiration_id)
    assert (stored.response, stored.status) == ("Bản trả lời của tôi", "answered")


def test_different_fields_merge_without_asking(page, other, aspiration_id, monkeypatch):
    opened_by_b = conflicts.current(other, "aspiration", aspiration_id)
    aspirations.update_aspiration(other, aspiration_id, opened=opened_by_b,
                                  locality="thôn Đông, xã Quang Sơn")
    dialogs = Dialogs(monkeypatch, lambda dialog: pytest.fail("no conflict to ask about"))
    type_text(page.detail.response, "Đã chuyển Sở Giao thông vận tải.")
    save_keys(page)
    assert dialogs.shown == []
    stored = aspirations.get_aspiration(other, aspiration_id)
    assert stored.locality == "thôn Đông, xã Quang Sơn"
    assert stored.response == "Đã chuyển Sở Giao thông vận tải."


def test_cancel_stores_nothing_and_keeps_the_typed_text(page, other, aspiration_id, monkeypatch):
    opened_by_b = conflicts.current(other, "aspiration", aspiration_id)
    aspirations.update_aspiration(other, aspiration_id, opened=opened_by_b,
                                  content="Nội dung do chị Hạnh sửa")
    before = aspirations.get_aspiration(other, aspiration_id)

    def cancel(dialog: ConflictDialog) -> bool:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result() == ConflictDialog.DialogCode.Accepted.value

    dialogs = Dialogs(monkeypatch, cancel)
    page.detail.content.setFocus()
    QTest.keyClick(page.detail.content, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(page.detail.content, "Nội dung anh Nam sửa: đường liên thôn Đông – Tây")
    save_keys(page)
    assert len(dialogs.shown) == 1 and not dialogs.last.isVisible()
    after = aspirations.get_aspiration(other, aspiration_id)
    assert (after.content, after.version) == (before.content, before.version)
    assert page.detail.content.toPlainText() == "Nội dung anh Nam sửa: đường liên thôn Đông – Tây"
    assert page.has_unsaved_changes()
    page.discard_changes()  # closing the window would ask about the typed text


def test_a_second_conflict_asks_again_with_fresh_values(page, other, aspiration_id,
                                                        monkeypatch):
    def b_saves(text: str) -> None:
        aspirations.update_aspiration(
            other, aspiration_id, opened=conflicts.current(other, "aspiration", aspiration_id),
            response=text)

    b_saves("Lần một của chị Hạnh")
    keep_mine = accept_with_keys()

    def answer(dialog: ConflictDialog) -> bool:
        if len(dialogs.shown) == 1:  # while A decides, B saves again
            b_saves("Lần hai của chị Hạnh")
        return keep_mine(dialog)

    dialogs = Dialogs(monkeypatch, answer)
    type_text(page.detail.response, "Bản của anh Nam")
    save_keys(page)
    assert [shown["response"][1:] for shown in dialogs.shown] == [
        ("Lần một của chị Hạnh", "Bản của anh Nam"), ("Lần hai của chị Hạnh", "Bản của anh Nam")]
    assert dialogs.shown[1]["response"][0] == "Lần một của chị Hạnh"  # what A saw last time
    assert aspirations.get_aspiration(other, aspiration_id).response == "Bản của anh Nam"


def test_task_form_same_field(window, ctx, other, monkeypatch):
    bodies = directory.list_organizations(ctx)
    task = tasks.create_task(ctx, title="Rà soát hồ sơ đất đai xã Quang Sơn",
                             lead_unit_id=bodies[0].id, assigned_on=TODAY,
                             due_on=dt.date(2026, 12, 31))
    page = window.show_area("tasks")
    assert page.select_record(int(task.id or 0))
    tasks.update_task(other, task.id, opened=conflicts.current(other, "task", task.id),
                      title="Rà soát hồ sơ đất đai (chị Hạnh)", priority="high")
    dialogs = Dialogs(monkeypatch, accept_with_keys("title"))
    page.detail.title_edit.setFocus()
    QTest.keyClick(page.detail.title_edit, Qt.Key.Key_End)
    type_text(page.detail.title_edit, " – bổ sung")
    save_keys(page)
    assert dialogs.shown == [{"title": ("Rà soát hồ sơ đất đai xã Quang Sơn",
                                        "Rà soát hồ sơ đất đai (chị Hạnh)",
                                        "Rà soát hồ sơ đất đai xã Quang Sơn – bổ sung")}]
    stored = tasks.get_task(other, task.id)
    assert (stored.title, stored.priority) == ("Rà soát hồ sơ đất đai (chị Hạnh)", "high")
    assert page.detail.opened["version"] == stored.version  # reloaded: the next save from here
    assert page.detail.priority_combo.currentData() == "high" and not page.detail.dirty


def test_directory_form_same_field(window, ctx, other, monkeypatch):
    page = window.show_area("directory")
    org = directory.list_organizations(ctx)[0]
    page.orgs.select_id(org.id)
    assert page._editing_org == org.id
    directory.update_organization(other, org.id, opened=conflicts.snapshot(
        directory.list_organizations(other)[0]), abbreviation="VP-HẠNH")
    dialogs = Dialogs(monkeypatch, accept_with_keys())
    page.org_abbr.setFocus()
    page.org_abbr.selectAll()
    type_text(page.org_abbr, "VPTU")
    save_keys(page)
    assert [set(shown) for shown in dialogs.shown] == [{"abbreviation"}]
    assert dialogs.shown[0]["abbreviation"][1:] == ("VP-HẠNH", "VPTU")
    stored = directory.list_organizations(other)[0]
    assert stored.abbreviation == "VPTU"
    assert page._org_opened["version"] == stored.version and page.org_abbr.text() == "VPTU"


@pytest.fixture
def person_page(window, ctx):
    """The "Cán bộ" tab with one person selected, the list read before anyone else saves."""
    bodies = directory.list_organizations(ctx)
    person = directory.create_person(ctx, full_name="Nguyễn Văn An", title="Chánh Văn phòng",
                                     organization_id=bodies[0].id)
    page = window.show_area("directory")
    page.refresh()
    page.tabs.setCurrentWidget(page.people)
    page.people.select_id(person.id)
    assert page._editing_person == person.id and page.person_name.text() == "Nguyễn Văn An"
    return page


def test_person_form_merges_what_another_changed(person_page, ctx, other, monkeypatch):
    page = person_page
    person_id = page._editing_person
    bodies = directory.list_organizations(other)
    # B moves him to another body after A's list was read: A's form still shows the old one
    directory.update_person(other, person_id, opened=conflicts.current(other, "person", person_id),
                            organization_id=bodies[1].id)
    assert page.person_org.currentData() == bodies[0].id
    dialogs = Dialogs(monkeypatch, lambda dialog: pytest.fail("no conflict to ask about"))
    page.person_title.setFocus()
    page.person_title.selectAll()
    type_text(page.person_title, "Phó Chánh Văn phòng")
    save_keys(page)
    assert dialogs.shown == []
    stored = directory.get_person(other, person_id)
    assert stored.title == "Phó Chánh Văn phòng"  # A's change
    assert stored.organization_id == bodies[1].id  # B's, not written back by A's old value
    assert page.person_org.currentData() == bodies[1].id  # the form shows both
    assert page._person_opened["version"] == stored.version  # a next save opens from here


def test_person_form_same_field_asks(person_page, ctx, other, monkeypatch):
    page = person_page
    person_id = page._editing_person
    directory.update_person(other, person_id, opened=conflicts.current(other, "person", person_id),
                            title="Chánh Văn phòng Tỉnh ủy", full_name="Nguyễn Văn Ân")
    dialogs = Dialogs(monkeypatch, accept_with_keys("full_name"))
    page.person_name.setFocus()
    QTest.keyClick(page.person_name, Qt.Key.Key_End)
    type_text(page.person_name, "h")
    page.person_title.setFocus()
    page.person_title.selectAll()
    type_text(page.person_title, "Phó Chánh Văn phòng")
    save_keys(page)
    assert dialogs.shown == [{
        "full_name": ("Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh"),
        "title": ("Chánh Văn phòng", "Chánh Văn phòng Tỉnh ủy", "Phó Chánh Văn phòng")}]
    stored = directory.get_person(other, person_id)
    assert (stored.full_name, stored.title) == ("Nguyễn Văn Ân", "Phó Chánh Văn phòng")
    assert page.person_name.text() == "Nguyễn Văn Ân" and not page.has_unsaved_changes()

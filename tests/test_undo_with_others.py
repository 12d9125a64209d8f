"""Undo on a shared office never overwrites what someone else changed since: the fields only the
operation changed go back, the others' later changes stay, and a field both changed refuses the
undo with who changed it — nothing written. Two real connections, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from giaoban.core import operations
from giaoban.core.conflicts import RecordConflict
from giaoban.core.services import aspirations, directory, tasks
from tests.conflict_pair import BACKENDS, TODAY, two_people


@pytest.fixture(params=BACKENDS)
def pair(request, tmp_path):
    with two_people(request, tmp_path) as people:
        yield people


def _aspiration(pair) -> int:
    row = aspirations.create_aspiration(pair.a, organization_id=pair.unit(), raised_on=TODAY,
                                        content="Đề nghị sửa đường liên thôn", locality="Xã A")
    assert row.id is not None
    return row.id


def _stored(ctx, asp: int) -> tuple[str, str]:
    row = aspirations.get_aspiration(ctx, asp)
    return row.content, row.locality


def test_undo_takes_back_only_its_own_field_and_keeps_anothers_later_change(pair):
    asp = _aspiration(pair)
    mine = operations.run(pair.a, aspirations.update_aspiration, asp,
                          content="Đề nghị sửa đường liên thôn Nà Lạn")
    aspirations.update_aspiration(pair.b, asp, locality="Xã Bình Minh")
    operations.undo(pair.a, mine.changes)
    assert _stored(pair.b, asp) == ("Đề nghị sửa đường liên thôn", "Xã Bình Minh")


def test_undo_of_a_field_someone_changed_since_is_refused_and_changes_nothing(pair):
    asp = _aspiration(pair)
    mine = operations.run(pair.a, aspirations.update_aspiration, asp,
                          content="Đề nghị sửa đường liên thôn Nà Lạn")
    aspirations.update_aspiration(pair.b, asp, content="Đề nghị làm mới đường liên thôn")
    with pytest.raises(RecordConflict) as refused:
        operations.undo(pair.a, mine.changes)
    assert pair.name_b in str(refused.value)
    assert "Nội dung" in str(refused.value)
    assert _stored(pair.a, asp) == ("Đề nghị làm mới đường liên thôn", "Xã A")


def test_undo_and_redo_by_one_person_still_go_back_and_forth(pair):
    asp = _aspiration(pair)
    first = operations.run(pair.a, aspirations.update_aspiration, asp, content="Lần một")
    second = operations.run(pair.a, aspirations.update_aspiration, asp, locality="Xã B")
    undone_second = operations.undo(pair.a, second.changes)
    undone_first = operations.undo(pair.a, first.changes)
    assert _stored(pair.a, asp) == ("Đề nghị sửa đường liên thôn", "Xã A")
    operations.undo(pair.a, undone_first.changes)  # redo, as the GUI does
    operations.undo(pair.a, undone_second.changes)
    assert _stored(pair.a, asp) == ("Lần một", "Xã B")


def test_a_tasks_undo_keeps_anothers_new_deadline(pair):
    task = tasks.create_task(pair.a, title="Kiểm tra đường liên thôn", lead_unit_id=pair.unit(),
                             assigned_on=TODAY)
    mine = operations.run(pair.a, tasks.update_task, task.id, "sửa tên",
                          title="Kiểm tra, sửa đường liên thôn")
    due = TODAY.replace(month=12, day=31)
    tasks.update_task(pair.b, task.id, "gia hạn", due_on=due)
    operations.undo(pair.a, mine.changes)
    row = tasks.get_task(pair.a, task.id)
    assert (row.title, row.due_on) == ("Kiểm tra đường liên thôn", due)


@pytest.fixture(params=BACKENDS)
def admins(request, tmp_path):
    """Two people allowed to change the directory (on a server: two admin logins)."""
    with two_people(request, tmp_path, role="admin") as people:
        yield people


def test_an_organizations_undo_refused_when_its_name_was_changed_since(admins):
    pair = admins
    unit = directory.create_organization(pair.a, name="Hội Cựu thanh niên xung phong tỉnh",
                                         kind="other")
    mine = operations.run(pair.a, directory.update_organization, unit.id, short_name="CTNXP")
    directory.update_organization(pair.b, unit.id, short_name="Hội CTNXP")
    with pytest.raises(RecordConflict):
        operations.undo(pair.a, mine.changes)
    assert directory.get_organization(pair.a, unit.id).short_name == "Hội CTNXP"


def test_ctrl_z_in_the_window_says_who_changed_it_and_keeps_their_text(window, ctx, qtbot,
                                                                       monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from giaoban.core.clock import Clock
    from giaoban.core.startup import open_context
    from giaoban.ui.dialogs import ask
    from giaoban.ui.operations import perform

    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, message: shown.append(message))
    unit = directory.list_organizations(ctx)[0].id
    asp = aspirations.create_aspiration(ctx, organization_id=unit, raised_on=TODAY,
                                        content="Đề nghị sửa đường liên thôn").id
    assert perform(window, ctx, "Sửa tâm tư, kiến nghị", aspirations.update_aspiration, asp,
                   content="Đề nghị sửa đường liên thôn Nà Lạn")
    other = open_context(ctx.db.path, clock=Clock.at(TODAY))
    other.user = "hanh"
    try:
        aspirations.update_aspiration(other, asp, content="Đề nghị làm mới đường liên thôn")
    finally:
        other.db.dispose()
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("Không hoàn tác được “Sửa tâm tư, kiến nghị”: hanh đã sửa "
                               "“Nội dung” lúc ")
    assert "bản của họ được giữ nguyên" in shown[0]
    assert aspirations.get_aspiration(ctx, asp).content == "Đề nghị làm mới đường liên thôn"
    assert not window.undo_stack.canUndo()  # the refused step is dropped, not retried

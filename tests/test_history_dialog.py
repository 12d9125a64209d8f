"""The global history view: every change listed, filtered by record type, action, user, dates."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from giaoban.core.models import AuditEvent
from giaoban.core.services import directory, trash
from giaoban.core.services import settings as settings_service
from giaoban.ui.dialogs.history import open_history
from tests.qt_helpers import type_text


def _rows(dialog) -> list[tuple[str, str, str]]:
    p = dialog.proxy
    return [(p.index(r, 1).data(), p.index(r, 2).data(), p.index(r, 3).data())
            for r in range(p.rowCount())]


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_history_lists_and_filters_changes(window, ctx, qtbot):
    org = directory.create_organization(ctx, name="Hội Sinh viên tỉnh")
    directory.update_organization(ctx, org.id, name="Hội Sinh viên Việt Nam tỉnh")
    person = directory.create_person(ctx, full_name="Trần Thị Bình")
    settings_service.save_settings(ctx, {"signer_name": "Lê Văn Cường"})
    other = type(ctx)(db=ctx.db, user="nguoi-khac", clock=ctx.clock)
    directory.create_person(other, full_name="Phạm Văn Dũng")

    dialog = open_history(window)
    assert dialog.isVisible() and not dialog.isModal()
    ORG = "Cơ quan, đơn vị “Hội Sinh viên Việt Nam tỉnh”"  # by its name today
    rows = _rows(dialog)
    assert rows[0][1] == "Cán bộ “Phạm Văn Dũng”"  # newest first; records by name, not number
    assert person.id is not None
    assert ("tester", ORG, "Sửa") in rows
    assert ("tester", ORG, "Tạo mới") in rows
    with ctx.session() as s:
        total = len(s.exec(select(AuditEvent)).all())
    assert dialog.model.rowCount() == total

    _choose(dialog.entity, "organization")
    assert {r[1] for r in _rows(dialog)} <= {ORG, "Cơ quan, đơn vị"}
    assert all(r[1].startswith("Cơ quan, đơn vị") for r in _rows(dialog))
    _choose(dialog.action, "update")
    assert _rows(dialog) == [("tester", ORG, "Sửa")]
    changes = dialog.proxy.index(0, 4).data()
    assert "Hội Sinh viên tỉnh → Hội Sinh viên Việt Nam tỉnh" in changes
    dialog.filters.clear()
    assert dialog.model.rowCount() == total

    _choose(dialog.user, "nguoi-khac")
    assert [r[0] for r in _rows(dialog)] == ["nguoi-khac"]
    dialog.filters.clear()

    dialog.since.set_value(ctx.today() + dt.timedelta(days=400))
    assert dialog.proxy.rowCount() == 0
    dialog.since.set_value(None)
    dialog.until.set_value(dt.date(2000, 1, 2))
    assert dialog.proxy.rowCount() == 0
    dialog.filters.clear()
    today = ctx.today()  # the events were stamped by the context's (pinned) clock
    dialog.since.set_value(today - dt.timedelta(days=1))
    dialog.until.set_value(today + dt.timedelta(days=1))
    assert dialog.proxy.rowCount() == total
    dialog.filters.clear()

    type_text(dialog.filters.search, "Bình")
    dialog.filters.flush()
    assert dialog.proxy.rowCount() == 1
    assert open_history(window) is dialog


def test_trash_and_restore_show_in_history(window, ctx):
    org = directory.create_organization(ctx, name="Đơn vị thử")
    with ctx.transaction() as s:
        from giaoban.core.models import Task

        task = Task(title="Nhiệm vụ thử", lead_unit_id=org.id, assigned_on=ctx.today())
        s.add(task)
        s.flush()
        task_id = task.id
    trash.move_to_trash(ctx, "task", [task_id])
    trash.restore_from_trash(ctx, "task", [task_id])
    dialog = open_history(window)
    _choose(dialog.entity, "task")
    assert [r[2] for r in _rows(dialog)] == ["Khôi phục", "Chuyển vào thùng rác"]

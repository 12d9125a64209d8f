"""The document register: numbers given on finalize and on issue, unique per symbol and year by
a constraint, corrected with a reason (audited, undoable), restarting each year or not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from giaoban.core import operations
from giaoban.core.clock import Clock
from giaoban.core.errors import ValidationError
from giaoban.core.models import AuditEvent, Briefing, IssuedDocument
from giaoban.core.services import document_register as register
from giaoban.core.services.briefings import finalize_briefing, load_briefing, reopen_briefing
from giaoban.core.services.settings import save_settings
from tests.documents_fixtures import HELD_ON, TODAY, insert_sample_briefing


@pytest.fixture
def clean(ctx):
    ctx.clock = Clock.at(TODAY)
    return ctx


def _draft(ctx, number: str = "", held_on: dt.date = HELD_ON) -> int:
    """A draft briefing (the sample's) with ``number`` typed, or none."""
    bid = insert_sample_briefing(ctx, status="draft")
    with ctx.transaction() as s:
        briefing = s.get(Briefing, bid)
        briefing.document_number, briefing.held_on = number, held_on
        briefing.year = held_on.year
        briefing.quarter = (held_on.month - 1) // 3 + 1
        s.add(briefing)
    return bid


def _number(ctx, bid: int) -> str:
    return load_briefing(ctx, bid).document_number


def test_a_new_database_suggests_the_first_number_and_finalize_gives_it(clean):
    assert register.next_number(clean, "minutes", HELD_ON) == "01-BB/TU"
    first, second = _draft(clean), _draft(clean)
    finalize_briefing(clean, first)
    finalize_briefing(clean, second)
    assert (_number(clean, first), _number(clean, second)) == ("01-BB/TU", "02-BB/TU")
    assert register.next_number(clean, "minutes", HELD_ON) == "03-BB/TU"
    entry = register.issued_for_briefing(clean, first, "minutes")
    assert entry is not None and (entry.number, entry.issued_on, entry.series) == (1, HELD_ON, 2026)


def test_a_typed_number_is_kept_and_a_taken_one_refused(clean):
    typed = _draft(clean, "16-BB/TU")
    finalize_briefing(clean, typed)
    assert _number(clean, typed) == "16-BB/TU"
    assert register.next_number(clean, "minutes", HELD_ON) == "17-BB/TU"
    again = _draft(clean, "16-BB/TU")
    with pytest.raises(ValidationError) as caught:
        finalize_briefing(clean, again)
    assert "16-BB/TU" in str(caught.value)
    assert load_briefing(clean, again).status == "draft"  # nothing changed


def test_uniqueness_is_a_constraint_not_only_a_check(clean):
    finalize_briefing(clean, _draft(clean))
    with pytest.raises(IntegrityError), clean.transaction() as s:
        s.add(IssuedDocument(kind="notice", number=1, symbol="BB", body_symbol="TU", series=2026,
                             issued_on=TODAY, settings="{}"))


def test_numbers_restart_each_year_unless_settings_say_otherwise(clean):
    finalize_briefing(clean, _draft(clean, held_on=dt.date(2025, 12, 10)))
    finalize_briefing(clean, _draft(clean, held_on=dt.date(2025, 12, 12)))
    next_year = _draft(clean, held_on=dt.date(2026, 3, 20))
    finalize_briefing(clean, next_year)
    assert _number(clean, next_year) == "01-BB/TU"
    save_settings(clean, {"numbering_yearly": "0"})
    continuing = _draft(clean, held_on=dt.date(2026, 6, 20))
    finalize_briefing(clean, continuing)
    assert _number(clean, continuing) == "01-BB/TU"  # the first of the never-restarting series
    assert register.next_number(clean, "minutes", dt.date(2027, 1, 5)) == "02-BB/TU"


def test_reopen_keeps_the_number_and_finalizing_again_reuses_it(clean):
    bid = _draft(clean)
    finalize_briefing(clean, bid)
    reopen_briefing(clean, bid, "Sửa lỗi chính tả")
    finalize_briefing(clean, bid)
    assert _number(clean, bid) == "01-BB/TU"
    with clean.session() as s:
        assert len(s.exec(select(IssuedDocument)).all()) == 1


def test_undo_of_finalize_takes_the_number_back_and_redo_gives_it_again(clean):
    bid = _draft(clean)
    result = operations.run(clean, finalize_briefing, bid)
    assert result.undoable and _number(clean, bid) == "01-BB/TU"
    operations.undo(clean, result.changes)
    assert load_briefing(clean, bid).status == "draft" and _number(clean, bid) == ""
    assert register.issued_for_briefing(clean, bid, "minutes") is None
    operations.redo(clean, result.changes)
    assert _number(clean, bid) == "01-BB/TU"
    assert register.issued_for_briefing(clean, bid, "minutes") is not None


def test_a_correction_needs_a_reason_is_audited_and_can_be_undone(clean):
    bid = _draft(clean)
    finalize_briefing(clean, bid)
    entry = register.issued_for_briefing(clean, bid, "minutes")
    assert entry is not None
    with pytest.raises(ValidationError) as caught:
        register.correct_issued(clean, entry.id, "  ", number="7")
    assert "reason" in caught.value.errors
    result = operations.run(clean, register.correct_issued, entry.id, "Trùng số với sổ giấy",
                            number="7", issued_on=dt.date(2026, 9, 26))
    assert _number(clean, bid) == "07-BB/TU"
    with clean.session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.entity == "issued_document",
                                                AuditEvent.action == "update")).one()
    assert event.note == "Trùng số với sổ giấy"
    assert json.loads(event.changes)["number"] == [1, 7]
    assert result.undoable
    operations.undo(clean, result.changes)
    again = register.issued_for_briefing(clean, bid, "minutes")
    assert again is not None and (again.number, again.issued_on) == (1, HELD_ON)
    assert _number(clean, bid) == "01-BB/TU"


def test_a_notice_is_issued_once_on_a_finalized_briefing_only(clean):
    bid = _draft(clean)
    with pytest.raises(ValidationError):
        register.issue_notice(clean, bid)
    finalize_briefing(clean, bid)
    with pytest.raises(ValidationError) as caught:
        register.issue_notice(clean, bid, "3", dt.date(2026, 9, 1))  # before the meeting
    assert "date" in caught.value.errors
    entry = register.issue_notice(clean, bid, "Số 3", dt.date(2026, 10, 2))
    assert (entry.label, entry.issued_on) == ("03-TB/TU", dt.date(2026, 10, 2))
    assert register.issue_notice(clean, bid).id == entry.id  # a reprint: the same entry
    with pytest.raises(ValidationError):
        register.issue_notice(clean, bid, "4")
    for bad in ("abc", "0", "3-BB/TU", "1234567"):
        with pytest.raises(ValidationError):
            register.parse_number(bad, "TB", "TU")


def test_the_register_is_searchable(clean):
    finalize_briefing(clean, _draft(clean, "16-BB/TU"))
    finalize_briefing(clean, _draft(clean))
    assert [r.label for r in register.list_issued(clean, query="16-bb")] == ["16-BB/TU"]
    assert [r.label for r in register.list_issued(clean, "minutes")] == ["17-BB/TU", "16-BB/TU"]
    assert register.list_issued(clean, "notice") == []


def test_migration_enters_the_numbered_minutes_of_an_older_file(tmp_path):
    """0005 on a 0004 file: each well-formed minutes number once, with today's settings."""
    from alembic import command

    from giaoban.core import migrations
    from giaoban.core.db import APPLICATION_ID, open_database
    from giaoban.core.startup import open_context

    path = tmp_path / "old.db"
    db = open_database(path, migrate=False)
    config = migrations.alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
    rows = [("15-BB/TU", "2026-09-25"), ("15-BB/TU", "2026-12-01"), ("16-BB/TU", "2025-12-01"),
            ("mười lăm", "2026-06-01"), ("", "2026-03-01")]
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('province', 'Hà Nam')")
        for number, held in rows:
            conn.exec_driver_sql(
                "INSERT INTO briefing (kind, year, quarter, title, held_on, place, status, "
                "document_number, notes, search_text, created_at, updated_at) VALUES "
                f"('quarterly', {held[:4]}, 1, '', '{held}', '', 'finalized', '{number}', '', '', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    db.dispose()
    ctx = open_context(path, clock=Clock.at(TODAY))
    entries = register.list_issued(ctx, "minutes")
    assert sorted((e.label, e.series, e.briefing_id) for e in entries) == [
        ("15-BB/TU", 2026, 1), ("16-BB/TU", 2025, 3)]
    assert all(e.settings["province"] == "Hà Nam" for e in entries)
    assert register.next_number(ctx, "minutes", dt.date(2026, 10, 1)) == "16-BB/TU"
    ctx.db.dispose()

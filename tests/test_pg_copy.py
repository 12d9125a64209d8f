"""giaoban copy: a small demo office with an attached file and a trashed record goes SQLite →
PostgreSQL → a new SQLite file and comes back row for row; a non-empty target is refused and
unchanged; a copy broken midway leaves the target as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from giaoban.core import office_copy
from giaoban.core.errors import GiaobanError
from giaoban.core.services.attachments import add_attachment
from giaoban.core.services.trash import move_to_trash


def _rows(url_or_path: str) -> dict[str, list[tuple]]:
    """Every row of every model table, in key order."""
    engine = sa.create_engine(url_or_path if "://" in url_or_path else f"sqlite:///{url_or_path}")
    try:
        with engine.connect() as conn:
            return {table.name: [tuple(row) for row in conn.execute(office_copy._ordered(table))]
                    for table in SQLModel.metadata.sorted_tables}
    finally:
        engine.dispose()


@pytest.fixture
def office(demo_ctx, tmp_path: Path) -> str:
    """The small demo with a file attached (bytes not UTF-8) and a task in the trash."""
    attached = tmp_path / "Biên bản họp.txt"
    attached.write_bytes("Kết luận: đường giao thông".encode() + bytes(range(256)) * 4)
    add_attachment(demo_ctx, "briefing", 1, attached)
    move_to_trash(demo_ctx, "task", [2])
    demo_ctx.db.dispose()
    return str(demo_ctx.db.engine.url.database)


def test_sqlite_to_server_and_back_loses_nothing(office: str, pg_url: str, tmp_path: Path) -> None:
    back = str(tmp_path / "back.db")
    result = office_copy.copy_office(office, pg_url)
    assert result.total > 900 and result.rows["attachment_blob"] == 1
    office_copy.copy_office(pg_url, back)
    before, after = _rows(office), _rows(back)
    assert set(before) == {table.name for table in office_copy.tables()}
    for name, rows in before.items():
        assert after[name] == rows, name
    assert any("đường" in str(row) for row in after["attachment_blob"] + after["aspiration"])
    assert any(row for row in after["task"] if None not in row[:1])
    # sequences moved past the copied ids: a new row on the server gets a fresh id
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        top = conn.execute(sa.text("SELECT max(id) FROM person")).scalar()
        new = conn.execute(sa.text("SELECT nextval(pg_get_serial_sequence('person', 'id'))")).scalar()
    engine.dispose()
    assert new == top + 1


def test_non_empty_target_refused_and_unchanged(office: str, pg_url: str, tmp_path: Path) -> None:
    office_copy.copy_office(office, pg_url)
    before = _rows(pg_url)
    with pytest.raises(GiaobanError, match="đã có dữ liệu"):
        office_copy.copy_office(office, pg_url)
    assert _rows(pg_url) == before


def test_copy_broken_midway_leaves_target_empty(office: str, pg_url: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = _rows(pg_url)
    real = office_copy._count
    calls = []

    def failing(conn, table):
        calls.append(table.name)
        if table.name == "task":
            raise KeyboardInterrupt
        return real(conn, table)

    monkeypatch.setattr(office_copy, "_count", failing)
    with pytest.raises(KeyboardInterrupt):
        office_copy.copy_office(office, pg_url)
    monkeypatch.setattr(office_copy, "_count", real)
    assert "person" in calls
    assert _rows(pg_url) == before
    target = tmp_path / "new.db"
    monkeypatch.setattr(office_copy, "_count", failing)
    with pytest.raises(KeyboardInterrupt):
        office_copy.copy_office(office, str(target))
    assert not target.exists()


def test_backup_from_the_server_is_a_giaoban_file_that_passes_check(
        office: str, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from giaoban.cli import main

    office_copy.copy_office(office, pg_url)
    out = tmp_path / "sao lưu.db"
    assert main(["backup", "--db", pg_url, "--out", str(out)]) == 0
    assert "đã kiểm tra từng dòng" in capsys.readouterr().out
    assert _rows(str(out)) == _rows(office)
    assert main(["check", "--db", str(out)]) == 0
    assert "Không phát hiện vấn đề" in capsys.readouterr().out
    assert main(["backup", "--db", pg_url, "--out", str(out)]) != 0  # never overwritten


def test_check_on_the_server_finds_a_damaged_attached_file(office: str, pg_url: str) -> None:
    from giaoban.core.checks import check_database

    office_copy.copy_office(office, pg_url)
    report = check_database(pg_url)
    assert report.ok and "Số tệp đính kèm: 1" in report.lines
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE attachment_blob SET content = content || '\\x00'::bytea"))
    engine.dispose()
    report = check_database(pg_url)
    assert not report.ok
    assert any("Biên bản họp.txt" in line and "bị hỏng" in line for line in report.problems)


def test_a_parent_after_its_child_in_id_order_is_copied(ctx, pg_url: str) -> None:
    """A body moved under a body made later: the parent's id is larger than the child's."""
    engine = ctx.db.engine
    with engine.begin() as conn:
        top = conn.execute(sa.text("SELECT max(id) FROM organization")).scalar()
        conn.execute(sa.text("UPDATE organization SET parent_id = :top WHERE id = 1"), {"top": top})
    ctx.db.dispose()
    source = str(engine.url.database)
    office_copy.copy_office(source, pg_url)
    assert _rows(pg_url)["organization"] == _rows(source)["organization"]

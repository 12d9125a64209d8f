"""core.search: Vietnamese folding, prefix matching, ranking, trash, every writer, old databases."""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from giaoban.core import search
from giaoban.core.models import Aspiration, Briefing, Organization, Task
from giaoban.core.services.aspirations import create_aspiration, update_aspiration
from giaoban.core.text import fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WORD = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789", min_size=1, max_size=12)


def _org(ctx) -> int:
    with ctx.session() as s:
        return s.exec(select(Organization.id).where(Organization.active == True)).first()  # noqa: E712


def _add(ctx, content: str, **extra) -> int:
    row = create_aspiration(ctx, organization_id=_org(ctx), raised_on=dt.date(2026, 9, 1),
                            content=content, **extra)
    return int(row.id)


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_ignores_normal_form(text):
    assert fold(fold(text)) == fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
    assert "đ" not in fold(text) and "Đ" not in fold(text)


def test_fold_examples():
    assert fold("Đảng bộ") == "dang bo"
    assert fold("  ĐƯỜNG   giao thông ") == "duong giao thong"
    assert fold(unicodedata.normalize("NFD", "Hội Nông dân")) == "hoi nong dan"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(WORD, min_size=1, max_size=5), pick=st.integers(0, 4),
       form=st.sampled_from(["NFC", "NFD", "fold", "upper"]))
def test_any_text_is_found_by_its_own_words(ctx, words, pick, form):
    content = " ".join(words)
    row_id = _add(ctx, content)
    word = words[pick % len(words)]
    query = fold(word) if form == "fold" else word.upper() if form == "upper" else \
        unicodedata.normalize(form, word)
    hits = search.search(ctx, query, types=("aspiration",), limit=10_000)
    assert row_id in {h.id for h in hits}
    with ctx.session() as s:
        ids = {r for r in s.exec(select(Aspiration.id).where(
            Aspiration.id.in_(search.matching_ids(s, "aspiration", query))))}
    assert row_id in ids


def test_marks_case_d_prefix_and_ranking(ctx):
    best = _add(ctx, "Nâng cấp đường giao thông nông thôn; đường xuống cấp, đường hẹp")
    other = _add(ctx, "Hỗ trợ giống cây trồng cho bà con, sửa đường điện")
    _add(ctx, "Chính sách cho người có công")
    for topic in ("nước sạch", "trường học", "trạm y tế", "chợ nông thôn", "rác thải", "giá điện"):
        _add(ctx, f"Kiến nghị về {topic} ở địa phương")
    for query in ("duong", "ĐƯỜNG", "duon", "đườ", unicodedata.normalize("NFD", "đường")):
        hits = search.search(ctx, query, types=("aspiration",))
        assert [h.id for h in hits] == [best, other], query
    assert hits[0].score > hits[1].score
    assert search.search(ctx, "dang bo") == []
    assert search.search(ctx, "   ") == []
    assert search.search(ctx, "chinh sach nguoi co cong")[0].text == "Chính sách cho người có công"


def test_every_writer_keeps_the_index(ctx):
    row_id = _add(ctx, "Kiến nghị về cấp giấy chứng nhận quyền sử dụng đất")
    update_aspiration(ctx, row_id, content="Kiến nghị nạo vét kênh mương thủy lợi")
    assert search.search(ctx, "quyen su dung") == []
    assert [h.id for h in search.search(ctx, "kenh muong")] == [row_id]
    with ctx.transaction() as s:  # another service writing through the ORM
        task = Task(title="Rà soát kênh mương nội đồng", lead_unit_id=_org(ctx),
                    assigned_on=dt.date(2026, 10, 1))
        briefing = Briefing(kind="quarterly", year=2026, quarter=3, place="Hội trường Đảng bộ tỉnh")
        s.add(task)
        s.add(briefing)
    types = {h.type for h in search.search(ctx, "kenh muong")}
    assert types == {"aspiration", "task"}
    hit = search.search(ctx, "quy iii 2026 dang bo")[0]
    assert hit.type == "briefing" and hit.text == "Giao ban quý III/2026"
    with ctx.transaction() as s:  # moved to the trash: no longer found
        s.get(Aspiration, row_id).deleted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    assert {h.type for h in search.search(ctx, "kenh muong")} == {"task"}


def test_demo_bulk_rows_are_searchable(demo_ctx):
    with demo_ctx.session() as s:
        empty = s.exec(select(Aspiration.id).where(Aspiration.search_text == "")).all()
        total = len(s.exec(select(Aspiration.id)).all())
    assert empty == [] and total > 50
    hits = search.search(demo_ctx, "duong", limit=500)
    assert hits and all("đường" in h.text.lower() or "duong" in fold(h.text) or h.type != "aspiration"
                        for h in hits[:5])


@pytest.mark.timeout(120)
def test_database_from_revision_0001_is_upgraded_and_its_rows_found(tmp_path):
    from alembic import command

    from giaoban.core import migrations
    from giaoban.core.db import APPLICATION_ID, open_database, sqlite_engine
    from giaoban.core.startup import open_context

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    engine = sqlite_engine(path)
    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql("INSERT INTO organization (id, name, short_name, abbreviation, kind, "
                             "active, sort_order) VALUES (1, 'Hội Nông dân tỉnh', '', 'HND', "
                             "'association', 1, 1)")
        conn.exec_driver_sql(
            "INSERT INTO aspiration (id, organization_id, raised_on, kind, field, locality, "
            "people_concerned, content, status, response, position, created_at, updated_at) "
            "VALUES (7, 1, '2024-03-05', 'petition', 'other', 'xã Đông Sơn', '', "
            "'Đề nghị sửa chữa đường liên thôn', 'received', '', 0, '2024-03-05', '2024-03-05')")
    engine.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    db.dispose()
    assert list((tmp_path / "backups").glob("*.db"))
    ctx = open_context(path)
    try:
        hits = search.search(ctx, "duong lien thon")
        assert [(h.type, h.id) for h in hits] == [("aspiration", 7)]
        assert search.search(ctx, "dong son")[0].id == 7
    finally:
        ctx.db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA integrity_check")
        assert conn.execute("INSERT INTO aspiration_fts(aspiration_fts) VALUES('integrity-check')")


def test_portable_fallback_without_fts(ctx, monkeypatch):
    """Other databases (PostgreSQL) search the folded column with LIKE: same word-start rules."""
    first = _add(ctx, "Nâng cấp đường giao thông")
    _add(ctx, "Hỗ trợ người nghèo")
    monkeypatch.setattr(search, "_is_sqlite", lambda session: False)
    assert [h.id for h in search.search(ctx, "ĐƯỜN giao")] == [first]
    assert search.search(ctx, "uong") == []  # not the middle of a word
    with ctx.session() as s:
        ids = s.exec(select(Aspiration.id).where(
            Aspiration.id.in_(search.matching_ids(s, "aspiration", "duong")))).all()
    assert ids == [first]


def test_hits_carry_the_record_date_to_tell_same_titles_apart(demo_ctx):
    from giaoban.core import search

    hits = search.search(demo_ctx, "ra soat giai quyet", types=("task",))
    assert len({h.text for h in hits}) < len(hits)  # the demo repeats task titles…
    assert all(h.on is not None for h in hits)  # …each with its own due date
    briefing = search.search(demo_ctx, "quy III 2026", types=("briefing",))
    assert briefing and briefing[0].on is not None

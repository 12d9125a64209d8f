"""giaoban attachments add|list|get|remove: real files in, byte-identical copies out, one clear
line and nothing stored when something is wrong; giaoban check and search see the files."""

from __future__ import annotations

import json
import sqlite3

import pytest

from giaoban.cli import main
from giaoban.core.services import settings
from giaoban.core.startup import open_context
from tests.attachment_files import make_docx, make_task, png_bytes


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "cli.db"
    ctx = open_context(path)
    task = make_task(ctx, "Rà soát hộ nghèo")
    settings.save_settings(ctx, {"attachment_max_mb": "1"})
    ctx.db.dispose()
    return path, task


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _stored(path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM attachment").fetchone()[0],
                conn.execute("SELECT count(*) FROM attachment_blob").fetchone()[0])
    finally:
        conn.close()


def test_add_list_get_remove(filled, tmp_path, capsys):
    db, task = filled
    source = make_docx(tmp_path / "Kết quả rà soát.docx", "Đã rà soát 318 hộ cận nghèo")
    code, out, err = _run(capsys, "attachments", "add", "--task", str(task), str(source),
                          "--db", str(db))
    assert (code, err) == (0, "")
    assert out.startswith("Đã đính kèm “Kết quả rà soát.docx” (tệp số 1,")
    code, out, _err = _run(capsys, "attachments", "list", "--task", str(task), "--json",
                           "--db", str(db))
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert rows[0]["name"] == "Kết quả rà soát.docx" and rows[0]["index_state"] == "indexed"
    assert rows[0]["size"] == source.stat().st_size and rows[0]["owner_id"] == task
    code, out, _err = _run(capsys, "search", "can ngheo", "--json", "--db", str(db))
    assert [(h["type"], h["id"]) for h in json.loads(out)] == [("attachment", 1)]
    copy = tmp_path / "ra.docx"
    assert _run(capsys, "attachments", "get", "1", "--out", str(copy), "--db", str(db))[0] == 0
    assert copy.read_bytes() == source.read_bytes()
    code, out, _err = _run(capsys, "attachments", "remove", "1", "--db", str(db))
    assert (code, out) == (0, "Đã chuyển “Kết quả rà soát.docx” vào thùng rác.\n")
    code, out, _err = _run(capsys, "attachments", "list", "--task", str(task), "--db", str(db))
    assert (code, out) == (0, "Chưa có tệp đính kèm nào.\n")


def test_a_file_not_indexed_says_why(filled, tmp_path, capsys):
    db, task = filled
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(png_bytes())
    code, out, _err = _run(capsys, "attachments", "add", "--task", str(task), str(fake),
                           "--name", "Biên bản (bản chụp).pdf", "--db", str(db))
    assert code == 0
    assert out.splitlines()[1] == ("Không tìm trong nội dung: Phần mở rộng không khớp "
                                   "nội dung")
    code, out, _err = _run(capsys, "attachments", "list", "--task", str(task), "--db", str(db))
    assert "Biên bản (bản chụp).pdf" in out and "Phần mở rộng không khớp" in out


@pytest.mark.parametrize("args", [
    ["attachments", "add", "FILE"],  # no record named
    ["attachments", "add", "--task", "1", "--briefing", "1", "FILE"],
    ["attachments", "add", "--task", "abc", "FILE"],
    ["attachments", "get", "1"],  # no --out
    ["attachments", "remove", "0"],
])
def test_usage_mistakes_exit_2_in_one_line(filled, tmp_path, capsys, args):
    db, _task = filled
    args = [str(tmp_path / "x.docx") if a == "FILE" else a for a in args]
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--db", str(db)])
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "lỗi" in err


def test_failures_exit_1_in_one_line_and_store_nothing(filled, tmp_path, capsys):
    db, task = filled
    big = tmp_path / "lớn.bin"
    big.write_bytes(b"\x02" * (1024 * 1024 + 10))
    source = make_docx(tmp_path / "a.docx", "x")
    cases = [
        (["add", "--task", str(task), str(big)], "quá giới hạn 1 MB"),
        (["add", "--task", str(task), str(tmp_path / "không có.docx")], "Không tìm thấy tệp"),
        (["add", "--task", "999", str(source)], "Không tìm thấy nhiệm vụ số 999"),
        (["add", "--task", str(task), str(source), "--signed-minutes"], "cuộc giao ban"),
        (["add", "--task", str(task), str(source), "--name", "a/b.docx"], "“/”"),
        (["get", "5", "--out", str(tmp_path / "o.docx")], "Không tìm thấy tệp đính kèm số 5"),
    ]
    for args, words in cases:
        code, out, err = _run(capsys, "attachments", *args, "--db", str(db))
        assert (code, out) == (1, ""), args
        assert err.startswith("Lỗi: ") and words in err and len(err.splitlines()) == 1, err
    assert _stored(db) == (0, 0)
    assert not (tmp_path / "o.docx").exists()


def test_check_reports_a_damaged_file_and_get_refuses_it(filled, tmp_path, capsys):
    db, task = filled
    source = make_docx(tmp_path / "a.docx", "x")
    assert _run(capsys, "attachments", "add", "--task", str(task), str(source),
                "--db", str(db))[0] == 0
    code, out, _err = _run(capsys, "check", "--db", str(db))
    assert code == 0 and "Số tệp đính kèm: 1" in out
    conn = sqlite3.connect(db)
    data = bytearray(conn.execute("SELECT content FROM attachment_blob").fetchone()[0])
    data[100] ^= 1
    conn.execute("UPDATE attachment_blob SET content = ?", (bytes(data),))
    conn.commit()
    conn.close()
    code, _out, err = _run(capsys, "check", "--db", str(db))
    assert code == 1 and "“a.docx”" in err and "SHA-256" in err
    target = tmp_path / "o.docx"
    code, out, err = _run(capsys, "attachments", "get", "1", "--out", str(target), "--db", str(db))
    assert code == 1 and "bị hỏng" in err and not target.exists()

"""giaoban minutes / notice / report write real files; bad input is one clear line, no file."""

import datetime as dt
import subprocess
import sys

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from giaoban.cli import main
from giaoban.core.clock import Clock
from giaoban.core.demo import fill_demo
from giaoban.core.startup import open_context


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.db"
    ctx = open_context(path, clock=Clock.at(dt.date(2026, 11, 29)))
    fill_demo(ctx)
    ctx.db.dispose()
    return path


def _finalized_id(path):
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id FROM briefing WHERE status='finalized' AND kind='quarterly' "
            "ORDER BY held_on DESC LIMIT 1"
        ).fetchone()[0]


def _cli(*args: str) -> int:
    """In a child process, as admins run it: PDF export creates its own (GUI-less) Qt app."""
    result = subprocess.run([sys.executable, "-m", "giaoban", *args], capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stderr
    return result.returncode


@pytest.mark.timeout(180)
def test_minutes_notice_report_files(demo_db, tmp_path):
    briefing = _finalized_id(demo_db)
    pdf = tmp_path / "bien-ban.pdf"
    assert _cli("minutes", str(briefing), "--out", str(pdf), "--db", str(demo_db)) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "BIÊN BẢN" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    notice = tmp_path / "thong-bao.docx"
    assert _cli("notice", str(briefing), "--out", str(notice), "--db", str(demo_db)) == 0
    paragraphs = [p.text for p in DocxDocument(notice).paragraphs]
    assert "THÔNG BÁO" in paragraphs
    report = tmp_path / "bao-cao.xlsx"
    assert _cli("report", "--period", "2026-Q3", "--as-of", "29/11/2026", "--out", str(report),
                "--db", str(demo_db)) == 0
    sheet = load_workbook(report).active
    dates = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert dates, "the report's due dates are real date cells"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["minutes", "9999", "--out", "{tmp}/m.pdf"], "Không tìm thấy"),
        (["minutes", "1", "--out", "{tmp}/m.txt"], ".txt"),
    ],
)
def test_bad_document_requests_fail_cleanly(demo_db, tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args] + ["--db", str(demo_db)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not any(p.suffix in {".pdf", ".txt"} for p in tmp_path.iterdir())


def test_an_impossible_period_is_a_usage_mistake(demo_db, tmp_path, capsys):
    """Found while the command line is read: exit 2, one line, no file."""
    with pytest.raises(SystemExit) as refused:
        main(["report", "--period", "2026-Q5", "--out", str(tmp_path / "r.pdf"),
              "--db", str(demo_db)])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "không hợp lệ" in err and err.strip().count("\n") == 0
    assert not (tmp_path / "r.pdf").exists()

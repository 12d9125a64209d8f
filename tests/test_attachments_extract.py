"""The text inside attachments: read in a child process from real PDF, DOCX and XLSX files, found by
every search with the file named; hostile or odd files stored but not indexed, with the reason."""

from __future__ import annotations

import sys
import time

import pytest

from giaoban.core import attachment_types as types
from giaoban.core import search
from giaoban.core.services import attachments as files
from giaoban.core.services import attachments_index, trash
from giaoban.core.services.tasks_query import TaskFilter, list_tasks
from tests.attachment_files import (
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_task,
    make_xlsx,
    make_zip_bomb,
    png_bytes,
)
from tests.documents_fixtures import insert_sample_briefing


def _state(ctx, attachment_id: int) -> tuple[str, str]:
    info = files.get_attachment(ctx, attachment_id)
    return info.index_state, info.not_indexed_reason


def test_a_word_inside_a_docx_is_found_with_the_file_and_its_record_named(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="finalized")
    report = make_docx(tmp_path / "Báo cáo MTTQ.docx", "Ủy ban MTTQ tỉnh báo cáo:",
                       "Nhân dân phản ánh đường liên xã xuống cấp nghiêm trọng.")
    info = files.add_attachment(ctx, "briefing", briefing, report)
    assert info.index_state == "pending"
    assert search.search(ctx, "xuống cấp") == []  # not read yet
    assert files.extract_pending(ctx) == 1
    assert _state(ctx, info.id) == ("indexed", "")
    hits = search.search(ctx, "xuong cap lien xa")  # without marks, as people type
    assert [(h.type, h.id, h.target) for h in hits] == [("attachment", info.id,
                                                         ("briefing", briefing))]
    assert hits[0].text == "Báo cáo MTTQ.docx – Giao ban Quý III/2026"
    assert [h.id for h in search.search(ctx, "kèmtheobả")] == [info.id]  # table cells, prefixes
    assert files.extract_pending(ctx) == 0


def test_the_task_lists_search_box_finds_a_task_by_its_files_words(ctx, tmp_path):
    task = make_task(ctx, "Nhiệm vụ không có từ khóa")
    make_task(ctx, "Nhiệm vụ khác")
    info = files.add_attachment(ctx, "task", task, make_xlsx(tmp_path / "Tiến độ.xlsx", [
        ["Đơn vị", "Tiến độ"], ["Hội Nông dân", "Đã khảo sát 42 hộ chăn nuôi"]]))
    files.extract_pending(ctx)
    assert [row.id for row in list_tasks(ctx, TaskFilter(query="chăn nuôi"))] == [task]
    hit = search.search(ctx, "khao sat 42")[0]
    assert (hit.type, hit.id, hit.target) == ("attachment", info.id, ("task", task))
    assert hit.text == "Tiến độ.xlsx – Nhiệm vụ không có từ khóa"
    files.remove_attachment(ctx, info.id)  # a file in the trash is found no more
    assert search.search(ctx, "chăn nuôi") == []
    assert list_tasks(ctx, TaskFilter(query="chăn nuôi")) == []


def test_a_file_of_a_trashed_record_is_not_a_hit(ctx, tmp_path):
    task = make_task(ctx)
    files.add_attachment(ctx, "task", task, make_docx(tmp_path / "a.docx", "trồngrừngmới"))
    files.extract_pending(ctx)
    assert len(search.search(ctx, "trồngrừngmới")) == 1
    trash.move_to_trash(ctx, "task", [task])
    assert search.search(ctx, "trồngrừngmới") == []


def test_a_real_pdf_is_read_and_an_encrypted_one_is_not(ctx, qapp, tmp_path):
    task = make_task(ctx)
    plain = files.add_attachment(ctx, "task", task, make_pdf(
        tmp_path / "Biên bản.pdf", "Biên bản hội nghị: kiến nghị nạo vét kênh mương"))
    locked = files.add_attachment(ctx, "task", task, make_encrypted_pdf(tmp_path / "Mật.pdf"))
    assert files.extract_pending(ctx) == 2
    assert _state(ctx, plain.id) == ("indexed", "")
    assert _state(ctx, locked.id) == ("not_indexed", "PDF được mã hóa")
    assert [h.id for h in search.search(ctx, "nạo vét kênh")] == [plain.id]
    assert files.read_attachment(ctx, locked.id) == (tmp_path / "Mật.pdf").read_bytes()


def test_a_zip_bomb_named_like_a_workbook_is_stored_but_never_opened(ctx, tmp_path):
    task = make_task(ctx)
    bomb = make_zip_bomb(tmp_path / "Tiến độ.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    info = files.add_attachment(ctx, "task", task, bomb)
    assert _state(ctx, info.id) == ("not_indexed", "Tệp nén bất thường (nghi zip bomb)")
    files.extract_pending(ctx)
    assert files.read_attachment(ctx, info.id) == bomb.read_bytes()
    started = time.monotonic()  # the child refuses it too, before any reader opens it
    state, _text, reason = attachments_index.run_extractor(bomb.read_bytes(), types.XLSX)
    assert (state, reason) == ("not_indexed", types.ZIP_BOMB)
    assert time.monotonic() - started < 10


def test_a_pdf_that_is_really_a_picture_and_plain_pictures_are_not_indexed(ctx, tmp_path):
    task = make_task(ctx)
    fake = tmp_path / "Báo cáo.pdf"
    fake.write_bytes(png_bytes())
    picture = tmp_path / "Ảnh hội nghị.png"
    picture.write_bytes(png_bytes() + b"khac")  # another blob
    zipped_pdf = make_docx(tmp_path / "Văn bản.pdf", "chữ trong một docx giả làm pdf")
    wrong = files.add_attachment(ctx, "task", task, fake)
    image = files.add_attachment(ctx, "task", task, picture)
    disguised = files.add_attachment(ctx, "task", task, zipped_pdf)
    assert files.extract_pending(ctx) == 0  # nothing to read
    assert _state(ctx, wrong.id) == ("not_indexed", "Phần mở rộng không khớp nội dung")
    assert _state(ctx, image.id) == ("not_indexed", "Không có chữ để tìm (ảnh/tệp khác)")
    assert _state(ctx, disguised.id) == ("not_indexed", "Phần mở rộng không khớp nội dung")
    assert search.search(ctx, "docx giả") == []
    assert (wrong.media_type, image.media_type) == ("image/png", "image/png")


def test_a_plain_text_file_is_read_and_a_damaged_pdf_says_so(ctx, tmp_path):
    task = make_task(ctx)
    note = tmp_path / "ghi chú.txt"
    note.write_text("Họp dân về giải phóng mặt bằng", encoding="utf-8")
    broken = tmp_path / "hỏng.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    text = files.add_attachment(ctx, "task", task, note)
    damaged = files.add_attachment(ctx, "task", task, broken)
    files.extract_pending(ctx)
    assert _state(ctx, text.id) == ("indexed", "")
    assert _state(ctx, damaged.id)[0] == "not_indexed"
    assert _state(ctx, damaged.id)[1] in {"Tệp hỏng, không đọc được nội dung",
                                          "Không thấy chữ trong tệp (có thể là bản quét)"}
    assert [h.id for h in search.search(ctx, "giai phong mat bang")] == [text.id]


def test_a_reader_that_hangs_is_stopped_at_the_time_limit(ctx, tmp_path, monkeypatch):
    task = make_task(ctx)
    info = files.add_attachment(ctx, "task", task, make_docx(tmp_path / "a.docx", "treo"))
    hang = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(attachments_index, "extractor_command", lambda _media: hang)
    monkeypatch.setattr(attachments_index, "TIME_LIMIT", 1.0)
    started = time.monotonic()
    assert files.extract_pending(ctx) == 1
    assert time.monotonic() - started < 10
    assert _state(ctx, info.id) == ("not_indexed", "Quá thời gian trích xuất")
    assert files.read_attachment(ctx, info.id) == (tmp_path / "a.docx").read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is a POSIX limit")
def test_a_reader_that_wants_too_much_memory_is_refused_it(ctx, tmp_path, monkeypatch):
    greedy = [sys.executable, "-c",
              "import sys\nfrom giaoban.core.attachments_extract import limit_memory\n"
              "limit_memory(512 * 1024 * 1024)\n"
              "try:\n    x = bytearray(2 * 1024 ** 3)\nexcept MemoryError:\n    sys.exit(3)\n"]
    monkeypatch.setattr(attachments_index, "extractor_command", lambda _media: greedy)
    state, _text, reason = attachments_index.run_extractor(b"x", types.TEXT)
    assert (state, reason) == ("not_indexed", types.TOO_MUCH_MEMORY)


def test_the_reasons_show_in_english_on_an_english_screen(ctx, tmp_path):
    from giaoban.i18n import set_language

    task = make_task(ctx)
    picture = tmp_path / "a.png"
    picture.write_bytes(png_bytes())
    info = files.add_attachment(ctx, "task", task, picture)
    set_language("en")
    try:
        reason = files.get_attachment(ctx, info.id).not_indexed_reason
    finally:
        set_language("vi")
    assert reason and reason != "Không có chữ để tìm (ảnh/tệp khác)"


def test_the_frozen_program_is_its_own_reader(monkeypatch):
    """A frozen build has no ``python -m``: it starts itself with a flag its entry script knows."""
    import json
    import subprocess
    from pathlib import Path

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    command = attachments_index.extractor_command(types.TEXT)
    assert command == [sys.executable, "--extract-attachment", types.TEXT]
    entry = Path(__file__).resolve().parents[1] / "packaging" / "entry_point.py"
    done = subprocess.run([sys.executable, str(entry), *command[1:]], capture_output=True,
                          input="Lấy ý kiến Nhân dân".encode(), timeout=30, check=True)
    assert json.loads(done.stdout) == {"state": "indexed", "text": "Lấy ý kiến Nhân dân",
                                       "reason": ""}

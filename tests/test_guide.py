"""The guide in the program: F1 opens the page of the area in use, its search ignores diacritics,
every label it tells people to look for is a real label of the program, every picture it shows is
a real screen the suite can make again."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from giaoban.ui.dialogs.guide import GUIDE, find_pages, guide_pages
from tests.guide_pictures import AREAS, make_pictures

SHORTCUT = re.compile(r"^(Ctrl|Alt|Shift|F\d|Delete|Esc)")
GUIDE_OWN = {"Tìm trong hướng dẫn", "In văn bản", "Sao lưu và khôi phục", "Phím tắt", "DỰ THẢO",
             "Tệp", "Nhập N dòng", "Cập nhật N nhiệm vụ"}


def _labels() -> set[str]:
    """Every screen text of the program as a person sees it (no mnemonic &, N for a number)."""
    with open(GUIDE.parent.parent / "translations" / "messages.pot", "rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            text = message.id.replace("&", "")
            found |= {text, text.rstrip(":"), re.sub(r"\{\w+\}", "N", text)}
    return found


def test_every_page_reads_and_every_picture_it_names_is_shipped():
    pages = guide_pages()
    assert [p.key for p in pages][:1] == ["index"] and {"briefings", "tasks", "backups"} <= \
        {p.key for p in pages}
    for page in pages:
        assert page.title and not page.title.startswith("#")
        for picture in re.findall(r"\]\((images/[^)]+)\)", page.text):
            assert (GUIDE / picture).is_file(), (page.key, picture)


def test_the_labels_the_guide_names_are_the_programs():
    """A renamed button must not leave the guide pointing at a label nobody can find."""
    labels = _labels()
    missing = []
    for page in guide_pages():
        for bold in re.findall(r"\*\*(.+?)\*\*", page.text):
            for part in bold.split(" → "):
                if SHORTCUT.match(part) or part in GUIDE_OWN or part in labels:
                    continue
                missing.append((page.key, part))
    assert missing == []


@pytest.mark.timeout(120)
def test_the_pictures_are_screens_the_suite_makes(tmp_path, demo_ctx, qtbot):
    made = make_pictures(tmp_path, demo_ctx)
    assert [p.stem for p in made] == list(AREAS)
    for picture in made:
        fresh, shipped = QImage(str(picture)), QImage(str(GUIDE / "images" / picture.name))
        assert not fresh.isNull() and not shipped.isNull(), picture.name
        assert (fresh.width(), fresh.height()) == (shipped.width(), shipped.height())


def test_search_ignores_case_and_marks():
    assert "tasks" in [p.key for p in find_pages("PHIEU don vi")]
    assert [p.key for p in find_pages("khôi phục bản sao lưu tốt")] == ["backups"]
    assert [p.key for p in find_pages("khoi phuc ban sao luu tot")] == ["backups"]
    assert find_pages("zzqxw") == []


@pytest.mark.timeout(60)
def test_f1_on_the_task_list_opens_its_page_and_the_box_searches(window, qtbot):
    window.show_area("tasks")
    window.current_page().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.guide_dialog
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.current_key() == "tasks"
    assert "Phiếu báo cáo tiến độ gửi đơn vị" in dialog.browser.toPlainText()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "sao luu tu dong")  # typed without marks
    assert [dialog.pages.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(dialog.pages.count())] == ["backups"]
    assert "Sao lưu và khôi phục" in dialog.browser.toPlainText()
    window.show_area("overview")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert dialog.current_key() == "overview" and dialog.search.text() == ""

"""Typing in the register's search box: the list follows every keystroke, the detail form shows
the selected row, and an edited form is never replaced, lost or asked about while typing."""

from __future__ import annotations

from PySide6.QtTest import QTest

from giaoban.core.services import aspiration_query as query
from giaoban.core.services.aspirations import get_aspiration
from giaoban.ui.dialogs import ask
from tests.qt_helpers import type_text


def _fail_ask(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("typing in the search box must not ask to save")


def _first_match(demo_ctx, text: str) -> int:
    return query.aspiration_page(demo_ctx, query.AspirationFilter(search=text), sort="raised_on",
                                 descending=True, offset=0, limit=1)[0]


def test_typing_shows_the_first_match_in_list_and_form(demo_ctx, window, qtbot, monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", _fail_ask)
    page = window.show_area("aspirations")
    QTest.keyClicks(page.filter_bar.search, "duong")
    expected = _first_match(demo_ctx, "duong")
    qtbot.waitUntil(lambda: page.current_id() == expected)
    assert 0 < page.model.rowCount() < page.total
    assert page.detail.aspiration_id == expected
    assert page.detail.content.toPlainText() == get_aspiration(demo_ctx, expected).content
    assert not page.detail.dirty


def test_edited_form_survives_typing_and_saves_to_its_record(demo_ctx, window, qtbot,
                                                             monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", _fail_ask)
    page = window.show_area("aspirations")
    edited = page.current_id()
    assert edited is not None
    type_text(page.detail.people, " và bà con")
    assert page.detail.dirty
    wanted = page.detail.people.text()
    # a search that drops the edited record, then one that keeps it
    search = page.filter_bar.search
    QTest.keyClicks(search, "zzzqqq")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.detail.aspiration_id == edited and page.detail.people.text() == wanted
    search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == page.total)
    qtbot.waitUntil(lambda: page.current_id() == edited)
    assert page.detail.dirty and page.detail.people.text() == wanted
    assert page.save()
    assert get_aspiration(demo_ctx, edited).people_concerned == wanted

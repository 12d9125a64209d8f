"""The register reads a count and a page of ids, not every matching id: right rows, right order.

The demo register (~220 aspirations) with pages of 20 rows, so a short prefix spans many pages.
What the paged model shows is checked against the full ordered list (``aspiration_ids``) and
against a count made in Python from every row's folded text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import aspiration_query as query
from giaoban.core.services import trash
from giaoban.core.text import fold
from giaoban.ui.pages.aspiration_model import AspirationListModel
from tests.qt_helpers import type_text

PAGE = 20


@pytest.fixture
def page(demo_ctx, window, monkeypatch):
    monkeypatch.setattr(AspirationListModel, "page_size", PAGE)
    monkeypatch.setattr(AspirationListModel, "row_page_size", PAGE)
    page = window.show_area("aspirations")
    page.refresh()
    return page


def search(page, text: str) -> None:
    page.filter_bar.search.clear()
    type_text(page.filter_bar.search, text)
    page.filter_bar.flush()


def words_start(text: str, prefix: str) -> bool:
    return any(word.startswith(prefix) for word in fold(text).replace(",", " ").split())


def test_a_one_letter_search_shows_its_count_and_reads_one_page(page, demo_ctx):
    every = query.aspiration_rows(demo_ctx, query.aspiration_ids(demo_ctx))
    expected = [r.id for r in every if any(words_start(t, "t") for t in (
        r.content, r.locality, r.people_concerned, r.response))]
    page.model.id_fetches = 0
    search(page, "t")
    model = page.model
    assert model.rowCount() == len(expected) > 3 * PAGE
    assert page.filter_bar.count_label.text().startswith(f"Hiển thị {len(expected)} /")
    assert model.id_fetches == 1 and not model.complete()  # the first page only
    assert model.loaded_ids() == query.aspiration_ids(demo_ctx, query.AspirationFilter(
        search="t"))[:PAGE]
    # Scrolling to the end reads the last page, not the ones between.
    page.view.scrollToBottom()
    last = model.data(model.index(model.rowCount() - 1, model.CONTENT))
    assert last and model.id_fetches == 2
    assert model.ids() == query.aspiration_ids(demo_ctx, query.AspirationFilter(search="t"))
    assert sorted(model.ids()) == sorted(expected)


def test_search_with_a_filter_and_trashed_rows_counts_only_live_matches(page, demo_ctx):
    shown = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="t"))
    trash.move_to_trash(demo_ctx, "aspiration", shown[:3])
    search(page, "t")
    assert page.model.rowCount() == len(shown) - 3
    assert not set(page.model.ids()) & set(shown[:3])
    status = page.filters.status
    status.setCurrentIndex(status.findData("received"))
    kept = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="t", status="received"))
    assert 0 < page.model.rowCount() == len(kept) < len(shown) - 3
    assert page.model.ids() == kept


@pytest.mark.parametrize("column", range(len(AspirationListModel.COLUMNS)))
def test_sorting_by_a_column_gives_the_order_of_the_whole_list(page, demo_ctx, column):
    search(page, "d")
    key = AspirationListModel.COLUMNS[column].key
    for order, descending in ((Qt.SortOrder.AscendingOrder, False),
                              (Qt.SortOrder.DescendingOrder, True)):
        page.view.sortByColumn(column, order)
        whole = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="d"), sort=key,
                                     descending=descending)
        model = page.model
        # read from the bottom up: pages read out of order still fall in the right rows
        rows = [model.id_at(row) for row in reversed(range(model.rowCount()))][::-1]
        assert rows == whole


def test_the_selection_deep_in_the_list_survives_a_refresh(page, demo_ctx, qtbot):
    search(page, "d")
    model = page.model
    row = model.rowCount() - 5  # far past the first page
    page.view.setCurrentIndex(model.index(row, 0))
    chosen = page.current_id()
    assert page.detail.aspiration_id == chosen
    page.refresh()
    assert page.model is model and model.id_fetches >= 1
    assert page.current_id() == chosen and page.view.currentIndex().row() == row
    # A narrower search that still holds it keeps it selected at its new row.
    text = fold(page.detail.content.toPlainText()).split()[0]
    search(page, text)
    assert page.current_id() == chosen
    whole = query.aspiration_ids(demo_ctx, query.AspirationFilter(search=text))
    assert page.view.currentIndex().row() == whole.index(chosen)


def test_a_search_that_drops_the_selected_row_selects_the_first(page, demo_ctx):
    wide = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="d"))
    narrow = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="du"))
    gone = next(i for i in wide[PAGE:] if i not in narrow)
    search(page, "d")
    page.view.setCurrentIndex(page.model.index(wide.index(gone), 0))
    assert page.current_id() == gone
    search(page, "du")
    assert page.current_id() == narrow[0] and page.view.currentIndex().row() == 0
    assert page.detail.aspiration_id == narrow[0]


def test_pages_walked_in_date_order_equal_pages_sorted_from_the_matches(demo_ctx):
    flt = query.AspirationFilter(search="d")
    whole = query.aspiration_ids(demo_ctx, flt)
    count, total = query.count_aspirations(demo_ctx, flt), query.count_aspirations(demo_ctx)
    assert count == len(whole)
    for descending in (True, False):
        whole = query.aspiration_ids(demo_ctx, flt, descending=descending)
        for offset in (0, 7, count - 5):
            walked = query.aspiration_page(demo_ctx, flt, descending=descending, offset=offset,
                                           limit=PAGE, count=count, total=total)
            plain = query.aspiration_page(demo_ctx, flt, descending=descending, offset=offset,
                                          limit=PAGE)
            assert walked == plain == whole[offset:offset + PAGE]


def test_position_of_a_record_is_its_index_in_the_whole_list(demo_ctx):
    flt = query.AspirationFilter(search="d")
    for sort in ("raised_on", "organization", "content", "tasks"):
        whole = query.aspiration_ids(demo_ctx, flt, sort=sort, descending=False)
        for index in (0, len(whole) // 2, len(whole) - 1):
            assert query.aspiration_position(demo_ctx, flt, whole[index], sort=sort,
                                             descending=False) == index
    everything = query.aspiration_ids(demo_ctx)
    hidden = next(i for i in everything if i not in set(whole))
    assert query.aspiration_position(demo_ctx, flt, hidden) is None
    # Given the last row read: a record sorting before it (not among the rows read, else it
    # would not be asked for) is hidden; one after it is counted.
    flt = query.AspirationFilter(search="du")
    whole = query.aspiration_ids(demo_ctx, flt)
    last = whole[len(whole) // 2]
    before = next(i for i in everything[:everything.index(last)] if i not in whole)
    assert query.aspiration_position(demo_ctx, flt, before, last=last) is None
    assert query.aspiration_position(demo_ctx, flt, whole[-2], last=last) == len(whole) - 2


def test_words_in_attached_files_count_each_aspiration_once_and_never_a_trashed_one(
        demo_ctx, tmp_path):
    from giaoban.core.services import attachments as files
    from tests.attachment_files import make_docx

    own = query.aspiration_ids(demo_ctx, query.AspirationFilter(search="duong"))
    others = [i for i in query.aspiration_ids(demo_ctx) if i not in own]
    report = make_docx(tmp_path / "Biên bản.docx", "Đường làng zqkênh bị sạt lở.")
    for owner in (own[0], others[0], others[1]):
        files.add_attachment(demo_ctx, "aspiration", owner, report)
    assert files.extract_pending(demo_ctx) == 1  # one file's bytes, stored once
    trash.move_to_trash(demo_ctx, "aspiration", [others[1]])
    for text, expected in (("duong", {*own, others[0]}), ("zqkenh", {own[0], others[0]})):
        flt = query.AspirationFilter(search=text)
        assert query.count_aspirations(demo_ctx, flt) == len(expected)
        assert set(query.aspiration_ids(demo_ctx, flt)) == expected
        count, total = query.count_aspirations(demo_ctx, flt), query.count_aspirations(demo_ctx)
        assert set(query.aspiration_page(demo_ctx, flt, limit=500, count=count,
                                         total=total)) == expected

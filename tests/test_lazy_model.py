"""The lazy id-backed base of the big lists: pages, a bounded cache, sorting through SQL."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from giaoban.ui.models import lazy
from giaoban.ui.models.lazy import ID_ROLE, LazyColumn, LazyIdModel


@dataclass
class Item:
    id: int
    name: str


class Items(LazyIdModel[Item]):
    COLUMNS = (LazyColumn(lambda: "Tên", lambda r: r.name, "name", tooltip=lambda r: r.name * 2),
               LazyColumn(lambda: "Số", lambda r: str(r.id)))
    page_size = 10

    def __init__(self) -> None:
        super().__init__(ctx=None)
        self.asked: list[list[int]] = []

    def fetch_rows(self, ids: list[int]) -> list[Item]:
        self.asked.append(ids)
        return [Item(i, f"n{i}") for i in ids if i != 7]  # 7 was deleted meanwhile


def test_rows_come_a_page_at_a_time_and_a_gone_record_shows_nothing(qapp):
    model = Items()
    model.set_ids(range(100, 0, -1))
    assert model.data(model.index(0, 0)) == "n100"
    assert model.data(model.index(9, 1)) == "91" and model.fetches == 1
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "n100n100"
    assert model.data(model.index(93, 0), ID_ROLE) == 7 and model.fetches == 1
    assert model.data(model.index(93, 0)) is None and model.fetches == 2
    assert model.row_of(7) == 93 and model.row_of(1000) == -1 and model.row_at(100) is None


def test_the_cache_stays_bounded(qapp, monkeypatch):
    monkeypatch.setattr(lazy, "CACHE_PAGES", 3)
    model = Items()
    model.set_ids(range(1, 101))
    for row in range(0, 100, 10):
        model.row_at(row)
    assert len(model._cache) <= 3 * model.page_size and model.fetches == 10


def test_a_header_click_asks_for_a_new_order(qapp):
    model = Items()
    asked: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, descending: asked.append((key, descending)))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(1)  # no sort key, no default: the order stays
    assert asked == [("name", True)]

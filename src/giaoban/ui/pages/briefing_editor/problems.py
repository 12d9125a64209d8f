"""Where the editor shows what stops a save: each message at its field, or on its grid row, and a
short list above the tabs naming the tab and row of each."""

from __future__ import annotations

import re
from typing import Any

from giaoban.i18n import _

ROW_KEY = re.compile(r"^(attendance|reports|aspirations|conclusions)\[(\d+)\]\.(\w+)$")
GRID_TABS = {"attendance": 1, "reports": 2, "aspirations": 3, "conclusions": 4}


def show_errors(editor: Any, errors: dict[str, str]) -> None:
    """Each message next to its field, or on its row (red cell with the message as tooltip)."""
    header = {k: v for k, v in errors.items() if not ROW_KEY.match(k)}
    rows: dict[str, dict[tuple[int, str], str]] = {name: {} for name in GRID_TABS}
    for key, message in errors.items():
        match = ROW_KEY.match(key)
        if match:
            rows[match.group(1)][(int(match.group(2)), match.group(3))] = message
    editor.general.errors.show(header)
    for name, grid in zip(GRID_TABS, editor.grids, strict=True):
        grid.model.set_errors(rows[name])
    lines = [_("Chưa lưu được — hãy sửa {n} chỗ được đánh dấu:").format(n=len(errors))]
    for key, message in list(errors.items())[:6]:
        match = ROW_KEY.match(key)
        where = editor.tabs.tabText(GRID_TABS[match.group(1)]).replace("&", "") + \
            _(", dòng {n}").format(n=int(match.group(2)) + 1) if match else \
            editor.tabs.tabText(0).replace("&", "")
        lines.append(f"• {where}: {message}")
    editor.problems.setText("\n".join(lines))
    editor.problems.show()
    first = next(iter(errors))
    match = ROW_KEY.match(first)
    if match:
        tab = GRID_TABS[match.group(1)]
        editor.tabs.setCurrentIndex(tab)
        grid = editor.grids[tab - 1]
        column = next((i for i, c in enumerate(grid.model.columns) if c.key == match.group(3)), 0)
        grid.select(int(match.group(2)), column)
        grid.view.setFocus()
    else:
        editor.tabs.setCurrentIndex(0)

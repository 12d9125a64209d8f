"""Vietnamese dictionary order inside SQL, for the lists that sort by a name or a label.

A database sorts text by its code points: "Ủy ban…" after "Văn phòng…", "Đoàn…" after every
"Z". A column holding a few distinct values (a body, a status) is ranked instead: the values are
put in Vietnamese order in Python (``core.text.sort_key``) and the ORDER BY reads their rank from
a CASE. Free text (a title) is ordered by its folded search copy, which ignores diacritics.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from giaoban.core.text import sort_key


def rank_case(column: Any, labels: Mapping[Any, str]) -> Any:
    """An ORDER BY expression ranking ``column``'s values by the Vietnamese order of their
    labels (``labels``: value → what the user reads); a value not named sorts last."""
    ordered = sorted(labels, key=lambda value: sort_key(labels[value]))
    if not ordered:
        return column
    return sa.case({value: rank for rank, value in enumerate(ordered)}, value=column,
                   else_=len(ordered))

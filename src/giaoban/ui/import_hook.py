"""A quicker answer to the question PySide6 asks of every module imported after it.

PySide6 hooks ``import`` to learn whether each new module uses PySide6 (for its optional
``from __feature__ import snake_case``), and answers it with ``inspect.getsource``: it tokenizes
the whole source of every module (SQLAlchemy's, pydantic's and ours are all imported after Qt,
since the window is painted first), about 0.1 s of every start. :func:`speed_up` makes it read
the file's bytes and look for the same word: the same answer, without the tokenizer. A PySide6
that works otherwise is left alone.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

MARK = "_giaoban_fast"


def uses_pyside(module: ModuleType, slow: Any) -> bool:
    """Whether the module's source names PySide6, what PySide6's own check answers."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass
    return bool(slow(module))


def speed_up() -> bool:
    """Replace PySide6's per-import check by :func:`uses_pyside`; True when it is in place."""
    feature = sys.modules.get("shibokensupport.feature")
    slow = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(slow):
        return False
    if getattr(slow, MARK, False):
        return True

    def check(module: ModuleType) -> bool:
        return uses_pyside(module, slow)

    setattr(check, MARK, True)
    feature._mod_uses_pyside = check  # type: ignore[attr-defined]
    return True

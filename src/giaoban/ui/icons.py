"""Icons from the package's SVG set (resources/icons/<name>.svg), sharp at any scale."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

# The package's own folder (installed, editable or frozen alike, the files sit beside the code):
# importlib.resources would cost ~25 ms of every start to say the same.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


@cache
def icon(name: str) -> QIcon:
    """The named icon, or an empty icon if the set lacks it (text still shows)."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def app_icon() -> QIcon:
    path = RESOURCES / "giaoban.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()

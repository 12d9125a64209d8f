"""Icons from the package's SVG set (resources/icons/<name>.svg), sharp at any scale."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon


@cache
def icon(name: str) -> QIcon:
    """The named icon, or an empty icon if the set lacks it (text still shows)."""
    path = resources.files("giaoban") / "resources" / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def app_icon() -> QIcon:
    path = resources.files("giaoban") / "resources" / "giaoban.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()

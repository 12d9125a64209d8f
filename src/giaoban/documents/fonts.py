"""Choose the font the PDF and the printer use (QtGui; needs a QGuiApplication).

DOCUMENTS.md: Times New Roman; where it is missing, a metric-compatible serif (Liberation Serif,
Tinos), then any serif with full Vietnamese glyphs. A family only counts if its regular face
really has the test letters — "has the family" is not enough: a Latin-only font would print
Vietnamese through fallback glyphs from some other font, or as boxes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

# Letters that a font without Vietnamese coverage lacks (dot below + horn, hook, Đ), plus the
# capitals of the header.
VIETNAMESE_PROBE = "ặữĐđỳỹơưẠỘỆỨẫ"
METRIC_COMPATIBLE = ("Times New Roman", "Liberation Serif", "Tinos")
_SERIF_HINTS = (
    "serif", "times", "tinos", "roman", "georgia", "cambria", "garamond", "book", "minion",
    "charis", "gentium", "cardo", "merriweather", "lora",
)


def supports_vietnamese(family: str, probe: str = VIETNAMESE_PROBE) -> bool:
    """True when the regular face of ``family`` exists and has a glyph for every probe letter."""
    if not QFontDatabase.hasFamily(family):
        return False
    raw = QRawFont.fromFont(QFont(family, 12))
    if not raw.isValid() or raw.familyName().casefold() != family.casefold():
        return False
    return all(raw.supportsCharacter(ord(ch)) for ch in probe)


def _looks_serif(family: str) -> bool:
    lowered = family.casefold()
    return any(hint in lowered for hint in _SERIF_HINTS) and "sans" not in lowered


@cache
def pick_font_family(preferred: str = "Times New Roman", fallbacks: tuple[str, ...] = ()) -> str:
    """The first usable family: preferred, fallbacks, the metric-compatible serifs, then any
    serif with Vietnamese glyphs, then any family with them; the application font as a last
    resort (the PDF still embeds whatever it prints with)."""
    for family in (preferred, *fallbacks, *METRIC_COMPATIBLE):
        if family and supports_vietnamese(family):
            return family
    families = [f for f in QFontDatabase.families() if not QFontDatabase.isPrivateFamily(f)]
    for family in sorted(families, key=lambda f: (not _looks_serif(f), f)):
        if supports_vietnamese(family):
            return family
    return QFont().family()


def clear_cache() -> None:
    """Forget the choice (tests install or hide fonts)."""
    pick_font_family.cache_clear()

"""Translations and locale-aware formatting.

Screen text is written in Vietnamese in the source (``_("Thêm mới")``): Vietnamese is the users'
language, so a string missing from a catalog still shows Vietnamese, never English. The catalogs in
``giaoban/translations`` (``en.po``; ``vi.po`` for Qt's own strings) are read with Babel at start-up.
``install_qt_translator`` bridges the same catalogs into a QTranslator so Qt's dialog buttons and
context menus speak the chosen language too (the Frescobaldi way). Nothing here imports Qt at
module level, so ``core`` may use ``_``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

from giaoban.core.quarters import roman_quarter

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_catalog: dict[tuple[str | None, str], str] = {}
_language = DEFAULT_LANGUAGE


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    """The text of one quoted PO line (``"…"``), its backslash escapes undone."""
    body = line[line.index('"') + 1:line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def read_catalog(text: str) -> dict[tuple[str | None, str], str]:
    """A PO file's translated, non-fuzzy entries as {(context, msgid): msgstr} (the first form of
    a plural). Our own small reader: Babel's took a tenth of a second to import and read, on
    every start of the window and every command (tests/test_i18n.py compares the two)."""
    table: dict[tuple[str | None, str], str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    field = ""

    def finish() -> None:
        msgid, msgstr = entry.get("msgid", ""), entry.get("msgstr", entry.get("msgstr[0]", ""))
        if msgid and msgstr and not fuzzy:
            table[(entry.get("msgctxt"), msgid)] = msgstr

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):  # obsolete entries are not translations
            continue
        starts_entry = line.startswith(("#", "msgctxt", "msgid "))
        if starts_entry and ("msgstr" in entry or "msgstr[0]" in entry):
            finish()
            entry, fuzzy = {}, False
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
        elif line.startswith('"'):
            entry[field] = entry.get(field, "") + _unquote(line)
        else:
            field = line.split(None, 1)[0]
            entry[field] = _unquote(line)
    if entry:
        finish()
    return table


@cache
def load_catalog(language: str) -> dict[tuple[str | None, str], str]:
    """Read ``translations/<language>.po`` into a {(context, msgid): msgstr} mapping (once per
    run: the GUI's start sets the language twice)."""
    path = Path(__file__).resolve().parent / "translations" / f"{language}.po"  # not via
    # importlib.resources: ~25 ms of every start to find the file beside this one
    if not path.is_file():
        return {}
    return read_catalog(path.read_text(encoding="utf-8"))


def set_language(language: str) -> None:
    """Switch the language of ``_`` (and of the Qt bridge installed afterwards)."""
    global _catalog, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _language = language
    _catalog = load_catalog(language)


def language() -> str:
    return _language


def _(text: str) -> str:
    """Translate a screen string written in Vietnamese into the current language."""
    return _catalog.get((None, text), text)


def N_(text: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return text


def pgettext(context: str, text: str) -> str:
    return _catalog.get((context, text)) or _catalog.get((None, text), text)


def install_qt_translator(app: Any) -> Any:
    """Install a QTranslator that answers Qt's own strings from our catalogs; returns it."""
    from PySide6.QtCore import QTranslator

    class CatalogTranslator(QTranslator):
        def translate(  # type: ignore[override]
            self, context: str, source: str, disambiguation: str | None = None, n: int = -1
        ) -> str | None:
            # None (a null QString) means "not translated here"; an empty string would be taken
            # as the translation and blank out Qt's own text (e.g. in PDF rendering).
            return _catalog.get((context, source)) or _catalog.get((None, source))

        def isEmpty(self) -> bool:
            return False

    translator = CatalogTranslator(app)
    app.installTranslator(translator)
    return translator


# --- formatting -------------------------------------------------------------------------------

def format_number(value: int | float) -> str:
    """Numbers with the Vietnamese thousands separator (1.204) in either language's screen."""
    if type(value) is int:  # what Babel writes for an int, without its per-call locale lookup
        return f"{value:,}".replace(",", ".") if _language == "vi" else f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale="vi_VN" if _language == "vi" else "en_US")


def format_date(value: dt.date | None) -> str:
    """Dates on screen: dd/MM/yyyy."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_quarter(year: int, quarter: int | None) -> str:
    """'Quý III/2026', or the year alone when there is no quarter."""
    if not quarter:
        return str(year)
    return _("Quý {roman}/{year}").format(roman=roman_quarter(quarter), year=year)

"""The message catalogs: every screen string of the source has English, placeholders survive.

A failure here usually means someone added or changed a Vietnamese screen string: run
``make catalogs`` and translate the new entries of ``src/giaoban/translations/en.po``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import giaoban
from giaoban import i18n

SOURCE = Path(giaoban.__file__).parent
TRANSLATIONS = SOURCE / "translations"
KEYWORDS = {"_": None, "N_": None, "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+")
HOW_TO_FIX = "run `make catalogs` and translate the new entries in src/giaoban/translations/en.po"

Key = tuple[str | None, str]


def _extracted() -> dict[Key, str]:
    """Every marked string of the source, keyed (context, msgid), with where it was found."""
    found: dict[Key, str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def _catalog(language: str) -> dict[Key, str]:
    with (TRANSLATIONS / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language, abort_invalid=True)
    return {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]):
            (m.string if isinstance(m.string, str) else m.string[0]) if not m.fuzzy else ""
        for m in catalog if m.id
    }


@pytest.fixture(scope="module")
def extracted() -> dict[Key, str]:
    return _extracted()


@pytest.fixture(scope="module")
def english() -> dict[Key, str]:
    return _catalog("en")


def test_extraction_finds_the_screen_strings(extracted):
    """The extractor really reads the source (a broken babel.cfg or keyword list finds nothing)."""
    assert len(extracted) > 500
    assert (None, "Thêm mới") in extracted
    assert (None, "Quý {roman}/{year}") in extracted
    assert (None, "Đất đai – tài nguyên – môi trường") in extracted  # an N_() label


def test_every_screen_string_has_english(extracted, english):
    missing = [
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), where in sorted(extracted.items(), key=lambda item: item[1])
        if not english.get((context, msgid)) and not (context and english.get((None, msgid)))
    ]
    assert not missing, (
        f"{len(missing)} screen string(s) have no English; {HOW_TO_FIX}:\n" + "\n".join(missing)
    )


def test_no_marked_string_hides_inside_an_f_string():
    """Babel does not extract ``_("…")`` written inside an f-string: it would stay Vietnamese."""
    hidden = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                        and call.func.id in KEYWORDS
                        and any(isinstance(a, ast.Constant) for a in call.args)):
                    hidden.append(f"{path.relative_to(SOURCE)}:{call.lineno}: {ast.unparse(call)}")
    assert not hidden, "move these _() calls out of the f-string:\n" + "\n".join(hidden)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_translations_keep_placeholders_and_mnemonics(language):
    wrong = []
    for (_context, msgid), msgstr in _catalog(language).items():
        if not msgstr:
            continue
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)):
            wrong.append(f"placeholders differ: {msgid!r} -> {msgstr!r}")
        if msgid.count("&") == 1 and not msgid.startswith("<") and msgstr.count("&") != 1:
            wrong.append(f"needs exactly one & (mnemonic): {msgid!r} -> {msgstr!r}")
        if msgid.endswith("…") != msgstr.endswith("…"):
            wrong.append(f"ellipsis differs: {msgid!r} -> {msgstr!r}")
    assert not wrong, "\n".join(wrong)


def test_both_catalogs_parse_and_are_not_empty():
    english = _catalog("en")
    vietnamese = _catalog("vi")
    assert sum(1 for text in english.values() if text) > 500
    # vi.po holds Qt's own strings (context = Qt class), e.g. the standard buttons.
    assert vietnamese[("QPlatformTheme", "Cancel")] == "Hủy"
    assert vietnamese[("QFileDialog", "File &name:")]


def test_english_reaches_the_screen_helpers():
    try:
        i18n.set_language("en")
        assert i18n.format_quarter(2026, 3) == "QIII/2026"
        assert i18n._("Thêm mới") == "New"
        assert i18n.pgettext("status", "Ngừng hoạt động") == "Inactive"
        assert i18n._("Ngừng hoạt động") == "Deactivate"
    finally:
        i18n.set_language("vi")


@pytest.fixture
def english_window(qtbot, ctx):
    """The main window built in English, on a fresh database, shown offscreen."""
    from tests.pg_fixtures import show_window

    i18n.set_language("en")
    yield show_window(qtbot, ctx)
    i18n.set_language("vi")


@pytest.mark.timeout(120)
def test_english_screens_use_each_alt_letter_once(english_window, qtbot, demo_ctx, monkeypatch):
    """The English mnemonics (chosen anew, not the Vietnamese letters) clash nowhere either."""

    from giaoban.ui.dialogs import ask
    from tests.test_qa_keyboard import clashes_everywhere

    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)
    window = english_window
    assert window.menuBar().actions()[0].text() == "&File"
    problems = clashes_everywhere(window)
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())

"""PySide6's per-import check answers the same through giaoban's quicker reader."""

import sys
import types

import pytest

from giaoban.ui import import_hook


def test_the_quick_check_is_installed_with_the_gui():
    import giaoban.ui.app  # noqa: F401 - installs it

    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, import_hook.MARK, False)
    assert import_hook.speed_up() is True  # a second call changes nothing


@pytest.mark.parametrize("name, expected", [
    ("giaoban.ui.app", True),        # imports PySide6
    ("giaoban.core.clock", False),   # no Qt at all
    ("json", False),
])
def test_it_answers_what_pyside_answers(name, expected):
    import importlib

    module = importlib.import_module(name)
    slow_calls = []

    def slow(mod):
        slow_calls.append(mod)
        return "never asked"

    assert import_hook.uses_pyside(module, slow) is expected
    assert slow_calls == []  # a module with a .py file is read directly


def test_a_module_without_a_source_file_asks_pyside():
    assert import_hook.uses_pyside(sys, lambda mod: True) is True
    assert import_hook.uses_pyside(types.ModuleType("made_here"), lambda mod: False) is False

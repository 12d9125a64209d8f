"""Architecture rules that keep the code easy to change (DESIGN.md "Rules")."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import giaoban.core

SRC = Path(giaoban.core.__file__).resolve().parents[1]


def test_importing_every_core_module_does_not_import_qt():
    modules = [
        m.name for m in pkgutil.walk_packages(giaoban.core.__path__, "giaoban.core.")
        if ".migrations.versions" not in m.name and not m.name.endswith("migrations.env")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"core imported Qt: {result.stdout} {result.stderr}"
    assert len(modules) > 8


def test_widgets_never_open_sessions_or_write_sql():
    offenders = []
    for path in (SRC / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("Session(", "ctx.session()", "ctx.transaction()", ".exec(select", "text(\"SELECT"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


def test_no_table_widget_in_ui():
    hits = [p.name for p in (SRC / "ui").rglob("*.py") if "QTableWidget" in p.read_text("utf-8")]
    assert hits == []

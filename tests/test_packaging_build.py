"""Smoke test of the built one-folder program (``make package`` builds it, then runs this file).

The bundle is started as a user would start it — no Python, no source tree — offscreen: it must
report its version, create a demo database (running the bundled Alembic migrations from files),
and check one, whether written by itself or by the development install. Skipped when dist/ holds
no build."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "dist" / "giaoban"
# Windows: giaoban.exe is windowed (no stdout); giaoban-cli.exe is the console twin.
EXE = APP_DIR / ("giaoban-cli.exe" if sys.platform.startswith("win") else "giaoban")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
SIZE_BUDGET_MIB = 200  # measured 154 MiB on Linux x86_64 (PySide6 6.10, ICU data alone 31 MiB)


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not EXE.is_file():
        pytest.skip(f"no build in {APP_DIR}: run `make package` (packaging/build.py) first")
    return EXE


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Offscreen Qt, and user folders in tmp so the bundle never touches the real profile;
    PYTHONPATH/PYTHONHOME cleared so nothing from the development venv can leak in."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        environment.pop(name, None)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        environment[name] = str(tmp_path / name.lower())
    if sys.platform.startswith("win"):
        environment["LOCALAPPDATA"] = str(tmp_path / "localappdata")
        environment["APPDATA"] = str(tmp_path / "appdata")
    return environment


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                            encoding="utf-8", timeout=180, check=False)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def test_version(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    result = run([str(bundle), "--version"], env, tmp_path)
    assert result.stdout.strip() == f"giaoban {VERSION}"


@pytest.mark.parametrize("maker", ["bundle", "development"])
def test_demo_database_passes_check(
    maker: str, bundle: Path, env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    if maker == "bundle":
        run([str(bundle), "demo", "--db", str(db)], env, tmp_path)
    else:
        dev_env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       XDG_DATA_HOME=env["XDG_DATA_HOME"], XDG_CONFIG_HOME=env["XDG_CONFIG_HOME"])
        run([sys.executable, "-m", "giaoban", "demo", "--db", str(db)], dev_env, tmp_path)
    assert db.stat().st_size > 0
    result = run([str(bundle), "check", "--db", str(db)], env, tmp_path)
    assert result.stdout.strip(), "check printed nothing"


def test_bundle_holds_what_the_program_opens_by_path() -> None:
    if not APP_DIR.is_dir():
        pytest.skip(f"no build in {APP_DIR}")
    internal = APP_DIR / "_internal"
    package = internal / "giaoban"
    migrations = package / "core" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    source_versions = sorted(
        p.name for p in (ROOT / "src/giaoban/core/migrations/versions").glob("*.py")
    )
    assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == source_versions
    source_icons = sorted(p.name for p in (ROOT / "src/giaoban/resources/icons").glob("*.svg"))
    assert sorted(p.name for p in (package / "resources" / "icons").glob("*.svg")) == source_icons
    assert (package / "resources" / "giaoban.svg").is_file()
    guide = ROOT / "src/giaoban/resources/guide"
    for shipped in (*guide.glob("*.md"), *guide.glob("images/*.png")):  # F1 works when installed
        assert (package / "resources" / "guide" / shipped.relative_to(guide)).is_file(), shipped
    source_catalogs = sorted(p.name for p in (ROOT / "src/giaoban/translations").glob("*.po"))
    assert sorted(p.name for p in (package / "translations").glob("*.po")) == source_catalogs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin names")
def test_bundle_has_the_qt_plugins_it_needs_and_not_the_rest() -> None:
    if not APP_DIR.is_dir():
        pytest.skip(f"no build in {APP_DIR}")
    plugins = APP_DIR / "_internal" / "PySide6" / "Qt" / "plugins"
    for needed in ("platforms/libqxcb.so", "platforms/libqwayland.so",
                   "platforms/libqoffscreen.so", "iconengines/libqsvgicon.so",
                   "imageformats/libqsvg.so", "printsupport/libcupsprintersupport.so",
                   "platforminputcontexts/libibusplatforminputcontextplugin.so",
                   "platformthemes/libqxdgdesktopportal.so"):
        assert (plugins / needed).is_file(), needed
    names = {p.name for p in (APP_DIR / "_internal").rglob("*")}
    for unwanted in ("libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Designer.so.6",
                     "libQt6Pdf.so.6", "libqgtk3.so", "libgtk-3.so.0", "libQt6Sql.so.6"):
        assert unwanted not in names, unwanted
    for share in ("applications/vn.gov.dangbo.giaoban.desktop",
                  "metainfo/vn.gov.dangbo.giaoban.metainfo.xml",
                  "icons/hicolor/scalable/apps/vn.gov.dangbo.giaoban.svg"):
        assert (APP_DIR / "share" / share).is_file(), share
    assert os.access(APP_DIR / "install.sh", os.X_OK)


def test_bundle_size_stays_within_budget() -> None:
    if not APP_DIR.is_dir():
        pytest.skip(f"no build in {APP_DIR}")
    size = sum(p.stat().st_size for p in APP_DIR.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\ndist/giaoban: {size / 2**20:.1f} MiB")
    assert size < SIZE_BUDGET_MIB * 2**20, f"bundle grew to {size / 2**20:.1f} MiB"


def test_window_starts_and_keeps_running(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The GUI path of the bundle (Qt plugins, icons, translations) starts without crashing."""
    gui = APP_DIR / ("giaoban.exe" if sys.platform.startswith("win") else "giaoban")
    db = tmp_path / "gui.db"
    run([str(bundle), "demo", "--db", str(db)], env, tmp_path)
    process = subprocess.Popen([str(gui), "--db", str(db)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8")
    try:
        process.wait(timeout=8)
    except subprocess.TimeoutExpired:
        process.kill()  # still running: the window is up and the event loop turns
        _out, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err
    else:
        out, err = process.communicate()
        pytest.fail(f"the window exited early ({process.returncode}):\n{out}\n{err}")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)

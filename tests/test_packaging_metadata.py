"""Packaging metadata: the Linux .desktop and AppStream files validate and agree with each other and
with pyproject.toml; the Windows version resource and Inno Setup script say what they must; the
per-user Linux installer installs and removes cleanly. Fast: no PyInstaller build needed."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
WINDOWS = PACKAGING / "windows"
APP_ID = "vn.gov.dangbo.giaoban"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (Debian/Ubuntu: apt install "
                    f"{'desktop-file-utils' if 'desktop' in command[0] else 'appstream'})")
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


# --- validators --------------------------------------------------------------------------------

def test_desktop_file_validates() -> None:
    result = run_tool("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_validates() -> None:
    result = run_tool("appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


# --- consistency -------------------------------------------------------------------------------

def test_one_id_everywhere() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert desktop_entry()["Icon"] == APP_ID
    assert root.findtext("provides/binary") == desktop_entry()["Exec"].split()[0] == "giaoban"


def test_names_and_summaries_in_english_and_vietnamese() -> None:
    root = metainfo()
    for tag in ("name", "summary"):
        languages = {element.get(XML_LANG) for element in root.findall(tag)}
        assert languages == {None, "vi"}, tag
    vietnamese = root.find(f"summary[@{XML_LANG}='vi']")
    assert vietnamese is not None and "dân vận" in (vietnamese.text or "")
    entry = desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry.get(key) and entry.get(f"{key}[vi]"), key
    assert entry["Name[vi]"] == root.findtext(f"name[@{XML_LANG}='vi']")


def test_description_screenshot_rating_and_licences() -> None:
    root = metainfo()
    paragraphs = root.findall("description/p")
    assert len(paragraphs) >= 2
    assert any(p.get(XML_LANG) == "vi" for p in paragraphs)
    image = root.findtext("screenshots/screenshot[@type='default']/image")
    assert image and image.startswith("https://")
    assert image.endswith("docs/screenshots/main-window.png")
    assert root.find("content_rating[@type='oars-1.1']") is not None
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["license"]["text"] == root.findtext("project_license")


def test_newest_release_is_the_program_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    newest = releases[0]
    assert newest.get("version") == VERSION, "add a <release> for the version in pyproject.toml"
    first = next(r for r in releases if r.get("version") == "0.1.0")
    assert first.get("date") == "2026-11-29"
    assert first.find("description/p") is not None


def test_linux_icons_exist_for_every_size() -> None:
    from tests.test_packaging_icons import png_size

    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size), png


# --- Linux per-user installer --------------------------------------------------------------------

@pytest.mark.skipif(sys.platform.startswith("win"), reason="install.sh is for Linux")
def test_install_sh_installs_and_removes_for_one_user(tmp_path: Path) -> None:
    bundle = tmp_path / "unpacked" / "giaoban"
    share = bundle / "share"
    shutil.copytree(LINUX / "icons", share / "icons")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ROOT / "src" / "giaoban" / "resources" / "giaoban.svg", scalable / f"{APP_ID}.svg")
    (share / "applications").mkdir()
    shutil.copy(DESKTOP, share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy(METAINFO, share / "metainfo")
    shutil.copy(LINUX / "install.sh", bundle / "install.sh")
    program = bundle / "giaoban"
    program.write_text("#!/bin/sh\necho giaoban test\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)

    home = tmp_path / "home"
    data = home / ".local" / "share"
    (data / "giaoban").mkdir(parents=True)
    (data / "giaoban" / "giaoban.db").write_bytes(b"user data")
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(data))
    env.pop("GIAOBAN_PREFIX", None)

    def install(*args: str) -> None:
        result = subprocess.run(["sh", str(bundle / "install.sh"), *args], env=env,
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr

    install()
    lib = home / ".local" / "lib" / "giaoban"
    assert (lib / "giaoban").is_file()
    assert (home / ".local" / "bin" / "giaoban").resolve() == (lib / "giaoban").resolve()
    installed = data / "applications" / DESKTOP.name
    assert desktop_entry(installed)["Exec"] == str(lib / "giaoban")
    assert (data / "metainfo" / METAINFO.name).is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        result = run_tool("desktop-file-validate", str(installed))
        assert result.returncode == 0, result.stdout

    install("--uninstall")
    assert not lib.exists()
    assert not (home / ".local" / "bin" / "giaoban").exists()
    assert not installed.exists()
    assert not (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").exists()
    assert (data / "giaoban" / "giaoban.db").read_bytes() == b"user data"


# --- Windows ----------------------------------------------------------------------------------

class _Recorder:
    """Stands in for PyInstaller's versioninfo classes (which need Windows-only pefile)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args = args
        self.kwargs = kwargs


def test_windows_version_resource_reads_the_version_from_pyproject() -> None:
    template = (WINDOWS / "version_info.txt.in").read_text("utf-8")
    text = template.replace("@VERSION_TUPLE@", "0, 1, 0, 0").replace("@VERSION@", VERSION)
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    classes = {name: type(name, (_Recorder,), {}) for name in names}
    resource = eval(text, {"__builtins__": {}}, classes)  # the same eval PyInstaller does
    fixed = resource.kwargs["ffi"].kwargs
    assert fixed["filevers"] == fixed["prodvers"] == (0, 1, 0, 0)
    table = resource.kwargs["kids"][0].args[0][0]
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["CompanyName"] == "Ban Dân vận Tỉnh ủy"
    assert strings["FileVersion"] == strings["ProductVersion"] == VERSION
    assert "giao ban" in strings["FileDescription"].lower()
    assert table.args[0] == "042a04b0"  # Vietnamese, Unicode


def test_inno_setup_script_installs_per_user_with_a_start_menu_shortcut() -> None:
    raw = (WINDOWS / "giaoban.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    script = raw.decode("utf-8-sig")
    settings = dict(
        line.split("=", 1) for line in script.split("[Setup]")[1].split("\n[")[0].splitlines()
        if "=" in line and not line.startswith(";")
    )
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"].startswith("{autopf}")
    assert settings["AppId"].startswith("{{")
    assert (WINDOWS / settings["SetupIconFile"]).is_file()
    assert '#define SourceDir "..\\..\\dist\\giaoban"' in script
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in script
    assert "[UninstallDelete]" in script
    assert "LOCALAPPDATA" in script  # says that user data is left alone


def test_spec_refers_to_files_that_exist() -> None:
    spec = (PACKAGING / "giaoban.spec").read_text("utf-8")
    compile(spec, "giaoban.spec", "exec")
    for name in ("entry_point.py", "windows/giaoban.ico", "windows/version_info.txt.in"):
        assert (PACKAGING / name).is_file(), name
    migrations = ROOT / "src" / "giaoban" / "core" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py"))

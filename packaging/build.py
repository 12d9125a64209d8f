"""Build the one-folder giaoban application with PyInstaller (``make package`` runs this).

    .venv/bin/python packaging/build.py [--archive] [--installer]

Writes dist/giaoban/ (dist/giaoban.app too on macOS) and prints its size. On Linux the folder also
gets the desktop integration files and ``install.sh``, so the folder (or the archive) is all a
user needs. ``--archive`` packs the folder into dist/giaoban-<version>-<platform>.tar.gz (.zip on
Windows); ``--installer`` runs Inno Setup's ``iscc`` on Windows to make the setup program.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / "giaoban"
APP_ID = "vn.gov.dangbo.giaoban"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def folder_size(path: Path) -> int:
    """Bytes of all regular files under path (symlinks not followed, so nothing counts twice)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def run_pyinstaller() -> None:
    command = [
        sys.executable, "-m", "PyInstaller", str(HERE / "giaoban.spec"),
        "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK),
    ]
    print("+", " ".join(command), flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def add_linux_integration() -> None:
    """Copy the .desktop file, AppStream metadata, icons and install.sh into the folder."""
    linux = HERE / "linux"
    share = APP_DIR / "share"
    shutil.copytree(linux / "icons", share / "icons", dirs_exist_ok=True)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "src" / "giaoban" / "resources" / "giaoban.svg", scalable / f"{APP_ID}.svg")
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copy2(linux / "install.sh", APP_DIR / "install.sh")
    (APP_DIR / "install.sh").chmod(0o755)


def make_archive() -> Path:
    machine = platform.machine().lower() or "unknown"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    base = DIST / f"giaoban-{version()}-{system}-{machine}"
    fmt = "zip" if sys.platform.startswith("win") else "gztar"
    return Path(shutil.make_archive(str(base), fmt, root_dir=DIST, base_dir="giaoban"))


def make_installer() -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if not sys.platform.startswith("win") or iscc is None:
        raise SystemExit("--installer needs Windows and Inno Setup's iscc on PATH")
    subprocess.run(
        [iscc, f"/DAppVersion={version()}", str(HERE / "windows" / "giaoban.iss")], check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="also pack the folder")
    parser.add_argument("--installer", action="store_true", help="also run Inno Setup (Windows)")
    args = parser.parse_args()

    run_pyinstaller()
    if sys.platform.startswith("linux"):
        add_linux_integration()
    size = folder_size(APP_DIR)
    print(f"giaoban {version()}: {APP_DIR} is {size / 2**20:.1f} MiB")
    if args.archive:
        archive = make_archive()
        print(f"archive: {archive} ({archive.stat().st_size / 2**20:.1f} MiB)")
    if args.installer:
        make_installer()
    return 0


if __name__ == "__main__":
    sys.exit(main())

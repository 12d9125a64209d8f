"""Full disks and unwritable folders (issue 14, group 5): one clear line, no file, no leftovers.

Every file the program writes — minutes, notice and report (PDF, DOCX, XLSX), tasks (XLSX, CSV,
ICS), aspirations (XLSX, CSV) — is tried against:

- a real full disk: a 64 KiB tmpfs filled to the last byte (mounted for the test; skipped where
  mounting is not permitted), an older file of the same name kept as it was;
- the same faults simulated, so they are tried everywhere: ENOSPC half-way through the write,
  ENOSPC reported only by fsync (a disk whose cache hid that it is full), a write that claims to
  have written and did not (the file ends up short);
- an unwritable folder: a read-only tmpfs, a permission refusal (PermissionError from the
  system, as chmod 0500 gives a normal user), a folder that is a file;
- files that would not be whole: a PDF without its %%EOF, a cut zip.

Each ends with a GiaobanError of one line, and the folder holds exactly what it held before.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from giaoban.core import files
from giaoban.core.clock import Clock
from giaoban.core.errors import GiaobanError
from giaoban.core.services import aspirations, directory
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.core.services.task_export import export_tasks
from giaoban.documents import exports
from tests.documents_fixtures import TODAY, insert_sample_briefing

Writer = Callable[[object, Path], object]


def _writers(bid: int) -> dict[str, Writer]:
    """File name → a call writing it with ``ctx`` into a folder."""
    table: dict[str, Writer] = {}
    for suffix in (".pdf", ".docx"):
        table[f"bien-ban{suffix}"] = lambda c, f, s=suffix: exports.export_minutes(
            c, bid, f / f"bien-ban{s}")
        table[f"thong-bao{suffix}"] = lambda c, f, s=suffix: exports.export_notice(
            c, bid, f / f"thong-bao{s}")
    for suffix in (".pdf", ".docx", ".xlsx"):
        table[f"bao-cao{suffix}"] = lambda c, f, s=suffix: exports.export_report(
            c, "2026-Q3", f / f"bao-cao{s}")
    for suffix in (".xlsx", ".csv", ".ics"):
        table[f"nhiem-vu{suffix}"] = lambda c, f, s=suffix: export_tasks(c, f / f"nhiem-vu{s}")
    for suffix in (".xlsx", ".csv"):
        table[f"tktn{suffix}"] = lambda c, f, s=suffix: export_aspirations(c, f / f"tktn{s}")
    return table


@pytest.fixture
def sample(ctx, qapp):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx)
    org = directory.list_organizations(ctx)[0].id
    aspirations.create_aspiration(ctx, organization_id=org, raised_on=TODAY,
                                  content="Đề nghị sửa đường liên xã")
    return ctx, _writers(bid)


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _fails_cleanly(write: Callable[[], object], folder: Path, *words: str) -> str:
    """``write`` raises one GiaobanError line naming its cause and changes nothing in ``folder``."""
    before = _listing(folder)
    with pytest.raises(GiaobanError) as caught:
        write()
    message = str(caught.value)
    assert "\n" not in message and message.startswith("Không ghi được tệp"), message
    for word in words:
        assert word in message, message
    assert _listing(folder) == before  # no file, no temporary file, the older file untouched
    return message


def _mount(folder: Path, options: str) -> None:
    folder.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    """A 64 KiB tmpfs with an older 'bien-ban.pdf' on it, then filled to the last byte."""
    folder = tmp_path / "disk"
    _mount(folder, "size=64k,mode=0755")
    try:
        (folder / "bien-ban.pdf").write_bytes(b"%PDF-1.4 old version\n%%EOF\n")
        with (folder / "filler.bin").open("wb", buffering=0) as filler:
            try:
                while filler.write(b"\0" * 512):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        assert os.statvfs(folder).f_bavail == 0
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.timeout(300)
def test_real_full_disk(sample, full_disk):
    ctx, writers = sample
    for name, write in writers.items():
        _fails_cleanly(lambda w=write: w(ctx, full_disk), full_disk, "ổ đĩa đã đầy", name)
    assert (full_disk / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 old version\n%%EOF\n"
    (full_disk / "filler.bin").unlink()  # room again: the same calls now write whole files
    (full_disk / "bien-ban.pdf").unlink()
    for name, write in writers.items():
        write(ctx, full_disk)
        files.check_complete(full_disk / name, Path(name).suffix)
        assert [p.name for p in full_disk.iterdir()] == [name]
        (full_disk / name).unlink()  # 64 KiB holds one document at a time


def test_read_only_folder(sample, tmp_path):
    ctx, writers = sample
    folder = tmp_path / "ro"
    _mount(folder, "size=64k,ro")
    try:
        for name, write in writers.items():
            _fails_cleanly(lambda w=write: w(ctx, folder), folder, "chỉ cho phép đọc", name)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


class _Faults:
    """os.open/os.write/os.fsync of core.files made to fail for files opened in ``folder``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, kind: str) -> None:
        self.folder, self.kind, self.fds = folder, kind, set[int]()
        self.real_open, self.real_write, self.real_fsync = os.open, os.write, os.fsync
        monkeypatch.setattr(files.os, "open", self.open)
        monkeypatch.setattr(files.os, "write", self.write)
        monkeypatch.setattr(files.os, "fsync", self.fsync)

    def open(self, path, flags, mode=0o777, **kw):
        fd = self.real_open(path, flags, mode, **kw)
        if Path(path).parent == self.folder and not os.path.isdir(path):
            self.fds.add(fd)
        return fd

    def write(self, fd, data):
        if fd not in self.fds:
            return self.real_write(fd, data)
        if self.kind == "enospc":  # half of it goes, then the disk is full
            if len(data) > 1:
                return self.real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if self.kind == "lost":  # says it wrote everything, wrote nothing
            return len(data)
        return self.real_write(fd, data)

    def fsync(self, fd):
        if fd in self.fds and self.kind == "fsync":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real_fsync(fd)


@pytest.mark.parametrize("kind,words", [
    ("enospc", ("ổ đĩa đã đầy",)), ("fsync", ("ổ đĩa đã đầy",)), ("lost", ("không trọn vẹn",)),
])
def test_simulated_full_disk(sample, tmp_path, monkeypatch, kind, words):
    ctx, writers = sample
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "nhiem-vu.csv").write_bytes(b"old,file\r\n")
    _Faults(monkeypatch, folder, kind)
    for name, write in writers.items():
        _fails_cleanly(lambda w=write: w(ctx, folder), folder, *words, name)
    assert _listing(folder) == {"nhiem-vu.csv": b"old,file\r\n"}


def test_permission_refused(sample, tmp_path, monkeypatch):
    """What chmod 0500 gives a normal user (root ignores chmod, so the refusal is simulated)."""
    ctx, writers = sample
    folder = tmp_path / "locked"
    folder.mkdir()
    real = files.tempfile.mkstemp

    def refuse(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    for name, write in writers.items():
        _fails_cleanly(lambda w=write: w(ctx, folder), folder, "không có quyền ghi", name)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root (and Windows) ignore chmod 0500")
def test_chmod_0500_folder(sample, tmp_path):
    ctx, writers = sample
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        for name, write in writers.items():
            _fails_cleanly(lambda w=write: w(ctx, folder), folder, "không có quyền ghi", name)
    finally:
        folder.chmod(0o755)


def test_folder_that_is_a_file(sample, tmp_path):
    ctx, writers = sample
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"x")
    for write in writers.values():
        with pytest.raises(GiaobanError) as caught:
            write(ctx, blocker)
        assert "\n" not in str(caught.value) and "không tồn tại" in str(caught.value)
    assert blocker.read_bytes() == b"x"


@pytest.mark.parametrize("name,data", [
    ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"),  # no %%EOF: what Qt left on a full disk
    ("cut.docx", b"PK\x03\x04" + b"\0" * 60),  # a zip cut short
    ("empty.csv", b""),
])
def test_incomplete_files_are_never_renamed_into_place(tmp_path, name, data):
    target = tmp_path / name
    _fails_cleanly(lambda: files.write_output(target, data), tmp_path, "không trọn vẹn")


def test_a_whole_pdf_and_zip_pass_the_check(tmp_path):
    files.write_output(tmp_path / "a.pdf", b"%PDF-1.4\n%%EOF\r\n")
    import zipfile

    with zipfile.ZipFile(tmp_path / "src.zip", "w") as archive:
        archive.writestr("a.txt", "xin chào")
    files.write_output(tmp_path / "b.xlsx", (tmp_path / "src.zip").read_bytes())
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.xlsx", "src.zip"]


@pytest.mark.timeout(180)
def test_cli_on_a_full_disk_says_one_line(tmp_path, full_disk):
    from giaoban.core.demo import fill_demo
    from giaoban.core.startup import open_context

    db = tmp_path / "demo.db"
    demo = open_context(db, clock=Clock.at(TODAY))
    fill_demo(demo)
    demo.db.dispose()
    for args in (["report", "--period", "2026-Q3", "--out", str(full_disk / "bc.pdf")],
                 ["export", "tasks", "--out", str(full_disk / "nv.xlsx")]):
        result = subprocess.run([sys.executable, "-m", "giaoban", *args, "--db", str(db)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
        assert "ổ đĩa đã đầy" in result.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == ["bien-ban.pdf", "filler.bin"]

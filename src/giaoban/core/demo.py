"""``giaoban demo``: realistic sample data around today's date, small or benchmark-sized.

The small set is what a new user explores: 8 past quarterly briefings, a half-year and an annual
review (finalized), this quarter's briefing as a draft, with attendance, reports, 10–30
aspirations each, conclusions and tasks in every status. The large set adds ten years of history
up to 100k aspirations and 100k tasks for the benchmarks. Rows are written with bulk inserts in
one transaction, so a failure leaves the database as it was. Deterministic for a given date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert
from sqlmodel import Session, SQLModel, select

from giaoban.core import audit
from giaoban.core import demo_content as text
from giaoban.core.enums import (
    AspirationField,
    AspirationKind,
    AspirationStatus,
    AttendanceRole,
    AuditAction,
    BriefingKind,
    BriefingStatus,
    TaskPriority,
    TaskStatus,
)
from giaoban.core.errors import GiaobanError
from giaoban.core.models import (
    Aspiration,
    Attendance,
    Briefing,
    Conclusion,
    IssuedDocument,
    Organization,
    Person,
    Report,
    Task,
    TaskSupport,
    TaskUpdate,
)
from giaoban.core.quarters import quarter_bounds, quarter_of, roman_quarter
from giaoban.core.search import bulk_load
from giaoban.core.search_text import fill_rows
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

SIZES = {"small": (0, 0), "large": (100_000, 100_000)}
CHUNK = 5_000


@dataclass
class DemoResult:
    briefings: int = 0
    aspirations: int = 0
    tasks: int = 0
    people: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Collects rows per table with explicit ids, then bulk-inserts them in dependency order."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[type[SQLModel], list[dict[str, Any]]] = {}
        self.next_id: dict[type[SQLModel], int] = {}

    def add(self, table: type[SQLModel], **values: Any) -> int:
        if table not in self.next_id:
            current = self.session.exec(select(func.max(table.id))).one()  # type: ignore[attr-defined]
            self.next_id[table] = (current or 0) + 1
        row_id = self.next_id[table]
        self.next_id[table] += 1
        self.rows.setdefault(table, []).append({"id": row_id, **values})
        return row_id

    def flush(self) -> dict[str, int]:
        order: list[type[SQLModel]] = [Person, Briefing, Attendance, Report, Conclusion, Aspiration, Task, TaskSupport,
                 TaskUpdate, IssuedDocument]
        counts: dict[str, int] = {}
        for table in order:
            rows = self.rows.get(table, [])
            fill_rows(table, rows)  # bulk inserts pass no ORM event: fill the folded search text
            # render_nulls: every row keeps all its keys, so each chunk is ONE executemany (without
            # it SQLAlchemy splits rows by which values are None: ~78k statements, +15 s on large).
            statement = insert(table).execution_options(render_nulls=True)
            for start in range(0, len(rows), CHUNK):
                self.session.execute(statement, rows[start:start + CHUNK])
            counts[str(table.__tablename__)] = len(rows)
        return counts


def ensure_empty(session: Session) -> None:
    """Demo data goes only into a database that holds no work yet (seeded bodies are fine)."""
    for table in (Briefing, Aspiration, Task, Person):
        if session.exec(select(table.id).limit(1)).first() is not None:  # type: ignore[attr-defined]
            raise GiaobanError(
                _("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
            )


def fill_demo(ctx: AppContext, size: str = "small") -> DemoResult:
    """Fill an empty database with sample data; one transaction, nothing written on failure."""
    if size not in SIZES:
        raise GiaobanError(_("Kích cỡ dữ liệu mẫu không hợp lệ: {size}.").format(size=size))
    with ctx.transaction() as session:
        ensure_empty(session)
        orgs = {o.abbreviation: o for o in session.exec(select(Organization)) if o.abbreviation}
        missing = [a for a in {*text.REPORTING_BODIES, *text.LEAD_UNITS} if a not in orgs]
        if missing:
            raise GiaobanError(
                _("Danh bạ thiếu các cơ quan mặc định ({names}).").format(names=", ".join(missing))
            )
        builder = _Builder(_Writer(session), orgs, ctx.today(), ctx.now_utc(),
                           random.Random(ctx.today().toordinal()))
        builder.people()
        builder.history(years_back=10 if size == "large" else 0)
        builder.recent()
        builder.bulk_fill(*SIZES[size])
        with bulk_load(session):
            counts = builder.writer.flush()
        audit.record(session, ctx, "database", None, AuditAction.IMPORT, {}, {"demo": size, **counts})
    return DemoResult(
        briefings=counts.get("briefing", 0),
        aspirations=counts.get("aspiration", 0),
        tasks=counts.get("task", 0),
        people=counts.get("person", 0),
        counts=counts,
    )


def _previous_quarters(today: dt.date, count: int) -> list[tuple[int, int]]:
    year, quarter = today.year, quarter_of(today)
    result = []
    for _index in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        result.append((year, quarter))
    return list(reversed(result))


class _Builder:
    def __init__(self, writer: _Writer, orgs: dict[str, Organization], today: dt.date,
                 now: dt.datetime, rng: random.Random) -> None:
        self.writer, self.orgs, self.today, self.rng = writer, orgs, today, rng
        self.now = now  # every row's created_at/updated_at: the moment the demo is made
        self.people_by_org: dict[str, list[int]] = {}
        self.number = 0

    def org(self, abbreviation: str) -> int:
        org_id = self.orgs[abbreviation].id
        assert org_id is not None
        return org_id

    def people(self) -> None:
        used: set[str] = set()
        for abbreviation, titles in text.TITLES:
            for title in titles:
                name = self._unique_name(used)
                person_id = self.writer.add(Person, full_name=name, title=title,
                                            organization_id=self.org(abbreviation), active=True,
                                            sort_order=0)
                self.people_by_org.setdefault(abbreviation, []).append(person_id)

    def _unique_name(self, used: set[str]) -> str:
        while True:
            family = self.rng.choice(text.FAMILY_NAMES)
            middle = self.rng.choice(text.MIDDLE_NAMES)
            name = f"{family} {middle} {self.rng.choice(text.GIVEN_NAMES)}"
            if name not in used:
                used.add(name)
                return name

    # --- briefings ------------------------------------------------------------------------------

    def _held_on(self, year: int, quarter: int) -> dt.date:
        _start, end = quarter_bounds(year, quarter)
        day = end - dt.timedelta(days=self.rng.randint(8, 20))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def briefing(self, kind: BriefingKind, year: int, quarter: int | None, held_on: dt.date,
                 status: BriefingStatus, aspirations: int, conclusions: int) -> int:
        self.number += 1
        chair = self.people_by_org["TTTU"][0]
        secretary = self.people_by_org["BTGDV"][3]
        briefing_id = self.writer.add(
            Briefing, kind=kind.value, year=year, quarter=quarter, title="", held_on=held_on,
            start_time=dt.time(8, 0), end_time=dt.time(11, 30), place=self.rng.choice(text.PLACES),
            chair_id=chair, secretary_id=secretary, status=status.value,
            document_number=f"{self.number:02d}-BB/TU" if status == BriefingStatus.FINALIZED else "",
            notes="", created_at=self.now, updated_at=self.now, deleted_at=None,
        )
        if status == BriefingStatus.FINALIZED:  # its minutes' number, in the register
            self.writer.add(IssuedDocument, kind="minutes", briefing_id=briefing_id,
                            period_start=None, period_end=None, as_of=None, number=self.number,
                            symbol="BB", body_symbol="TU", series=held_on.year, issued_on=held_on,
                            settings="{}", created_at=self.now, updated_at=self.now)
        self._attendance(briefing_id, chair, secretary)
        period = (f"quý {roman_quarter(quarter)}/{year}" if quarter else f"năm {year}")
        for position, abbreviation in enumerate(text.REPORTING_BODIES, start=1):
            presenter = self.people_by_org[abbreviation][-1] if abbreviation != "BTGDV" else secretary
            self.writer.add(Report, briefing_id=briefing_id, position=position,
                            organization_id=self.org(abbreviation),
                            presenter=self._name_of(presenter),
                            title=text.REPORT_TITLES[abbreviation].format(period=period),
                            summary="Tình hình Nhân dân cơ bản ổn định, tin tưởng vào sự lãnh đạo "
                                    "của Đảng; một số vấn đề Nhân dân quan tâm cần được giải quyết.")
        aspiration_ids = [self.aspiration(held_on, briefing_id, position)
                          for position in range(1, aspirations + 1)]
        for position in range(1, conclusions + 1):
            conclusion_text = text.CONCLUSIONS[(position - 1) % len(text.CONCLUSIONS)]
            conclusion_id = self.writer.add(Conclusion, briefing_id=briefing_id, position=position,
                                            text=conclusion_text)
            if status == BriefingStatus.FINALIZED:
                self.task(held_on, briefing_id, conclusion_id, None)
        if status == BriefingStatus.FINALIZED:
            for aspiration_id in self.rng.sample(aspiration_ids, k=min(3, len(aspiration_ids))):
                self.task(held_on, briefing_id, None, aspiration_id)
        return briefing_id

    def _name_of(self, person_id: int) -> str:
        for row in self.writer.rows[Person]:
            if row["id"] == person_id:
                return str(row["full_name"])
        return ""

    def _attendance(self, briefing_id: int, chair: int, secretary: int) -> None:
        position = 0
        for abbreviation, ids in self.people_by_org.items():
            for person_id in ids[:2]:
                position += 1
                role = (AttendanceRole.CHAIR if person_id == chair else
                        AttendanceRole.SECRETARY if person_id == secretary else
                        AttendanceRole.INVITED if abbreviation == "UBND" else AttendanceRole.MEMBER)
                absent = role == AttendanceRole.MEMBER and self.rng.random() < 0.1
                self.writer.add(Attendance, briefing_id=briefing_id, person_id=person_id,
                                organization_id=None, role=role.value, present=not absent,
                                absence_reason="Đi công tác" if absent else "", position=position)
        if secretary not in [ids for group in self.people_by_org.values() for ids in group[:2]]:
            self.writer.add(Attendance, briefing_id=briefing_id, person_id=secretary,
                            organization_id=None, role=AttendanceRole.SECRETARY.value, present=True,
                            absence_reason="", position=position + 1)

    # --- aspirations and tasks ------------------------------------------------------------------

    def aspiration(self, raised_on: dt.date, briefing_id: int | None, position: int) -> int:
        field_ = self.rng.choice(list(AspirationField))
        locality = self.rng.choice(text.LOCALITIES)
        content = self.rng.choice(text.ASPIRATIONS[field_]).format(loc=locality)
        age = (self.today - raised_on).days
        if age > 120:
            status = self.rng.choice([AspirationStatus.RESOLVED, AspirationStatus.ANSWERED,
                                      AspirationStatus.TRANSFERRED, AspirationStatus.CLOSED,
                                      AspirationStatus.RESOLVED, AspirationStatus.IN_PROGRESS])
        elif age > 0:
            status = self.rng.choice([AspirationStatus.RECEIVED, AspirationStatus.IN_PROGRESS,
                                      AspirationStatus.ANSWERED])
        else:
            status = AspirationStatus.RECEIVED
        answered = status not in (AspirationStatus.RECEIVED, AspirationStatus.IN_PROGRESS)
        return self.writer.add(
            Aspiration, briefing_id=briefing_id,
            organization_id=self.org(self.rng.choice(text.REPORTING_BODIES)), raised_on=raised_on,
            kind=self.rng.choice(list(AspirationKind)).value, field=field_.value, locality=locality,
            people_concerned=self.rng.choice(text.PEOPLE_CONCERNED), content=content,
            status=status.value, response=self.rng.choice(text.RESPONSES) if answered else "",
            response_on=self._answered_on(raised_on) if answered else None,
            responding_unit_id=self.org("UBND") if answered else None, position=position,
            created_at=self.now, updated_at=self.now, deleted_at=None,
        )

    def _answered_on(self, raised_on: dt.date) -> dt.date:
        """A reply 15–90 days after the aspiration was raised, never after today."""
        return min(raised_on + dt.timedelta(days=self.rng.randint(15, 90)), self.today)

    def task(self, assigned_on: dt.date, briefing_id: int | None, conclusion_id: int | None,
             aspiration_id: int | None) -> int:
        due_on = assigned_on + dt.timedelta(days=self.rng.choice([30, 45, 60, 90, 120]))
        recent = (self.today - assigned_on).days < 120
        if recent and self.rng.random() < 0.25:  # some deadlines fall in the coming week
            due_on = max(assigned_on, self.today + dt.timedelta(days=self.rng.randint(1, 7)))
        roll = self.rng.random()
        if due_on < self.today - dt.timedelta(days=365):  # old work is almost always closed
            status = TaskStatus.DONE if roll < 0.9 else (
                TaskStatus.CANCELLED if roll < 0.98 else TaskStatus.IN_PROGRESS)
        elif due_on < self.today:
            status = (TaskStatus.DONE if roll < 0.75 else TaskStatus.IN_PROGRESS if roll < 0.9
                      else TaskStatus.NOT_STARTED if roll < 0.95 else TaskStatus.CANCELLED)
        else:
            status = (TaskStatus.DONE if roll < 0.25 else TaskStatus.IN_PROGRESS if roll < 0.7
                      else TaskStatus.NOT_STARTED)
        completed_on = None
        if status == TaskStatus.DONE:
            late = self.rng.random() < 0.2
            completed_on = due_on + dt.timedelta(days=self.rng.randint(1, 25)) if late else (
                due_on - dt.timedelta(days=self.rng.randint(0, 20)))
            completed_on = max(assigned_on, min(completed_on, self.today))
        lead = self.rng.choice(text.LEAD_UNITS)
        title = self.rng.choice(text.TASK_TITLES).format(year=assigned_on.year)
        task_id = self.writer.add(
            Task, title=title, detail="", briefing_id=briefing_id, conclusion_id=conclusion_id,
            aspiration_id=aspiration_id, lead_unit_id=self.org(lead), assigned_on=assigned_on,
            due_on=due_on, priority=self.rng.choice(list(TaskPriority)).value, status=status.value,
            completed_on=completed_on,
            result="Đã hoàn thành, báo cáo Thường trực Tỉnh ủy." if completed_on else "",
            cancel_reason="Nội dung đã được lồng ghép vào nhiệm vụ khác."
            if status == TaskStatus.CANCELLED else "",
            created_at=self.now, updated_at=self.now, deleted_at=None,
        )
        for support in self.rng.sample([u for u in text.LEAD_UNITS if u != lead], k=self.rng.randint(0, 2)):
            self.writer.add(TaskSupport, task_id=task_id, organization_id=self.org(support))
        if status != TaskStatus.NOT_STARTED:
            first = min(assigned_on + dt.timedelta(days=7), completed_on or self.today, self.today)
            self.writer.add(TaskUpdate, task_id=task_id, updated_on=first,
                            note=self.rng.choice(text.UPDATE_NOTES), old_status=TaskStatus.NOT_STARTED.value,
                            new_status=TaskStatus.IN_PROGRESS.value, progress=30, old_due_on=None,
                            new_due_on=None, created_at=self.now)
            if status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                self.writer.add(TaskUpdate, task_id=task_id, updated_on=completed_on or first,
                                note="Hoàn thành nhiệm vụ." if completed_on else "Hủy nhiệm vụ.",
                                old_status=TaskStatus.IN_PROGRESS.value, new_status=status.value,
                                progress=100 if completed_on else None, old_due_on=None,
                                new_due_on=None, created_at=self.now)
        return task_id

    # --- the sets -------------------------------------------------------------------------------

    def history(self, years_back: int) -> None:
        """Older finalized quarterly briefings (large set only), before the recent two years."""
        for year, quarter in _previous_quarters(self.today, 8 + 4 * years_back)[: 4 * years_back]:
            self.briefing(BriefingKind.QUARTERLY, year, quarter, self._held_on(year, quarter),
                          BriefingStatus.FINALIZED, aspirations=200, conclusions=6)

    def recent(self) -> None:
        for year, quarter in _previous_quarters(self.today, 8):
            self.briefing(BriefingKind.QUARTERLY, year, quarter, self._held_on(year, quarter),
                          BriefingStatus.FINALIZED, aspirations=self.rng.randint(10, 30),
                          conclusions=self.rng.randint(4, 7))
        this_year = self.today.year
        half_year = dt.date(this_year, 7, 10) if self.today >= dt.date(this_year, 7, 20) else None
        if half_year:
            self.briefing(BriefingKind.HALF_YEAR, this_year, None, half_year,
                          BriefingStatus.FINALIZED, aspirations=self.rng.randint(10, 20),
                          conclusions=5)
        self.briefing(BriefingKind.ANNUAL, this_year - 1, None, dt.date(this_year - 1, 12, 22),
                      BriefingStatus.FINALIZED, aspirations=self.rng.randint(10, 20), conclusions=6)
        if not half_year:
            self.briefing(BriefingKind.HALF_YEAR, this_year - 1, None,
                          dt.date(this_year - 1, 7, 10), BriefingStatus.FINALIZED,
                          aspirations=self.rng.randint(10, 20), conclusions=5)
        year, quarter = self.today.year, quarter_of(self.today)
        # This quarter's meeting was held a few days ago; the secretary is drafting its minutes.
        held_on = self.today - dt.timedelta(days=2)
        while held_on.weekday() >= 5:
            held_on -= dt.timedelta(days=1)
        held_on = max(held_on, quarter_bounds(year, quarter)[0])
        self.briefing(BriefingKind.QUARTERLY, year, quarter, held_on, BriefingStatus.DRAFT,
                      aspirations=self.rng.randint(10, 20), conclusions=0)

    def bulk_fill(self, aspirations: int, tasks: int) -> None:
        """Top up to the benchmark counts with aspirations and tasks outside briefings."""
        start = self.today - dt.timedelta(days=3650)
        have_aspirations = len(self.writer.rows.get(Aspiration, []))
        for index in range(max(0, aspirations - have_aspirations)):
            raised = start + dt.timedelta(days=self.rng.randint(0, 3640))
            self.aspiration(raised, None, index)
        have_tasks = len(self.writer.rows.get(Task, []))
        for _index in range(max(0, tasks - have_tasks)):
            assigned = start + dt.timedelta(days=self.rng.randint(0, 3640))
            self.task(assigned, None, None, None)

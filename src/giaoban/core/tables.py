"""The tables' columns for reading, without the ORM: ``sa.table()`` constructs typed as the models.

Building ``core.models`` (SQLModel's 15 table classes: SQLAlchemy's declarative mapping and
pydantic) costs ~60 ms of every process that imports it, as much as the rest of a reading command
line's own work. A read written in SQLAlchemy Core needs only names and types: these lightweight
tables give the same SQL and the same values (the column types are the models' own classes, so
dates come back as dates, booleans as booleans, on SQLite and PostgreSQL), built in well under a
millisecond. ``tests/test_read_tables.py`` checks that every table here names exactly its model's
columns with the same types, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

_TYPES: dict[str, Any] = {
    "int": sa.Integer(), "str": AutoString(), "date": sa.Date(), "time": sa.Time(),
    "bool": sa.Boolean(), "moment": UTCDateTime(), "bytes": sa.LargeBinary(),
}


def _table(name: str, columns: str) -> sa.TableClause:
    """A table of ``columns`` written "name:type …" (types: the keys of ``_TYPES``)."""
    return sa.table(name, *(sa.column(column, _TYPES[kind])
                            for column, kind in (item.split(":") for item in columns.split())))


_STAMPS = "created_at:moment updated_at:moment deleted_at:moment"

organization = _table("organization", "id:int version:int name:str short_name:str "
                      "abbreviation:str kind:str parent_id:int active:bool sort_order:int")
person = _table("person", "id:int version:int full_name:str title:str organization_id:int "
                "active:bool sort_order:int")
briefing = _table("briefing", "id:int version:int kind:str year:int quarter:int title:str "
                  "held_on:date start_time:time end_time:time place:str chair_id:int "
                  "secretary_id:int status:str document_number:str notes:str search_text:str "
                  + _STAMPS)
report = _table("report", "id:int briefing_id:int position:int organization_id:int "
                "presenter:str title:str summary:str")
aspiration = _table("aspiration", "id:int version:int briefing_id:int organization_id:int "
                    "raised_on:date kind:str field:str locality:str people_concerned:str "
                    "content:str status:str response:str response_on:date "
                    "responding_unit_id:int position:int search_text:str " + _STAMPS)
conclusion = _table("conclusion", "id:int briefing_id:int position:int text:str")
task = _table("task", "id:int version:int title:str detail:str briefing_id:int conclusion_id:int "
              "aspiration_id:int lead_unit_id:int assigned_on:date due_on:date priority:str "
              "status:str completed_on:date result:str cancel_reason:str search_text:str "
              + _STAMPS)
task_support = _table("task_support", "id:int task_id:int organization_id:int")
task_update = _table("task_update", "id:int task_id:int updated_on:date note:str old_status:str "
                     "new_status:str progress:int old_due_on:date new_due_on:date "
                     "created_at:moment")
attachment = _table("attachment", "id:int blob_id:int owner_kind:str owner_id:int name:str "
                    "signed_minutes:bool created_by:str " + _STAMPS)
attachment_blob = _table("attachment_blob", "id:int sha256:str size:int media_type:str "
                         "content:bytes text:str search_text:str index_state:str "
                         "not_indexed_reason:str created_at:moment")

TABLES: dict[str, sa.TableClause] = {table.name: table for table in (
    organization, person, briefing, report, aspiration, conclusion, task, task_support,
    task_update, attachment, attachment_blob)}

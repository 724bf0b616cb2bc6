"""Reading and writing an organisation's register in Tvarka's own tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tvarka.adapters.db.tables import ProcessingActivity, RegisterRecord
from tvarka.domain.register.model import Activity, Register


def _header(register: Register) -> dict[str, Any]:
    data = register.model_dump(mode="json", exclude_none=True)
    data.pop("activities")
    return data


def exists(session: Session, organisation_id: int) -> bool:
    return (
        session.scalar(
            select(RegisterRecord.id).where(RegisterRecord.organisation_id == organisation_id)
        )
        is not None
    )


def load(session: Session, organisation_id: int) -> Register | None:
    record = session.scalar(
        select(RegisterRecord).where(RegisterRecord.organisation_id == organisation_id)
    )
    if record is None:
        return None
    rows = session.scalars(
        select(ProcessingActivity)
        .where(ProcessingActivity.organisation_id == organisation_id)
        .order_by(ProcessingActivity.position, ProcessingActivity.id)
    ).all()
    return Register.model_validate({**record.header, "activities": [r.data for r in rows]})


def create(session: Session, organisation_id: int, register: Register, source: str) -> None:
    now = datetime.now(UTC)
    session.add(
        RegisterRecord(
            organisation_id=organisation_id, header=_header(register), source=source, created_at=now
        )
    )
    for position, activity in enumerate(register.activities):
        session.add(_row(organisation_id, activity, position, now))


def _row(
    organisation_id: int, activity: Activity, position: int, now: datetime
) -> ProcessingActivity:
    return ProcessingActivity(
        organisation_id=organisation_id,
        key=activity.key,
        position=position,
        data=activity.model_dump(mode="json", exclude_none=True),
        updated_at=now,
    )


def insert_activity(session: Session, organisation_id: int, activity: Activity) -> None:
    last = session.scalar(
        select(func.max(ProcessingActivity.position)).where(
            ProcessingActivity.organisation_id == organisation_id
        )
    )
    session.add(_row(organisation_id, activity, (last or 0) + 1, datetime.now(UTC)))


def replace_activity(session: Session, organisation_id: int, activity: Activity) -> None:
    row = session.scalar(
        select(ProcessingActivity).where(
            ProcessingActivity.organisation_id == organisation_id,
            ProcessingActivity.key == activity.key,
        )
    )
    if row is None:
        raise LookupError(activity.key)
    row.data = activity.model_dump(mode="json", exclude_none=True)
    row.updated_at = datetime.now(UTC)


def delete_activity(session: Session, organisation_id: int, key: str) -> None:
    session.execute(
        delete(ProcessingActivity).where(
            ProcessingActivity.organisation_id == organisation_id, ProcessingActivity.key == key
        )
    )


def replace_header(session: Session, organisation_id: int, register: Register) -> None:
    record = session.scalar(
        select(RegisterRecord).where(RegisterRecord.organisation_id == organisation_id)
    )
    if record is None:
        raise LookupError(organisation_id)
    record.header = _header(register)

"""Deadlines over REST: an organisation's clocks, one clock's deadline, a length added."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from tvarka.http.deps import ActorDep, OrgKeyPath, UowDep
from tvarka.services.legal_time import deadlines

router = APIRouter(prefix="/api/v1", tags=["deadlines"])

Start = Annotated[
    str, Query(description="a date (2026-03-05) or an instant (2026-03-31T23:30:00Z)")
]
OptionalStart = Annotated[
    str | None,
    Query(description="required: a date (2026-03-05) or an instant (2026-03-31T23:30:00Z)"),
]
Amount = Annotated[int | None, Query(ge=0)]


@router.get("/organisations/{key}/clocks")
def list_clocks(key: OrgKeyPath, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Every clock as the organisation runs it, with lengths and citations."""
    return [deadlines.clock_json(summary) for summary in deadlines.clocks(uow, actor, key)]


@router.get("/organisations/{key}/deadlines/{clock}")
def compute_deadline(
    key: OrgKeyPath,
    clock: str,
    actor: ActorDep,
    uow: UowDep,
    # Required, but checked by the service after the organisation, so that another
    # organisation's key answers 404 whatever else is wrong with the request.
    start: OptionalStart = None,
    subject_type: Annotated[
        str | None, Query(description="customer (default), employee or candidate")
    ] = None,
    first_contact: Annotated[
        str | None, Query(description="art14.notice: first communication with the person")
    ] = None,
    first_disclosure: Annotated[
        str | None, Query(description="art14.notice: first disclosure to a recipient")
    ] = None,
) -> dict[str, Any]:
    """When ``clock`` runs out for the organisation, counted from ``start``."""
    events = {"first_contact": first_contact, "first_disclosure": first_disclosure}
    deadline = deadlines.compute(uow, actor, key, clock, start, subject_type, events)
    return deadlines.deadline_json(deadline, key)


@router.get("/deadlines/add")
def add_length(
    start: Start,
    actor: ActorDep,
    working_days: Amount = None,
    calendar_days: Amount = None,
    months: Amount = None,
    years: Amount = None,
    hours: Amount = None,
    paros: Amount = None,
) -> dict[str, Any]:
    """``start`` plus exactly one length on the Lithuanian calendar."""
    return deadlines.add(
        start,
        working_days=working_days,
        calendar_days=calendar_days,
        months=months,
        years=years,
        hours=hours,
        paros=paros,
    )

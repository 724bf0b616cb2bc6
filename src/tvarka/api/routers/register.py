"""The register of processing activities over REST: activities, Art. 30 exports, findings, review."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Response

from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.exports import ExportFormat, RecordKind
from tvarka.api.schemas import FindingOut, ReviewIn, ReviewOut
from tvarka.domain.register.model import Activity
from tvarka.domain.roles import Permission
from tvarka.http.deps import ActorDep, ReadableOrg, UowDep, organisation
from tvarka.services.register import activities as register

router = APIRouter(prefix="/api/v1/organisations/{key}", tags=["register"])

ActivityKeyPath = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$", description="activity key")
]
EditableOrg = Annotated[Organisation, Depends(organisation(Permission.edit_register))]


def _json(activity: Activity) -> dict[str, Any]:
    return activity.model_dump(mode="json", exclude_none=True)


@router.get("/activities", response_model=list[dict[str, Any]])
def list_activities(org: ReadableOrg, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Every processing activity, each value with its citation."""
    return [_json(a) for a in register.read(uow, actor, org.key).activities]


@router.get("/activities/{activity}", response_model=dict[str, Any])
def get_activity(
    org: ReadableOrg, activity: ActivityKeyPath, actor: ActorDep, uow: UowDep
) -> dict[str, Any]:
    return _json(register.activity(uow, actor, org.key, activity))


@router.post("/activities", response_model=dict[str, Any], status_code=201)
def create_activity(
    org: EditableOrg,
    body: Annotated[
        dict[str, Any],
        Body(description="an activity, in the shape GET /activities/{activity} returns"),
    ],
    actor: ActorDep,
    uow: UowDep,
) -> dict[str, Any]:
    """Add an activity; an unknown category, basis or country is refused with 422 naming it.

    The body is validated by the register's own schema (not at the HTTP layer), so the
    problem names the field and the value that was refused.
    """
    return _json(register.create_activity(uow, actor, org.key, body))


@router.patch("/activities/{activity}", response_model=dict[str, Any])
def change_activity(
    org: EditableOrg,
    activity: ActivityKeyPath,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch (RFC 7396)")],
    actor: ActorDep,
    uow: UowDep,
) -> dict[str, Any]:
    return _json(register.change_activity(uow, actor, org.key, activity, patch))


@router.delete("/activities/{activity}", status_code=204)
def delete_activity(
    org: EditableOrg, activity: ActivityKeyPath, actor: ActorDep, uow: UowDep
) -> Response:
    register.delete_activity(uow, actor, org.key, activity)
    return Response(status_code=204)


@router.get("/ropa", response_class=Response)
def export_ropa(
    org: ReadableOrg,
    actor: ActorDep,
    uow: UowDep,
    fmt: Annotated[
        ExportFormat, Query(alias="format", description="xlsx, csv, json or pdf")
    ] = ExportFormat.json,
    lang: Annotated[Literal["lt", "en"], Query(description="language of the headings")] = "lt",
    record: Annotated[
        RecordKind | None, Query(description="controller (Art. 30(1)) or processor (Art. 30(2))")
    ] = None,
) -> Response:
    """The Art. 30(1) and 30(2) records as a file for the authority or an auditor."""
    data = register.export(uow, actor, org.key, fmt, lang, record, date.today())
    name = f"ropa-{org.key}-{lang}.{fmt.value}"
    return Response(
        data,
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/findings", response_model=list[FindingOut])
def list_findings(
    org: ReadableOrg,
    actor: ActorDep,
    uow: UowDep,
    as_of: Annotated[date | None, Query(description="judge as of this day; default today")] = None,
) -> list[FindingOut]:
    """Where the organisation's register and rules conflict with the GDPR or Lithuanian law."""
    found = register.findings(uow, actor, org.key, as_of or date.today())
    return [FindingOut(**asdict(f)) for f in found]


@router.get("/register/review", response_model=ReviewOut)
def get_review(org: ReadableOrg, actor: ActorDep, uow: UowDep) -> ReviewOut:
    """When the register must next be reviewed, by the organisation's own rule."""
    return ReviewOut(**asdict(register.review_status(uow, actor, org.key, date.today())))


@router.post("/register/review", response_model=ReviewOut)
def record_review(org: EditableOrg, body: ReviewIn, actor: ActorDep, uow: UowDep) -> ReviewOut:
    status = register.record_review(uow, actor, org.key, body.reviewed_on, date.today())
    return ReviewOut(**asdict(status))

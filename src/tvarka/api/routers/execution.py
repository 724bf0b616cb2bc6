"""Connected systems, erasure rules, execution jobs and the access-package download."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field

from tvarka.adapters.access_package.links import LinkRefused
from tvarka.http.deps import ActorDep, ReadableOrg, get_runtime
from tvarka.runtime import Runtime
from tvarka.services import execution

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
router = APIRouter(prefix="/api/v1/organisations/{key}", tags=["execution"])
downloads = APIRouter(tags=["privacy centre"])


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewSystem(Body):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    kind: Literal["sql", "manual", "webhook"] = "sql"
    url: str | None = Field(default=None, max_length=2000)
    datasets_yaml: str | None = Field(default=None, max_length=2_000_000)
    db_schema: str | None = Field(default=None, max_length=100)
    description: str = Field(default="", max_length=300)


class SystemOut(BaseModel):
    key: str
    kind: str
    description: str
    db_schema: str | None
    collections: int
    warnings: list[str]
    webhook_secret: str | None = None


class ProblemOut(BaseModel):
    level: str
    code: str
    place: str
    message: str
    fix: str | None


class ErasureRulesIn(Body):
    rules: dict[str, Any] = Field(
        description="data category -> 'null' | 'hash' | 'delete_row' | {'fixed': value}"
    )


class ExecutionIn(Body):
    action: str = Field(description="access | erasure | rectification | restriction")
    identities: dict[str, list[str]] = Field(description="identity type -> values")
    options: dict[str, Any] = Field(default_factory=dict)


class JobRef(BaseModel):
    job: str


class ManualCompletion(Body):
    note: str = Field(min_length=1, max_length=5000)


class Link(BaseModel):
    url: str
    expires_in_seconds: int


@router.get("/systems", response_model=list[SystemOut])
def list_systems(org: ReadableOrg, actor: ActorDep, runtime: RuntimeDep) -> list[SystemOut]:
    return [SystemOut(**asdict(v)) for v in execution.list_systems(runtime, actor, org.key)]


@router.post("/systems", response_model=SystemOut, status_code=201)
def add_system(
    org: ReadableOrg, body: NewSystem, actor: ActorDep, runtime: RuntimeDep
) -> SystemOut:
    view = execution.add_system(
        runtime,
        actor,
        org.key,
        body.key,
        body.kind,
        body.url,
        body.datasets_yaml,
        body.db_schema,
        body.description,
    )
    return SystemOut(**asdict(view))


@router.post("/systems/{system}/validate", response_model=list[ProblemOut])
def validate_system(
    org: ReadableOrg, system: str, actor: ActorDep, runtime: RuntimeDep
) -> list[ProblemOut]:
    problems = execution.validate_system(runtime, actor, org.key, system)
    return [ProblemOut(**asdict(p)) for p in problems]


@router.put("/erasure-rules", status_code=204)
def set_erasure_rules(
    org: ReadableOrg, body: ErasureRulesIn, actor: ActorDep, runtime: RuntimeDep
) -> Response:
    execution.set_erasure_rules(runtime, actor, org.key, body.rules)
    return Response(status_code=204)


@router.post("/executions", response_model=JobRef, status_code=202)
def execute(org: ReadableOrg, body: ExecutionIn, actor: ActorDep, runtime: RuntimeDep) -> JobRef:
    return JobRef(
        job=execution.execute(runtime, actor, org.key, body.action, body.identities, body.options)
    )


@router.get("/executions/{job}")
def job(org: ReadableOrg, job: str, actor: ActorDep, runtime: RuntimeDep) -> dict[str, Any]:
    return execution.job_view(runtime, actor, org.key, job)


@router.post("/executions/{job}/resume")
def resume(org: ReadableOrg, job: str, actor: ActorDep, runtime: RuntimeDep) -> dict[str, int]:
    return {"queued": execution.resume(runtime, actor, org.key, job)}


@router.post("/executions/{job}/tasks/{system}/complete", status_code=204)
def complete_manual_task(
    org: ReadableOrg,
    job: str,
    system: str,
    body: ManualCompletion,
    actor: ActorDep,
    runtime: RuntimeDep,
) -> Response:
    execution.complete_manual_task(runtime, actor, org.key, job, system, body.note)
    return Response(status_code=204)


@router.post("/executions/{job}/package-link", response_model=Link)
def package_link(org: ReadableOrg, job: str, actor: ActorDep, runtime: RuntimeDep) -> Link:
    token = execution.package_link(runtime, actor, org.key, job)
    return Link(url=f"/privacy/packages/{token}", expires_in_seconds=execution.LINK_MAX_AGE)


@downloads.get("/privacy/packages/{token}", response_class=Response)
def download_package(token: str, runtime: RuntimeDep) -> Response:
    """The data subject's package; the link itself is the credential, and it expires."""
    try:
        content = execution.download_package(runtime, token)
    except LinkRefused as refused:  # an expired link says so; a forged one is just not found
        status = 410 if "expired" in str(refused) else 404
        raise HTTPException(status_code=status, detail=str(refused)) from refused
    return Response(
        content,
        media_type="application/zip",
        headers={
            "Content-Disposition": 'attachment; filename="my-data.zip"',
            "Cache-Control": "no-store",
        },
    )

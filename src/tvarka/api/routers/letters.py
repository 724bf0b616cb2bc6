"""An organisation's letters: the list, and each letter's PDF as it was issued."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from tvarka.api.schemas import LetterSummary
from tvarka.http.deps import ActorDep, ReadableOrg, RuntimeDep, UowDep
from tvarka.services.letters import issue as letters

router = APIRouter(prefix="/api/v1/organisations", tags=["letters"])
LetterId = Annotated[int, Path(ge=1, description="the letter's id")]


@router.get("/{key}/letters", response_model=list[LetterSummary])
def list_letters(
    org: ReadableOrg,
    actor: ActorDep,
    uow: UowDep,
    request_ref: Annotated[str | None, Query(max_length=100)] = None,
) -> list[LetterSummary]:
    return [
        LetterSummary(
            id=r.id, request_ref=r.request_ref, kind=r.kind, language=r.language,
            channel=r.channel, status=r.status, letter_date=r.letter_date.isoformat(),
            delivered_at=r.delivered_at.isoformat() if r.delivered_at else None,
            posted_on=r.posted_on.isoformat() if r.posted_on else None,
            registered_number=r.registered_number, pdf_sha256=r.pdf_sha256,
        )
        for r in letters.list_letters(uow, actor, org.key, request_ref)
    ]


@router.get(
    "/{key}/letters/{letter_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the letter's PDF"}},
)
def letter_pdf(
    org: ReadableOrg, letter_id: LetterId, actor: ActorDep, uow: UowDep, runtime: RuntimeDep
) -> Response:
    pdf = letters.letter_pdf(uow, runtime, actor, letter_id, org.key)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="letter-{letter_id}.pdf"',
            "Cache-Control": "no-store",
        },
    )

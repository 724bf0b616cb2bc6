"""Request and response bodies. Requests refuse unknown fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganisationSummary(BaseModel):
    key: str
    legal_name: str
    role: str | None = Field(description="the caller's role; null for a platform admin")


class OrganisationDetail(BaseModel):
    key: str
    legal_name: str
    profile: dict[str, Any]
    supervisory_authority: dict[str, Any]
    settings: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    source: str
    loaded_at: str


class NewMember(Request):
    email: str = Field(max_length=320)
    role: str = Field(description="owner, handler, viewer or auditor")
    password: str = Field(min_length=1, max_length=200)


class Member(BaseModel):
    id: int
    email: str
    role: str


class PasswordChange(Request):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class Me(BaseModel):
    id: int
    email: str
    platform_admin: bool
    must_change_password: bool
    organisations: dict[str, str]


class ChainVerification(BaseModel):
    chain: str
    ok: bool
    events: int
    broken_seq: int | None
    reason: str | None
    head_hash: str | None


class FindingOut(BaseModel):
    code: str
    severity: str
    title: str
    explanation: str
    legal_reference: str
    citation: str | None


class ReviewIn(Request):
    reviewed_on: date


class ReviewOut(BaseModel):
    every: str | None
    citation: str | None
    last_reviewed: date | None
    due: date | None
    overdue: bool
class LetterSummary(BaseModel):
    id: int
    request_ref: str
    kind: str
    language: str
    channel: str
    status: str
    letter_date: str
    delivered_at: str | None
    posted_on: str | None
    registered_number: str | None
    pdf_sha256: str

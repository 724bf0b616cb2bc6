"""Bodies of the request endpoints; unknown fields are refused like everywhere else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from tvarka.api.schemas import Request
from tvarka.domain.legal_time.clock import ExtensionReason
from tvarka.domain.requests.terms import (
    LegalBasis,
    ObjectionKind,
    Outcome,
    RefusalGround,
    RepresentationDocument,
    Right,
)
from tvarka.domain.settings import IdMethod, Language
from tvarka.domain.vocabulary import ChannelKind, SubjectType


class IdentityBody(Request):
    method: IdMethod
    confirmed: bool = True
    document_type: str | None = Field(default=None, max_length=40,
                                      description="e.g. passport, id_card; never a copy")
    last_digits: str | None = Field(default=None, max_length=4)


class RepresentativeBody(Request):
    document: RepresentationDocument
    name: str = Field(min_length=1, max_length=300)
    contact: str = Field(min_length=1, max_length=300)
    notarised: bool = False


class NewRequestBody(Request):
    right: Right
    channel: ChannelKind
    received_at: dt.datetime | dt.date = Field(
        description="when the request arrived; a time without offset is Vilnius time")
    subject_type: SubjectType = SubjectType.customer
    name: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=25)
    address: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, max_length=20_000,
                             description="the request in the person's words: its scope")
    language: Language | None = None
    response_medium: str | None = Field(default=None, max_length=30)
    signed: bool | None = None
    legible: bool = True
    identity: IdentityBody | None = None
    representative: RepresentativeBody | None = None
    identifiers: dict[str, str] = Field(
        default_factory=dict, max_length=20,
        description="identity type -> value in the organisation's systems, e.g. customer_id")


class ExtensionBody(Request):
    reason: ExtensionReason
    justification: str = Field(min_length=1, max_length=2000)


class DecisionBody(Request):
    outcome: Outcome
    reasons: str = Field(default="", max_length=10_000)
    ground: RefusalGround | None = None
    objection_kind: ObjectionKind | None = None
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    automated: bool | None = None
    access_content: dict[str, str] = Field(default_factory=dict)
    recipients: list[str] = Field(default_factory=list, max_length=200)
    evidence: str | None = Field(default=None, max_length=2000)
    by_director: bool = False
    corrections: list[dict[str, Any]] = Field(
        default_factory=list, max_length=200,
        description="rectification in connected systems: {field|category, value}")
    held_rows: list[dict[str, Any]] = Field(
        default_factory=list, max_length=1000,
        description="erasure: rows kept under a legal exception {system, collection, key, note}")


class TaskDoneBody(Request):
    reference: str | None = Field(default=None, max_length=200)
    delay_reasons: str | None = Field(default=None, max_length=2000)


class ForwardBody(Request):
    controller: str = Field(min_length=1, max_length=300)


class ReceiptBody(Request):
    received_at: dt.datetime


class StillProcessedBody(Request):
    data: str = Field(min_length=1, max_length=500)
    purpose: str = Field(min_length=1, max_length=500)
    legal_basis: str = Field(min_length=1, max_length=300)


class LetterBody(Request):
    """What only the letter says; the rest comes from the request."""

    channel: str | None = Field(default=None, description="email, registered_mail or portal")
    actions_taken: list[str] = Field(default_factory=list, max_length=50)
    data_concerned: list[str] = Field(default_factory=list, max_length=50)
    legal_basis: str | None = Field(default=None, max_length=300)
    still_processed: list[StillProcessedBody] = Field(default_factory=list, max_length=50)
    lifts_on: dt.date | None = None
    lift_reason: str | None = Field(default=None, max_length=2000)
    late_reasons: str | None = Field(default=None, max_length=2000)
    recipient_email: str | None = Field(
        default=None, max_length=320,
        description="the controller's (a forward letter) or the recipient's (an Art. 19 notice)")
    recipient_address: str | None = Field(default=None, max_length=500)
    language: str | None = Field(default=None, description="an Art. 19 notice: lt or en")
    made_public: bool = Field(default=False, description="erased data had been made public "
                              "(Art. 17(2))")
    subject_reference: str | None = Field(default=None, max_length=200, description=(
        "how the recipient knows the person (an Art. 19 notice), e.g. a customer number"))
    list_recipients: bool = Field(default=False, description=(
        "the person asked who received the data: the answer names them (Art. 19)"))
    clarify_topic: str | None = Field(default=None, description="a clarification: scope or "
                                      "identity")
    questions: list[str] = Field(default_factory=list, max_length=20)


class ClarificationBody(Request):
    """Ask the person what is unclear (Art. 12(6), Recital 63); the letter goes at once."""

    topic: str = Field(description="scope or identity")
    questions: list[str] = Field(min_length=1, max_length=20)
    channel: str | None = Field(default=None, description="email, registered_mail or portal")


class ClarificationReplyBody(Request):
    received_at: dt.datetime = Field(description="when the person's reply arrived")
    text: str = Field("", max_length=20_000,
                      description="what the person replied, or a note of it (kept sealed)")

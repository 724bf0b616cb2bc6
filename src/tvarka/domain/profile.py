"""An organisation's profile: who it is, how people reach it, and the rules its documents set.

Profiles are data files (``tvarka/profiles/*.yaml``); this module is their schema. Unknown
keys are errors, so a typo in a profile is refused instead of silently ignored.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

from tvarka.domain.cited import Citation, Cited, Gap, Strict
from tvarka.domain.identifiers import validate_company_code
from tvarka.domain.legal_time.lengths import Length, parse_length
from tvarka.domain.settings import Settings

ORG_KEY_PATTERN = r"^[a-z][a-z0-9-]{1,40}$"
OrgKey = Annotated[str, Field(pattern=ORG_KEY_PATTERN)]
CompanyCode = Annotated[str, AfterValidator(validate_company_code)]


def _length(value: object) -> Length:
    if isinstance(value, Length):
        return value
    if not isinstance(value, str):
        raise ValueError("a length is text such as '1 month' or '5 working days'")
    return parse_length(value)


LengthText = Annotated[Length, BeforeValidator(_length), PlainSerializer(str, return_type=str)]


class Role(StrEnum):
    controller = "controller"
    processor = "processor"
    joint_controller = "joint_controller"


class SubjectType(StrEnum):
    customer = "customer"
    employee = "employee"
    candidate = "candidate"


class ChannelKind(StrEnum):
    web_form = "web_form"  # the privacy-centre page
    portal = "portal"  # the organisation's own self-service portal
    email = "email"
    company_mailbox = "company_mailbox"  # employees: the work mailbox or the contract e-mail
    post = "post"
    registered_letter = "registered_letter"
    courier = "courier"
    in_person = "in_person"
    phone = "phone"
    oral = "oral"
    e_delivery = "e_delivery"
    via_controller = "via_controller"  # processor mode: the controller forwards the request


class Channel(Strict):
    kind: ChannelKind
    endpoints: list[Cited[str] | Gap] = Field(default_factory=list)
    subject_types: list[SubjectType] = Field(default_factory=lambda: list(SubjectType))
    examined: bool = True
    citation: Citation
    note: str | None = None


class ClockRule(Strict):
    """An organisation's own length for a named clock, possibly for one subject type."""

    length: LengthText
    subject_type: SubjectType | None = None
    citation: Citation
    note: str | None = None


class AuthorityRef(Strict):
    key: str  # a record in tvarka.domain.authority
    named_as: Cited[str] | Gap  # how the organisation's documents name it


class Profile(Strict):
    key: OrgKey
    legal_name: Cited[str]
    company_code: Cited[CompanyCode] | Gap
    address: Cited[str] | Gap
    phones: list[Cited[str] | Gap] = Field(min_length=1)
    emails: list[Cited[str] | Gap] = Field(min_length=1)
    websites: list[Cited[str] | Gap] = Field(min_length=1)
    portal: Cited[str] | Gap
    channels: list[Channel] = Field(min_length=1)
    supervisory_authority: AuthorityRef
    default_role: Cited[Role]
    settings: Settings
    clocks: dict[str, list[ClockRule]] = Field(default_factory=dict)

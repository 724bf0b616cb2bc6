"""Words shared by the profile schema and the settings: roles, subject types, channels, lengths.

They live apart from ``profile`` so that ``settings`` can use them without an import cycle;
``tvarka.domain.profile`` re-exports them, so existing imports keep working.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

from tvarka.domain.legal_time.lengths import Length, parse_length


def _length(value: object) -> Length:
    if isinstance(value, Length):
        return value
    if not isinstance(value, str):
        raise ValueError("a length is text such as '1 month' or '5 working days'")  # noqa: TRY004 (pydantic reports ValueError, not TypeError)
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

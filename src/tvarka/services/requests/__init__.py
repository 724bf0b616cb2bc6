"""Data-subject requests from intake to the answer: one function per step, each audited.

Every step runs in one transaction with its audit event. Steps that need a letter record a
``letter`` task (kind, languages, due date): the letters module renders and delivers it and
the task is closed with the letter's reference. Nothing about the requester goes into the
audit log or any log line: events name the request by its public id.

One module per job: ``intake`` (submission), ``identity`` (identity checks, representatives),
``deadlines`` (clock, extension), ``decisions`` (decision, tasks, answer), ``restriction``,
``forwarding`` (processor mode), ``clarification`` (asking the person, by letter), ``jobs``
(carrying a decision out in connected systems), ``common`` (what the steps share); and
``store`` (sealing and loading requester data), ``view`` (requests as staff read them),
``letters`` (issuing a request's due letters).
"""

from tvarka.services.requests.common import (
    DIGITS,
    MAX_TEXT,
    MIN_JUSTIFICATION,
    PHONE,
    choice,
    parse_received,
)
from tvarka.services.requests.deadlines import extend
from tvarka.services.requests.decisions import close_task, decide
from tvarka.services.requests.forwarding import forward_to_controller, record_controller_receipt
from tvarka.services.requests.identity import (
    IdentityCheck,
    RepresentativeInput,
    add_representative,
    verify_identity,
)
from tvarka.services.requests.intake import NewRequest, new_public_id, submit
from tvarka.services.requests.restriction import announce_restriction_lifting, lift_restriction

__all__ = [
    "DIGITS",
    "MAX_TEXT",
    "MIN_JUSTIFICATION",
    "PHONE",
    "IdentityCheck",
    "NewRequest",
    "RepresentativeInput",
    "add_representative",
    "announce_restriction_lifting",
    "choice",
    "close_task",
    "decide",
    "extend",
    "forward_to_controller",
    "lift_restriction",
    "new_public_id",
    "parse_received",
    "record_controller_receipt",
    "submit",
    "verify_identity",
]

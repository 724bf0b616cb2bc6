"""Letters to data subjects (and to a controller): what each kind must say before it may go.

The law puts content rules on these letters, and a letter that breaks one is worse than none:
a refusal that does not name VDAI and the court leaves the person without the remedy Art. 12(4)
promises; an extension sent after the original deadline is no extension (Art. 12(3)); an
answer that is late must say why and that the person may complain to VDAI (003 D-DSR 12.2,
004 K-DSR 12.2). So a ``Letter`` can only be made from a context that satisfies its kind's
rules; ``Letter.__post_init__`` checks them and names the field at fault.

Dates are taken as given: the request workflow computes deadlines (``tvarka.domain.
legal_time``), this module only checks that the letter's own date fits them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from tvarka.domain.authority import Remedy, SupervisoryAuthority
from tvarka.domain.settings import Language


class LetterKind(StrEnum):
    acknowledgement = "acknowledgement"  # receipt, with the window for the answer (EDPB §57)
    answer = "answer"  # what was done (Art. 12(3))
    refusal = "refusal"  # no action, with reasons and remedies (Art. 12(4))
    partial_refusal = "partial_refusal"  # some done, some refused (EDPB 01/2022 §193)
    extension = "extension"  # two further months, with reasons (Art. 12(3))
    invalid_request_notice = "invalid_request_notice"  # not examined (D-DSR/K-DSR 12.3)
    restriction_lift_notice = "restriction_lift_notice"  # before lifting (Art. 18(3))
    processor_forward = "processor_forward"  # a processor hands a request to its controller
    recipient_notice = "recipient_notice"  # to a recipient of the data (Art. 19)
    clarification = "clarification"  # asks the person what is unclear (Art. 12(6), Rec. 63)


class Right(StrEnum):
    """The right a request invokes, with the article the letters cite."""

    access = "access"  # Art. 15
    rectification = "rectification"  # Art. 16
    erasure = "erasure"  # Art. 17
    restriction = "restriction"  # Art. 18
    portability = "portability"  # Art. 20
    objection = "objection"  # Art. 21
    automated_decision = "automated_decision"  # Art. 22
    information = "information"  # Art. 13-14
    consent_withdrawal = "consent_withdrawal"  # Art. 7(3)


ARTICLE: dict[Right, str] = {
    Right.access: "15",
    Right.rectification: "16",
    Right.erasure: "17",
    Right.restriction: "18",
    Right.portability: "20",
    Right.objection: "21",
    Right.automated_decision: "22",
    Right.information: "13–14",
    Right.consent_withdrawal: "7(3)",
}

# Refusing one of these leaves data in use; Vinted (VDAI 2024) requires saying which and why.
RIGHTS_THAT_STOP_PROCESSING = frozenset({Right.erasure, Right.restriction, Right.objection})
REFUSALS = frozenset({LetterKind.refusal, LetterKind.partial_refusal})
DECISIONS = frozenset({LetterKind.answer, *REFUSALS})
NAME_REMEDIES = frozenset({*REFUSALS, LetterKind.invalid_request_notice})
# Art. 19: the rights whose outcome every recipient of the data must hear about.
RIGHTS_TOLD_TO_RECIPIENTS = frozenset({Right.rectification, Right.erasure, Right.restriction})
# Letters to someone other than the person: they answer no request of theirs.
NOT_A_REPLY = frozenset({LetterKind.processor_forward, LetterKind.recipient_notice})


class ClarificationTopic(StrEnum):
    """What a clarification asks about, each with the law that allows asking."""

    scope = "scope"  # what the person asks for (Recital 63; EDPB 01/2022 §35-36)
    identity = "identity"  # who the person is, on reasonable doubts (Art. 12(6); EDPB §58-65)


class LetterRuleError(ValueError):
    """A letter's context breaks a content rule; ``field`` names the value at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Sender:
    """The organisation as its profile names it; a Gap in the profile arrives as None."""

    legal_name: str
    company_code: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...] = ()  # street, postcode and city, country: as posted
    email: str | None = None


@dataclass(frozen=True)
class RequestFacts:
    reference: str
    right: Right
    received_on: dt.date
    due_on: dt.date  # the deadline without extension, as the workflow computed it
    extended_due_on: dt.date | None = None
    extension_reasons: str | None = None
    summary: str | None = None  # what the person asked, in their words or a fair summary
    subject_name: str | None = None  # the person, when the letter goes to someone else

    @property
    def final_due_on(self) -> dt.date:
        return self.extended_due_on or self.due_on


@dataclass(frozen=True)
class Ground:
    """One reason for refusing, with the law it rests on."""

    reason: str
    legal_basis: str


@dataclass(frozen=True)
class StillProcessed:
    """Data kept in use despite the request, and why (VDAI, Vinted, 2024)."""

    data: str
    purpose: str
    legal_basis: str


@dataclass(frozen=True)
class Decision:
    actions_taken: tuple[str, ...] = ()
    data_concerned: tuple[str, ...] = ()
    refusal_grounds: tuple[Ground, ...] = ()
    still_processed: tuple[StillProcessed, ...] = ()
    defects: tuple[str, ...] = ()  # why a request cannot be examined (invalid-request notice)
    restriction_lifts_on: dt.date | None = None
    restriction_lift_reason: str | None = None
    # Art. 19 last sentence: the recipients the person asked about (None: not asked)
    recipients: tuple[str, ...] | None = None
    made_public: bool = False  # erasure of data made public: Art. 17(2) applies too
    subject_reference: str | None = None  # what lets a recipient find the person's record
    clarify_topic: ClarificationTopic | None = None
    questions: tuple[str, ...] = ()  # what the person is asked to clarify or provide
    clock_paused: bool = False  # the answer's period stands still until the person replies


@dataclass(frozen=True)
class LetterContext:
    organisation: Sender
    recipient: Recipient
    request: RequestFacts
    sent_on: dt.date
    decision: Decision = field(default_factory=Decision)
    late_reasons: str | None = None
    authority: SupervisoryAuthority | None = None
    court: Remedy | None = None
    signed_by: str | None = None

    @property
    def is_late(self) -> bool:
        return self.sent_on > self.request.final_due_on


def court_remedy(authority: SupervisoryAuthority) -> Remedy:
    """The court remedy a refusal names: the first remedy about handling a request."""
    for remedy in authority.parallel_remedies:
        if "GDPR Art. 79" in remedy.source:
            return remedy
    raise LookupError(f"{authority.key} has no Art. 79 court remedy on record")


def _require(value: object, field: str, message: str) -> None:
    if value is None or value == "" or value == ():
        raise LetterRuleError(field, message)
    if isinstance(value, str) and not value.strip():
        raise LetterRuleError(field, message)


@dataclass(frozen=True)
class Letter:
    """A letter whose content rules hold; constructing one checks them."""

    kind: LetterKind
    language: Language
    context: LetterContext

    def __post_init__(self) -> None:
        check(self.kind, self.context)


def check(kind: LetterKind, context: LetterContext) -> None:
    """Raise LetterRuleError for the first content rule ``context`` breaks for ``kind``."""
    _check_common(context)
    if kind in NAME_REMEDIES:
        _check_remedies(context, "every refusal and invalid-request notice")
    if kind in DECISIONS and context.is_late:
        _require(
            context.late_reasons,
            "late_reasons",
            f"the answer is sent on {context.sent_on} after the deadline "
            f"{context.request.final_due_on}: it must give the reasons for the delay",
        )
        _check_remedies(context, "a late answer")
    {
        LetterKind.acknowledgement: _no_more,
        LetterKind.answer: _check_answer,
        LetterKind.refusal: _check_refusal,
        LetterKind.partial_refusal: _check_partial_refusal,
        LetterKind.extension: _check_extension,
        LetterKind.invalid_request_notice: _check_invalid_notice,
        LetterKind.restriction_lift_notice: _check_restriction_lift,
        LetterKind.processor_forward: _check_forward,
        LetterKind.recipient_notice: _check_recipient_notice,
        LetterKind.clarification: _check_clarification,
    }[kind](context)
    if context.decision.made_public and not (
        kind is LetterKind.recipient_notice and context.request.right is Right.erasure
    ):
        raise LetterRuleError("decision.made_public",
                              "Art. 17(2) concerns only telling others of an erasure")


def _check_common(context: LetterContext) -> None:
    _require(context.organisation.legal_name, "organisation.legal_name", "is required")
    _require(context.recipient.name, "recipient.name", "is required")
    _require(context.request.reference, "request.reference", "is required")
    if context.request.due_on < context.request.received_on:
        raise LetterRuleError("request.due_on", "is before the request was received")
    if context.sent_on < context.request.received_on:
        raise LetterRuleError("sent_on", "is before the request was received")


def _check_remedies(context: LetterContext, what: str) -> None:
    if context.authority is None:
        raise LetterRuleError(
            "authority", f"{what} must name the supervisory authority (VDAI) with its full record"
        )
    record = context.authority
    for name in ("name_lt", "code", "email", "website"):
        _require(getattr(record, name), f"authority.{name}", "is missing from the VDAI record")
    _require(record.address.street, "authority.address", "is missing from the VDAI record")
    _require(record.phones, "authority.phones", "is missing from the VDAI record")
    if context.court is None:
        raise LetterRuleError("court", f"{what} must name the court (GDPR Art. 79)")


def _no_more(context: LetterContext) -> None:
    """An acknowledgement needs only the common facts: receipt and the window."""


def _check_answer(context: LetterContext) -> None:
    _require(context.decision.actions_taken, "decision.actions_taken", "say what was done")


def _check_grounds(context: LetterContext) -> None:
    grounds = context.decision.refusal_grounds
    _require(grounds, "decision.refusal_grounds", "a refusal must give its reasons")
    for index, ground in enumerate(grounds):
        where = f"decision.refusal_grounds[{index}]"
        _require(ground.reason, f"{where}.reason", "is required")
        _require(ground.legal_basis, f"{where}.legal_basis", "name the law the refusal rests on")
    if context.request.right in RIGHTS_THAT_STOP_PROCESSING:
        _require(
            context.decision.still_processed,
            "decision.still_processed",
            "say which data are still processed and why (VDAI, Vinted, 2024)",
        )
    for index, kept in enumerate(context.decision.still_processed):
        where = f"decision.still_processed[{index}]"
        _require(kept.purpose, f"{where}.purpose", "is required")
        _require(kept.legal_basis, f"{where}.legal_basis", "is required")


def _check_refusal(context: LetterContext) -> None:
    _check_grounds(context)


def _check_partial_refusal(context: LetterContext) -> None:
    _require(context.decision.actions_taken, "decision.actions_taken", "say what was done")
    _check_grounds(context)


def _check_extension(context: LetterContext) -> None:
    request = context.request
    if request.extended_due_on is None:
        raise LetterRuleError("request.extended_due_on", "an extension must give the new date")
    _require(request.extension_reasons, "request.extension_reasons", "give the reasons")
    if request.extended_due_on <= request.due_on:
        raise LetterRuleError("request.extended_due_on", "must be after the original due date")
    if context.sent_on > request.due_on:
        raise LetterRuleError(
            "sent_on",
            f"an extension must be sent by the original due date {request.due_on} "
            f"(GDPR Art. 12(3)); this one would go on {context.sent_on}",
        )


def _check_invalid_notice(context: LetterContext) -> None:
    _require(context.decision.defects, "decision.defects", "say why it cannot be examined")


def _check_restriction_lift(context: LetterContext) -> None:
    lifts_on = context.decision.restriction_lifts_on
    if lifts_on is None:
        raise LetterRuleError("decision.restriction_lifts_on", "give the date of lifting")
    _require(context.decision.restriction_lift_reason, "decision.restriction_lift_reason",
             "give the reason for lifting")
    if context.sent_on >= lifts_on:
        raise LetterRuleError(
            "sent_on", "the person must be told before the restriction is lifted (Art. 18(3))"
        )


def _check_forward(context: LetterContext) -> None:
    _require(context.request.subject_name, "request.subject_name", "name the data subject")
    _require(context.request.summary, "request.summary", "say what the person asked")


def _check_recipient_notice(context: LetterContext) -> None:
    """What a recipient needs to act, and no more: whose data (a name and, where needed, the
    reference the recipient knows them by), what was done and to which data."""
    right = context.request.right
    if right not in RIGHTS_TOLD_TO_RECIPIENTS:
        raise LetterRuleError(
            "request.right", "recipients are told of a rectification, erasure or restriction "
            f"only (GDPR Art. 19), not of {right.value}")
    _require(context.request.subject_name, "request.subject_name",
             "name the data subject so the recipient finds the data")
    _require(context.decision.actions_taken, "decision.actions_taken", "say what was done")
    if right is Right.rectification:
        _require(context.decision.data_concerned, "decision.data_concerned",
                 "give the rectified data, so the recipient can correct its copy")
    if context.decision.still_processed or context.decision.refusal_grounds:
        raise LetterRuleError("decision", "a recipient is told what was done, not the "
                              "person's other data or the reasons of a refusal")


def _check_clarification(context: LetterContext) -> None:
    decision = context.decision
    if decision.clarify_topic is None:
        raise LetterRuleError("decision.clarify_topic", "say whether scope or identity is "
                              "unclear")
    _require(decision.questions, "decision.questions", "say what the person should clarify "
             "or provide")
    for index, question in enumerate(decision.questions):
        _require(question, f"decision.questions[{index}]", "is empty")
    if context.sent_on > context.request.final_due_on:
        raise LetterRuleError(
            "sent_on", f"a clarification is asked without undue delay (EDPB 01/2022 §159); the "
            f"answer was due on {context.request.final_due_on}")

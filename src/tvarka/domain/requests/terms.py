"""The words of the request workflow: rights, states, decisions, letters and evidence kinds."""

from __future__ import annotations

from enum import StrEnum


class Right(StrEnum):
    """What the person asks for (GDPR Art. 13-22), plus the general inquiry of some policies."""

    access = "access"  # Art. 15
    rectification = "rectification"  # Art. 16
    erasure = "erasure"  # Art. 17
    restriction = "restriction"  # Art. 18
    portability = "portability"  # Art. 20
    objection = "objection"  # Art. 21
    automated_decision_review = "automated_decision_review"  # Art. 22(3)
    information = "information"  # Art. 13/14 information about the processing


ARTICLE = {
    Right.access: "GDPR Art. 15",
    Right.rectification: "GDPR Art. 16",
    Right.erasure: "GDPR Art. 17",
    Right.restriction: "GDPR Art. 18",
    Right.portability: "GDPR Art. 20",
    Right.objection: "GDPR Art. 21",
    Right.automated_decision_review: "GDPR Art. 22(3)",
    Right.information: "GDPR Art. 13, 14",
}

# Rights whose completion must reach every recipient the data went to (GDPR Art. 19).
NOTIFY_RECIPIENTS = frozenset({Right.rectification, Right.erasure, Right.restriction})


class Status(StrEnum):
    received = "received"
    awaiting_identity = "awaiting_identity"  # the clock stands still (EDPB 01/2022 §159)
    in_progress = "in_progress"
    extended = "extended"
    decided = "decided"  # the decision is taken; its letter is due
    answered = "answered"  # the answer went out
    refused = "refused"  # a refusal went out (or the channel is not examined)
    not_examined = "not_examined"  # formally invalid; a reasoned notice went out or is due
    forwarded = "forwarded"  # processor mode: sent on to the controller


OPEN = frozenset(
    {Status.received, Status.awaiting_identity, Status.in_progress, Status.extended,
     Status.decided}
)


class Outcome(StrEnum):
    granted = "granted"
    partly_granted = "partly_granted"
    refused = "refused"


class RefusalGround(StrEnum):
    manifestly_unfounded = "manifestly_unfounded"  # Art. 12(5): reasons on record
    excessive = "excessive"  # Art. 12(5): reasons on record
    identity_not_confirmed = "identity_not_confirmed"  # Art. 12(2), 11(2)
    legal_exception = "legal_exception"  # Art. 17(3), 23, national law
    overriding_grounds = "overriding_grounds"  # Art. 21(1): the director's reasoned decision
    not_applicable = "not_applicable"  # e.g. portability without consent/contract+automation
    rights_of_others = "rights_of_others"  # Art. 15(4)


class ObjectionKind(StrEnum):
    direct_marketing = "direct_marketing"  # Art. 21(2)-(3): absolute, no reason asked
    legitimate_interest = "legitimate_interest"  # Art. 21(1), Art. 6(1)(f)
    public_task = "public_task"  # Art. 21(1), Art. 6(1)(e)
    research_statistics = "research_statistics"  # Art. 21(6)


class LegalBasis(StrEnum):
    consent = "consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    vital_interests = "vital_interests"
    public_task = "public_task"
    legitimate_interest = "legitimate_interest"



class LetterKind(StrEnum):
    """Letters the workflow needs; texts and delivery belong to the letters module."""

    answer = "answer"
    refusal = "refusal"
    extension = "extension"
    invalid_request = "invalid_request"  # not examined, with reasons (D-DSR 12.3, K-DSR 12.3)
    clarification = "clarification"  # asks for what is missing; the request stays open
    restriction_lifting = "restriction_lifting"
    forward_to_controller = "forward_to_controller"


class RepresentationDocument(StrEnum):
    power_of_attorney = "power_of_attorney"
    notarised_power_of_attorney = "notarised_power_of_attorney"
    lawyer_agreement = "lawyer_agreement"  # a representation agreement or its extract
    legal_guardian = "legal_guardian"  # parent or guardian of a child


class ValidationItem(StrEnum):
    """What a written request must show (002 R§8.4, 003 D-DSR 11.4, 004 K-DSR 11.4)."""

    legible = "legible"
    signed = "signed"
    name = "name"
    contact = "contact"
    right = "right"
    scope = "scope"

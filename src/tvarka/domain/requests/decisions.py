"""What a decision on each right must contain before it may be recorded.

Access answers carry the Art. 15 contents; a direct-marketing objection is absolute; an
objection to processing on legitimate interest or public task is refused only by the
director's reasoned decision; portability exists only for consent- or contract-based
automated processing; every refusal has a ground and reasons (the burden of proof is the
controller's, Art. 12(5)); rectification, erasure and restriction name the recipients that
must be told (Art. 19).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tvarka.domain.legal_time.arithmetic import shift_months
from tvarka.domain.requests.terms import (
    LegalBasis,
    ObjectionKind,
    Outcome,
    RefusalGround,
    RepresentationDocument,
    Right,
)
from tvarka.domain.vocabulary import SubjectType

# Art. 15(1)(a)-(h), 15(2): what an access answer tells the person besides the data.
ACCESS_CONTENTS = ("purposes", "categories", "recipients", "retention", "source", "safeguards")
MIN_REASONS = 20
ERASURE_REFUSALS = frozenset(
    {RefusalGround.legal_exception, RefusalGround.manifestly_unfounded, RefusalGround.excessive,
     RefusalGround.identity_not_confirmed}
)
# Access answers that must list the recipients of a set period (seed, subject type).
RECIPIENT_WINDOWS: dict[tuple[str, SubjectType], tuple[str, str]] = {
    ("003", SubjectType.candidate): ("the last calendar year", "003 D-CAND 7.4"),
}


# Who may act for a person, where the rules narrow it (seed, subject type).
REPRESENTATION_RULES: dict[tuple[str, SubjectType], tuple[frozenset[RepresentationDocument], str]] = {
    ("003", SubjectType.candidate): (
        frozenset({RepresentationDocument.notarised_power_of_attorney,
                   RepresentationDocument.lawyer_agreement}),
        "003 D-CAND 7.3",
    ),
}


def representation_problem(
    seed: str | None, subject_type: SubjectType, document: RepresentationDocument
) -> str | None:
    """Why a representation document is not enough under the organisation's rules, if it is not."""
    rule = REPRESENTATION_RULES.get((seed or "", subject_type))
    if rule is None or document in rule[0]:
        return None
    accepted = ", ".join(sorted(d.value for d in rule[0]))
    return f"{document.value} is not accepted here; one of {accepted} ({rule[1]})"


class DecisionRefused(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: str = ""
    ground: RefusalGround | None = None
    objection_kind: ObjectionKind | None = None
    legal_bases: tuple[LegalBasis, ...] = ()
    automated: bool | None = None
    access_content: Mapping[str, str] = field(default_factory=dict)
    recipients: tuple[str, ...] = ()  # Art. 19: who received the data and must be told
    evidence: str | None = None  # rectification: what showed the data were wrong
    by_director: bool = False
    # carried out in connected systems: rectification's corrections ({field|category, value})
    # and, for erasure, rows kept under a legal exception ({system, collection, key, note})
    corrections: tuple[Mapping[str, Any], ...] = ()
    held_rows: tuple[Mapping[str, Any], ...] = ()


def recipients_window(
    seed: str | None, subject_type: SubjectType, received: dt.date
) -> tuple[dt.date, dt.date, str] | None:
    """The period whose recipients an access answer must list, where the rules set one."""
    if seed is None or (seed, subject_type) not in RECIPIENT_WINDOWS:
        return None
    _, citation = RECIPIENT_WINDOWS[(seed, subject_type)]
    return shift_months(received, -12), received, citation


def check_decision(right: Right, decision: Decision) -> None:
    """Raise ``DecisionRefused`` naming the field that makes the decision unlawful or empty."""
    outcome = decision.outcome
    reasons = decision.reasons.strip()
    if right is Right.objection:
        _check_objection(decision)
    if outcome is not Outcome.granted:
        if decision.ground is None:
            raise DecisionRefused("a refusal (also in part) names its ground", "ground")
        if len(reasons) < MIN_REASONS:
            raise DecisionRefused(
                f"a refusal gives its reasons (at least {MIN_REASONS} characters); the "
                "controller bears the burden of proof (GDPR Art. 12(4)-(5))",
                "reasons",
            )
    if right is Right.portability and outcome is not Outcome.refused:
        eligible = {LegalBasis.consent, LegalBasis.contract} & set(decision.legal_bases)
        if not eligible or decision.automated is not True:
            raise DecisionRefused(
                "portability covers only data processed by automated means on consent or "
                "contract (GDPR Art. 20(1)); refuse with ground not_applicable otherwise",
                "legal_bases",
            )
    if right is Right.erasure and outcome is Outcome.refused and (
        decision.ground not in ERASURE_REFUSALS
    ):
        raise DecisionRefused(
                "erasure is refused only on an exception of Art. 17(3), as manifestly "
                "unfounded or excessive, or for unconfirmed identity",
                "ground",
            )
    if right is Right.access and outcome is not Outcome.refused:
        missing = [k for k in ACCESS_CONTENTS if not decision.access_content.get(k, "").strip()]
        if missing:
            raise DecisionRefused(
                "an access answer states " + ", ".join(missing) + " (GDPR Art. 15(1)-(2))",
                "access_content." + missing[0],
            )


def _check_objection(decision: Decision) -> None:
    kind = decision.objection_kind
    if kind is None:
        raise DecisionRefused("say what the objection is against", "objection_kind")
    if kind is ObjectionKind.direct_marketing and decision.outcome is not Outcome.granted:
        raise DecisionRefused(
            "an objection to direct marketing is absolute: processing for it stops, no reason "
            "is asked and none may override it (GDPR Art. 21(2)-(3))",
            "outcome",
        )
    if kind in (ObjectionKind.legitimate_interest, ObjectionKind.public_task) and (
        decision.outcome is not Outcome.granted
    ):
        if decision.ground is not RefusalGround.overriding_grounds:
            raise DecisionRefused(
                "processing continues after an objection only for compelling legitimate "
                "grounds or legal claims (GDPR Art. 21(1)): ground overriding_grounds",
                "ground",
            )
        if not decision.by_director:
            raise DecisionRefused(
                "continuing after an objection needs the director's reasoned decision "
                "(003 D-DSR \"8.5\", 004 K-DSR 9.5)",
                "by_director",
            )

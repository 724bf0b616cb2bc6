"""One organisation's request rules, read from its profile, with findings where they overreach.

The organisation's rule is kept as configured and the lawful one applies where they conflict
(design.md): a request is never charged, an identity method heavier than the EDPB allows is
still what staff record but a finding says so, and a channel the documents do not name is
still accepted (a controller must make reasonable efforts, EDPB Guidelines 01/2022 §55-56).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tvarka.domain.findings import Finding, Severity
from tvarka.domain.profile import Profile
from tvarka.domain.requests.terms import Right, ValidationItem
from tvarka.domain.setting_defaults import DEFAULTS, Source, effective
from tvarka.domain.settings import (
    Charging,
    CopyCharging,
    FeeRule,
    IdMethod,
    IdRule,
    IdVerification,
    IfUnverified,
    InvalidRequestHandling,
    Language,
    ResponseChannel,
    rule_for,
)
from tvarka.domain.vocabulary import ChannelKind, Role, SubjectType

EDPB = "EDPB Guidelines 01/2022 on the right of access"
PAPER = frozenset(
    {ChannelKind.post, ChannelKind.registered_letter, ChannelKind.courier, ChannelKind.in_person}
)
LIGHT_METHODS = frozenset(
    {IdMethod.one_time_code_known_address, IdMethod.account_login,
     IdMethod.company_mailbox_or_contract_email}
)


@dataclass(frozen=True)
class ChannelDecision:
    examined: bool
    named: bool  # the organisation's documents name this channel for this subject type
    citation: str | None
    reason: str | None  # why a request on this channel is not examined
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class IdentityRequirement:
    required: bool
    methods: tuple[IdMethod, ...]
    if_unverified: IfUnverified
    citation: str
    from_organisation: bool
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class RequestRules:
    """What applies to one request: derived once at intake and stored with it."""

    channel: ChannelDecision
    identity: IdentityRequirement
    invalid_handling: InvalidRequestHandling
    invalid_citation: str
    languages: tuple[Language, ...]  # the letters' languages, first is the main one
    language_citation: str
    pause_for_identity: bool
    fee: FeeRule | None
    fee_citation: str
    response: ResponseChannel | None
    response_citation: str
    processor: bool  # processor mode: forward to the controller
    findings: tuple[Finding, ...]


def is_processor(profile: Profile) -> bool:
    return profile.default_role.value is Role.processor


def channel_decision(
    profile: Profile, channel: ChannelKind, subject_type: SubjectType
) -> ChannelDecision:
    matching = [c for c in profile.channels if c.kind is channel and subject_type in c.subject_types]
    refused = [c for c in matching if not c.examined]
    if refused:
        ch = refused[0]
        reason = (
            f"the organisation does not examine {channel.value} requests from a "
            f"{subject_type.value} ({ch.citation})"
        )
        finding = Finding(
            code="DSR-CHANNEL-NOT-EXAMINED",
            severity=Severity.warning,
            title="Requests on a channel are refused without being examined",
            explanation=(
                f"{reason}. A controller must facilitate the exercise of rights and may not "
                "refuse a request only for the form it came in; it may ask for what it needs "
                "to act (GDPR Art. 12(2); " + EDPB + " §52-56)."
            ),
            legal_reference="GDPR Art. 12(2); " + EDPB + " §52-56",
            citation=ch.citation,
        )
        return ChannelDecision(False, True, ch.citation, reason, (finding,))
    if matching:
        return ChannelDecision(True, True, matching[0].citation, None)
    if channel is ChannelKind.web_form:
        return ChannelDecision(True, False, "GDPR Art. 12(2) (Tvarka's privacy centre)", None)
    finding = Finding(
        code="DSR-CHANNEL-NOT-NAMED",
        severity=Severity.info,
        title="A request came by a channel the documents do not name",
        explanation=(
            f"The documents name no {channel.value} channel for a {subject_type.value}; the "
            "request is examined all the same, because a controller must make reasonable "
            "efforts to handle requests that reach it."
        ),
        legal_reference=EDPB + " §55-56",
        citation=None,
    )
    return ChannelDecision(True, False, None, None, (finding,))


def _fallback_rule(channel: ChannelKind, subject_type: SubjectType) -> IdRule:
    default: IdVerification = DEFAULTS["dsr_id_verification"].value
    return default.rule_for(channel, subject_type) or IdRule(
        channels=[channel],
        any_of=[IdMethod.one_time_code_known_address],
        if_unverified=IfUnverified.ask_for_more,
    )


def identity_requirement(
    profile: Profile, channel: ChannelKind, subject_type: SubjectType, right: Right
) -> IdentityRequirement:
    applied = effective(profile.settings, "dsr_id_verification")
    if right is Right.information:
        return IdentityRequirement(
            False, (), IfUnverified.ask_for_more,
            "GDPR Art. 13, 14 (information owed to everyone; no identity needed)"
            + (f"; {applied.reference}" if applied.source is Source.organisation else ""),
            applied.source is Source.organisation,
        )
    verification: IdVerification = applied.value
    rule = verification.rule_for(channel, subject_type)
    findings: list[Finding] = []
    from_org = applied.source is Source.organisation and rule is not None
    citation = (rule.citation if rule and rule.citation else applied.reference)
    if rule is None:
        rule = _fallback_rule(channel, subject_type)
        citation = DEFAULTS["dsr_id_verification"].legal_reference
        if applied.source is Source.organisation:
            findings.append(
                Finding(
                    code="ID-NO-RULE",
                    severity=Severity.info,
                    title="No identity rule for this channel",
                    explanation=(
                        f"The documents set no identity check for {channel.value} requests "
                        f"from a {subject_type.value}; Tvarka asks for the proportionate "
                        "default: " + ", ".join(m.value for m in rule.any_of) + "."
                    ),
                    legal_reference="GDPR Art. 12(6); " + EDPB + " §63-72",
                    citation=applied.reference,
                )
            )
    if from_org:
        findings += identity_findings(rule, citation)
    return IdentityRequirement(
        True, tuple(rule.any_of), rule.if_unverified, citation, from_org, tuple(findings)
    )


def identity_findings(rule: IdRule, citation: str | None) -> list[Finding]:
    """Where an organisation's identity method is heavier than the EDPB allows."""
    findings: list[Finding] = []
    methods = set(rule.any_of)
    light = methods & LIGHT_METHODS
    channels = ", ".join(c.value for c in rule.channels)
    if methods & {IdMethod.notarised_copy, IdMethod.otherwise_certified_copy} and not light:
        findings.append(
            Finding(
                code="ID-NOTARISED-COPY",
                severity=Severity.warning,
                title="A notarised copy of an identity document is required",
                explanation=(
                    f"For {channels} the documents require a notarised (certified) copy of an "
                    "identity document. The EDPB calls notarisation an excessive burden unless "
                    "necessary and provided for by national law, and copies of identity "
                    "documents generally inappropriate; Tvarka records only that a copy was "
                    "seen, never the copy."
                ),
                legal_reference="GDPR Art. 12(2), 12(6); " + EDPB + " §73-79, example 14",
                citation=citation,
            )
        )
    if IdMethod.identity_document_in_person in methods and not light:
        findings.append(
            Finding(
                code="ID-DOCUMENT-ONLY",
                severity=Severity.warning,
                title="Only an identity document proves identity",
                explanation=(
                    f"For {channels} the documents accept only an identity document. Identity "
                    "may be checked only on reasonable doubt and with no more data than "
                    "necessary; a known address or an existing account usually suffices."
                ),
                legal_reference="GDPR Art. 12(6), Recital 64; " + EDPB + " §58-75",
                citation=citation,
            )
        )
    if methods <= {IdMethod.qualified_e_signature, IdMethod.integrity_protected_electronic,
                   IdMethod.e_signature}:
        findings.append(
            Finding(
                code="ID-E-SIGNATURE-ONLY",
                severity=Severity.warning,
                title="An electronic request must carry an electronic signature",
                explanation=(
                    f"For {channels} the documents demand an (in part qualified) electronic "
                    "signature. A one-time code to the address the organisation already knows "
                    "is the proportionate check the EDPB prefers."
                ),
                legal_reference="GDPR Art. 12(2), 12(6); " + EDPB + " §72-75",
                citation=citation,
            )
        )
    if rule.if_unverified is IfUnverified.not_examined:
        findings.append(
            Finding(
                code="ID-NOT-EXAMINED",
                severity=Severity.warning,
                title="Without the required proof a request is not examined",
                explanation=(
                    f"For {channels} a request without the required proof is not examined. "
                    "Under Art. 12(6) the controller may ask for additional information; "
                    "Tvarka records the refusal with its reasons and names VDAI and the court."
                ),
                legal_reference="GDPR Art. 12(2), 12(4), 12(6)",
                citation=citation,
            )
        )
    return findings


def fee_findings(fee: FeeRule | None, citation: str) -> list[Finding]:
    """The fee rule only ever raises findings: Tvarka never charges a request."""
    if fee is None:
        return []
    findings: list[Finding] = []
    if fee.charging is Charging.free_once_per_calendar_year:
        findings.append(
            Finding(
                code="FEE-ONCE-PER-YEAR",
                severity=Severity.violation,
                title='"Free once per calendar year" is not the GDPR rule',
                explanation=(
                    "Answers are free (Art. 12(5)); a fee or refusal is possible only for a "
                    "manifestly unfounded or excessive request, with reasons on record, and a "
                    "one-year interval can never make a request excessive. Tvarka never "
                    "charges a request under this rule."
                ),
                legal_reference="GDPR Art. 12(5); " + EDPB + " §185",
                citation=fee.citation or citation,
            )
        )
    if fee.copies is CopyCharging.any_copy_admin_cost:
        findings.append(
            Finding(
                code="FEE-FIRST-COPY",
                severity=Severity.violation,
                title="A fee for the first copy",
                explanation=(
                    "The first copy of the data is free; only further copies may cost a "
                    "reasonable fee based on administrative costs."
                ),
                legal_reference="GDPR Art. 15(3); " + EDPB + " §28-31",
                citation=fee.citation or citation,
            )
        )
    if fee.charging is Charging.first_free_repeats_fee_or_refusal:
        findings.append(
            Finding(
                code="FEE-REPEATS",
                severity=Severity.warning,
                title="Repeated requests charged or refused",
                explanation=(
                    "A repeated request may be charged or refused only when it is manifestly "
                    "unfounded or excessive, with reasons on record; a request for another "
                    "period or scope is a new free request."
                ),
                legal_reference="GDPR Art. 12(5); " + EDPB + " §175-195",
                citation=fee.citation or citation,
            )
        )
    return findings


def repeat_finding(fee: FeeRule | None, earlier_this_year: int) -> Finding | None:
    """On a second request in a calendar year the organisation's rule would charge; we don't."""
    if fee is None or fee.charging is not Charging.free_once_per_calendar_year:
        return None
    if earlier_this_year < 1:
        return None
    return Finding(
        code="FEE-REPEAT-KEPT-FREE",
        severity=Severity.info,
        title="The organisation's rule would charge this request; it stays free",
        explanation=(
            f"The person made {earlier_this_year} earlier request(s) this calendar year. The "
            "organisation's documents allow a fee after the first; the GDPR does not, unless "
            "the request is manifestly unfounded or excessive with reasons on record."
        ),
        legal_reference="GDPR Art. 12(5); " + EDPB + " §185",
        citation=fee.citation,
    )


def missing_items(channel: ChannelKind, given: Sequence[ValidationItem]) -> list[ValidationItem]:
    """What a request lacks; a signature is asked only of paper requests."""
    needed = [i for i in ValidationItem if i is not ValidationItem.signed or channel in PAPER]
    return [item for item in needed if item not in given]


def letter_languages(
    available: Sequence[Language], requested: Language | None
) -> tuple[Language, ...]:
    """The person's language where the organisation answers in it; otherwise the
    organisation's first language with the person's as a second copy.

    Delano and Kitoks answer only in the state language (Lithuanian): an English copy goes
    with the Lithuanian letter when the person wrote in English.
    """
    if requested is None:
        return (available[0],)
    if requested in available:
        return (requested,)
    return (available[0], requested)


def request_rules(
    profile: Profile,
    channel: ChannelKind,
    subject_type: SubjectType,
    right: Right,
    requested_language: Language | None = None,
) -> RequestRules:
    settings = profile.settings
    decision = channel_decision(profile, channel, subject_type)
    identity = identity_requirement(profile, channel, subject_type, right)
    invalid = effective(settings, "dsr_invalid_request")
    language = effective(settings, "dsr_language")
    pause = effective(settings, "dsr_pause_for_identity")
    fees = effective(settings, "dsr_fee_policy")
    fee = rule_for(fees.value, subject_type)
    responses = effective(settings, "dsr_response_channel")
    response = rule_for(responses.value, subject_type)
    findings = [*decision.findings, *identity.findings, *fee_findings(fee, fees.reference)]
    return RequestRules(
        channel=decision,
        identity=identity,
        invalid_handling=invalid.value,
        invalid_citation=invalid.reference,
        languages=letter_languages(language.value, requested_language),
        language_citation=language.reference,
        pause_for_identity=bool(pause.value),
        fee=fee,
        fee_citation=fees.reference,
        response=response,
        response_citation=responses.reference,
        processor=is_processor(profile),
        findings=tuple(findings),
    )

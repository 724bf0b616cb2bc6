"""Compliance findings over an organisation's register and its organisation-wide rules.

Each rule is a pure function ``(Register, OrgFacts, as_of) -> list[Finding]`` with one stable
code, so a DPO can track a finding across edits. Tvarka keeps the organisation's rule as written
and reports the conflict; it never silently rewrites the register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from tvarka.domain.cited import Gap
from tvarka.domain.findings import Finding, Severity
from tvarka.domain.legal_time.lengths import Length, Unit
from tvarka.domain.profile import Role
from tvarka.domain.register.facts import FeeRule, IdRequirement, OrgFacts, UnderAgeMode
from tvarka.domain.register.model import Activity, Register, RetentionRule, SubjectCategory
from tvarka.domain.register.review import review_due
from tvarka.domain.register.vocabulary import (
    PRIVACY_SHIELD_INVALID_FROM,
    LegalBasis,
    TransferMechanism,
)

LT_DIGITAL_CONSENT_AGE = 14  # ADTAĮ Art. 6(1), using the GDPR Art. 8(1) derogation

Rule = Callable[[Register, OrgFacts, date], list[Finding]]


def _finding(
    code: str,
    severity: Severity,
    title: str,
    explanation: str,
    legal_reference: str,
    citation: str | None,
) -> Finding:
    return Finding(code, severity, title, explanation, legal_reference, citation)


def _join(citations: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(citations))


def _years(length: Length) -> float:
    if length.unit is Unit.years:
        return float(length.amount)
    if length.unit is Unit.months:
        return length.amount / 12
    if length.unit in (Unit.calendar_days, Unit.working_days, Unit.paros):
        return length.amount / 365
    return 0.0


# --- transfers -------------------------------------------------------------------------------


def transfer_privacy_shield(register: Register, _: OrgFacts, as_of: date) -> list[Finding]:
    if as_of < PRIVACY_SHIELD_INVALID_FROM:
        return []
    return [
        _finding(
            "TRANSFER-PRIVACY-SHIELD",
            Severity.violation,
            "Transfer relies on the EU-US Privacy Shield",
            f"Activity '{a.key}' transfers data to {t.recipient} ({t.country}) under the Privacy "
            "Shield, which the CJEU annulled on 16 July 2020. Since 10 July 2023 a US recipient "
            "can rely on the EU-US Data Privacy Framework only if it is certified; otherwise "
            "standard contractual clauses with a transfer impact assessment are needed.",
            "GDPR Art. 44-46; CJEU C-311/18 (Schrems II); Decision (EU) 2023/1795",
            t.citation,
        )
        for a in register.activities
        for t in a.known_transfers
        if t.mechanism is TransferMechanism.privacy_shield
    ]


def transfer_expired(register: Register, _: OrgFacts, as_of: date) -> list[Finding]:
    return [
        _finding(
            "TRANSFER-MECHANISM-EXPIRED",
            Severity.violation,
            "Transfer mechanism no longer valid",
            f"Activity '{a.key}': the {t.mechanism.value} for {t.recipient} ({t.country}) was "
            f"valid until {t.valid_to}; transfers after that date have no Chapter V basis.",
            t.mechanism.article,
            t.citation,
        )
        for a in register.activities
        for t in a.known_transfers
        if t.mechanism is not TransferMechanism.privacy_shield
        and t.valid_to is not None
        and t.valid_to < as_of
    ]


def transfer_no_safeguard(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "TRANSFER-NO-SAFEGUARD",
            Severity.violation,
            "Third-country transfer without any transfer tool",
            f"Activity '{a.key}' transfers data to {t.recipient} ({t.country}) with no adequacy "
            "decision, no Art. 46 safeguard and no Art. 49 derogation.",
            "GDPR Art. 44",
            t.citation,
        )
        for a in register.activities
        for t in a.known_transfers
        if t.mechanism is TransferMechanism.none
    ]


def transfer_consent_condition(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "TRANSFER-CONSENT-CONDITION",
            Severity.violation,
            "Consent to a transfer is a condition of the service",
            f"Activity '{a.key}' transfers data to {t.recipient} ({t.country}) on the subject's "
            "consent (Art. 49(1)(a)), but without that consent the person cannot use the service "
            "and withdrawing it ends the relationship. Consent tied to a contract in this way is "
            "not freely given, so the derogation does not apply.",
            "GDPR Art. 4(11), 7(4), 49(1)(a); EDPB Guidelines 2/2018 §2.1",
            t.citation,
        )
        for a in register.activities
        for t in a.known_transfers
        if t.mechanism is TransferMechanism.art49_derogation
        and t.derogation is not None
        and t.derogation.value == "a"
        and t.consent_is_condition_of_service
    ]


def transfer_derogation_systematic(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "TRANSFER-ART49-SYSTEMATIC",
            Severity.warning,
            "Art. 49 derogation used for a routine transfer",
            f"Activity '{a.key}' sends data to {t.recipient} ({t.country}) as part of its regular "
            "processing under an Art. 49 derogation. Derogations are for occasional transfers; a "
            "regular flow needs an Art. 46 safeguard such as standard contractual clauses.",
            "GDPR Art. 49(1); EDPB Guidelines 2/2018 §1",
            t.citation,
        )
        for a in register.activities
        for t in a.known_transfers
        if t.mechanism is TransferMechanism.art49_derogation
    ]


def transfer_unspecified(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "TRANSFER-UNSPECIFIED",
            Severity.warning,
            "Third-country transfer without country or mechanism",
            f"Activity '{a.key}': the documents say data leave the EU/EEA but name neither the "
            f"country nor the transfer tool ({gap.note}).",
            "GDPR Art. 13(1)(f), 30(1)(e), 44",
            gap.citation,
        )
        for a in register.activities
        for gap in a.transfers
        if isinstance(gap, Gap)
    ]


# --- legal basis -----------------------------------------------------------------------------

_SECURITY_USES = ("essential.service.security", "essential.fraud_detection")


def basis_vital_interests_security(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "BASIS-VITAL-INTERESTS-SECURITY",
            Severity.violation,
            "Vital interests used for security",
            f"Activity '{a.key}' relies on vital interests (Art. 6(1)(d)) for the safety of "
            "people and property. Vital interests cover only a threat to someone's life where no "
            "other basis applies; premises security and video surveillance rest on legitimate "
            "interests (Art. 6(1)(f)) with a balancing test.",
            "GDPR Art. 6(1)(d), Recital 46; EDPB Guidelines 3/2019 §3.1",
            b.citation,
        )
        for a in register.activities
        if any(u.startswith(_SECURITY_USES) for u in a.data_uses)
        for b in a.bases
        if b.basis is LegalBasis.d
    ]


def basis_missing(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "BASIS-MISSING",
            Severity.warning,
            "No legal basis stated",
            f"Activity '{a.key}' has no legal basis in the documents ({a.legal_bases.note}).",
            "GDPR Art. 6(1), 13(1)(c)",
            a.legal_bases.citation or a.purpose.citation,
        )
        for a in register.activities
        if a.role.value is not Role.processor and isinstance(a.legal_bases, Gap)
    ]


def basis_interest_not_stated(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "BASIS-LI-NOT-STATED",
            Severity.warning,
            "Legitimate interest not stated",
            f"Activity '{a.key}' relies on legitimate interests but the documents do not say "
            "which interest; the data subject must be told it.",
            "GDPR Art. 13(1)(d), 14(2)(b)",
            b.citation,
        )
        for a in register.activities
        for b in a.bases
        if b.basis is LegalBasis.f and isinstance(b.legitimate_interest, Gap)
    ]


def employee_consent(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    found = []
    for a in register.activities:
        if not any(isinstance(s, SubjectCategory) and s.key == "employee" for s in a.data_subjects):
            continue
        citations = [b.citation for b in a.bases if b.basis is LegalBasis.a]
        citations += [c.citation for c in a.special_conditions if c.condition.value == "a"]
        if citations:
            found.append(
                _finding(
                    "EMPLOYEE-CONSENT",
                    Severity.warning,
                    "Employee data on consent",
                    f"Activity '{a.key}' processes employee data on the employee's consent. Given "
                    "the imbalance of power, an employee's consent is rarely freely given; "
                    "employment law (Art. 6(1)(b)/(c), Art. 9(2)(b)) usually fits.",
                    "GDPR Art. 7(4), Recital 43; EDPB Guidelines 05/2020 §21",
                    _join(citations),
                )
            )
    return found


# --- special categories ----------------------------------------------------------------------


def special_category_without_condition(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    found = []
    for a in register.activities:
        special = [d for d in a.items if d.special]
        if special and not a.special_conditions:
            found.append(
                _finding(
                    "SPECIAL-CATEGORY-NO-ART9",
                    Severity.violation,
                    "Special-category data without an Art. 9(2) condition",
                    f"Activity '{a.key}' processes {', '.join(d.label for d in special)} "
                    "without a condition from Art. 9(2); processing such data is prohibited "
                    "unless one applies.",
                    "GDPR Art. 9(1)-(2)",
                    _join(d.citation for d in special),
                )
            )
        criminal = [d for d in a.items if d.criminal]
        if criminal and not a.criminal_conditions:
            found.append(
                _finding(
                    "CRIMINAL-DATA-NO-ART10",
                    Severity.violation,
                    "Criminal-offence data without an Art. 10 basis",
                    f"Activity '{a.key}' processes {', '.join(d.label for d in criminal)} "
                    "without official authority or a law that allows it.",
                    "GDPR Art. 10",
                    _join(d.citation for d in criminal),
                )
            )
    return found


# --- retention -------------------------------------------------------------------------------


def _statutory_accounting(activity: Activity, rule: RetentionRule) -> bool:
    return rule.statutory is not None or "finance" in activity.data_uses


def retention_ten_years(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "RETENTION-10Y-NON-ACCOUNTING",
            Severity.warning,
            "Ten-year retention of data that are not accounting records",
            f"Activity '{a.key}' keeps {r.applies_to or 'its data'} for {r.period} after "
            f"'{r.anchor_label}'. Ten years matches the accounting-document duty, which covers "
            "accounting records only; contact, account and usage data need their own, shorter "
            "period (storage limitation).",
            "GDPR Art. 5(1)(e); Law on Financial Accounting (documents only)",
            r.citation,
        )
        for a in register.activities
        for r in a.retention_rules
        if _years(r.period) >= 10 and not _statutory_accounting(a, r)
    ]


def retention_missing(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "RETENTION-MISSING",
            Severity.warning,
            "No retention period",
            f"Activity '{a.key}' has no retention period or criterion in the documents.",
            "GDPR Art. 5(1)(e), 13(2)(a), 30(1)(f)",
            _join(g.citation for g in a.retention if isinstance(g, Gap) and g.citation)
            or a.purpose.citation,
        )
        for a in register.activities
        if not a.retention_rules
    ]


def retention_conflict(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    found = []
    for a in register.activities:
        by_target: dict[str, list[RetentionRule]] = {}
        for r in a.retention_rules:
            by_target.setdefault(r.applies_to or "", []).append(r)
        for target, rules in by_target.items():
            terms = {(r.anchor, str(r.period)) for r in rules}
            if len(terms) > 1:
                found.append(
                    _finding(
                        "RETENTION-CONFLICT",
                        Severity.warning,
                        "Conflicting retention rules for the same data",
                        f"Activity '{a.key}' has {len(terms)} different retention rules for "
                        f"{target or 'its data'}: "
                        + "; ".join(
                            f"{r.period} after {r.anchor_label} ({r.citation})" for r in rules
                        )
                        + ". A precedence must be chosen.",
                        "GDPR Art. 5(1)(e), 5(2)",
                        _join(r.citation for r in rules),
                    )
                )
    return found


# --- other register rules --------------------------------------------------------------------


def activity_questionable(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "ACTIVITY-QUESTIONABLE",
            Severity.warning,
            "Declared purpose looks like a template leftover",
            f"Activity '{a.key}': {a.questionable.reason}.",
            "GDPR Art. 5(1)(b), 5(2)",
            a.questionable.citation,
        )
        for a in register.activities
        if a.questionable is not None
    ]


def adm_consent(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "ADM-CONSENT-NOT-EXPLICIT",
            Severity.warning,
            "Automated decision with legal effect based on consent",
            f"Activity '{a.key}': {d.description}. Art. 22(2)(c) needs explicit consent and "
            "safeguards: human intervention, the right to express a view and to contest.",
            "GDPR Art. 22(2)(c), 22(3)",
            d.citation,
        )
        for a in register.activities
        for d in a.automated_decisions
        if d.legal_or_similar_effect and d.basis is LegalBasis.a
    ]


def dpia_required(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "DPIA-REQUIRED",
            Severity.info,
            "Data protection impact assessment needed",
            f"Activity '{a.key}': {a.dpia.reason}; the documents mention no DPIA.",
            a.dpia.reference,
            a.purpose.citation,
        )
        for a in register.activities
        if a.dpia is not None and a.dpia.required
    ]


def review_overdue(register: Register, _: OrgFacts, as_of: date) -> list[Finding]:
    if register.review is None:
        return []
    due = review_due(register.review)
    if due is not None and due > as_of:
        return []
    when = "has never been recorded" if due is None else f"was due on {due}"
    return [
        _finding(
            "REVIEW-DUE",
            Severity.warning,
            "Register review due",
            f"The organisation reviews its rules and register at least every "
            f"{register.review.every}; the review {when}.",
            "GDPR Art. 24(1), 30",
            register.review.citation,
        )
    ]


# --- organisation-wide rules -----------------------------------------------------------------


def age_16_vs_14(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    if facts.min_age is None or facts.min_age.value == LT_DIGITAL_CONSENT_AGE:
        return []
    return [
        _finding(
            "AGE-16-VS-14",
            Severity.warning,
            f"Age limit {facts.min_age.value} instead of Lithuania's 14",
            f"The documents set {facts.min_age.value} as the age below which a child needs a "
            "parent's consent. Lithuania fixed that age at 14 for information-society services; "
            "children aged 14 and over consent for themselves.",
            "GDPR Art. 8(1); ADTAĮ Art. 6(1)",
            facts.min_age.citation,
        )
    ]


def age_block_vs_parental(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    modes = {m.value for m in facts.under_age_modes}
    if {UnderAgeMode.block, UnderAgeMode.parental_consent} <= modes:
        return [
            _finding(
                "AGE-BLOCK-VS-PARENTAL",
                Severity.warning,
                "Children both barred and allowed with parental consent",
                "The same rule says children under the age limit may not provide any data and "
                "that they must obtain a parent's consent before providing it; the two cannot "
                "both be applied, so one behaviour must be chosen.",
                "GDPR Art. 8(1)-(2), 12(1)",
                _join(m.citation for m in facts.under_age_modes),
            )
        ]
    return []


def fee_once_per_year(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "FEE-ONCE-PER-YEAR",
            Severity.violation,
            "Requests free only once per calendar year",
            "The documents make acting on a data subject's request free only once per calendar "
            "year. GDPR requests are free; a fee or refusal is allowed only for a manifestly "
            "unfounded or excessive request, which the controller must show.",
            "GDPR Art. 12(5)",
            f.citation,
        )
        for f in facts.fee_rules
        if f.value is FeeRule.free_once_per_calendar_year
    ]


def fee_copy(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "FEE-FIRST-COPY",
            Severity.warning,
            "Fee for a copy of the data",
            "The documents allow a fee based on administrative costs for a copy of the data; "
            "the first copy is free and only further copies may cost a reasonable fee.",
            "GDPR Art. 15(3)",
            f.citation,
        )
        for f in facts.fee_rules
        if f.value is FeeRule.copy_fee_admin_costs
    ]


def dsr_thirty_days(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    found = [
        _finding(
            "DSR-30-DAYS",
            Severity.warning,
            f"Response deadline '{d.value}' instead of one month",
            f"The documents give {d.value} to answer a request. GDPR gives one month, counted "
            "as a calendar month: 30 days is shorter in a 31-day month and longer from late "
            "January into February, so the two rules diverge"
            + (
                ", and the organisation's own rules also say one month."
                if any(x.value.unit is Unit.months for x in facts.dsr_deadlines)
                else "."
            ),
            "GDPR Art. 12(3); Reg. 1182/71 Art. 3(2)(c)",
            d.citation,
        )
        for d in facts.dsr_deadlines
        if d.value.unit is Unit.calendar_days
    ]
    found += [
        _finding(
            "DSR-EXTENSION-DAYS",
            Severity.warning,
            f"Extension to '{e.value}' instead of two further months",
            f"The documents extend the answer to {e.value} from the request. GDPR allows two "
            "further months, announced with reasons within the first month.",
            "GDPR Art. 12(3)",
            e.citation,
        )
        for e in facts.dsr_extensions
        if e.value.unit is Unit.calendar_days
    ]
    return found


def id_notarised_copy(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    notarised = [r for r in facts.id_rules if r.value.requirement is IdRequirement.notarised_copy]
    if not notarised:
        return []
    channels = ", ".join(dict.fromkeys(r.value.channel.value for r in notarised))
    return [
        _finding(
            "ID-NOTARISED-COPY",
            Severity.warning,
            "Notarised ID copy demanded",
            f"Requests sent by {channels} must enclose a notarised copy of an identity document. "
            "The controller may ask only for information needed to confirm identity and must "
            "facilitate requests; a notarised copy is disproportionate in most cases.",
            "GDPR Art. 11(2), 12(2), 12(6); EDPB Guidelines 01/2022 §§64-77",
            _join(r.citation for r in notarised),
        )
    ]


def dm_objection_reasons(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.dm_objection_requires_reasons
    if rule is None or not rule.value:
        return []
    return [
        _finding(
            "DM-OBJECTION-REASONS",
            Severity.violation,
            "Reasons demanded for a direct-marketing objection",
            "The documents ask the data subject to give reasons for objecting. An objection to "
            "direct marketing is absolute: processing for that purpose stops, no reasons asked.",
            "GDPR Art. 21(2)-(3)",
            rule.citation,
        )
    ]


def cookie_implied_consent(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.cookie_consent
    if rule is None or rule.value.value == "opt_in":
        return []
    return [
        _finding(
            "COOKIE-IMPLIED-CONSENT",
            Severity.violation,
            "Cookie consent implied by using the website",
            "Consent to non-essential cookies is taken from using or browsing the website. "
            "Consent needs a clear affirmative act before the cookies are set; silence, "
            "inactivity or continued browsing is not consent.",
            "ERĮ Art. 61(3); GDPR Art. 4(11), 7; CJEU C-673/17 (Planet49)",
            rule.citation,
        )
    ]


def cookie_stores_credentials(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    found = []
    for a in register.activities:
        keys = {d.key for d in a.items}
        credentials = [d for d in a.items if d.key.startswith("user.authorization")]
        if "user.device.cookie" in keys and credentials:
            found.append(
                _finding(
                    "COOKIE-STORES-CREDENTIALS",
                    Severity.warning,
                    "Cookies keep login credentials",
                    f"Activity '{a.key}': {credentials[0].label}. A password kept in a persistent "
                    "cookie can be read by anyone with access to the device or by injected "
                    "scripts; keep a revocable session token instead.",
                    "GDPR Art. 5(1)(f), 32(1)",
                    credentials[0].citation,
                )
            )
    return found


_MARKETING = ("marketing.communications",)


def dm_soft_opt_in(register: Register, _: OrgFacts, __: date) -> list[Finding]:
    return [
        _finding(
            "DM-SOFT-OPT-IN-CONDITIONS",
            Severity.warning,
            "Direct marketing without consent: the soft opt-in conditions",
            f"Activity '{a.key}' sends direct marketing on legitimate interests. Electronic "
            "marketing without consent is allowed only to the organisation's own customers, "
            "for its own similar goods or services, with a free, easy opt-out offered when the "
            "contact was collected and in every message; any other electronic marketing needs "
            "consent.",
            "ERĮ Art. 69(1)-(2); ePrivacy Directive Art. 13(2); GDPR Art. 21(2)",
            b.citation,
        )
        for a in register.activities
        if any(u.startswith(_MARKETING) for u in a.data_uses)
        for b in a.bases
        if b.basis is LegalBasis.f
    ]


def dm_optout_delay(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.dm_optout_within
    if rule is None or rule.value.unit in (Unit.immediately, Unit.without_undue_delay):
        return []
    return [
        _finding(
            "DM-OPTOUT-DELAY",
            Severity.warning,
            f"Stopping direct marketing may take {rule.value}",
            f"The documents allow {rule.value} to stop marketing after an objection. Once the "
            "objection is received, the data may no longer be processed for direct marketing; "
            "new messages must stop at once.",
            "GDPR Art. 21(3); ERĮ Art. 69",
            rule.citation,
        )
    ]


def breach_processor_delay(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.processor_breach_conclusion
    if rule is None:
        return []
    return [
        _finding(
            "BREACH-PROCESSOR-DELAY",
            Severity.warning,
            "Processor breach inquiry without a notice deadline",
            f"A breach is examined by a commission that concludes within {rule.value}, and no "
            "deadline is set for telling the controller. The processor must notify the "
            "controller without undue delay, so that the controller can meet the 72-hour "
            "notice to the authority; the inquiry may continue afterwards.",
            "GDPR Art. 33(1)-(2), 28(3)(f)",
            rule.citation,
        )
    ]


def rights_limitation_broad(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.rights_limitation
    if rule is None:
        return []
    return [
        _finding(
            "RIGHTS-LIMITATION-BROAD",
            Severity.warning,
            "Data-subject rights limited more widely than the GDPR allows",
            f"The documents say: {rule.value}. Rights may be limited only by the specific "
            "exceptions of Art. 17(3), 18(2), 20(3), 21(1) or a law under Art. 23.",
            "GDPR Art. 12(2), 17(3), 21(1), 23",
            rule.citation,
        )
    ]


def consent_bundled(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    if not facts.consent_bundling:
        return []
    return [
        _finding(
            "CONSENT-BUNDLED",
            Severity.warning,
            "Consent taken from using a service or accepting terms",
            "The documents treat visiting, using a service or accepting its terms as agreement "
            "to processing: "
            + "; ".join(f"{c.value} [{c.citation}]" for c in facts.consent_bundling)
            + ". Consent tied to a service it is not needed for, or read into use, is not freely "
            "given or unambiguous.",
            "GDPR Art. 4(11), 7(2), 7(4), Recital 43",
            _join(c.citation for c in facts.consent_bundling),
        )
    ]


def personal_codes_published(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.published_personal_codes
    if rule is None:
        return []
    return [
        _finding(
            "PERSONAL-CODES-PUBLISHED",
            Severity.violation,
            "Personal codes published in the organisation's documents",
            f"{rule.value}. Publishing individuals' personal codes and home addresses serves no "
            "purpose of the notice; Lithuanian law restricts using the personal code.",
            "GDPR Art. 5(1)(c), 87; ADTAĮ Art. 3",
            rule.citation,
        )
    ]


def id_not_examined(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    if not facts.unverified_not_examined:
        return []
    return [
        _finding(
            "ID-REQUEST-NOT-EXAMINED",
            Severity.warning,
            "Requests refused without examination for form",
            "The documents refuse to examine requests that miss a formal or identity "
            "requirement: "
            + "; ".join(f"{c.value} [{c.citation}]" for c in facts.unverified_not_examined)
            + ". The controller must facilitate requests and ask for what is missing; refusing "
            "to act needs a demonstrated inability to identify the person.",
            "GDPR Art. 11(2), 12(2), 12(6); EDPB Guidelines 01/2022 §§59-65",
            _join(c.citation for c in facts.unverified_not_examined),
        )
    ]


def criminal_in_special(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    rule = facts.criminal_in_special_definition
    if rule is None or not rule.value:
        return []
    return [
        _finding(
            "CRIMINAL-AS-SPECIAL-CATEGORY",
            Severity.info,
            "Criminal records defined as a special category",
            "The documents list criminal records among the special categories. Criminal-offence "
            "data have their own regime (official authority or a law that allows it), not the "
            "Art. 9(2) conditions.",
            "GDPR Art. 9(1), 10",
            rule.citation,
        )
    ]


def dual_role(_: Register, facts: OrgFacts, __: date) -> list[Finding]:
    if not facts.dual_role_declared:
        return []
    return [
        _finding(
            "ROLE-CONTROLLER-AND-PROCESSOR",
            Severity.info,
            "Declared both controller and processor of the same data",
            'The documents call the organisation controller and processor ("valdytoja ir '
            'tvarkytoja") of the same data. For one processing operation an organisation is '
            "one or the other; the register records it as controller and a processor role only "
            "where a contract says so.",
            "GDPR Art. 4(7)-(8), 28; EDPB Guidelines 07/2020",
            _join(c.citation for c in facts.dual_role_declared),
        )
    ]


RULES: tuple[Rule, ...] = (
    transfer_privacy_shield,
    transfer_expired,
    transfer_no_safeguard,
    transfer_consent_condition,
    transfer_derogation_systematic,
    transfer_unspecified,
    basis_vital_interests_security,
    basis_missing,
    basis_interest_not_stated,
    employee_consent,
    special_category_without_condition,
    retention_ten_years,
    retention_missing,
    retention_conflict,
    activity_questionable,
    adm_consent,
    dpia_required,
    review_overdue,
    age_16_vs_14,
    age_block_vs_parental,
    fee_once_per_year,
    fee_copy,
    dsr_thirty_days,
    id_notarised_copy,
    dm_objection_reasons,
    cookie_implied_consent,
    cookie_stores_credentials,
    dm_soft_opt_in,
    dm_optout_delay,
    breach_processor_delay,
    rights_limitation_broad,
    consent_bundled,
    personal_codes_published,
    id_not_examined,
    criminal_in_special,
    dual_role,
)

_ORDER = {Severity.violation: 0, Severity.warning: 1, Severity.info: 2}


def check(register: Register, facts: OrgFacts, as_of: date) -> list[Finding]:
    """Every finding for the organisation, the most serious first, in a stable order."""
    if facts.org != register.org:
        raise ValueError(f"facts are for {facts.org!r}, the register for {register.org!r}")
    found = [f for rule in RULES for f in rule(register, facts, as_of)]
    return sorted(found, key=lambda f: (_ORDER[f.severity], f.code))

"""The organisation-wide facts the findings need, read from the organisation's profile.

The profile carries most of them (age limit, cookie consent, fees, identity rules and the DSR,
opt-out and breach clocks). What it does not model - a second, contradictory under-age mode,
reasons demanded for an objection, bundled consent, a dual role declared - comes from the small
bundled ``extras`` file of the register, so the two sources never state the same fact twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from tvarka.domain.cited import Cited, Gap
from tvarka.domain.profile import Profile
from tvarka.domain.register.facts import (
    CookieConsentMode,
    FeeRule,
    IdRequirement,
    IdRule,
    OrgFacts,
    UnderAgeMode,
)
from tvarka.domain.settings import (
    Charging,
    CopyCharging,
    IdMethod,
    IfUnverified,
    InvalidRequestHandling,
)
from tvarka.domain.vocabulary import LengthText

T = TypeVar("T")

_COOKIES = {
    "implied_by_use": CookieConsentMode.implied_by_use,
    "agree_button_or_continued_browsing": CookieConsentMode.continued_browsing,
    "prior_opt_in": CookieConsentMode.opt_in,
}
_CHARGING = {
    Charging.free_once_per_calendar_year: FeeRule.free_once_per_calendar_year,
    Charging.always_free: FeeRule.always_free,
    Charging.first_free_repeats_fee_or_refusal: FeeRule.first_free_then_fee,
    Charging.free_unless_manifestly_unfounded_or_excessive: FeeRule.free_unless_manifestly_unfounded,
}
_ID = {
    IdMethod.notarised_copy: IdRequirement.notarised_copy,
    IdMethod.identity_document_in_person: IdRequirement.identity_document,
    IdMethod.qualified_e_signature: IdRequirement.qualified_e_signature,
    IdMethod.e_signature: IdRequirement.e_signature,
    IdMethod.company_mailbox_or_contract_email: IdRequirement.company_mailbox,
}


def _cited(value: T, citation: str | None, fallback: str, note: str | None = None) -> Cited[T]:
    return Cited[Any](value=value, citation=citation or fallback, note=note)


def _clock(profile: Profile, name: str) -> list[Cited[LengthText]]:
    """The organisation's lengths for a clock that apply to everyone (not one subject type)."""
    return [
        Cited[Any](value=rule.length, citation=rule.citation, note=rule.note)
        for rule in profile.clocks.get(name, [])
        if rule.subject_type is None
    ]


def _unique(items: Iterable[Cited[T]]) -> list[Cited[T]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        key = (str(item.value), item.citation)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def facts_from_profile(profile: Profile, extras: OrgFacts | None = None) -> OrgFacts:
    extras = extras or OrgFacts(org=profile.key)
    if extras.org != profile.key:
        raise ValueError(f"extras are for {extras.org!r}, the profile is {profile.key!r}")
    settings = profile.settings
    values: dict[str, Any] = {name: getattr(extras, name) for name in OrgFacts.model_fields}

    if not isinstance(settings.min_age, Gap):
        rule = settings.min_age
        values["min_age"] = _cited(rule.value.age, rule.citation, rule.citation, rule.note)
        mode = _cited(UnderAgeMode(rule.value.mode.value), rule.citation, rule.citation)
        values["under_age_modes"] = _unique([mode, *extras.under_age_modes])

    if not isinstance(settings.cookie_consent_mode, Gap):
        rule_c = settings.cookie_consent_mode
        values["cookie_consent"] = _cited(
            _COOKIES[rule_c.value.value], rule_c.citation, rule_c.citation, rule_c.note
        )

    if not isinstance(settings.dsr_fee_policy, Gap):
        fees: list[Cited[FeeRule]] = []
        policy = settings.dsr_fee_policy
        for fee in policy.value:
            fees.append(_cited(_CHARGING[fee.charging], fee.citation, policy.citation, fee.note))
            if fee.copies is CopyCharging.any_copy_admin_cost:
                fees.append(
                    _cited(FeeRule.copy_fee_admin_costs, fee.citation, policy.citation, fee.note)
                )
        values["fee_rules"] = _unique([*fees, *extras.fee_rules])

    if not isinstance(settings.dsr_id_verification, Gap):
        verification = settings.dsr_id_verification
        rules: list[Cited[IdRule]] = []
        refused: list[Cited[str]] = []
        for id_rule in verification.value.rules:
            citation = id_rule.citation or verification.citation
            for channel in id_rule.channels:
                for method in id_rule.any_of:
                    if method in _ID:
                        rules.append(
                            _cited(
                                IdRule(channel=channel, requirement=_ID[method]), citation, citation
                            )
                        )
            if id_rule.if_unverified is IfUnverified.not_examined:
                channels = ", ".join(c.value for c in id_rule.channels)
                refused.append(
                    _cited(
                        f"a request by {channels} without the identity proof is not examined",
                        citation,
                        citation,
                    )
                )
        values["id_rules"] = _unique([*rules, *extras.id_rules])
        values["unverified_not_examined"] = _unique([*refused, *values["unverified_not_examined"]])

    invalid = settings.dsr_invalid_request
    if (
        not isinstance(invalid, Gap)
        and invalid.value is InvalidRequestHandling.not_examined_with_reasons
    ):
        refusal = _cited(
            "a request not made in the required form is not examined",
            invalid.citation,
            invalid.citation,
            invalid.note,
        )
        values["unverified_not_examined"] = _unique([refusal, *values["unverified_not_examined"]])

    if deadlines := _clock(profile, "dsr.response"):
        values["dsr_deadlines"] = deadlines
    if extensions := _clock(profile, "dsr.response.extended"):
        values["dsr_extensions"] = extensions
    if optout := _clock(profile, "dm.optout"):
        values["dm_optout_within"] = optout[0]
    if conclusion := _clock(profile, "breach.commission_conclusion"):
        values["processor_breach_conclusion"] = conclusion[0]
    return OrgFacts.model_validate(values)

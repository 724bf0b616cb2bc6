"""The few organisation-wide rules the register findings need, besides the register itself.

These facts belong to the organisation's profile (tvarka.domain.profile.Profile); until the
profile carries them, they are read from small bundled files, and once it does, an adapter
builds ``OrgFacts`` from the profile. Every fact is the organisation's rule as written, cited.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from tvarka.domain.cited import Cited, Strict
from tvarka.domain.profile import ChannelKind, LengthText, OrgKey


class UnderAgeMode(StrEnum):
    block = "block"  # under the age, the person may not provide data at all
    parental_consent = "parental_consent"  # under the age, a parent or guardian consents


class FeeRule(StrEnum):
    always_free = "always_free"
    free_once_per_calendar_year = "free_once_per_calendar_year"
    copy_fee_admin_costs = "copy_fee_admin_costs"  # any copy may cost its administrative price
    first_free_then_fee = "first_free_then_fee"
    free_unless_manifestly_unfounded = "free_unless_manifestly_unfounded"  # Art. 12(5) as written


class IdRequirement(StrEnum):
    identity_document = "identity_document"
    notarised_copy = "notarised_copy"
    qualified_e_signature = "qualified_e_signature"
    e_signature = "e_signature"
    company_mailbox = "company_mailbox"


class IdRule(Strict):
    channel: ChannelKind
    requirement: IdRequirement


class CookieConsentMode(StrEnum):
    implied_by_use = "implied_by_use"  # "using the site means you agree"
    continued_browsing = "continued_browsing"  # "by browsing further you agree"
    opt_in = "opt_in"


class OrgFacts(Strict):
    org: OrgKey
    min_age: Cited[int] | None = None
    under_age_modes: list[Cited[UnderAgeMode]] = Field(default_factory=list)
    dsr_deadlines: list[Cited[LengthText]] = Field(default_factory=list)
    dsr_extensions: list[Cited[LengthText]] = Field(default_factory=list)
    fee_rules: list[Cited[FeeRule]] = Field(default_factory=list)
    id_rules: list[Cited[IdRule]] = Field(default_factory=list)
    dm_objection_requires_reasons: Cited[bool] | None = None
    cookie_consent: Cited[CookieConsentMode] | None = None
    dm_optout_within: Cited[LengthText] | None = None  # how long stopping marketing may take
    processor_breach_conclusion: Cited[LengthText] | None = None  # processor's breach inquiry
    rights_limitation: Cited[str] | None = None  # the documents' own limit on the rights
    consent_bundling: list[Cited[str]] = Field(default_factory=list)  # "using = agreeing" rules
    published_personal_codes: Cited[str] | None = None
    unverified_not_examined: list[Cited[str]] = Field(default_factory=list)
    criminal_in_special_definition: Cited[bool] | None = None
    dual_role_declared: list[Cited[str]] = Field(default_factory=list)  # "valdytoja ir tvarkytoja"

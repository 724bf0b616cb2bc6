"""The value each setting takes when an organisation's documents are silent, and why.

Every field of ``Settings`` has one entry: the GDPR or Lithuanian rule where the law sets one
(with its reference), otherwise Tvarka's own choice, marked ``product_choice`` so nobody
mistakes it for law. ``effective`` answers "which value applies, and who said so".

This module does not arbitrate conflicts: where an organisation's own value breaks the law
(free "once per calendar year", implied cookie consent, Privacy Shield), the organisation's
value is returned as configured and the findings raised elsewhere say what applies instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tvarka.domain.cited import CitedOrGap, Gap
from tvarka.domain.legal_time.lengths import Length, Unit
from tvarka.domain.settings import (
    BreachReview,
    BreachRoute,
    Calendar,
    ChangeNotice,
    Charging,
    ConsentExpiry,
    ConsentExpiryMode,
    Consultee,
    CookieConsentMode,
    CopyCharging,
    ExtensionMode,
    ExtensionPolicy,
    FeeRule,
    HoldAuthority,
    HoldGround,
    HoldRule,
    IdMethod,
    IdRule,
    IdVerification,
    IfUnverified,
    InvalidRequestHandling,
    Language,
    MinorMode,
    MinorRule,
    NoticePlace,
    ResponseChannel,
    ResponseRule,
    Retention,
    RetentionStart,
    ReviewBody,
    Settings,
    TakesEffect,
)
from tvarka.domain.vocabulary import ChannelKind


@dataclass(frozen=True)
class Default:
    value: Any
    legal_reference: str
    product_choice: bool = False  # True: no law sets this value; Tvarka chose it
    note: str | None = None


class Source(StrEnum):
    organisation = "organisation"
    default = "default"


@dataclass(frozen=True)
class Effective:
    """The value that applies to one setting and where it comes from."""

    name: str
    value: Any
    source: Source
    reference: str  # the organisation's citation, or the default's legal reference
    product_choice: bool
    note: str | None
    gap: Gap | None  # what the documents lacked, when the default fills a gap


_ID_DEFAULT = IdVerification(
    rules=[
        IdRule(
            channels=[ChannelKind.portal, ChannelKind.web_form],
            any_of=[IdMethod.account_login, IdMethod.one_time_code_known_address],
            if_unverified=IfUnverified.ask_for_more,
        ),
        IdRule(
            channels=[
                ChannelKind.email,
                ChannelKind.phone,
                ChannelKind.post,
                ChannelKind.registered_letter,
                ChannelKind.courier,
            ],
            any_of=[IdMethod.one_time_code_known_address],
            if_unverified=IfUnverified.ask_for_more,
        ),
        IdRule(
            channels=[ChannelKind.in_person, ChannelKind.oral],
            any_of=[IdMethod.identity_document_in_person, IdMethod.one_time_code_known_address],
            if_unverified=IfUnverified.ask_for_more,
        ),
        IdRule(
            channels=[ChannelKind.e_delivery],
            any_of=[IdMethod.qualified_e_signature],
            if_unverified=IfUnverified.ask_for_more,
        ),
        IdRule(
            channels=[ChannelKind.company_mailbox],
            any_of=[IdMethod.company_mailbox_or_contract_email],
            if_unverified=IfUnverified.ask_for_more,
        ),
    ],
    info_requests_exempt=True,
    extra_info_on_doubt=True,
)

DEFAULTS: dict[str, Default] = {
    "dsr_extension": Default(
        ExtensionPolicy(
            mode=ExtensionMode.further_two_months,
            exceptional_cases_only=True,
            reasons_in_notice=True,
        ),
        "GDPR Art. 12(3): two further months where necessary, the subject told with reasons "
        "within the first month; EDPB Guidelines 01/2022 §162-164",
    ),
    "dsr_invalid_request": Default(
        InvalidRequestHandling.ask_to_complete,
        "GDPR Art. 12(2) (facilitate the exercise of rights), 12(6); "
        "EDPB Guidelines 01/2022 (no form requirements on the subject)",
    ),
    "dsr_fee_policy": Default(
        [
            FeeRule(
                charging=Charging.free_unless_manifestly_unfounded_or_excessive,
                copies=CopyCharging.further_copies_admin_cost,
            )
        ],
        "GDPR Art. 12(5), 15(3); EDPB Guidelines 01/2022 §28-31, §175-195",
    ),
    "dsr_id_verification": Default(
        _ID_DEFAULT,
        "GDPR Art. 12(2), 12(6), Recital 64; EDPB Guidelines 01/2022 §58-81 "
        "(verify only on reasonable doubt, prefer known channels, ID copies generally "
        "inappropriate, notarisation excessive)",
        product_choice=True,
        note="the choice of methods per channel is Tvarka's; the law sets proportionality",
    ),
    "dsr_response_channel": Default(
        [ResponseChannel(rule=ResponseRule.same_as_request_unless_asked)],
        "GDPR Art. 12(1), 12(3) (electronic request: electronic answer unless asked otherwise)",
    ),
    "dsr_language": Default(
        [Language.lt, Language.en],
        "Constitution of Lithuania Art. 14 and the Law on the State Language (Lithuanian); "
        "GDPR Art. 12(1) (intelligible form)",
        product_choice=True,
        note="the first language is the default; English on request is Tvarka's choice",
    ),
    "dsr_pause_for_identity": Default(
        True,
        "EDPB Guidelines 01/2022 §159 (the period may wait for information needed to "
        "identify the subject); GDPR Art. 12(6)",
    ),
    "dm_consent_expiry": Default(
        ConsentExpiry(mode=ConsentExpiryMode.until_withdrawn),
        "GDPR Art. 7(3): consent lasts until withdrawn; no statutory expiry",
    ),
    "consent_evidence_retention": Default(
        Retention(length=Length(1, Unit.years), counted_from=RetentionStart.data_retention_ended),
        "General Document Retention Index item 5.40 (Chief Archivist Order V-100 as amended "
        "by VE-29 of 10 May 2018); GDPR Art. 7(1) (demonstrate consent)",
        note="lithuania.md §3.3: secondary source only",
    ),
    "breach_route": Default(
        BreachRoute.direct_to_authority,
        "GDPR Art. 33(1); a processor notifies its controller instead (Art. 33(2))",
    ),
    "breach_commission": Default(
        BreachReview(body=ReviewBody.responsible_person_then_ceo),
        "GDPR Art. 33(5), 34 set no investigating body",
        product_choice=True,
        note="the responsible person assesses, management decides and signs",
    ),
    "password_min_length": Default(
        12,
        "GDPR Art. 32 (appropriate security) sets no length; NIST SP 800-63B sets at least 8",
        product_choice=True,
        note="12 characters is Tvarka's baseline, not a legal rule",
    ),
    "password_max_age": Default(
        None,
        "GDPR Art. 32 sets no period; NIST SP 800-63B advises against forced periodic change "
        "(change on suspected compromise)",
        product_choice=True,
    ),
    "password_change_first_login": Default(
        True,
        "GDPR Art. 32 (appropriate security); an issued password is known to its issuer",
        product_choice=True,
    ),
    "failed_login_limit": Default(
        10,
        "GDPR Art. 32; NIST SP 800-63B §5.2.2 (rate-limit, at most 100 failed attempts)",
        product_choice=True,
    ),
    "access_log_retention": Default(
        Retention(length=Length(1, Unit.years), counted_from=RetentionStart.record_created),
        "GDPR Art. 5(1)(e), 32 set no period",
        product_choice=True,
        note="one year matches the seeds that set one (000, 002)",
    ),
    "call_recording_retention": Default(
        Retention(length=Length(6, Unit.months), counted_from=RetentionStart.record_created),
        "GDPR Art. 5(1)(e); no VDAI figure found (lithuania.md §3.3)",
        product_choice=True,
    ),
    "min_age": Default(
        MinorRule(age=14, mode=MinorMode.parental_consent),
        "ADTAĮ Art. 6 (Lithuanian age of digital consent: 14; article number unverified, "
        "lithuania.md §1.2); GDPR Art. 8(1)",
    ),
    "cookie_consent_mode": Default(
        CookieConsentMode.prior_opt_in,
        "ERĮ (storage on terminal equipment needs prior consent; current article number not "
        "determined, lithuania.md §2.2); GDPR Art. 4(11), 7; CJEU C-673/17 Planet49",
    ),
    "third_country_transfers": Default(
        [],
        "GDPR Chapter V (Art. 44-49): no transfer without an adequacy decision, safeguard "
        "or derogation",
        product_choice=True,
        note="none unless the register names one",
    ),
    "video_recipients": Default(
        [],
        "GDPR Art. 6, 5(1)(b); EDPB Guidelines 3/2019 (disclosure only case by case on a "
        "legal basis)",
        product_choice=True,
        note="no routine recipients",
    ),
    "retention_hold_authority": Default(
        [
            HoldRule(
                decided_by=HoldAuthority.responsible_person,
                grounds=[
                    HoldGround.legal_claims,
                    HoldGround.legal_obligation,
                    HoldGround.investigation,
                    HoldGround.dispute,
                ],
                consult=[Consultee.dpo],
            )
        ],
        "GDPR Art. 5(1)(e), 17(3)(b), 17(3)(e), 18(1)(c)",
        product_choice=True,
        note="who decides is Tvarka's choice; each hold records its ground",
    ),
    "policy_change_notice": Default(
        [
            ChangeNotice(
                where=[NoticePlace.website, NoticePlace.email],
                takes_effect=TakesEffect.after_prior_notice,
            )
        ],
        "GDPR Art. 12(1), 13(3), 14(4); WP260 rev.01 (transparency: tell subjects of "
        "material changes before they take effect)",
        product_choice=True,
    ),
    "working_day_calendar": Default(
        Calendar.lt,
        "Labour Code Art. 123(1) (public holidays); Civil Code Art. 1.117-1.123 (terms)",
    ),
}


def effective(settings: Settings, name: str) -> Effective:
    """The value of setting ``name``: the organisation's where its documents set it,
    otherwise the default, with the reference and any gap that made the default apply."""
    if name not in Settings.model_fields:
        raise KeyError(f"unknown setting {name!r}")
    own: CitedOrGap[Any] = getattr(settings, name)
    if isinstance(own, Gap):
        default = DEFAULTS[name]
        return Effective(
            name,
            default.value,
            Source.default,
            default.legal_reference,
            default.product_choice,
            default.note,
            own,
        )
    return Effective(name, own.value, Source.organisation, own.citation, False, own.note, None)

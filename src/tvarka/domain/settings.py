"""Per-organisation settings (requirements.md §4.4): what each organisation's documents decide.

Every parameter of §4.4 that is not a clock length is a typed field here; clock lengths live in
``Profile.clocks`` and request channels in ``Profile.channels``. Each field is required and is
either ``Cited`` (the organisation's own value and where its documents say it) or ``Gap``
(its documents are silent or the text is damaged). Nothing is left out and nothing invented:
where a profile has a Gap, ``tvarka.domain.setting_defaults`` supplies the GDPR/Lithuanian
default and says where that default comes from.

Values that differ per subject type (fees, response channels, identity checks, change notices,
retention holds) are lists of scoped rules; ``rule_for`` picks the one that applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import Field, model_validator

from tvarka.domain.cited import Citation, CitedOrGap, Strict
from tvarka.domain.vocabulary import ChannelKind, LengthText, SubjectType


class Medium(StrEnum):
    """How an answer or a notice reaches the data subject."""

    written = "written"  # a letter on paper
    registered_mail = "registered_mail"
    email = "email"
    electronic = "electronic"  # any electronic means the documents allow
    phone = "phone"
    portal = "portal"
    in_person = "in_person"


class ScopedRule(Strict):
    """A rule that may hold only for some subject types (none listed: for everyone)."""

    subject_types: list[SubjectType] = Field(default_factory=list)
    citation: Citation | None = None  # where this rule is written, if not the field's citation
    note: str | None = None

    def applies_to(self, subject_type: SubjectType | None) -> bool:
        return not self.subject_types or subject_type in self.subject_types


R = TypeVar("R", bound=ScopedRule)


def rule_for(rules: Sequence[R], subject_type: SubjectType | None) -> R | None:
    """The rule for ``subject_type``: one naming it wins over one for everyone."""
    named = [r for r in rules if subject_type is not None and subject_type in r.subject_types]
    if named:
        return named[0]
    general = [r for r in rules if not r.subject_types]
    return general[0] if general else None


# --- data-subject requests ---------------------------------------------------------------


class ExtensionMode(StrEnum):
    further_two_months = "further_two_months"  # GDPR Art. 12(3): +2 months, one extension
    total_cap_from_receipt = "total_cap_from_receipt"  # cap = clock dsr.response.extended
    only_where_law_allows = "only_where_law_allows"  # "išskyrus teisės aktuose nurodytas išimtis"


class ExtensionPolicy(Strict):
    mode: ExtensionMode
    exceptional_cases_only: bool | None  # None: the documents do not say
    reasons_in_notice: bool | None  # None: the documents do not say
    notice_media: list[Medium] = Field(default_factory=list)  # empty: the request's own medium


class InvalidRequestHandling(StrEnum):
    ask_to_complete = "ask_to_complete"  # say what is missing, keep the request open
    not_examined_with_reasons = "not_examined_with_reasons"  # notice within dsr.invalid_notice


class Charging(StrEnum):
    free_unless_manifestly_unfounded_or_excessive = "free_unless_manifestly_unfounded_or_excessive"
    free_once_per_calendar_year = "free_once_per_calendar_year"  # pre-GDPR ADTAĮ rule
    always_free = "always_free"
    first_free_repeats_fee_or_refusal = "first_free_repeats_fee_or_refusal"


class CopyCharging(StrEnum):
    further_copies_admin_cost = "further_copies_admin_cost"  # GDPR Art. 15(3)
    any_copy_admin_cost = "any_copy_admin_cost"  # a fee even for the first copy
    not_stated = "not_stated"


class FeeRule(ScopedRule):
    charging: Charging
    copies: CopyCharging


class IdMethod(StrEnum):
    identity_document_in_person = "identity_document_in_person"
    notarised_copy = "notarised_copy"
    otherwise_certified_copy = "otherwise_certified_copy"  # "kita teisės aktų nustatyta tvarka"
    qualified_e_signature = "qualified_e_signature"
    e_signature = "e_signature"  # any electronic signature
    integrity_protected_electronic = "integrity_protected_electronic"
    company_mailbox_or_contract_email = "company_mailbox_or_contract_email"
    one_time_code_known_address = "one_time_code_known_address"
    account_login = "account_login"


class IfUnverified(StrEnum):
    ask_for_more = "ask_for_more"  # ask for what is missing; the request stays open
    not_examined = "not_examined"  # the documents refuse to examine the request
    not_stated = "not_stated"


class IdRule(ScopedRule):
    """For these channels (and subject types), any one of these methods proves identity."""

    channels: list[ChannelKind] = Field(min_length=1)
    any_of: list[IdMethod] = Field(min_length=1)
    if_unverified: IfUnverified


class IdVerification(Strict):
    rules: list[IdRule]
    info_requests_exempt: bool | None  # Art. 13/14 information needs no identity check
    extra_info_on_doubt: bool | None  # may ask for more when in reasonable doubt (Art. 12(6))

    def rule_for(self, channel: ChannelKind, subject_type: SubjectType | None) -> IdRule | None:
        """The rule for a channel and subject type; None: the documents set none for it."""
        return rule_for([r for r in self.rules if channel in r.channels], subject_type)


class ResponseRule(StrEnum):
    same_as_request_unless_asked = "same_as_request_unless_asked"
    subject_chooses = "subject_chooses"  # among ``media``
    any_of_listed = "any_of_listed"  # the organisation picks among ``media``


class ResponseChannel(ScopedRule):
    rule: ResponseRule
    media: list[Medium] = Field(default_factory=list)
    separate_from_other_information: bool | None = None


class Language(StrEnum):
    lt = "lt"
    en = "en"


# --- consent and direct marketing -----------------------------------------------------------


class ConsentExpiryMode(StrEnum):
    until_withdrawn = "until_withdrawn"
    fixed_term = "fixed_term"  # ``term`` from the day consent was given
    term_stated_in_consent = "term_stated_in_consent"


class ConsentExpiry(Strict):
    mode: ConsentExpiryMode
    term: LengthText | None = None

    @model_validator(mode="after")
    def _term_matches_mode(self) -> ConsentExpiry:
        if (self.mode is ConsentExpiryMode.fixed_term) != (self.term is not None):
            raise ValueError("term is required for fixed_term and only for fixed_term")
        return self


class RetentionStart(StrEnum):
    record_created = "record_created"  # the recording, log entry or audit record is made
    consent_withdrawn_or_expired = "consent_withdrawn_or_expired"
    data_retention_ended = "data_retention_ended"  # the data the record is about are deleted


class Retention(Strict):
    length: LengthText
    counted_from: RetentionStart
    at_least: bool = False  # "ne mažiau kaip": a minimum, not a deletion date


# --- breaches -------------------------------------------------------------------------------


class BreachRoute(StrEnum):
    direct_to_authority = "direct_to_authority"  # the controller notifies VDAI (Art. 33(1))
    via_controller = "via_controller"  # a processor tells the controller (Art. 33(2))


class ReviewBody(StrEnum):
    joint_commission = "joint_commission"  # processor's and controller's staff together
    responsible_person_then_ceo = "responsible_person_then_ceo"
    ceo = "ceo"


class Party(StrEnum):
    processor = "processor"
    controller = "controller"


class BreachReview(Strict):
    """Who investigates a breach and decides; its time limit is clock
    ``breach.commission_conclusion``."""

    body: ReviewBody
    min_members: int | None = Field(default=None, ge=1)
    members_from: list[Party] = Field(default_factory=list)
    conclusion_binding: bool | None = None  # False: a recommendation only


# --- security -------------------------------------------------------------------------------

PasswordLength = Annotated[int, Field(ge=1, le=1024)]
LoginLimit = Annotated[int, Field(ge=1, le=1000)]

# --- minors, cookies, transfers, video ------------------------------------------------------


class MinorMode(StrEnum):
    parental_consent = "parental_consent"  # below the age a parent or guardian must consent
    block = "block"  # below the age no data are taken at all


class MinorRule(Strict):
    age: int = Field(ge=13, le=18)  # GDPR Art. 8(1) lets states choose 13-16; 18 = adults only
    mode: MinorMode


class CookieConsentMode(StrEnum):
    prior_opt_in = "prior_opt_in"
    implied_by_use = "implied_by_use"
    agree_button_or_continued_browsing = "agree_button_or_continued_browsing"


class TransferMechanism(StrEnum):
    adequacy_decision = "adequacy_decision"
    data_privacy_framework = "data_privacy_framework"
    standard_contractual_clauses = "standard_contractual_clauses"
    binding_corporate_rules = "binding_corporate_rules"
    explicit_consent = "explicit_consent"  # GDPR Art. 49(1)(a), occasional transfers only
    privacy_shield = "privacy_shield"  # invalid since CJEU C-311/18 (16 July 2020)
    not_stated = "not_stated"


class Transfer(Strict):
    recipient: str
    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(default_factory=list)
    mechanism: TransferMechanism
    purpose: str | None = None
    citation: Citation | None = None
    note: str | None = None


class VideoRecipient(StrEnum):
    law_enforcement = "law_enforcement"
    car_park_owners_authorised_persons = "car_park_owners_authorised_persons"
    processors = "processors"


# --- retention holds, policy changes, calendar -----------------------------------------------


class HoldAuthority(StrEnum):
    director_order = "director_order"
    responsible_person = "responsible_person"
    not_named = "not_named"


class HoldGround(StrEnum):
    legal_claims = "legal_claims"
    investigation = "investigation"  # suspected unlawful act under investigation
    dispute = "dispute"  # dispute, complaint or lawsuit to resolve
    evidence_in_proceedings = "evidence_in_proceedings"  # pre-trial, VDAI, court cases
    legal_obligation = "legal_obligation"


class Consultee(StrEnum):
    dpo = "dpo"
    vdai = "vdai"


class HoldRule(ScopedRule):
    decided_by: HoldAuthority
    grounds: list[HoldGround] = Field(min_length=1)
    consult: list[Consultee] = Field(default_factory=list)
    consultation_required: bool | None = None


class NoticePlace(StrEnum):
    website = "website"
    user_profile = "user_profile"
    premises = "premises"
    post = "post"
    email = "email"


class TakesEffect(StrEnum):
    on_publication = "on_publication"
    after_prior_notice = "after_prior_notice"  # length: clock candidate.rules_change_notice
    not_stated = "not_stated"


class ChangeNotice(ScopedRule):
    where: list[NoticePlace] = Field(min_length=1)
    takes_effect: TakesEffect
    continued_use_is_acceptance: bool | None = None


class Calendar(StrEnum):
    lt = "lt"  # Lithuanian public holidays (Labour Code Art. 123(1)), Mon-Fri working week


# --- the settings ---------------------------------------------------------------------------


class Settings(Strict):
    """Every non-clock parameter of requirements.md §4.4; each is Cited or an explicit Gap."""

    dsr_extension: CitedOrGap[ExtensionPolicy]
    dsr_invalid_request: CitedOrGap[InvalidRequestHandling]
    dsr_fee_policy: CitedOrGap[Annotated[list[FeeRule], Field(min_length=1)]]
    dsr_id_verification: CitedOrGap[IdVerification]
    dsr_response_channel: CitedOrGap[Annotated[list[ResponseChannel], Field(min_length=1)]]
    dsr_language: CitedOrGap[Annotated[list[Language], Field(min_length=1)]]
    dsr_pause_for_identity: CitedOrGap[bool]
    dm_consent_expiry: CitedOrGap[ConsentExpiry]
    consent_evidence_retention: CitedOrGap[Retention]
    breach_route: CitedOrGap[BreachRoute]
    breach_commission: CitedOrGap[BreachReview]
    password_min_length: CitedOrGap[PasswordLength]
    password_max_age: CitedOrGap[LengthText | None]  # None: no forced periodic change
    password_change_first_login: CitedOrGap[bool]
    failed_login_limit: CitedOrGap[LoginLimit]
    access_log_retention: CitedOrGap[Retention]
    call_recording_retention: CitedOrGap[Retention]
    min_age: CitedOrGap[MinorRule]
    cookie_consent_mode: CitedOrGap[CookieConsentMode]
    third_country_transfers: CitedOrGap[list[Transfer]]
    video_recipients: CitedOrGap[list[VideoRecipient]]
    retention_hold_authority: CitedOrGap[Annotated[list[HoldRule], Field(min_length=1)]]
    policy_change_notice: CitedOrGap[Annotated[list[ChangeNotice], Field(min_length=1)]]
    working_day_calendar: CitedOrGap[Calendar]

"""The register of processing activities (GDPR Art. 30), one activity per purpose.

Every value read from an organisation's documents carries its citation; a list the documents
lost (scrape damage) or never gave is a ``Gap``, never an invented entry. The role is per
activity, because one organisation can be a processor for its clients and a controller for its
own staff and website (Vivasend).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from tvarka.domain.cited import Citation, Cited, Gap, Strict
from tvarka.domain.profile import LengthText, OrgKey, Role
from tvarka.domain.register.categories import (
    is_criminal,
    is_special_category,
    validate_category,
    validate_subject,
    validate_use,
)
from tvarka.domain.register.countries import is_third_country, validate_country
from tvarka.domain.register.vocabulary import (
    Art9Condition,
    Art10Condition,
    Art49Derogation,
    LegalBasis,
    PeriodBound,
    RecipientKind,
    RetentionAction,
    SourceKind,
    SubProcessing,
    TransferMechanism,
)

CategoryKey = Annotated[str, AfterValidator(validate_category)]
SubjectKey = Annotated[str, AfterValidator(validate_subject)]
UseKey = Annotated[str, AfterValidator(validate_use)]
CountryCode = Annotated[str, AfterValidator(validate_country)]
ActivityKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")]
EventKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,60}$")]


class Purpose(Strict):
    """The purpose in English and, where the source gives it, in the organisation's own words."""

    en: str = Field(min_length=3)
    lt: str | None = None
    citation: Citation = Field(min_length=3)

    def text(self, lang: str) -> str:
        return self.lt if lang == "lt" and self.lt else self.en


class BasisClaim(Strict):
    basis: LegalBasis
    citation: Citation = Field(min_length=3)
    inferred: bool = False  # the source names the basis for the organisation, not this purpose
    legitimate_interest: Cited[str] | Gap | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _interest_goes_with_f(self) -> BasisClaim:
        if self.basis is LegalBasis.f and self.legitimate_interest is None:
            raise ValueError("legal basis (f) needs legitimate_interest (a cited text or a Gap)")
        if self.basis is not LegalBasis.f and self.legitimate_interest is not None:
            raise ValueError(f"legitimate_interest is only for basis (f), not ({self.basis})")
        return self


class SpecialCondition(Strict):
    condition: Art9Condition
    citation: Citation = Field(min_length=3)
    note: str | None = None


class CriminalCondition(Strict):
    condition: Art10Condition
    citation: Citation = Field(min_length=3)
    note: str | None = None


class SubjectCategory(Strict):
    key: SubjectKey
    label: str
    citation: Citation = Field(min_length=3)


class DataItem(Strict):
    key: CategoryKey
    label: str  # the source's own list item, translated
    citation: Citation = Field(min_length=3)
    optional: bool = False
    note: str | None = None

    @property
    def special(self) -> bool:
        return is_special_category(self.key)

    @property
    def criminal(self) -> bool:
        return is_criminal(self.key)


class Source(Strict):
    kind: SourceKind
    name: str | None = None
    citation: Citation = Field(min_length=3)


class Recipient(Strict):
    kind: RecipientKind
    name: str
    country: CountryCode | None = None
    citation: Citation = Field(min_length=3)
    note: str | None = None


class ProcessorContract(Strict):
    signed_on: Cited[date] | Gap
    sub_processing: Cited[SubProcessing] | Gap
    end_of_contract: Cited[RetentionAction] | Gap


class Processor(Strict):
    name: str
    country: CountryCode | None = None
    company_code: str | None = None
    service: str
    contract: ProcessorContract
    citation: Citation = Field(min_length=3)


class Transfer(Strict):
    country: CountryCode
    recipient: str
    mechanism: TransferMechanism
    valid_from: date | None = None
    valid_to: date | None = None
    derogation: Art49Derogation | None = None
    consent_is_condition_of_service: bool = False  # consent to the transfer is not optional
    data: str | None = None
    citation: Citation = Field(min_length=3)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Transfer:
        if not is_third_country(self.country):
            raise ValueError(f"{self.country} is in the EEA: that is not a third-country transfer")
        is_derogation = self.mechanism is TransferMechanism.art49_derogation
        if is_derogation != (self.derogation is not None):
            raise ValueError("derogation (Art. 49(1) letter) goes with mechanism art49_derogation")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @property
    def effective_valid_to(self) -> date | None:
        """The earlier of the stated end and the day the mechanism itself ceased to exist."""
        ends = [d for d in (self.valid_to, self.mechanism.legally_valid_to) if d is not None]
        return min(ends) if ends else None


class RetentionRule(Strict):
    """Keep ``applies_to`` until ``period`` after ``anchor``, then do ``action``."""

    applies_to: str | None = None  # which of the activity's data, when not all of it
    anchor: EventKey
    anchor_label: str
    period: LengthText
    bound: PeriodBound = PeriodBound.at_most
    action: RetentionAction
    exceptions: list[Cited[str]] = Field(default_factory=list)
    statutory: Cited[str] | None = None  # the law that sets the period, where the source names one
    citation: Citation = Field(min_length=3)
    note: str | None = None


class AutomatedDecision(Strict):
    description: str
    profiling: bool
    legal_or_similar_effect: bool
    basis: LegalBasis | None = None
    citation: Citation = Field(min_length=3)


class Dpia(Strict):
    """Tvarka's assessment of whether Art. 35 requires a DPIA; not a value from the seed."""

    required: bool
    reason: str
    reference: str


class Questionable(Strict):
    """A purpose the documents declare that looks like a leftover of another organisation's template."""

    reason: str
    citation: Citation = Field(min_length=3)


class Activity(Strict):
    key: ActivityKey
    purpose: Purpose
    role: Cited[Role]
    on_behalf_of: Cited[str] | Gap | None = None  # processor activities: the controller(s)
    controller_contract: ProcessorContract | None = None  # processor activities: the Art. 28 terms
    joint_controllers: list[Cited[str]] = Field(default_factory=list)
    data_uses: list[UseKey] = Field(min_length=1)
    legal_bases: list[BasisClaim] | Gap
    special_conditions: list[SpecialCondition] = Field(default_factory=list)
    criminal_conditions: list[CriminalCondition] = Field(default_factory=list)
    data_subjects: list[SubjectCategory | Gap] = Field(min_length=1)
    data_categories: list[DataItem | Gap] = Field(min_length=1)
    sources: list[Source | Gap] = Field(default_factory=list)
    recipients: list[Recipient | Gap] = Field(default_factory=list)
    processors: list[Processor | Gap] = Field(default_factory=list)
    transfers: list[Transfer | Gap] = Field(default_factory=list)
    retention: list[RetentionRule | Gap] = Field(min_length=1)
    security_measures: list[Cited[str] | Gap] = Field(default_factory=list)
    automated_decisions: list[AutomatedDecision] = Field(default_factory=list)
    dpia: Dpia | None = None
    questionable: Questionable | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _roles(self) -> Activity:
        if self.role.value is Role.processor and self.on_behalf_of is None:
            raise ValueError(f"{self.key}: a processor activity names on_behalf_of (or a Gap)")
        if self.role.value is Role.joint_controller and not self.joint_controllers:
            raise ValueError(f"{self.key}: a joint-controller activity names joint_controllers")
        if self.role.value is not Role.processor and self.legal_bases == []:
            raise ValueError(f"{self.key}: a controller activity needs a legal basis or a Gap")
        return self

    @property
    def bases(self) -> list[BasisClaim]:
        return self.legal_bases if isinstance(self.legal_bases, list) else []

    @property
    def items(self) -> list[DataItem]:
        return [d for d in self.data_categories if isinstance(d, DataItem)]

    @property
    def known_transfers(self) -> list[Transfer]:
        return [t for t in self.transfers if isinstance(t, Transfer)]

    @property
    def retention_rules(self) -> list[RetentionRule]:
        return [r for r in self.retention if isinstance(r, RetentionRule)]


class OrganisationRef(Strict):
    """Who keeps the record: Art. 30(1)(a) and 30(2)(a) ask for name and contact details."""

    legal_name: Cited[str]
    company_code: Cited[str] | Gap
    address: Cited[str] | Gap
    contacts: list[Cited[str] | Gap] = Field(min_length=1)
    dpo: Cited[str] | Gap


class ReviewRule(Strict):
    every: LengthText
    citation: Citation = Field(min_length=3)
    last_reviewed: date | None = None


class Register(Strict):
    org: OrgKey
    organisation: OrganisationRef
    review: ReviewRule | None = None
    security_measures: list[Cited[str] | Gap] = Field(min_length=1)
    activities: list[Activity] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Register:
        seen: set[str] = set()
        for activity in self.activities:
            if activity.key in seen:
                raise ValueError(f"activity key {activity.key!r} appears twice")
            seen.add(activity.key)
        return self

    def activity(self, key: str) -> Activity:
        for activity in self.activities:
            if activity.key == key:
                return activity
        raise KeyError(key)

    def by_role(self, *roles: Role) -> list[Activity]:
        return [a for a in self.activities if a.role.value in roles]

"""The closed legal vocabularies of a register: Art. 6 bases, Art. 9/10 conditions, transfer tools.

Each value carries the W3C DPV IRI of its concept (core ``dpv#`` for the legal bases, the DPV
GDPR extension ``dpv/legal/eu/gdpr#`` for article-level concepts), so an exported record can be
read by any DPV-aware tool without a mapping table of ours.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

DPV = "https://w3id.org/dpv#"
DPV_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"


class LegalBasis(StrEnum):
    """GDPR Art. 6(1) letters."""

    a = "a"
    b = "b"
    c = "c"
    d = "d"
    e = "e"
    f = "f"

    @property
    def dpv_iri(self) -> str:
        return DPV + _BASIS_DPV[self]

    @property
    def gdpr_iri(self) -> str:
        return f"{DPV_GDPR}A6-1-{self.value}"

    @property
    def article(self) -> str:
        return f"GDPR Art. 6(1)({self.value})"


_BASIS_DPV = {
    LegalBasis.a: "Consent",
    LegalBasis.b: "Contract",
    LegalBasis.c: "LegalObligation",
    LegalBasis.d: "VitalInterest",
    LegalBasis.e: "PublicInterest",
    LegalBasis.f: "LegitimateInterest",
}


class Art9Condition(StrEnum):
    """GDPR Art. 9(2) letters: the condition that lifts the ban on special-category data."""

    a = "a"  # explicit consent
    b = "b"  # employment and social-security law
    c = "c"  # vital interests, subject incapable of consent
    d = "d"  # foundation, association, not-for-profit body
    e = "e"  # made manifestly public by the subject
    f = "f"  # legal claims, courts
    g = "g"  # substantial public interest in law
    h = "h"  # preventive or occupational medicine
    i = "i"  # public health
    j = "j"  # archiving, research, statistics

    @property
    def gdpr_iri(self) -> str:
        return f"{DPV_GDPR}A9-2-{self.value}"

    @property
    def article(self) -> str:
        return f"GDPR Art. 9(2)({self.value})"


class Art10Condition(StrEnum):
    """GDPR Art. 10: criminal-offence data only under official authority or where law allows."""

    official_authority = "official_authority"
    authorised_by_law = "authorised_by_law"

    @property
    def gdpr_iri(self) -> str:
        return f"{DPV_GDPR}A10"

    @property
    def article(self) -> str:
        return "GDPR Art. 10"


class TransferMechanism(StrEnum):
    """The tool that makes a transfer outside the EEA lawful (GDPR Chapter V), or its absence.

    ``privacy_shield`` is kept because organisations still cite it; it is an adequacy decision
    that the CJEU annulled (C-311/18, 16 July 2020), so a register can record what a policy says
    and the findings engine can say why it no longer holds.
    """

    adequacy = "adequacy"
    eu_us_dpf = "eu_us_dpf"
    privacy_shield = "privacy_shield"
    scc = "scc"
    bcr = "bcr"
    art49_derogation = "art49_derogation"
    none = "none"

    @property
    def article(self) -> str:
        return _MECHANISM_ARTICLE[self]

    @property
    def gdpr_iri(self) -> str | None:
        anchor = _MECHANISM_IRI[self]
        return DPV_GDPR + anchor if anchor else None

    @property
    def legally_valid_to(self) -> date | None:
        """The last day the mechanism itself existed in law, whatever a contract says."""
        return PRIVACY_SHIELD_INVALID_FROM if self is TransferMechanism.privacy_shield else None


PRIVACY_SHIELD_INVALID_FROM = date(2020, 7, 16)  # CJEU C-311/18 Schrems II
DPF_ADEQUACY_FROM = date(2023, 7, 10)  # Commission Implementing Decision (EU) 2023/1795

_MECHANISM_ARTICLE = {
    TransferMechanism.adequacy: "GDPR Art. 45",
    TransferMechanism.eu_us_dpf: "GDPR Art. 45; Decision (EU) 2023/1795",
    TransferMechanism.privacy_shield: "Decision (EU) 2016/1250, annulled by CJEU C-311/18",
    TransferMechanism.scc: "GDPR Art. 46(2)(c); Decision (EU) 2021/914",
    TransferMechanism.bcr: "GDPR Art. 47",
    TransferMechanism.art49_derogation: "GDPR Art. 49(1)",
    TransferMechanism.none: "GDPR Art. 44",
}
_MECHANISM_IRI = {
    TransferMechanism.adequacy: "A45-3",
    TransferMechanism.eu_us_dpf: "A45-3",
    TransferMechanism.privacy_shield: "",
    TransferMechanism.scc: "A46-2-c",
    TransferMechanism.bcr: "A47-1",
    TransferMechanism.art49_derogation: "A49-1",
    TransferMechanism.none: "",
}


class Art49Derogation(StrEnum):
    """GDPR Art. 49(1) letters, for a transfer that rests on a derogation."""

    a = "a"  # explicit consent after being informed of the risks
    b = "b"  # contract with the subject
    c = "c"  # contract in the subject's interest
    d = "d"  # important public interest
    e = "e"  # legal claims
    f = "f"  # vital interests
    g = "g"  # public register


class RetentionAction(StrEnum):
    delete = "delete"
    anonymise = "anonymise"
    review = "review"
    return_or_delete = "return_or_delete"  # processor at the end of the contract (Art. 28(3)(g))


class PeriodBound(StrEnum):
    """Whether the period is the longest the data may be kept or the shortest it must be."""

    at_most = "at_most"
    at_least = "at_least"


class SourceKind(StrEnum):
    data_subject = "data_subject"
    representative = "representative"
    partner = "partner"
    public_register = "public_register"
    sponsor = "sponsor"  # an MLM consultant who supplies data about the persons they recruited
    processor = "processor"
    controller = "controller"  # processor mode: the client controller hands the data over
    employer = "employer"
    authority = "authority"
    systems = "systems"  # generated by the organisation's own systems (logs, cameras, cookies)
    other = "other"


class RecipientKind(StrEnum):
    category = "category"  # a kind of recipient ("couriers")
    named = "named"  # a named organisation


class SubProcessing(StrEnum):
    """What the processor contract says about engaging sub-processors (Art. 28(2))."""

    prior_specific_consent = "prior_specific_consent"
    general_written_consent = "general_written_consent"
    prohibited = "prohibited"

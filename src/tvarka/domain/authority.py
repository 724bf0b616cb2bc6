"""Supervisory authorities: the canonical record each profile points at by key.

The seeds name the Lithuanian authority inconsistently ("Valstybinė asmens duomenų apsaugos
inspekcija", "VDAĮ", "Valstybinei duomenų apsaugos institucijai") and only two of them give its
contacts. Letters, refusals and breach notices need one correct record, so it lives here once,
with the source of every value (lithuania.md §3.1), and profiles refer to it by key.
"""

from __future__ import annotations

from dataclasses import dataclass


class UnknownAuthority(KeyError):
    """A profile or a caller asked for an authority key that has no record."""


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    note: str | None = None  # e.g. which entrance to use

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


@dataclass(frozen=True)
class OutdatedAddress:
    """An address still printed in older notices; shown only to warn that it is stale."""

    address: Address
    source: str


@dataclass(frozen=True)
class Remedy:
    """A remedy a data subject has besides (or after) a complaint to the authority."""

    body: str
    when: str
    source: str


@dataclass(frozen=True)
class SupervisoryAuthority:
    key: str
    name_lt: str
    abbreviation_lt: str
    name_en: str
    abbreviation_en: str
    legal_form: str
    code: str
    address: Address
    phones: tuple[str, ...]
    consultation_phone: str
    fax: str
    email: str
    website: str
    legacy_website: str
    dpo_email: str
    e_delivery_box: str
    outdated_addresses: tuple[OutdatedAddress, ...]
    parallel_remedies: tuple[Remedy, ...]
    names_seen_in_seeds: tuple[str, ...]  # misspellings the seeds use; matched to this record
    sources: tuple[tuple[str, str], ...]  # (field, where the value was verified)


VDAI = SupervisoryAuthority(
    key="vdai",
    name_lt="Valstybinė duomenų apsaugos inspekcija",
    abbreviation_lt="VDAI",
    name_en="State Data Protection Inspectorate",
    abbreviation_en="SDPI",
    legal_form="biudžetinė įstaiga (state budgetary institution)",
    code="188607912",
    address=Address(
        street="L. Sapiegos g. 17",
        postcode="LT-10312",
        city="Vilnius",
        note="Įėjimas iš kairės pusės (entrance on the left side)",
    ),
    phones=("+370 5 271 2804", "+370 5 279 1445"),
    consultation_phone="+370 5 212 7532",
    fax="+370 5 261 9494",
    email="ada@ada.lt",
    website="https://vdai.lrv.lt",
    legacy_website="https://www.ada.lt",
    dpo_email="dap@ada.lt",
    e_delivery_box="188607912",
    outdated_addresses=(
        OutdatedAddress(
            address=Address(street="A. Juozapavičiaus g. 6", postcode="LT-09310", city="Vilnius"),
            source="older notices (Linklaters Oct 2018; jurgisirdrakonas.lt); lithuania.md §3.1",
        ),
    ),
    parallel_remedies=(
        Remedy(
            body="Lietuvos Respublikos teismas (a court of the Republic of Lithuania)",
            when="instead of or besides a complaint to VDAI about how a request was handled",
            source="003 D-DSR 12.7; 004 K-DSR 12.7; GDPR Art. 79",
        ),
        Remedy(
            body="Lietuvos Respublikos teismas (a court of the Republic of Lithuania)",
            when="compensation for material or non-material damage",
            source="003 D-DSR 12.8; 004 K-DSR 12.8; GDPR Art. 82",
        ),
        Remedy(
            body="Lietuvos Respublikos administracinis teismas (administrative court)",
            when="employees' complaints about how their rights were handled",
            source="003 D-EMP2 9.16",
        ),
        Remedy(
            body="Regional Administrative Court (Regionų apygardos administracinis teismas)",
            when="appeal against a VDAI decision, within one month of its delivery",
            source="lithuania.md §3.1 (VDAI Vinted press release); GDPR Art. 78",
        ),
    ),
    names_seen_in_seeds=(
        "Valstybinė duomenų apsaugos inspekcija",
        "Valstybinė asmens duomenų apsaugos inspekcija",
        "Valstybinei duomenų apsaugos institucijai",
        "VDAĮ",
        "VDAI",
    ),
    sources=(
        (
            "name_lt, name_en, code, address, phones, fax, email, website, dpo_email",
            "VDAI privacy page vdai.lrv.lt/privatumo-politika (lithuania.md §3.1, verified)",
        ),
        (
            "address.note, phones, fax, e_delivery_box",
            "003 D-DSR 2.16, D-POL 2.23; 004 K-POL 2.23, K-DSR 2.16",
        ),
        ("website", "003 D-DSR 12.7; 004 K-DSR 12.7 (www.vdai.lrv.lt)"),
        ("consultation_phone", "zmogausteisiugidas.lt (lithuania.md §3.1)"),
        ("legal_form", "lithuania.md §3.1: government budgetary institution"),
    ),
)

_AUTHORITIES: dict[str, SupervisoryAuthority] = {VDAI.key: VDAI}

AUTHORITY_KEYS: frozenset[str] = frozenset(_AUTHORITIES)


def authority(key: str) -> SupervisoryAuthority:
    """Return the record for ``key`` or raise UnknownAuthority naming the known keys."""
    try:
        return _AUTHORITIES[key]
    except KeyError:
        known = ", ".join(sorted(_AUTHORITIES))
        raise UnknownAuthority(f"unknown supervisory authority {key!r}; known: {known}") from None

"""Data categories, data-subject categories and data uses: fideslang keys, plus a Lithuanian extension.

Fides users bring their taxonomy keys unchanged, so a register speaks fideslang. Lithuania needs
a few categories the default taxonomy has no key for (the personal code, the VAT payer code, a
loyalty-card number...). Each extension key sits under an existing fideslang parent, keeps the
fideslang dotted style, and says why it exists. A key that is neither in fideslang's default
taxonomy nor in this extension is refused with an error naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class ExtensionCategory:
    key: str
    name_en: str
    name_lt: str
    why: str

    @property
    def parent(self) -> str:
        return self.key.rsplit(".", 1)[0]


LT_EXTENSION: tuple[ExtensionCategory, ...] = (
    ExtensionCategory(
        "user.government_id.national_identification_number.lt_asmens_kodas",
        "Lithuanian personal code (asmens kodas)",
        "Asmens kodas",
        "encodes sex and birth date; its use is restricted by national law, so it is tracked apart",
    ),
    ExtensionCategory(
        "user.government_id.identity_document",
        "Identity document data (number, issue date and place, expiry)",
        "Asmens tapatybės dokumento duomenys",
        "Lithuanian ID cards and passports are asked for together; fideslang has only passports",
    ),
    ExtensionCategory(
        "user.government_id.social_insurance_number",
        "Social insurance number (Sodra)",
        "Socialinio draudimo numeris",
        "employers report it to Sodra; no fideslang key",
    ),
    ExtensionCategory(
        "user.financial.vat_payer_code",
        "VAT payer code",
        "PVM mokėtojo kodas",
        "sole traders' VAT codes identify a person; invoices carry them",
    ),
    ExtensionCategory(
        "user.financial.debt",
        "Debt, income, assets and obligations to other creditors",
        "Skola, pajamos, turtas, įsipareigojimai kitiems kreditoriams",
        "debt-management purposes list these together; fideslang has no debt key",
    ),
    ExtensionCategory(
        "user.unique_id.loyalty_card_number",
        "Loyalty card number",
        "Lojalumo kortelės numeris",
        "the only identifier of an anonymous loyalty card holder",
    ),
    ExtensionCategory(
        "user.unique_id.consultant_id",
        "MLM consultant ID",
        "Konsultanto ID",
        "multi-level-marketing networks identify buyers and sponsors by it",
    ),
    ExtensionCategory(
        "user.content.call_recording",
        "Telephone call recording",
        "Pokalbio įrašas",
        "kept on its own retention clock (e.g. 6 months from the recording)",
    ),
    ExtensionCategory(
        "user.content.video_image",
        "Video-surveillance image",
        "Vaizdo stebėjimo duomenys (vaizdas)",
        "CCTV footage has its own rules on access and disclosure",
    ),
    ExtensionCategory(
        "user.demographic.education",
        "Education and qualification documents",
        "Išsilavinimo ir kvalifikacijos dokumentai",
        "recruitment and employment purposes list them; no fideslang key",
    ),
    ExtensionCategory(
        "user.demographic.death",
        "Fact and date of death",
        "Mirties faktas ir data",
        "debt management of deceased debtors names it",
    ),
    ExtensionCategory(
        "user.legal_proceedings",
        "Court and administrative proceedings",
        "Teismo ir administracinių procesų duomenys",
        "not criminal history (Art. 10) but still a distinct, sensitive set",
    ),
    ExtensionCategory(
        "user.workplace.working_time",
        "Working and rest time, salary and position",
        "Darbo ir poilsio laikas, darbo užmokestis, pareigos",
        "personnel records list them together",
    ),
)

SPECIAL_CATEGORY_PREFIXES = (
    "user.biometric",
    "user.health_and_medical",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.political_opinion",
    "user.demographic.sexual_orientation",
    "user.authorization.biometric",
)
CRIMINAL_PREFIXES = ("user.criminal_history",)


class UnknownKey(ValueError):
    """A taxonomy key that neither fideslang nor the Lithuanian extension defines."""


@cache
def _fideslang() -> tuple[frozenset[str], frozenset[str], frozenset[str], dict[str, str]]:
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY  # slow import, loaded once

    categories = {c.fides_key: c.name or c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    subjects = frozenset(s.fides_key for s in DEFAULT_TAXONOMY.data_subject)
    uses = frozenset(u.fides_key for u in DEFAULT_TAXONOMY.data_use)
    return frozenset(categories), subjects, uses, categories


def fideslang_categories() -> frozenset[str]:
    """The data-category keys of fideslang's default taxonomy, without the Lithuanian extension."""
    return _fideslang()[0]


@cache
def known_categories() -> dict[str, str]:
    """Every accepted data-category key with its English name."""
    names = dict(_fideslang()[3])
    for ext in LT_EXTENSION:
        names[ext.key] = ext.name_en
    return names


def category_name(key: str, lang: str = "en") -> str:
    if lang == "lt":
        for ext in LT_EXTENSION:
            if ext.key == key:
                return ext.name_lt
    return known_categories().get(key, key)


def validate_category(key: str) -> str:
    if key not in known_categories():
        raise UnknownKey(
            f"unknown data category {key!r}: use a fideslang data_category key or one of the "
            "Lithuanian extension keys (tvarka.domain.register.categories.LT_EXTENSION)"
        )
    return key


def validate_subject(key: str) -> str:
    if key not in _fideslang()[1]:
        raise UnknownKey(f"unknown data subject {key!r}: use a fideslang data_subject key")
    return key


def validate_use(key: str) -> str:
    if key not in _fideslang()[2]:
        raise UnknownKey(f"unknown data use {key!r}: use a fideslang data_use key")
    return key


def is_special_category(key: str) -> bool:
    return key.startswith(SPECIAL_CATEGORY_PREFIXES)


def is_criminal(key: str) -> bool:
    return key.startswith(CRIMINAL_PREFIXES)

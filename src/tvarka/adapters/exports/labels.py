"""Lithuanian and English words for the record's headings and the register's closed vocabularies.

The register's own texts (purposes, list items) are kept as written; only headings and
vocabulary values are translated, so an export never puts words in the organisation's mouth.
"""

from __future__ import annotations

from typing import Literal

from tvarka.domain.legal_time.lengths import Length, Unit

Lang = Literal["lt", "en"]
LANGS: tuple[Lang, ...] = ("lt", "en")

CONTROLLER_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # key, Lithuanian heading, English heading
    ("no", "Eil. Nr.", "No."),
    ("activity", "Veiklos kodas", "Activity"),
    ("purpose", "Tvarkymo tikslas", "Purpose of processing"),
    ("role", "Vaidmuo", "Role"),
    ("legal_basis", "Teisinis pagrindas (BDAR 6 str.)", "Legal basis (GDPR Art. 6)"),
    (
        "special_conditions",
        "Specialių kategorijų ir nuosprendžių duomenų sąlyga (BDAR 9, 10 str.)",
        "Special-category and criminal data condition (GDPR Art. 9, 10)",
    ),
    ("data_subjects", "Duomenų subjektų kategorijos", "Categories of data subjects"),
    ("data_categories", "Asmens duomenų kategorijos", "Categories of personal data"),
    ("sources", "Duomenų šaltiniai", "Sources of the data"),
    ("recipients", "Duomenų gavėjų kategorijos", "Categories of recipients"),
    ("processors", "Duomenų tvarkytojai", "Processors"),
    (
        "transfers",
        "Perdavimas į trečiąsias valstybes ir garantijos",
        "Transfers to third countries and safeguards",
    ),
    ("retention", "Saugojimo terminai", "Time limits for erasure"),
    (
        "security",
        "Techninės ir organizacinės saugumo priemonės",
        "Technical and organisational security measures",
    ),
    ("automated", "Automatizuoti sprendimai ir profiliavimas", "Automated decisions and profiling"),
    ("dpia", "Poveikio duomenų apsaugai vertinimas", "Data protection impact assessment"),
    ("notes", "Pastabos", "Notes"),
)

PROCESSOR_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("no", "Eil. Nr.", "No."),
    ("activity", "Veiklos kodas", "Activity"),
    (
        "controller",
        "Duomenų valdytojas, kurio vardu tvarkoma",
        "Controller on whose behalf the processor acts",
    ),
    ("purpose", "Tvarkymo kategorijos", "Categories of processing"),
    ("data_subjects", "Duomenų subjektų kategorijos", "Categories of data subjects"),
    ("data_categories", "Asmens duomenų kategorijos", "Categories of personal data"),
    ("processors", "Kiti duomenų tvarkytojai (subtvarkytojai)", "Sub-processors"),
    ("contract", "Sutarties su valdytoju sąlygos", "Terms of the contract with the controller"),
    (
        "transfers",
        "Perdavimas į trečiąsias valstybes ir garantijos",
        "Transfers to third countries and safeguards",
    ),
    ("retention", "Saugojimo terminai", "Time limits for erasure"),
    (
        "security",
        "Techninės ir organizacinės saugumo priemonės",
        "Technical and organisational security measures",
    ),
    ("notes", "Pastabos", "Notes"),
)

TEXT: dict[str, tuple[str, str]] = {
    "controller_title": (
        "Duomenų valdytojo tvarkymo veiklos įrašai (BDAR 30 str. 1 d.)",
        "Record of processing activities of the controller (GDPR Art. 30(1))",
    ),
    "processor_title": (
        "Duomenų tvarkytojo tvarkymo veiklos įrašai (BDAR 30 str. 2 d.)",
        "Record of processing activities of the processor (GDPR Art. 30(2))",
    ),
    "organisation": ("Organizacija", "Organisation"),
    "legal_name": ("Pavadinimas", "Name"),
    "company_code": ("Juridinio asmens kodas", "Company code"),
    "address": ("Adresas", "Address"),
    "contacts": ("Kontaktai", "Contact details"),
    "dpo": ("Duomenų apsaugos pareigūnas", "Data protection officer"),
    "general_security": ("Bendrosios saugumo priemonės", "General security measures"),
    "generated": ("Sudaryta", "Generated"),
    "review": ("Peržiūra", "Review"),
    "review_every": ("ne rečiau kaip kartą per", "at least every"),
    "missing": ("trūksta", "missing"),
    "none": ("—", "—"),
    "no_activities": ("Šiame įraše veiklų nėra.", "No activities in this record."),
    "see_general": ("taip pat bendrosios priemonės", "plus the general measures"),
    "questionable": ("abejotina", "questionable"),
    "inferred": ("numanoma", "inferred"),
    "legitimate_interest": ("teisėtas interesas", "legitimate interest"),
    "optional": ("neprivaloma", "optional"),
    "profiling": ("profiliavimas", "profiling"),
    "legal_effect": (
        "teisinės ar panašios reikšmingos pasekmės",
        "legal or similarly significant effect",
    ),
    "no_legal_effect": ("be teisinių pasekmių", "no legal effect"),
    "required": ("reikalingas", "required"),
    "not_required": ("nereikalingas", "not required"),
    "at_least": ("ne mažiau kaip", "at least"),
    "after": ("nuo", "after"),
    "immediately_after": ("iš karto po", "immediately after"),
    "valid": ("galioja", "valid"),
    "until": ("iki", "until"),
    "derogation": ("išimtis", "derogation"),
    "consent_condition": (
        "sutikimas yra paslaugos sąlyga",
        "consent is a condition of the service",
    ),
    "signed_on": ("sudaryta", "signed"),
    "sub_processing": ("subtvarkymas", "sub-processing"),
    "end_of_contract": ("pasibaigus sutarčiai", "at the end of the contract"),
    "exceptions": ("išimtys", "exceptions"),
    "citations": (
        "Nuorodos į šaltinius pateiktos laužtiniuose skliaustuose.",
        "Citations of the organisation's documents are given in square brackets.",
    ),
    "page": ("Puslapis", "Page"),
    "running_title": (
        "Tvarkymo veiklos įrašai (BDAR 30 str.)",
        "Records of processing activities (GDPR Art. 30)",
    ),
}

VOCAB: dict[str, tuple[str, str]] = {
    # roles
    "controller": ("duomenų valdytojas", "controller"),
    "processor": ("duomenų tvarkytojas", "processor"),
    "joint_controller": ("bendras duomenų valdytojas", "joint controller"),
    # Art. 6(1) bases
    "basis_a": ("sutikimas", "consent"),
    "basis_b": ("sutarties vykdymas", "contract"),
    "basis_c": ("teisinė prievolė", "legal obligation"),
    "basis_d": ("gyvybiniai interesai", "vital interests"),
    "basis_e": ("viešasis interesas", "public task"),
    "basis_f": ("teisėtas interesas", "legitimate interests"),
    # transfer mechanisms
    "adequacy": ("sprendimas dėl tinkamumo", "adequacy decision"),
    "eu_us_dpf": ("ES ir JAV duomenų privatumo sistema", "EU-US Data Privacy Framework"),
    "privacy_shield": (
        "ES ir JAV privatumo skydas (panaikintas 2020-07-16)",
        "EU-US Privacy Shield (annulled 16 July 2020)",
    ),
    "scc": ("standartinės sutarčių sąlygos", "standard contractual clauses"),
    "bcr": ("įmonei privalomos taisyklės", "binding corporate rules"),
    "art49_derogation": ("BDAR 49 str. nukrypti leidžianti nuostata", "GDPR Art. 49 derogation"),
    "none": ("nėra", "none"),
    # retention actions
    "delete": ("ištrinti", "delete"),
    "anonymise": ("nuasmeninti", "anonymise"),
    "review": ("peržiūrėti", "review"),
    "return_or_delete": ("grąžinti arba ištrinti", "return or delete"),
    # sub-processing
    "prior_specific_consent": (
        "tik gavus išankstinį valdytojo sutikimą",
        "only with the controller's prior consent",
    ),
    "general_written_consent": ("bendras rašytinis leidimas", "general written authorisation"),
    "prohibited": ("draudžiama", "prohibited"),
    # sources
    "data_subject": ("duomenų subjektas", "the data subject"),
    "representative": ("atstovas", "a representative"),
    "partner": ("partneris", "a partner"),
    "public_register": ("viešasis registras", "a public register"),
    "sponsor": ("rėmėjas (konsultantas)", "a sponsor (consultant)"),
    "controller_source": ("duomenų valdytojas", "the controller"),
    "employer": ("darbdavys", "the employer"),
    "authority": ("valdžios institucija", "an authority"),
    "systems": ("organizacijos sistemos", "the organisation's systems"),
    "other": ("kita", "other"),
}

_LT_UNITS: dict[Unit, tuple[str, str, str]] = {
    Unit.years: ("metai", "metai", "metų"),
    Unit.months: ("mėnuo", "mėnesiai", "mėnesių"),
    Unit.calendar_days: ("kalendorinė diena", "kalendorinės dienos", "kalendorinių dienų"),
    Unit.working_days: ("darbo diena", "darbo dienos", "darbo dienų"),
    Unit.hours: ("valanda", "valandos", "valandų"),
    Unit.paros: ("para", "paros", "parų"),
}
_LT_WORDS = {
    Unit.immediately: "iš karto",
    Unit.without_undue_delay: "nepagrįstai nedelsiant",
    Unit.next_business_day: "kitą darbo dieną",
}


def text(key: str, lang: Lang) -> str:
    lt, en = TEXT[key]
    return lt if lang == "lt" else en


def vocab(key: str, lang: Lang) -> str:
    lt, en = VOCAB[key]
    return lt if lang == "lt" else en


def headings(columns: tuple[tuple[str, str, str], ...], lang: Lang) -> list[tuple[str, str]]:
    return [(key, lt if lang == "lt" else en) for key, lt, en in columns]


_LT_ACCUSATIVE: dict[Unit, tuple[str, str, str]] = {
    Unit.years: ("metus", "metus", "metų"),
    Unit.months: ("mėnesį", "mėnesius", "mėnesių"),
}


def length(value: Length, lang: Lang, accusative: bool = False) -> str:
    """A length in words; Lithuanian nouns take the form their number (and case) requires."""
    if lang == "en":
        return str(value)
    if value.unit in _LT_WORDS:
        return _LT_WORDS[value.unit]
    forms = _LT_ACCUSATIVE if accusative and value.unit in _LT_ACCUSATIVE else _LT_UNITS
    one, few, many = forms[value.unit]
    n = value.amount
    if n % 10 == 1 and n % 100 != 11:
        form = one
    elif 2 <= n % 10 <= 9 and not 11 <= n % 100 <= 19:
        form = few
    else:
        form = many
    return f"{n} {form}"

"""Sample letters with made-up people, so a DPO can read every kind's wording before use.

The people are generated (names from a short list, addresses on a street that the sample
marks as fictitious, e-mails at example.lt): a preview never shows real personal data.
"""

from __future__ import annotations

import datetime as dt
import random

from tvarka.domain.authority import VDAI, SupervisoryAuthority
from tvarka.domain.letters import (
    ClarificationTopic,
    Decision,
    Ground,
    LetterContext,
    LetterKind,
    Recipient,
    RequestFacts,
    Right,
    Sender,
    StillProcessed,
    court_remedy,
)
from tvarka.domain.settings import Language

FIRST = ("Aistė", "Žygimantas", "Rūta", "Kęstutis", "Eglė", "Šarūnas", "Ugnė", "Dovydas")
LAST = ("Pavyzdytė", "Bandomasis", "Išgalvotaitė", "Tariamasis", "Menamaitė", "Žinomasis")

SAMPLE_RIGHT = {
    LetterKind.acknowledgement: Right.access,
    LetterKind.answer: Right.access,
    LetterKind.refusal: Right.erasure,
    LetterKind.partial_refusal: Right.erasure,
    LetterKind.extension: Right.access,
    LetterKind.invalid_request_notice: Right.access,
    LetterKind.restriction_lift_notice: Right.restriction,
    LetterKind.processor_forward: Right.erasure,
    LetterKind.recipient_notice: Right.rectification,
    LetterKind.clarification: Right.access,
}
# Letters that go to an organisation rather than to the person.
TO_AN_ORGANISATION = frozenset({LetterKind.processor_forward, LetterKind.recipient_notice})

TEXTS: dict[Language, dict[str, str]] = {
    Language.lt: {
        "action": "Pateikėme Jūsų asmens duomenų kopiją (pridedama atskiru dokumentu).",
        "erased": "Ištrynėme Jūsų paskyros ir naujienlaiškio prenumeratos duomenis.",
        "data": "vardas, pavardė, el. pašto adresas, pirkimų istorija",
        "ground": "Pirkimo dokumentus privalome saugoti 10 metų",
        "ground_basis": "BDAR 17 straipsnio 3 dalies b punktas; Buhalterinės apskaitos "
        "įstatymo 19 straipsnis",
        "kept": "pirkimo sąskaitos faktūros",
        "purpose": "buhalterinės apskaitos tvarkymas",
        "kept_basis": "BDAR 6 straipsnio 1 dalies c punktas",
        "extension": "Prašymas apima duomenis keliose sistemose ir vaizdo įrašuose, kuriuose "
        "būtina paslėpti kitų asmenų atvaizdus, todėl jam išnagrinėti reikia daugiau laiko.",
        "defect": "prašymas pateiktas el. paštu, tačiau nepasirašytas kvalifikuotu elektroniniu "
        "parašu ir nepateiktas kitomis priemonėmis, užtikrinančiomis teksto vientisumą",
        "lift": "Patikrinome Jūsų ginčijamų duomenų tikslumą: duomenys yra teisingi.",
        "summary": "Asmuo prašo ištrinti visus su juo susijusius duomenis naujienlaiškių "
        "siuntimo sistemoje.",
        "late": "Prašymas buvo gautas atostogų laikotarpiu, o atsakingas darbuotojas sirgo.",
        "street": "Pavyzdžių g. 1-2 (išgalvotas adresas)",
        "city": "LT-00000 Vilnius",
        "rectified": "Ištaisėme asmens pristatymo adresą.",
        "new_address": "pristatymo adresas: Pavyzdžių g. 3-4, LT-00000 Vilnius",
        "question": "Nurodykite, kurio laikotarpio pirkimų duomenų prašote.",
        "customer": "kliento Nr. 000042",
    },
    Language.en: {
        "action": "We have provided a copy of your personal data (enclosed separately).",
        "erased": "We have erased your account and newsletter subscription data.",
        "data": "name, surname, e-mail address, purchase history",
        "ground": "We must keep purchase records for 10 years",
        "ground_basis": "Article 17(3)(b) GDPR; Article 19 of the Lithuanian Law on Accounting",
        "kept": "purchase invoices",
        "purpose": "accounting",
        "kept_basis": "Article 6(1)(c) GDPR",
        "extension": "Your request covers data in several systems and video recordings in "
        "which other people's images must be masked, so it needs more time.",
        "defect": "the request was sent by e-mail without a qualified electronic signature or "
        "other means that protect the integrity of the text",
        "lift": "We have verified the accuracy of the data you contested: they are correct.",
        "summary": "The person asks for all data about them in the newsletter system to be "
        "erased.",
        "late": "The request arrived during the holidays and the person responsible was ill.",
        "street": "Pavyzdžių g. 1-2 (fictitious address)",
        "city": "LT-00000 Vilnius",
        "rectified": "We have rectified the person's delivery address.",
        "new_address": "delivery address: Pavyzdžių g. 3-4, LT-00000 Vilnius",
        "question": "Please tell us which period of purchases your request concerns.",
        "customer": "customer no. 000042",
    },
}


def sample_context(
    kind: LetterKind,
    language: Language,
    sender: Sender,
    *,
    authority: SupervisoryAuthority = VDAI,
    late: bool = False,
    seed: int | None = None,
) -> LetterContext:
    """A context that satisfies ``kind``'s rules, with a generated person."""
    pick = random.Random(seed)
    text = TEXTS[language]
    name = f"{pick.choice(FIRST)} {pick.choice(LAST)}"
    received = dt.date(2026, 11, 2)
    due = dt.date(2026, 12, 2)
    extended = dt.date(2027, 2, 2) if kind is LetterKind.extension else None
    sent_on = {
        LetterKind.acknowledgement: dt.date(2026, 11, 3),
        LetterKind.invalid_request_notice: dt.date(2026, 11, 6),
        LetterKind.extension: dt.date(2026, 11, 27),
        LetterKind.processor_forward: dt.date(2026, 11, 3),
        LetterKind.clarification: dt.date(2026, 11, 3),
    }.get(kind, dt.date(2026, 12, 9) if late else dt.date(2026, 11, 30))
    right = SAMPLE_RIGHT[kind]
    refused = kind in (LetterKind.refusal, LetterKind.partial_refusal)
    notice = kind is LetterKind.recipient_notice
    actions = {LetterKind.partial_refusal: text["erased"], LetterKind.recipient_notice:
               text["rectified"]}.get(kind, text["action"])
    decision = Decision(
        actions_taken=(actions,),
        data_concerned=(text["new_address"] if notice else text["data"],),
        refusal_grounds=(Ground(text["ground"], text["ground_basis"]),) if refused else (),
        still_processed=(
            (StillProcessed(text["kept"], text["purpose"], text["kept_basis"]),) if refused else ()
        ),
        defects=(text["defect"],),
        restriction_lifts_on=dt.date(2026, 12, 15),
        restriction_lift_reason=text["lift"],
        recipients=("UAB „Pavyzdinis kurjeris“",) if kind is LetterKind.answer else None,
        subject_reference=text["customer"] if notice else None,
        clarify_topic=ClarificationTopic.scope if kind is LetterKind.clarification else None,
        questions=(text["question"],),
        clock_paused=kind is LetterKind.clarification,
    )
    recipient = (
        Recipient(name="UAB „Pavyzdinis valdytojas“ (išgalvota bendrovė)",
                  address_lines=(text["street"], text["city"]),
                  email="privacy@example.lt")
        if kind in TO_AN_ORGANISATION
        else Recipient(name=name, address_lines=(text["street"], text["city"]),
                       email=f"{name.split()[0].lower()}@example.lt")
    )
    return LetterContext(
        organisation=sender,
        recipient=recipient,
        request=RequestFacts(
            reference="DSR-2026-0042",
            right=right,
            received_on=received,
            due_on=due,
            extended_due_on=extended,
            extension_reasons=text["extension"] if extended else None,
            summary=text["summary"],
            subject_name=name,
        ),
        sent_on=sent_on,
        decision=decision,
        late_reasons=text["late"] if late else None,
        authority=authority,
        court=court_remedy(authority),
        signed_by=None,
    )

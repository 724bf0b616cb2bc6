"""Clock rules mirroring the seed organisations' documents (requirements.md §3, §4.4).

Test data only: the shipped profiles are written elsewhere. Citations follow the seeds' form.
"""

from tvarka.domain.profile import ClockRule, SubjectType

EMPLOYEE, CANDIDATE = SubjectType.employee, SubjectType.candidate


def rule(length: str, citation: str, subject_type: SubjectType | None = None) -> ClockRule:
    return ClockRule(length=length, citation=citation, subject_type=subject_type)


IT_SALES = {"dm.optout": [rule("7 paros", "000 §Komerciniai pranešimai")]}

VIVASEND = {
    "dm.optout": [rule("1 month", "001 IV.3")],
    "processor.end_deletion": [rule("next business day", "001 VII.19")],
    "breach.commission_conclusion": [rule("30 calendar days", "001 VII.12")],
    "breach.internal_report": [rule("immediately", "001 VII.11")],
}

TIENS = {
    "dsr.response": [rule("1 month", "002 P§8.8")],
    "inquiry.response": [rule("14 calendar days", "002 P§12.4")],
    "dm.optout": [rule("without undue delay", "002 P§6.4")],
    "breach.authority": [rule("72 hours", "002 R§10.2")],
}

DELANO = {
    "dsr.response": [
        rule("1 month", "003 D-DSR 12.1"),
        rule("30 calendar days", "003 D-POL 6.3"),
        rule("1 month", "003 D-EMP2 9.4", EMPLOYEE),
        rule("1 month", "003 D-CAND 7.4", CANDIDATE),
    ],
    "dsr.response.extended": [rule("60 calendar days", "003 D-POL 6.3")],
    "dsr.invalid_notice": [rule("5 working days", "003 D-DSR 12.3")],
    "dsr.rectification": [
        rule("3 working days", "003 D-EMP2 9.6", EMPLOYEE),
        rule("5 working days", "003 D-CAND 7.6", CANDIDATE),
    ],
    "dsr.restriction": [
        rule("5 working days", "003 D-EMP2 9.9", EMPLOYEE),
        rule("5 working days", "003 D-CAND 7.5", CANDIDATE),
    ],
    "dsr.erasure": [
        rule("1 month", "003 D-EMP2 9.12", EMPLOYEE),
        rule("5 working days", "003 D-CAND 7.7", CANDIDATE),
    ],
    "art14.notice": [rule("1 month", "003 D-CLIENT 7.2")],
    "dm.optout": [rule("immediately", "003 D-CLIENT 6.12")],
    "breach.internal_report": [rule("24 hours", "003 D-BREACH 4.2")],
    "breach.register_entry": [rule("5 working days", "003 D-BREACH 4.6")],
    "breach.authority": [rule("72 hours", "003 D-BREACH 5.2")],
    "breach.data_subjects": [rule("72 hours", "003 D-BREACH 6.1")],
    "rules.review": [rule("2 years", "003 D-EMP2 12.3")],
    "candidate.rules_change_notice": [rule("30 calendar days", "003 D-CAND 8.4")],
}

KITOKS = {
    "dsr.response": [rule("1 month", "004 K-DSR 12.1"), rule("30 calendar days", "004 K-POL 6.3")],
    "dsr.response.extended": [rule("60 calendar days", "004 K-POL 6.3")],
    "dsr.invalid_notice": [rule("5 working days", "004 K-DSR 12.3")],
    "art14.notice": [rule("1 month", "004 K-DSR 3.3.1")],
}

ORGANISATIONS = {
    "it-sales": IT_SALES,
    "vivasend": VIVASEND,
    "tiens": TIENS,
    "delano": DELANO,
    "kitoks-miestas": KITOKS,
}

"""Each finding rule fires on the case it is about and stays silent on the lawful twin."""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tvarka.domain.findings import Severity
from tvarka.domain.register.facts import OrgFacts
from tvarka.domain.register.findings import RULES, check
from tvarka.domain.register.model import Register

from .builders import C, activity, facts, register

TODAY = date(2026, 11, 23)


def codes(reg: Register, org_facts: OrgFacts | None = None, as_of: date = TODAY) -> list[str]:
    return [f.code for f in check(reg, org_facts or facts(), as_of)]


def transfer(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "country": "US",
        "recipient": "Example Cloud Inc.",
        "mechanism": "scc",
        "citation": "999 T§7",
    }
    base.update(overrides)
    return base


def test_a_clean_register_has_no_findings() -> None:
    assert codes(register()) == []


# --- transfers


def test_privacy_shield_after_schrems_ii() -> None:
    reg = register(activity(transfers=[transfer(mechanism="privacy_shield")]))
    found = [f for f in check(reg, facts(), TODAY) if f.code == "TRANSFER-PRIVACY-SHIELD"]
    assert len(found) == 1
    assert found[0].severity is Severity.violation
    assert found[0].citation == "999 T§7"
    assert "C-311/18" in found[0].legal_reference
    assert "TRANSFER-PRIVACY-SHIELD" not in codes(reg, as_of=date(2020, 7, 15))
    assert "TRANSFER-PRIVACY-SHIELD" not in codes(
        register(activity(transfers=[transfer(mechanism="eu_us_dpf")]))
    )


def test_expired_mechanism() -> None:
    expired = register(
        activity(transfers=[transfer(valid_from="2021-01-01", valid_to="2025-12-31")])
    )
    assert "TRANSFER-MECHANISM-EXPIRED" in codes(expired)
    assert "TRANSFER-MECHANISM-EXPIRED" not in codes(expired, as_of=date(2025, 12, 31))


def test_transfer_without_tool() -> None:
    assert "TRANSFER-NO-SAFEGUARD" in codes(
        register(activity(transfers=[transfer(mechanism="none")]))
    )


def test_consent_as_condition_of_a_transfer() -> None:
    conditional = transfer(
        mechanism="art49_derogation", derogation="a", consent_is_condition_of_service=True
    )
    voluntary = transfer(mechanism="art49_derogation", derogation="a")
    assert "TRANSFER-CONSENT-CONDITION" in codes(register(activity(transfers=[conditional])))
    found = codes(register(activity(transfers=[voluntary])))
    assert "TRANSFER-CONSENT-CONDITION" not in found
    assert "TRANSFER-ART49-SYSTEMATIC" in found


def test_transfer_without_country_or_tool() -> None:
    reg = register(activity(transfers=[{"gap": "silent", "note": "no country", "citation": C}]))
    assert "TRANSFER-UNSPECIFIED" in codes(reg)


# --- bases


def test_vital_interests_for_security() -> None:
    security = activity(
        data_uses=["essential.service.security"],
        legal_bases=[{"basis": "d", "citation": "999 T§3"}],
    )
    assert "BASIS-VITAL-INTERESTS-SECURITY" in codes(register(security))
    medical = activity(data_uses=["essential.service"], legal_bases=[{"basis": "d", "citation": C}])
    assert "BASIS-VITAL-INTERESTS-SECURITY" not in codes(register(medical))
    lawful = activity(
        data_uses=["essential.service.security"],
        legal_bases=[
            {"basis": "f", "citation": C, "legitimate_interest": {"value": "safety", "citation": C}}
        ],
    )
    assert "BASIS-VITAL-INTERESTS-SECURITY" not in codes(register(lawful))


def test_missing_basis_and_unstated_interest() -> None:
    assert "BASIS-MISSING" in codes(
        register(activity(legal_bases={"gap": "silent", "note": "none", "citation": C}))
    )
    unstated = activity(
        legal_bases=[
            {"basis": "f", "citation": C, "legitimate_interest": {"gap": "silent", "note": "none"}}
        ]
    )
    assert "BASIS-LI-NOT-STATED" in codes(register(unstated))


def test_processor_activities_need_no_basis() -> None:
    processor = activity(
        role={"value": "processor", "citation": C},
        legal_bases=[],
        on_behalf_of={"value": "clients", "citation": C},
    )
    assert "BASIS-MISSING" not in codes(register(processor))


def test_employee_consent() -> None:
    employees = [{"key": "employee", "label": "staff", "citation": C}]
    assert "EMPLOYEE-CONSENT" in codes(
        register(activity(data_subjects=employees, legal_bases=[{"basis": "a", "citation": C}]))
    )
    assert "EMPLOYEE-CONSENT" not in codes(register(activity(data_subjects=employees)))
    assert "EMPLOYEE-CONSENT" not in codes(
        register(activity(legal_bases=[{"basis": "a", "citation": C}]))
    )


# --- special categories


def test_special_category_needs_art9_condition() -> None:
    health = [{"key": "user.health_and_medical", "label": "medical books", "citation": "999 T§9"}]
    found = [f for f in check(register(activity(data_categories=health)), facts(), TODAY)]
    assert [f.code for f in found] == ["SPECIAL-CATEGORY-NO-ART9"]
    assert "medical books" in found[0].explanation
    covered = activity(
        data_categories=health, special_conditions=[{"condition": "b", "citation": C}]
    )
    assert codes(register(covered)) == []


def test_criminal_data_needs_art10() -> None:
    criminal = [{"key": "user.criminal_history", "label": "convictions", "citation": C}]
    assert "CRIMINAL-DATA-NO-ART10" in codes(register(activity(data_categories=criminal)))
    ok = activity(
        data_categories=criminal,
        criminal_conditions=[{"condition": "authorised_by_law", "citation": C}],
    )
    assert "CRIMINAL-DATA-NO-ART10" not in codes(register(ok))


# --- retention


def rule(period: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "anchor": "last_login",
        "anchor_label": "last login",
        "period": period,
        "action": "delete",
        "citation": C,
    }
    base.update(overrides)
    return base


def test_ten_years_for_non_accounting_data() -> None:
    assert "RETENTION-10Y-NON-ACCOUNTING" in codes(register(activity(retention=[rule("10 years")])))
    assert "RETENTION-10Y-NON-ACCOUNTING" not in codes(
        register(activity(retention=[rule("9 years")]))
    )
    accounting = activity(data_uses=["finance"], retention=[rule("10 years")])
    assert "RETENTION-10Y-NON-ACCOUNTING" not in codes(register(accounting))
    statutory = activity(
        retention=[rule("10 years", statutory={"value": "Labour Code", "citation": C})]
    )
    assert "RETENTION-10Y-NON-ACCOUNTING" not in codes(register(statutory))


def test_missing_and_conflicting_retention() -> None:
    assert "RETENTION-MISSING" in codes(
        register(activity(retention=[{"gap": "silent", "note": "none", "citation": C}]))
    )
    conflict = activity(
        retention=[
            rule("9 months", citation="999 A 1"),
            rule("10 years", anchor="last_purchase", citation="999 B 2"),
        ]
    )
    assert "RETENTION-CONFLICT" in codes(register(conflict))
    split = activity(
        retention=[
            rule("9 months", applies_to="registration data"),
            rule("1 year", applies_to="logs"),
        ]
    )
    assert "RETENTION-CONFLICT" not in codes(register(split))


# --- other register rules


def test_questionable_activity() -> None:
    flagged = activity(questionable={"reason": "template car-park purpose", "citation": C})
    assert "ACTIVITY-QUESTIONABLE" in codes(register(flagged))


def test_adm_with_legal_effect_on_consent() -> None:
    adm = {
        "description": "credit decision",
        "profiling": False,
        "legal_or_similar_effect": True,
        "basis": "a",
        "citation": C,
    }
    assert "ADM-CONSENT-NOT-EXPLICIT" in codes(register(activity(automated_decisions=[adm])))
    assert "ADM-CONSENT-NOT-EXPLICIT" not in codes(
        register(activity(automated_decisions=[{**adm, "legal_or_similar_effect": False}]))
    )


def test_dpia_flag() -> None:
    dpia = {"required": True, "reason": "CCTV", "reference": "GDPR Art. 35(3)(c)"}
    assert "DPIA-REQUIRED" in codes(register(activity(dpia=dpia)))
    assert "DPIA-REQUIRED" not in codes(register(activity(dpia={**dpia, "required": False})))


def test_review_reminder_follows_the_organisations_rule() -> None:
    never = register(review={"every": "2 years", "citation": C})
    assert "REVIEW-DUE" in codes(never)
    recent = register(review={"every": "2 years", "citation": C, "last_reviewed": "2025-01-10"})
    assert "REVIEW-DUE" not in codes(recent, as_of=date(2027, 1, 9))
    assert "REVIEW-DUE" in codes(recent, as_of=date(2027, 1, 10))


# --- organisation-wide rules


def test_age_16_against_lithuanias_14() -> None:
    assert "AGE-16-VS-14" in codes(register(), facts(min_age={"value": 16, "citation": C}))
    assert "AGE-16-VS-14" not in codes(register(), facts(min_age={"value": 14, "citation": C}))


def test_block_versus_parental_consent() -> None:
    both = facts(
        under_age_modes=[
            {"value": "block", "citation": C},
            {"value": "parental_consent", "citation": C},
        ]
    )
    one = facts(under_age_modes=[{"value": "parental_consent", "citation": C}])
    assert "AGE-BLOCK-VS-PARENTAL" in codes(register(), both)
    assert "AGE-BLOCK-VS-PARENTAL" not in codes(register(), one)


def test_fee_once_per_calendar_year_and_copy_fee() -> None:
    yearly = facts(fee_rules=[{"value": "free_once_per_calendar_year", "citation": "999 T§12.6"}])
    found = check(register(), yearly, TODAY)
    assert [(f.code, f.citation) for f in found] == [("FEE-ONCE-PER-YEAR", "999 T§12.6")]
    assert "FEE-FIRST-COPY" in codes(
        register(), facts(fee_rules=[{"value": "copy_fee_admin_costs", "citation": C}])
    )
    assert (
        codes(
            register(),
            facts(fee_rules=[{"value": "free_unless_manifestly_unfounded", "citation": C}]),
        )
        == []
    )


def test_thirty_calendar_days_against_one_month() -> None:
    both = facts(
        dsr_deadlines=[
            {"value": "1 month", "citation": C},
            {"value": "30 calendar days", "citation": "999 P§6.3"},
        ]
    )
    found = [f for f in check(register(), both, TODAY) if f.code == "DSR-30-DAYS"]
    assert len(found) == 1 and found[0].citation == "999 P§6.3"
    assert "own rules also say one month" in found[0].explanation
    assert "DSR-30-DAYS" not in codes(
        register(), facts(dsr_deadlines=[{"value": "1 month", "citation": C}])
    )
    assert "DSR-EXTENSION-DAYS" in codes(
        register(), facts(dsr_extensions=[{"value": "60 calendar days", "citation": C}])
    )


def test_notarised_copy_for_postal_requests() -> None:
    notarised = facts(
        id_rules=[{"value": {"channel": "post", "requirement": "notarised_copy"}, "citation": C}]
    )
    found = [f for f in check(register(), notarised, TODAY) if f.code == "ID-NOTARISED-COPY"]
    assert len(found) == 1 and "post" in found[0].explanation
    plain = facts(
        id_rules=[
            {"value": {"channel": "in_person", "requirement": "identity_document"}, "citation": C}
        ]
    )
    assert codes(register(), plain) == []


def test_reasons_for_dm_objection() -> None:
    assert "DM-OBJECTION-REASONS" in codes(
        register(), facts(dm_objection_requires_reasons={"value": True, "citation": C})
    )
    assert (
        codes(register(), facts(dm_objection_requires_reasons={"value": False, "citation": C}))
        == []
    )


@pytest.mark.parametrize("mode", ["implied_by_use", "continued_browsing"])
def test_implied_cookie_consent(mode: str) -> None:
    assert "COOKIE-IMPLIED-CONSENT" in codes(
        register(), facts(cookie_consent={"value": mode, "citation": C})
    )


def test_opt_in_cookies_are_fine() -> None:
    assert codes(register(), facts(cookie_consent={"value": "opt_in", "citation": C})) == []


def test_findings_are_ordered_by_severity() -> None:
    reg = register(
        activity(
            dpia={"required": True, "reason": "x", "reference": "y"},
            transfers=[transfer(mechanism="none")],
        )
    )
    severities = [
        f.severity for f in check(reg, facts(min_age={"value": 16, "citation": C}), TODAY)
    ]
    assert severities == [Severity.violation, Severity.warning, Severity.info]


def test_facts_for_another_organisation_are_refused() -> None:
    with pytest.raises(ValueError, match="test-org"):
        check(register(), OrgFacts(org="other-org"), TODAY)


def test_every_rule_is_covered_by_a_test_in_this_file() -> None:
    """A new rule without a test here fails this test (a code is only counted where it is expected)."""
    source = Path(__file__).read_text(encoding="utf-8")
    emitted: set[str] = set()
    for rule_fn in RULES:
        emitted |= set(re.findall(r'"([A-Z0-9]+(?:-[A-Z0-9]+)+)"', inspect.getsource(rule_fn)))
    missing = {
        code for code in emitted if source.count(f'"{code}"') <= source.count(f'"{code}" not in')
    }
    assert missing == set()


def test_cookie_that_stores_credentials() -> None:
    cookie = {"key": "user.device.cookie", "label": "cookies", "citation": C}
    password = {
        "key": "user.authorization.credentials",
        "label": "cookie keeps the password",
        "citation": "999 P§10.2",
    }
    assert "COOKIE-STORES-CREDENTIALS" in codes(
        register(activity(data_categories=[cookie, password]))
    )
    assert "COOKIE-STORES-CREDENTIALS" not in codes(register(activity(data_categories=[cookie])))


def test_soft_opt_in_conditions() -> None:
    li = [
        {
            "basis": "f",
            "citation": C,
            "legitimate_interest": {"value": "own customers", "citation": C},
        }
    ]
    assert "DM-SOFT-OPT-IN-CONDITIONS" in codes(
        register(activity(data_uses=["marketing.communications.email"], legal_bases=li))
    )
    assert "DM-SOFT-OPT-IN-CONDITIONS" not in codes(
        register(
            activity(
                data_uses=["marketing.communications.email"],
                legal_bases=[{"basis": "a", "citation": C}],
            )
        )
    )


def test_dm_optout_delay() -> None:
    assert "DM-OPTOUT-DELAY" in codes(
        register(), facts(dm_optout_within={"value": "7 paros", "citation": C})
    )
    assert (
        codes(register(), facts(dm_optout_within={"value": "without undue delay", "citation": C}))
        == []
    )


def test_processor_breach_inquiry_without_notice() -> None:
    assert "BREACH-PROCESSOR-DELAY" in codes(
        register(), facts(processor_breach_conclusion={"value": "30 calendar days", "citation": C})
    )


def test_broad_rights_limitation_and_bundled_consent() -> None:
    assert "RIGHTS-LIMITATION-BROAD" in codes(
        register(), facts(rights_limitation={"value": "while mandatory", "citation": C})
    )
    assert "CONSENT-BUNDLED" in codes(
        register(), facts(consent_bundling=[{"value": "visiting = agreeing", "citation": C}])
    )


def test_published_codes_unexamined_requests_criminal_definition_dual_role() -> None:
    assert "PERSONAL-CODES-PUBLISHED" in codes(
        register(), facts(published_personal_codes={"value": "codes printed", "citation": C})
    )
    assert "ID-REQUEST-NOT-EXAMINED" in codes(
        register(), facts(unverified_not_examined=[{"value": "oral not examined", "citation": C}])
    )
    assert "CRIMINAL-AS-SPECIAL-CATEGORY" in codes(
        register(), facts(criminal_in_special_definition={"value": True, "citation": C})
    )
    assert "CRIMINAL-AS-SPECIAL-CATEGORY" not in codes(
        register(), facts(criminal_in_special_definition={"value": False, "citation": C})
    )
    assert "ROLE-CONTROLLER-AND-PROCESSOR" in codes(
        register(), facts(dual_role_declared=[{"value": "valdytoja ir tvarkytoja", "citation": C}])
    )

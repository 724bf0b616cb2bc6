"""Each of the five seed registers raises the findings its documents deserve (requirements.md §4)."""

from __future__ import annotations

from datetime import date

import pytest

from tvarka.adapters.register_files import BUNDLED, bundled_facts, load_bundled
from tvarka.domain.register.findings import check

TODAY = date(2026, 11, 23)


def found(org: str) -> dict[str, set[str | None]]:
    result: dict[str, set[str | None]] = {}
    for f in check(load_bundled(org), bundled_facts(org), TODAY):
        result.setdefault(f.code, set()).add(f.citation)
    return result


def test_it_sales() -> None:
    f = found("it-sales")
    assert f["BASIS-VITAL-INTERESTS-SECURITY"] == {
        '000 §"Asmens duomenų tvarkymo teisinis pagrindas"'
    }
    assert "TRANSFER-UNSPECIFIED" in f
    assert "ADM-CONSENT-NOT-EXPLICIT" in f
    assert "COOKIE-IMPLIED-CONSENT" not in f  # 000 describes no consent mechanism at all
    assert f["DM-OPTOUT-DELAY"] == {'000 §"Komerciniai pranešimai" (L182)'}
    assert "RIGHTS-LIMITATION-BROAD" in f


def test_vivasend() -> None:
    f = found("vivasend")
    assert f["SPECIAL-CATEGORY-NO-ART9"] == {
        "001 II.9.1"
    }  # personal medical books on a contract basis
    assert f["COOKIE-IMPLIED-CONSENT"] == {"001 V.3"}
    assert "EMPLOYEE-CONSENT" in f
    assert (
        "RETENTION-CONFLICT" not in f
    )  # instruction vs no instruction are two cases, not a conflict


def test_tiens() -> None:
    f = found("tiens")
    assert f["TRANSFER-PRIVACY-SHIELD"] == {"002 R§5.11.2", "002 P§10.1.4"}
    assert f["TRANSFER-CONSENT-CONDITION"] == {"002 R§5.11.1"}
    assert f["DM-OBJECTION-REASONS"] == {"002 P§8.6.4"}
    assert f["COOKIE-IMPLIED-CONSENT"] == {"002 P§10.3"}
    assert f["ID-NOTARISED-COPY"] == {"002 R§8.8.2"}
    assert f["RETENTION-10Y-NON-ACCOUNTING"] == {
        "002 R§9.1.3",
        "002 R§9.1.5",
    }  # not R§9.1.2 accounting
    assert f["COOKIE-STORES-CREDENTIALS"] == {"002 P§10.2"}
    assert f["PERSONAL-CODES-PUBLISHED"] == {"002 R§2.1.9(iv)"}
    assert f["CRIMINAL-AS-SPECIAL-CATEGORY"] == {"002 R§2.1.11"}
    assert "DM-SOFT-OPT-IN-CONDITIONS" in f
    assert "FEE-ONCE-PER-YEAR" not in f  # Tiens' fee rule follows Art. 12(5)
    assert "DSR-30-DAYS" not in f


@pytest.mark.parametrize("org,prefix", [("delano", "003"), ("kitoks-miestas", "004")])
def test_shared_template(org: str, prefix: str) -> None:
    f = found(org)
    policy = "D-POL" if org == "delano" else "K-POL"
    rules = "D-DSR" if org == "delano" else "K-DSR"
    assert f["DSR-30-DAYS"] == {f"{prefix} {policy} 6.3"}
    assert f["DSR-EXTENSION-DAYS"] == {f"{prefix} {policy} 6.3"}
    assert f["FEE-ONCE-PER-YEAR"] == {f"{prefix} {rules} 12.6"}
    assert f["AGE-16-VS-14"] == {f"{prefix} {policy} 1.9"}
    assert f["AGE-BLOCK-VS-PARENTAL"] == {f"{prefix} {policy} 1.9"}
    assert "ID-NOTARISED-COPY" in f
    assert "RETENTION-10Y-NON-ACCOUNTING" in f
    assert "ACTIVITY-QUESTIONABLE" in f
    assert f["ROLE-CONTROLLER-AND-PROCESSOR"] == {f"{prefix} {rules} 1.1"}
    assert "CONSENT-BUNDLED" in f
    assert f"{prefix} {rules} 12.3" in next(iter(f["ID-REQUEST-NOT-EXAMINED"]))


def test_delano_only() -> None:
    f = found("delano")
    assert f["COOKIE-IMPLIED-CONSENT"] == {"003 cookie banner (L594)"}
    assert f["REVIEW-DUE"] == {"003 D-EMP2 12.3"}
    assert "RETENTION-CONFLICT" in f  # D-PN 9 months vs D-POL 4.2.6 vs D-CLIENT 4.3 10 years
    assert "COOKIE-IMPLIED-CONSENT" not in found("kitoks-miestas")


@pytest.mark.parametrize("org", BUNDLED)
def test_every_finding_cites_the_organisations_seed(org: str) -> None:
    prefix = {
        "it-sales": "000",
        "vivasend": "001",
        "tiens": "002",
        "delano": "003",
        "kitoks-miestas": "004",
    }[org]
    for f in check(load_bundled(org), bundled_facts(org), TODAY):
        assert f.citation and f.citation.startswith(prefix), f


def test_profile_facts_keep_both_under_age_modes_and_the_profile_clocks() -> None:
    facts = bundled_facts("delano")
    assert {m.value.value for m in facts.under_age_modes} == {"block", "parental_consent"}
    assert [str(d.value) for d in facts.dsr_deadlines] == ["1 month", "30 calendar days"]
    assert (
        facts.cookie_consent is not None
        and facts.cookie_consent.value.value == "continued_browsing"
    )
    vivasend = bundled_facts("vivasend")
    assert vivasend.processor_breach_conclusion is not None
    assert vivasend.processor_breach_conclusion.citation.startswith("001 VII.12")

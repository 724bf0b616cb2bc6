"""Every named clock for every organisation value, the EDPB examples and the §7.2 edge cases."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tvarka.domain.legal_time.calendar import VILNIUS
from tvarka.domain.legal_time.deadlines import Source, resolve_clock
from tvarka.domain.legal_time.lengths import parse_length
from tvarka.domain.profile import ClockRule, SubjectType

from . import oracle
from .org_rules import CANDIDATE, DELANO, EMPLOYEE, IT_SALES, KITOKS, TIENS, VIVASEND, rule

D = dt.date
UTC = dt.UTC
NONE: dict[str, list[ClockRule]] = {}


def codes(deadline: object) -> list[str]:
    return [finding.code for finding in deadline.findings]  # type: ignore[attr-defined]


# -- dsr.response -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "raw", "due"),
    [
        (D(2024, 3, 5), D(2024, 4, 5), D(2024, 4, 5)),  # EDPB example 32 (a Friday in 2024)
        (D(2025, 8, 31), D(2025, 9, 30), D(2025, 9, 30)),  # EDPB example 33
        # lithuania.md §7.2
        (D(2026, 1, 5), D(2026, 2, 5), D(2026, 2, 5)),
        (D(2026, 3, 5), D(2026, 4, 5), D(2026, 4, 7)),  # Easter Sunday and Monday
        (D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 2)),
        (D(2028, 1, 31), D(2028, 2, 29), D(2028, 2, 29)),
        (D(2026, 10, 1), D(2026, 11, 1), D(2026, 11, 3)),  # All Saints' and All Souls'
        (D(2025, 10, 31), D(2025, 11, 30), D(2025, 12, 1)),
        (D(2026, 12, 24), D(2027, 1, 24), D(2027, 1, 25)),
        # Christmas and New Year
        (D(2026, 11, 24), D(2026, 12, 24), D(2026, 12, 28)),
        (D(2026, 12, 1), D(2027, 1, 1), D(2027, 1, 4)),
    ],
)
def test_dsr_response_by_law(received: dt.date, raw: dt.date, due: dt.date) -> None:
    deadline = resolve_clock("dsr.response", NONE).compute(received)
    assert deadline.due == due
    assert deadline.rolled_from == (raw if raw != due else None)
    assert deadline.citations == ("GDPR Art. 12(3), Art. 15–22; Reg. 1182/71 Art. 3",)
    assert deadline.findings == ()


def test_an_instant_is_counted_from_its_date_in_vilnius() -> None:
    # 23:30 UTC on 31 March 2026 is 1 April in Vilnius; 1 May is a holiday, 2–3 May a weekend.
    deadline = resolve_clock("dsr.response", NONE).compute(
        dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    )
    assert (deadline.rolled_from, deadline.due) == (D(2026, 5, 1), D(2026, 5, 4))
    earlier = resolve_clock("dsr.response", NONE).compute(
        dt.datetime(2026, 3, 31, 20, 30, tzinfo=UTC)
    )
    assert earlier.due == D(2026, 4, 30)


@pytest.mark.parametrize("org", [DELANO, KITOKS])
def test_thirty_days_applies_where_it_ends_before_the_month(
    org: dict[str, list[ClockRule]],
) -> None:
    # 1 July + 30 days = 31 July (Fri); + 1 month = 1 August (Sat) → 3 August.
    deadline = resolve_clock("dsr.response", org).compute(D(2026, 7, 1))
    assert deadline.due == D(2026, 7, 31)
    assert deadline.length == parse_length("30 calendar days")
    assert deadline.citations == (org["dsr.response"][1].citation,)
    assert {(str(v.length), v.source, v.due) for v in deadline.variants} == {
        ("1 month", Source.organisation, D(2026, 8, 3)),
        ("30 calendar days", Source.organisation, D(2026, 7, 31)),
        ("1 month", Source.law, D(2026, 8, 3)),
    }
    assert codes(deadline) == ["DSR-30-DAYS"]
    finding = deadline.findings[0]
    assert "GDPR Art. 12(3)" in finding.legal_reference
    assert "1182/71" in finding.legal_reference
    assert org["dsr.response"][1].citation in (finding.citation or "")


def test_the_month_applies_where_thirty_days_run_past_february() -> None:
    # 31 Jan 2027 + 30 days = 2 March; + 1 month = 28 Feb (Sun) → 1 March.
    deadline = resolve_clock("dsr.response", DELANO).compute(D(2027, 1, 31))
    assert (deadline.rolled_from, deadline.due) == (D(2027, 2, 28), D(2027, 3, 1))
    assert deadline.length == parse_length("1 month")
    assert deadline.citations == ("003 D-DSR 12.1", "GDPR Art. 12(3)")
    assert codes(deadline) == ["DSR-30-DAYS"]


@pytest.mark.parametrize(
    ("subject_type", "citation"), [(EMPLOYEE, "003 D-EMP2 9.4"), (CANDIDATE, "003 D-CAND 7.4")]
)
def test_delano_employee_and_candidate_requests_use_their_own_month(
    subject_type: SubjectType, citation: str
) -> None:
    deadline = resolve_clock("dsr.response", DELANO, subject_type).compute(D(2026, 7, 1))
    assert deadline.due == D(2026, 8, 3)
    assert deadline.citations == (citation, "GDPR Art. 12(3)")
    assert deadline.findings == ()
    assert deadline.subject_type is subject_type


def test_tiens_month_is_the_law_s_month() -> None:
    deadline = resolve_clock("dsr.response", TIENS).compute(D(2026, 3, 5))
    assert deadline.due == D(2026, 4, 7)
    assert deadline.citations == ("002 P§8.8", "GDPR Art. 12(3)")
    assert deadline.findings == ()


def test_an_organisation_period_longer_than_the_law_is_capped() -> None:
    org = {"dsr.response": [rule("45 calendar days", "099 §1")]}
    deadline = resolve_clock("dsr.response", org).compute(D(2026, 1, 5))
    assert deadline.due == D(2026, 2, 5)
    assert deadline.citations == ("GDPR Art. 12(3)",)
    assert codes(deadline) == ["DSR-30-DAYS", "CLOCK-BEYOND-LAW"]
    assert deadline.findings[1].severity == "violation"


def test_a_suspension_moves_the_start_by_whole_days() -> None:
    deadline = resolve_clock("dsr.response", NONE).compute(
        D(2026, 1, 5), suspended=dt.timedelta(days=10)
    )
    # 5 Jan + 10 days stood still = 15 Jan; + 1 month = Sunday 15 Feb; 16 Feb is a holiday.
    assert (deadline.rolled_from, deadline.due) == (D(2026, 2, 15), D(2026, 2, 17))


def test_a_suspension_counts_vilnius_days_across_the_spring_switch() -> None:
    # 21:30 UTC on 24 March is 23:30 in Vilnius; five days on it is 29 March (the switch day).
    # Five 24-hour blocks would end at 00:30 on 30 March there, one day too late.
    deadline = resolve_clock("dsr.response", NONE).compute(
        dt.datetime(2026, 3, 24, 21, 30, tzinfo=UTC), suspended=dt.timedelta(days=5)
    )
    assert deadline.due == D(2026, 4, 29)


# -- dsr.response.extended ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "rolled_from"),
    [
        # lithuania.md §7.3: (1 month + 2) vs 3 months from receipt, the earlier one.
        (D(2025, 10, 31), D(2026, 1, 30), None),
        (D(2026, 1, 31), D(2026, 4, 28), None),
        (D(2026, 3, 5), D(2026, 6, 5), None),
        (D(2026, 2, 6), D(2026, 5, 6), None),
        (D(2026, 3, 1), D(2026, 6, 1), None),
        (D(2026, 3, 7), D(2026, 6, 8), D(2026, 6, 7)),
    ],
)
def test_extended_by_law(received: dt.date, due: dt.date, rolled_from: dt.date | None) -> None:
    deadline = resolve_clock("dsr.response.extended", NONE).compute(received)
    assert (deadline.due, deadline.rolled_from) == (due, rolled_from)
    assert deadline.citations == (
        "GDPR Art. 12(3) (two further months; at most 3 months from receipt)",
    )


@pytest.mark.parametrize("org", [DELANO, KITOKS])
def test_sixty_days_from_the_request_applies_with_a_finding(
    org: dict[str, list[ClockRule]],
) -> None:
    deadline = resolve_clock("dsr.response.extended", org).compute(D(2026, 3, 5))
    assert deadline.due == D(2026, 5, 4)  # 60 days: Mon 4 May; the law: 5 June
    assert deadline.citations == (org["dsr.response.extended"][0].citation,)
    assert codes(deadline) == ["DSR-60-DAYS"]
    law = [v for v in deadline.variants if v.source is Source.law]
    assert [v.due for v in law] == [D(2026, 6, 5)]


# -- dsr.invalid_notice, rectification, restriction, erasure -----------------------------------


@pytest.mark.parametrize("org", [DELANO, KITOKS])
def test_invalid_notice_in_working_days(org: dict[str, list[ClockRule]]) -> None:
    clock = resolve_clock("dsr.invalid_notice", org)
    assert clock.compute(D(2026, 12, 23)).due == D(2027, 1, 4)
    assert clock.compute(D(2026, 10, 30)).due == D(2026, 11, 9)
    deadline = clock.compute(D(2026, 4, 2))  # Easter Monday 6 April is skipped
    assert (deadline.due, deadline.rolled_from) == (D(2026, 4, 10), None)
    assert deadline.citations == (org["dsr.invalid_notice"][0].citation,)


def test_invalid_notice_by_law_is_art_12_4() -> None:
    deadline = resolve_clock("dsr.invalid_notice", TIENS).compute(D(2026, 1, 5))
    assert (deadline.due, deadline.citations) == (D(2026, 2, 5), ("GDPR Art. 12(4)",))


@pytest.mark.parametrize(
    ("clock", "subject_type", "due", "citation"),
    [
        # received Wed 23 Dec 2026: 24, 25 Dec and 1 Jan are holidays
        ("dsr.rectification", EMPLOYEE, D(2026, 12, 30), "003 D-EMP2 9.6"),
        ("dsr.rectification", CANDIDATE, D(2027, 1, 4), "003 D-CAND 7.6"),
        ("dsr.restriction", EMPLOYEE, D(2027, 1, 4), "003 D-EMP2 9.9"),
        ("dsr.restriction", CANDIDATE, D(2027, 1, 4), "003 D-CAND 7.5"),
        ("dsr.erasure", EMPLOYEE, D(2027, 1, 25), "003 D-EMP2 9.12"),
        ("dsr.erasure", CANDIDATE, D(2027, 1, 4), "003 D-CAND 7.7"),
    ],
)
def test_delano_per_subject_type(
    clock: str, subject_type: SubjectType, due: dt.date, citation: str
) -> None:
    deadline = resolve_clock(clock, DELANO, subject_type).compute(D(2026, 12, 23))
    assert deadline.due == due
    assert deadline.citations[0] == citation
    assert deadline.findings == ()


@pytest.mark.parametrize("clock", ["dsr.rectification", "dsr.restriction", "dsr.erasure"])
def test_delano_customers_fall_back_to_the_law(clock: str) -> None:
    deadline = resolve_clock(clock, DELANO, SubjectType.customer).compute(D(2026, 12, 23))
    assert deadline.due == D(2027, 1, 25)
    assert deadline.citations[0].startswith("GDPR Art. 12(3)")
    assert resolve_clock(clock, DELANO).compute(D(2026, 12, 23)) == deadline


# -- art14.notice ---------------------------------------------------------------------------------


def test_art14_notice_is_a_month_unless_contact_or_disclosure_comes_first() -> None:
    clock = resolve_clock("art14.notice", DELANO)
    assert clock.compute(D(2026, 1, 5)).due == D(2026, 2, 5)
    contact = clock.compute(D(2026, 1, 5), events={"first_contact": D(2026, 1, 20)})
    assert (contact.due, contact.citations) == (D(2026, 1, 20), ("GDPR Art. 14(3)(b)",))
    disclosed = clock.compute(
        D(2026, 1, 5),
        events={
            "first_contact": D(2026, 1, 20),
            "first_disclosure": dt.datetime(2026, 1, 9, 22, 30, tzinfo=UTC),  # 10 Jan there
        },
    )
    assert (disclosed.due, disclosed.citations) == (D(2026, 1, 10), ("GDPR Art. 14(3)(c)",))
    late = clock.compute(D(2026, 1, 5), events={"first_contact": D(2026, 3, 1)})
    assert late.due == D(2026, 2, 5)
    assert resolve_clock("art14.notice", KITOKS).compute(D(2026, 1, 5)).citations == (
        "004 K-DSR 3.3.1",
        "GDPR Art. 14(3)(a)",
    )


# -- inquiry.response, dm.optout, processor.end_deletion -------------------------------------


def test_tiens_answers_inquiries_in_14_days() -> None:
    deadline = resolve_clock("inquiry.response", TIENS).compute(D(2026, 12, 20))
    assert (deadline.rolled_from, deadline.due) == (D(2027, 1, 3), D(2027, 1, 4))
    assert deadline.citations == ("002 P§12.4",)


def test_other_organisations_have_no_inquiry_period() -> None:
    deadline = resolve_clock("inquiry.response", DELANO).compute(D(2026, 12, 20))
    assert deadline.due is None and deadline.outer_limit is None
    assert deadline.note is not None and deadline.note.startswith("no period")


def test_it_sales_opt_out_is_seven_paros_and_never_rolls() -> None:
    received = dt.datetime(2026, 12, 17, 9, 15, tzinfo=VILNIUS)  # a Thursday
    deadline = resolve_clock("dm.optout", IT_SALES).compute(received)
    assert deadline.due == dt.datetime(2026, 12, 24, 7, 15, tzinfo=UTC)  # Christmas Eve
    assert deadline.rolled_from is None
    assert codes(deadline) == ["DM-OPTOUT-GRACE"]
    with pytest.raises(ValueError, match="counts hours"):
        resolve_clock("dm.optout", IT_SALES).compute(D(2026, 12, 17))


def test_vivasend_controllers_stop_marketing_within_a_month() -> None:
    deadline = resolve_clock("dm.optout", VIVASEND).compute(D(2026, 3, 5))
    assert (deadline.due, deadline.citations) == (D(2026, 4, 7), ("001 IV.3", "GDPR Art. 12(3)"))
    assert codes(deadline) == ["DM-OPTOUT-GRACE"]


@pytest.mark.parametrize("org", [TIENS, KITOKS, NONE])
def test_opt_out_without_undue_delay_has_no_date_but_an_outer_limit(
    org: dict[str, list[ClockRule]],
) -> None:
    deadline = resolve_clock("dm.optout", org).compute(D(2026, 3, 5))
    assert deadline.due is None
    assert deadline.outer_limit == D(2026, 4, 7)
    assert deadline.note is not None and "without undue delay" in deadline.note
    assert "GDPR Art. 12(3)" in deadline.note


def test_delano_opt_out_is_immediate() -> None:
    received = dt.datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    assert resolve_clock("dm.optout", DELANO).compute(received).due == received
    on_a_date = resolve_clock("dm.optout", DELANO).compute(D(2026, 3, 7))  # a Saturday
    assert (on_a_date.due, on_a_date.rolled_from) == (D(2026, 3, 7), None)
    assert on_a_date.citations == ("003 D-CLIENT 6.12",)


def test_vivasend_deletes_the_next_business_day_after_the_contract_ends() -> None:
    clock = resolve_clock("processor.end_deletion", VIVASEND)
    assert clock.compute(D(2026, 12, 23)).due == D(2026, 12, 28)
    assert clock.compute(D(2026, 10, 30)).due == D(2026, 11, 3)
    deadline = clock.compute(D(2026, 3, 6))
    assert (deadline.due, deadline.rolled_from) == (D(2026, 3, 9), None)
    assert resolve_clock("processor.end_deletion", TIENS).compute(D(2026, 3, 6)).due is None


# -- breaches -----------------------------------------------------------------------------------

AWARE = dt.datetime(2026, 10, 23, 14, 20, tzinfo=VILNIUS)  # EEST, before the October switch


def test_breach_authority_is_72_elapsed_hours_across_the_october_switch() -> None:
    for org in (NONE, TIENS, DELANO):
        deadline = resolve_clock("breach.authority", org).compute(AWARE)
        assert deadline.due == dt.datetime(2026, 10, 26, 11, 20, tzinfo=UTC)  # 13:20 EET
        assert deadline.rolled_from is None
    # 72 hours from Friday evening end on Monday evening, a weekend or holiday changes nothing.
    friday = dt.datetime(2026, 12, 23, 18, 0, tzinfo=UTC)
    assert resolve_clock("breach.authority", NONE).compute(friday).due == friday + dt.timedelta(
        hours=72
    )


def test_breach_authority_cannot_be_longer_than_72_hours() -> None:
    org = {"breach.authority": [rule("5 working days", "099 §2")]}
    deadline = resolve_clock("breach.authority", org).compute(AWARE)
    assert deadline.due == dt.datetime(2026, 10, 26, 11, 20, tzinfo=UTC)
    assert codes(deadline) == ["CLOCK-BEYOND-LAW"]


def test_breach_internal_report() -> None:
    assert resolve_clock("breach.internal_report", DELANO).compute(AWARE).due == dt.datetime(
        2026, 10, 24, 11, 20, tzinfo=UTC
    )
    for org in (NONE, VIVASEND):
        assert resolve_clock("breach.internal_report", org).compute(AWARE).due == AWARE


def test_delano_register_entry_counts_working_days_from_the_vilnius_date() -> None:
    # 23:30 UTC on 31 March is Wednesday 1 April in Vilnius; Easter Monday (6 April) is skipped.
    aware = dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    assert resolve_clock("breach.register_entry", DELANO).compute(aware).due == D(2026, 4, 9)
    assert resolve_clock("breach.register_entry", KITOKS).compute(aware).due is None


def test_breach_data_subjects() -> None:
    assert resolve_clock("breach.data_subjects", DELANO).compute(AWARE).due == dt.datetime(
        2026, 10, 26, 11, 20, tzinfo=UTC
    )
    other = resolve_clock("breach.data_subjects", TIENS).compute(AWARE)
    assert other.due is None and other.note and "without undue delay" in other.note
    assert other.citations == ("GDPR Art. 34(1)",)


def test_vivasend_commission_has_30_days_and_a_finding() -> None:
    deadline = resolve_clock("breach.commission_conclusion", VIVASEND).compute(D(2026, 11, 24))
    assert (deadline.rolled_from, deadline.due) == (D(2026, 12, 24), D(2026, 12, 28))
    assert codes(deadline) == ["BREACH-COMMISSION-PERIOD"]


# -- rules -------------------------------------------------------------------------------------


def test_delano_reviews_its_rules_every_two_years() -> None:
    deadline = resolve_clock("rules.review", DELANO).compute(D(2024, 2, 29))
    assert (deadline.rolled_from, deadline.due) == (D(2026, 2, 28), D(2026, 3, 2))
    assert resolve_clock("rules.review", TIENS).compute(D(2024, 2, 29)).due is None


def test_candidates_hear_of_rule_changes_30_days_before_and_the_date_never_rolls() -> None:
    clock = resolve_clock("candidate.rules_change_notice", DELANO)
    deadline = clock.compute(D(2026, 3, 31))
    assert (deadline.due, deadline.rolled_from) == (D(2026, 3, 1), None)  # a Sunday, kept


# -- errors ------------------------------------------------------------------------------------


def test_unknown_clock_names_the_closest() -> None:
    with pytest.raises(ValueError, match="unknown clock 'dsr.respons'.*dsr.response"):
        resolve_clock("dsr.respons", NONE)


def test_subject_type_on_a_clock_that_does_not_vary() -> None:
    with pytest.raises(ValueError, match="does not vary by subject type"):
        resolve_clock("breach.authority", NONE, SubjectType.employee)


def test_a_date_is_not_enough_for_an_hour_clock() -> None:
    with pytest.raises(ValueError, match="counts hours"):
        resolve_clock("breach.authority", NONE).compute(D(2026, 10, 23))


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        resolve_clock("dsr.response", NONE).compute(dt.datetime(2026, 10, 23, 12, 0))


# -- properties against the day-by-day oracle -------------------------------------------------

dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2075, 12, 31))


@given(dates)
def test_delano_response_is_the_earlier_of_the_month_and_30_days(day: dt.date) -> None:
    month, days = oracle.roll(oracle.add_months(day, 1)), oracle.roll(day + dt.timedelta(30))
    deadline = resolve_clock("dsr.response", DELANO).compute(day)
    assert deadline.due == min(month, days)
    assert deadline.due is not None and oracle.is_working(deadline.due)
    assert deadline.rolled_from is None or deadline.rolled_from < deadline.due


@given(dates)
def test_extended_by_law_is_the_earlier_reading_rolled(day: dt.date) -> None:
    raw = min(oracle.add_months(oracle.add_months(day, 1), 2), oracle.add_months(day, 3))
    deadline = resolve_clock("dsr.response.extended", NONE).compute(day)
    assert deadline.due == oracle.roll(raw)
    assert (deadline.rolled_from or deadline.due) == raw


@given(dates, st.sampled_from([EMPLOYEE, CANDIDATE]))
def test_delano_working_day_clocks(day: dt.date, subject_type: SubjectType) -> None:
    n = 3 if subject_type is EMPLOYEE else 5
    deadline = resolve_clock("dsr.rectification", DELANO, subject_type).compute(day)
    assert deadline.due == oracle.add_working_days(day, n)
    invalid = resolve_clock("dsr.invalid_notice", DELANO).compute(day)
    assert invalid.due == oracle.add_working_days(day, 5)


@given(dates)
def test_a_rolled_deadline_is_never_earlier_than_the_raw_one(day: dt.date) -> None:
    for name in ("dsr.response", "inquiry.response", "rules.review"):
        deadline = resolve_clock(name, DELANO | TIENS).compute(day)
        if deadline.due is not None:
            for variant in deadline.variants:
                assert variant.raw is not None and variant.due is not None
                assert variant.due >= variant.raw
                assert oracle.is_working(variant.due)

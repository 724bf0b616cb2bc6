"""The catalogue is the list of valid clock names; profiles are checked against it."""

from tvarka.domain.legal_time.catalogue import CATALOGUE, validate_clock_rules
from tvarka.domain.legal_time.deadlines import RollRule, Source, summarise_clocks
from tvarka.domain.profile import ClockRule, SubjectType

from .org_rules import DELANO, ORGANISATIONS, rule

ISSUE_CLOCKS = {
    "dsr.response",
    "dsr.response.extended",
    "dsr.invalid_notice",
    "dsr.rectification",
    "dsr.restriction",
    "dsr.erasure",
    "art14.notice",
    "inquiry.response",
    "dm.optout",
    "processor.end_deletion",
    "breach.internal_report",
    "breach.register_entry",
    "breach.authority",
    "breach.data_subjects",
    "breach.commission_conclusion",
    "rules.review",
    "candidate.rules_change_notice",
}


def test_the_catalogue_names_every_clock_of_the_issue() -> None:
    assert set(CATALOGUE) == ISSUE_CLOCKS
    for definition in CATALOGUE.values():
        assert definition.default_citation
        assert (definition.legal_limit is None) == (definition.limit_citation is None)


def test_the_seed_organisations_rules_are_valid() -> None:
    for clocks in ORGANISATIONS.values():
        assert validate_clock_rules(clocks) == []


def test_errors_name_the_clock() -> None:
    errors = [
        str(error)
        for error in validate_clock_rules(
            {
                "dsr.respnse": [rule("1 month", "099 §1")],
                "breach.authority": [rule("0 hours", "099 §2", SubjectType.employee)],
                "candidate.rules_change_notice": [rule("5 working days", "099 §3")],
                "rules.review": [],
            }
        )
    ]
    assert errors == [
        (
            "clocks.dsr.respnse: unknown clock 'dsr.respnse'; did you mean dsr.response, "
            "dsr.response.extended, inquiry.response?"
        ),
        "clocks.breach.authority[0]: length 0 hours must be greater than zero",
        "clocks.breach.authority[0]: clock breach.authority does not vary by subject type",
        (
            "clocks.candidate.rules_change_notice[0]: clock candidate.rules_change_notice counts "
            "back from a date; use calendar days, months or years, not working days"
        ),
        "clocks.rules.review: lists no rule; leave the clock out to use the law",
    ]


def test_the_summary_lists_every_clock_with_the_organisation_s_rules_or_the_law() -> None:
    summaries = {summary.name: summary for summary in summarise_clocks(DELANO)}
    assert set(summaries) == ISSUE_CLOCKS
    response = summaries["dsr.response"]
    assert [(str(r.length), r.subject_type, r.citation) for r in response.rules] == [
        ("1 month", None, "003 D-DSR 12.1"),
        ("30 calendar days", None, "003 D-POL 6.3"),
        ("1 month", SubjectType.employee, "003 D-EMP2 9.4"),
        ("1 month", SubjectType.candidate, "003 D-CAND 7.4"),
    ]
    assert response.pausable and response.extended_by == "dsr.response.extended"
    assert [finding.code for finding in response.findings] == ["DSR-30-DAYS"]
    authority = summaries["breach.authority"]
    assert [(str(r.length), r.roll) for r in authority.rules] == [("72 hours", RollRule.never)]
    assert summaries["candidate.rules_change_notice"].rules[0].roll is RollRule.none
    assert summaries["dsr.invalid_notice"].rules[0].roll is RollRule.next_working_day
    empty: dict[str, list[ClockRule]] = {}
    by_law = {summary.name: summary for summary in summarise_clocks(empty)}
    assert [(str(r.length), r.source) for r in by_law["dsr.response"].rules] == [
        ("1 month", Source.law)
    ]
    assert by_law["rules.review"].rules == ()

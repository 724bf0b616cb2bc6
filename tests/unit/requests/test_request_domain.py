"""The request domain: states, each organisation's rules and findings, clocks, decisions."""

from __future__ import annotations

import datetime as dt
from functools import cache
from itertools import pairwise

import pytest

from tvarka.adapters.profile_files import read_profiles
from tvarka.domain.legal_time.clock import ClockError, ExtensionReason, PauseReason
from tvarka.domain.profile import Profile
from tvarka.domain.requests.clock import due_dates, invalid_notice_due, request_clock
from tvarka.domain.requests.decisions import (
    ACCESS_CONTENTS,
    Decision,
    DecisionRefused,
    check_decision,
    recipients_window,
)
from tvarka.domain.requests.rules import missing_items, repeat_finding, request_rules
from tvarka.domain.requests.states import TransitionRefused, check_transition, is_closed
from tvarka.domain.requests.terms import (
    LegalBasis,
    ObjectionKind,
    Outcome,
    RefusalGround,
    Right,
    Status,
    ValidationItem,
)
from tvarka.domain.settings import IdMethod, IfUnverified, InvalidRequestHandling, Language
from tvarka.domain.vocabulary import ChannelKind, SubjectType

C, E, K = SubjectType.customer, SubjectType.employee, SubjectType.candidate


@cache
def profile(key: str) -> Profile:
    return next(f.profile for f in read_profiles() if f.profile.key == key)


def due(clocks, right, subject_type, received):  # type: ignore[no-untyped-def]
    return due_dates(request_clock(clocks, right, subject_type, received), right, clocks)


def codes(findings) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in findings}


# -- states --------------------------------------------------------------------------------


def test_the_workflow_runs_in_the_laws_order() -> None:
    path = [Status.received, Status.awaiting_identity, Status.in_progress, Status.extended,
            Status.decided, Status.answered]
    for current, target in pairwise(path):
        check_transition(current, target)
    assert is_closed(Status.answered) and not is_closed(Status.decided)


@pytest.mark.parametrize(
    ("current", "target"),
    [(Status.received, Status.decided), (Status.extended, Status.extended),
     (Status.answered, Status.in_progress), (Status.forwarded, Status.in_progress),
     (Status.awaiting_identity, Status.extended)],
)
def test_a_step_out_of_order_is_refused(current: Status, target: Status) -> None:
    with pytest.raises(TransitionRefused, match=current.value):
        check_transition(current, target)


# -- channels and identity -----------------------------------------------------------------


def test_delano_candidates_oral_requests_are_refused_with_the_reason() -> None:
    rules = request_rules(profile("delano"), ChannelKind.oral, K, Right.access)
    assert not rules.channel.examined
    assert "003 D-CAND 7.1" in (rules.channel.reason or "")
    assert "DSR-CHANNEL-NOT-EXAMINED" in codes(rules.findings)
    # the same channel for Kitoks customers is examined (K-DSR 11.1)
    assert request_rules(profile("kitoks-miestas"), ChannelKind.oral, C, Right.access).channel.examined


def test_identity_method_per_channel_and_subject_type() -> None:
    delano = profile("delano")
    post = request_rules(delano, ChannelKind.post, C, Right.access).identity
    assert post.required and post.methods == (IdMethod.notarised_copy,)
    assert post.if_unverified is IfUnverified.not_examined and post.citation == "003 D-DSR 11.3"
    staff = request_rules(delano, ChannelKind.company_mailbox, E, Right.erasure).identity
    assert IdMethod.company_mailbox_or_contract_email in staff.methods
    tiens = request_rules(profile("tiens"), ChannelKind.courier, C, Right.access).identity
    assert set(tiens.methods) == {IdMethod.notarised_copy, IdMethod.otherwise_certified_copy}


def test_information_requests_need_no_identity() -> None:
    for key in ("delano", "kitoks-miestas", "tiens"):
        rules = request_rules(profile(key), ChannelKind.post, C, Right.information)
        assert not rules.identity.required


def test_heavy_identity_methods_raise_edpb_findings() -> None:
    post = request_rules(profile("kitoks-miestas"), ChannelKind.post, C, Right.access)
    assert {"ID-NOTARISED-COPY", "ID-NOT-EXAMINED"} <= codes(post.findings)
    email = request_rules(profile("delano"), ChannelKind.email, C, Right.access)
    assert "ID-E-SIGNATURE-ONLY" in codes(email.findings)
    # the proportionate default (a code to a known address) raises none
    light = request_rules(profile("it-sales"), ChannelKind.email, C, Right.access)
    assert not codes(light.findings) & {"ID-NOTARISED-COPY", "ID-E-SIGNATURE-ONLY"}
    assert light.identity.methods == (IdMethod.one_time_code_known_address,)


def test_a_channel_without_an_identity_rule_gets_the_default_and_a_finding() -> None:
    phone = request_rules(profile("delano"), ChannelKind.phone, C, Right.access)
    assert phone.channel.examined
    assert "ID-NO-RULE" in codes(phone.findings)
    assert IdMethod.one_time_code_known_address in phone.identity.methods


def test_fee_rules_only_raise_findings() -> None:
    delano = request_rules(profile("delano"), ChannelKind.email, C, Right.access)
    assert {"FEE-ONCE-PER-YEAR", "FEE-FIRST-COPY"} <= codes(delano.findings)
    assert repeat_finding(delano.fee, 0) is None  # a first request is never charged
    repeat = repeat_finding(delano.fee, 1)
    assert repeat is not None and repeat.code == "FEE-REPEAT-KEPT-FREE"
    tiens = request_rules(profile("tiens"), ChannelKind.email, C, Right.access)
    assert not codes(tiens.findings) & {"FEE-ONCE-PER-YEAR", "FEE-FIRST-COPY"}
    assert repeat_finding(tiens.fee, 3) is None


def test_invalid_requests_language_and_processor_mode() -> None:
    delano = request_rules(profile("delano"), ChannelKind.post, C, Right.access, Language.en)
    assert delano.invalid_handling is InvalidRequestHandling.not_examined_with_reasons
    assert delano.languages == (Language.lt, Language.en)  # the state language first
    it_sales = request_rules(profile("it-sales"), ChannelKind.email, C, Right.access, Language.en)
    assert it_sales.languages == (Language.en,)  # the default answers in either language
    tiens = request_rules(profile("tiens"), ChannelKind.post, C, Right.access)
    assert tiens.invalid_handling is InvalidRequestHandling.ask_to_complete
    assert request_rules(profile("vivasend"), ChannelKind.email, C, Right.access).processor
    assert not tiens.processor


def test_signature_is_asked_only_of_paper_requests() -> None:
    given = [ValidationItem.legible, ValidationItem.name, ValidationItem.contact,
             ValidationItem.right, ValidationItem.scope]
    assert missing_items(ChannelKind.post, given) == [ValidationItem.signed]
    assert missing_items(ChannelKind.email, given) == []


# -- clocks --------------------------------------------------------------------------------


def test_due_dates_per_organisation_and_subject_type() -> None:
    received = dt.date(2026, 1, 31)
    delano = profile("delano").clocks
    # customers: earlier of 1 month (28 Feb, a Saturday -> 2 Mar) and 30 days (2 Mar, Monday)
    access = due(delano, Right.access, C, received)
    assert access.due == dt.date(2026, 3, 2)
    assert "DSR-30-DAYS" in codes(access.findings)
    # candidates' rectification: 5 working days
    fix = due(delano, Right.rectification, K, dt.date(2026, 11, 23))
    assert fix.clock == "dsr.rectification" and fix.due == dt.date(2026, 11, 30)
    # employees' restriction: 5 working days; erasure 1 month
    assert due(delano, Right.restriction, E, dt.date(2026, 11, 23)).due == dt.date(2026, 11, 30)
    # an organisation that says nothing: the law's month
    assert due(profile("it-sales").clocks, Right.access, C, dt.date(2026, 3, 16)).due == (
        dt.date(2026, 4, 16)
    )


def test_tiens_information_requests_use_its_14_day_inquiry_clock() -> None:
    dates = due(profile("tiens").clocks, Right.information, C, dt.date(2026, 11, 2))
    assert dates.due == dt.date(2026, 11, 16)


def test_a_pause_moves_the_due_date_by_the_days_waited() -> None:
    clocks = profile("it-sales").clocks
    clock = request_clock(clocks, Right.access, C, dt.date(2026, 3, 2))
    assert due_dates(clock, Right.access, clocks).due == dt.date(2026, 4, 2)
    start = dt.datetime(2026, 3, 3, 22, 30, tzinfo=dt.UTC)  # 00:30 on 4 March in Vilnius
    end = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
    paused = clock.pause(start, PauseReason.identity).resume(end)
    dates = due_dates(paused, Right.access, clocks)
    assert dates.paused_days == 6 and dates.due == dt.date(2026, 4, 8)
    # an organisation whose documents are silent pauses by the EDPB default; one that may not
    # pause keeps counting
    with pytest.raises(ClockError):
        request_clock(clocks, Right.access, C, dt.date(2026, 3, 2),
                      pauses_allowed=False).pause(start, PauseReason.identity)


def test_one_extension_within_the_first_period() -> None:
    clocks = profile("it-sales").clocks
    clock = request_clock(clocks, Right.access, C, dt.date(2026, 10, 31))
    decided = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    extended = clock.extend(ExtensionReason.complexity, "many systems to search", decided)
    dates = due_dates(extended, Right.access, clocks)
    assert dates.initial == dates.notice_by == dt.date(2026, 11, 30)
    assert dates.extended == dates.due == dt.date(2027, 2, 1)  # 31 Jan 2027 is a Sunday
    kitoks = profile("kitoks-miestas").clocks
    k = request_clock(kitoks, Right.access, C, dt.date(2026, 11, 2)).extend(
        ExtensionReason.complexity, "eleven car parks", dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    assert due_dates(k, Right.access, kitoks).extended == dt.date(2027, 1, 4)  # 60 days
    # every right extends on the same clock: Art. 12(3) covers Art. 15-22
    fix = request_clock(clocks, Right.rectification, C, dt.date(2026, 10, 31)).extend(
        ExtensionReason.number_of_requests, "seasonal influx", decided)
    assert due_dates(fix, Right.rectification, clocks).extended == dt.date(2027, 2, 1)
    with pytest.raises(ClockError, match="one extension"):
        extended.extend(ExtensionReason.complexity, "again", decided)
    with pytest.raises(ClockError, match="passed"):
        clock.extend(ExtensionReason.number_of_requests, "too late",
                     dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))


def test_invalid_request_notice_in_five_working_days() -> None:
    assert invalid_notice_due(profile("delano").clocks, C, dt.date(2026, 12, 22)) == (
        dt.date(2026, 12, 31)  # 24-26 December are holidays
    )
    assert invalid_notice_due(profile("it-sales").clocks, C, dt.date(2026, 3, 16)) == (
        dt.date(2026, 4, 16)
    )


# -- decisions -----------------------------------------------------------------------------


def test_refusals_need_a_ground_and_reasons() -> None:
    with pytest.raises(DecisionRefused) as missing:
        check_decision(Right.access, Decision(Outcome.refused, reasons="no"))
    assert missing.value.field == "ground"
    with pytest.raises(DecisionRefused) as short:
        check_decision(Right.access, Decision(Outcome.refused, "too short",
                                              RefusalGround.excessive))
    assert short.value.field == "reasons"
    check_decision(Right.access, Decision(
        Outcome.refused, "the same request the fourth time this week with no change",
        RefusalGround.excessive))


def test_access_answers_carry_the_article_15_contents() -> None:
    with pytest.raises(DecisionRefused) as error:
        check_decision(Right.access, Decision(Outcome.granted,
                                              access_content={"purposes": "loyalty"}))
    assert error.value.field == "access_content.categories"
    check_decision(Right.access, Decision(
        Outcome.granted, access_content={k: f"{k} stated" for k in ACCESS_CONTENTS}))


def test_objections() -> None:
    with pytest.raises(DecisionRefused, match="absolute"):
        check_decision(Right.objection, Decision(
            Outcome.refused, "we prefer to keep sending offers", RefusalGround.overriding_grounds,
            objection_kind=ObjectionKind.direct_marketing))
    check_decision(Right.objection, Decision(Outcome.granted,
                                             objection_kind=ObjectionKind.direct_marketing))
    refusal = Decision(Outcome.refused, "video needed as evidence for a pending claim",
                       RefusalGround.overriding_grounds,
                       objection_kind=ObjectionKind.legitimate_interest)
    with pytest.raises(DecisionRefused) as error:
        check_decision(Right.objection, refusal)
    assert error.value.field == "by_director"
    check_decision(Right.objection, Decision(**{**refusal.__dict__, "by_director": True}))


def test_portability_only_for_consent_or_contract_and_automated() -> None:
    with pytest.raises(DecisionRefused, match="Art. 20"):
        check_decision(Right.portability, Decision(
            Outcome.granted, legal_bases=(LegalBasis.legitimate_interest,), automated=True))
    with pytest.raises(DecisionRefused):
        check_decision(Right.portability, Decision(
            Outcome.granted, legal_bases=(LegalBasis.contract,), automated=False))
    check_decision(Right.portability, Decision(
        Outcome.granted, legal_bases=(LegalBasis.contract,), automated=True))


def test_erasure_refused_only_on_an_exception() -> None:
    with pytest.raises(DecisionRefused, match="17"):
        check_decision(Right.erasure, Decision(
            Outcome.refused, "the data are useful for our analytics", RefusalGround.rights_of_others))
    check_decision(Right.erasure, Decision(
        Outcome.refused, "invoices must be kept for ten years by law", RefusalGround.legal_exception))


def test_delano_candidates_access_lists_last_years_recipients() -> None:
    window = recipients_window("003", K, dt.date(2026, 11, 23))
    assert window == (dt.date(2025, 11, 23), dt.date(2026, 11, 23), "003 D-CAND 7.4")
    assert recipients_window("003", C, dt.date(2026, 11, 23)) is None
    assert recipients_window("004", K, dt.date(2026, 11, 23)) is None


def test_a_cold_calendar_adds_working_days() -> None:
    """The first question a fresh process asks may be 'N working days after': the tables are
    built by that call and must be read after it (a bug found by the request CLI)."""
    from tvarka.domain.legal_time.calendar import LithuanianCalendar

    cold = LithuanianCalendar()
    assert cold.add_working_days(dt.date(2026, 11, 23), 5) == dt.date(2026, 11, 30)


def test_delano_candidates_need_a_notarised_power_of_attorney_or_a_lawyer() -> None:
    from tvarka.domain.requests.decisions import representation_problem
    from tvarka.domain.requests.terms import RepresentationDocument as Doc

    assert "003 D-CAND 7.3" in (representation_problem("003", K, Doc.power_of_attorney) or "")
    assert representation_problem("003", K, Doc.notarised_power_of_attorney) is None
    assert representation_problem("003", K, Doc.lawyer_agreement) is None
    assert representation_problem("003", C, Doc.power_of_attorney) is None
    assert representation_problem("002", K, Doc.power_of_attorney) is None

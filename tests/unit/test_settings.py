"""Settings defaults, effective values and scoped rules."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import TypeAdapter, ValidationError

from tvarka.domain.cited import Cited, Gap, GapKind
from tvarka.domain.setting_defaults import DEFAULTS, Source, effective
from tvarka.domain.settings import (
    Charging,
    ConsentExpiry,
    CopyCharging,
    FeeRule,
    IdMethod,
    IdRule,
    IdVerification,
    IfUnverified,
    Settings,
    rule_for,
)
from tvarka.domain.vocabulary import ChannelKind, SubjectType


def inner_type(name: str) -> Any:
    """The T of a field declared ``Cited[T] | Gap``."""
    cited = next(a for a in get_args(Settings.model_fields[name].annotation) if a is not Gap)
    return cited.model_fields["value"].annotation


def all_gaps() -> Settings:
    gap = Gap(gap=GapKind.silent, note="not stated")
    return Settings.model_validate({name: gap for name in Settings.model_fields})


def test_every_setting_has_a_default_and_no_default_is_orphaned() -> None:
    assert set(DEFAULTS) == set(Settings.model_fields)


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_each_default_is_a_valid_value_of_its_setting(name: str) -> None:
    default = DEFAULTS[name]
    TypeAdapter(inner_type(name)).validate_python(default.value)
    assert len(default.legal_reference) > 10


def test_gap_falls_back_to_the_default_and_keeps_the_gap() -> None:
    result = effective(all_gaps(), "min_age")
    assert result.source is Source.default
    assert result.value.age == 14
    assert "ADTAĮ" in result.reference
    assert result.gap is not None
    assert result.gap.note == "not stated"


def test_organisation_value_wins_with_its_citation() -> None:
    settings = all_gaps().model_copy(
        update={"password_min_length": Cited[int](value=8, citation="002 R§7.11.2")}
    )
    result = effective(settings, "password_min_length")
    assert (result.value, result.source, result.reference) == (
        8,
        Source.organisation,
        "002 R§7.11.2",
    )
    assert result.gap is None
    assert result.product_choice is False


def test_product_choices_are_marked_as_such() -> None:
    assert effective(all_gaps(), "password_min_length").product_choice is True
    assert effective(all_gaps(), "dsr_extension").product_choice is False


def test_unknown_setting_name_is_an_error() -> None:
    with pytest.raises(KeyError):
        effective(all_gaps(), "password_colour")


def test_rule_for_prefers_the_rule_naming_the_subject_type() -> None:
    general = FeeRule(charging=Charging.free_once_per_calendar_year, copies=CopyCharging.not_stated)
    employees = FeeRule(
        subject_types=[SubjectType.employee],
        charging=Charging.first_free_repeats_fee_or_refusal,
        copies=CopyCharging.not_stated,
    )
    rules = [general, employees]
    assert rule_for(rules, SubjectType.employee) is employees
    assert rule_for(rules, SubjectType.candidate) is general
    assert rule_for([employees], SubjectType.customer) is None


def test_identity_rule_is_found_by_channel_and_subject_type() -> None:
    verification = IdVerification(
        rules=[
            IdRule(
                channels=[ChannelKind.post],
                any_of=[IdMethod.notarised_copy],
                if_unverified=IfUnverified.not_examined,
            ),
            IdRule(
                subject_types=[SubjectType.employee],
                channels=[ChannelKind.email],
                any_of=[IdMethod.company_mailbox_or_contract_email],
                if_unverified=IfUnverified.not_examined,
            ),
        ],
        info_requests_exempt=True,
        extra_info_on_doubt=None,
    )
    assert verification.rule_for(ChannelKind.post, SubjectType.customer) is verification.rules[0]
    assert verification.rule_for(ChannelKind.email, SubjectType.employee) is verification.rules[1]
    assert verification.rule_for(ChannelKind.email, SubjectType.customer) is None
    assert verification.rule_for(ChannelKind.phone, None) is None


def test_fixed_term_consent_needs_a_term_and_only_it_has_one() -> None:
    assert ConsentExpiry.model_validate({"mode": "fixed_term", "term": "2 years"}).term is not None
    with pytest.raises(ValidationError):
        ConsentExpiry.model_validate({"mode": "fixed_term"})
    with pytest.raises(ValidationError):
        ConsentExpiry.model_validate({"mode": "until_withdrawn", "term": "2 years"})

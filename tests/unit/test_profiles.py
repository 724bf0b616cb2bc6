"""The five bundled organisation profiles, and that a bad profile is refused by field."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

import tvarka
from tvarka.domain.cited import Cited, Gap, GapKind
from tvarka.domain.legal_time.lengths import parse_length
from tvarka.domain.profile import ChannelKind, Profile, Role, SubjectType
from tvarka.domain.settings import Settings

PROFILES_DIR = Path(tvarka.__file__).parent / "profiles"
SEEDS = {
    "it-sales": "000",
    "vivasend": "001",
    "tiens": "002",
    "delano": "003",
    "kitoks-miestas": "004",
}
CLOCK_NAMES = {
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


@functools.cache
def _parsed(key: str) -> dict[str, Any]:
    text = (PROFILES_DIR / f"{key}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data


def raw(key: str) -> dict[str, Any]:
    """A fresh copy of the profile file's data, safe for a test to break."""
    return copy.deepcopy(_parsed(key))


def load(key: str) -> Profile:
    return Profile.model_validate(raw(key))


def refusal_locations(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    with pytest.raises(ValidationError) as refused:
        Profile.model_validate(data)
    return [tuple(error["loc"]) for error in refused.value.errors()]


def citations(value: object) -> list[str]:
    found: list[str] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name == "citation" and isinstance(item, str):
                found.append(item)
            else:
                found.extend(citations(item))
    elif isinstance(value, (list, tuple)):
        for item in value:
            found.extend(citations(item))
    elif isinstance(value, dict):
        for item in value.values():
            found.extend(citations(item))
    return found


def test_exactly_the_five_organisations_are_bundled() -> None:
    assert {p.stem for p in PROFILES_DIR.glob("*.yaml")} == set(SEEDS)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_bundled_profile_validates_under_its_own_key_and_seed(key: str) -> None:
    profile = load(key)
    assert profile.key == key
    assert profile.seed == SEEDS[key]
    assert profile.supervisory_authority.key == "vdai"


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("vivasend", "304530091"),
        ("tiens", "111733040"),
        ("delano", "125542554"),
        ("kitoks-miestas", "303118462"),
    ],
)
def test_company_codes_are_the_seeds_and_pass_their_check_digit(key: str, code: str) -> None:
    company_code = load(key).company_code
    assert isinstance(company_code, Cited)
    assert company_code.value == code


def test_it_sales_has_no_company_code_or_address_and_says_so() -> None:
    profile = load("it-sales")
    assert isinstance(profile.company_code, Gap)
    assert profile.company_code.gap is GapKind.silent
    assert isinstance(profile.address, Gap)


def test_it_sales_email_is_a_damaged_gap_everywhere_it_appears() -> None:
    profile = load("it-sales")
    assert [type(e) for e in profile.emails] == [Gap]
    assert all(isinstance(e, Gap) and e.gap is GapKind.damaged for e in profile.emails)
    email_channel = next(c for c in profile.channels if c.kind is ChannelKind.email)
    (endpoint,) = email_channel.endpoints
    assert isinstance(endpoint, Gap)
    assert endpoint.gap is GapKind.damaged


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_citation_points_into_the_organisations_own_seed(key: str) -> None:
    found = citations(load(key))
    assert found, "a profile without citations cites nothing"
    strays = [c for c in found if not c.startswith(f"{SEEDS[key]} ")]
    assert strays == []


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_no_setting_is_left_out_of_the_file(key: str) -> None:
    assert set(raw(key)["settings"]) == set(Settings.model_fields)
    settings = load(key).settings
    for name in Settings.model_fields:
        assert isinstance(getattr(settings, name), (Cited, Gap)), name


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_clocks_use_only_the_agreed_clock_names(key: str) -> None:
    assert set(load(key).clocks) <= CLOCK_NAMES


def test_vivasend_is_a_processor_reached_through_the_controller() -> None:
    profile = load("vivasend")
    assert profile.default_role.value is Role.processor
    assert ChannelKind.via_controller in {c.kind for c in profile.channels}


def test_delano_keeps_both_phones_both_emails_and_several_endpoints_per_channel() -> None:
    profile = load("delano")
    phones = [p.value for p in profile.phones if isinstance(p, Cited)]
    emails = [e.value for e in profile.emails if isinstance(e, Cited)]
    assert phones == ["+370 5 2744608", "+370 659 31362"]
    assert emails == ["info@delano.lt", "delano@delano.lt"]
    email_channel = next(
        c
        for c in profile.channels
        if c.kind is ChannelKind.email and SubjectType.customer in c.subject_types
    )
    assert len(email_channel.endpoints) == 2


def test_delano_candidates_oral_requests_are_not_examined() -> None:
    oral = next(c for c in load("delano").channels if c.kind is ChannelKind.oral)
    assert oral.subject_types == [SubjectType.candidate]
    assert oral.examined is False


def test_delano_two_response_deadlines_are_both_kept() -> None:
    rules = load("delano").clocks["dsr.response"]
    general = {r.length for r in rules if r.subject_type is None}
    assert general == {parse_length("1 month"), parse_length("30 calendar days")}


# --- refusals: each names the field and nothing of the profile is returned ----------------


def test_wrong_check_digit_is_refused_naming_company_code() -> None:
    data = raw("vivasend")
    data["company_code"]["value"] = "304530092"
    locations = refusal_locations(data)
    assert locations
    assert all(loc[0] == "company_code" for loc in locations)


def test_unknown_top_level_key_is_refused_by_name() -> None:
    data = raw("tiens")
    data["colour"] = "red"
    assert ("colour",) in refusal_locations(data)


def test_misspelt_setting_is_refused_by_name() -> None:
    data = raw("tiens")
    data["settings"]["password_min_lenght"] = data["settings"].pop("password_min_length")
    locations = refusal_locations(data)
    assert ("settings", "password_min_lenght") in locations
    assert ("settings", "password_min_length") in locations


def test_missing_setting_is_refused_by_name() -> None:
    data = raw("kitoks-miestas")
    del data["settings"]["min_age"]
    assert refusal_locations(data) == [("settings", "min_age")]


def test_bad_length_is_refused_naming_the_clock_rule() -> None:
    data = raw("it-sales")
    data["clocks"]["dm.optout"][0]["length"] = "a week or so"
    assert refusal_locations(data) == [("clocks", "dm.optout", 0, "length")]


def test_bad_length_inside_a_setting_is_refused_naming_the_setting() -> None:
    data = raw("tiens")
    data["settings"]["password_max_age"]["value"] = "bimonthly"
    locations = refusal_locations(data)
    assert locations
    assert all(loc[:2] == ("settings", "password_max_age") for loc in locations)


def test_citation_from_another_seed_is_refused_naming_where_it_is() -> None:
    data = raw("delano")
    data["settings"]["password_max_age"]["citation"] = "004 K-DSR 12.1"
    with pytest.raises(ValidationError) as refused:
        Profile.model_validate(data)
    (error,) = refused.value.errors()
    assert error["loc"] == ("settings",)
    assert "settings.password_max_age.citation" in error["msg"]
    assert "seed 003" in error["msg"]


def test_unknown_supervisory_authority_is_refused() -> None:
    data = raw("delano")
    data["supervisory_authority"]["key"] = "vdai-old"
    assert ("supervisory_authority", "key") in refusal_locations(data)


def test_refusal_leaves_the_source_data_untouched() -> None:
    data = raw("delano")
    data["settings"]["min_age"]["value"]["age"] = 9
    before = copy.deepcopy(data)
    refusal_locations(data)
    assert data == before


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_profile_survives_a_json_round_trip(key: str) -> None:
    profile = load(key)
    assert Profile.model_validate_json(profile.model_dump_json()) == profile

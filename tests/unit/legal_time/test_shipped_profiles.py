"""The clocks of the five shipped profiles: valid names and lengths, and every one computes."""

import datetime as dt

import pytest

from tvarka.adapters.profile_files import read_profiles
from tvarka.domain.legal_time.catalogue import CATALOGUE, validate_clock_rules
from tvarka.domain.legal_time.deadlines import resolve_clock
from tvarka.domain.profile import Profile, SubjectType

PROFILES = {file.profile.key: file.profile for file in read_profiles()}
START = dt.datetime(2026, 12, 23, 16, 45, tzinfo=dt.UTC)  # before Christmas, in Vilnius too


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_clock_rules_are_valid(key: str) -> None:
    assert validate_clock_rules(PROFILES[key].clocks) == []


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_every_clock_computes_for_every_subject_type(key: str) -> None:
    profile: Profile = PROFILES[key]
    for name, definition in CATALOGUE.items():
        types = list(SubjectType) if definition.per_subject_type else [None]
        for subject_type in types:
            deadline = resolve_clock(name, profile.clocks, subject_type).compute(START)
            assert deadline.citations, (key, name, subject_type)
            if deadline.due is None:
                assert deadline.note
            elif isinstance(deadline.due, dt.datetime):
                assert deadline.due >= START
            else:
                assert deadline.due >= START.date() or definition.direction == "before"


def test_delano_and_kitoks_raise_the_30_and_60_day_findings() -> None:
    for key in ("delano", "kitoks-miestas"):
        clocks = PROFILES[key].clocks
        start = dt.date(2026, 7, 1)
        response = resolve_clock("dsr.response", clocks).compute(start)
        assert (response.due, [f.code for f in response.findings]) == (
            dt.date(2026, 7, 31),
            ["DSR-30-DAYS"],
        )
        extended = resolve_clock("dsr.response.extended", clocks).compute(start)
        assert (extended.due, [f.code for f in extended.findings]) == (
            dt.date(2026, 8, 31),
            ["DSR-60-DAYS"],
        )

"""The clocks of the five shipped profiles: valid names and lengths, and every one computes."""

import datetime as dt
from pathlib import Path

import pytest

from tvarka.adapters.profile_files import BUNDLED, ProfilesRefused, read_profiles
from tvarka.domain.cited import Cited
from tvarka.domain.legal_time.catalogue import CATALOGUE, validate_clock_rules
from tvarka.domain.legal_time.clock import ClockError, PauseReason, start_profile_clock
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


def test_profile_clocks_pause_unless_the_organisation_says_otherwise() -> None:
    delano = PROFILES["delano"]
    clock = start_profile_clock(delano, "dsr.response", dt.date(2026, 7, 1))
    assert clock.deadline().due == dt.date(2026, 7, 31)  # 30 days (D-POL 6.3)
    paused = clock.pause(dt.datetime(2026, 7, 3, 9, tzinfo=dt.UTC), PauseReason.identity)
    resumed = paused.resume(dt.datetime(2026, 7, 8, 9, tzinfo=dt.UTC))
    assert resumed.deadline().due == dt.date(2026, 8, 5)  # 6 July + 30 days = 5 August
    refusing = delano.model_copy(
        update={
            "settings": delano.settings.model_copy(
                update={"dsr_pause_for_identity": Cited[bool](value=False, citation="003 X 1")}
            )
        }
    )
    with pytest.raises(ClockError, match="does not pause"):
        start_profile_clock(refusing, "dsr.response", dt.date(2026, 7, 1)).pause(
            dt.datetime(2026, 7, 3, 9, tzinfo=dt.UTC), PauseReason.identity
        )


def test_the_loader_refuses_an_unknown_clock_naming_file_line_and_clock(tmp_path: Path) -> None:
    text = (BUNDLED / "delano.yaml").read_text(encoding="utf-8")
    line = next(
        number
        for number, content in enumerate(text.splitlines(), start=1)
        if content.strip() == "dsr.invalid_notice:"
    )
    bad = tmp_path / "delano.yaml"
    bad.write_text(text.replace("dsr.invalid_notice:", "dsr.invalid_notise:"), encoding="utf-8")
    with pytest.raises(ProfilesRefused) as refused:
        read_profiles(bad)
    (error,) = refused.value.errors
    # The loader points at the key's value: the clock's first rule, on the next line.
    assert (error.file, error.line, error.field) == (
        str(bad),
        line + 1,
        "clocks.dsr.invalid_notise",
    )
    assert "did you mean dsr.invalid_notice" in error.message

import pytest

from tvarka.domain.identifiers import (
    InvalidIdentifier,
    company_code_check_digit,
    mask_personal_code,
    validate_company_code,
    validate_personal_code,
)

REAL_COMPANY_CODES = ["304530091", "125542554", "300073193", "110584095", "188607912",
                      "111733040", "303118462"]


@pytest.mark.parametrize("code", REAL_COMPANY_CODES)
def test_company_codes_from_the_sources_validate(code: str) -> None:
    assert validate_company_code(code) == code


def test_wrong_check_digit_is_refused_with_the_expected_digit() -> None:
    with pytest.raises(InvalidIdentifier, match="expected 1"):
        validate_company_code("304530092")


@pytest.mark.parametrize("code", ["12345678", "1234567890", "30453009a", ""])
def test_company_code_must_be_nine_digits(code: str) -> None:
    with pytest.raises(InvalidIdentifier, match="9 digits"):
        validate_company_code(code)


def test_second_weight_round_is_used_when_the_first_gives_ten() -> None:
    # 00000005: first round 5*6=30 -> 8; find a prefix whose first round is 10.
    prefix = next(
        f"{n:08d}" for n in range(10_000_000, 10_100_000)
        if sum(int(d) * w for d, w in zip(f"{n:08d}", range(1, 9))) % 11 == 10
    )
    second = sum(int(d) * w for d, w in zip(prefix, range(3, 11))) % 11
    assert company_code_check_digit(prefix) == (0 if second == 10 else second)


def test_personal_code_examples_from_lithuania_md() -> None:
    assert validate_personal_code("33309240064") == "33309240064"
    with pytest.raises(InvalidIdentifier):
        validate_personal_code("33309240164")
    assert validate_personal_code("96813280109") == "96813280109"
    assert validate_personal_code("35000001239") == "35000001239"  # 00 month: date not checked


def test_personal_code_is_masked_to_first_and_last_four() -> None:
    assert mask_personal_code("33309240064") == "3XXXXXX0064"

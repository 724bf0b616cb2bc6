"""Lithuanian identifiers: company code (įmonės kodas) and personal code (asmens kodas).

The company code has no python-stdnum module, so it is checked here (lithuania.md §5.3):
9 digits, the last a mod-11 check digit over the first 8 with weights 1..8; when that
remainder is 10, a second round with weights 3..10; when that is 10 too, the digit is 0.
"""

from __future__ import annotations

from stdnum import exceptions as stdnum_exceptions
from stdnum.lt import asmens


class InvalidIdentifier(ValueError):
    """An identifier that does not have the form or check digit the law gives it."""


def company_code_check_digit(first_eight: str) -> int:
    digits = [int(c) for c in first_eight]
    first = sum(d * w for d, w in zip(digits, range(1, 9))) % 11
    if first != 10:
        return first
    second = sum(d * w for d, w in zip(digits, range(3, 11))) % 11
    return 0 if second == 10 else second


def validate_company_code(code: str) -> str:
    """Return the normalised code, or raise InvalidIdentifier saying what is wrong."""
    compact = code.replace(" ", "")
    if len(compact) != 9 or not compact.isdigit():
        raise InvalidIdentifier(f"company code must be 9 digits, got {code!r}")
    expected = company_code_check_digit(compact[:8])
    if int(compact[8]) != expected:
        raise InvalidIdentifier(
            f"company code {compact} fails its check digit (expected {expected})"
        )
    return compact


def validate_personal_code(code: str) -> str:
    """Validate an asmens kodas; codes with 00 in month/day or starting with 9 skip the date."""
    compact = code.replace(" ", "")
    check_date = not (compact[:1] == "9" or compact[3:5] == "00" or compact[5:7] == "00")
    try:
        return str(asmens.validate(compact, validate_birth_date=check_date))
    except stdnum_exceptions.ValidationError as error:
        raise InvalidIdentifier(f"personal code {compact!r}: {error}") from error


def mask_personal_code(code: str) -> str:
    """Show only the first and the last four digits (lithuania.md §1.3(c))."""
    return code[:1] + "X" * (len(code) - 5) + code[-4:] if len(code) > 5 else "X" * len(code)
